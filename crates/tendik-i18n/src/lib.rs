//! The interface strings of tendik's report and dashboard in English, Russian and Kyrgyz.
//!
//! The strings are [Project Fluent](https://projectfluent.org) messages, one file per
//! language (`locales/en/tendik.ftl`, `locales/ru/tendik.ftl`, `locales/ky/tendik.ftl`),
//! embedded in the binary. A [`Translator`] formats them in one [`Language`] (tendik-geo's
//! language enum, re-exported here); [`language_from_query_or_header`] picks the language
//! of a page; [`NumberFormat`] writes numbers as each language does.
//!
//! ```
//! use tendik_i18n::{language_from_query_or_header, FluentValue, Translator};
//!
//! let language = language_from_query_or_header(None, Some("ky-KG,ky;q=0.9,ru;q=0.8"));
//! let t = Translator::new(language);
//! assert_eq!(t.t("level-district"), "Район");
//! assert_eq!(t.format_percent(0.234, 1), "23,4");
//! let cases = t.t_with("legend-cases", &[("count", FluentValue::from(1234))]);
//! assert_eq!(cases, "1\u{a0}234 учур");
//! ```
//!
//! # Rules the files keep
//! - Every message and attribute of one file is in the other two (a test compares them),
//!   and every message formats without errors in all three languages.
//! - No Unicode isolation marks around arguments (`set_use_isolating(false)`): output goes
//!   into HTML and SVG. Callers escape arguments and results for HTML themselves.
//! - Numbers passed as arguments are written in the language's format (`1 234,5` in
//!   Russian and Kyrgyz); estimates are usually passed already formatted, as strings, by
//!   [`Translator::format_percent`].
//! - Percent signs follow the number without a space in all three languages (`23,4%`), as
//!   MICS reports in Russian and Kyrgyz write them.
//! - Arguments are snake case (`$age_group`, `$lower`); a message takes the same arguments
//!   in every language.
//!
//! # Message ids
//! Ids are kebab case, a prefix naming the group and then the name:
//!
//! | prefix | what | example |
//! |---|---|---|
//! | `report-` | the offline report: title, sections, headline sentences | `report-section-methods` |
//! | `methods-` | pieces of the report's methods section | `methods-suppression-text` |
//! | `chart-`, `axis-`, `legend-`, `map-` | chart titles, axis labels, legends, map tooltips | `legend-caution` |
//! | `gap-` | equity gap sentences, with their figures as arguments | `gap-poorest-richest` |
//! | `nav-`, `picker-`, `button-`, `table-`, `page-`, `about-`, `footer-`, `error-`, `actions-` | the dashboard | `button-download-csv` |
//! | `bottleneck-` | the bottleneck view and its table | `bottleneck-largest-drop` |
//! | `language-`, `unit-`, `no-data`, `national` … | shared words | `unit-percentage-points` |
//!
//! Names that come from the analysis plan or from tendik's own vocabularies have ids
//! derived by [`key_for`] from a [`KeyKind`] and the name, so that the report and the
//! dashboard can look any of them up: the kind's prefix, `-`, and the name with ASCII
//! letters lowercased and every run of other characters made one `-`:
//!
//! | kind | plan or code name | id |
//! |---|---|---|
//! | [`KeyKind::Dimension`] | `nutrition` | `dimension-nutrition` |
//! | [`KeyKind::AgeGroup`] | `0-23 months` | `age-group-0-23-months` |
//! | [`KeyKind::Indicator`] | `no_dtp3` | `indicator-no-dtp3` (`.short`) |
//! | [`KeyKind::Breakdown`] | `wealth_quintile` | `breakdown-wealth-quintile` (`.by`) |
//! | [`KeyKind::Category`] | value label `Poorest` | `category-poorest` |
//! | [`KeyKind::Intervention`] | `immunisation` | `intervention-immunisation` |
//! | (step, by position: [`step_key`]) | `immunisation`, step 3 | `step-immunisation-3` |
//! | [`KeyKind::Sector`] | `child_protection` | `sector-child-protection` |
//! | [`KeyKind::Domain`] | `supply` | `domain-supply` |
//! | [`KeyKind::Source`] | `admin` | `source-admin` |
//! | [`KeyKind::Measure`] | `M0` | `measure-m0` (`.symbol`, `.help`) |
//! | [`KeyKind::Inequality`] | `PAF` | `inequality-paf` (`.help`) |
//! | [`KeyKind::Reliability`] | `caution` | `reliability-caution` |
//! | [`KeyKind::Level`] | `region` | `level-region` (`.plural`) |
//! | [`KeyKind::Status`] | `in_progress` | `status-in-progress` |
//! | [`KeyKind::Verdict`] | `no_clear_change` | `verdict-no-clear-change` |
//!
//! Attributes are asked for as `id.attribute`: `t.t("measure-h.help")`.
//!
//! The English message of a plan name is the plan's own text (the dimension's `label`, the
//! age group's `name`, the indicator's `label`, the intervention's `label`, the step's
//! `determinant`). [`Translator::plan_text`] translates a plan's text only when it still
//! equals that English message, so a user's own plan shows its own words.
//!
//! # Translations
//! Russian follows the terminology of UNICEF's and the National Statistical Committee's
//! Russian-language MICS reports (область, район, домохозяйство, доверительный интервал,
//! квинтиль благосостояния). Kyrgyz is a careful first translation: the keys a native
//! speaker should review are listed in a `# review:` comment at the top of
//! `locales/ky/tendik.ftl`.

mod keys;
mod negotiate;
mod number;
mod translator;

#[cfg(test)]
mod tests;

pub use fluent_bundle::FluentValue;
pub use keys::{KeyKind, key_for, step_key};
pub use negotiate::{language_from_query_or_header, negotiate_accept_language, parse_language};
pub use number::{NO_BREAK_SPACE, NumberFormat, format_number, format_percent};
pub use tendik_geo::Language;
pub use translator::{Translator, translates};

/// The name of `language` in that language, for a language switch: `English`, `Русский`,
/// `Кыргызча`.
#[must_use]
pub const fn native_name(language: Language) -> &'static str {
    match language {
        Language::En => "English",
        Language::Ru => "Русский",
        Language::Ky => "Кыргызча",
    }
}
