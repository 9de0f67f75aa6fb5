//! One mapping from library errors to the CLI's messages and `hint:` lines, used by every
//! command: roles of columns become the flags that name them.

use tendik_ingest::IngestError;
use tendik_survey::{Role, SurveyError};

use crate::output::CliError;

/// The error with a `hint:` that helps with its kind.
pub(crate) fn ingest_error(error: &IngestError) -> CliError {
    let hint = match error {
        IngestError::UnknownFormat { .. } => Some(
            "rename the file if its extension is wrong; save an Excel workbook as \"CSV UTF-8\" (a header row, then one row per case)"
                .to_owned(),
        ),
        IngestError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            std::env::current_dir().ok().map(|dir| {
                format!(
                    "relative paths start from the current directory, {}",
                    dir.display()
                )
            })
        }
        IngestError::NotFormat { .. } => Some(
            "the first bytes say what a file really is; `file PATH` on Linux or macOS names the type"
                .to_owned(),
        ),
        IngestError::Truncated { .. } => {
            Some("compare the file's size with the original's".to_owned())
        }
        IngestError::Delimiter { seen, .. } => Some(format!(
            "give the separator: --delimiter '{seen}'"
        )),
        IngestError::Row { .. } | IngestError::Cell { .. } => Some(
            "rows are numbered as a spreadsheet shows them (the CSV header is row 1; Stata counts observations)"
                .to_owned(),
        ),
        _ => None,
    };
    let mut cli = CliError::new(error.to_string());
    if let Some(hint) = hint {
        cli = cli.with_hint(hint);
    }
    cli
}

/// An administrative data error, with the fix for its kind.
pub(crate) fn admin_error(error: &tendik_admin::AdminError) -> CliError {
    CliError::new(error.to_string()).with_hint(
        "--admin reads DHIS2 dataValueSets (.json, or .csv with dataelement,period,orgunit,catoptcombo,attroptcombo,value) and plain CSV (area,period,element,value)",
    )
}

/// The flag that gives a column its role.
pub(crate) fn flag(role: &Role) -> String {
    match role {
        Role::Weight => "--weight".to_owned(),
        Role::Stratum => "--strata".to_owned(),
        Role::Psu => "--psu".to_owned(),
        Role::Fpc => "--fpc".to_owned(),
        Role::Domain => "--by".to_owned(),
        Role::Target(statistic) => format!("--{}", statistic.name()),
        Role::Filter => "--where".to_owned(),
        Role::Definition(name) => format!("--define {name}"),
        Role::ReplicateWeight => "--repweights".to_owned(),
    }
}

/// The survey error in the CLI's words, with the hint that goes with its kind.
pub(crate) fn survey_error(error: &SurveyError, data: &std::path::Path) -> CliError {
    let hint = match error {
        SurveyError::UnknownColumn { .. } => Some(format!(
            "`tendik inspect {}` lists the columns and their labels",
            data.display()
        )),
        SurveyError::BadExpression { role: Role::Filter, .. } => Some(
            "write column names in double quotes and text in single quotes, such as \"HH6\" = 1 AND \"region\" <> 'Osh'"
                .to_owned(),
        ),
        SurveyError::BadExpression { .. } => Some(
            "write NAME=SQL, such as --define stunted=\"CASE WHEN HAZFLAG = 0 THEN HAZ2 < -2 END\"; a true/false result counts as 1/0, NULL as missing"
                .to_owned(),
        ),
        SurveyError::ExpressionFailed { .. } => Some(
            "check --define and --where: guard a division with NULLIF(x, 0), a conversion with TRY_CAST"
                .to_owned(),
        ),
        SurveyError::BadDesignValue { row, .. } => Some(format!(
            "observations count data rows from 1 (R's row index, Stata's _n); in a CSV file opened in a spreadsheet, observation {row} is row {}",
            row + 1
        )),
        SurveyError::LonelyPsu { .. } => Some(
            "choose how to treat it with --lonely-psu remove|certainty|adjust|average (as R's survey.lonely.psu)"
                .to_owned(),
        ),
        _ if !error.is_user_error() => {
            Some("this is a bug in tendik; please report it with the command you ran".to_owned())
        }
        _ => None,
    };
    let mut cli = CliError::new(error.render(&flag));
    if let Some(hint) = hint {
        cli = cli.with_hint(hint);
    }
    cli
}

/// Where a CSV column that the error needs as numbers turned into text: the row and value
/// that made it text, for every such column the error names.
pub(crate) fn with_text_hints(
    mut cli: CliError,
    error: &SurveyError,
    codebook: &tendik_ingest::Codebook,
) -> CliError {
    let columns: Vec<&tendik_ingest::Variable> = match error {
        SurveyError::NotNumeric { column, .. } => codebook.get(column).into_iter().collect(),
        // A failed cast in an expression: every text column the message mentions.
        SurveyError::ExpressionFailed { message } => codebook
            .variables
            .iter()
            .filter(|v| {
                v.text_from.as_ref().is_some_and(|first| {
                    message.contains(&format!("'{}'", first.value))
                        || message.contains(&format!("`{}`", v.name))
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    for variable in columns {
        if let Some(first) = &variable.text_from {
            let decimal_comma = first.value.contains(',')
                && first.value.replacen(',', ".", 1).parse::<f64>().is_ok();
            cli = cli.with_hint(format!(
                "`{}` holds numbers until row {}, which holds `{}` ({} numbers before it): correct that value and any like it{}",
                variable.name,
                first.row,
                first.value,
                first.numbers_before,
                if decimal_comma {
                    ", or read decimal commas with --decimal comma (and --delimiter ';' or tab)"
                } else {
                    ""
                }
            ));
        }
    }
    cli
}
