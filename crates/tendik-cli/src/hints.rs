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
