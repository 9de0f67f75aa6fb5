//! Analysis plans: a TOML file names a survey's files and keys, builds each analysis unit
//! by joins, defines indicators as SQL expressions, groups them into dimensions by age
//! group, and sets cut-offs and breakdowns. [`Plan::from_toml`] reads and checks a plan,
//! [`analyze`] validates it against the data (every indicator, dimension and breakdown the
//! files can give, with the reason for each they cannot) before estimating anything, then
//! gives MODA's deprivation rates, counts and overlaps and Alkire–Foster's H, A, M0 and
//! contributions, each with its design-based uncertainty and reliability flag. The plan
//! language is documented in `docs/plans.md`.

mod analyze;
mod bottleneck;
mod chains;
mod equity;
mod error;
mod expr;
mod inputs;
pub mod spec;
mod units;
mod wealth;

use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, RecordBatch, StringArray, UInt64Array};
use arrow::datatypes::{DataType, Field, Schema};
use serde::Serialize;

pub use analyze::{
    AgeGroupRecord, Analysis, InequalityRow, NotComputable, Passes, Progress, Row, analyze,
    analyze_with, analyze_with_progress,
};
pub use bottleneck::{
    BOTTLENECK_COLUMNS, BottleneckRow, Bottlenecks, bottleneck_record_batch, bottlenecks,
};
pub use equity::{INEQUALITY_COLUMNS, heat_template, inequality_record_batch};
pub use error::PlanError;
pub use inputs::{EXTENSIONS, FileRecord};
pub use spec::Plan;
pub use wealth::{IndexRecord, WealthRecord, WealthStatus};

/// The bundled MICS6 child-deprivation plan (`plans/mics6-child-deprivation.toml`).
pub const MICS6_CHILD_DEPRIVATION: &str =
    include_str!("../../../plans/mics6-child-deprivation.toml");

/// The name the bundled plan goes by in messages and manifests.
pub const MICS6_CHILD_DEPRIVATION_NAME: &str = "plans/mics6-child-deprivation.toml";

/// The columns of the tidy results, in order.
pub const COLUMNS: [&str; 17] = [
    "age_group",
    "measure",
    "dimension",
    "indicator",
    "k",
    "breakdown",
    "group_code",
    "group",
    "estimate",
    "se",
    "ci_lower",
    "ci_upper",
    "deff",
    "n",
    "weighted_n",
    "df",
    "reliability",
];

/// The tidy table of a run: one row per figure, the columns of [`COLUMNS`]. Figures are
/// proportions from 0 to 1 (`contribution_pct` from 0 to 100); `estimate` and its interval
/// are empty where the engine gives none.
///
/// # Errors
/// Only if Arrow rejects the columns, which would be a bug.
pub fn to_record_batch(rows: &[Row]) -> Result<RecordBatch, arrow::error::ArrowError> {
    let text = |f: &dyn Fn(&Row) -> Option<String>| -> ArrayRef {
        Arc::new(StringArray::from(rows.iter().map(f).collect::<Vec<_>>()))
    };
    let number = |f: &dyn Fn(&Row) -> Option<f64>| -> ArrayRef {
        Arc::new(Float64Array::from(
            rows.iter()
                .map(|r| f(r).filter(|v| v.is_finite()))
                .collect::<Vec<_>>(),
        ))
    };
    let columns: Vec<ArrayRef> = vec![
        text(&|r| Some(r.age_group.clone())),
        text(&|r| Some(r.measure.clone())),
        text(&|r| r.dimension.clone()),
        text(&|r| r.indicator.clone()),
        text(&|r| r.k.clone()),
        text(&|r| Some(r.breakdown.clone())),
        text(&|r| Some(r.group_code.clone())),
        text(&|r| Some(r.group.clone())),
        number(&|r| Some(r.estimate.estimate)),
        number(&|r| Some(r.estimate.se)),
        number(&|r| Some(r.estimate.ci_lower)),
        number(&|r| Some(r.estimate.ci_upper)),
        number(&|r| r.estimate.deff),
        Arc::new(UInt64Array::from(
            rows.iter().map(|r| r.estimate.n).collect::<Vec<_>>(),
        )),
        number(&|r| Some(r.estimate.weighted_n)),
        number(&|r| r.estimate.df),
        text(&|r| Some(r.estimate.reliability.name().to_owned())),
    ];
    let fields: Vec<Field> = COLUMNS
        .iter()
        .zip(&columns)
        .map(|(name, column)| {
            let nullable = !matches!(*name, "age_group" | "measure" | "n" | "reliability");
            Field::new(*name, column.data_type().clone(), nullable)
        })
        .collect();
    debug_assert!(fields.iter().all(|f| f.data_type() != &DataType::Null));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

/// What a run used and gave, written beside its results as `manifest.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// The software that ran it.
    pub software: String,
    /// The plan's name.
    pub plan: String,
    /// Where the plan came from.
    pub plan_source: String,
    /// SHA-256 of the plan's text.
    pub plan_sha256: String,
    /// The input files, with rows and checksums.
    pub files: Vec<FileRecord>,
    /// The age groups run, with their dimensions, indicators, breakdowns and cut-offs.
    pub age_groups: Vec<AgeGroupRecord>,
    /// What could not be computed, and why.
    pub not_computable: Vec<NotComputable>,
    /// The engine's warnings.
    pub warnings: Vec<String>,
    /// What the plan's `[wealth]` section did: the wealth index computed from its items
    /// (items used and dropped, the first component's share of variance) or the file's
    /// own kept. Absent for a plan without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wealth: Option<WealthRecord>,
    /// The number of result rows.
    pub rows: usize,
    /// When the manifest was made, UTC, as `2026-12-04T19:33:38Z`.
    pub time_utc: String,
    /// How long the run took, in seconds, when the caller measured it.
    pub elapsed_seconds: Option<f64>,
}

impl Manifest {
    /// The manifest of `analysis`, run from `plan` whose text is `text` (from `source`).
    #[must_use]
    pub fn of(plan: &Plan, text: &str, source: &str, analysis: &Analysis) -> Self {
        Self {
            software: format!("tendik {}", env!("CARGO_PKG_VERSION")),
            plan: plan.plan.name.clone(),
            plan_source: source.to_owned(),
            plan_sha256: inputs::sha256_bytes(text.as_bytes()),
            files: analysis.files.clone(),
            age_groups: analysis.age_groups.clone(),
            not_computable: analysis.not_computable.clone(),
            warnings: analysis.warnings.clone(),
            wealth: analysis.wealth().cloned(),
            rows: analysis.rows.len(),
            time_utc: utc_now(),
            elapsed_seconds: None,
        }
    }

    /// The same, with the run's duration.
    #[must_use]
    pub fn with_elapsed(mut self, seconds: f64) -> Self {
        self.elapsed_seconds = Some(seconds);
        self
    }
}

/// The current time in UTC as ISO 8601 (`YYYY-MM-DDTHH:MM:SSZ`).
fn utc_now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc(seconds)
}

/// Seconds since 1970 as ISO 8601 UTC: the civil date of the day number (Howard Hinnant's
/// `civil_from_days`), then the time of day.
fn utc(seconds: u64) -> String {
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let of_day = seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(super::utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(super::utc(1_796_239_418), "2026-12-02T19:23:38Z");
    }
}
