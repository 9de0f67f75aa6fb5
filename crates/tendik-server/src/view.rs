//! What a page or an API call asks for, read from its query string with defaults, and the
//! rows of the analysis it selects.

use std::collections::HashMap;

use tendik_i18n::{KeyKind, Language, Translator, key_for};
use tendik_plan::Row;

use crate::Dashboard;

/// One view of the figures: language, age group, figure, cut-off and breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The page's language.
    pub language: Language,
    /// The age group.
    pub age_group: String,
    /// `H`, `A`, `M0`, `dimension:NAME` (a dimension's rate) or `indicator:NAME`.
    pub figure: String,
    /// The cut-off k of H, A and M0.
    pub k: u32,
    /// The breakdown shown in the chart (the regions are on the map).
    pub breakdown: String,
}

impl View {
    /// The view a query asks for; what it leaves out (or names wrongly) takes the first
    /// choice, so that an old link still opens.
    #[must_use]
    pub fn from_query(
        dashboard: &Dashboard,
        query: &HashMap<String, String>,
        accept_language: Option<&str>,
    ) -> Self {
        let language = tendik_i18n::language_from_query_or_header(
            query.get("lang").map(String::as_str),
            accept_language,
        );
        let groups = &dashboard.analysis.age_groups;
        let group = query
            .get("age_group")
            .and_then(|g| groups.iter().find(|x| &x.name == g))
            .or_else(|| groups.iter().find(|g| g.summary))
            .or_else(|| groups.first());
        let age_group = group.map(|g| g.name.clone()).unwrap_or_default();
        let k = query
            .get("k")
            .and_then(|k| k.parse().ok())
            .filter(|k| group.is_some_and(|g| g.cutoffs.contains(k)))
            .or_else(|| {
                group.and_then(|g| {
                    if g.cutoffs.contains(&2) {
                        Some(2)
                    } else {
                        g.cutoffs.first().copied()
                    }
                })
            })
            .unwrap_or(1);
        let choices = figure_choices(dashboard, &age_group);
        let figure = query
            .get("figure")
            .filter(|f| choices.contains(f))
            .cloned()
            .unwrap_or_else(|| "H".to_owned());
        let breakdowns = group.map(|g| g.breakdowns.clone()).unwrap_or_default();
        let breakdown = query
            .get("breakdown")
            .filter(|b| breakdowns.contains(b))
            .cloned()
            .or_else(|| breakdowns.iter().find(|b| b.as_str() != "region").cloned())
            .unwrap_or_default();
        Self {
            language,
            age_group,
            figure,
            k,
            breakdown,
        }
    }

    /// The query string of this view with `lang` replaced (for the language switch) or not.
    #[must_use]
    pub fn query(&self, language: Option<Language>) -> String {
        let encode = |text: &str| -> String {
            text.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect()
        };
        format!(
            "lang={}&age_group={}&figure={}&k={}&breakdown={}",
            language.unwrap_or(self.language).code(),
            encode(&self.age_group),
            encode(&self.figure),
            self.k,
            encode(&self.breakdown)
        )
    }

    /// The rows of this view's figure for one breakdown (`""`: the whole age group).
    #[must_use]
    pub fn rows<'a>(&self, dashboard: &'a Dashboard, breakdown: &str) -> Vec<&'a Row> {
        let k = self.k.to_string();
        dashboard
            .analysis
            .rows
            .iter()
            .filter(|r| r.age_group == self.age_group && r.breakdown == breakdown)
            .filter(|r| match self.figure.split_once(':') {
                Some(("dimension", name)) => {
                    r.measure == "rate"
                        && r.indicator.is_none()
                        && r.dimension.as_deref() == Some(name)
                }
                Some(("indicator", name)) => {
                    r.measure == "rate" && r.indicator.as_deref() == Some(name)
                }
                _ => r.measure == self.figure && r.k.as_deref() == Some(k.as_str()),
            })
            .collect()
    }

    /// The figure's name in the page's language.
    #[must_use]
    pub fn figure_name(&self, dashboard: &Dashboard) -> String {
        let t = Translator::new(self.language);
        figure_label(dashboard, t, &self.figure, self.k)
    }
}

/// The figures an age group can show, in picker order.
#[must_use]
pub(crate) fn figure_choices(dashboard: &Dashboard, age_group: &str) -> Vec<String> {
    let mut out = vec!["H".to_owned(), "A".to_owned(), "M0".to_owned()];
    if let Some(group) = dashboard
        .analysis
        .age_groups
        .iter()
        .find(|g| g.name == age_group)
    {
        for (dimension, indicators) in &group.dimensions {
            out.push(format!("dimension:{dimension}"));
            out.extend(indicators.iter().map(|i| format!("indicator:{i}")));
        }
    }
    out
}

/// A figure's label: `Multidimensional headcount ratio (k = 2)`, a dimension's or an
/// indicator's name.
#[must_use]
pub(crate) fn figure_label(dashboard: &Dashboard, t: Translator, figure: &str, k: u32) -> String {
    match figure.split_once(':') {
        Some(("dimension", name)) => {
            let english = dashboard
                .plan
                .dimensions
                .iter()
                .find(|d| d.name == name)
                .map_or(name, |d| if d.label.is_empty() { name } else { &d.label });
            format!(
                "{}: {}",
                t.t("measure-rate"),
                t.plan_text(&key_for(KeyKind::Dimension, name), english)
            )
        }
        Some(("indicator", name)) => {
            let english = dashboard
                .plan
                .indicators
                .iter()
                .find(|i| i.name == name)
                .map_or(name, |i| if i.label.is_empty() { name } else { &i.label });
            t.plan_text(&key_for(KeyKind::Indicator, name), english)
        }
        _ => format!(
            "{} (k = {k})",
            t.t(&key_for(KeyKind::Measure, &figure.to_lowercase()))
        ),
    }
}

/// The tendik-geo unit of a region breakdown's group.
pub(crate) fn region_unit(dashboard: &Dashboard, row: &Row) -> Option<&'static tendik_geo::Unit> {
    tendik_report::region_unit(&dashboard.plan, row)
}

/// The breakdown over the survey's regions.
pub(crate) fn region_breakdown(dashboard: &Dashboard) -> Option<String> {
    tendik_report::region_breakdown(&dashboard.plan)
}
