//! Checks of a request against the columns, before any row is read: unknown columns (with
//! close names), types, and the SQL of definitions and the filter.

use arrow::datatypes::DataType;
use datafusion::common::DFSchema;
use datafusion::common::tree_node::TreeNode;
use datafusion::logical_expr::Expr;
use datafusion::prelude::DataFrame;

use crate::error::{Role, SurveyError};
use crate::keys::is_numeric;
use crate::request::{Request, Target};

/// Expressions longer than this are quoted as their start and end in messages.
const QUOTE_LIMIT: usize = 120;

/// An expression as quoted in a message: whole when short, else its start and end.
pub(crate) fn excerpt(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= QUOTE_LIMIT {
        return text.to_owned();
    }
    let head: String = chars[..60].iter().collect();
    let tail: String = chars[chars.len() - 40..].iter().collect();
    format!("{head} … {tail}")
}

/// Column names of the schema close to `column`.
fn suggestions(schema: &DFSchema, column: &str) -> Vec<String> {
    let lower = column.to_lowercase();
    let mut scored: Vec<(f64, String)> = schema
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .map(|name| (strsim::jaro_winkler(&lower, &name.to_lowercase()), name))
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// The type of `column`, or an error naming its role with close names.
pub(crate) fn require_column(
    schema: &DFSchema,
    file: &str,
    column: &str,
    role: &Role,
) -> Result<DataType, SurveyError> {
    if let Ok((_, field)) = schema.qualified_field_with_unqualified_name(column) {
        return Ok(field.data_type().clone());
    }
    Err(SurveyError::UnknownColumn {
        file: file.to_owned(),
        column: column.to_owned(),
        role: role.clone(),
        suggestions: suggestions(schema, column),
    })
}

fn describe_type(data_type: &DataType) -> String {
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "text".to_owned(),
        other => other.to_string(),
    }
}

pub(crate) fn require_numeric(
    schema: &DFSchema,
    file: &str,
    column: &str,
    role: &Role,
) -> Result<(), SurveyError> {
    let data_type = require_column(schema, file, column, role)?;
    if is_numeric(&data_type) || data_type == DataType::Null {
        Ok(())
    } else {
        Err(SurveyError::NotNumeric {
            file: file.to_owned(),
            column: column.to_owned(),
            role: role.clone(),
            found: describe_type(&data_type),
        })
    }
}

/// DataFusion's message without its wrappers (`SQL error: ParserError("…")`, `Schema error: …`).
fn plain_message(error: &datafusion::error::DataFusionError) -> String {
    let mut text = error.strip_backtrace();
    for prefix in [
        "type_coercion\ncaused by\n",
        "SQL error: ",
        "Error during planning: ",
        "Schema error: ",
        "This feature is not implemented: ",
        "Optimizer rule 'simplify_expressions' failed\ncaused by\n",
        "Arrow error: ",
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.to_owned();
        }
    }
    for wrapper in ["ParserError(\"", "TokenizerError(\""] {
        if let Some(rest) = text.strip_prefix(wrapper) {
            text = rest.trim_end_matches("\")").to_owned();
        }
    }
    let text = text.replace("\\\"", "\"").replace("\"?table?\".", "");
    // The list of valid fields can be thousands of names long.
    match text.find("Valid fields are") {
        Some(at) => text[..at].trim_end().to_owned(),
        None => text,
    }
}

/// Dots allowed in an expression outside numbers, strings and quoted names.
const MAX_NAME_DOTS: usize = 8;

/// How long one expression may take to parse.
const PARSE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(2);

/// Parse `text` on its own thread, waiting at most [`PARSE_DEADLINE`]: sqlparser takes
/// exponential time on some failing shapes (found by the `expression` fuzz target: unary
/// `+` runs between `CASE`s, nested `substr(`, long dotted names). `None` when the deadline
/// passes; the thread then finishes on its own, its result unused.
fn parse_with_deadline(columns: &Columns, text: &str) -> Option<datafusion::error::Result<Expr>> {
    let (send, receive) = std::sync::mpsc::channel();
    let (state, schema, owned) = (
        std::sync::Arc::clone(&columns.state),
        std::sync::Arc::clone(&columns.schema),
        text.to_owned(),
    );
    let spawned = std::thread::Builder::new()
        .name("tendik-parse".to_owned())
        .stack_size(64 << 20)
        .spawn(move || {
            let _ = send.send(state.create_logical_expr(&owned, &schema));
        });
    match spawned {
        Ok(_) => receive.recv_timeout(PARSE_DEADLINE).ok(),
        // No thread to be had: parse here, without a deadline.
        Err(_) => Some(columns.state.create_logical_expr(text, &columns.schema)),
    }
}

/// What an expression is read against: the session (its functions) and the columns, without
/// the plan that produces them, so that checking one expression does not plan the rows.
pub(crate) struct Columns {
    state: std::sync::Arc<datafusion::execution::SessionState>,
    schema: std::sync::Arc<DFSchema>,
}

impl Columns {
    pub(crate) fn of(frame: &DataFrame) -> Self {
        let (state, plan) = frame.clone().into_parts();
        Self {
            state: std::sync::Arc::new(state),
            schema: std::sync::Arc::clone(plan.schema()),
        }
    }

    /// The type and nullability `expr` has over these columns, after type coercion and
    /// constant folding (where comparisons of incompatible types fail).
    fn probe(&self, expr: &Expr) -> datafusion::error::Result<(DataType, bool)> {
        use datafusion::logical_expr::{EmptyRelation, LogicalPlan, LogicalPlanBuilder};
        let empty = LogicalPlan::EmptyRelation(EmptyRelation {
            produce_one_row: false,
            schema: std::sync::Arc::clone(&self.schema),
        });
        let plan = LogicalPlanBuilder::from(empty)
            .project(vec![expr.clone().alias("__tendik_probe")])?
            .build()?;
        let plan = self.state.optimize(&plan)?;
        let field = plan.schema().field(0);
        Ok((field.data_type().clone(), field.is_nullable()))
    }
}

/// Parentheses allowed inside one another.
const MAX_DEPTH: usize = 16;

/// The dots of `text` outside strings, quoted names and numbers (`1.5`), those that join
/// the parts of dotted names such as `t.y`, which no column of a survey needs; and how
/// deep its parentheses nest.
fn shape(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut dots = 0;
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    // Whether the last token was a name (so that a digit after it is part of it).
    let mut after_name = false;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"') => {
                // A string or a quoted name; a doubled quote inside is one quote.
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == quote {
                        if bytes.get(i + 1) == Some(&quote) {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    i += 1;
                }
                after_name = quote == b'"';
            }
            b'.' => {
                dots += 1;
                after_name = false;
            }
            b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
                after_name = false;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                after_name = false;
            }
            b if b.is_ascii_digit() && !after_name => {
                // A number: its digits, point and exponent.
                while i + 1 < bytes.len()
                    && (bytes[i + 1].is_ascii_alphanumeric() || bytes[i + 1] == b'.')
                {
                    i += 1;
                }
            }
            b if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80 => {
                after_name = true;
            }
            b if b.is_ascii_whitespace() => {}
            _ => after_name = false,
        }
        i += 1;
    }
    (dots, deepest)
}

/// Parse one SQL expression over the frame's columns, refusing what cannot be estimated
/// (volatile functions, subqueries, aggregates and window functions).
pub(crate) fn parse_expression(
    columns: &Columns,
    role: &Role,
    text: &str,
) -> Result<Parsed, SurveyError> {
    let bad = |message: String| SurveyError::BadExpression {
        role: role.clone(),
        expression: excerpt(text),
        message,
    };
    if text.trim().is_empty() {
        return Err(bad("it is empty".to_owned()));
    }
    // sqlparser backtracks, twice over, on each `.` of a dotted name and on each level of
    // functions with a syntax of their own (`substr(x FROM 1)`): a 24-part name or 20
    // nested `substr(` that fail to parse take seconds, each one more doubling it (found
    // by the `expression` fuzz target). Neither is needed to define an indicator.
    let (dots, depth) = shape(text);
    if depth > MAX_DEPTH {
        return Err(bad(format!(
            "its parentheses nest {depth} deep; at most {MAX_DEPTH} are read (split it into several definitions, each using the one before)"
        )));
    }
    if dots > MAX_NAME_DOTS {
        return Err(bad(format!(
            "it has {dots} dots outside numbers and quotes, as names of many parts (a.b.c) have; columns are named by one part (write a column whose name holds dots in double quotes, such as \"api.stu\")"
        )));
    }
    let parsed = parse_with_deadline(columns, text).ok_or_else(|| {
        bad(format!(
            "reading it took more than {} s (the SQL parser backtracks on some shapes of text); write it more simply, or split it into several definitions",
            PARSE_DEADLINE.as_secs()
        ))
    })?;
    let expr = parsed.map_err(|e| {
        let message = plain_message(&e);
        match unknown_field(&message) {
            Some(column) if !message.contains("Did you mean") => {
                let close = suggestions(&columns.schema, &column);
                if close.is_empty() {
                    bad(message)
                } else {
                    let names: Vec<String> = close.iter().map(|s| format!("`{s}`")).collect();
                    bad(format!("{message}; did you mean {}?", names.join(" or ")))
                }
            }
            _ => bad(message),
        }
    })?;
    if expr.is_volatile() {
        return Err(bad(
            "it calls a function whose value changes from call to call (such as random() or now()); estimates must be reproducible".to_owned(),
        ));
    }
    let mut refused = None;
    let _ = expr.apply(|e| {
        let what = match e {
            Expr::ScalarSubquery(_) | Expr::Exists(_) | Expr::InSubquery(_) => Some("a subquery"),
            Expr::AggregateFunction(_) => Some("an aggregate function"),
            // now(), current_date(): the same within a run, another the next day.
            Expr::ScalarFunction(f)
                if f.func.signature().volatility
                    != datafusion::logical_expr::Volatility::Immutable =>
            {
                Some("a function whose value depends on when it runs (such as now() or current_date())")
            }
            Expr::WindowFunction(_) => Some("a window function"),
            _ => None,
        };
        if let Some(what) = what {
            refused = Some(what);
            return Ok(datafusion::common::tree_node::TreeNodeRecursion::Stop);
        }
        Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
    });
    if let Some(what) = refused {
        return Err(bad(format!(
            "it uses {what}; write an expression of the row's own columns"
        )));
    }
    // Type-check it against the columns.
    let (data_type, nullable) = columns.probe(&expr).map_err(|e| bad(plain_message(&e)))?;
    Ok(Parsed {
        expr,
        data_type,
        nullable,
    })
}

/// A checked expression with the type and nullability of its values.
pub(crate) struct Parsed {
    pub(crate) expr: Expr,
    pub(crate) data_type: DataType,
    pub(crate) nullable: bool,
}

/// The column named in "No field named x" messages.
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.split("No field named ").nth(1)?;
    let name = rest
        .split(['.', ' ', ','])
        .next()?
        .trim_matches('"')
        .trim_matches('`');
    (!name.is_empty()).then(|| name.to_owned())
}

/// Apply the request's definitions in order, then check every named column.
/// The request made ready: the frame with its definitions, the filter, and the replicate
/// weight columns (`PREFIX*` expanded to every column that starts with `PREFIX`).
pub(crate) struct Prepared {
    pub(crate) frame: DataFrame,
    pub(crate) filter: Option<Expr>,
    pub(crate) replicate_columns: Vec<String>,
}

/// Expand replicate-weight names: `PREFIX*` is every column starting with `PREFIX`, in
/// file order.
fn replicate_columns(
    schema: &DFSchema,
    file: &str,
    given: &[String],
) -> Result<Vec<String>, SurveyError> {
    let mut columns = Vec::new();
    for name in given {
        if let Some(prefix) = name.strip_suffix('*') {
            let matched: Vec<String> = schema
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .filter(|n| n.starts_with(prefix))
                .collect();
            if matched.is_empty() {
                return Err(SurveyError::UnknownColumn {
                    file: file.to_owned(),
                    column: name.clone(),
                    role: Role::ReplicateWeight,
                    suggestions: suggestions(schema, prefix),
                });
            }
            columns.extend(matched);
        } else {
            columns.push(name.clone());
        }
    }
    for column in &columns {
        require_numeric(schema, file, column, &Role::ReplicateWeight)?;
    }
    if columns.len() < 2 {
        return Err(SurveyError::BadRequest(format!(
            "{file}: {} replicate weight column; a replicate design needs at least two",
            columns.len()
        )));
    }
    Ok(columns)
}

/// Add each definition to the frame as a column, in order (later ones may use earlier
/// ones): a true/false result becomes 0/1; a name that is taken, empty or reserved, and an
/// expression that cannot be estimated, is an error naming the definition.
///
/// The definitions are added in layers, one projection each: a definition that uses only
/// the data's columns is in the first, one that uses a definition of layer `l` in layer
/// `l + 1`. A plan of a hundred indicators is then a few projections deep, not a hundred
/// (each of which the optimizer would walk), and each expression is checked against the
/// columns alone, without planning the rows.
pub(crate) fn define_all(
    frame: DataFrame,
    definitions: &[crate::request::Definition],
) -> Result<DataFrame, SurveyError> {
    use datafusion::logical_expr::LogicalPlanBuilder;
    if definitions.is_empty() {
        return Ok(frame);
    }
    let mut columns = Columns::of(&frame);
    let original = std::sync::Arc::clone(&columns.schema);
    // Each definition's layer, and the definitions of each layer.
    let mut layer_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut layers: Vec<Vec<Expr>> = Vec::new();
    for definition in definitions {
        let role = Role::Definition(definition.name.clone());
        if definition.name.is_empty() || definition.name.starts_with("__tendik") {
            return Err(SurveyError::BadExpression {
                role,
                expression: excerpt(&definition.expression),
                message: "the name is empty or reserved; name it with letters, digits and _"
                    .to_owned(),
            });
        }
        // Replacing a column would change it under every use, the design's among them (R's
        // update() leaves a design's weights alone): a new variable needs a new name.
        if columns
            .schema
            .fields()
            .iter()
            .any(|f| f.name() == &definition.name)
        {
            return Err(SurveyError::BadExpression {
                role,
                expression: excerpt(&definition.expression),
                message: format!(
                    "`{}` is already a column of the data or an earlier definition; give the new variable another name",
                    definition.name
                ),
            });
        }
        let Parsed {
            mut expr,
            mut data_type,
            nullable,
        } = parse_expression(&columns, &role, &definition.expression)?;
        // A true/false result is a 0/1 number, so that later definitions, means and
        // proportions read it as one.
        if data_type == DataType::Boolean {
            expr = datafusion::logical_expr::cast(expr, DataType::Int64);
            data_type = DataType::Int64;
        }
        let layer = expr
            .column_refs()
            .iter()
            .filter(|c| c.relation.is_none())
            .filter_map(|c| layer_of.get(c.name.as_str()))
            .max()
            .map_or(0, |l| l + 1);
        layer_of.insert(definition.name.as_str(), layer);
        if layers.len() <= layer {
            layers.resize_with(layer + 1, Vec::new);
        }
        layers[layer].push(expr.alias(definition.name.as_str()));
        let field = arrow::datatypes::Field::new(definition.name.as_str(), data_type, nullable);
        let added = DFSchema::from_unqualified_fields(
            vec![field].into(),
            std::collections::HashMap::default(),
        )?;
        let mut schema = columns.schema.as_ref().clone();
        schema.merge(&added);
        columns.schema = std::sync::Arc::new(schema);
    }
    let (state, plan) = frame.into_parts();
    let mut builder = LogicalPlanBuilder::from(plan);
    for layer in layers {
        let mut exprs: Vec<Expr> = builder
            .schema()
            .columns()
            .into_iter()
            .map(Expr::Column)
            .collect();
        exprs.extend(layer);
        builder = builder.project(exprs)?;
    }
    // The data's columns, then the definitions in the order given.
    let mut order: Vec<Expr> = original.columns().into_iter().map(Expr::Column).collect();
    order.extend(
        definitions
            .iter()
            .map(|d| Expr::Column(datafusion::common::Column::new_unqualified(&d.name))),
    );
    if layer_of.values().any(|&l| l > 0) {
        builder = builder.project(order)?;
    }
    Ok(DataFrame::new(state, builder.build()?))
}

pub(crate) fn prepare(
    request: &Request,
    file: &str,
    mut frame: DataFrame,
) -> Result<Prepared, SurveyError> {
    if request.targets.is_empty() {
        return Err(SurveyError::BadRequest(
            "nothing to estimate: give a mean, total, ratio or proportion".to_owned(),
        ));
    }
    if !(request.level > 0.0 && request.level < 1.0) {
        return Err(SurveyError::BadRequest(format!(
            "the confidence level {} is not a level; give a number between 0 and 1, such as 0.95",
            request.level
        )));
    }
    frame = define_all(frame, &request.definitions)?;
    let filter = request
        .filter
        .as_deref()
        .map(|text| {
            let Parsed {
                expr, data_type, ..
            } = parse_expression(&Columns::of(&frame), &Role::Filter, text)?;
            if data_type != DataType::Boolean && data_type != DataType::Null {
                return Err(SurveyError::BadExpression {
                    role: Role::Filter,
                    expression: excerpt(text),
                    message: format!("it gives {data_type}, not true or false"),
                });
            }
            Ok(expr)
        })
        .transpose()?;
    let schema = frame.schema().clone();
    let design = &request.design;
    require_numeric(&schema, file, &design.weight, &Role::Weight)?;
    if let Some(strata) = &design.strata {
        require_column(&schema, file, strata, &Role::Stratum)?;
    }
    if let Some(psu) = &design.psu {
        require_column(&schema, file, psu, &Role::Psu)?;
    }
    if let Some(fpc) = &design.fpc {
        require_numeric(&schema, file, fpc, &Role::Fpc)?;
    }
    for breakdown in &request.breakdowns {
        for by in breakdown {
            require_column(&schema, file, by, &Role::Domain)?;
        }
    }
    for target in &request.targets {
        let role = Role::Target(target.statistic());
        match target {
            Target::Proportion(column) => {
                require_column(&schema, file, column, &role)?;
            }
            _ => {
                for column in target.columns() {
                    require_numeric(&schema, file, column, &role)?;
                }
            }
        }
    }
    let replicate_columns = match request.design.replicates.as_ref().map(|r| &r.source) {
        Some(crate::design::ReplicateSource::Columns { columns, .. }) => {
            replicate_columns(&schema, file, columns)?
        }
        _ => Vec::new(),
    };
    Ok(Prepared {
        frame,
        filter,
        replicate_columns,
    })
}

#[cfg(test)]
mod tests {
    use super::shape;

    #[test]
    fn dots_are_counted_outside_strings_quoted_names_and_numbers() {
        let dots = |text| shape(text).0;
        assert_eq!(dots("y + 1.5 * x"), 0);
        assert_eq!(dots("t.y > 0"), 1);
        assert_eq!(dots("a.b.c.d. + q.r"), 5);
        assert_eq!(dots("a . b . c"), 2);
        assert_eq!(dots("\"api.stu\" > 'x.y.z.w'"), 0);
        assert_eq!(dots("\"a\".\"b\".c"), 2);
        assert_eq!(dots("1e5 + 2.5e-3 + x1.5"), 1);
        assert_eq!(dots("KlU.$.-GYen.S"), 3);
    }

    #[test]
    fn depth_counts_parentheses_outside_strings() {
        let depth = |text| shape(text).1;
        assert_eq!(depth("y"), 0);
        assert_eq!(depth("f(g(1), (2))"), 2);
        assert_eq!(depth("'((((' || (y)"), 1);
        assert_eq!(depth("(((("), 4);
    }
}
