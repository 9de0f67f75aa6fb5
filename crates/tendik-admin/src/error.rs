//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

use tendik_geo::GeoError;

use crate::model::Origin;

/// What can go wrong reading or writing administrative data.
///
/// Messages are lowercase, name the file and the line (CSV) or `dataValues[i]` entry (JSON),
/// quote the value at fault and say what would be accepted.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// A file or folder could not be read (the message names it).
    #[error(transparent)]
    Io(#[from] std::io::Error),

    /// The folder holds no data file.
    #[error(
        "{} holds no .json or .csv file; put DHIS2 data value sets (JSON or CSV) or \
         area,period,element,value tables there",
        dir.display()
    )]
    NoFiles {
        /// The folder.
        dir: PathBuf,
    },

    /// The file is empty.
    #[error(
        "{}: the file is empty; a DHIS2 export without values still has a header row (CSV) \
         or {{\"dataValues\": []}} (JSON)",
        file.display()
    )]
    Empty {
        /// The file.
        file: PathBuf,
    },

    /// The file is not UTF-8 text.
    #[error("{}: line {line} is not UTF-8 text; save the file as UTF-8", file.display())]
    NotUtf8 {
        /// The file.
        file: PathBuf,
        /// The line of the first byte that is not UTF-8, from 1.
        line: usize,
    },

    /// The file starts like JSON but is not valid JSON.
    #[error("{}: not valid JSON: {error}", file.display())]
    Json {
        /// The file.
        file: PathBuf,
        /// What the JSON parser said (with line and column).
        #[source]
        error: serde_json::Error,
    },

    /// The file is JSON but not a DHIS2 data value set.
    #[error(
        "{}: not a DHIS2 data value set: {found}; expected an object with a \"dataValues\" \
         array, as DHIS2's /api/dataValueSets.json writes it",
        file.display()
    )]
    NotDataValueSet {
        /// The file.
        file: PathBuf,
        /// What it is instead, in words.
        found: String,
    },

    /// The file is DHIS2's list of organisation units, which maps ids to units but holds no
    /// values.
    #[error(
        "{}: this is DHIS2 organisation unit metadata, not data values; read the folder that \
         holds it and the data files together, so its ids map the data's org units",
        file.display()
    )]
    MetadataFile {
        /// The file.
        file: PathBuf,
    },

    /// An entry of an `organisationUnits` metadata file is malformed.
    #[error("{}: organisationUnits[{index}]: {reason}", file.display())]
    BadMetadata {
        /// The file.
        file: PathBuf,
        /// Position in the `organisationUnits` array, from 0.
        index: usize,
        /// What is wrong.
        reason: String,
    },

    /// A field of a JSON data value has the wrong type.
    #[error("{origin}: \"{field}\" is {found}; expected {expected}")]
    BadField {
        /// Where.
        origin: Origin,
        /// The field.
        field: String,
        /// What it holds, in words.
        found: String,
        /// What it should hold.
        expected: &'static str,
    },

    /// The CSV reader failed (the message gives the line).
    #[error("{}: {error}", file.display())]
    Csv {
        /// The file.
        file: PathBuf,
        /// What the CSV reader said.
        #[source]
        error: csv::Error,
    },

    /// The first row of a CSV file is a header of neither known layout.
    #[error(
        "{}: the header {} is neither DHIS2's (dataelement, period, orgunit, catoptcombo, \
         attroptcombo, value, …) nor a table of area (or area_code), period, element and \
         value{}{}",
        file.display(),
        header.join(","),
        describe_missing(missing),
        separator_hint(header)
    )]
    UnknownHeader {
        /// The file.
        file: PathBuf,
        /// The header row.
        header: Vec<String>,
        /// The columns of the closest layout that the header lacks.
        missing: Vec<&'static str>,
    },

    /// A CSV header names a column twice.
    #[error("{}: the header names the column \"{column}\" twice", file.display())]
    RepeatedColumn {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
    },

    /// A CSV row has fewer cells than the columns it needs.
    #[error("{origin}: the row has {found} cells; it needs at least {needed} (up to {column})")]
    ShortRow {
        /// Where.
        origin: Origin,
        /// The number of cells in the row.
        found: usize,
        /// The number of cells needed.
        needed: usize,
        /// The last column needed.
        column: &'static str,
    },

    /// A value lacks its data element, period or org unit.
    #[error(
        "{origin}: the {field} is empty; every value needs a data element, a period and an org unit"
    )]
    MissingField {
        /// Where.
        origin: Origin,
        /// `data element`, `period` or `org unit`.
        field: &'static str,
    },

    /// A value is not a finite number.
    #[error(
        "{origin}: {element} has the value \"{value}\", which is not a number; write plain \
         numbers such as 12 or 12.5 (a decimal point, no thousands separator, not true/false)"
    )]
    NotANumber {
        /// Where.
        origin: Origin,
        /// The data element.
        element: String,
        /// The value as written.
        value: String,
    },

    /// A value's org unit is no tendik-geo unit.
    #[error("{origin}: org unit \"{org_unit}\"{}: {reason}; {}", describe_metadata(metadata.as_deref()), unit_fix(reason))]
    UnknownUnit {
        /// Where.
        origin: Origin,
        /// The org unit as written.
        org_unit: String,
        /// What the folder's DHIS2 metadata says of it, if it lists it.
        metadata: Option<String>,
        /// Why it names no unit (unknown with close names, or ambiguous with candidates).
        reason: Box<GeoError>,
    },

    /// Two values have the same data element, period, unit and combinations.
    #[error(
        "{second}: a second value for {key}; the first is at {first}; keep one of them \
         (DHIS2 holds one value per data element, period, org unit and combination)"
    )]
    Duplicate {
        /// Where the first value is.
        first: Origin,
        /// Where the second value is.
        second: Origin,
        /// What the two values share.
        key: Box<DuplicateKey>,
    },

    /// A value given to the writer cannot be written.
    #[error("cannot write {}: values[{index}] ({value}): {reason}", path.display())]
    BadValueToWrite {
        /// The file to be written.
        path: PathBuf,
        /// The value's position in the slice given, from 0.
        index: usize,
        /// The value: its data element, period, org unit and number.
        value: String,
        /// What is wrong.
        reason: String,
    },

    /// The file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// What two duplicate values share: data element, period, unit and combinations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The data element.
    pub element: String,
    /// The period.
    pub period: String,
    /// The unit, as "name (code)".
    pub area: String,
    /// The first value's category option combination.
    pub category_option_combo: Option<String>,
    /// The first value's attribute option combination.
    pub attribute_option_combo: Option<String>,
}

impl fmt::Display for DuplicateKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{}, period {}, {}",
            self.element, self.period, self.area
        )?;
        if let Some(category) = &self.category_option_combo {
            write!(formatter, ", category option combo {category}")?;
        }
        if let Some(attribute) = &self.attribute_option_combo {
            write!(formatter, ", attribute option combo {attribute}")?;
        }
        Ok(())
    }
}

fn describe_missing(missing: &[&str]) -> String {
    if missing.is_empty() {
        String::new()
    } else {
        format!(" (it lacks {})", missing.join(", "))
    }
}

/// A hint for a header read as one cell: its columns are separated by something else.
fn separator_hint(header: &[String]) -> &'static str {
    match header {
        [one] if one.contains(';') => "; separate the columns with commas, not semicolons",
        [one] if one.contains('\t') => "; separate the columns with commas, not tabs",
        _ => "",
    }
}

fn describe_metadata(metadata: Option<&str>) -> String {
    metadata.map_or_else(String::new, |text| format!(" ({text})"))
}

fn unit_fix(reason: &GeoError) -> &'static str {
    match reason {
        GeoError::AmbiguousName { .. } => "use the unit's code (KG…) or its full name",
        _ => {
            "use the unit's code (KG…) or its name in English, Russian or Kyrgyz, or put \
             DHIS2's organisationUnits.json (id, code, name) beside the data"
        }
    }
}
