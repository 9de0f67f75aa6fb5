//! Message ids derived from the names of a plan and of tendik's own vocabularies.

/// The kind of name a message translates: each kind is one prefix of message ids.
///
/// [`key_for`] joins the prefix and the normalised name: `dimension-nutrition`,
/// `age-group-0-23-months`, `inequality-paf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// A plan's dimension, by its `name` (`nutrition`): `dimension-…`.
    Dimension,
    /// A plan's age group, by its `name` (`0-23 months`): `age-group-…`.
    AgeGroup,
    /// A plan's indicator, by its `name` (`no_dtp3`): `indicator-…`; attribute `.short`.
    Indicator,
    /// A plan's breakdown, by its `name` (`wealth_quintile`): `breakdown-…`; attribute
    /// `.by` ("by wealth quintile") for chart titles.
    Breakdown,
    /// A category of a breakdown, by its English value label (`Poorest`, `Urban`):
    /// `category-…`.
    Category,
    /// A plan's intervention, by its `id` (`immunisation`): `intervention-…`.
    Intervention,
    /// An intervention's sector (`child_protection`): `sector-…`.
    Sector,
    /// A determinant step's domain (`enabling`, `supply`, `demand`, `quality`): `domain-…`.
    Domain,
    /// A determinant step's source (`survey`, `admin`, `enabling`): `source-…`.
    Source,
    /// A deprivation measure (`H`, `A`, `M0`, `rate`, `overlap`, …): `measure-…`;
    /// attributes `.symbol` and `.help`.
    Measure,
    /// One of WHO HEAT's 21 summary measures of inequality, by its abbreviation (`PAF`):
    /// `inequality-…`; attribute `.help`.
    Inequality,
    /// A MICS reliability flag (`reliable`, `caution`, `suppressed`, `unavailable`):
    /// `reliability-…`.
    Reliability,
    /// An area level (`national`, `region`, `district`): `level-…`; attribute `.plural`.
    Level,
    /// An action's status in the register (`open`, `in_progress`, `done`, `cancelled`):
    /// `status-…`.
    Status,
    /// The verdict of an action's review (`improved`, `worsened`, `no_clear_change`,
    /// `not_comparable`, `no_baseline`): `verdict-…`.
    Verdict,
}

impl KeyKind {
    /// Every kind.
    pub const ALL: [Self; 15] = [
        Self::Dimension,
        Self::AgeGroup,
        Self::Indicator,
        Self::Breakdown,
        Self::Category,
        Self::Intervention,
        Self::Sector,
        Self::Domain,
        Self::Source,
        Self::Measure,
        Self::Inequality,
        Self::Reliability,
        Self::Level,
        Self::Status,
        Self::Verdict,
    ];

    /// The prefix of its message ids, without the joining `-`: `age-group`.
    #[must_use]
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::Dimension => "dimension",
            Self::AgeGroup => "age-group",
            Self::Indicator => "indicator",
            Self::Breakdown => "breakdown",
            Self::Category => "category",
            Self::Intervention => "intervention",
            Self::Sector => "sector",
            Self::Domain => "domain",
            Self::Source => "source",
            Self::Measure => "measure",
            Self::Inequality => "inequality",
            Self::Reliability => "reliability",
            Self::Level => "level",
            Self::Status => "status",
            Self::Verdict => "verdict",
        }
    }
}

/// The message id of `name` of this `kind`: the prefix, `-`, and `name` normalised.
///
/// Normalised: ASCII letters lowercased, ASCII digits kept, every run of other characters
/// (spaces, `_`, `-`, `/`, `'`, letters outside ASCII …) one `-`, none at either end. The
/// result is always a valid Fluent identifier. An empty name gives the bare prefix.
///
/// ```
/// use tendik_i18n::{key_for, KeyKind};
///
/// assert_eq!(key_for(KeyKind::Dimension, "nutrition"), "dimension-nutrition");
/// assert_eq!(key_for(KeyKind::AgeGroup, "0-23 months"), "age-group-0-23-months");
/// assert_eq!(key_for(KeyKind::Breakdown, "wealth_quintile"), "breakdown-wealth-quintile");
/// assert_eq!(key_for(KeyKind::Measure, "M0"), "measure-m0");
/// assert_eq!(key_for(KeyKind::Category, "Pre-primary or none"), "category-pre-primary-or-none");
/// ```
#[must_use]
pub fn key_for(kind: KeyKind, name: &str) -> String {
    let mut key = String::with_capacity(kind.prefix().len() + 1 + name.len());
    key.push_str(kind.prefix());
    push_normalised(&mut key, name);
    key
}

/// The message id of an intervention's determinant step, by the intervention's id and the
/// step's 1-based position in its chain (the `step` column of the bottleneck table):
/// `step_key("immunisation", 3)` is `step-immunisation-3`.
///
/// Steps are keyed by position because their determinant names are free text; use
/// [`Translator::plan_text`](crate::Translator::plan_text) with the plan's determinant so
/// that a plan whose chain was edited shows its own text rather than another step's.
#[must_use]
pub fn step_key(intervention: &str, step: usize) -> String {
    let mut key = String::from("step");
    push_normalised(&mut key, intervention);
    key.push('-');
    key.push_str(&step.to_string());
    key
}

/// Appends `-` and the normalised `name` (nothing for a name without ASCII letters or
/// digits).
fn push_normalised(key: &mut String, name: &str) {
    let mut separator = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if separator {
                key.push('-');
                separator = false;
            }
            key.push(c.to_ascii_lowercase());
        } else {
            separator = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_names_become_kebab_case_ids() {
        assert_eq!(
            key_for(KeyKind::Dimension, "nutrition"),
            "dimension-nutrition"
        );
        assert_eq!(
            key_for(KeyKind::AgeGroup, "0-23 months"),
            "age-group-0-23-months"
        );
        assert_eq!(
            key_for(KeyKind::AgeGroup, "15-17 years"),
            "age-group-15-17-years"
        );
        assert_eq!(
            key_for(KeyKind::Breakdown, "functioning_5_17"),
            "breakdown-functioning-5-17"
        );
        assert_eq!(
            key_for(KeyKind::Indicator, "violent_discipline_1_4"),
            "indicator-violent-discipline-1-4"
        );
        assert_eq!(
            key_for(KeyKind::Sector, "child_protection"),
            "sector-child-protection"
        );
        assert_eq!(
            key_for(KeyKind::Status, "in_progress"),
            "status-in-progress"
        );
        assert_eq!(
            key_for(KeyKind::Intervention, "immunisation"),
            "intervention-immunisation"
        );
    }

    #[test]
    fn case_and_punctuation_are_normalised() {
        assert_eq!(key_for(KeyKind::Measure, "M0"), "measure-m0");
        assert_eq!(key_for(KeyKind::Inequality, "PAF"), "inequality-paf");
        assert_eq!(
            key_for(KeyKind::Category, "Missing/DK"),
            "category-missing-dk"
        );
        assert_eq!(
            key_for(KeyKind::Category, "  Mother not in household. "),
            "category-mother-not-in-household"
        );
        assert_eq!(key_for(KeyKind::Category, "a -- b__c"), "category-a-b-c");
    }

    #[test]
    fn letters_outside_ascii_separate_words() {
        // Fluent ids are ASCII: a Cyrillic name leaves only its ASCII parts.
        assert_eq!(key_for(KeyKind::Category, "Город"), "category");
        assert_eq!(
            key_for(KeyKind::Category, "Penta3 (жаңы)"),
            "category-penta3"
        );
        assert_eq!(key_for(KeyKind::Dimension, ""), "dimension");
    }

    #[test]
    fn steps_are_keyed_by_position() {
        assert_eq!(step_key("immunisation", 3), "step-immunisation-3");
        assert_eq!(step_key("monthly_benefit", 1), "step-monthly-benefit-1");
    }

    #[test]
    fn prefixes_are_distinct() {
        let mut prefixes: Vec<_> = KeyKind::ALL.iter().map(|kind| kind.prefix()).collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        assert_eq!(prefixes.len(), KeyKind::ALL.len());
    }
}
