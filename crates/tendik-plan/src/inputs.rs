//! The plan's files found in the data folder, read once, checksummed, and registered in one
//! engine session so that units can join them.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use arrow::datatypes::SchemaRef;
use datafusion::prelude::DataFrame;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tendik_ingest::Codebook;

use crate::error::PlanError;
use crate::spec::Plan;

/// The extensions a data file may have, in the order they are looked for.
pub const EXTENSIONS: [&str; 7] = ["sav", "zsav", "dta", "parquet", "csv", "csv.gz", "csv.zst"];

/// One data file as read.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    pub(crate) frame: DataFrame,
    pub(crate) schema: SchemaRef,
    pub(crate) codebook: Codebook,
    pub(crate) record: FileRecord,
}

/// What the manifest says about an input file.
#[derive(Debug, Clone, Serialize)]
pub struct FileRecord {
    /// The plan's name for it.
    pub name: String,
    /// Where it was found.
    pub path: PathBuf,
    /// Its rows.
    pub rows: usize,
    /// SHA-256 of its bytes, in hex.
    pub sha256: String,
    /// What `[wealth]` did to it: its index added (or the file's own kept). Not written
    /// with the file's entry: the manifest has it as its own `wealth`.
    #[serde(skip)]
    pub wealth: Option<crate::wealth::WealthRecord>,
}

/// The files of a plan: those found, and the optional ones that are absent.
#[derive(Debug)]
pub(crate) struct Inputs {
    pub(crate) files: BTreeMap<String, Input>,
    pub(crate) absent: Vec<String>,
}

/// The files of the data folder, sorted.
fn list(dir: &Path) -> Result<Vec<PathBuf>, PlanError> {
    let entries = std::fs::read_dir(dir).map_err(|e| PlanError::Data {
        what: format!("cannot read the data folder {}: {e}", dir.display()),
        hint: "name a data folder that holds the survey's files".to_owned(),
    })?;
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    Ok(names)
}

/// The path of file `name` among `files`: `NAME.EXT` for the first of [`EXTENSIONS`]
/// present, compared without case.
fn find(files: &[PathBuf], name: &str) -> Option<PathBuf> {
    EXTENSIONS.iter().find_map(|extension| {
        let wanted = format!("{name}.{extension}").to_lowercase();
        files
            .iter()
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.to_lowercase() == wanted)
            })
            .cloned()
    })
}

/// The hex SHA-256 of a file, read in blocks.
pub(crate) fn sha256_file(path: &Path) -> Result<String, PlanError> {
    let mut file = std::fs::File::open(path).map_err(|e| PlanError::Data {
        what: format!("cannot open {}: {e}", path.display()),
        hint: String::new(),
    })?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = file.read(&mut buffer).map_err(|e| PlanError::Data {
            what: format!("cannot read {}: {e}", path.display()),
            hint: String::new(),
        })?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hex(&hasher.finalize()))
}

/// The hex SHA-256 of bytes.
pub(crate) fn sha256_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

impl Inputs {
    /// Find and read every file of the plan that some unit uses.
    pub(crate) fn open(plan: &Plan, dir: &Path) -> Result<Self, PlanError> {
        let context = tendik_survey::session();
        tendik_measures::growth::register(&context);
        let mut files = BTreeMap::new();
        let mut absent = Vec::new();
        let used: std::collections::BTreeSet<&str> = plan
            .units
            .values()
            .flat_map(|u| {
                std::iter::once(u.from.as_str()).chain(u.join.iter().map(|j| j.file.as_str()))
            })
            .chain(plan.wealth.iter().map(|w| w.file.as_str()))
            .collect();
        // The rows of the `[wealth]` file, in file order, for its index.
        let mut wealth_rows = None;
        let listed = list(dir)?;
        for (name, spec) in &plan.files {
            if !used.contains(name.as_str()) {
                continue;
            }
            let Some(path) = find(&listed, name) else {
                if spec.optional {
                    absent.push(name.clone());
                    continue;
                }
                return Err(PlanError::Data {
                    what: format!(
                        "the plan's file `{name}` is not in {}: no {name}.sav, .zsav, .dta, .parquet or .csv there",
                        dir.display()
                    ),
                    hint: format!(
                        "put the survey's {name} file in that folder, or mark [files.{name}] optional = true"
                    ),
                });
            };
            let dataset = tendik_ingest::read(&path)?;
            let batches = dataset.batches_with_missing_as_null()?;
            if plan.wealth.as_ref().is_some_and(|w| &w.file == name) {
                wealth_rows = Some(batches.clone());
            }
            let data = tendik_survey::SurveyData::from_batches_in(
                &context,
                path.display().to_string(),
                dataset.schema.clone(),
                batches,
            )
            .map_err(|source| PlanError::Survey {
                context: format!("file `{name}`"),
                source: Box::new(source),
            })?;
            let record = FileRecord {
                name: name.clone(),
                rows: dataset.num_rows(),
                sha256: sha256_file(&path)?,
                path,
                wealth: None,
            };
            files.insert(
                name.clone(),
                Input {
                    frame: data.frame,
                    schema: dataset.schema,
                    codebook: dataset.codebook,
                    record,
                },
            );
        }
        let mut inputs = Self { files, absent };
        // Its columns on the file before any unit joins it.
        if let (Some(spec), Some(rows)) = (&plan.wealth, wealth_rows) {
            crate::wealth::add(&mut inputs, spec, &context, &rows)?;
        }
        Ok(inputs)
    }

    /// The files that have column `name`.
    pub(crate) fn files_with(&self, name: &str) -> Vec<String> {
        self.files
            .iter()
            .filter(|(_, input)| input.schema.field_with_name(name).is_ok())
            .map(|(file, _)| file.clone())
            .collect()
    }
}
