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
        }
    }
}
