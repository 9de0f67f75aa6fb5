//! The grouped-sum plan on DataFusion and the step that turns its sums into estimates.
//!
//! One aggregate plan computes, for every (domain × stratum × PSU) group, the weighted sums
//! each estimator needs, plus the design checks (missing or negative weights, missing strata
//! or PSUs, FPC values). The plan is the only pass over the microdata; everything after it
//! runs on the grouped sums, locally, in [`crate::variance`].

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, RecordBatch, UInt64Array};
use arrow::compute::{cast, concat_batches};
use arrow::datatypes::{DataType, Field, Float64Type, Int64Type, Schema, SchemaRef};
use datafusion::datasource::MemTable;
use datafusion::functions_aggregate::expr_fn::{max, min, sum};
use datafusion::logical_expr::{Expr, cast as cast_expr, ident, lit, when};
use datafusion::prelude::{DataFrame, SessionConfig, SessionContext};

use crate::design::LonelyPsu;
use crate::error::SurveyError;
use crate::estimate::{Estimate, Value};
use crate::estimators::{self, Sums};
use crate::request::{Request, Target};
use crate::variance::StratumScores;

/// The column holding each row's 1-based position in the file.
const ROW: &str = "__tendik_row";

/// Microdata to estimate from: Arrow batches and the name of the file they came from.
#[derive(Debug, Clone)]
pub struct SurveyData {
    /// The file name, used in messages.
    pub name: String,
    /// The schema of `batches`.
    pub schema: SchemaRef,
    /// The rows, with user-defined missing values already null.
    pub batches: Vec<RecordBatch>,
}

/// A hashable group key: a domain value, stratum or PSU.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Null,
    Int(i64),
    Float(u64),
    Text(String),
}

impl Key {
    fn value(&self) -> Option<Value> {
        match self {
            Self::Null => None,
            Self::Int(value) => Some(Value::Int(*value)),
            Self::Float(bits) => Some(Value::Float(f64::from_bits(*bits))),
            Self::Text(text) => Some(Value::Text(text.clone())),
        }
    }
}

/// A column of group keys turned into [`Key`]s.
fn keys_of(array: &ArrayRef) -> Result<Vec<Key>, SurveyError> {
    let data_type = array.data_type();
    let keys = if data_type.is_integer() || *data_type == DataType::Boolean {
        let ints = cast(array, &DataType::Int64)?;
        ints.as_primitive::<Int64Type>()
            .iter()
            .map(|v| v.map_or(Key::Null, Key::Int))
            .collect()
    } else if data_type.is_floating() || matches!(data_type, DataType::Decimal128(..)) {
        let floats = cast(array, &DataType::Float64)?;
        floats
            .as_primitive::<Float64Type>()
            .iter()
            .map(|v| v.map_or(Key::Null, |v| Key::Float((v + 0.0).to_bits())))
            .collect()
    } else {
        let texts = cast(array, &DataType::Utf8)?;
        texts
            .as_string::<i32>()
            .iter()
            .map(|v| v.map_or(Key::Null, |v| Key::Text(v.to_owned())))
            .collect()
    };
    Ok(keys)
}

/// A column of the aggregate output as `f64`, nulls as NaN.
fn floats_of(array: &ArrayRef) -> Result<Vec<f64>, SurveyError> {
    let floats = cast(array, &DataType::Float64)?;
    Ok(floats
        .as_primitive::<Float64Type>()
        .iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect())
}

/// Whether a column type can be used as a number.
fn is_numeric(data_type: &DataType) -> bool {
    data_type.is_numeric() || *data_type == DataType::Boolean
}

/// Check that `column` exists, suggesting close names when it does not.
fn require_column(
    schema: &Schema,
    file: &str,
    column: &str,
    option: &str,
) -> Result<DataType, SurveyError> {
    if let Ok(field) = schema.field_with_name(column) {
        return Ok(field.data_type().clone());
    }
    let lower = column.to_lowercase();
    let mut scored: Vec<(f64, &str)> = schema
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .filter(|name| *name != ROW)
        .map(|name| (strsim::jaro_winkler(&lower, &name.to_lowercase()), name))
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    Err(SurveyError::UnknownColumn {
        file: file.to_owned(),
        column: column.to_owned(),
        option: option.to_owned(),
        suggestions: scored
            .iter()
            .take(3)
            .map(|(_, n)| (*n).to_owned())
            .collect(),
    })
}

fn require_numeric(
    schema: &Schema,
    file: &str,
    column: &str,
    option: &str,
) -> Result<(), SurveyError> {
    let data_type = require_column(schema, file, column, option)?;
    if is_numeric(&data_type) {
        Ok(())
    } else {
        Err(SurveyError::NotNumeric {
            file: file.to_owned(),
            column: column.to_owned(),
            option: option.to_owned(),
            found: describe_type(&data_type),
        })
    }
}

fn describe_type(data_type: &DataType) -> String {
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "text".to_owned(),
        other => other.to_string(),
    }
}

/// Validate the request against the data's columns before any work is done.
fn validate(request: &Request, data: &SurveyData) -> Result<(), SurveyError> {
    let file = &data.name;
    let schema = &data.schema;
    if request.targets.is_empty() {
        return Err(SurveyError::BadRequest(
            "nothing to estimate: give --mean, --total, --ratio or --proportion".to_owned(),
        ));
    }
    if !(request.level > 0.0 && request.level < 1.0) {
        return Err(SurveyError::BadRequest(format!(
            "--level {} is not a confidence level; give a number between 0 and 1, such as 0.95",
            request.level
        )));
    }
    let design = &request.design;
    require_numeric(schema, file, &design.weight, "--weight")?;
    if let Some(strata) = &design.strata {
        require_column(schema, file, strata, "--strata")?;
    }
    if let Some(psu) = &design.psu {
        require_column(schema, file, psu, "--psu")?;
    }
    if let Some(fpc) = &design.fpc {
        require_numeric(schema, file, fpc, "--fpc")?;
    }
    for by in &request.by {
        require_column(schema, file, by, "--by")?;
    }
    for target in &request.targets {
        let option = format!("--{}", target.statistic().name());
        match target {
            Target::Proportion(column) => {
                require_column(schema, file, column, &option)?;
            }
            _ => {
                for column in target.columns() {
                    require_numeric(schema, file, column, &option)?;
                }
            }
        }
    }
    Ok(())
}

/// Add the 1-based row number column to every batch.
fn with_row_numbers(data: &SurveyData) -> Result<(SchemaRef, Vec<RecordBatch>), SurveyError> {
    let mut fields: Vec<Arc<Field>> = data.schema.fields().iter().cloned().collect();
    fields.push(Arc::new(Field::new(ROW, DataType::UInt64, false)));
    let schema = Arc::new(Schema::new(fields));
    let mut start = 1u64;
    let mut batches = Vec::with_capacity(data.batches.len());
    for batch in &data.batches {
        let rows = batch.num_rows() as u64;
        let numbers: ArrayRef = Arc::new(UInt64Array::from_iter_values(start..start + rows));
        start += rows;
        let mut columns = batch.columns().to_vec();
        columns.push(numbers);
        batches.push(RecordBatch::try_new(schema.clone(), columns)?);
    }
    Ok((schema, batches))
}

fn column(name: &str) -> Expr {
    ident(name)
}

fn float(name: &str) -> Expr {
    cast_expr(column(name), DataType::Float64)
}

/// `SUM(CASE WHEN condition THEN value ELSE 0 END)`.
fn sum_if(condition: Expr, value: Expr) -> Result<Expr, SurveyError> {
    Ok(sum(when(condition, value).otherwise(lit(0.0))?))
}

/// `MIN(CASE WHEN condition THEN row END)`: the first row where `condition` holds.
fn first_row_if(condition: Expr) -> Result<Expr, SurveyError> {
    Ok(min(when(condition, column(ROW)).end()?))
}

/// The aggregate columns the plan computes for one target.
#[derive(Debug)]
struct TargetColumns {
    /// Observations used.
    n: usize,
    /// Observations used with a non-zero weight.
    nonzero: usize,
    /// Sum of weights.
    weight: usize,
    /// Further weighted sums, per estimator (see [`Sums`]).
    sums: Vec<usize>,
}

/// Builds the list of aggregate expressions and remembers where each one lands.
struct PlanBuilder {
    offset: usize,
    aggregates: Vec<Expr>,
}

impl PlanBuilder {
    fn push(&mut self, expr: Expr) -> usize {
        let index = self.aggregates.len();
        self.aggregates.push(expr.alias(format!("a{index}")));
        self.offset + index
    }
}

/// Column positions of the design checks in the aggregate output.
#[derive(Debug)]
struct DesignColumns {
    first_row: usize,
    filtered: usize,
    filtered_nonzero: usize,
    weight_null: usize,
    weight_null_row: usize,
    weight_negative: usize,
    weight_negative_row: usize,
    fpc_min: Option<usize>,
    fpc_max: Option<usize>,
    fpc_null: Option<usize>,
    fpc_null_row: Option<usize>,
}

/// Find the categories of each proportion target among the rows used.
async fn proportion_levels(
    frame: &DataFrame,
    filter: Option<&Expr>,
    targets: &[Target],
) -> Result<Vec<Vec<Key>>, SurveyError> {
    let mut levels = Vec::with_capacity(targets.len());
    for target in targets {
        let Target::Proportion(name) = target else {
            levels.push(Vec::new());
            continue;
        };
        let mut condition = column(name).is_not_null();
        if let Some(filter) = filter {
            condition = condition.and(filter.clone());
        }
        let batches = frame
            .clone()
            .filter(condition)?
            .aggregate(vec![column(name)], vec![])?
            .collect()
            .await?;
        let mut keys = Vec::new();
        for batch in &batches {
            keys.extend(keys_of(batch.column(0))?);
        }
        keys.sort_by(|a, b| {
            let (a, b) = (a.value(), b.value());
            match (a, b) {
                (Some(a), Some(b)) => a.total_cmp(&b),
                _ => std::cmp::Ordering::Equal,
            }
        });
        levels.push(keys);
    }
    Ok(levels)
}

/// A literal equal to a category key.
fn key_literal(key: &Key) -> Expr {
    match key {
        Key::Null => lit(datafusion::scalar::ScalarValue::Null),
        Key::Int(value) => lit(*value),
        Key::Float(bits) => lit(f64::from_bits(*bits)),
        Key::Text(text) => lit(text.clone()),
    }
}

/// DataFusion's message without its wrappers (`SQL error: ParserError("…")`, `Schema error: …`).
fn plain_message(error: &datafusion::error::DataFusionError) -> String {
    let mut text = error.strip_backtrace();
    for prefix in ["SQL error: ", "Error during planning: ", "Schema error: "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.to_owned();
        }
    }
    for wrapper in ["ParserError(\"", "TokenizerError(\""] {
        if let Some(rest) = text.strip_prefix(wrapper) {
            text = rest.trim_end_matches("\")").to_owned();
        }
    }
    // The table has no name and the row-number column is ours, not the user's.
    text.replace("\\\"", "\"")
        .replace("\"?table?\".", "")
        .replace(&format!(", {ROW}"), "")
}

/// Parse the `--where` expression against the data's columns.
fn parse_filter(frame: &DataFrame, text: &str) -> Result<Expr, SurveyError> {
    let bad = |message: String| SurveyError::BadFilter {
        expression: text.to_owned(),
        message,
    };
    let expr = frame
        .parse_sql_expr(text)
        .map_err(|e| bad(plain_message(&e)))?;
    let probe = frame
        .clone()
        .select(vec![expr.clone().alias("condition")])
        .map_err(|e| bad(plain_message(&e)))?;
    let data_type = probe.schema().field(0).data_type().clone();
    if data_type != DataType::Boolean && data_type != DataType::Null {
        return Err(bad(format!("it gives {data_type}, not true or false")));
    }
    Ok(expr)
}

/// One group of the aggregate output: a (domain, stratum, PSU) cell.
#[derive(Debug)]
struct Group {
    domain: Vec<Key>,
    stratum: Key,
    psu: Key,
}

/// Estimate every target of `request` in every domain, over the full design.
///
/// # Errors
/// User errors (unknown columns, bad design values, a lonely PSU under `fail`, a bad
/// `--where`, an empty selection) and internal engine failures.
pub async fn estimate(data: &SurveyData, request: &Request) -> Result<Vec<Estimate>, SurveyError> {
    validate(request, data)?;
    let file = data.name.as_str();
    let design = &request.design;
    let (schema, batches) = with_row_numbers(data)?;

    let config =
        SessionConfig::new().set_bool("datafusion.sql_parser.enable_ident_normalization", false);
    let context = SessionContext::new_with_config(config);
    let partitions = context.state().config().target_partitions().max(1);
    let mut split: Vec<Vec<RecordBatch>> = vec![Vec::new(); partitions];
    for (index, batch) in batches.into_iter().enumerate() {
        split[index % partitions].push(batch);
    }
    let table = MemTable::try_new(schema, split)?;
    let frame = context.read_table(Arc::new(table))?;

    let filter = request
        .filter
        .as_deref()
        .map(|text| parse_filter(&frame, text))
        .transpose()?;
    let levels = proportion_levels(&frame, filter.as_ref(), &request.targets).await?;

    // Group columns: domains, stratum, PSU (each row is its own PSU without one). A column
    // may play several parts (a domain that is also the stratum): group by it once.
    let mut group_names: Vec<String> = Vec::new();
    let mut position = |name: &str| -> usize {
        if let Some(found) = group_names.iter().position(|n| n == name) {
            found
        } else {
            group_names.push(name.to_owned());
            group_names.len() - 1
        }
    };
    let by_positions: Vec<usize> = request.by.iter().map(|name| position(name)).collect();
    let stratum_position = design.strata.as_deref().map(&mut position);
    let psu_position = position(design.psu.as_deref().unwrap_or(ROW));
    let group_exprs: Vec<Expr> = group_names.iter().map(|name| column(name)).collect();
    let mut builder = PlanBuilder {
        offset: group_exprs.len(),
        aggregates: Vec::new(),
    };

    let weight = float(&design.weight);
    let filter_condition = filter.clone().unwrap_or_else(|| lit(true));
    let design_columns = DesignColumns {
        first_row: builder.push(min(column(ROW))),
        filtered: builder.push(sum_if(filter_condition.clone(), lit(1.0))?),
        filtered_nonzero: builder.push(sum_if(
            filter_condition
                .clone()
                .and(weight.clone().not_eq(lit(0.0))),
            lit(1.0),
        )?),
        weight_null: builder.push(sum_if(column(&design.weight).is_null(), lit(1.0))?),
        weight_null_row: builder.push(first_row_if(column(&design.weight).is_null())?),
        weight_negative: builder.push(sum_if(weight.clone().lt(lit(0.0)), lit(1.0))?),
        weight_negative_row: builder.push(first_row_if(weight.clone().lt(lit(0.0)))?),
        fpc_min: design.fpc.as_deref().map(|f| builder.push(min(float(f)))),
        fpc_max: design.fpc.as_deref().map(|f| builder.push(max(float(f)))),
        fpc_null: match design.fpc.as_deref() {
            Some(f) => Some(builder.push(sum_if(column(f).is_null(), lit(1.0))?)),
            None => None,
        },
        fpc_null_row: match design.fpc.as_deref() {
            Some(f) => Some(builder.push(first_row_if(column(f).is_null())?)),
            None => None,
        },
    };

    let mut target_columns = Vec::with_capacity(request.targets.len());
    for (target, target_levels) in request.targets.iter().zip(&levels) {
        let mut used = filter_condition.clone();
        for name in target.columns() {
            used = used.and(column(name).is_not_null());
        }
        let n = builder.push(sum_if(used.clone(), lit(1.0))?);
        let nonzero = builder.push(sum_if(
            used.clone().and(weight.clone().not_eq(lit(0.0))),
            lit(1.0),
        )?);
        let weight_sum = builder.push(sum_if(used.clone(), weight.clone())?);
        let mut sums = Vec::new();
        match target {
            Target::Mean(y) | Target::Total(y) => {
                let wy = weight.clone() * float(y);
                sums.push(builder.push(sum_if(used.clone(), wy.clone())?));
                sums.push(builder.push(sum_if(used.clone(), wy * float(y))?));
            }
            Target::Ratio {
                numerator,
                denominator,
            } => {
                let (y, x) = (float(numerator), float(denominator));
                for product in [
                    weight.clone() * y.clone(),
                    weight.clone() * x.clone(),
                    weight.clone() * y.clone() * y.clone(),
                    weight.clone() * x.clone() * x.clone(),
                    weight.clone() * x * y,
                ] {
                    sums.push(builder.push(sum_if(used.clone(), product)?));
                }
            }
            Target::Proportion(y) => {
                for key in target_levels {
                    let is_level = column(y).eq(key_literal(key));
                    sums.push(builder.push(sum_if(used.clone().and(is_level), weight.clone())?));
                }
            }
        }
        target_columns.push(TargetColumns {
            n,
            nonzero,
            weight: weight_sum,
            sums,
        });
    }

    let group_count = group_exprs.len();
    let output = frame
        .aggregate(group_exprs, builder.aggregates)?
        .collect()
        .await?;
    let Some(first) = output.first() else {
        return Err(SurveyError::Empty(format!("{file}: the data has no rows")));
    };
    let output = concat_batches(&first.schema(), &output)?;

    // Group keys.
    let key_columns: Vec<Vec<Key>> = (0..group_count)
        .map(|i| keys_of(output.column(i)))
        .collect::<Result<_, _>>()?;
    let rows = output.num_rows();
    let groups: Vec<Group> = (0..rows)
        .map(|row| Group {
            domain: by_positions
                .iter()
                .map(|&i| key_columns[i][row].clone())
                .collect(),
            stratum: stratum_position.map_or(Key::Int(1), |i| key_columns[i][row].clone()),
            psu: key_columns[psu_position][row].clone(),
        })
        .collect();
    let value = |index: usize| floats_of(output.column(index));

    let design_info = check_design(file, request, &groups, &output, &design_columns)?;

    let filtered = value(design_columns.filtered)?;
    let filtered_nonzero = value(design_columns.filtered_nonzero)?;
    if filtered.iter().sum::<f64>() == 0.0 {
        return Err(SurveyError::Empty(format!(
            "{file}: the --where condition `{}` selects no rows",
            request.filter.as_deref().unwrap_or("")
        )));
    }

    // Domains in sorted order, each with its groups.
    let mut domains: Vec<(Vec<Key>, Vec<usize>)> = Vec::new();
    {
        let mut index: HashMap<&[Key], usize> = HashMap::new();
        for (row, group) in groups.iter().enumerate() {
            if group.domain.contains(&Key::Null) || filtered[row] == 0.0 {
                continue;
            }
            let slot = *index.entry(group.domain.as_slice()).or_insert_with(|| {
                domains.push((group.domain.clone(), Vec::new()));
                domains.len() - 1
            });
            domains[slot].1.push(row);
        }
    }
    // As svyby, a domain exists when it has a row with a non-zero weight.
    domains.retain(|(_, rows)| rows.iter().any(|&r| filtered_nonzero[r] > 0.0));
    domains.sort_by(|a, b| compare_domains(&a.0, &b.0));

    let mut estimates = Vec::new();
    for ((target, columns), target_levels) in
        request.targets.iter().zip(&target_columns).zip(&levels)
    {
        let n = value(columns.n)?;
        let nonzero = value(columns.nonzero)?;
        let weights = value(columns.weight)?;
        let sums: Vec<Vec<f64>> = columns
            .sums
            .iter()
            .map(|&i| value(i))
            .collect::<Result<_, _>>()?;
        for (domain, rows) in &domains {
            let cells: Vec<usize> = rows.iter().copied().filter(|&r| n[r] > 0.0).collect();
            let sums_of = |columns: &[Vec<f64>]| -> Vec<Vec<f64>> {
                columns
                    .iter()
                    .map(|c| cells.iter().map(|&r| c[r]).collect())
                    .collect()
            };
            let cell_sums = Sums {
                n: cells.iter().map(|&r| n[r]).collect(),
                nonzero: cells.iter().map(|&r| nonzero[r]).collect(),
                weight: cells.iter().map(|&r| weights[r]).collect(),
                extra: sums_of(&sums),
            };
            let layout = design_info.layout(&cells);
            // Degrees of freedom as R's degf() of the domain's subset design: PSUs minus
            // strata among its rows with a non-zero weight, whether or not the variable is missing.
            let df = design_info
                .degrees_of_freedom(rows.iter().copied().filter(|&r| filtered_nonzero[r] > 0.0));
            let domain_values: Vec<Value> = domain.iter().filter_map(Key::value).collect();
            let results = estimators::estimate_cell(
                target,
                &cell_sums,
                &layout,
                design.lonely_psu,
                request.level,
                df,
                &target_levels
                    .iter()
                    .filter_map(Key::value)
                    .collect::<Vec<_>>(),
            )
            .map_err(|stratum| SurveyError::LonelyPsu {
                file: file.to_owned(),
                strata: design.strata.clone().unwrap_or_default(),
                stratum: groups[cells[layout.first_cell_of_stratum[stratum]]]
                    .stratum
                    .value()
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            })?;
            for mut result in results {
                result.domain.clone_from(&domain_values);
                estimates.push(result);
            }
        }
    }
    Ok(estimates)
}

fn compare_domains(a: &[Key], b: &[Key]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let ordering = match (x.value(), y.value()) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => x.cmp(y),
        };
        if ordering.is_ne() {
            return ordering;
        }
    }
    std::cmp::Ordering::Equal
}

/// What the variance step needs to know of the design: PSUs per stratum and the FPC.
#[derive(Debug)]
struct DesignInfo {
    /// Stratum index of every group.
    stratum_of_group: Vec<usize>,
    /// PSU index (unique across strata) of every group.
    psu_of_group: Vec<usize>,
    /// PSUs in each stratum in the whole sample.
    psu_count: Vec<usize>,
    /// Population count of PSUs in each stratum, if an FPC was given.
    population: Vec<Option<f64>>,
}

/// How one domain's cells fall into strata and PSUs.
#[derive(Debug)]
pub(crate) struct Layout {
    /// Strata present in the domain, each with the PSU slots its cells go to.
    pub(crate) strata: Vec<StratumLayout>,
    /// For each cell, its stratum (index into `strata`) and PSU slot within it.
    pub(crate) cell_slot: Vec<(usize, usize)>,
    /// For each stratum in `strata`, the first cell in it (for messages).
    pub(crate) first_cell_of_stratum: Vec<usize>,
}

/// One stratum present in a domain.
#[derive(Debug)]
pub(crate) struct StratumLayout {
    pub(crate) n_psu: usize,
    pub(crate) population_psu: Option<f64>,
    pub(crate) present_psus: usize,
}

impl Layout {
    /// The variance of per-cell scores under this layout.
    pub(crate) fn variance(&self, scores: &[f64], policy: LonelyPsu) -> Result<f64, usize> {
        let mut per_stratum: Vec<Vec<f64>> = self
            .strata
            .iter()
            .map(|s| vec![0.0; s.present_psus])
            .collect();
        for (score, &(stratum, slot)) in scores.iter().zip(&self.cell_slot) {
            per_stratum[stratum][slot] += score;
        }
        let strata: Vec<StratumScores<'_>> = self
            .strata
            .iter()
            .zip(&per_stratum)
            .map(|(s, scores)| StratumScores {
                n_psu: s.n_psu,
                population_psu: s.population_psu,
                scores,
            })
            .collect();
        crate::variance::domain_variance(&strata, policy)
    }
}

impl DesignInfo {
    /// Distinct PSUs minus distinct strata among `cells`.
    fn degrees_of_freedom(&self, cells: impl Iterator<Item = usize>) -> f64 {
        let mut strata = std::collections::HashSet::new();
        let mut psus = std::collections::HashSet::new();
        for cell in cells {
            strata.insert(self.stratum_of_group[cell]);
            psus.insert(self.psu_of_group[cell]);
        }
        psus.len() as f64 - strata.len() as f64
    }

    fn layout(&self, cells: &[usize]) -> Layout {
        let mut stratum_index: HashMap<usize, usize> = HashMap::new();
        let mut psu_slot: HashMap<usize, usize> = HashMap::new();
        let mut strata: Vec<StratumLayout> = Vec::new();
        let mut first_cell_of_stratum = Vec::new();
        let mut cell_slot = Vec::with_capacity(cells.len());
        for (position, &cell) in cells.iter().enumerate() {
            let stratum = self.stratum_of_group[cell];
            let local = *stratum_index.entry(stratum).or_insert_with(|| {
                strata.push(StratumLayout {
                    n_psu: self.psu_count[stratum],
                    population_psu: self.population[stratum],
                    present_psus: 0,
                });
                first_cell_of_stratum.push(position);
                strata.len() - 1
            });
            let slot = *psu_slot.entry(self.psu_of_group[cell]).or_insert_with(|| {
                let slot = strata[local].present_psus;
                strata[local].present_psus += 1;
                slot
            });
            cell_slot.push((local, slot));
        }
        Layout {
            strata,
            cell_slot,
            first_cell_of_stratum,
        }
    }
}

/// One row-level design check: the column, per group the number of faulty rows and the
/// first of them, what is wrong and the fix.
struct RowCheck<'a> {
    column: &'a str,
    counts: Vec<f64>,
    first: Vec<f64>,
    problem: &'static str,
    fix: &'static str,
}

/// Check design values over all rows and derive PSU counts and FPCs per stratum.
fn check_design(
    file: &str,
    request: &Request,
    groups: &[Group],
    output: &RecordBatch,
    columns: &DesignColumns,
) -> Result<DesignInfo, SurveyError> {
    let design = &request.design;
    let value = |index: usize| floats_of(output.column(index));
    let first_row = value(columns.first_row)?;
    // The first check that finds a faulty row fails.
    let flagged = |faulty: &dyn Fn(&Group) -> bool| -> Vec<f64> {
        groups
            .iter()
            .map(|g| f64::from(u8::from(faulty(g))))
            .collect()
    };
    let mut checks: Vec<RowCheck> = Vec::new();
    if let Some(strata) = &design.strata {
        checks.push(RowCheck {
            column: strata,
            counts: flagged(&|g| g.stratum == Key::Null),
            first: first_row.clone(),
            problem: "the stratum is missing",
            fix: "every row needs a stratum; fill it in or drop the row before estimating",
        });
    }
    if let Some(psu) = &design.psu {
        checks.push(RowCheck {
            column: psu,
            counts: flagged(&|g| g.psu == Key::Null),
            first: first_row.clone(),
            problem: "the PSU is missing",
            fix: "every row needs a PSU (cluster); fill it in or drop the row before estimating",
        });
    }
    checks.push(RowCheck {
        column: &design.weight,
        counts: value(columns.weight_null)?,
        first: value(columns.weight_null_row)?,
        problem: "the weight is missing",
        fix: "every row needs a weight; give zero weight to rows that should not count",
    });
    checks.push(RowCheck {
        column: &design.weight,
        counts: value(columns.weight_negative)?,
        first: value(columns.weight_negative_row)?,
        problem: "the weight is negative",
        fix: "weights are inverse selection probabilities and must be zero or more",
    });
    if let (Some(fpc), Some(null_col), Some(null_row_col)) =
        (&design.fpc, columns.fpc_null, columns.fpc_null_row)
    {
        checks.push(RowCheck {
            column: fpc,
            counts: value(null_col)?,
            first: value(null_row_col)?,
            problem: "the FPC is missing",
            fix: "give every row its stratum's population count of PSUs or its sampling fraction",
        });
    }
    for RowCheck {
        column,
        counts,
        first,
        problem,
        fix,
    } in checks
    {
        let faulty: Vec<usize> = (0..groups.len()).filter(|&g| counts[g] > 0.0).collect();
        if faulty.is_empty() {
            continue;
        }
        let row = faulty
            .iter()
            .map(|&g| first[g])
            .fold(f64::INFINITY, f64::min);
        let count: f64 = faulty.iter().map(|&g| counts[g]).sum();
        let others = if count > 1.0 {
            format!(" (and {} more rows)", count - 1.0)
        } else {
            String::new()
        };
        return Err(SurveyError::BadDesignValue {
            file: file.to_owned(),
            row: row as u64,
            column: column.to_owned(),
            problem: format!("{problem}{others}; {fix}"),
        });
    }

    // Strata and PSUs.
    let mut stratum_ids: HashMap<&Key, usize> = HashMap::new();
    let mut psu_ids: HashMap<(usize, &Key), usize> = HashMap::new();
    let mut stratum_of_group = Vec::with_capacity(groups.len());
    let mut psu_of_group = Vec::with_capacity(groups.len());
    let mut psu_count: Vec<usize> = Vec::new();
    let mut stratum_keys: Vec<&Key> = Vec::new();
    for group in groups {
        let stratum = *stratum_ids.entry(&group.stratum).or_insert_with(|| {
            psu_count.push(0);
            stratum_keys.push(&group.stratum);
            psu_count.len() - 1
        });
        let next = psu_ids.len();
        let psu = *psu_ids.entry((stratum, &group.psu)).or_insert_with(|| {
            psu_count[stratum] += 1;
            next
        });
        stratum_of_group.push(stratum);
        psu_of_group.push(psu);
    }

    let mut population = vec![None; psu_count.len()];
    if let (Some(fpc), Some(min_col), Some(max_col)) =
        (&design.fpc, columns.fpc_min, columns.fpc_max)
    {
        let lows = value(min_col)?;
        let highs = value(max_col)?;
        let mut low = vec![f64::INFINITY; psu_count.len()];
        let mut high = vec![f64::NEG_INFINITY; psu_count.len()];
        for (row, &stratum) in stratum_of_group.iter().enumerate() {
            low[stratum] = low[stratum].min(lows[row]);
            high[stratum] = high[stratum].max(highs[row]);
        }
        let bad = |problem: String| SurveyError::BadFpc {
            file: file.to_owned(),
            column: fpc.clone(),
            problem,
        };
        let stratum_name = |s: usize| {
            stratum_keys[s]
                .value()
                .map(|v| v.to_string())
                .unwrap_or_default()
        };
        for s in 0..psu_count.len() {
            if low[s] < high[s] {
                return Err(bad(format!(
                    "the FPC differs within stratum {} ({} and {}); it must be one value per stratum",
                    stratum_name(s),
                    low[s],
                    high[s]
                )));
            }
        }
        let fractions = high.iter().all(|&v| v <= 1.0);
        if !fractions && low.iter().any(|&v| v < 1.0) {
            return Err(bad("the FPC mixes sampling fractions (at most 1) and population counts (more than 1); use one kind".to_owned()));
        }
        for s in 0..psu_count.len() {
            let n = psu_count[s] as f64;
            let given = low[s];
            if given <= 0.0 || !given.is_finite() {
                return Err(bad(format!(
                    "stratum {} has FPC {given}; it must be positive",
                    stratum_name(s)
                )));
            }
            let population_psu = if fractions { n / given } else { given };
            if population_psu < n {
                return Err(bad(format!(
                    "stratum {} has {n} sampled PSUs but an FPC of {given} PSUs in the population; the population cannot be smaller than the sample",
                    stratum_name(s)
                )));
            }
            population[s] = Some(population_psu);
        }
    }

    Ok(DesignInfo {
        stratum_of_group,
        psu_of_group,
        psu_count,
        population,
    })
}
