//! An analysis unit: the rows of one file with the columns of other files left-joined to
//! them, each join checked first for keys that identify one row of the joined file.

use std::collections::BTreeMap;

use arrow::util::display::array_value_to_string;
use datafusion::common::Column;
use datafusion::functions_aggregate::expr_fn::count;
use datafusion::logical_expr::{Expr, JoinType, cast, col, lit};
use datafusion::prelude::DataFrame;
use tendik_ingest::Variable;

use crate::error::PlanError;
use crate::inputs::Inputs;
use crate::spec::UnitSpec;

/// A unit ready for estimation.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub(crate) name: String,
    pub(crate) frame: DataFrame,
    /// Each column's codebook entry (for labels), by the unit's column name.
    pub(crate) variables: BTreeMap<String, Variable>,
    /// The files it is built from, in order.
    pub(crate) files: Vec<String>,
    /// Files it would join that are absent (optional ones).
    pub(crate) missing_files: Vec<String>,
}

fn column(name: &str) -> Expr {
    Expr::Column(Column::new_unqualified(name))
}

impl Unit {
    /// Whether the unit has column `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.variables.contains_key(name)
    }

    /// Build unit `name` from its spec. `None` when its own file is absent (optional).
    pub(crate) async fn build(
        name: &str,
        spec: &UnitSpec,
        inputs: &Inputs,
        keys_of: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<Option<Self>, PlanError> {
        let Some(base) = inputs.files.get(&spec.from) else {
            return Ok(None);
        };
        let mut variables: BTreeMap<String, Variable> = BTreeMap::new();
        for field in base.schema.fields() {
            let variable = base
                .codebook
                .get(field.name())
                .cloned()
                .unwrap_or_else(|| Variable::new(field.name()));
            variables.insert(field.name().clone(), variable);
        }
        let mut frame = base.frame.clone();
        let mut files = vec![spec.from.clone()];
        let mut missing_files = Vec::new();
        for join in &spec.join {
            let Some(input) = inputs.files.get(&join.file) else {
                missing_files.push(join.file.clone());
                continue;
            };
            let pairs = join.on.pairs();
            let place = format!("unit `{name}`, join of `{}`", join.file);
            for (ours, theirs) in &pairs {
                if !variables.contains_key(ours) {
                    let close =
                        crate::error::close_names(ours, variables.keys().map(String::as_str));
                    return Err(PlanError::Data {
                        what: format!(
                            "{place}: the key `{ours}` is not a column of the unit (files {})",
                            files.join(", ")
                        ),
                        hint: hint_for(&close, &inputs.files_with(ours)),
                    });
                }
                if input.schema.field_with_name(theirs).is_err() {
                    let close = crate::error::close_names(
                        theirs,
                        input.schema.fields().iter().map(|f| f.name().as_str()),
                    );
                    return Err(PlanError::Data {
                        what: format!(
                            "{place}: the key `{theirs}` is not a column of {}",
                            input.record.path.display()
                        ),
                        hint: hint_for(&close, &[]),
                    });
                }
            }
            // The joined file's keys must identify one row, or the join multiplies rows.
            let theirs: Vec<Expr> = pairs.iter().map(|(_, t)| column(t)).collect();
            let duplicates = input
                .frame
                .clone()
                .filter(
                    theirs
                        .iter()
                        .map(|e| e.clone().is_not_null())
                        .reduce(Expr::and)
                        .unwrap_or(lit(true)),
                )?
                .aggregate(theirs.clone(), vec![count(lit(1)).alias("__rows")])?
                .filter(col("__rows").gt(lit(1_i64)))?
                .limit(0, Some(1))?
                .collect()
                .await?;
            if let Some(batch) = duplicates.iter().find(|b| b.num_rows() > 0) {
                let mut shown = Vec::new();
                for (i, (_, t)) in pairs.iter().enumerate() {
                    let value = array_value_to_string(batch.column(i), 0).unwrap_or_default();
                    shown.push(format!("{t} = {value}"));
                }
                let times = array_value_to_string(batch.column(pairs.len()), 0).unwrap_or_default();
                return Err(PlanError::Data {
                    what: format!(
                        "{place} would multiply rows: {} has {times} rows with {}",
                        input.record.path.display(),
                        shown.join(", ")
                    ),
                    hint: format!(
                        "join on keys that identify one row of `{}` (its plan keys are {:?})",
                        join.file,
                        keys_of(&join.file)
                    ),
                });
            }
            // Their columns under the unit's names: keys cast to the unit's key types, the
            // unit's own columns winning a clash.
            let schema = frame.schema().clone();
            let mut projection = Vec::new();
            let mut key_names = Vec::new();
            for (i, (ours, theirs)) in pairs.iter().enumerate() {
                let (_, field) = schema.qualified_field_with_unqualified_name(ours)?;
                let alias = format!("__key{i}");
                projection.push(cast(column(theirs), field.data_type().clone()).alias(&alias));
                key_names.push(alias);
            }
            let key_set: Vec<&str> = pairs.iter().map(|(_, t)| t.as_str()).collect();
            for field in input.schema.fields() {
                if key_set.contains(&field.name().as_str()) {
                    continue;
                }
                let renamed = format!("{}{}", join.prefix, field.name());
                if variables.contains_key(&renamed) {
                    continue;
                }
                let mut variable = input
                    .codebook
                    .get(field.name())
                    .cloned()
                    .unwrap_or_else(|| Variable::new(field.name()));
                variable.name.clone_from(&renamed);
                variables.insert(renamed.clone(), variable);
                projection.push(column(field.name()).alias(renamed));
            }
            let right = input.frame.clone().select(projection)?.alias("joined")?;
            let on: Vec<Expr> = pairs
                .iter()
                .zip(&key_names)
                .map(|((ours, _), key)| {
                    Expr::Column(Column::new(Some("unit"), ours))
                        .eq(Expr::Column(Column::new(Some("joined"), key)))
                })
                .collect();
            frame = frame.alias("unit")?.join_on(right, JoinType::Left, on)?;
            frame = unqualified(frame, &key_names)?;
            files.push(join.file.clone());
        }
        // The joins run once; every age group reads the joined rows from memory.
        let joined = tendik_survey::SurveyData::from_frame(format!("unit `{name}`"), frame);
        let in_memory = crate::analyze::materialise(&joined).await?;
        // The rows in memory, read in the inputs' session: its functions (the WHO growth
        // functions) stay callable in the unit's expressions.
        let (session, _) = joined.frame.into_parts();
        let (_, rows) = in_memory.frame.into_parts();
        let frame = DataFrame::new(session, rows);
        Ok(Some(Self {
            name: name.to_owned(),
            frame,
            variables,
            files,
            missing_files,
        }))
    }
}

/// The frame's columns under their own names, without qualifiers, leaving out `drop`.
fn unqualified(frame: DataFrame, drop: &[String]) -> Result<DataFrame, PlanError> {
    let schema = frame.schema().clone();
    let names: Vec<Expr> = schema
        .iter()
        .filter(|(_, field)| !drop.contains(field.name()))
        .map(|(qualifier, field)| {
            Expr::Column(Column::new(qualifier.cloned(), field.name())).alias(field.name())
        })
        .collect();
    Ok(frame.select(names)?)
}

/// "did you mean …; file X has it".
pub(crate) fn hint_for(close: &[String], files: &[String]) -> String {
    let mut parts = Vec::new();
    if !close.is_empty() {
        parts.push(format!("did you mean {}?", crate::error::quoted(close)));
    }
    if !files.is_empty() {
        parts.push(format!(
            "{} {} it: join that file to the unit",
            if files.len() == 1 {
                "the file"
            } else {
                "the files"
            },
            crate::error::quoted(files)
        ));
    }
    parts.join("; ")
}
