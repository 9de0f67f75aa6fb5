//! WHO HEAT's summary measures of inequality between the subgroups of a dimension (wealth
//! quintiles, regions, urban/rural, …), computed two ways (docs/inequality.md):
//!
//! - [`heat`]: from subgroup estimates with their SEs and populations, as WHO's Health
//!   Equity Assessment Toolkit (HEAT / HEAT Plus v6) computes them: its formulas, its
//!   choice of subgroups, its analytic SEs and its simulated intervals (seeded), with three
//!   unit slips of HEAT's code put right (TI, MLD, PAF, SII and RII SEs on the scale of
//!   their estimates). [`template`] reads and writes HEAT Plus's upload template.
//! - [`design`]: from the engine's estimates of one request, design-based: the same
//!   formulas, the standard error by the delta method over the joint covariance of every
//!   subgroup's estimate and population share (so the subgroups are not taken as
//!   independent, and the shares are estimates too).
//!
//! Each measure is written once, over [`dual::Num`]: on plain numbers for HEAT's path, on
//! dual numbers for the gradient the delta method needs.

pub mod design;
pub mod dual;
mod formulas;
pub mod heat;
pub mod template;

/// One of HEAT's summary measures, named in outputs by its abbreviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    /// Difference between two subgroups (D).
    D,
    /// Ratio of two subgroups (R).
    R,
    /// Absolute concentration index (ACI).
    Aci,
    /// Relative concentration index (RCI), ACI over the mean, from −1 to 1.
    Rci,
    /// Slope index of inequality (SII).
    Sii,
    /// Relative index of inequality (RII).
    Rii,
    /// Between-group variance (BGV).
    Bgv,
    /// Between-group standard deviation (BGSD).
    Bgsd,
    /// Coefficient of variation (COV), in percent.
    Cov,
    /// Mean difference from the best-performing subgroup, unweighted (MDBU).
    Mdbu,
    /// Mean difference from the best-performing subgroup, weighted (MDBW).
    Mdbw,
    /// Mean difference from the mean, unweighted (MDMU).
    Mdmu,
    /// Mean difference from the mean, weighted (MDMW).
    Mdmw,
    /// Mean difference from the reference subgroup, unweighted (MDRU).
    Mdru,
    /// Mean difference from the reference subgroup, weighted (MDRW).
    Mdrw,
    /// Index of disparity, unweighted (IDISU), in percent.
    Idisu,
    /// Index of disparity, weighted (IDISW), in percent.
    Idisw,
    /// Theil index (TI), × 1000.
    Ti,
    /// Mean log deviation (MLD), × 1000.
    Mld,
    /// Population attributable fraction (PAF), in percent.
    Paf,
    /// Population attributable risk (PAR).
    Par,
}

impl Measure {
    /// Every measure, in output order.
    pub const ALL: [Self; 21] = [
        Self::D,
        Self::R,
        Self::Aci,
        Self::Rci,
        Self::Sii,
        Self::Rii,
        Self::Bgv,
        Self::Bgsd,
        Self::Cov,
        Self::Mdbu,
        Self::Mdbw,
        Self::Mdmu,
        Self::Mdmw,
        Self::Mdru,
        Self::Mdrw,
        Self::Idisu,
        Self::Idisw,
        Self::Ti,
        Self::Mld,
        Self::Paf,
        Self::Par,
    ];

    /// Its abbreviation, as HEAT writes it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::D => "D",
            Self::R => "R",
            Self::Aci => "ACI",
            Self::Rci => "RCI",
            Self::Sii => "SII",
            Self::Rii => "RII",
            Self::Bgv => "BGV",
            Self::Bgsd => "BGSD",
            Self::Cov => "COV",
            Self::Mdbu => "MDBU",
            Self::Mdbw => "MDBW",
            Self::Mdmu => "MDMU",
            Self::Mdmw => "MDMW",
            Self::Mdru => "MDRU",
            Self::Mdrw => "MDRW",
            Self::Idisu => "IDISU",
            Self::Idisw => "IDISW",
            Self::Ti => "TI",
            Self::Mld => "MLD",
            Self::Paf => "PAF",
            Self::Par => "PAR",
        }
    }

    /// Whether HEAT computes it for a dimension of this kind: D, R, PAF and PAR for
    /// every dimension; ACI, RCI, SII and RII for ordered ones of more than two
    /// subgroups; the rest for unordered ones of more than two.
    #[must_use]
    pub fn applies_to(self, kind: Kind) -> bool {
        match self {
            Self::D | Self::R | Self::Paf | Self::Par => true,
            Self::Aci | Self::Rci | Self::Sii | Self::Rii => kind == Kind::Ordered,
            _ => kind == Kind::Unordered,
        }
    }

    /// Whether HEAT's interval for it is simulated from the subgroup estimates (it then
    /// gives no SE).
    #[must_use]
    pub fn simulated(self) -> bool {
        matches!(
            self,
            Self::Bgsd
                | Self::Cov
                | Self::Mdbu
                | Self::Mdbw
                | Self::Mdmu
                | Self::Mdmw
                | Self::Mdru
                | Self::Mdrw
                | Self::Idisu
                | Self::Idisw
        )
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The kind of an inequality dimension, which decides its measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Two subgroups (sex, urban/rural).
    Binary,
    /// More than two subgroups with a natural order (wealth quintiles, education).
    Ordered,
    /// More than two subgroups without one (regions).
    Unordered,
}

impl Kind {
    /// The kind of a dimension of `subgroups` subgroups, ordered or not.
    #[must_use]
    pub fn of(subgroups: usize, ordered: bool) -> Self {
        if subgroups == 2 {
            Self::Binary
        } else if ordered {
            Self::Ordered
        } else {
            Self::Unordered
        }
    }
}

/// How an interval was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// From an analytic SE (HEAT's formula for the measure).
    Analytic,
    /// From the percentiles of the measure over seeded draws of the subgroup estimates
    /// (HEAT's simulation), no SE.
    Simulated,
    /// From a design-based SE by the delta method over the estimates' covariances.
    Delta,
}

impl Method {
    /// As outputs name it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Analytic => "analytic",
            Self::Simulated => "simulated",
            Self::Delta => "design",
        }
    }
}

/// One summary measure of one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Which measure.
    pub measure: Measure,
    /// Its value.
    pub estimate: f64,
    /// Its standard error, where one is defined.
    pub se: Option<f64>,
    /// The lower limit of its interval, where one is defined.
    pub ci_lower: Option<f64>,
    /// The upper limit.
    pub ci_upper: Option<f64>,
    /// How the interval was made.
    pub method: Method,
}

impl Figure {
    /// `estimate` with its SE (when finite) and the normal interval `estimate ± z·se`.
    #[must_use]
    pub fn normal(
        measure: Measure,
        estimate: f64,
        se: Option<f64>,
        z: f64,
        method: Method,
    ) -> Self {
        let se = se.and_then(finite);
        Self {
            measure,
            estimate,
            se,
            ci_lower: se.map(|s| estimate - z * s),
            ci_upper: se.map(|s| estimate + z * s),
            method,
        }
    }
}

/// `value` when finite.
fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}
