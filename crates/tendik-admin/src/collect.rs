//! From raw values to checked values: units resolved, numbers parsed, duplicates refused.

use std::collections::{BTreeMap, HashMap};

use tendik_geo::{GeoError, Unit, find_any};

use crate::error::{AdminError, DuplicateKey};
use crate::json::OrgUnitEntry;
use crate::model::{DEFAULT_COMBO, Origin, RawNumber, RawValue, Value, Warning, WarningKind};

/// Resolves org units to tendik-geo units, through DHIS2's metadata when the folder has it,
/// remembering every text it has resolved.
pub(crate) struct Resolver<'a> {
    metadata: &'a BTreeMap<String, OrgUnitEntry>,
    known: HashMap<String, &'static Unit>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(metadata: &'a BTreeMap<String, OrgUnitEntry>) -> Self {
        Self {
            metadata,
            known: HashMap::new(),
        }
    }

    fn resolve(&mut self, org_unit: &str, origin: &Origin) -> Result<&'static Unit, AdminError> {
        if let Some(&unit) = self.known.get(org_unit) {
            return Ok(unit);
        }
        let unit = match self.metadata.get(org_unit) {
            Some(entry) => {
                resolve_entry(entry).map_err(|(described, reason)| AdminError::UnknownUnit {
                    origin: origin.clone(),
                    org_unit: org_unit.to_owned(),
                    metadata: Some(described),
                    reason: Box::new(reason),
                })?
            }
            None => find_any(org_unit, None).map_err(|reason| AdminError::UnknownUnit {
                origin: origin.clone(),
                org_unit: org_unit.to_owned(),
                metadata: None,
                reason: Box::new(reason),
            })?,
        };
        self.known.insert(org_unit.to_owned(), unit);
        Ok(unit)
    }
}

/// The unit a metadata entry names by its code, name or short name (the first that names
/// one), or a description of the entry and the error of its name.
fn resolve_entry(entry: &OrgUnitEntry) -> Result<&'static Unit, (String, GeoError)> {
    // The name's error is kept over the code's: its close names help.
    let mut name_error = None;
    let mut other_error = None;
    for (text, is_name) in [
        (&entry.code, false),
        (&entry.name, true),
        (&entry.short_name, false),
    ] {
        let Some(text) = text else { continue };
        match find_any(text, None) {
            Ok(unit) => return Ok(unit),
            Err(error) if is_name => name_error = Some(error),
            Err(error) => {
                other_error.get_or_insert(error);
            }
        }
    }
    let mut parts = Vec::new();
    if let Some(name) = &entry.name {
        parts.push(format!("named \"{name}\""));
    }
    if let Some(code) = &entry.code {
        parts.push(format!("code \"{code}\""));
    }
    let described = if parts.is_empty() {
        "DHIS2's metadata gives it no code or name".to_owned()
    } else {
        format!("in DHIS2's metadata: {}", parts.join(", "))
    };
    let error = name_error
        .or(other_error)
        .unwrap_or_else(|| GeoError::UnknownName {
            name: String::new(),
            level: None,
            close: Vec::new(),
        });
    Err((described, error))
}

/// A number as written: finite, after trimming. `true`/`false` are not numbers.
fn parse_number(raw: &RawNumber) -> Option<Result<f64, String>> {
    match raw {
        RawNumber::Missing => None,
        RawNumber::Number(number) if number.is_finite() => Some(Ok(*number)),
        RawNumber::Number(number) => Some(Err(number.to_string())),
        RawNumber::Text(text) => {
            let trimmed = text.trim();
            if trimmed.is_empty() {
                return None;
            }
            Some(match trimmed.parse::<f64>() {
                Ok(number) if number.is_finite() => Ok(number),
                _ => Err(text.clone()),
            })
        }
    }
}

/// A combination as duplicates are looked for: DHIS2's default one and none are the same.
fn combo_key(combo: Option<&String>) -> &str {
    match combo.map(String::as_str) {
        None | Some(DEFAULT_COMBO) => "",
        Some(combo) => combo,
    }
}

/// Checks raw values and maps their org units: values and warnings, in the order given.
pub(crate) fn collect(
    raw_values: Vec<RawValue>,
    resolver: &mut Resolver<'_>,
) -> Result<(Vec<Value>, Vec<Warning>), AdminError> {
    let mut values = Vec::with_capacity(raw_values.len());
    let mut warnings = Vec::new();
    let mut seen: HashMap<(String, String, &'static str, String, String), Origin> = HashMap::new();
    for raw in raw_values {
        for (field, text) in [
            ("data element", &raw.element),
            ("period", &raw.period),
            ("org unit", &raw.org_unit),
        ] {
            if text.is_empty() {
                return Err(AdminError::MissingField {
                    origin: raw.origin,
                    field,
                });
            }
        }
        if raw.deleted {
            warnings.push(Warning {
                origin: raw.origin,
                kind: WarningKind::Deleted {
                    element: raw.element,
                },
            });
            continue;
        }
        let number = match parse_number(&raw.value) {
            None => {
                warnings.push(Warning {
                    origin: raw.origin,
                    kind: WarningKind::EmptyValue {
                        element: raw.element,
                    },
                });
                continue;
            }
            Some(Err(text)) => {
                return Err(AdminError::NotANumber {
                    origin: raw.origin,
                    element: raw.element,
                    value: text,
                });
            }
            Some(Ok(number)) => number,
        };
        let area = resolver.resolve(&raw.org_unit, &raw.origin)?;
        let key = (
            raw.element.clone(),
            raw.period.clone(),
            area.code.as_str(),
            combo_key(raw.category_option_combo.as_ref()).to_owned(),
            combo_key(raw.attribute_option_combo.as_ref()).to_owned(),
        );
        if let Some(first) = seen.get(&key) {
            return Err(AdminError::Duplicate {
                first: first.clone(),
                second: raw.origin,
                key: Box::new(DuplicateKey {
                    element: raw.element,
                    period: raw.period,
                    area: format!("{} ({})", area.name_en, area.code),
                    category_option_combo: raw.category_option_combo,
                    attribute_option_combo: raw.attribute_option_combo,
                }),
            });
        }
        seen.insert(key, raw.origin.clone());
        if number < 0.0 {
            warnings.push(Warning {
                origin: raw.origin.clone(),
                kind: WarningKind::Negative {
                    element: raw.element.clone(),
                    value: number,
                },
            });
        }
        values.push(Value {
            element: raw.element,
            period: raw.period,
            area,
            category_option_combo: raw.category_option_combo,
            attribute_option_combo: raw.attribute_option_combo,
            value: number,
            origin: raw.origin,
        });
    }
    Ok((values, warnings))
}
