//! A synthetic Kyrgyzstan household survey in the exact shape of the MICS6 standard files.
//!
//! [`generate`] writes five files (`hh`, `hl`, `ch`, `fs`, `wm`) with MICS6 variable names,
//! codes, value labels and variable labels, linked by HH1, HH2 and the line numbers, from a
//! MICS-like two-stage stratified cluster design whose weights add up to the population of
//! each region. Outcomes come from a latent household welfare with region, district and
//! cluster effects, and five indicators are calibrated to the MICS 2018 figures
//! ([`TARGETS`]). The same seed gives byte-identical files.
//!
//! Beside them, [`generate`] writes the administrative data of the same synthetic country,
//! [`ADMIN_FILE`]: a DHIS2 `dataValueSets` JSON file with a yearly value (the interview year,
//! `2018`) of each element in [`ADMIN_ELEMENTS`] — populations, primary health care
//! facilities and their DTP vaccine stock-outs, doctor and nurse posts, IYCF counsellors,
//! growth monitoring, settlements with piped water, civil registry offices and their reach,
//! ECE places, and poor, eligible and receiving families of the monthly benefit for poor
//! families with children — for every district-level unit of HH7A (`orgUnit` = the
//! `tendik_geo::Unit::code`). Populations are the model's own; supply is worse where the
//! model's district welfare is lower and the district's own supply effect is lower, and the
//! survey reads the same supply effect, so survey coverage and administrative supply agree
//! as they do in life. The model, and every number in it, is tendik's assumption (see the
//! `admin` module and the README).
//!
//! Model revision 7 added survey items for the bottleneck analysis: BR3 (knows how to
//! register a birth, asked when the birth is not registered), the MICS6 breastfeeding and
//! dietary-intake items BD2, BD3, BD7A–BD7X and BD8A–BD8X (children 0–23 months), and
//! ST1–ST3 on the monthly benefit for poor families with children (every household; the
//! names are tendik's assumption). They draw from each household's own random stream, so
//! every older variable has the values it had for a seed (`tests/added_items.rs`).
//!
//! Memory stays bounded at census size: households are generated cluster by cluster from
//! per-cluster random streams, twice — a first pass collects response counts, population
//! totals and the wealth-index inputs (a few bytes per household), the second regenerates
//! the same households and streams each file's rows to its writer.

#![expect(
    clippy::float_cmp,
    reason = "survey answers are whole-number codes held as f64 and compared exactly"
)]
#![expect(
    clippy::cast_lossless,
    reason = "value-label tables are constants, where `f64::from` cannot be called"
)]

mod admin;
mod calibrate;
mod codebook;
mod design;
mod error;
mod files;
mod geography;
mod health;
mod model;
mod rng;
mod sink;
mod supplement;
mod wealth;

use std::path::{Path, PathBuf};

pub use admin::ELEMENTS as ADMIN_ELEMENTS;
pub use calibrate::{TARGETS, Target};
pub use error::SynthError;

use crate::codebook::{Cell, Var, columns};
use crate::design::{CLUSTER_SIZE, STRATA, stratum_population};
use crate::geography::REGIONS;
use crate::model::Household;
use crate::rng::Rng;
use crate::sink::Sink;
use tendik_measures::wealth::WealthIndex;

/// Households in the bundled demo survey (about the size of MICS 2018 in Kyrgyzstan).
pub const DEFAULT_HOUSEHOLDS: u64 = 7_000;
/// Seed of the bundled demo survey.
pub const DEFAULT_SEED: u64 = 5;
/// Revision of the generator's output: part of the demo's cache directory name, so that a
/// changed model never reuses an old cached demo. Bump it whenever the files change (the
/// `demo_fingerprint` test fails until it is bumped).
pub const MODEL_REVISION: u32 = 7;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Stata `.dta`, release 118 (UTF-8), with value and variable labels.
    #[default]
    Dta,
    /// Parquet, labels in `tendik:*` field metadata.
    Parquet,
    /// CSV with a `.codebook.json` beside each file.
    Csv,
}

impl Format {
    /// The file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Dta => "dta",
            Self::Parquet => "parquet",
            Self::Csv => "csv",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = SynthError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "dta" => Ok(Self::Dta),
            "parquet" => Ok(Self::Parquet),
            "csv" => Ok(Self::Csv),
            other => Err(SynthError::UnknownFormat(other.to_owned())),
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Households to select (rounded up to whole clusters of 20).
    pub households: u64,
    /// Random seed.
    pub seed: u64,
    /// Output format.
    pub format: Format,
    /// A later round of the survey: every cluster's welfare raised by this much (in units
    /// of the welfare scale, on which a household's own spread is 0.8), so that coverage
    /// improves and deprivation falls as they do with welfare. 0 is the calibrated survey.
    pub welfare_gain: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            households: DEFAULT_HOUSEHOLDS,
            seed: DEFAULT_SEED,
            format: Format::Dta,
            welfare_gain: 0.0,
        }
    }
}

/// One written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// `hh`, `hl`, `ch`, `fs` or `wm`.
    pub name: &'static str,
    /// Where it is.
    pub path: PathBuf,
    /// Rows written.
    pub rows: u64,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Clusters (PSUs) in the sample.
    pub clusters: u64,
    /// The files, in the order hh, hl, ch, fs, wm.
    pub files: Vec<WrittenFile>,
    /// The administrative data: [`ADMIN_FILE`] in the output folder.
    pub admin: PathBuf,
}

/// The names of the five files, in order.
pub const FILE_NAMES: [&str; 5] = ["hh", "hl", "ch", "fs", "wm"];

/// The administrative data's file, relative to the output folder (written for every format):
/// a DHIS2 `dataValueSets` JSON file with a value of every element in [`ADMIN_ELEMENTS`] for
/// every district-level unit of HH7A.
pub const ADMIN_FILE: &str = "admin/dataValueSets.json";

/// The largest `households` accepted: the first pass keeps about 50 bytes per household
/// (its wealth-index inputs), about 1 GB at this size; the files themselves are streamed.
pub const MAXIMUM_HOUSEHOLDS: u64 = design::MAXIMUM_HOUSEHOLDS;

/// The smallest `households` accepted (two clusters in each of the 16 strata).
#[must_use]
pub fn minimum_households() -> u64 {
    design::minimum_households()
}

/// Response counts of a stratum for one individual questionnaire.
#[derive(Debug, Clone, Copy, Default)]
struct Response {
    eligible: u64,
    completed: u64,
}

impl Response {
    fn adjustment(self) -> f64 {
        if self.completed == 0 {
            0.0
        } else {
            self.eligible as f64 / self.completed as f64
        }
    }
}

/// Generate the survey into `out_dir` (created if missing).
pub fn generate(settings: &Settings, out_dir: &Path) -> Result<Summary, SynthError> {
    let calibration = calibrate::calibration();
    let mut frame = design::build(settings.households, settings.seed, &calibration.mean_size)?;
    if settings.welfare_gain != 0.0 {
        for cluster in &mut frame.clusters {
            cluster.welfare += settings.welfare_gain;
        }
    }
    std::fs::create_dir_all(out_dir).map_err(|source| SynthError::Io {
        path: out_dir.to_owned(),
        source,
    })?;

    // Pass 1: response, population and wealth-index inputs.
    let clusters = frame.clusters.len();
    let mut raw_weight = vec![0.0; clusters];
    let mut region_persons = [0.0; 9];
    let mut ch = [Response::default(); 16];
    let mut fs = [Response::default(); 16];
    let mut wm = [Response::default(); 16];
    let mut assets: Vec<(u32, u32, u8)> = Vec::new();
    for (index, cluster) in frame.clusters.iter().enumerate() {
        let mut rng = Rng::new(settings.seed, index as u64);
        let (mut eligible, mut completed, mut persons) = (0_u32, 0_u32, 0.0);
        let h = usize::from(cluster.stratum);
        for hh2 in household_numbers(&mut rng, cluster.listed) {
            let mut added = supplement::stream(settings.seed, cluster.number, hh2);
            let household = model::household(&mut rng, cluster, hh2, calibration, &mut added);
            eligible += u32::from(household.eligible);
            if household.completed {
                completed += 1;
                persons += household.hh.hh48;
                assets.push((
                    wealth::indicators(&household.hh),
                    index as u32,
                    household.hh.hh48 as u8,
                ));
                ch[h].eligible += household.ch.len() as u64;
                ch[h].completed += household.ch.iter().filter(|c| c.uf17 == 1).count() as u64;
                if let Some(child) = &household.fs {
                    fs[h].eligible += 1;
                    fs[h].completed += u64::from(child.fs17 == 1);
                }
                wm[h].eligible += household.wm.len() as u64;
                wm[h].completed += household.wm.iter().filter(|w| w.wm17 == 1).count() as u64;
            }
        }
        // Non-response adjustment within the cluster, as MICS does.
        raw_weight[index] = if completed == 0 {
            0.0
        } else {
            cluster.base_weight * f64::from(eligible) / f64::from(completed)
        };
        region_persons[usize::from(STRATA[h].region)] += raw_weight[index] * persons;
    }
    // Scale so that weighted persons equal each region's population.
    let mut region_population = [0.0; 9];
    for stratum in &STRATA {
        region_population[usize::from(stratum.region)] += stratum_population(*stratum);
    }
    let hhweight: Vec<f64> = frame
        .clusters
        .iter()
        .zip(&raw_weight)
        .map(|(cluster, raw)| {
            let region = usize::from(STRATA[usize::from(cluster.stratum)].region);
            raw * region_population[region] / region_persons[region]
        })
        .collect();
    let index = wealth::fit(&assets, &hhweight)?;
    drop(assets);

    // Pass 2: the same households again, written.
    let path = |name: &str| out_dir.join(format!("{name}.{}", settings.format.extension()));
    let label = |what: &str| {
        format!(
            "{what}: tendik synthetic Kyrgyzstan MICS6-style survey, seed {}",
            settings.seed
        )
    };
    let hh_vars = files::hh();
    let hl_vars = files::hl();
    let ch_vars = files::ch();
    let fs_vars = files::fs();
    let wm_vars = files::wm();
    let mut sinks = [
        Sink::create(
            settings.format,
            path("hh"),
            &label("Households"),
            &columns(&hh_vars),
        )?,
        Sink::create(
            settings.format,
            path("hl"),
            &label("Household members"),
            &columns(&hl_vars),
        )?,
        Sink::create(
            settings.format,
            path("ch"),
            &label("Children under 5"),
            &columns(&ch_vars),
        )?,
        Sink::create(
            settings.format,
            path("fs"),
            &label("Children age 5-17"),
            &columns(&fs_vars),
        )?,
        Sink::create(
            settings.format,
            path("wm"),
            &label("Women age 15-49"),
            &columns(&wm_vars),
        )?,
    ];
    let mut cells = Vec::new();
    for (cluster_index, cluster) in frame.clusters.iter().enumerate() {
        let mut rng = Rng::new(settings.seed, cluster_index as u64);
        let h = usize::from(cluster.stratum);
        let weight = hhweight[cluster_index];
        for hh2 in household_numbers(&mut rng, cluster.listed) {
            let mut added = supplement::stream(settings.seed, cluster.number, hh2);
            let mut household = model::household(&mut rng, cluster, hh2, calibration, &mut added);
            finish_household(
                &mut household,
                weight,
                &index,
                ch[h].adjustment(),
                fs[h].adjustment(),
                wm[h].adjustment(),
            );
            write_rows(
                &mut sinks[0],
                &hh_vars,
                std::slice::from_ref(&household.hh),
                &mut cells,
            )?;
            write_rows(&mut sinks[1], &hl_vars, &household.hl, &mut cells)?;
            write_rows(&mut sinks[2], &ch_vars, &household.ch, &mut cells)?;
            write_rows(&mut sinks[3], &fs_vars, household.fs.as_slice(), &mut cells)?;
            write_rows(&mut sinks[4], &wm_vars, &household.wm, &mut cells)?;
        }
    }
    let mut written = Vec::new();
    for (name, sink) in FILE_NAMES.iter().zip(sinks) {
        let rows = sink.finish()?;
        written.push(WrittenFile {
            name,
            path: path(name),
            rows,
        });
    }
    let admin = admin::write(out_dir, settings.seed, settings.welfare_gain)?;
    Ok(Summary {
        clusters: clusters as u64,
        files: written,
        admin,
    })
}

/// The listing numbers (HH2) of the households drawn systematically from `listed`.
fn household_numbers(rng: &mut Rng, listed: u32) -> Vec<u32> {
    let interval = f64::from(listed) / f64::from(CLUSTER_SIZE);
    let start = rng.uniform() * interval;
    (0..CLUSTER_SIZE)
        .map(|k| (start + f64::from(k) * interval).floor() as u32 + 1)
        .collect()
}

/// Fill weights and the wealth index into every record of a household.
fn finish_household(
    household: &mut Household,
    weight: f64,
    index: &WealthIndex,
    ch: f64,
    fs: f64,
    wm: f64,
) {
    let score = if household.completed {
        index.score(&wealth::row(wealth::indicators(&household.hh)))
    } else {
        None
    };
    let (score, quintile) = match score {
        Some(score) => (
            (score * 1e5).round() / 1e5,
            f64::from(index.quintile(score)),
        ),
        None => (f64::NAN, f64::NAN),
    };
    let fill = |common: &mut model::Common| {
        common.hhweight = weight;
        common.wscore = score;
        common.windex5 = quintile;
    };
    fill(&mut household.hh.common);
    for record in &mut household.hl {
        fill(&mut record.common);
    }
    for record in &mut household.ch {
        fill(&mut record.common);
        record.chweight = weight * ch;
    }
    if let Some(record) = &mut household.fs {
        fill(&mut record.common);
        record.fsweight = weight * f64::from(record.eligible) * fs;
    }
    for record in &mut household.wm {
        fill(&mut record.common);
        record.wmweight = weight * wm;
    }
}

fn write_rows<R>(
    sink: &mut Sink,
    vars: &[Var<R>],
    records: &[R],
    cells: &mut Vec<Cell>,
) -> Result<(), SynthError> {
    for record in records {
        cells.clear();
        cells.extend(vars.iter().map(|v| (v.get)(record)));
        sink.write(cells)?;
    }
    Ok(())
}

/// The directory of the bundled demo survey inside `cache_dir`.
#[must_use]
pub fn demo_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join(format!("demo-r{MODEL_REVISION}-seed{DEFAULT_SEED}"))
}

/// The bundled demo survey: the default settings (Stata files and the administrative data)
/// in [`demo_dir`], generated on first use (each file is written atomically, so an
/// interrupted run is finished next time). Returns the directory holding `hh.dta` …
/// `wm.dta` and [`ADMIN_FILE`].
pub fn ensure_demo(cache_dir: &Path) -> Result<PathBuf, SynthError> {
    let dir = demo_dir(cache_dir);
    if !demo_is_complete(cache_dir) {
        generate(&Settings::default(), &dir)?;
    }
    Ok(dir)
}

/// Whether all five files of the demo and its administrative data are in [`demo_dir`] (so
/// [`ensure_demo`] will not generate them).
#[must_use]
pub fn demo_is_complete(cache_dir: &Path) -> bool {
    let dir = demo_dir(cache_dir);
    FILE_NAMES
        .iter()
        .all(|name| dir.join(format!("{name}.dta")).is_file())
        && dir.join(ADMIN_FILE).is_file()
}

/// Region names by HH7 code (1–9), as in the HH7 value labels.
#[must_use]
pub fn region_name(code: u8) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|r| r.code == code)
        .map(geography::Region::name)
}
