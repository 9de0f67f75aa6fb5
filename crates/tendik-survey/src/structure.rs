//! The design's structure from the pass: strata, PSUs and their counts, the FPC, and the
//! checks of the design values (missing or bad weights, strata, PSUs, FPC).

use crate::accumulate::{Accumulated, DesignCell};
use crate::error::SurveyError;
use crate::keys::{FastMap, Key};

/// Which check of the design values failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    StratumMissing,
    PsuMissing,
    WeightMissing,
    WeightNegative,
    WeightInfinite,
    FpcMissing,
    ReplicateMissing,
}

/// A design value that fails its check, found in the pass; the row is located afterwards.
#[derive(Debug, Clone)]
pub(crate) struct DesignProblem {
    pub(crate) check: Check,
    pub(crate) count: u64,
    pub(crate) problem: &'static str,
    pub(crate) fix: &'static str,
}

/// Strata and PSUs of the whole sample.
#[derive(Debug)]
pub(crate) struct Structure {
    /// Dense stratum number of each global stratum id.
    pub(crate) stratum_of_id: FastMap<u32, usize>,
    /// Stratum keys in order.
    pub(crate) stratum_keys: Vec<Key>,
    /// PSUs (rows, without PSUs) of each stratum in the whole sample.
    pub(crate) psu_count: Vec<usize>,
    /// Population count of PSUs per stratum, with an FPC.
    pub(crate) population: Vec<Option<f64>>,
    /// Global PSU number of each (stratum id, PSU id), in key order.
    pub(crate) psu_of_ids: FastMap<(u32, u32), usize>,
    /// Stratum of each global PSU number.
    pub(crate) psu_stratum: Vec<usize>,
    /// Key of each global PSU number.
    pub(crate) psu_keys: Vec<Key>,
    /// Rows of each stratum the filter keeps.
    pub(crate) kept: Vec<u64>,
}

/// A (stratum id, PSU id) and its checks.
type DesignEntry = ((u32, u32), DesignCell);

/// One check: whether it applies, which it is, the faulty rows, the problem and the fix.
type CheckRow = (bool, Check, u64, &'static str, &'static str);

/// The first failing check of the design values, if any.
pub(crate) fn first_problem(
    accumulated: &Accumulated,
    has_strata: bool,
    has_psu: bool,
    has_fpc: bool,
) -> Option<DesignProblem> {
    let total = |f: &dyn Fn(&DesignEntry) -> u64| -> u64 { accumulated.design.iter().map(f).sum() };
    let checks: [CheckRow; 7] = [
        (
            has_strata,
            Check::StratumMissing,
            total(&|((s, _), c)| if *s == 0 { c.rows } else { 0 }),
            "the stratum is missing",
            "every row needs a stratum; fill it in or drop the row before estimating",
        ),
        (
            has_psu,
            Check::PsuMissing,
            total(&|((_, p), c)| if *p == 0 { c.rows } else { 0 }),
            "the PSU is missing",
            "every row needs a PSU (cluster); fill it in or drop the row before estimating",
        ),
        (
            true,
            Check::WeightMissing,
            total(&|(_, c)| c.weight_null),
            "the weight is missing",
            "every row needs a weight; give zero weight to rows that should not count",
        ),
        (
            true,
            Check::WeightNegative,
            total(&|(_, c)| c.weight_negative),
            "the weight is negative",
            "weights are inverse selection probabilities and must be zero or more",
        ),
        (
            true,
            Check::WeightInfinite,
            total(&|(_, c)| c.weight_infinite),
            "the weight is not a finite number (NaN or infinite)",
            "weights are inverse selection probabilities: give every row a finite weight",
        ),
        (
            has_fpc,
            Check::FpcMissing,
            total(&|(_, c)| c.fpc_null),
            "the FPC is missing",
            "give every row its stratum's population count of PSUs or its sampling fraction",
        ),
        (
            true,
            Check::ReplicateMissing,
            total(&|(_, c)| c.replicate_null),
            "a replicate weight is missing",
            "every row needs all its replicate weights; give zero to rows a replicate leaves out",
        ),
    ];
    checks
        .into_iter()
        .find(|(applies, _, count, _, _)| *applies && *count > 0)
        .map(|(_, check, count, problem, fix)| DesignProblem {
            check,
            count,
            problem,
            fix,
        })
}

impl Structure {
    /// Number the strata and PSUs and check the FPC.
    pub(crate) fn build(
        file: &str,
        fpc_column: Option<&str>,
        has_psu: bool,
        accumulated: &Accumulated,
    ) -> Result<Self, SurveyError> {
        let mut stratum_of_id = FastMap::default();
        let mut stratum_keys = Vec::new();
        let mut psu_count: Vec<usize> = Vec::new();
        let mut psu_of_ids = FastMap::default();
        let mut psu_stratum = Vec::new();
        let mut psu_keys = Vec::new();
        let mut low: Vec<f64> = Vec::new();
        let mut high: Vec<f64> = Vec::new();
        let mut kept: Vec<u64> = Vec::new();
        // Design cells come sorted by (stratum, PSU) keys.
        for ((s, p), cell) in &accumulated.design {
            let stratum = *stratum_of_id.entry(*s).or_insert_with(|| {
                stratum_keys.push(accumulated.strata.keys[*s as usize].clone());
                psu_count.push(0);
                low.push(f64::INFINITY);
                high.push(f64::NEG_INFINITY);
                kept.push(0);
                stratum_keys.len() - 1
            });
            kept[stratum] += cell.kept;
            if has_psu {
                psu_of_ids.insert((*s, *p), psu_stratum.len());
                psu_stratum.push(stratum);
                psu_keys.push(accumulated.psus.keys[*p as usize].clone());
                psu_count[stratum] += 1;
            } else {
                psu_count[stratum] += cell.rows as usize;
            }
            low[stratum] = low[stratum].min(cell.fpc_min);
            high[stratum] = high[stratum].max(cell.fpc_max);
        }
        let population = match fpc_column {
            Some(fpc) => populations(file, fpc, &stratum_keys, &psu_count, &low, &high)?,
            None => vec![None; psu_count.len()],
        };
        Ok(Self {
            stratum_of_id,
            stratum_keys,
            psu_count,
            population,
            psu_of_ids,
            psu_stratum,
            psu_keys,
            kept,
        })
    }
}

/// The population count of PSUs of each stratum from its FPC values (the smallest and
/// largest seen in it): one value per stratum, all fractions or all counts, never smaller
/// than the sample.
pub(crate) fn populations(
    file: &str,
    fpc: &str,
    stratum_keys: &[Key],
    psu_count: &[usize],
    low: &[f64],
    high: &[f64],
) -> Result<Vec<Option<f64>>, SurveyError> {
    let bad = |problem: String| SurveyError::BadFpc {
        file: file.to_owned(),
        column: fpc.to_owned(),
        problem,
    };
    let name = |s: usize| stratum_keys[s].describe();
    for s in 0..psu_count.len() {
        if low[s] < high[s] {
            return Err(bad(format!(
                "the FPC differs within stratum {} ({} and {}); it must be one value per stratum",
                name(s),
                low[s],
                high[s]
            )));
        }
    }
    let fractions = high.iter().all(|&v| v <= 1.0);
    if !fractions && low.iter().any(|&v| v < 1.0) {
        return Err(bad("the FPC mixes sampling fractions (at most 1) and population counts (more than 1); use one kind".to_owned()));
    }
    let mut population = vec![None; psu_count.len()];
    for s in 0..psu_count.len() {
        let n = psu_count[s] as f64;
        let given = low[s];
        if given <= 0.0 || !given.is_finite() {
            return Err(bad(format!(
                "stratum {} has FPC {given}; it must be positive",
                name(s)
            )));
        }
        let population_psu = if fractions { n / given } else { given };
        if population_psu < n {
            return Err(bad(format!(
                "stratum {} has {n} sampled PSUs but an FPC of {given} PSUs in the population; the population cannot be smaller than the sample",
                name(s)
            )));
        }
        population[s] = Some(population_psu);
    }
    Ok(population)
}
