//! Administrative service data for tendik: counts of places, staff, services from
//! ministries' information systems, read from DHIS2 exports or plain tables and mapped to
//! tendik-geo units, so that supply-side figures can sit beside survey estimates.
//!
//! # Formats
//! [`AdminData::read_dir`] reads every `.json` and `.csv` file of a folder, in the order of
//! their names; [`AdminData::read_file`] reads one. The format is told by the content:
//!
//! 1. **DHIS2 data value set, JSON**, as `/api/dataValueSets.json` exports it:
//!    `{"dataSet": …, "period": …, "orgUnit": …, "dataValues": [{"dataElement", "period",
//!    "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value", "storedBy",
//!    "created", "lastUpdated", "followup", "comment"}]}`. Values are strings (numbers are
//!    accepted too); `period`, `orgUnit` and `attributeOptionCombo` may be given once at the
//!    top; unknown fields are ignored; values marked `"deleted": true` are skipped with a
//!    warning.
//! 2. **DHIS2 data value set, CSV**: `dataelement, period, orgunit, catoptcombo,
//!    attroptcombo, value, storedby, lastupdated, comment, followup[, deleted]` (any case;
//!    `categoryoptioncombo`, `dataElement`, `data_element` and the like are accepted). A file
//!    whose first row names no known column is read in that column order from its first row.
//! 3. **A plain table**, CSV: `area` (or `area_code`), `period`, `element`, `value`, other
//!    columns ignored.
//!
//! A JSON file `{"organisationUnits": [{"id", "code", "name"}]}` (DHIS2's
//! `/api/organisationUnits.json?fields=id,code,name&paging=false`) in the folder maps DHIS2's
//! org unit ids to units by their code or name.
//!
//! # Units
//! An org unit (or `area`) is a tendik-geo unit by code in any form (`KG02205000000`, `KG-Y`,
//! `KG02`, a 14-digit SOATE code), by number ([`tendik_geo::Unit::numeric_code`]) or by name
//! in English, Russian or Kyrgyz ([`tendik_geo::find_any`]); through the metadata file, by a
//! DHIS2 id. Anything else is an error with close names.
//!
//! # What is refused and what is warned
//! Bad input is never read as zero. A value that is not a finite number is an error naming
//! the file, the line (CSV) or `dataValues[i]` (JSON), the data element and the value; DHIS2's
//! boolean values (`true`, `false`) are refused too, since totals are sums of counts. Two
//! values for the same data element, period, unit and combinations (no combination and
//! DHIS2's default one, [`DEFAULT_COMBO`], are the same) are an error naming both places.
//! An empty value is skipped with a [`Warning`]; a negative value is kept with one.
//!
//! # Totals
//! [`AdminData::total`] sums a data element over periods for an area: its own values, or
//! else its districts' (a region) or regions' (the country), reporting the units without
//! values. [`write_data_value_set`] writes DHIS2's JSON form, for synthetic data.
//!
//! ```
//! use tendik_admin::{AdminData, write_data_value_set};
//!
//! let folder = tempfile::tempdir()?;
//! let path = folder.path().join("ece.json");
//! write_data_value_set(
//!     &path,
//!     "ECE",
//!     &[
//!         ("ECE_PLACES", "2018", "KG04210000000", 120.0),
//!         ("ECE_PLACES", "2018", "KG04220000000", 80.0),
//!     ],
//! )?;
//! let data = AdminData::read_dir(folder.path())?;
//! let naryn = tendik_geo::find("KG-N").unwrap();
//! let total = data.total("ECE_PLACES", &["2018".to_owned()], naryn);
//! assert_eq!(total.value, Some(200.0));
//! assert_eq!(total.reported_units, 2);
//! assert_eq!(total.missing_units.len(), 4); // 3 more rayons and Naryn City
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The crate prints nothing; problems come back as [`AdminError`].

mod collect;
mod error;
mod json;
mod model;
mod query;
mod table;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub use error::{AdminError, DuplicateKey};
pub use model::{DEFAULT_COMBO, Origin, Position, Value, Warning, WarningKind};
pub use query::{OutsidePeriod, Total};
pub use write::write_data_value_set;

use crate::json::{JsonFile, OrgUnitEntry};
use crate::model::RawValue;

/// Administrative data values, each mapped to a tendik-geo unit, with the warnings of reading
/// them.
#[derive(Debug, Clone, Default)]
pub struct AdminData {
    values: Vec<Value>,
    warnings: Vec<Warning>,
    /// (data element, unit code) → positions in `values`.
    index: HashMap<(String, String), Vec<usize>>,
}

/// What one file holds.
enum Content {
    Values(Vec<RawValue>),
    OrgUnits(BTreeMap<String, OrgUnitEntry>),
}

impl AdminData {
    /// Reads every `.json` and `.csv` file (any case; not hidden ones, not subfolders) of
    /// `dir`, in the order of their names, using any DHIS2 `organisationUnits` metadata file
    /// among them to map DHIS2 ids.
    ///
    /// # Errors
    /// [`AdminError::NoFiles`] when there is none; any error of [`AdminData::read_file`]; a
    /// value repeated across files is an [`AdminError::Duplicate`].
    pub fn read_dir(dir: &Path) -> Result<Self, AdminError> {
        let mut files: Vec<PathBuf> = Vec::new();
        for entry in fs_err::read_dir(dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or("");
            let extension = path
                .extension()
                .and_then(|extension| extension.to_str())
                .map(str::to_ascii_lowercase);
            let data = matches!(extension.as_deref(), Some("json" | "csv"));
            if data && !name.starts_with('.') && path.is_file() {
                files.push(path);
            }
        }
        if files.is_empty() {
            return Err(AdminError::NoFiles {
                dir: dir.to_owned(),
            });
        }
        files.sort();
        let mut raw_values = Vec::new();
        let mut metadata: BTreeMap<String, OrgUnitEntry> = BTreeMap::new();
        for file in &files {
            let bytes = fs_err::read(file)?;
            match content(file, &bytes)? {
                Content::Values(values) => raw_values.extend(values),
                Content::OrgUnits(units) => merge_metadata(file, &mut metadata, units)?,
            }
        }
        Self::from_raw(raw_values, &metadata)
    }

    /// Reads one data file (any of the formats in the crate documentation).
    ///
    /// # Errors
    /// The file cannot be read, is empty, not UTF-8, not of a known format
    /// ([`AdminError::NotDataValueSet`], [`AdminError::UnknownHeader`]), or is a DHIS2
    /// metadata file ([`AdminError::MetadataFile`]: read its folder instead); a value is
    /// refused (see the crate documentation).
    pub fn read_file(path: &Path) -> Result<Self, AdminError> {
        let bytes = fs_err::read(path)?;
        Self::parse(path, &bytes)
    }

    /// Reads the bytes of one data file; `file` names it in messages.
    ///
    /// # Errors
    /// As [`AdminData::read_file`].
    pub fn parse(file: &Path, bytes: &[u8]) -> Result<Self, AdminError> {
        match content(file, bytes)? {
            Content::Values(values) => Self::from_raw(values, &BTreeMap::new()),
            Content::OrgUnits(_) => Err(AdminError::MetadataFile {
                file: file.to_owned(),
            }),
        }
    }

    fn from_raw(
        raw_values: Vec<RawValue>,
        metadata: &BTreeMap<String, OrgUnitEntry>,
    ) -> Result<Self, AdminError> {
        let mut resolver = collect::Resolver::new(metadata);
        let (values, warnings) = collect::collect(raw_values, &mut resolver)?;
        let mut index: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (position, value) in values.iter().enumerate() {
            index
                .entry((value.element.clone(), value.area.code.clone()))
                .or_default()
                .push(position);
        }
        Ok(Self {
            values,
            warnings,
            index,
        })
    }

    /// The values, in the order read (files by name, then rows or entries).
    #[must_use]
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// The warnings, in the order read.
    #[must_use]
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

/// What a file's bytes hold: JSON when its first character (after a byte-order mark and
/// blanks) is `{` or `[`, CSV otherwise.
fn content(file: &Path, bytes: &[u8]) -> Result<Content, AdminError> {
    let text = std::str::from_utf8(bytes).map_err(|error| AdminError::NotUtf8 {
        file: file.to_owned(),
        line: bytes[..error.valid_up_to()]
            .split(|&byte| byte == b'\n')
            .count(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    if start.is_empty() {
        return Err(AdminError::Empty {
            file: file.to_owned(),
        });
    }
    if start.starts_with(['{', '[']) {
        match json::parse(file, text)? {
            JsonFile::Values(values) => Ok(Content::Values(values)),
            JsonFile::OrgUnits(units) => Ok(Content::OrgUnits(units)),
        }
    } else {
        table::parse(file, text).map(Content::Values)
    }
}

/// Adds one metadata file's units; an id listed again with another code or name is an error.
fn merge_metadata(
    file: &Path,
    metadata: &mut BTreeMap<String, OrgUnitEntry>,
    units: BTreeMap<String, OrgUnitEntry>,
) -> Result<(), AdminError> {
    for (id, entry) in units {
        match metadata.get(&id) {
            Some(earlier) if *earlier != entry => {
                return Err(AdminError::BadMetadata {
                    file: file.to_owned(),
                    index: entry.index,
                    reason: format!(
                        "the id \"{id}\" is listed in an earlier file with another code or name"
                    ),
                });
            }
            Some(_) => {}
            None => {
                metadata.insert(id, entry);
            }
        }
    }
    Ok(())
}
