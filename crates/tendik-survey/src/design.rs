//! Survey designs as the user states them, before any data is read.

use serde::Serialize;

/// What to do with a stratum that has a single PSU, as R's `options(survey.lonely.psu = …)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LonelyPsu {
    /// Stop with an error naming the stratum (R's default).
    #[default]
    Fail,
    /// The stratum contributes nothing to the variance.
    Remove,
    /// The single PSU is taken as sampled with certainty: it contributes nothing.
    Certainty,
    /// Centre the stratum at the grand mean (zero) instead of its own mean.
    Adjust,
    /// Replace the stratum's contribution by the average of the other strata.
    Average,
}

impl LonelyPsu {
    /// Every policy, in the order the CLI lists them.
    pub const ALL: [Self; 5] = [
        Self::Fail,
        Self::Remove,
        Self::Certainty,
        Self::Adjust,
        Self::Average,
    ];

    /// The name used on the command line and in R.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Fail => "fail",
            Self::Remove => "remove",
            Self::Certainty => "certainty",
            Self::Adjust => "adjust",
            Self::Average => "average",
        }
    }
}

impl std::str::FromStr for LonelyPsu {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|policy| policy.name() == text)
            .ok_or_else(|| {
                format!(
                    "unknown lonely-PSU policy `{text}`; choose one of fail, remove, certainty, adjust, average"
                )
            })
    }
}

/// A survey design: which columns carry the weight, strata, first-stage clusters and FPC.
///
/// Mirrors R's `svydesign(ids = ~psu, strata = ~strata, weights = ~weight, fpc = ~fpc, nest = TRUE)`:
/// PSUs are identified within their stratum; without a PSU column each row is its own PSU;
/// without strata the whole sample is one stratum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Design {
    /// Sampling weight column (inverse inclusion probability).
    pub weight: String,
    /// Stratum column, if the design is stratified.
    pub strata: Option<String>,
    /// First-stage cluster (PSU) column, if the design is clustered.
    pub psu: Option<String>,
    /// Finite population correction column: PSUs in the stratum's population, or a sampling fraction.
    pub fpc: Option<String>,
    /// Policy for strata with a single PSU.
    pub lonely_psu: LonelyPsu,
    /// Replicate weights: given in columns, or made from the strata and PSUs. The variance
    /// then comes from the replicates, not from linearization.
    pub replicates: Option<Replicates>,
}

impl Design {
    /// A design with weights only.
    #[must_use]
    pub fn weighted(weight: impl Into<String>) -> Self {
        Self {
            weight: weight.into(),
            strata: None,
            psu: None,
            fpc: None,
            lonely_psu: LonelyPsu::Fail,
            replicates: None,
        }
    }
}

/// The kind of replicate weights a file carries, as R's `svrepdesign(type = …)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplicateType {
    /// Delete-one-PSU jackknife, unstratified: scale (R−1)/R unless given.
    Jk1,
    /// Stratified jackknife: scale 1, per-replicate `rscales` required.
    Jkn,
    /// Balanced repeated replication: scale 1/R.
    Brr,
    /// Fay's BRR with factor ρ: scale 1/(R(1−ρ)²).
    Fay,
    /// Bootstrap: scale 1/(R−1) unless given.
    Bootstrap,
    /// Any other: scale and rscales 1 unless given.
    Other,
}

impl ReplicateType {
    /// Every type, by its command-line name.
    pub const ALL: [(&'static str, Self); 6] = [
        ("jk1", Self::Jk1),
        ("jkn", Self::Jkn),
        ("brr", Self::Brr),
        ("fay", Self::Fay),
        ("bootstrap", Self::Bootstrap),
        ("other", Self::Other),
    ];
}

/// How to turn a linearization design (strata, PSUs, FPC) into replicate weights, as R's
/// `as.svrepdesign(type = …)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Conversion {
    /// One replicate per PSU of an unstratified design (R's `JK1`).
    Jk1,
    /// One replicate per PSU, within its stratum (R's `JKn`).
    Jkn,
    /// Rao–Wu rescaling bootstrap: per stratum, n−1 PSUs drawn with replacement (R's
    /// `subbootstrap`), from a seeded, portable random stream.
    Bootstrap {
        /// Number of replicates.
        replicates: usize,
        /// Seed of the random stream.
        seed: u64,
    },
}

/// Where the replicate weights come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ReplicateSource {
    /// Columns of full replicate weights (R's `combined.weights = TRUE`).
    Columns {
        /// The columns, in replicate order.
        columns: Vec<String>,
        /// Their kind.
        kind: ReplicateType,
    },
    /// Made from the design's strata and PSUs.
    Convert(Conversion),
}

/// A replicate-weight design: the replicates and how their spread becomes a variance,
/// `scale · Σ rscales_r (θ_r − c)²`, `c` the mean of the replicates (or, with `mse`, the
/// full-sample estimate).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replicates {
    /// Where the replicates come from.
    pub source: ReplicateSource,
    /// Overall scale; the type's default when absent.
    pub scale: Option<f64>,
    /// Per-replicate scales (one value, or one per replicate); 1 when absent.
    pub rscales: Option<Vec<f64>>,
    /// Fay's ρ (Fay only).
    pub fay_rho: Option<f64>,
    /// Centre on the full-sample estimate rather than the replicates' mean.
    pub mse: bool,
}
