//! CSV: DHIS2's CSV form of data value sets, and plain `area,period,element,value` tables.
//!
//! DHIS2 writes the columns `dataelement, period, orgunit, categoryoptioncombo,
//! attributeoptioncombo, value, storedby, lastupdated, comment, followup` (newer versions add
//! `deleted`; its documentation writes `catoptcombo, attroptcombo`) and reads its imports by
//! position, skipping the first row. Here a header is read by its names (case, spaces and
//! underscores ignored, so `dataElement` and `data_element` are `dataelement`); a file whose
//! first row names no known column is read by DHIS2's positions, from its first row.

use std::path::Path;

use crate::error::AdminError;
use crate::model::{Origin, Position, RawNumber, RawValue, non_empty};

/// One column a reader needs or uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Element,
    Period,
    OrgUnit,
    CategoryOptionCombo,
    AttributeOptionCombo,
    Value,
    Deleted,
}

/// Header names and the columns they name.
type Names = &'static [(&'static str, Column)];

/// Header names of DHIS2's columns, normalized (lowercase letters and digits only).
const DHIS2_NAMES: Names = &[
    ("dataelement", Column::Element),
    // The header of DHIS2's own test file `dataValueSetBooleanTest.csv`.
    ("dataelelement", Column::Element),
    ("de", Column::Element),
    ("period", Column::Period),
    ("pe", Column::Period),
    ("orgunit", Column::OrgUnit),
    ("organisationunit", Column::OrgUnit),
    ("ou", Column::OrgUnit),
    ("catoptcombo", Column::CategoryOptionCombo),
    ("categoryoptioncombo", Column::CategoryOptionCombo),
    ("coc", Column::CategoryOptionCombo),
    ("attroptcombo", Column::AttributeOptionCombo),
    ("attributeoptioncombo", Column::AttributeOptionCombo),
    ("aoc", Column::AttributeOptionCombo),
    ("value", Column::Value),
    ("deleted", Column::Deleted),
];

/// Other columns of DHIS2's CSV, read past.
const DHIS2_OTHER: &[&str] = &[
    "storedby",
    "strby",
    "lastupdated",
    "lastupd",
    "lstupd",
    "timestamp",
    "created",
    "comment",
    "cmt",
    "followup",
];

/// Header names of the plain table's columns, normalized.
const PLAIN_NAMES: Names = &[
    ("area", Column::OrgUnit),
    ("areacode", Column::OrgUnit),
    ("period", Column::Period),
    ("element", Column::Element),
    ("value", Column::Value),
];

/// DHIS2's column order, for a file without a header.
const DHIS2_POSITIONS: [Column; 6] = [
    Column::Element,
    Column::Period,
    Column::OrgUnit,
    Column::CategoryOptionCombo,
    Column::AttributeOptionCombo,
    Column::Value,
];

fn normalize_header(cell: &str) -> String {
    cell.chars()
        .filter(|ch| ch.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where each column is in the rows.
#[derive(Default)]
struct Layout {
    positions: Vec<(Column, usize)>,
}

impl Layout {
    fn get(&self, column: Column) -> Option<usize> {
        self.positions
            .iter()
            .find(|(c, _)| *c == column)
            .map(|&(_, position)| position)
    }
}

/// The layout a header row gives, or `None` for a row that names no known column (DHIS2's
/// header-less form).
fn layout_of(file: &Path, header: &[String]) -> Result<Option<Layout>, AdminError> {
    let names: Vec<String> = header.iter().map(|cell| normalize_header(cell)).collect();
    let known = |name: &String| {
        DHIS2_NAMES.iter().any(|(n, _)| n == name)
            || DHIS2_OTHER.contains(&name.as_str())
            || PLAIN_NAMES.iter().any(|(n, _)| n == name)
    };
    if !names.iter().any(known) {
        return Ok(None);
    }
    let is_dhis2 = names
        .iter()
        .any(|name| matches!(name.as_str(), "dataelement" | "dataelelement" | "de"));
    let (table, required): (Names, Names) = if is_dhis2 {
        (
            DHIS2_NAMES,
            &[
                ("dataelement", Column::Element),
                ("period", Column::Period),
                ("orgunit", Column::OrgUnit),
                ("value", Column::Value),
            ],
        )
    } else {
        (
            PLAIN_NAMES,
            &[
                ("area", Column::OrgUnit),
                ("period", Column::Period),
                ("element", Column::Element),
                ("value", Column::Value),
            ],
        )
    };
    let mut layout = Layout::default();
    for (position, name) in names.iter().enumerate() {
        if let Some(&(_, column)) = table.iter().find(|(n, _)| n == name) {
            if layout.get(column).is_some() {
                return Err(AdminError::RepeatedColumn {
                    file: file.to_owned(),
                    column: header[position].clone(),
                });
            }
            layout.positions.push((column, position));
        }
    }
    let missing: Vec<&'static str> = required
        .iter()
        .filter(|(_, column)| layout.get(*column).is_none())
        .map(|&(name, _)| name)
        .collect();
    if missing.is_empty() {
        Ok(Some(layout))
    } else {
        Err(AdminError::UnknownHeader {
            file: file.to_owned(),
            header: header.to_vec(),
            missing,
        })
    }
}

fn column_name(column: Column) -> &'static str {
    match column {
        Column::Element => "dataelement",
        Column::Period => "period",
        Column::OrgUnit => "orgunit",
        Column::CategoryOptionCombo => "catoptcombo",
        Column::AttributeOptionCombo => "attroptcombo",
        Column::Value => "value",
        Column::Deleted => "deleted",
    }
}

/// The number of line feeds in `bytes`.
fn newlines(bytes: &[u8]) -> u64 {
    bytes.split(|&byte| byte == b'\n').count() as u64 - 1
}

pub(crate) fn parse(file: &Path, text: &str) -> Result<Vec<RawValue>, AdminError> {
    let csv_error = |error| AdminError::Csv {
        file: file.to_owned(),
        error,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let Some(first) = records.next().transpose().map_err(csv_error)? else {
        return Ok(Vec::new());
    };
    let first_cells: Vec<String> = first.iter().map(str::to_owned).collect();
    let (layout, first_row) = match layout_of(file, &first_cells)? {
        Some(layout) => (layout, None),
        None if first.len() >= DHIS2_POSITIONS.len() => {
            let mut layout = Layout::default();
            layout
                .positions
                .extend(DHIS2_POSITIONS.iter().enumerate().map(|(i, &c)| (c, i)));
            if first.len() > 10 {
                layout.positions.push((Column::Deleted, 10));
            }
            (layout, Some(first))
        }
        None => {
            return Err(AdminError::UnknownHeader {
                file: file.to_owned(),
                header: first_cells,
                missing: vec!["area", "period", "element", "value"],
            });
        }
    };
    let needed = layout
        .positions
        .iter()
        .filter(|(column, _)| {
            matches!(
                column,
                Column::Element | Column::Period | Column::OrgUnit | Column::Value
            )
        })
        .max_by_key(|&&(_, position)| position)
        .copied();
    let mut values = Vec::new();
    let (mut line, mut counted) = (1_u64, 0_usize);
    for record in first_row.into_iter().map(Ok).chain(records) {
        let record = record.map_err(csv_error)?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        // After CRLF the csv crate puts a record's start on the "\n" and counts its line one
        // short: count lines from the byte offset, the "\n" included.
        let start = record
            .position()
            .map_or(0, csv::Position::byte)
            .try_into()
            .unwrap_or(usize::MAX);
        let end = start.saturating_add(1).min(text.len()).max(counted);
        line += newlines(&text.as_bytes()[counted..end]);
        counted = end;
        let origin = Origin {
            file: file.to_owned(),
            position: Position::Line(line),
        };
        if let Some((column, position)) = needed
            && record.len() <= position
        {
            return Err(AdminError::ShortRow {
                origin,
                found: record.len(),
                needed: position + 1,
                column: column_name(column),
            });
        }
        let cell = |column| {
            layout
                .get(column)
                .and_then(|position| record.get(position))
                .and_then(non_empty)
        };
        let value = cell(Column::Value).map_or(RawNumber::Missing, RawNumber::Text);
        values.push(RawValue {
            element: cell(Column::Element).unwrap_or_default(),
            period: cell(Column::Period).unwrap_or_default(),
            org_unit: cell(Column::OrgUnit).unwrap_or_default(),
            category_option_combo: cell(Column::CategoryOptionCombo),
            attribute_option_combo: cell(Column::AttributeOptionCombo),
            value,
            deleted: cell(Column::Deleted).is_some_and(|flag| flag.eq_ignore_ascii_case("true")),
            origin,
        });
    }
    Ok(values)
}
