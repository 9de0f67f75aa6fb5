//! The projected plan: the one scan of the rows, reduced to the columns a request reads.
//!
//! The plan is the source frame with the request's definitions, then one projection:
//! the weight, stratum, PSU and FPC, the filter as a true/false flag, each domain variable
//! once, and each target's values (`f64` for means, totals and ratios; as stored for
//! proportions). DataFusion pushes the projection into the scan, so a Parquet file decodes
//! only those columns. Nothing in it belongs to one process (no in-memory state; rows are
//! numbered, by a window function in the source's order, only when replicates are made
//! from a design without PSUs), so the same logical plan can run elsewhere.

use arrow::datatypes::DataType;
use datafusion::logical_expr::{Expr, cast, ident, lit, when};
use datafusion::prelude::DataFrame;

use crate::accumulate::{Layout, TargetInput};
use crate::design::ReplicateSource;
use crate::error::SurveyError;
use crate::request::{Request, Target};

/// The row number given to designs without PSUs whose replicates are made by dropping rows.
const ROW: &str = "__tendik_row";

/// Collects the projected expressions, each once.
struct Projection {
    exprs: Vec<Expr>,
    keys: Vec<String>,
}

impl Projection {
    fn push(&mut self, key: String, expr: Expr) -> usize {
        if let Some(found) = self.keys.iter().position(|k| *k == key) {
            return found;
        }
        let index = self.exprs.len();
        self.exprs.push(expr.alias(format!("c{index}")));
        self.keys.push(key);
        index
    }

    fn raw(&mut self, name: &str) -> usize {
        self.push(format!("raw:{name}"), ident(name))
    }

    fn float(&mut self, name: &str) -> usize {
        self.push(format!("f64:{name}"), cast(ident(name), DataType::Float64))
    }
}

/// The projected frame and where each part of the request sits in it.
pub(crate) fn project(
    request: &Request,
    frame: DataFrame,
    filter: Option<Expr>,
    replicate_columns: &[String],
) -> Result<(DataFrame, Layout), SurveyError> {
    let design = &request.design;
    let mut projection = Projection {
        exprs: Vec::new(),
        keys: Vec::new(),
    };
    let weight = projection.float(&design.weight);
    let stratum = design.strata.as_deref().map(|s| projection.raw(s));
    let converted = matches!(
        design.replicates.as_ref().map(|r| &r.source),
        Some(ReplicateSource::Convert(_))
    );
    let mut frame = frame;
    let psu = match design.psu.as_deref() {
        Some(p) => Some(projection.raw(p)),
        None if converted => {
            // Replicates made from a design without PSUs drop one row each: number the
            // rows, in the source's order (so the numbers are the same on every run).
            let number = datafusion::functions_window::expr_fn::row_number().alias(ROW);
            frame = crate::data::in_file_order(frame).window(vec![number])?;
            Some(projection.raw(ROW))
        }
        None => None,
    };
    let fpc = design.fpc.as_deref().map(|f| projection.float(f));
    let keep = projection.push(
        "keep".to_owned(),
        match filter {
            Some(condition) => when(condition, lit(true)).otherwise(lit(false))?,
            None => lit(true),
        },
    );
    let mut domain_names: Vec<String> = Vec::new();
    let mut domain_columns = Vec::new();
    let mut breakdowns = Vec::new();
    for breakdown in request.effective_breakdowns() {
        let mut indices = Vec::new();
        for name in breakdown {
            let index = if let Some(found) = domain_names.iter().position(|n| *n == name) {
                found
            } else {
                domain_columns.push(projection.raw(&name));
                domain_names.push(name.clone());
                domain_names.len() - 1
            };
            indices.push(index);
        }
        breakdowns.push(indices);
    }
    let targets = request
        .targets
        .iter()
        .map(|target| match target {
            Target::Mean(y) | Target::Total(y) => TargetInput::Single(projection.float(y)),
            Target::Ratio {
                numerator,
                denominator,
            } => TargetInput::Pair(projection.float(numerator), projection.float(denominator)),
            Target::Proportion(y) => TargetInput::Categories(projection.raw(y)),
        })
        .collect();
    let layout = Layout {
        weight,
        stratum,
        psu,
        fpc,
        keep,
        domain_columns,
        domain_names,
        breakdowns,
        targets,
        second_moments: psu.is_none() && design.replicates.is_none(),
        cross_pairs: Vec::new(),
        replicates: replicate_columns
            .iter()
            .map(|c| projection.float(c))
            .collect(),
        kept_squares: converted,
        gram: !replicate_columns.is_empty()
            && request
                .targets
                .iter()
                .any(|t| matches!(t, Target::Proportion(_))),
    };
    let mut layout = layout;
    if layout.second_moments && request.covariances {
        let numeric: Vec<usize> = (0..layout.targets.len())
            .filter(|&t| !matches!(layout.targets[t], TargetInput::Categories(_)))
            .collect();
        for (i, &a) in numeric.iter().enumerate() {
            for &b in &numeric[i + 1..] {
                layout.cross_pairs.push((a, b));
            }
        }
    }
    let frame = frame.select(projection.exprs)?;
    Ok((frame, layout))
}
