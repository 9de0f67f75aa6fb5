//! `[wealth]`: the DHS/MICS wealth index computed from the plan's household items and added
//! to one of its files as two columns (a score and its quintile), so that a survey without
//! `windex5` still gets the wealth breakdown.
//!
//! The file's rows are read once, in file order, and each item's SQL expression (with
//! `label(COL)` rewritten over the codebook) is checked as the engine checks a definition,
//! then evaluated on the rows in memory into a column of numbers (true 1, false 0, NULL
//! missing). tendik-measures' [`WealthIndex`] (or DHS's [`CombinedIndex`] with `combined`)
//! is fitted on the households of `where`, and the score and quintile are added to the file
//! with their labels in its codebook, before any unit is built: units joining the file see
//! them as they see its own columns. A file that already has the quintile column keeps it
//! unless `replace = true`. What was done is in [`WealthRecord`], in the run's manifest.

use std::collections::HashSet;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Field, FieldRef, Schema, SchemaRef};
use datafusion::common::DFSchema;
use datafusion::error::DataFusionError;
use datafusion::optimizer::simplify_expressions::{ExprSimplifier, SimplifyContext};
use datafusion::prelude::SessionContext;
use serde::Serialize;
use tendik_ingest::{Codebook, LabelValue, Measure, ValueLabel, Variable};
use tendik_measures::wealth::{
    Area, CombinedIndex, CombinedItems, Household, Households, Orientation, WealthIndex,
};
use tendik_survey::{Definition, Role, SurveyData, SurveyError};

use crate::analyze::Analysis;
use crate::error::{PlanError, close_names, close_or_list, quoted};
use crate::expr::Expression;
use crate::inputs::{Input, Inputs};
use crate::spec::{AreaCode, WealthItem, WealthSpec, is_identifier};

/// The value labels of the quintile column.
const QUINTILE_LABELS: [&str; 5] = [
    "Quintile 1 (poorest)",
    "Quintile 2",
    "Quintile 3",
    "Quintile 4",
    "Quintile 5 (richest)",
];

/// What `[wealth]` did, for the manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WealthRecord {
    /// The plan's file the columns are in.
    pub file: String,
    /// The score column.
    pub score: String,
    /// The quintile column.
    pub quintile: String,
    /// Whether the index was computed from the items, or the file's own columns kept.
    pub status: WealthStatus,
    /// The indices fitted: one `national`, or the `common`, `urban` and `rural` indices of
    /// DHS's combined index. Empty when the file's own columns were kept.
    pub indices: Vec<IndexRecord>,
    /// The households given a score.
    pub households_scored: usize,
    /// The households of `where` left without a score: an item (or, for a combined index,
    /// the area) missing.
    pub households_left_out: usize,
    /// The four cut-points between the quintiles of the score, in increasing order.
    pub cutoffs: Vec<f64>,
    /// What the user should know: items dropped because they do not vary, households left
    /// out, the file's own columns kept.
    pub notes: Vec<String>,
}

/// Whether the index was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WealthStatus {
    /// Computed from the plan's items.
    Computed,
    /// The file has its own quintile column, kept (`replace = false`).
    Kept,
}

/// One fitted index of a [`WealthRecord`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexRecord {
    /// `national`, `common`, `urban` or `rural`.
    pub index: String,
    /// The items used (those that vary), in the order of their loadings.
    pub items: Vec<String>,
    /// Their loadings: the first principal component of their correlation matrix.
    pub loadings: Vec<f64>,
    /// The items dropped because they take one value in every household of the fit.
    pub dropped: Vec<String>,
    /// The share of the standardised items' total variance the first component explains.
    pub variance_share: f64,
    /// The households the index was fitted on.
    pub households: usize,
}

impl IndexRecord {
    fn of(name: &str, index: &WealthIndex) -> Self {
        Self {
            index: name.to_owned(),
            items: index.items().to_vec(),
            loadings: index.loadings().to_vec(),
            dropped: index.dropped().to_vec(),
            variance_share: index.variance_share(),
            households: index.fitted(),
        }
    }
}

impl Analysis {
    /// What the plan's `[wealth]` section did, if it has one (and its file was there).
    #[must_use]
    pub fn wealth(&self) -> Option<&WealthRecord> {
        self.files.iter().find_map(|file| file.wealth.as_ref())
    }
}

/// Every item of the section: `items`, then `urban_items`, then `rural_items`.
fn all_items(spec: &WealthSpec) -> impl Iterator<Item = (&'static str, &WealthItem)> {
    let lists = [
        ("items", &spec.items),
        ("urban_items", &spec.urban_items),
        ("rural_items", &spec.rural_items),
    ];
    lists
        .into_iter()
        .flat_map(|(list, items)| items.iter().map(move |item| (list, item)))
}

/// The checks of `[wealth]` that need no data (part of [`crate::spec::Plan::from_toml`]).
pub(crate) fn check(spec: &WealthSpec, files: &[&str], source: &str) -> Result<(), PlanError> {
    let bad = |what: String, hint: &str| PlanError::Invalid {
        plan: source.to_owned(),
        what: format!("[wealth] {what}"),
        hint: hint.to_owned(),
    };
    if !files.contains(&spec.file.as_str()) {
        return Err(PlanError::Invalid {
            plan: source.to_owned(),
            what: format!(
                "[wealth] file names the file `{}`, which the plan does not define",
                spec.file
            ),
            hint: close_or_list(&spec.file, files),
        });
    }
    for (key, column) in [("weight", &spec.weight), ("members", &spec.members)] {
        if column.trim().is_empty() {
            return Err(bad(
                format!("{key} is empty"),
                "name the household file's column, such as weight = \"hhweight\" and members = \"HH48\"",
            ));
        }
    }
    for (key, column) in [("score", &spec.score), ("quintile", &spec.quintile)] {
        if !is_identifier(column) {
            return Err(bad(
                format!("{key} = \"{column}\" is not a column name"),
                "use letters, digits and _, starting with a letter",
            ));
        }
    }
    if spec.score == spec.quintile {
        return Err(bad(
            format!("score and quintile are both `{}`", spec.score),
            "give the two columns their own names (default: wscore and windex5)",
        ));
    }
    if spec.combined.is_none() {
        if !spec.urban_items.is_empty() || !spec.rural_items.is_empty() {
            return Err(bad(
                "has urban_items or rural_items but no `combined`".to_owned(),
                "name the area column of DHS's combined urban/rural index, such as combined = \"HH6\", or list every item in `items`",
            ));
        }
        if spec.urban.is_some() {
            return Err(bad(
                "has `urban` codes but no `combined`".to_owned(),
                "name the area column the codes are of, such as combined = \"HH6\", or remove `urban`",
            ));
        }
    }
    if spec.urban.as_ref().is_some_and(Vec::is_empty) {
        return Err(bad(
            "urban = [] names no urban code".to_owned(),
            "give the area column's urban codes, such as urban = [1]",
        ));
    }
    if spec.items.len() < 2 {
        return Err(bad(
            format!("has {} item(s) in `items`", spec.items.len()),
            "a wealth index is the first principal component of two or more household items: list assets, dwelling materials, water and sanitation",
        ));
    }
    let mut seen = HashSet::new();
    for (list, item) in all_items(spec) {
        if !is_identifier(&item.name) {
            return Err(bad(
                format!("{list}: the item name `{}` is not a name", item.name),
                "use letters, digits and _, starting with a letter",
            ));
        }
        if !seen.insert(item.name.as_str()) {
            return Err(bad(
                format!("the item `{}` is defined twice", item.name),
                "give each item its own name (an item of `items` is in the urban and rural indices already)",
            ));
        }
        if item.expression.trim().is_empty() {
            return Err(bad(
                format!("item `{}` has an empty expression", item.name),
                "give a SQL expression over the file's row, such as \"HC8 = 1\"",
            ));
        }
        Expression::parse(&item.expression).map_err(|message| {
            bad(
                format!(
                    "item `{}`: its expression cannot be read: {message}",
                    item.name
                ),
                "check its quotes: 'text' for text, \"NAME\" for a column name",
            )
        })?;
    }
    if let Some(filter) = &spec.filter {
        Expression::parse(filter).map_err(|message| {
            bad(
                format!("where cannot be read: {message}"),
                "check its quotes: 'text' for text, \"NAME\" for a column name",
            )
        })?;
    }
    if let Some(item) = &spec.rises_with
        && !spec.items.iter().any(|i| &i.name == item)
    {
        let names: Vec<&str> = spec.items.iter().map(|i| i.name.as_str()).collect();
        return Err(bad(
            format!("rises_with names `{item}`, which is not one of its `items`"),
            &close_or_list(item, &names).replace("the plan defines", "its items are"),
        ));
    }
    Ok(())
}

/// Compute the index of `spec` on the rows of its file (`batches`, in file order) and put
/// its columns on the file's frame, schema and codebook, or keep the file's own; the record
/// goes on the file's manifest entry.
pub(crate) fn add(
    inputs: &mut Inputs,
    spec: &WealthSpec,
    context: &SessionContext,
    batches: &[RecordBatch],
) -> Result<(), PlanError> {
    let Some(input) = inputs.files.get(&spec.file) else {
        return Ok(());
    };
    let (columns, record) = compute(spec, input, context, batches, &|name| {
        inputs
            .files_with(name)
            .into_iter()
            .filter(|file| file != &spec.file)
            .collect()
    })?;
    let Some(input) = inputs.files.get_mut(&spec.file) else {
        return Ok(());
    };
    if let Some(Added {
        schema,
        batches,
        codebook,
    }) = columns
    {
        let data = SurveyData::from_batches_in(
            context,
            input.record.path.display().to_string(),
            Arc::clone(&schema),
            batches,
        )
        .map_err(|source| PlanError::Survey {
            context: format!("file `{}`", spec.file),
            source: Box::new(source),
        })?;
        input.frame = data.frame;
        input.schema = schema;
        input.codebook = codebook;
    }
    input.record.wealth = Some(record);
    Ok(())
}

/// The file with the index's columns.
struct Added {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    codebook: Codebook,
}

/// The households of the fit: item values (by item), weights, members and areas over all
/// the file's rows, and the rows of the households of `where`.
struct Table<'a> {
    names: Vec<&'a str>,
    values: Vec<Vec<f64>>,
    rows: Vec<usize>,
    weights: Vec<f64>,
    members: Vec<f64>,
    areas: Vec<Option<Area>>,
}

impl Households for Table<'_> {
    fn items(&self) -> &[&str] {
        &self.names
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn read(&self, index: usize, values: &mut [f64]) -> Household {
        let row = self.rows[index];
        for (value, item) in values.iter_mut().zip(&self.values) {
            *value = item[row];
        }
        Household {
            weight: self.weights[row],
            members: self.members[row],
            area: self.areas.get(row).copied().flatten(),
        }
    }
}

/// A fitted index, national or combined.
enum Fitted {
    National(Box<WealthIndex>),
    Combined(Box<CombinedIndex>),
}

fn data_error(what: String, hint: impl Into<String>) -> PlanError {
    PlanError::Data {
        what,
        hint: hint.into(),
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "the steps of one computation, each checked before the next"
)]
fn compute(
    spec: &WealthSpec,
    input: &Input,
    context: &SessionContext,
    batches: &[RecordBatch],
    files_with: &dyn Fn(&str) -> Vec<String>,
) -> Result<(Option<Added>, WealthRecord), PlanError> {
    let file = &spec.file;
    let path = input.record.path.display().to_string();
    let schema = &input.schema;
    let has = |name: &str| schema.field_with_name(name).is_ok();
    let mut record = WealthRecord {
        file: file.clone(),
        score: spec.score.clone(),
        quintile: spec.quintile.clone(),
        status: WealthStatus::Kept,
        indices: Vec::new(),
        households_scored: 0,
        households_left_out: 0,
        cutoffs: Vec::new(),
        notes: Vec::new(),
    };
    if !spec.replace && has(&spec.quintile) {
        record.notes.push(format!(
            "the file `{file}` has its own `{}`: kept, and no index computed (replace = true computes it from the items)",
            spec.quintile
        ));
        return Ok((None, record));
    }
    if !spec.replace && has(&spec.score) {
        return Err(data_error(
            format!(
                "[wealth] the file `{file}` ({path}) has a column `{}` but no `{}`",
                spec.score, spec.quintile
            ),
            format!(
                "set replace = true to compute both from the items, or give the score another name (score = \"{}_items\")",
                spec.score
            ),
        ));
    }

    // The columns named, then every item checked before anything is evaluated.
    let columns = [
        ("weight", Some(&spec.weight)),
        ("members", Some(&spec.members)),
        ("combined", spec.combined.as_ref()),
    ];
    for (key, column) in columns {
        let Some(column) = column else { continue };
        match schema.field_with_name(column) {
            Err(_) => {
                return Err(data_error(
                    format!("[wealth] {key}: the column `{column}` is not in {path}"),
                    column_hint(column, schema, &files_with(column), file),
                ));
            }
            Ok(field) if key != "combined" && !field.data_type().is_numeric() => {
                return Err(data_error(
                    format!(
                        "[wealth] {key}: the column `{column}` of {path} holds {}, not numbers",
                        field.data_type()
                    ),
                    format!("name the file's numeric {key} column"),
                ));
            }
            Ok(_) => {}
        }
    }
    let items: Vec<(&str, &WealthItem)> = all_items(spec).collect();
    let mut texts = Vec::with_capacity(items.len());
    for (_, item) in &items {
        let place = format!("[wealth] item `{}`", item.name);
        texts.push(checked_text(
            &item.expression,
            &place,
            input,
            &path,
            files_with,
        )?);
    }
    let filter = spec
        .filter
        .as_ref()
        .map(|filter| checked_text(filter, "[wealth] where", input, &path, files_with))
        .transpose()?;

    // Checked as the engine checks a definition (types, functions refused), on the plan
    // only: nothing is read.
    let mut definitions: Vec<Definition> = texts
        .iter()
        .enumerate()
        .map(|(k, text)| Definition::new(format!("__wealth_{k}"), text.clone()))
        .collect();
    if let Some(filter) = &filter {
        definitions.push(Definition::new("__wealth_where", filter.clone()));
    }
    let probe =
        SurveyData::from_batches_in(context, path.clone(), Arc::clone(schema), batches.to_vec())
            .map_err(|source| PlanError::Survey {
                context: format!("file `{file}`"),
                source: Box::new(source),
            })?;
    let defined = probe
        .define(&definitions)
        .map_err(|error| definition_error(&error, &items))?;
    let defined_schema = defined.frame.schema();
    for (k, (_, item)) in items.iter().enumerate() {
        let (_, field) =
            defined_schema.qualified_field_with_unqualified_name(&format!("__wealth_{k}"))?;
        if !field.data_type().is_numeric() {
            let found = match field.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "text".to_owned(),
                other => other.to_string(),
            };
            return Err(data_error(
                format!("[wealth] item `{}` gives {found}, not a number", item.name),
                "an item is a number or a condition: compare a text, as HW7A = 'A', which gives 1 or 0",
            ));
        }
    }

    // Evaluated on the rows in memory, in file order.
    let state = context.state();
    let df_schema = DFSchema::try_from(schema.as_ref().clone())?;
    // Simplified as the optimizer would (functions such as COALESCE exist only in their
    // simplified form), then planned for the batches.
    let simplifier = ExprSimplifier::new(
        SimplifyContext::builder()
            .with_schema(Arc::new(df_schema.clone()))
            .with_config_options(Arc::clone(state.config_options()))
            .build(),
    );
    let evaluate = |text: &str| -> Result<Vec<ArrayRef>, PlanError> {
        let expr = state.create_logical_expr(text, &df_schema)?;
        let expr = simplifier.simplify(simplifier.coerce(expr, &df_schema)?)?;
        let physical = state.create_physical_expr(expr, &df_schema)?;
        let mut arrays = Vec::with_capacity(batches.len());
        for batch in batches {
            arrays.push(physical.evaluate(batch)?.into_array(batch.num_rows())?);
        }
        Ok(arrays)
    };
    let column_arrays = |name: &str| -> Result<Vec<ArrayRef>, PlanError> {
        let index = schema.index_of(name).map_err(DataFusionError::from)?;
        Ok(batches
            .iter()
            .map(|b| Arc::clone(b.column(index)))
            .collect())
    };
    let total: usize = batches.iter().map(RecordBatch::num_rows).sum();
    // A failure here is the data's (a division by zero, a text that is not a number).
    let path_ref = path.as_str();
    let failed = |place: String| {
        move |error: PlanError| {
            let error = match error {
                PlanError::Engine(error) => error.to_string(),
                other => other.to_string(),
            };
            data_error(
                format!("[wealth] {place} failed on the rows of {path_ref}: {error}"),
                "write the expression so that it holds for every row (CASE WHEN … THEN … END for the rows it is for)",
            )
        }
    };
    let mut values = Vec::with_capacity(items.len());
    for (text, (_, item)) in texts.iter().zip(&items) {
        let arrays = evaluate(text).map_err(failed(format!("item `{}`", item.name)))?;
        values.push(numbers(&arrays)?);
    }
    let chosen = match &filter {
        Some(text) => truth(&evaluate(text).map_err(failed("where".to_owned()))?)?,
        None => vec![true; total],
    };
    let weights = numbers(&column_arrays(&spec.weight)?)?;
    let members = numbers(&column_arrays(&spec.members)?)?;
    let areas = match &spec.combined {
        Some(column) => {
            let urban = spec
                .urban
                .clone()
                .unwrap_or_else(|| vec![AreaCode::Number(1.0)]);
            areas_of(&column_arrays(column)?, &urban)?
        }
        None => Vec::new(),
    };
    let rows: Vec<usize> = (0..total).filter(|&row| chosen[row]).collect();
    for &row in &rows {
        for (key, column, value) in [
            ("weight", &spec.weight, weights[row]),
            ("members", &spec.members, members[row]),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                let shown = if value.is_nan() {
                    "missing".to_owned()
                } else {
                    value.to_string()
                };
                return Err(data_error(
                    format!(
                        "[wealth] {path} row {}: the {key} `{column}` is {shown}",
                        row + 1
                    ),
                    "every household of the index needs a weight and a number of members, 0 or more; leave the others out with `where` (such as where = \"HH46 = 1\")",
                ));
            }
        }
        for (k, (_, item)) in items.iter().enumerate() {
            if values[k][row].is_infinite() {
                return Err(data_error(
                    format!(
                        "[wealth] {path} row {}: the item `{}` is {}",
                        row + 1,
                        item.name,
                        values[k][row]
                    ),
                    "an item is a finite number, or NULL where it is missing",
                ));
            }
        }
    }
    let names: Vec<&str> = items.iter().map(|(_, item)| item.name.as_str()).collect();
    let table = Table {
        names: names.clone(),
        values,
        rows,
        weights,
        members,
        areas,
    };

    // The fit.
    let orientation = spec
        .rises_with
        .clone()
        .map_or(Orientation::LoadingSum, Orientation::RisesWith);
    let measure_error = |source| PlanError::Measure {
        context: format!("[wealth] on the file `{file}` ({path})"),
        source: Box::new(source),
    };
    let fitted = if spec.combined.is_some() {
        let common: Vec<&str> = spec.items.iter().map(|i| i.name.as_str()).collect();
        let [urban, rural]: [Vec<&str>; 2] = [&spec.urban_items, &spec.rural_items].map(|extra| {
            common
                .iter()
                .copied()
                .chain(extra.iter().map(|i| i.name.as_str()))
                .collect()
        });
        let subsets = CombinedItems {
            common: &common,
            urban: &urban,
            rural: &rural,
        };
        Fitted::Combined(Box::new(
            CombinedIndex::fit(&table, &subsets, &orientation).map_err(measure_error)?,
        ))
    } else {
        Fitted::National(Box::new(
            WealthIndex::fit(&table, &orientation).map_err(measure_error)?,
        ))
    };

    // Every household of `where` scored; the others have none.
    let mut scores: Vec<Option<f64>> = vec![None; total];
    let mut quintiles: Vec<Option<i64>> = vec![None; total];
    let mut row_values = vec![0.0; names.len()];
    for position in 0..table.len() {
        let household = table.read(position, &mut row_values);
        let scored = match &fitted {
            Fitted::National(index) => index
                .score(&row_values)
                .map(|score| (score, index.quintile(score))),
            Fitted::Combined(index) => household.area.and_then(|area| {
                index
                    .score(&row_values, area)
                    .map(|score| (score, index.quintile(score)))
            }),
        };
        let row = table.rows[position];
        if let Some((score, quintile)) = scored {
            scores[row] = Some(score);
            quintiles[row] = Some(i64::from(quintile));
            record.households_scored += 1;
        } else {
            record.households_left_out += 1;
        }
    }
    record.status = WealthStatus::Computed;
    match &fitted {
        Fitted::National(index) => {
            record.indices.push(IndexRecord::of("national", index));
            record.cutoffs = index.cutoffs().to_vec();
        }
        Fitted::Combined(index) => {
            record
                .indices
                .push(IndexRecord::of("common", index.common()));
            record
                .indices
                .push(IndexRecord::of("urban", index.area(Area::Urban)));
            record
                .indices
                .push(IndexRecord::of("rural", index.area(Area::Rural)));
            record.cutoffs = index.cutoffs().to_vec();
        }
    }
    for index in &record.indices {
        if !index.dropped.is_empty() {
            let households = match index.index.as_str() {
                "urban" => "urban household",
                "rural" => "rural household",
                _ => "household",
            };
            let names: Vec<String> = index.dropped.iter().map(|n| format!("`{n}`")).collect();
            let names = match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => names.join(""),
            };
            record.notes.push(format!(
                "{names} {} one value in every {households} and {} dropped from the {} index",
                if index.dropped.len() == 1 {
                    "takes"
                } else {
                    "take"
                },
                if index.dropped.len() == 1 {
                    "was"
                } else {
                    "were"
                },
                index.index
            ));
        }
    }
    if record.households_left_out > 0 {
        record.notes.push(format!(
            "{} households of `where` have no score: an item{} is missing (NULL)",
            record.households_left_out,
            if spec.combined.is_some() {
                " or the area"
            } else {
                ""
            }
        ));
    }

    // The columns, with their labels, on the file.
    let combined = spec.combined.is_some();
    let score_variable = Variable {
        label: Some(if combined {
            "Combined urban/rural wealth index score (the plan's [wealth] items)".to_owned()
        } else {
            "Wealth index score (first principal component of the plan's [wealth] items)".to_owned()
        }),
        measure: Some(Measure::Scale),
        ..Variable::new(spec.score.as_str())
    };
    let quintile_variable = Variable {
        label: Some(
            "Wealth index quintile of the household population (the plan's [wealth] items)"
                .to_owned(),
        ),
        value_labels: (1..=5)
            .zip(QUINTILE_LABELS)
            .map(|(code, label)| ValueLabel {
                value: LabelValue::Number(f64::from(code)),
                label: label.to_owned(),
            })
            .collect(),
        measure: Some(Measure::Ordinal),
        ..Variable::new(spec.quintile.as_str())
    };
    let mut fields: Vec<FieldRef> = schema.fields().iter().cloned().collect();
    let mut codebook = input.codebook.clone();
    let mut places = Vec::new();
    for (variable, data_type) in [
        (score_variable, DataType::Float64),
        (quintile_variable, DataType::Int64),
    ] {
        let field = Arc::new(
            Field::new(variable.name.as_str(), data_type, true)
                .with_metadata(variable.to_field_metadata()),
        );
        let place = if let Ok(at) = schema.index_of(&variable.name) {
            fields[at] = field;
            at
        } else {
            fields.push(field);
            fields.len() - 1
        };
        places.push(place);
        if let Some(old) = codebook
            .variables
            .iter_mut()
            .find(|v| v.name == variable.name)
        {
            *old = variable;
        } else {
            codebook.variables.push(variable);
        }
    }
    let added_schema = Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()));
    let mut added = Vec::with_capacity(batches.len());
    let mut offset = 0;
    for batch in batches {
        let rows = batch.num_rows();
        let mut arrays = batch.columns().to_vec();
        let new: [ArrayRef; 2] = [
            Arc::new(Float64Array::from(scores[offset..offset + rows].to_vec())),
            Arc::new(Int64Array::from(quintiles[offset..offset + rows].to_vec())),
        ];
        for (place, array) in places.iter().zip(new) {
            if *place < arrays.len() {
                arrays[*place] = array;
            } else {
                arrays.push(array);
            }
        }
        added.push(
            RecordBatch::try_new(Arc::clone(&added_schema), arrays)
                .map_err(DataFusionError::from)?,
        );
        offset += rows;
    }
    Ok((
        Some(Added {
            schema: added_schema,
            batches: added,
            codebook,
        }),
        record,
    ))
}

/// An item's (or `where`'s) text with `label(COL)` rewritten, after checking that its
/// columns are the file's and its label texts are the columns' labels.
fn checked_text(
    text: &str,
    place: &str,
    input: &Input,
    path: &str,
    files_with: &dyn Fn(&str) -> Vec<String>,
) -> Result<String, PlanError> {
    let schema = &input.schema;
    let known = |name: &str| schema.field_with_name(name).is_ok();
    let expression = Expression::parse(text).map_err(|message| {
        data_error(
            format!("{place}: its expression cannot be read: {message}"),
            "check its quotes: 'text' for text, \"NAME\" for a column name",
        )
    })?;
    for reference in expression.references(&known) {
        if !known(&reference.name) {
            return Err(data_error(
                format!("{place}: the column `{}` is not in {path}", reference.name),
                column_hint(
                    &reference.name,
                    schema,
                    &files_with(&reference.name),
                    &input.record.name,
                ),
            ));
        }
    }
    for usage in expression.label_uses() {
        let Some(variable) = input.codebook.get(&usage.column) else {
            continue;
        };
        let labels: Vec<&str> = variable
            .value_labels
            .iter()
            .map(|l| l.label.trim())
            .collect();
        if let Some(text) = usage.texts.iter().find(|t| !labels.contains(&t.trim())) {
            let column = &usage.column;
            return Err(if labels.is_empty() {
                data_error(
                    format!(
                        "{place}: `{column}` has no value labels, so label({column}) = '{text}' cannot match"
                    ),
                    "compare its codes instead",
                )
            } else {
                let close = close_names(text, labels.iter().copied());
                data_error(
                    format!(
                        "{place}: `{column}` has no value labelled '{text}'; its labels are {}",
                        labels
                            .iter()
                            .take(30)
                            .map(|l| format!("'{l}'"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    if close.is_empty() {
                        "write the label exactly as the file has it (case and wording count), or compare codes".to_owned()
                    } else {
                        format!("did you mean {}?", quoted(&close))
                    },
                )
            });
        }
    }
    Ok(expression.with_labels(&|name| input.codebook.get(name).cloned()))
}

/// "did you mean …?; the file X has it, but [wealth] reads `hh` only".
fn column_hint(column: &str, schema: &Schema, others: &[String], file: &str) -> String {
    let close = close_names(column, schema.fields().iter().map(|f| f.name().as_str()));
    let mut parts = Vec::new();
    if !close.is_empty() {
        parts.push(format!("did you mean {}?", quoted(&close)));
    }
    if !others.is_empty() {
        let (files, have) = if others.len() == 1 {
            ("the file", "has")
        } else {
            ("the files", "have")
        };
        parts.push(format!(
            "{files} {} {have} it, but [wealth] reads the file `{file}` only: the items are of one household row",
            quoted(others)
        ));
    }
    if parts.is_empty() {
        format!("name a column of the file `{file}`")
    } else {
        parts.join("; ")
    }
}

/// The engine's refusal of an item or of `where`, under the item's name.
fn definition_error(error: &SurveyError, items: &[(&str, &WealthItem)]) -> PlanError {
    let role = match error {
        SurveyError::UnknownColumn { role, .. }
        | SurveyError::NotNumeric { role, .. }
        | SurveyError::BadExpression { role, .. } => Some(role),
        _ => None,
    };
    let place = match role {
        Some(Role::Definition(name)) if name == "__wealth_where" => "where".to_owned(),
        Some(Role::Definition(name)) => name
            .strip_prefix("__wealth_")
            .and_then(|k| k.parse::<usize>().ok())
            .and_then(|k| items.get(k))
            .map_or_else(
                || "an item".to_owned(),
                |(_, item)| format!("item `{}`", item.name),
            ),
        _ => "an item".to_owned(),
    };
    let message = error.render(&|role| match role {
        Role::Definition(_) => "its expression".to_owned(),
        other => other.describe(),
    });
    data_error(format!("[wealth] {place}: {message}"), String::new())
}

/// Numbers of arrays (any numeric or boolean type): NULL is NaN.
fn numbers(arrays: &[ArrayRef]) -> Result<Vec<f64>, PlanError> {
    let mut out = Vec::with_capacity(arrays.iter().map(Array::len).sum());
    for array in arrays {
        let cast = cast(array, &DataType::Float64).map_err(DataFusionError::from)?;
        let Some(values) = cast.as_any().downcast_ref::<Float64Array>() else {
            return Err(DataFusionError::Internal(
                "a cast to Float64 gave another type".to_owned(),
            )
            .into());
        };
        out.extend(values.iter().map(|v| v.unwrap_or(f64::NAN)));
    }
    Ok(out)
}

/// `where`'s value per row: true (or a number other than 0); NULL is false.
fn truth(arrays: &[ArrayRef]) -> Result<Vec<bool>, PlanError> {
    let mut out = Vec::new();
    for array in arrays {
        if let Some(flags) = array.as_any().downcast_ref::<BooleanArray>() {
            out.extend(flags.iter().map(|v| v == Some(true)));
        } else {
            out.extend(
                numbers(std::slice::from_ref(array))?
                    .into_iter()
                    .map(|v| !v.is_nan() && v != 0.0),
            );
        }
    }
    Ok(out)
}

/// Each row's area from the `combined` column: urban if its code is one of `urban`, rural
/// for any other code, none when NULL.
#[expect(clippy::float_cmp, reason = "codes are compared exactly")]
fn areas_of(arrays: &[ArrayRef], urban: &[AreaCode]) -> Result<Vec<Option<Area>>, PlanError> {
    let mut out = Vec::new();
    for array in arrays {
        let text = cast(array, &DataType::Utf8).map_err(DataFusionError::from)?;
        let Some(text) = text.as_any().downcast_ref::<arrow::array::StringArray>() else {
            return Err(
                DataFusionError::Internal("a cast to Utf8 gave another type".to_owned()).into(),
            );
        };
        for value in text {
            out.push(value.map(|value| {
                let value = value.trim();
                let number = value.parse::<f64>().ok();
                let is_urban = urban.iter().any(|code| match code {
                    AreaCode::Number(code) => number.is_some_and(|number| number == *code),
                    AreaCode::Text(code) => code.trim() == value,
                });
                if is_urban { Area::Urban } else { Area::Rural }
            }));
        }
    }
    Ok(out)
}
