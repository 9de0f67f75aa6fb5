//! Alkire–Foster (AF) counting measures with design-based uncertainty.
//!
//! For person i with 0/1 deprivations dᵢⱼ in indicators j = 1…J of weights wⱼ (normalised
//! to sum to 1), the deprivation score is cᵢ = Σⱼ wⱼ dᵢⱼ. For a cut-off k, person i is
//! multidimensionally poor (deprived) when cᵢ ≥ k, and the censored score is cᵢ(k) = cᵢ
//! if poor, else 0. Then, as survey estimators of the population:
//!
//! | measure | definition | estimator |
//! |---|---|---|
//! | H, headcount ratio | share of persons poor | mean of 1[cᵢ ≥ k] |
//! | M0, adjusted headcount ratio | mean censored score | mean of cᵢ(k) |
//! | A, intensity | average score of the poor, M0 / H | ratio of totals Σ cᵢ(k) / Σ 1[cᵢ ≥ k] |
//! | censored headcount of j | share poor *and* deprived in j | mean of dᵢⱼ 1[cᵢ ≥ k] |
//! | contribution of j | wⱼ × censored headcount of j | wⱼ × the censored headcount's mean |
//! | % contribution of j | 100 wⱼ × censored headcount / M0 | 100 wⱼ × ratio Σ dᵢⱼ 1[cᵢ ≥ k] / Σ cᵢ(k) |
//!
//! | population share of group g | share of persons in g | proportion of the group variable |
//! | contribution of group g | 100 × share × M0 of g / M0 | delta method on the three estimates |
//!
//! Each is a mean or a ratio of totals (the subgroup contribution a smooth function of three
//! estimates of the same pass, whose covariances the engine keeps), so the engine's linearization (or replicate)
//! variance gives its SE exactly as R's `svymean` and `svyratio` do; the contributions add
//! up to M0 and the percentages to 100. A person with any indicator missing is left out of
//! every figure (listwise, as OPHI's `mpitb` does), as a domain, so the design stays whole.
//!
//! Cut-offs are a count of deprivations (MODA's way; with equal weights only) or a share
//! of the weighted total (OPHI's way, `33%`).

use std::collections::HashMap;

use tendik_survey::{
    Definition, Design, Estimate, ReliabilityRule, Request, Results, Statistic, SurveyData, Target,
};

use crate::MeasureError;
use crate::inequality::Figure;
use crate::inequality::design::{self as inequality_design, Dimension, Layout};

/// A 0/1 deprivation indicator and its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// The column: 1 deprived, 0 not, null missing.
    pub column: String,
    /// Its weight before normalisation (any positive number).
    pub weight: f64,
}

/// A poverty cut-off k.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cutoff {
    /// Deprived in at least this many indicators (equal weights only).
    Count(u32),
    /// A score of at least this share of the weighted total, from 0 to 1.
    Share(f64),
}

impl Cutoff {
    /// As a user writes it: `2`, or `33.3%`.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Count(k) => k.to_string(),
            // 10 decimals at most: `33.3%` read as 0.333 shows as 33.3%, not 33.300000000000004%.
            Self::Share(share) => {
                let text = format!("{:.10}", share * 100.0);
                format!("{}%", text.trim_end_matches('0').trim_end_matches('.'))
            }
        }
    }
}

impl std::str::FromStr for Cutoff {
    type Err = String;

    /// `2` (a count) or `33%` / `33.3%` (a share).
    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Some(percent) = text.strip_suffix('%') {
            let share: f64 = percent
                .trim()
                .parse()
                .map_err(|_| format!("`{text}` is not a percentage such as 33%"))?;
            if !(share > 0.0 && share <= 100.0) {
                return Err(format!(
                    "`{text}`: a share cut-off is above 0% and at most 100%"
                ));
            }
            return Ok(Self::Share(share / 100.0));
        }
        match text.parse::<u32>() {
            Ok(k) if k >= 1 => Ok(Self::Count(k)),
            _ => Err(format!(
                "`{text}` is not a cut-off; give a number of deprivations (1, 2, …) or a share such as 33%"
            )),
        }
    }
}

/// What to compute.
#[derive(Debug, Clone)]
pub struct AfRequest {
    /// The sample design.
    pub design: Design,
    /// The deprivation indicators, in output order.
    pub indicators: Vec<Indicator>,
    /// The cut-offs, in output order.
    pub cutoffs: Vec<Cutoff>,
    /// Breakdowns, as [`Request::breakdowns`] (none: the whole population).
    pub breakdowns: Vec<Vec<String>>,
    /// A subpopulation, as [`Request::filter`].
    pub filter: Option<String>,
    /// Confidence level, such as 0.95.
    pub level: f64,
    /// Reliability thresholds.
    pub reliability: ReliabilityRule,
    /// HEAT's inequality measures of H and M0 by each breakdown (aligned with
    /// `breakdowns`; `None` or absent: none), design-based, when the request also has the
    /// whole population.
    pub inequality: Vec<Option<Layout>>,
}

impl AfRequest {
    /// A request for these indicators and cut-offs over the whole population, 95% intervals,
    /// the MICS reliability rule.
    #[must_use]
    pub fn new(design: Design, indicators: Vec<Indicator>, cutoffs: Vec<Cutoff>) -> Self {
        Self {
            design,
            indicators,
            cutoffs,
            breakdowns: Vec::new(),
            filter: None,
            level: 0.95,
            reliability: ReliabilityRule::MICS,
            inequality: Vec::new(),
        }
    }
}

/// Which AF figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AfMeasure {
    /// Multidimensional headcount ratio H.
    H,
    /// Intensity A.
    A,
    /// Adjusted headcount ratio M0.
    M0,
    /// Share poor and deprived in one indicator.
    CensoredHeadcount,
    /// An indicator's absolute contribution to M0 (they add up to M0).
    Contribution,
    /// An indicator's contribution as a percentage of M0 (they add up to 100).
    ContributionPct,
    /// A group's share of the population of complete cases (for each group of a
    /// one-variable breakdown; the same at every k, repeated so that each k's
    /// decomposition is one block).
    PopulationShare,
    /// A group's contribution to the total M0 in percent: population share × the group's
    /// M0 / the total M0 (they add up to 100 over a breakdown's groups).
    SubgroupContributionPct,
}

impl AfMeasure {
    /// The name in outputs: `H`, `A`, `M0`, `censored_headcount`, `contribution`,
    /// `contribution_pct`, `population_share`, `subgroup_contribution_pct`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::H => "H",
            Self::A => "A",
            Self::M0 => "M0",
            Self::CensoredHeadcount => "censored_headcount",
            Self::Contribution => "contribution",
            Self::ContributionPct => "contribution_pct",
            Self::PopulationShare => "population_share",
            Self::SubgroupContributionPct => "subgroup_contribution_pct",
        }
    }
}

/// One AF figure: the measure, its cut-off and indicator, and the engine's estimate (its
/// domain, value, SE, interval, deff, counts and flag; `contribution_pct` scaled to 0–100).
#[derive(Debug, Clone, PartialEq)]
pub struct AfResult {
    /// Which measure.
    pub measure: AfMeasure,
    /// The cut-off as given.
    pub k: Cutoff,
    /// The indicator, for censored headcounts and contributions.
    pub indicator: Option<String>,
    /// The estimate.
    pub estimate: Estimate,
}

/// Names of the derived variables; a prefix no survey uses.
fn var(what: &str, k: usize, j: Option<usize>) -> String {
    match j {
        Some(j) => format!("__af_{what}_{k}_{j}"),
        None => format!("__af_{what}_{k}"),
    }
}

/// A float as SQL, exactly (Rust's shortest round-trip form).
fn literal(value: f64) -> String {
    let text = format!("{value:?}");
    if text.contains('e') {
        format!("CAST('{text}' AS DOUBLE)")
    } else {
        text
    }
}

fn quoted(column: &str) -> String {
    format!("\"{}\"", column.replace('"', "\"\""))
}

/// Check the request; the normalised weights.
fn normalised(request: &AfRequest) -> Result<Vec<f64>, MeasureError> {
    if request.indicators.is_empty() {
        return Err(MeasureError::BadRequest(
            "no deprivation indicators: give at least one".to_owned(),
        ));
    }
    if request.cutoffs.is_empty() {
        return Err(MeasureError::BadRequest(
            "no cut-off: give at least one k".to_owned(),
        ));
    }
    for indicator in &request.indicators {
        if !(indicator.weight.is_finite() && indicator.weight > 0.0) {
            return Err(MeasureError::BadRequest(format!(
                "the weight of `{}` is {}; indicator weights are positive numbers",
                indicator.column, indicator.weight
            )));
        }
    }
    let total: f64 = request.indicators.iter().map(|i| i.weight).sum();
    let weights: Vec<f64> = request
        .indicators
        .iter()
        .map(|i| i.weight / total)
        .collect();
    let equal = request
        .indicators
        .iter()
        .all(|i| i.weight.to_bits() == request.indicators[0].weight.to_bits());
    let d = request.indicators.len();
    for cutoff in &request.cutoffs {
        match *cutoff {
            Cutoff::Count(k) if !equal => {
                return Err(MeasureError::BadRequest(format!(
                    "the cut-off {k} counts deprivations, which needs equal indicator weights; give it as a share of the weighted total, such as {}%",
                    (f64::from(k) / d as f64 * 100.0 * 10.0).round() / 10.0
                )));
            }
            Cutoff::Count(k) if k as usize > d => {
                return Err(MeasureError::BadRequest(format!(
                    "the cut-off {k} is more than the {d} indicators"
                )));
            }
            _ => {}
        }
    }
    Ok(weights)
}

/// The engine request that gives every AF figure in one pass.
fn engine_request(request: &AfRequest, weights: &[f64]) -> Request {
    let columns: Vec<String> = request
        .indicators
        .iter()
        .map(|i| quoted(&i.column))
        .collect();
    let mut definitions = Vec::new();
    // The score, as a count (exact) and as a weighted share.
    definitions.push(Definition::new("__af_count", columns.join(" + ")));
    let score: Vec<String> = columns
        .iter()
        .zip(weights)
        .map(|(c, w)| format!("{} * {c}", literal(*w)))
        .collect();
    definitions.push(Definition::new("__af_score", score.join(" + ")));
    let mut targets = Vec::new();
    for (k, cutoff) in request.cutoffs.iter().enumerate() {
        // A true/false definition is 0/1, NULL (missing) where an indicator is.
        let poor = match *cutoff {
            Cutoff::Count(count) => format!("__af_count >= {count}"),
            // A share a hair below k still counts: 1/3 + 1/3 must reach 66.66…%.
            Cutoff::Share(share) => format!("__af_score >= {}", literal(share - 1e-12)),
        };
        definitions.push(Definition::new(var("poor", k, None), poor));
        definitions.push(Definition::new(
            var("censored", k, None),
            format!("{} * __af_score", var("poor", k, None)),
        ));
        targets.push(Target::Mean(var("poor", k, None)));
        targets.push(Target::Mean(var("censored", k, None)));
        targets.push(Target::Ratio {
            numerator: var("censored", k, None),
            denominator: var("poor", k, None),
        });
        for (j, column) in columns.iter().enumerate() {
            definitions.push(Definition::new(
                var("ch", k, Some(j)),
                format!("{column} * {}", var("poor", k, None)),
            ));
            // The contribution is w_j × the censored headcount and its percentage 100 w_j ×
            // the ratio of the censored headcount to M0 (by the delta method over their
            // covariance, the same SE as the ratio's linearization): both are made from
            // these in `collect`, so they cost no sums of their own.
            targets.push(Target::Mean(var("ch", k, Some(j))));
        }
    }
    // Listwise: the count and the score are NULL where any indicator is, and so is every
    // variable made from them, so a person with a missing indicator is out of every figure
    // (as a domain, as the engine leaves out missing values).
    // Values other than 0 and 1, counted in the same pass over every row the filter keeps.
    for (j, column) in columns.iter().enumerate() {
        definitions.push(Definition::new(
            bad(j),
            format!("CASE WHEN {column} IS NULL OR {column} IN (0, 1) THEN 0 ELSE 1 END"),
        ));
        targets.push(Target::Total(bad(j)));
    }
    // The groups' population shares, among complete cases, for the subgroup decomposition.
    if request.breakdowns.iter().any(Vec::is_empty) {
        for (b, breakdown) in request.breakdowns.iter().enumerate() {
            if let [column] = breakdown.as_slice() {
                definitions.push(Definition::new(
                    group(b),
                    format!(
                        "CASE WHEN __af_count IS NOT NULL THEN {} END",
                        quoted(column)
                    ),
                ));
                targets.push(Target::Proportion(group(b)));
            }
        }
    }
    let mut engine = Request::new(request.design.clone(), targets);
    // Without PSUs, the covariance of two variables of one domain (a censored headcount
    // and M0) needs their cross moments.
    engine.covariances = request.design.psu.is_none();
    engine.definitions = definitions;
    engine.breakdowns.clone_from(&request.breakdowns);
    engine.filter.clone_from(&request.filter);
    engine.level = request.level;
    engine.reliability = request.reliability;
    engine
}

/// Every AF figure for the request: for each cut-off, H, A, M0, then each indicator's
/// censored headcount, contribution and percentage contribution, each in every domain of
/// every breakdown (in the engine's order within a measure); then the subgroup
/// decomposition. The warnings name no internal variable: the figures without an estimate
/// are counted in one sentence.
pub async fn alkire_foster(
    data: &SurveyData,
    request: &AfRequest,
) -> Result<(Vec<AfResult>, Vec<String>), MeasureError> {
    let run = alkire_foster_run(data, request).await?;
    Ok((run.results, run.warnings))
}

/// An inequality measure of H or M0 across the groups of one breakdown.
#[derive(Debug, Clone)]
pub struct AfInequality {
    /// H or M0.
    pub measure: AfMeasure,
    /// The cut-off.
    pub k: Cutoff,
    /// The breakdown (index into the request's).
    pub breakdown: usize,
    /// The number of groups compared.
    pub groups: usize,
    /// The measure.
    pub figure: Figure,
}

/// Everything [`alkire_foster_run`] gives.
#[derive(Debug, Clone)]
pub struct AfRun {
    /// The figures, as [`alkire_foster`] gives them.
    pub results: Vec<AfResult>,
    /// HEAT's inequality measures of H and M0 by the breakdowns the request's
    /// `inequality` names (deprivation: an adverse figure).
    pub inequality: Vec<AfInequality>,
    /// What the user should know about the figures.
    pub warnings: Vec<String>,
}

/// [`alkire_foster`] with the inequality measures the request asks for.
pub async fn alkire_foster_run(
    data: &SurveyData,
    request: &AfRequest,
) -> Result<AfRun, MeasureError> {
    let weights = normalised(request)?;
    let engine = engine_request(request, &weights);
    let results = tendik_survey::run(data, &engine).await?;
    let by_variable = index(&results);
    for (j, indicator) in request.indicators.iter().enumerate() {
        // The weighted count of rows with another value (rows of weight zero do not count).
        let name = bad(j);
        let found = by_variable.get(&(Statistic::Total, name.as_str()));
        if found.is_some_and(|estimates| estimates.iter().any(|e| e.estimate > 0.0)) {
            return Err(MeasureError::NotBinary {
                file: data.name.clone(),
                column: indicator.column.clone(),
            });
        }
    }
    let mut out = collect(request, &weights, &by_variable, &results);
    let inequality = inequality(request, &results);
    // The engine's warnings are all "no estimate of VARIABLE for DOMAIN", VARIABLE being
    // one of the derived `__af_` ones: counted instead.
    let mut warnings = Vec::new();
    out.extend(decompose(request, &results, &mut warnings));
    let empty = out.iter().filter(|r| r.estimate.estimate.is_nan()).count();
    if empty > 0 {
        warnings.insert(
            0,
            format!(
                "{empty} of {} figures have no estimate (A and the percentage contributions where nobody is deprived at that k, or a domain without observations); they are empty in the output",
                out.len()
            ),
        );
    }
    Ok(AfRun {
        results: out,
        inequality,
        warnings,
    })
}

/// HEAT's measures of H and M0 across the groups of each breakdown `request.inequality`
/// names, design-based, the shares those of the decomposition (among complete cases).
fn inequality(request: &AfRequest, results: &Results) -> Vec<AfInequality> {
    let Some(total) = request.breakdowns.iter().position(Vec::is_empty) else {
        return Vec::new();
    };
    let mut index: HashMap<(Statistic, &str, usize), Vec<usize>> = HashMap::new();
    for (i, e) in results.estimates.iter().enumerate() {
        index
            .entry((e.statistic, e.variable.as_str(), e.breakdown))
            .or_default()
            .push(i);
    }
    let mut out = Vec::new();
    for (k, cutoff) in request.cutoffs.iter().enumerate() {
        for (measure, variable) in [
            (AfMeasure::H, var("poor", k, None)),
            (AfMeasure::M0, var("censored", k, None)),
        ] {
            for (b, layout) in request.inequality.iter().enumerate() {
                let Some(layout) = layout else { continue };
                if request.breakdowns.get(b).is_none_or(|v| v.len() != 1) {
                    continue;
                }
                let shares = index
                    .get(&(Statistic::Proportion, group(b).as_str(), total))
                    .cloned()
                    .unwrap_or_default();
                let Some(groups) = index.get(&(Statistic::Mean, variable.as_str(), b)) else {
                    continue;
                };
                let Some(dimension) = Dimension::of(results, groups, &shares, layout, false) else {
                    continue;
                };
                let count = dimension.estimates.len();
                for figure in inequality_design::summarise(results, &dimension, request.level) {
                    out.push(AfInequality {
                        measure,
                        k: *cutoff,
                        breakdown: b,
                        groups: count,
                        figure,
                    });
                }
            }
        }
    }
    out
}

/// The variable whose proportions are the groups' population shares in breakdown `b`.
fn group(b: usize) -> String {
    format!("__af_group_{b}")
}

/// The subgroup decomposition of M0 by every one-variable breakdown, when the request
/// also has the whole population (an empty breakdown): each group's population share and
/// its percentage contribution to the total M0, per cut-off.
fn decompose(request: &AfRequest, results: &Results, warnings: &mut Vec<String>) -> Vec<AfResult> {
    let Some(total) = request.breakdowns.iter().position(Vec::is_empty) else {
        return Vec::new();
    };
    let estimates = &results.estimates;
    let mut out = Vec::new();
    let mut failed = false;
    for (k, cutoff) in request.cutoffs.iter().enumerate() {
        let censored = var("censored", k, None);
        let m0 = |e: &Estimate| e.statistic == Statistic::Mean && e.variable == censored;
        let Some(whole) = estimates.iter().position(|e| e.breakdown == total && m0(e)) else {
            continue;
        };
        for (b, breakdown) in request.breakdowns.iter().enumerate() {
            if breakdown.len() != 1 {
                continue;
            }
            let shares = group(b);
            for (g, estimate) in estimates.iter().enumerate() {
                if estimate.breakdown != b || !m0(estimate) {
                    continue;
                }
                let value = estimate.domain[0].to_string();
                let Some(s) = estimates.iter().position(|e| {
                    e.breakdown == total
                        && e.statistic == Statistic::Proportion
                        && e.variable == shares
                        && e.level.as_ref().is_some_and(|l| l.to_string() == value)
                }) else {
                    continue;
                };
                // The share, as the group's row.
                let mut share = estimates[s].clone();
                share.breakdown = b;
                share.domain.clone_from(&estimate.domain);
                share.level = None;
                share.variable = String::new();
                out.push(AfResult {
                    measure: AfMeasure::PopulationShare,
                    k: *cutoff,
                    indicator: None,
                    estimate: share,
                });
                let contribution = tendik_survey::contrast::delta(
                    results,
                    &[s, g, whole],
                    |t| 100.0 * t[0] * t[1] / t[2],
                    |t| {
                        vec![
                            100.0 * t[1] / t[2],
                            100.0 * t[0] / t[2],
                            -100.0 * t[0] * t[1] / (t[2] * t[2]),
                        ]
                    },
                );
                let (value, se) = contribution.unwrap_or_else(|_| {
                    failed = true;
                    let t = [
                        estimates[s].estimate,
                        estimate.estimate,
                        estimates[whole].estimate,
                    ];
                    (100.0 * t[0] * t[1] / t[2], f64::NAN)
                });
                out.push(AfResult {
                    measure: AfMeasure::SubgroupContributionPct,
                    k: *cutoff,
                    indicator: None,
                    estimate: contrast_estimate(value, se, String::new(), estimate),
                });
            }
        }
    }
    if failed {
        warnings.push("the subgroup contributions to M0 have no SE: the covariance across breakdowns needs the design's PSU column".to_owned());
    }
    out
}

/// A figure made from estimates by the delta method: `value` and its SE with the normal
/// interval, the counts of the estimate `of` it belongs to, no design effect (as for any
/// contrast), unavailable when there is no value.
fn contrast_estimate(value: f64, se: f64, variable: String, of: &Estimate) -> Estimate {
    let (ci_lower, ci_upper) = tendik_survey::intervals::normal_interval(value, se, of.confidence);
    Estimate {
        statistic: Statistic::Ratio,
        variable,
        estimate: value,
        se,
        ci_lower,
        ci_upper,
        deff: None,
        df: None,
        reliability: if value.is_finite() {
            of.reliability
        } else {
            tendik_survey::Reliability::Unavailable
        },
        ..of.clone()
    }
}

/// The name of the flag of indicator `j`'s values other than 0 and 1.
fn bad(j: usize) -> String {
    format!("__af_bad_{j}")
}

/// The engine's estimates by statistic and variable, in the engine's order.
fn index(results: &Results) -> HashMap<(Statistic, &str), Vec<&Estimate>> {
    let mut index: HashMap<(Statistic, &str), Vec<&Estimate>> = HashMap::new();
    for estimate in &results.estimates {
        index
            .entry((estimate.statistic, estimate.variable.as_str()))
            .or_default()
            .push(estimate);
    }
    index
}

fn collect(
    request: &AfRequest,
    weights: &[f64],
    by_variable: &HashMap<(Statistic, &str), Vec<&Estimate>>,
    results: &Results,
) -> Vec<AfResult> {
    // Each mean's estimates by position, one per domain in the engine's order.
    let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, estimate) in results.estimates.iter().enumerate() {
        if estimate.statistic == Statistic::Mean {
            positions
                .entry(estimate.variable.as_str())
                .or_default()
                .push(i);
        }
    }
    let mut out = Vec::new();
    for (k, cutoff) in request.cutoffs.iter().enumerate() {
        let find = |statistic: Statistic, variable: &str| -> Vec<&Estimate> {
            by_variable
                .get(&(statistic, variable))
                .cloned()
                .unwrap_or_default()
        };
        // `scale` multiplies the estimate, its SE and interval (a scaled mean or ratio has
        // the same design effect).
        let push = |out: &mut Vec<AfResult>,
                    measure: AfMeasure,
                    indicator: Option<&str>,
                    estimates: Vec<&Estimate>,
                    scale: f64| {
            for estimate in estimates {
                let mut estimate = estimate.clone();
                indicator
                    .unwrap_or_default()
                    .clone_into(&mut estimate.variable);
                // (× 1.0 is exact.)
                for value in [
                    &mut estimate.estimate,
                    &mut estimate.se,
                    &mut estimate.ci_lower,
                    &mut estimate.ci_upper,
                ] {
                    *value *= scale;
                }
                out.push(AfResult {
                    measure,
                    k: *cutoff,
                    indicator: indicator.map(str::to_owned),
                    estimate,
                });
            }
        };
        let poor = var("poor", k, None);
        let censored = var("censored", k, None);
        push(
            &mut out,
            AfMeasure::H,
            None,
            find(Statistic::Mean, &poor),
            1.0,
        );
        push(
            &mut out,
            AfMeasure::A,
            None,
            find(Statistic::Ratio, &format!("{censored}/{poor}")),
            1.0,
        );
        push(
            &mut out,
            AfMeasure::M0,
            None,
            find(Statistic::Mean, &censored),
            1.0,
        );
        for (j, indicator) in request.indicators.iter().enumerate() {
            let name = Some(indicator.column.as_str());
            let headcount = var("ch", k, Some(j));
            push(
                &mut out,
                AfMeasure::CensoredHeadcount,
                name,
                find(Statistic::Mean, &headcount),
                1.0,
            );
            push(
                &mut out,
                AfMeasure::Contribution,
                name,
                find(Statistic::Mean, &headcount),
                weights[j],
            );
            // 100 w_j CH_j / M0 in each domain, with its delta-method SE.
            let scale = 100.0 * weights[j];
            let (Some(parts), Some(wholes)) = (
                positions.get(headcount.as_str()),
                positions.get(censored.as_str()),
            ) else {
                continue;
            };
            for (&part, &whole) in parts.iter().zip(wholes) {
                let of = &results.estimates[part];
                let (value, se) = tendik_survey::contrast::ratio(results, part, whole)
                    .unwrap_or((of.estimate / results.estimates[whole].estimate, f64::NAN));
                let (value, se) = (scale * value, scale * se);
                out.push(AfResult {
                    measure: AfMeasure::ContributionPct,
                    k: *cutoff,
                    indicator: name.map(str::to_owned),
                    estimate: contrast_estimate(value, se, indicator.column.clone(), of),
                });
            }
        }
    }
    out
}

/// The tidy table of AF figures: the domain columns of every breakdown, `measure`, `k`,
/// `indicator` (empty for H, A and M0), then the estimate columns of every tendik table
/// (`estimate`, `se`, `ci_lower`, `ci_upper`, `deff`, `n`, `weighted_n`, `df`,
/// `reliability`). Figures are proportions from 0 to 1, `contribution_pct` from 0 to 100.
///
/// # Errors
/// Only if Arrow rejects the columns, which would be a bug.
pub fn to_record_batch(
    breakdowns: &[Vec<String>],
    results: &[AfResult],
) -> Result<arrow::record_batch::RecordBatch, arrow::error::ArrowError> {
    let labels = vec![
        (
            "measure".to_owned(),
            false,
            results
                .iter()
                .map(|r| Some(r.measure.name().to_owned()))
                .collect(),
        ),
        (
            "k".to_owned(),
            false,
            results.iter().map(|r| Some(r.k.label())).collect(),
        ),
        (
            "indicator".to_owned(),
            true,
            results.iter().map(|r| r.indicator.clone()).collect(),
        ),
    ];
    let estimates: Vec<Estimate> = results.iter().map(|r| r.estimate.clone()).collect();
    tendik_survey::results::to_record_batch_labelled(breakdowns, labels, &estimates)
}

/// The engine's breakdowns for a request: none means the whole population.
#[must_use]
pub fn effective_breakdowns(request: &AfRequest) -> Vec<Vec<String>> {
    if request.breakdowns.is_empty() {
        vec![Vec::new()]
    } else {
        request.breakdowns.clone()
    }
}
