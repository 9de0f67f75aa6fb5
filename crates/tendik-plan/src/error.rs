//! Why a plan cannot run: each error names the plan part, the file or column, and a fix.

/// Everything that stops a plan before or while it runs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The TOML does not parse or does not have the plan's shape.
    #[error("{plan}: {message}")]
    Syntax {
        /// The plan file.
        plan: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The plan is well formed but wrong: a name that refers to nothing, an indicator used
    /// before it is defined, a required item that cannot be computed.
    #[error("{plan}: {what}{}", hint_text(.hint))]
    Invalid {
        /// The plan file.
        plan: String,
        /// What is wrong, and where in the plan.
        what: String,
        /// How to fix it (may be empty).
        hint: String,
    },
    /// The data do not fit the plan: a file that is absent, a key column missing, a join
    /// that would multiply rows.
    #[error("{what}{}", hint_text(.hint))]
    Data {
        /// What is wrong, naming the file and column.
        what: String,
        /// How to fix it (may be empty).
        hint: String,
    },
    /// A data file cannot be read.
    #[error(transparent)]
    Ingest(Box<tendik_ingest::IngestError>),
    /// The engine refused a definition or an estimate.
    #[error("{context}: {source}")]
    Survey {
        /// Which part of the plan (age group, indicator).
        context: String,
        /// The engine's error.
        source: Box<tendik_survey::SurveyError>,
    },
    /// A measure failed.
    #[error("{context}: {source}")]
    Measure {
        /// Which part of the plan.
        context: String,
        /// The measure's error.
        source: Box<tendik_measures::MeasureError>,
    },
    /// A failure inside the query engine while joining: a bug, not a user error.
    #[error("internal error in the query engine: {0}")]
    Engine(Box<datafusion::error::DataFusionError>),
}

fn hint_text(hint: &str) -> String {
    if hint.is_empty() {
        String::new()
    } else {
        format!("\n  hint: {hint}")
    }
}

impl From<tendik_ingest::IngestError> for PlanError {
    fn from(error: tendik_ingest::IngestError) -> Self {
        Self::Ingest(Box::new(error))
    }
}

impl From<datafusion::error::DataFusionError> for PlanError {
    fn from(error: datafusion::error::DataFusionError) -> Self {
        Self::Engine(Box::new(error))
    }
}

impl PlanError {
    /// What is wrong, without the hint (which [`Self::hint`] gives).
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::Invalid { plan, what, .. } => format!("{plan}: {what}"),
            Self::Data { what, .. } => what.clone(),
            other => other.to_string(),
        }
    }

    /// How to fix it, where the plan or the data say.
    #[must_use]
    pub fn hint(&self) -> Option<&str> {
        match self {
            Self::Invalid { hint, .. } | Self::Data { hint, .. } if !hint.is_empty() => Some(hint),
            _ => None,
        }
    }

    /// The same error with where in the plan it happened put first.
    #[must_use]
    pub(crate) fn at(self, place: &str) -> Self {
        match self {
            Self::Invalid { plan, what, hint } => Self::Invalid {
                plan,
                what: format!("{place} {what}"),
                hint,
            },
            other => other,
        }
    }
}

/// "did you mean `x`?" when some known names are close to `name`, else the list of them.
pub(crate) fn close_or_list(name: &str, known: &[&str]) -> String {
    let close = close_names(name, known.iter().copied());
    if !close.is_empty() {
        return format!("did you mean {}?", quoted(&close));
    }
    if known.is_empty() {
        "the plan defines none".to_owned()
    } else {
        format!(
            "the plan defines {}",
            quoted(&known.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
        )
    }
}

/// Up to three names close to `name` (case-insensitive Jaro–Winkler ≥ 0.85, or the same
/// name in another case), best first.
pub(crate) fn close_names<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Vec<String> {
    let lower = name.to_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .map(|k| (strsim::jaro_winkler(&lower, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.85)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(3)
        .map(|(_, k)| k.to_owned())
        .collect()
}

/// `` `a`, `b` or `c` ``.
pub(crate) fn quoted(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
