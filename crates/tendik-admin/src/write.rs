//! Writing a DHIS2 data value set, for the synthetic-data generator.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::error::AdminError;
use crate::model::DEFAULT_COMBO;

/// The file as DHIS2's `/api/dataValueSets.json` writes it (fields in its order).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataValueSet<'a> {
    data_set: &'a str,
    data_values: Vec<DataValue<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataValue<'a> {
    data_element: &'a str,
    period: &'a str,
    org_unit: &'a str,
    category_option_combo: &'a str,
    attribute_option_combo: &'a str,
    value: String,
}

/// Writes `values`, each `(data element, period, org unit, value)`, as a DHIS2 data value set
/// in JSON: the set's `dataSet` id, then `dataValues` sorted by data element, period and org
/// unit, each with DHIS2's default category and attribute option combinations
/// ([`crate::DEFAULT_COMBO`]) and its value as a string (the shortest text that reads back to
/// the same number: `12`, `12.5`). Pretty-printed; the same values give the same bytes.
///
/// The file is written to a temporary file in the same folder, then renamed over `path`, so
/// a failed write leaves any earlier file whole.
///
/// # Errors
/// [`AdminError::BadValueToWrite`] for a value that is not finite or a second value for the
/// same data element, period and org unit (the reader would refuse either);
/// [`AdminError::Write`] when the file cannot be written.
pub fn write_data_value_set(
    path: &Path,
    data_set: &str,
    values: &[(&str, &str, &str, f64)],
) -> Result<(), AdminError> {
    let mut seen = HashSet::new();
    for (index, &(element, period, org_unit, value)) in values.iter().enumerate() {
        let bad = |reason: &str| AdminError::BadValueToWrite {
            path: path.to_owned(),
            index,
            value: format!("{element}, {period}, {org_unit}, {value}"),
            reason: reason.to_owned(),
        };
        if !value.is_finite() {
            return Err(bad(&format!("the value {value} is not a finite number")));
        }
        if element.trim().is_empty() || period.trim().is_empty() || org_unit.trim().is_empty() {
            return Err(bad(
                "the data element, period and org unit must not be empty",
            ));
        }
        if !seen.insert((element, period, org_unit)) {
            return Err(bad(
                "a value for this data element, period and org unit is given twice",
            ));
        }
    }
    let mut sorted: Vec<&(&str, &str, &str, f64)> = values.iter().collect();
    sorted.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let set = DataValueSet {
        data_set,
        data_values: sorted
            .into_iter()
            .map(|&(element, period, org_unit, value)| DataValue {
                data_element: element,
                period,
                org_unit,
                category_option_combo: DEFAULT_COMBO,
                attribute_option_combo: DEFAULT_COMBO,
                value: value.to_string(),
            })
            .collect(),
    };
    let write_error = |source| AdminError::Write {
        path: path.to_owned(),
        source,
    };
    let mut json = serde_json::to_vec_pretty(&set)
        .map_err(|error| write_error(std::io::Error::other(error)))?;
    json.push(b'\n');
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".tendik-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(write_error)?;
    file.write_all(&json).map_err(write_error)?;
    file.as_file().sync_all().map_err(write_error)?;
    file.persist(path)
        .map_err(|error| write_error(error.error))?;
    Ok(())
}
