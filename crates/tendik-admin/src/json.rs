//! DHIS2's JSON: data value sets (`/api/dataValueSets.json`) and organisation unit metadata
//! (`/api/organisationUnits.json?fields=id,code,name`).
//!
//! A data value set is an object with a `dataValues` array; each entry has `dataElement`,
//! `period`, `orgUnit`, `categoryOptionCombo`, `attributeOptionCombo` and `value` (a string
//! in DHIS2's exports; a JSON number is accepted too), and may have `storedBy`, `created`,
//! `lastUpdated`, `comment`, `followup` and `deleted`. `period`, `orgUnit` and
//! `attributeOptionCombo` may be given once at the top level instead. Other fields are
//! ignored.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value as Json};

use crate::error::AdminError;
use crate::model::{Origin, Position, RawNumber, RawValue, non_empty};

/// What a JSON file holds.
pub(crate) enum JsonFile {
    /// Data values.
    Values(Vec<RawValue>),
    /// Organisation units: DHIS2 id → (code, name, short name).
    OrgUnits(BTreeMap<String, OrgUnitEntry>),
}

/// One organisation unit of DHIS2's metadata.
#[derive(Debug, Clone, Default)]
pub(crate) struct OrgUnitEntry {
    /// Position in the file's `organisationUnits` array, from 0.
    pub(crate) index: usize,
    pub(crate) code: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) short_name: Option<String>,
}

/// The same unit: the same code and names, wherever listed.
impl PartialEq for OrgUnitEntry {
    fn eq(&self, other: &Self) -> bool {
        (&self.code, &self.name, &self.short_name) == (&other.code, &other.name, &other.short_name)
    }
}

/// A JSON value's type, in words.
fn kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

pub(crate) fn parse(file: &Path, text: &str) -> Result<JsonFile, AdminError> {
    let json: Json = serde_json::from_str(text).map_err(|error| AdminError::Json {
        file: file.to_owned(),
        error,
    })?;
    let Json::Object(top) = json else {
        return Err(AdminError::NotDataValueSet {
            file: file.to_owned(),
            found: format!("the file holds {}", kind(&json)),
        });
    };
    if let Some(units) = top.get("organisationUnits") {
        return org_units(file, units).map(JsonFile::OrgUnits);
    }
    let Some(entries) = top.get("dataValues") else {
        let keys: Vec<&str> = top.keys().map(String::as_str).collect();
        let found = if keys.is_empty() {
            "the object is empty".to_owned()
        } else {
            format!("its keys are {}", keys.join(", "))
        };
        return Err(AdminError::NotDataValueSet {
            file: file.to_owned(),
            found,
        });
    };
    let Json::Array(entries) = entries else {
        return Err(AdminError::NotDataValueSet {
            file: file.to_owned(),
            found: format!("\"dataValues\" is {}", kind(entries)),
        });
    };
    let top = |field: &str| match top.get(field) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(text)) => Ok(non_empty(text)),
        Some(Json::Number(number)) => Ok(Some(number.to_string())),
        Some(other) => Err(AdminError::NotDataValueSet {
            file: file.to_owned(),
            found: format!("its \"{field}\" is {}, not a string", kind(other)),
        }),
    };
    let defaults = Defaults {
        period: top("period")?,
        org_unit: top("orgUnit")?,
        attribute_option_combo: top("attributeOptionCombo")?,
    };
    entries
        .iter()
        .enumerate()
        .map(|(index, entry)| data_value(file, index, entry, &defaults))
        .collect::<Result<_, _>>()
        .map(JsonFile::Values)
}

/// The fields a data value set may give once for all its values.
struct Defaults {
    period: Option<String>,
    org_unit: Option<String>,
    attribute_option_combo: Option<String>,
}

/// A text field: a string, or a number (written as a string, for periods such as 2018).
fn text_field(
    object: &Map<String, Json>,
    field: &str,
    origin: &Origin,
) -> Result<Option<String>, AdminError> {
    match object.get(field) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(text)) => Ok(non_empty(text)),
        Some(Json::Number(number)) => Ok(Some(number.to_string())),
        Some(other) => Err(AdminError::BadField {
            origin: origin.clone(),
            field: field.to_owned(),
            found: kind(other).to_owned(),
            expected: "a string",
        }),
    }
}

fn data_value(
    file: &Path,
    index: usize,
    entry: &Json,
    defaults: &Defaults,
) -> Result<RawValue, AdminError> {
    let origin = Origin {
        file: file.to_owned(),
        position: Position::Index(index),
    };
    let Json::Object(object) = entry else {
        return Err(AdminError::BadField {
            origin,
            field: format!("dataValues[{index}]"),
            found: kind(entry).to_owned(),
            expected: "an object",
        });
    };
    let value = match object.get("value") {
        None | Some(Json::Null) => RawNumber::Missing,
        Some(Json::String(text)) if text.trim().is_empty() => RawNumber::Missing,
        Some(Json::String(text)) => RawNumber::Text(text.clone()),
        Some(Json::Bool(flag)) => RawNumber::Text(flag.to_string()),
        Some(Json::Number(number)) => match number.as_f64() {
            Some(number) => RawNumber::Number(number),
            None => RawNumber::Text(number.to_string()),
        },
        Some(other) => {
            return Err(AdminError::BadField {
                origin,
                field: "value".to_owned(),
                found: kind(other).to_owned(),
                expected: "a string or a number",
            });
        }
    };
    let deleted = match object.get("deleted") {
        None | Some(Json::Null) => false,
        Some(Json::Bool(flag)) => *flag,
        Some(Json::String(text)) => text.trim().eq_ignore_ascii_case("true"),
        Some(other) => {
            return Err(AdminError::BadField {
                origin,
                field: "deleted".to_owned(),
                found: kind(other).to_owned(),
                expected: "true or false",
            });
        }
    };
    Ok(RawValue {
        element: text_field(object, "dataElement", &origin)?.unwrap_or_default(),
        period: text_field(object, "period", &origin)?
            .or_else(|| defaults.period.clone())
            .unwrap_or_default(),
        org_unit: text_field(object, "orgUnit", &origin)?
            .or_else(|| defaults.org_unit.clone())
            .unwrap_or_default(),
        category_option_combo: text_field(object, "categoryOptionCombo", &origin)?,
        attribute_option_combo: text_field(object, "attributeOptionCombo", &origin)?
            .or_else(|| defaults.attribute_option_combo.clone()),
        value,
        deleted,
        origin,
    })
}

/// DHIS2's organisation units: `{"organisationUnits": [{"id", "code", "name", …}]}`.
fn org_units(file: &Path, units: &Json) -> Result<BTreeMap<String, OrgUnitEntry>, AdminError> {
    let bad = |index: usize, reason: String| AdminError::BadMetadata {
        file: file.to_owned(),
        index,
        reason,
    };
    let Json::Array(units) = units else {
        return Err(AdminError::NotDataValueSet {
            file: file.to_owned(),
            found: format!("\"organisationUnits\" is {}", kind(units)),
        });
    };
    let mut table = BTreeMap::new();
    for (index, unit) in units.iter().enumerate() {
        let Json::Object(object) = unit else {
            return Err(bad(index, format!("is {}; expected an object", kind(unit))));
        };
        let text = |field: &str| match object.get(field) {
            Some(Json::String(text)) => Ok(non_empty(text)),
            None | Some(Json::Null) => Ok(None),
            Some(other) => Err(bad(
                index,
                format!("\"{field}\" is {}; expected a string", kind(other)),
            )),
        };
        let Some(id) = text("id")? else {
            return Err(bad(index, "has no \"id\"".to_owned()));
        };
        let entry = OrgUnitEntry {
            index,
            code: text("code")?,
            name: text("name")?,
            short_name: text("shortName")?,
        };
        if table.insert(id.clone(), entry).is_some() {
            return Err(bad(index, format!("the id \"{id}\" is listed twice")));
        }
    }
    Ok(table)
}
