//! The engine's one entry point: a request over any data source, to estimates that keep
//! their influence (so covariances and contrasts of any two of them are available).
//!
//! Steps, each in its own module: [`crate::validate`] (columns, definitions, filter),
//! [`crate::plan`] (the projected scan), [`crate::accumulate`] (the one pass, deterministic
//! sums), [`crate::structure`] (design checks, strata and PSUs), [`crate::estimators`]
//! (point estimates and scores) and [`crate::covariance`] (the variance engine).

use arrow::array::{Array, AsArray};
use futures::StreamExt;

use crate::accumulate::{Accumulated, Layout, TargetInput, accumulate};
use crate::covariance::{
    CellMoments, CovarianceError, CrossMoments, Influence, InfluenceCell, LazyScores, MergedScores,
    Pass, Scope, ScoreKind, covariance, lazy_combination_variance,
};
use crate::data::SurveyData;
use crate::dd::Dd;
use crate::design::LonelyPsu;
use crate::design::ReplicateSource;
use crate::error::SurveyError;
use crate::estimate::{Estimate, Reliability, Value};
use crate::estimators::{self, Linearized, MeanSums, RatioSums};
use crate::intervals::{logit_interval, logit_interval_of_se, normal_interval};
use crate::replicate::{self, Scales};
use crate::request::{Request, Target};
use crate::structure::{Check, DesignProblem, Structure, first_problem};

/// Estimates of one request, with what their covariances need.
#[derive(Debug)]
pub struct Results {
    /// The estimates, in output order: per target, per breakdown, per domain (and level).
    pub estimates: Vec<Estimate>,
    /// What a front end should tell the user about the estimates (a domain without an
    /// estimate, a zero denominator), one sentence each.
    pub warnings: Vec<String>,
    influences: Vec<Option<Influence>>,
    replicate_scales: Option<Scales>,
    cross: CrossMoments,
    structure: Structure,
    /// The pass's sums, from which the scores of a design with PSUs are computed.
    pass: Pass,
    policy: LonelyPsu,
    file: String,
    strata: Option<String>,
}

impl Results {
    /// The covariance of estimates `a` and `b` (indices into [`Self::estimates`]), as R's
    /// `vcov()` of `svyby(…, covmat = TRUE)`; NaN when either has no estimate.
    pub fn covariance(&self, a: usize, b: usize) -> Result<f64, SurveyError> {
        let (Some(x), Some(y)) = (&self.influences[a], &self.influences[b]) else {
            return Ok(f64::NAN);
        };
        if let (Some(scales), Some(dx), Some(dy)) =
            (&self.replicate_scales, &x.replicates, &y.replicates)
        {
            return Ok(replicate::replicate_covariance(dx, dy, scales));
        }
        covariance(
            x,
            y,
            &self.structure,
            self.policy,
            Scope::Design,
            &self.cross,
            &self.pass,
        )
        .map_err(|e| self.covariance_error(e))
    }

    fn covariance_error(&self, error: CovarianceError) -> SurveyError {
        match error {
            CovarianceError::Lonely(h) => self.lonely(h),
            CovarianceError::CrossVariable => SurveyError::BadRequest(
                "covariances between two variables of one domain in a design without PSUs need the request to keep them (covariances = true); proportions have none".to_owned(),
            ),
            CovarianceError::CrossBreakdown => SurveyError::BadRequest(
                "covariances between estimates of two breakdowns in a design without PSUs are not kept; estimate them in one breakdown, or give the PSU column".to_owned(),
            ),
        }
    }

    /// The scores of estimates `indices` merged once per PSU, for the variances of many
    /// linear combinations of them ([`Self::merged_variance`]); `None` when the design keeps
    /// no such scores (replicate weights, no PSUs) or an estimate has none: then use
    /// [`Self::combination_covariance`].
    #[must_use]
    pub fn merged_scores(&self, indices: &[usize]) -> Option<MergedScores> {
        if self.replicate_scales.is_some() {
            return None;
        }
        let parts: Option<Vec<&crate::covariance::LazyScores>> = indices
            .iter()
            .map(|&i| self.influences[i].as_ref().and_then(|x| x.lazy.as_ref()))
            .collect();
        Some(MergedScores::new(&parts?, &self.pass))
    }

    /// The variance of `Σ cᵢ θᵢ` over the estimates of `merged` (one coefficient each, in
    /// order), exactly as [`Self::combination_covariance`] of the combination with itself.
    ///
    /// # Errors
    /// As [`Self::covariance`].
    pub fn merged_variance(
        &self,
        merged: &MergedScores,
        coefficients: &[f64],
    ) -> Result<f64, SurveyError> {
        merged
            .variance(coefficients, &self.structure, self.policy)
            .map_err(|e| self.covariance_error(e))
    }

    /// The covariance of two linear combinations `Σ aᵢ θᵢ` and `Σ bⱼ θⱼ` of estimates
    /// (index, coefficient). Where the design keeps scores per PSU (or replicate), each
    /// combination's scores are added up per PSU first, so a combination whose scores
    /// cancel (a share that is the same in every PSU) has exactly its variance, never a
    /// negative one from rounding; otherwise the pairwise covariances are combined.
    ///
    /// # Errors
    /// As [`Self::covariance`].
    pub fn combination_covariance(
        &self,
        a: &[(usize, f64)],
        b: &[(usize, f64)],
    ) -> Result<f64, SurveyError> {
        let influences = |c: &[(usize, f64)]| -> Option<Vec<(&Influence, f64)>> {
            c.iter()
                .filter(|(_, coefficient)| *coefficient != 0.0)
                .map(|&(i, coefficient)| self.influences[i].as_ref().map(|x| (x, coefficient)))
                .collect()
        };
        let (Some(x), Some(y)) = (influences(a), influences(b)) else {
            return Ok(f64::NAN);
        };
        if let Some(scales) = &self.replicate_scales {
            let combined = |parts: &[(&Influence, f64)]| -> Option<Vec<f64>> {
                let mut total: Option<Vec<f64>> = None;
                for (influence, coefficient) in parts {
                    let deviations = influence.replicates.as_ref()?;
                    let sums = total.get_or_insert_with(|| vec![0.0; deviations.len()]);
                    for (t, d) in sums.iter_mut().zip(deviations) {
                        *t += coefficient * d;
                    }
                }
                total
            };
            if let (Some(dx), Some(dy)) = (combined(&x), combined(&y)) {
                return Ok(replicate::replicate_covariance(&dx, &dy, scales));
            }
        } else if a == b
            && let Some(parts) = x
                .iter()
                .map(|(i, c)| i.lazy.as_ref().map(|l| (l, *c)))
                .collect::<Option<Vec<_>>>()
        {
            return lazy_combination_variance(&parts, &self.structure, self.policy, &self.pass)
                .map_err(|e| self.covariance_error(e));
        } else if x.iter().chain(&y).all(|(i, _)| i.lazy.is_some()) {
            let combined = |parts: &[(&Influence, f64)]| -> Influence {
                let mut cells: Vec<InfluenceCell> = Vec::new();
                for (influence, coefficient) in parts {
                    if let Some(lazy) = &influence.lazy {
                        cells.extend(lazy.cells(&self.pass).into_iter().map(|mut cell| {
                            cell.z *= coefficient;
                            cell
                        }));
                    }
                }
                // One cell per PSU, in (stratum, PSU) order.
                cells.sort_by_key(|c| (c.stratum, c.psu));
                let mut merged: Vec<InfluenceCell> = Vec::with_capacity(cells.len());
                for cell in cells {
                    match merged.last_mut() {
                        Some(last) if last.stratum == cell.stratum && last.psu == cell.psu => {
                            last.z += cell.z;
                        }
                        _ => merged.push(cell),
                    }
                }
                Influence {
                    group: (0, 0, 0),
                    level: None,
                    coefficients: Vec::new(),
                    cells: merged,
                    lazy: None,
                    replicates: None,
                }
            };
            let cx = combined(&x);
            let cy = if a == b { None } else { Some(combined(&y)) };
            return covariance(
                &cx,
                cy.as_ref().unwrap_or(&cx),
                &self.structure,
                self.policy,
                Scope::Design,
                &self.cross,
                &self.pass,
            )
            .map_err(|e| self.covariance_error(e));
        }
        let mut total = 0.0;
        for &(i, ci) in a {
            for &(j, cj) in b {
                if ci != 0.0 && cj != 0.0 {
                    total += ci * cj * self.covariance(i, j)?;
                }
            }
        }
        Ok(total)
    }

    fn lonely(&self, stratum: usize) -> SurveyError {
        SurveyError::LonelyPsu {
            file: self.file.clone(),
            strata: self.strata.clone(),
            stratum: self.structure.stratum_keys[stratum].describe(),
        }
    }
}

/// Estimate every target of `request` in every domain, over the full design.
///
/// # Errors
/// User errors (unknown columns, bad design values, a lonely PSU under `fail`, a bad
/// definition or filter, an empty selection) and internal engine failures.
pub async fn estimate(data: &SurveyData, request: &Request) -> Result<Vec<Estimate>, SurveyError> {
    Ok(run(data, request).await?.estimates)
}

/// Where a failed design check's first row is: scan the partitions in order.
async fn first_row(
    frame: datafusion::prelude::DataFrame,
    layout: &Layout,
    check: Check,
) -> Result<u64, SurveyError> {
    let streams = crate::data::in_file_order(frame)
        .execute_stream_partitioned()
        .await?;
    let mut seen = 0u64;
    for mut stream in streams {
        while let Some(batch) = stream.next().await {
            let batch = batch?;
            let column = |index: Option<usize>| index.map(|i| batch.column(i).clone());
            let faulty: Vec<bool> = match check {
                Check::StratumMissing | Check::PsuMissing | Check::FpcMissing => {
                    let index = match check {
                        Check::StratumMissing => layout.stratum,
                        Check::PsuMissing => layout.psu,
                        _ => layout.fpc,
                    };
                    let array = column(index).ok_or_else(|| {
                        SurveyError::Internal("a checked design column is absent".to_owned())
                    })?;
                    // Missing, or NaN (which the pass counts as missing too).
                    let nan: Vec<bool> = if array.data_type().is_floating() {
                        crate::keys::floats(&array)?
                            .iter()
                            .map(Option::is_none)
                            .collect()
                    } else {
                        vec![false; array.len()]
                    };
                    (0..array.len())
                        .map(|r| array.is_null(r) || nan[r])
                        .collect()
                }
                Check::ReplicateMissing => (0..batch.num_rows())
                    .map(|r| {
                        layout
                            .replicates
                            .iter()
                            .any(|&c| batch.column(c).is_null(r))
                    })
                    .collect(),
                Check::WeightMissing | Check::WeightNegative | Check::WeightInfinite => {
                    let array = batch.column(layout.weight);
                    let values = arrow::compute::cast(array, &arrow::datatypes::DataType::Float64)?;
                    let values = values.as_primitive::<arrow::datatypes::Float64Type>();
                    values
                        .iter()
                        .map(|v| match (check, v) {
                            (Check::WeightMissing, None) => true,
                            (Check::WeightNegative, Some(w)) => w < 0.0,
                            (Check::WeightInfinite, Some(w)) => !w.is_finite(),
                            _ => false,
                        })
                        .collect()
                }
            };
            if let Some(at) = faulty.iter().position(|&f| f) {
                return Ok(seen + at as u64 + 1);
            }
            seen += batch.num_rows() as u64;
        }
    }
    Ok(0)
}

fn column_of(request: &Request, check: Check) -> String {
    let design = &request.design;
    match check {
        Check::StratumMissing => design.strata.clone().unwrap_or_default(),
        Check::PsuMissing => design.psu.clone().unwrap_or_default(),
        Check::FpcMissing => design.fpc.clone().unwrap_or_default(),
        Check::ReplicateMissing => "the replicate weights".to_owned(),
        _ => design.weight.clone(),
    }
}

/// One domain of one breakdown: its cells (a range of the sorted cells) and values.
struct Domain {
    breakdown: usize,
    values: Vec<Value>,
    cells: std::ops::Range<usize>,
    df: f64,
}

fn domains_of(accumulated: &Accumulated, layout: &Layout, has_psu: bool) -> Vec<Domain> {
    let keys = &accumulated.cells.keys;
    let rows = &accumulated.cells.counts[1];
    let mut domains = Vec::new();
    let mut start = 0;
    while start < keys.len() {
        let breakdown = keys[start][0] as usize;
        let prefix = 1 + layout.breakdowns[breakdown].len();
        let mut end = start;
        while end < keys.len() && keys[end][..prefix] == keys[start][..prefix] {
            end += 1;
        }
        let members = start..end;
        // As svyby, a domain exists when it has a row with a non-zero weight.
        if members.clone().any(|c| rows[c] > 0) {
            // Degrees of freedom as R's degf() of the domain's subset design: PSUs minus
            // strata among its rows with a non-zero weight, whether or not a variable is missing.
            let mut strata: Vec<u32> = members
                .clone()
                .filter(|&c| rows[c] > 0)
                .map(|c| keys[c][prefix])
                .collect();
            strata.dedup();
            let psus: u64 = if has_psu {
                members.clone().filter(|&c| rows[c] > 0).count() as u64
            } else {
                members.clone().map(|c| u64::from(rows[c])).sum()
            };
            let values = layout.breakdowns[breakdown]
                .iter()
                .enumerate()
                .filter_map(|(i, &d)| {
                    accumulated.domains[d].keys[keys[start][1 + i] as usize].value()
                })
                .collect();
            domains.push(Domain {
                breakdown,
                values,
                cells: start..end,
                df: psus as f64 - strata.len() as f64,
            });
        }
        start = end;
    }
    domains
}

/// Run a request: the estimates and their influence.
///
/// # Errors
/// As [`estimate`].
#[expect(clippy::too_many_lines, reason = "the steps of one request, in order")]
pub async fn run(data: &SurveyData, request: &Request) -> Result<Results, SurveyError> {
    let file = data.name.as_str();
    let design = &request.design;
    let prepared = crate::validate::prepare(request, file, data.frame.clone())?;
    let (projected, layout) = crate::plan::project(
        request,
        prepared.frame,
        prepared.filter,
        &prepared.replicate_columns,
    )?;
    let mut accumulated = accumulate(projected.clone(), layout.clone())
        .await
        .map_err(|error| match error {
            // With the user's SQL in the plan, a failure while reading rows is theirs.
            SurveyError::Engine(e)
                if !request.definitions.is_empty() || request.filter.is_some() =>
            {
                SurveyError::ExpressionFailed {
                    message: e.strip_backtrace().replace("Arrow error: ", ""),
                }
            }
            other => other,
        })?;
    if accumulated.design.is_empty() {
        return Err(SurveyError::Empty(format!("{file}: the data has no rows")));
    }
    if let Some(DesignProblem {
        check,
        count,
        problem,
        fix,
        ..
    }) = first_problem(
        &accumulated,
        design.strata.is_some(),
        design.psu.is_some(),
        design.fpc.is_some(),
    ) {
        let row = first_row(projected, &layout, check).await?;
        let others = if count > 1 {
            format!(" (and {} more rows)", count - 1)
        } else {
            String::new()
        };
        return Err(SurveyError::BadDesignValue {
            file: file.to_owned(),
            row,
            column: column_of(request, check),
            problem: format!("{problem}{others}; {fix}"),
        });
    }
    // Designs converted to replicates without a PSU column number their rows as PSUs.
    let has_psu = layout.psu.is_some();
    let structure = Structure::build(file, design.fpc.as_deref(), has_psu, &accumulated)?;
    let replication =
        match &design.replicates {
            None => Replication::None,
            Some(replicates) => match &replicates.source {
                ReplicateSource::Columns { kind, .. } => Replication::Given(
                    replicate::column_scales(replicates, *kind, layout.replicates.len())?,
                ),
                ReplicateSource::Convert(conversion) => Replication::Converted(replicate::convert(
                    *conversion,
                    replicates,
                    &structure,
                    design.strata.as_deref(),
                    design.lonely_psu,
                    file,
                )?),
            },
        };
    if accumulated.design.iter().map(|(_, c)| c.kept).sum::<u64>() == 0 {
        return Err(SurveyError::NothingSelected {
            file: file.to_owned(),
            filter: request
                .filter
                .as_deref()
                .map(crate::validate::excerpt)
                .unwrap_or_default(),
        });
    }
    let domains = domains_of(&accumulated, &layout, has_psu);
    // A breakdown whose variables are missing on every row used has no domain at all.
    if domains.is_empty()
        && accumulated.cells.len() > 0
        && accumulated.cells.counts[1].iter().all(|&c| c == 0)
    {
        return Err(SurveyError::Empty(format!(
            "{file}: every row used has weight zero in the weight column `{}`, so there is nothing to estimate; check that column{}",
            request.design.weight,
            if request.filter.is_some() {
                " and the filter"
            } else {
                ""
            }
        )));
    }
    for (b, breakdown) in request.effective_breakdowns().iter().enumerate() {
        if domains.iter().any(|d| d.breakdown == b) {
            continue;
        }
        let empty = layout.breakdowns[b]
            .iter()
            .find(|&&d| accumulated.domains[d].keys.len() <= 1)
            .map_or_else(|| breakdown.join(", "), |&d| layout.domain_names[d].clone());
        return Err(SurveyError::Empty(format!(
            "{file}: the domain variable `{empty}` is missing on every row used, so it has no domain to estimate; check the column, or drop it from the breakdown"
        )));
    }
    let per_feature = layout.per_feature();
    let second = layout.second_moments;

    let cross = CrossMoments {
        pairs: layout
            .cross_pairs
            .iter()
            .enumerate()
            .map(|(i, &pair)| (pair, i))
            .collect(),
        cells: if layout.cross_pairs.is_empty() {
            Vec::new()
        } else {
            let from = layout.cross_offset();
            let sums = &accumulated.cells.sums[from..];
            (0..accumulated.cells.len())
                .map(|c| sums.iter().map(|column| column[c]).collect())
                .collect()
        },
    };
    // Each cell's stratum and PSU numbers, and the sums moved where the scores read them.
    let (cell_stratum, cell_psu): (Vec<u32>, Vec<u32>) = accumulated
        .cells
        .keys
        .iter()
        .map(|key| {
            let prefix = 1 + layout.breakdowns[key[0] as usize].len();
            let s = key[prefix];
            let psu = if has_psu {
                structure.psu_of_ids[&(s, key[prefix + 1])] as u32
            } else {
                u32::MAX
            };
            (structure.stratum_of_id[&s] as u32, psu)
        })
        .unzip();
    let owned_pass = Pass::new(
        std::mem::take(&mut accumulated.cells),
        std::mem::take(&mut accumulated.category_sums),
        cell_stratum,
        cell_psu,
    );
    let pass = &owned_pass;
    let mut results = Results {
        estimates: Vec::new(),
        warnings: Vec::new(),
        influences: Vec::new(),
        replicate_scales: replication.scales().cloned(),
        cross,
        structure,
        pass: Pass::default(),
        policy: design.lonely_psu,
        file: file.to_owned(),
        strata: design.strata.clone(),
    };
    for (t, (target, input)) in request.targets.iter().zip(&layout.targets).enumerate() {
        let offset = accumulated.offsets[t];
        // Proportion categories: every value met among the rows used, in R's order.
        let mut levels: Vec<u32> = Vec::new();
        if matches!(input, TargetInput::Categories(_)) {
            levels = pass
                .category_sums
                .keys()
                .filter(|k| k.1 == t)
                .map(|k| k.2)
                .collect();
            levels.sort_unstable();
            levels.dedup();
            let ranks = accumulated.categories[t].ranks();
            levels.sort_unstable_by_key(|&l| ranks[l as usize]);
        }
        let level_values: Vec<Value> = levels
            .iter()
            .filter_map(|&l| accumulated.categories[t].keys[l as usize].value())
            .collect();
        for (domain_number, domain) in domains.iter().enumerate() {
            // The domain's cells where the target has an observation.
            let slot = 2 + 2 * t;
            let used = || {
                domain
                    .cells
                    .clone()
                    .filter(move |&c| pass.count(slot, c) > 0)
            };
            let feature = |cell: usize, k: usize, moment: usize| {
                pass.sum(offset + k * per_feature + moment, cell)
            };
            // One scan of the domain's cells: the counts and every feature's total.
            let (mut n, mut nonzero) = (0u64, 0u64);
            let mut totals = [Dd::default(); 6];
            for c in used() {
                n += pass.count(slot, c);
                nonzero += pass.count(slot + 1, c);
                for (k, total) in totals.iter_mut().enumerate().take(input.features()) {
                    *total += feature(c, k, 0);
                }
            }
            let total_of = |k: usize| totals[k];
            // Per-cell sums for the estimators: only without PSUs (with PSUs the scores are
            // computed from the pass when a covariance needs them).
            let per_cell = |k: usize| -> Vec<Dd> {
                if has_psu {
                    Vec::new()
                } else {
                    used().map(|c| feature(c, k, 0)).collect()
                }
            };
            let weighted_n = total_of(0).value();
            let influence_cells = |linearized: &Linearized| -> Vec<InfluenceCell> {
                if has_psu {
                    return Vec::new();
                }
                used()
                    .enumerate()
                    .map(|(i, c)| InfluenceCell {
                        stratum: pass.stratum[c] as usize,
                        cell: c,
                        psu: None,
                        z: linearized.scores.per_cell[i].value(),
                        moments: linearized.scores.moment_products.as_ref().map(|m| {
                            Box::new(CellMoments {
                                moment_products: Some(m[i].clone()),
                                level_moments: None,
                            })
                        }),
                    })
                    .collect()
            };
            let categories: Vec<Option<Value>> = match target {
                Target::Proportion(_) => level_values.iter().cloned().map(Some).collect(),
                _ => vec![None],
            };
            let base = Estimate {
                breakdown: domain.breakdown,
                domain: domain.values.clone(),
                statistic: target.statistic(),
                variable: target.variable(),
                level: None,
                estimate: f64::NAN,
                se: f64::NAN,
                ci_lower: f64::NAN,
                ci_upper: f64::NAN,
                deff: None,
                df: None,
                confidence: request.level,
                n,
                weighted_n,
                reliability: Reliability::of(n, request.reliability),
            };
            if n == 0 {
                // Nothing observed in this domain (every value missing): no estimate, rather
                // than R's misleading 0 with SE 0.
                results.warnings.push(format!(
                    "{}: no estimate of {} for {}: every value is missing there",
                    file,
                    target.variable(),
                    describe_domain(request, domain)
                ));
                for level in categories {
                    results.estimates.push(Estimate {
                        level,
                        reliability: Reliability::Unavailable,
                        ..base.clone()
                    });
                    results.influences.push(None);
                }
                continue;
            }
            // The observations the design effect's SRS variance counts: R counts those of
            // non-zero weight under linearization, every row used on replicate weights.
            let observations = if replication.scales().is_some() {
                n as f64
            } else {
                nonzero as f64
            };
            let mut linearized: Vec<(Option<Value>, Linearized, Point)> = Vec::new();
            match target {
                Target::Mean(_) | Target::Total(_) => {
                    let sums = MeanSums {
                        w: per_cell(0),
                        wy: per_cell(1),
                        total_w: total_of(0),
                        total_wy: total_of(1),
                        total_wyy: total_of(2),
                        second: second.then(|| {
                            used()
                                .map(|c| [feature(c, 0, 1), feature(c, 1, 1), feature(c, 2, 1)])
                                .collect()
                        }),
                    };
                    let result = if matches!(target, Target::Mean(_)) {
                        estimators::mean(&sums, observations)
                    } else {
                        estimators::total(&sums, observations)
                    };
                    let point = if matches!(target, Target::Mean(_)) {
                        Point::Mean
                    } else {
                        Point::Total
                    };
                    linearized.push((None, result, point));
                }
                Target::Ratio { .. } => {
                    let sums = RatioSums {
                        wy: per_cell(1),
                        wx: per_cell(2),
                        totals: [0, 1, 2, 3, 4, 5].map(total_of),
                        second: second.then(|| {
                            used()
                                .map(|c| [feature(c, 3, 1), feature(c, 4, 1), feature(c, 5, 1)])
                                .collect()
                        }),
                    };
                    linearized.push((None, estimators::ratio(&sums, observations), Point::Ratio));
                }
                Target::Proportion(_) => {
                    for (&level, value) in levels.iter().zip(&level_values) {
                        let in_level = |cell: usize, moment: usize| {
                            pass.category_sums
                                .get(&(cell, t, level))
                                .map_or(Dd::default(), |s| s[moment])
                        };
                        let total_wl = used().fold(Dd::default(), |a, c| a + in_level(c, 0));
                        let sums = MeanSums {
                            w: per_cell(0),
                            wy: if has_psu {
                                Vec::new()
                            } else {
                                used().map(|c| in_level(c, 0)).collect()
                            },
                            total_w: total_of(0),
                            total_wy: total_wl,
                            total_wyy: total_wl,
                            second: second.then(|| {
                                used()
                                    .map(|u| [feature(u, 0, 1), in_level(u, 1), in_level(u, 1)])
                                    .collect()
                            }),
                        };
                        linearized.push((
                            Some(value.clone()),
                            estimators::mean(&sums, observations),
                            Point::Level(level),
                        ));
                    }
                }
            }
            // A replicate design's degrees of freedom, once per domain.
            let mut domain_df: Option<f64> = None;
            for (level, result, point) in linearized {
                let [center, inverse] = result.scale;
                let lazy = has_psu.then(|| LazyScores {
                    cells: domain.cells.clone(),
                    used: slot,
                    kind: match point {
                        Point::Mean => ScoreKind::Linear {
                            y: offset + per_feature,
                            x: offset,
                            center,
                            inverse,
                        },
                        Point::Total => ScoreKind::Total {
                            y: offset + per_feature,
                        },
                        Point::Ratio => ScoreKind::Linear {
                            y: offset + per_feature,
                            x: offset + 2 * per_feature,
                            center,
                            inverse,
                        },
                        Point::Level(level) => ScoreKind::Level {
                            target: t,
                            level,
                            x: offset,
                            center,
                            inverse,
                        },
                    },
                });
                let mut influence = Influence {
                    group: (domain.breakdown, domain_number, t),
                    level: None,
                    coefficients: result.scores.coefficients.clone(),
                    cells: influence_cells(&result),
                    lazy,
                    replicates: None,
                };
                if let Point::Level(l) = point {
                    influence.level = Some(l);
                    if second {
                        for (cell, u) in influence.cells.iter_mut().zip(used()) {
                            let in_level = pass
                                .category_sums
                                .get(&(u, t, l))
                                .map_or(Dd::default(), |s| s[1]);
                            cell.moments.get_or_insert_default().level_moments =
                                Some([feature(u, 0, 1), in_level]);
                        }
                    }
                }
                let estimate = result.estimate;
                let (se, interval, df, deff) = if let Some(scales) = replication.scales() {
                    // The replicate estimates, from the replicates' sums.
                    let features = |cell: usize, slot: usize| -> [Dd; 2] {
                        let at = |k: usize| pass.sum(offset + k * per_feature + slot, cell);
                        match point {
                            Point::Mean | Point::Total => [at(0), at(1)],
                            Point::Ratio => [at(1), at(2)],
                            Point::Level(l) => [
                                at(0),
                                pass.category_sums
                                    .get(&(cell, t, l))
                                    .map_or(Dd::default(), |c| c[slot]),
                            ],
                        }
                    };
                    let thetas: Vec<f64> = match &replication {
                        Replication::None => Vec::new(),
                        Replication::Given(_) => (0..layout.replicates.len())
                            .map(|r| {
                                let slot = layout.replicate_slot(r);
                                let total = used().fold([Dd::default(); 2], |acc, c| {
                                    let f = features(c, slot);
                                    [acc[0] + f[0], acc[1] + f[1]]
                                });
                                point.of([total[0].value(), total[1].value()])
                            })
                            .collect(),
                        Replication::Converted(converted) => {
                            let per_psu: Vec<(usize, Vec<Dd>)> = used()
                                .map(|c| (pass.psu[c] as usize, features(c, 0).to_vec()))
                                .collect();
                            replicate::converted_totals(
                                &converted.recipes,
                                &results.structure,
                                &per_psu,
                                2,
                            )
                            .iter()
                            .map(|f| point.of([f[0], f[1]]))
                            .collect()
                        }
                    };
                    let deviations = replicate::deviations(estimate, &thetas, scales);
                    let variance =
                        replicate::replicate_covariance(&deviations, &deviations, scales);
                    let se = variance.sqrt();
                    let (interval, df) = match point {
                        Point::Level(_) => {
                            // R: svyciprop refits the logit under every replicate.
                            let logit = |p: f64| (p / (1.0 - p)).ln();
                            let logits: Vec<f64> = thetas.iter().map(|&p| logit(p)).collect();
                            let d = replicate::deviations(logit(estimate), &logits, scales);
                            let logit_se = replicate::replicate_covariance(&d, &d, scales).sqrt();
                            let df = *domain_df.get_or_insert_with(|| {
                                replicate_df(
                                    &replication,
                                    pass,
                                    &layout,
                                    &results.structure,
                                    domain,
                                )
                            });
                            (
                                logit_interval_of_se(estimate, logit_se, df, request.level),
                                Some(df),
                            )
                        }
                        _ => (normal_interval(estimate, se, request.level), None),
                    };
                    // R gives no design effect for a ratio on replicate weights.
                    let deff = match point {
                        Point::Ratio => None,
                        _ => result.srs_variance.map(|s| variance / s),
                    };
                    influence.replicates = Some(deviations);
                    (se, interval, df, deff)
                } else {
                    let variance = covariance(
                        &influence,
                        &influence,
                        &results.structure,
                        design.lonely_psu,
                        Scope::Domain,
                        &results.cross,
                        pass,
                    )
                    .map_err(|e| match e {
                        CovarianceError::Lonely(h) => results.lonely(h),
                        CovarianceError::CrossVariable | CovarianceError::CrossBreakdown => {
                            SurveyError::Internal("a variance without its moments".to_owned())
                        }
                    })?;
                    let se = variance.sqrt();
                    let (interval, df) = match target {
                        Target::Proportion(_) => (
                            logit_interval(estimate, se, domain.df, request.level),
                            Some(domain.df),
                        ),
                        _ => (normal_interval(estimate, se, request.level), None),
                    };
                    (se, interval, df, result.srs_variance.map(|s| variance / s))
                };
                let reliability = if estimate.is_finite() {
                    base.reliability
                } else {
                    results.warnings.push(format!(
                        "{}: no estimate of {} for {}: {}",
                        file,
                        target.variable(),
                        describe_domain(request, domain),
                        if matches!(point, Point::Ratio) {
                            "the denominator's total is zero"
                        } else {
                            "the weights there sum to zero"
                        }
                    ));
                    Reliability::Unavailable
                };
                results.estimates.push(Estimate {
                    level,
                    estimate,
                    se,
                    reliability,
                    ci_lower: interval.0,
                    ci_upper: interval.1,
                    deff,
                    df,
                    ..base.clone()
                });
                results.influences.push(Some(influence));
            }
        }
    }
    results.pass = owned_pass;
    Ok(results)
}

/// A domain in words: `HH6 = 2, HH7 = 3`, or "the whole population".
fn describe_domain(request: &Request, domain: &Domain) -> String {
    let breakdowns = request.effective_breakdowns();
    let names = &breakdowns[domain.breakdown];
    if names.is_empty() {
        return "the whole population".to_owned();
    }
    names
        .iter()
        .zip(&domain.values)
        .map(|(name, value)| format!("{name} = {value}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How an estimate is computed from its two feature totals (see [`run`]).
#[derive(Debug, Clone, Copy)]
enum Point {
    /// `Σwy / Σw`.
    Mean,
    /// `Σwy`.
    Total,
    /// `Σwy / Σwx`.
    Ratio,
    /// `Σw·[y = level] / Σw`, the level's category id.
    Level(u32),
}

impl Point {
    /// The estimate from its two totals (`Σw, Σwy`; for a ratio `Σwy, Σwx`).
    fn of(self, f: [f64; 2]) -> f64 {
        match self {
            Self::Mean | Self::Level(_) => f[1] / f[0],
            Self::Ratio => f[0] / f[1],
            Self::Total => f[1],
        }
    }
}

/// Where a request's replicates come from.
enum Replication {
    None,
    Given(Scales),
    Converted(replicate::Converted),
}

impl Replication {
    fn scales(&self) -> Option<&Scales> {
        match self {
            Self::None => None,
            Self::Given(scales) => Some(scales),
            Self::Converted(converted) => Some(&converted.scales),
        }
    }
}

/// R's `degf()` of a replicate design restricted to a domain: the rank of its rows'
/// replicate weights, minus one.
#[expect(clippy::needless_range_loop, reason = "symmetric matrix indices")]
fn replicate_df(
    replication: &Replication,
    pass: &Pass,
    layout: &Layout,
    structure: &Structure,
    domain: &Domain,
) -> f64 {
    let gram: Vec<Vec<f64>> = match replication {
        Replication::None => return f64::NAN,
        Replication::Given(_) => {
            let r = layout.replicates.len();
            let mut gram = vec![vec![0.0; r]; r];
            let start = layout.gram_offset();
            for cell in domain.cells.clone() {
                let mut at = start;
                // The upper triangle, row by row, mirrored.
                for i in 0..r {
                    for j in i..r {
                        let value = pass.sum(at, cell).value();
                        at += 1;
                        gram[i][j] += value;
                        if i != j {
                            gram[j][i] += value;
                        }
                    }
                }
            }
            gram
        }
        Replication::Converted(converted) => {
            let r = converted.recipes.len();
            let mut gram = vec![vec![0.0; r]; r];
            let at = layout.kept_squares_offset();
            for cell in domain.cells.clone() {
                let squares = pass.sum(at, cell).value();
                if squares == 0.0 {
                    continue;
                }
                let psu = pass.psu[cell] as usize;
                let multipliers: Vec<f64> = converted
                    .recipes
                    .iter()
                    .map(|recipe| replicate::multiplier(recipe, psu, structure))
                    .collect();
                for i in 0..r {
                    for j in 0..r {
                        gram[i][j] += squares * multipliers[i] * multipliers[j];
                    }
                }
            }
            gram
        }
    };
    replicate::gram_rank(&gram) as f64 - 1.0
}
