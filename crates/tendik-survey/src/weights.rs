//! Replicate weights written out: R's `weights(as.svrepdesign(design, type), "analysis")`,
//! row by row in the data's order, replicates numbered as R numbers them (strata, then
//! their PSUs, in order of first appearance).

use std::collections::HashMap;

use datafusion::logical_expr::{cast, ident};
use futures::StreamExt;

use crate::data::SurveyData;
use crate::design::{Conversion, Design, ReplicateSource, Replicates};
use crate::error::SurveyError;
use crate::keys::{Key, KeyDict, floats};
use crate::replicate::{self, Recipe};
use crate::request::{Request, Target};
use crate::structure::{Structure, populations};

fn psu_count_len(psu_stratum: &[usize]) -> usize {
    psu_stratum.iter().max().map_or(0, |h| h + 1)
}

/// A design's replicate weights.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicateWeights {
    /// One column per replicate, one weight per row in the data's order.
    pub columns: Vec<Vec<f64>>,
    /// The variance's overall scale.
    pub scale: f64,
    /// Per-replicate scales.
    pub rscales: Vec<f64>,
    /// Whether the variance is centred on the full-sample estimate.
    pub mse: bool,
    /// For each replicate, the stratum and PSU it leaves out (jackknives; `None` for the
    /// bootstrap).
    pub dropped: Vec<Option<(String, String)>>,
}

/// The replicate weights of `design` under `conversion`, as R's `as.svrepdesign`.
///
/// # Errors
/// As estimation with that design (bad design values, lonely PSUs under `fail`, a `JK1` of a
/// stratified design or a `JKn` of an unstratified one).
pub async fn replicate_weights(
    data: &SurveyData,
    design: &Design,
    conversion: Conversion,
    mse: bool,
) -> Result<ReplicateWeights, SurveyError> {
    let replicates = Replicates {
        source: ReplicateSource::Convert(conversion),
        scale: None,
        rscales: None,
        fay_rho: None,
        mse,
    };
    // The engine's checks of the design, once, on the weight's total.
    let mut checked = design.clone();
    checked.replicates = Some(replicates.clone());
    crate::engine::run(
        data,
        &Request::new(checked, vec![Target::Total(design.weight.clone())]),
    )
    .await?;

    // The rows in order: weight, stratum, PSU, FPC.
    let mut exprs = vec![cast(
        ident(&design.weight),
        arrow::datatypes::DataType::Float64,
    )];
    for column in [&design.strata, &design.psu].into_iter().flatten() {
        exprs.push(ident(column));
    }
    if let Some(fpc) = &design.fpc {
        exprs.push(cast(ident(fpc), arrow::datatypes::DataType::Float64));
    }
    let frame = crate::data::in_file_order(data.frame.clone().select(exprs)?);
    let mut strata_dict = KeyDict::new();
    let mut psu_dict = KeyDict::new();
    let mut weights = Vec::new();
    let mut row_psu: Vec<usize> = Vec::new();
    let mut stratum_index: HashMap<Key, usize> = HashMap::new();
    let mut stratum_keys: Vec<Key> = Vec::new();
    let mut psu_index: HashMap<(usize, Key), usize> = HashMap::new();
    let mut psu_keys: Vec<Key> = Vec::new();
    let mut psu_stratum: Vec<usize> = Vec::new();
    let mut psu_count: Vec<usize> = Vec::new();
    let mut low: Vec<f64> = Vec::new();
    let mut high: Vec<f64> = Vec::new();
    let mut row = 0i64;
    for mut stream in frame.execute_stream_partitioned().await? {
        while let Some(batch) = stream.next().await {
            let batch = batch?;
            let w = floats(batch.column(0))?;
            let mut at = 1;
            let mut stratum_ids = Vec::new();
            if design.strata.is_some() {
                strata_dict.ids(batch.column(at), &mut stratum_ids)?;
                at += 1;
            }
            let mut psu_ids = Vec::new();
            if design.psu.is_some() {
                psu_ids.clear();
                psu_dict.ids(batch.column(at), &mut psu_ids)?;
                at += 1;
            }
            let fpc = if design.fpc.is_some() {
                Some(floats(batch.column(at))?)
            } else {
                None
            };
            for i in 0..batch.num_rows() {
                row += 1;
                let stratum_key = if design.strata.is_some() {
                    strata_dict.keys[stratum_ids[i] as usize].clone()
                } else {
                    Key::Int(1)
                };
                let h = *stratum_index.entry(stratum_key.clone()).or_insert_with(|| {
                    stratum_keys.push(stratum_key.clone());
                    psu_count.push(0);
                    low.push(f64::INFINITY);
                    high.push(f64::NEG_INFINITY);
                    stratum_keys.len() - 1
                });
                let psu_key = if design.psu.is_some() {
                    psu_dict.keys[psu_ids[i] as usize].clone()
                } else {
                    Key::Int(row)
                };
                let j = *psu_index.entry((h, psu_key.clone())).or_insert_with(|| {
                    psu_keys.push(psu_key.clone());
                    psu_stratum.push(h);
                    psu_count[h] += 1;
                    psu_stratum.len() - 1
                });
                if let Some(f) = fpc.as_ref().and_then(|f| f[i]) {
                    low[h] = low[h].min(f);
                    high[h] = high[h].max(f);
                }
                weights.push(w[i].unwrap_or(0.0));
                row_psu.push(j);
            }
        }
    }
    let population = match &design.fpc {
        Some(fpc) => populations(&data.name, fpc, &stratum_keys, &psu_count, &low, &high)?,
        None => vec![None; psu_count.len()],
    };
    let structure = Structure {
        stratum_of_id: crate::keys::FastMap::default(),
        stratum_keys,
        psu_count,
        population,
        psu_of_ids: crate::keys::FastMap::default(),
        kept: vec![1; psu_count_len(&psu_stratum)],
        psu_stratum,
        psu_keys: psu_keys.clone(),
    };
    let converted = replicate::convert(
        conversion,
        &replicates,
        &structure,
        design.strata.as_deref(),
        design.lonely_psu,
        &data.name,
    )?;
    let columns = converted
        .recipes
        .iter()
        .map(|recipe| {
            weights
                .iter()
                .zip(&row_psu)
                .map(|(w, &j)| replicate::multiplier(recipe, j, &structure) * w)
                .collect()
        })
        .collect();
    let dropped = converted
        .recipes
        .iter()
        .map(|recipe| match recipe {
            Recipe::Drop {
                psu,
                stratum: Some(h),
                ..
            } => Some((
                structure.stratum_keys[*h].describe(),
                psu_keys[*psu].describe(),
            )),
            Recipe::Drop {
                psu, stratum: None, ..
            } => Some((
                structure.stratum_keys[structure.psu_stratum[*psu]].describe(),
                psu_keys[*psu].describe(),
            )),
            Recipe::Multipliers(_) => None,
        })
        .collect();
    Ok(ReplicateWeights {
        columns,
        scale: converted.scales.scale,
        rscales: converted.scales.rscales,
        mse,
        dropped,
    })
}
