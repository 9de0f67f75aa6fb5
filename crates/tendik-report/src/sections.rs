//! The report's sections, each a piece of HTML made from the analysis with the renderer.

use std::fmt::Write as _;

use tendik_i18n::{FluentValue, KeyKind, Translator, key_for, step_key};
use tendik_plan::{AgeGroupRecord, BottleneckRow, Row};
use tendik_render::{
    Bar, BarSection, Bars, Chain, Choropleth, Column, Distribution, Domain, DomainNames, Equity,
    EquityRow, Figure, Frame, Intersection, Locale, MapArea, Ramp, Reference, Reliability, Scale,
    Step, UpSet, escape,
};
use tendik_survey::Estimate;

use crate::ReportInput;

/// What every section reads.
pub(crate) struct Context<'a> {
    pub(crate) input: &'a ReportInput<'a>,
    pub(crate) t: Translator,
    pub(crate) locale: &'a Locale,
}

impl<'a> Context<'a> {
    pub(crate) fn new(input: &'a ReportInput<'a>, t: Translator, locale: &'a Locale) -> Self {
        Self { input, t, locale }
    }

    /// A plan name in the report's language (the plan's own words when it was edited).
    fn name(&self, kind: KeyKind, name: &str, english: &str) -> String {
        self.t.plan_text(&key_for(kind, name), english)
    }

    fn dimension(&self, name: &str) -> String {
        let label = self
            .input
            .plan
            .dimensions
            .iter()
            .find(|d| d.name == name)
            .map_or(name, |d| if d.label.is_empty() { name } else { &d.label });
        self.name(KeyKind::Dimension, name, label)
    }

    fn age_group(&self, name: &str) -> String {
        self.name(KeyKind::AgeGroup, name, name)
    }

    fn breakdown(&self, name: &str) -> String {
        self.t
            .try_t(&key_for(KeyKind::Breakdown, name))
            .unwrap_or_else(|| name.to_owned())
    }

    /// The headline cut-off of an age group: k = 2 when used, else its smallest.
    fn headline_k(group: &AgeGroupRecord) -> Option<u32> {
        if group.cutoffs.contains(&2) {
            Some(2)
        } else {
            group.cutoffs.first().copied()
        }
    }

    fn rows(&self) -> &'a [Row] {
        &self.input.analysis.rows
    }

    fn find(&self, group: &str, measure: &str, k: Option<u32>, breakdown: &str) -> Vec<&'a Row> {
        let k = k.map(|k| k.to_string());
        self.rows()
            .iter()
            .filter(|r| {
                r.age_group == group
                    && r.measure == measure
                    && r.breakdown == breakdown
                    && (k.is_none() || r.k == k)
            })
            .collect()
    }

    fn frame(&self, id: String, title: String) -> Frame {
        Frame {
            id,
            description: title.clone(),
            title,
            note: Some(self.t.t_with(
                "report-source",
                &[(
                    "source",
                    FluentValue::from(self.input.plan.plan.name.clone()),
                )],
            )),
        }
    }
}

/// The renderer's figure of an engine estimate.
#[must_use]
pub fn figure(estimate: &Estimate) -> Figure {
    use tendik_survey::Reliability as R;
    let reliability = match estimate.reliability {
        R::Reliable => Reliability::Reliable,
        R::Caution => Reliability::Caution,
        R::Suppressed => Reliability::Suppressed,
        R::Unavailable => Reliability::Unavailable,
    };
    Figure {
        estimate: Some(estimate.estimate).filter(|v| v.is_finite()),
        ci: Some((estimate.ci_lower, estimate.ci_upper))
            .filter(|(a, b)| a.is_finite() && b.is_finite()),
        reliability,
        n: Some(estimate.n),
    }
}

fn id(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn figure_html(svg: &str) -> String {
    format!("<figure>{svg}</figure>\n")
}

/// Per age group: H, A and M0 by cut-off, and one sentence on H at the headline k.
pub(crate) fn headline(c: &Context<'_>) -> String {
    let mut html = String::new();
    for group in &c.input.analysis.age_groups {
        let name = c.age_group(&group.name);
        let _ = write!(html, "<h3>{}</h3>", escape(&name));
        if let Some(k) = Context::headline_k(group)
            && let Some(h) = c.find(&group.name, "H", Some(k), "").first()
            && let Some(value) = figure(&h.estimate).shown()
        {
            let sentence = c.t.t_with(
                "report-headline-h",
                &[
                    ("age_group", FluentValue::from(name.clone())),
                    ("value", FluentValue::from(c.locale.number.percent(value))),
                    ("k", FluentValue::from(f64::from(k))),
                ],
            );
            let _ = write!(html, "<p>{}</p>", escape(&sentence));
        }
        let columns: Vec<String> = group.cutoffs.iter().map(|k| format!("k = {k}")).collect();
        let rows = ["H", "A", "M0"]
            .iter()
            .map(|measure| tendik_render::TableRow {
                label: c.t.t(&format!("measure-{}", measure.to_lowercase())),
                code: None,
                href: None,
                cells: group
                    .cutoffs
                    .iter()
                    .map(|k| {
                        c.find(&group.name, measure, Some(*k), "")
                            .first()
                            .map_or_else(Figure::unavailable, |r| figure(&r.estimate))
                    })
                    .collect(),
            })
            .collect();
        html.push_str(&tendik_render::table(
            &tendik_render::Table {
                id: Some(format!("headline-{}", id(&group.name))),
                caption: c.t.t_with(
                    "chart-headcount-by-cutoff",
                    &[("age_group", FluentValue::from(name.clone()))],
                ),
                corner: String::new(),
                columns,
                rows,
                show_ci: true,
                note: Some(c.t.t("report-table-note")),
            },
            c.locale,
        ));
        // The rate of each dimension, with its interval.
        let bars: Vec<Bar> = group
            .dimensions
            .iter()
            .filter_map(|(dimension, _)| {
                let row = c.rows().iter().find(|r| {
                    r.age_group == group.name
                        && r.measure == "rate"
                        && r.indicator.is_none()
                        && r.dimension.as_deref() == Some(dimension.as_str())
                        && r.breakdown.is_empty()
                })?;
                Some(Bar {
                    label: c.dimension(dimension),
                    code: Some(dimension.clone()),
                    figure: figure(&row.estimate),
                })
            })
            .collect();
        if !bars.is_empty() {
            let title = c.t.t_with(
                "chart-rates-by-dimension",
                &[("age_group", FluentValue::from(name.clone()))],
            );
            html.push_str(&figure_html(&tendik_render::bar_chart(
                &Bars {
                    frame: c.frame(format!("rates-{}", id(&group.name)), title),
                    sections: vec![BarSection { title: None, bars }],
                    reference: None,
                },
                c.locale,
            )));
        }
    }
    html
}

/// The breakdown that holds the survey's regions: the one over `[areas.region]`'s
/// variable, else the one named `region`.
#[must_use]
pub fn region_breakdown(plan: &tendik_plan::Plan) -> Option<String> {
    let variable = plan
        .areas
        .as_ref()
        .and_then(|a| a.region.as_ref())
        .map(|r| r.variable.clone());
    plan.breakdowns
        .iter()
        .find(|b| variable.as_deref().is_some_and(|v| b.column == v))
        .or_else(|| plan.breakdowns.iter().find(|b| b.name == "region"))
        .map(|b| b.name.clone())
}

/// The tendik-geo unit of a region breakdown's group: the plan's `[areas.region]` codes,
/// else the group's label as a unit name.
#[must_use]
pub fn region_unit(plan: &tendik_plan::Plan, row: &Row) -> Option<&'static tendik_geo::Unit> {
    let region = plan.areas.as_ref().and_then(|a| a.region.as_ref());
    if let Some(code) = region.and_then(|r| r.codes.get(&row.group_code)) {
        return tendik_geo::find(code);
    }
    tendik_geo::find_by_name(&row.group, Some(tendik_geo::Level::Region)).ok()
}

/// H at the headline k by region, one map per age group.
pub(crate) fn maps(c: &Context<'_>) -> String {
    let Some(breakdown) = region_breakdown(c.input.plan) else {
        return String::new();
    };
    let boundaries = tendik_geo::region_boundaries();
    let mut html = String::new();
    for group in &c.input.analysis.age_groups {
        let Some(k) = Context::headline_k(group) else {
            continue;
        };
        let areas: Vec<MapArea> = c
            .find(&group.name, "H", Some(k), &breakdown)
            .into_iter()
            .filter_map(|row| {
                let unit = region_unit(c.input.plan, row)?;
                let name = unit.name(c.t.language()).to_owned();
                Some(MapArea {
                    code: unit.code.clone(),
                    label: Some(name.clone()),
                    name,
                    figure: figure(&row.estimate),
                    href: None,
                })
            })
            .collect();
        if areas.is_empty() {
            continue;
        }
        let indicator = format!("{} (k = {k})", c.t.t("measure-h"));
        let title = c.t.t_with(
            "map-title",
            &[
                ("indicator", FluentValue::from(indicator.clone())),
                ("age_group", FluentValue::from(c.age_group(&group.name))),
            ],
        );
        html.push_str(&figure_html(&tendik_render::choropleth(
            &Choropleth {
                frame: c.frame(format!("map-{}", id(&group.name)), title),
                boundaries,
                areas,
                scale: Scale {
                    ramp: Ramp::Viridis,
                    breaks: None,
                    higher_is_worse: true,
                },
                legend_title: indicator,
            },
            c.locale,
        )));
    }
    html
}

/// H at the headline k by every breakdown but the regions (on the map), per age group.
pub(crate) fn breakdowns(c: &Context<'_>) -> String {
    let region = region_breakdown(c.input.plan);
    let mut html = String::new();
    for group in &c.input.analysis.age_groups {
        let Some(k) = Context::headline_k(group) else {
            continue;
        };
        let national = c
            .find(&group.name, "H", Some(k), "")
            .first()
            .and_then(|r| figure(&r.estimate).shown());
        let mut sections = Vec::new();
        for breakdown in &group.breakdowns {
            if Some(breakdown) == region.as_ref() {
                continue;
            }
            let bars: Vec<Bar> = c
                .find(&group.name, "H", Some(k), breakdown)
                .into_iter()
                .map(|row| Bar {
                    label: row.group.clone(),
                    code: Some(row.group_code.clone()),
                    figure: figure(&row.estimate),
                })
                .collect();
            if !bars.is_empty() {
                sections.push(BarSection {
                    title: Some(c.breakdown(breakdown)),
                    bars,
                });
            }
        }
        if sections.is_empty() {
            continue;
        }
        let indicator = format!("{} (k = {k})", c.t.t("measure-h"));
        let title = format!("{indicator}, {}", c.age_group(&group.name));
        html.push_str(&figure_html(&tendik_render::bar_chart(
            &Bars {
                frame: c.frame(format!("breakdowns-{}", id(&group.name)), title),
                sections,
                reference: national.map(|value| Reference {
                    label: c.t.t("legend-national-average"),
                    value,
                }),
            },
            c.locale,
        )));
    }
    html
}

/// The share of children by number of deprivations, per age group.
pub(crate) fn distributions(c: &Context<'_>) -> String {
    let mut html = String::new();
    for group in &c.input.analysis.age_groups {
        let columns: Vec<Column> = c
            .find(&group.name, "count_distribution", None, "")
            .into_iter()
            .map(|row| Column {
                label: row.k.clone().unwrap_or_default(),
                figure: figure(&row.estimate),
            })
            .collect();
        if columns.is_empty() {
            continue;
        }
        let title = c.t.t_with(
            "chart-distribution",
            &[("age_group", FluentValue::from(c.age_group(&group.name)))],
        );
        html.push_str(&figure_html(&tendik_render::distribution(
            &Distribution {
                frame: c.frame(format!("distribution-{}", id(&group.name)), title),
                columns,
                axis_label: c.t.t("axis-number-of-deprivations"),
            },
            c.locale,
        )));
    }
    html
}

/// Children deprived in every dimension of a set (the plan's overlaps), per age group.
pub(crate) fn overlaps(c: &Context<'_>) -> String {
    let mut html = String::new();
    for group in &c.input.analysis.age_groups {
        let dimensions: Vec<&str> = group.dimensions.iter().map(|(d, _)| d.as_str()).collect();
        let intersections: Vec<Intersection> = c
            .find(&group.name, "overlap", None, "")
            .into_iter()
            .filter_map(|row| {
                let sets = row
                    .dimension
                    .as_deref()?
                    .split('+')
                    .map(|d| dimensions.iter().position(|x| *x == d))
                    .collect::<Option<Vec<usize>>>()?;
                Some(Intersection {
                    sets,
                    figure: figure(&row.estimate),
                })
            })
            .collect();
        if intersections.is_empty() {
            continue;
        }
        let title = c.t.t_with(
            "chart-overlaps",
            &[("age_group", FluentValue::from(c.age_group(&group.name)))],
        );
        html.push_str(&figure_html(&tendik_render::upset(
            &UpSet {
                frame: c.frame(format!("overlaps-{}", id(&group.name)), title),
                sets: dimensions.iter().map(|d| c.dimension(d)).collect(),
                intersections,
                max_bars: Some(15),
                none_label: c.t.t("legend-deprived-in-all"),
            },
            c.locale,
        )));
    }
    html
}

/// Each dimension's rate by the first ordered breakdown (wealth quintiles), HEAT-style,
/// with the design-based difference between its ends; then the inequality measures of H.
pub(crate) fn equity(c: &Context<'_>) -> String {
    let Some(ordered) = c.input.plan.breakdowns.iter().find(|b| b.ordered) else {
        return String::new();
    };
    let mut html = String::new();
    for group in &c.input.analysis.age_groups {
        if !group.breakdowns.contains(&ordered.name) {
            continue;
        }
        let mut subgroups: Vec<(String, String)> = Vec::new();
        let mut rows = Vec::new();
        for (dimension, _) in &group.dimensions {
            let cells: Vec<&Row> = c
                .rows()
                .iter()
                .filter(|r| {
                    r.age_group == group.name
                        && r.measure == "rate"
                        && r.indicator.is_none()
                        && r.dimension.as_deref() == Some(dimension.as_str())
                        && r.breakdown == ordered.name
                })
                .collect();
            for row in &cells {
                if !subgroups.iter().any(|(code, _)| *code == row.group_code) {
                    subgroups.push((row.group_code.clone(), row.group.clone()));
                }
            }
            let figures: Vec<Option<Figure>> = subgroups
                .iter()
                .map(|(code, _)| {
                    cells
                        .iter()
                        .find(|r| &r.group_code == code)
                        .map(|r| figure(&r.estimate))
                })
                .collect();
            let gap = c.input.analysis.inequality.iter().find(|r| {
                r.age_group == group.name
                    && r.of == "rate"
                    && r.indicator.is_none()
                    && r.dimension.as_deref() == Some(dimension.as_str())
                    && r.breakdown == ordered.name
                    && r.figure.measure.name() == "D"
            });
            rows.push(EquityRow {
                label: c.dimension(dimension),
                figures,
                ends: (!subgroups.is_empty()).then(|| (0, subgroups.len() - 1)),
                gap: gap.map(|g| Figure {
                    estimate: Some(g.figure.estimate).filter(|v| v.is_finite()),
                    ci: g.figure.ci_lower.zip(g.figure.ci_upper),
                    reliability: Reliability::Reliable,
                    n: None,
                }),
            });
        }
        if rows.is_empty() || subgroups.is_empty() {
            continue;
        }
        let title = format!(
            "{}, {} — {}",
            c.t.t("measure-rate"),
            c.age_group(&group.name),
            c.breakdown(&ordered.name)
        );
        html.push_str(&figure_html(&tendik_render::equity(
            &Equity {
                frame: c.frame(format!("equity-{}", id(&group.name)), title),
                subgroups: subgroups.into_iter().map(|(_, label)| label).collect(),
                rows,
                gap_title: c.t.t("chart-gap-poorest-richest"),
            },
            c.locale,
        )));
    }
    html.push_str(&inequality_table(c));
    html
}

/// D, R, RCI and SII of H at the headline k by every breakdown, per age group.
fn inequality_table(c: &Context<'_>) -> String {
    let measures = ["D", "R", "RCI", "SII"];
    let mut body = String::new();
    for group in &c.input.analysis.age_groups {
        let Some(k) = Context::headline_k(group) else {
            continue;
        };
        let k = k.to_string();
        for breakdown in &group.breakdowns {
            let cells: Vec<String> = measures
                .iter()
                .map(|m| {
                    c.input
                        .analysis
                        .inequality
                        .iter()
                        .find(|r| {
                            r.age_group == group.name
                                && r.of == "H"
                                && r.k.as_deref() == Some(k.as_str())
                                && &r.breakdown == breakdown
                                && r.figure.measure.name() == *m
                        })
                        .map_or_else(
                            || "–".to_owned(),
                            |r| {
                                let n = &c.locale.number;
                                match (r.figure.ci_lower, r.figure.ci_upper) {
                                    (Some(a), Some(b)) => format!(
                                        "{} ({}–{})",
                                        n.number(r.figure.estimate, 3),
                                        n.number(a, 3),
                                        n.number(b, 3)
                                    ),
                                    _ => n.number(r.figure.estimate, 3),
                                }
                            },
                        )
                })
                .collect();
            if cells.iter().all(|c| c == "–") {
                continue;
            }
            let _ = write!(
                body,
                "<tr><td class=\"text\">{}</td><td class=\"text\">{}</td>",
                escape(&c.age_group(&group.name)),
                escape(&c.breakdown(breakdown))
            );
            for cell in cells {
                let _ = write!(body, "<td>{}</td>", escape(&cell));
            }
            body.push_str("</tr>");
        }
    }
    if body.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<h3>{}</h3><table><caption>{} (k)</caption><thead><tr><th scope=\"col\" class=\"text\">{}</th><th scope=\"col\" class=\"text\">{}</th>",
        escape(&c.t.t("inequality-heading")),
        escape(&c.t.t("measure-h")),
        escape(&c.t.t("picker-age-group")),
        escape(&c.t.t("picker-breakdown"))
    );
    for m in measures {
        let _ = write!(
            html,
            "<th scope=\"col\">{}</th>",
            escape(&c.t.t(&key_for(KeyKind::Inequality, m)))
        );
    }
    let _ = write!(html, "</tr></thead><tbody>{body}</tbody></table>");
    html
}

/// The renderer's domain of a bottleneck row's `domain`.
#[must_use]
pub fn domain(name: &str) -> Domain {
    match name {
        "enabling" => Domain::Enabling,
        "supply" => Domain::Supply,
        "demand" => Domain::Demand,
        _ => Domain::Quality,
    }
}

/// The renderer's figure of a bottleneck step.
#[must_use]
pub fn bottleneck_figure(row: &BottleneckRow) -> Figure {
    let reliability = match row.reliability.as_str() {
        "reliable" => Reliability::Reliable,
        "caution" => Reliability::Caution,
        "suppressed" => Reliability::Suppressed,
        _ => Reliability::Unavailable,
    };
    Figure {
        estimate: row.coverage,
        ci: row.ci_lower.zip(row.ci_upper),
        reliability,
        n: row.n,
    }
}

/// Per intervention: the national chain, then each oblast's bottleneck.
pub(crate) fn bottlenecks(c: &Context<'_>) -> String {
    let Some(found) = c.input.bottlenecks else {
        return String::new();
    };
    let mut html = String::new();
    let domains = DomainNames {
        enabling: c.t.t("domain-enabling"),
        supply: c.t.t("domain-supply"),
        demand: c.t.t("domain-demand"),
        quality: c.t.t("domain-quality"),
    };
    for intervention in &c.input.plan.interventions {
        let label = c.name(
            KeyKind::Intervention,
            &intervention.id,
            if intervention.label.is_empty() {
                &intervention.id
            } else {
                &intervention.label
            },
        );
        let step_name = |row: &BottleneckRow| {
            c.t.plan_text(
                &step_key(&intervention.id, row.step as usize),
                &row.determinant,
            )
        };
        let national: Vec<&BottleneckRow> = found
            .rows
            .iter()
            .filter(|r| r.area_level == "national" && r.intervention == intervention.id)
            .collect();
        if national.is_empty() {
            continue;
        }
        let _ = write!(html, "<h3>{}</h3>", escape(&label));
        let title = c.t.t_with(
            "chart-determinants",
            &[
                ("intervention", FluentValue::from(label.clone())),
                ("area", FluentValue::from(c.t.t("country-name"))),
            ],
        );
        html.push_str(&figure_html(&tendik_render::determinants(
            &Chain {
                frame: c.frame(format!("chain-{}", intervention.id), title),
                steps: national
                    .iter()
                    .map(|row| Step {
                        label: step_name(row),
                        domain: domain(&row.domain),
                        figure: bottleneck_figure(row),
                    })
                    .collect(),
                bottleneck: national.iter().position(|r| r.bottleneck),
                bottleneck_label: c.t.t("legend-bottleneck"),
                domains: domains.clone(),
            },
            c.locale,
        )));
        // Each oblast's bottleneck, ranked.
        let _ = write!(
            html,
            "<table><thead><tr><th scope=\"col\" class=\"text\">{}</th><th scope=\"col\" class=\"text\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            escape(&c.t.t("level-region")),
            escape(&c.t.t("legend-bottleneck")),
            escape(&c.t.t("measure-coverage")),
            escape(&c.t.t("measure-drop")),
        );
        for row in found.rows.iter().filter(|r| {
            r.area_level == "region" && r.intervention == intervention.id && r.bottleneck
        }) {
            let name = tendik_geo::find(&row.area_code)
                .map_or(row.area_name.as_str(), |u| u.name(c.t.language()));
            let _ = write!(
                html,
                "<tr><td class=\"text\">{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(name),
                escape(&step_name(row)),
                escape(&c.locale.cell(&bottleneck_figure(row))),
                escape(
                    &row.drop
                        .map_or_else(|| "–".to_owned(), |d| c.locale.points(-d))
                ),
            );
        }
        html.push_str("</tbody></table>");
    }
    html
}

/// Indicators and thresholds, cut-offs, design, suppression, software and checksums, and
/// what could not be computed.
pub(crate) fn methods(c: &Context<'_>) -> String {
    let plan = c.input.plan;
    let t = c.t;
    let mut html = format!(
        "<p>{}</p><h3>{}</h3><p>{}</p><table><thead><tr>",
        escape(&t.t_with(
            "methods-intro",
            &[("plan", FluentValue::from(plan.plan.name.clone()))]
        )),
        escape(&t.t("methods-indicators-heading")),
        escape(&t.t("methods-indicators-text")),
    );
    for key in [
        "methods-table-indicator",
        "methods-table-dimension",
        "methods-table-age-groups",
        "methods-table-definition",
        "methods-table-variables",
        "methods-table-reference",
    ] {
        let _ = write!(
            html,
            "<th scope=\"col\" class=\"text\">{}</th>",
            escape(&t.t(key))
        );
    }
    html.push_str("</tr></thead><tbody>");
    for indicator in &plan.indicators {
        let _ = write!(
            html,
            "<tr><td class=\"text\"><code>{}</code></td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
            escape(&indicator.name),
            escape(
                &indicator
                    .dimension
                    .as_deref()
                    .map(|d| c.dimension(d))
                    .unwrap_or_default()
            ),
            escape(
                &indicator
                    .age_groups
                    .iter()
                    .map(|g| c.age_group(g))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            escape(&c.name(KeyKind::Indicator, &indicator.name, &indicator.label)),
            escape(&indicator.source.join(", ")),
            escape(&indicator.reference),
        );
    }
    html.push_str("</tbody></table>");
    let cutoffs: Vec<String> = c
        .input
        .analysis
        .age_groups
        .iter()
        .map(|g| {
            format!(
                "{}: {}",
                c.age_group(&g.name),
                g.cutoffs
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    let _ = write!(
        html,
        "<h3>{}</h3><p>{}</p><p>{}</p><h3>{}</h3><p>{}</p><ul>",
        escape(&t.t("methods-cutoffs-heading")),
        escape(&t.t("methods-cutoffs-text")),
        escape(&t.t_with(
            "methods-cutoffs-list",
            &[("cutoffs", FluentValue::from(cutoffs.join("; ")))]
        )),
        escape(&t.t("methods-design-heading")),
        escape(&t.t("methods-design-text")),
    );
    for (name, unit) in &plan.units {
        let mut parts = vec![t.t_with(
            "methods-design-weights",
            &[("variable", FluentValue::from(unit.weight.clone()))],
        )];
        if let Some(strata) = &unit.strata {
            parts.push(t.t_with(
                "methods-design-strata",
                &[("variable", FluentValue::from(strata.clone()))],
            ));
        }
        if let Some(psu) = &unit.psu {
            parts.push(t.t_with(
                "methods-design-psu",
                &[("variable", FluentValue::from(psu.clone()))],
            ));
        }
        let _ = write!(
            html,
            "<li><code>{}</code> ({}): {}</li>",
            escape(name),
            escape(&unit.from),
            escape(&parts.join("; "))
        );
    }
    let _ = write!(
        html,
        "</ul><p>{}</p><h3>{}</h3><p>{}</p><h3>{}</h3><p>{}</p><h3>{}</h3><p>{}</p><table><thead><tr><th scope=\"col\" class=\"text\">{}</th><th scope=\"col\" class=\"text\">{}</th></tr></thead><tbody>",
        escape(&t.t_with(
            "methods-design-level",
            &[("level", FluentValue::from(plan.plan.level * 100.0))]
        )),
        escape(&t.t("methods-suppression-heading")),
        escape(&t.t("methods-suppression-text")),
        escape(&t.t("methods-software-heading")),
        escape(&t.t_with(
            "methods-software-text",
            &[(
                "version",
                FluentValue::from(crate::version(c.input.software))
            )]
        )),
        escape(&t.t("methods-checksums-heading")),
        escape(&t.t("methods-checksums-text")),
        escape(&t.t("methods-table-file")),
        escape(&t.t("methods-table-checksum")),
    );
    let _ = write!(
        html,
        "<tr><td class=\"text\">{}</td><td class=\"text\"><code>{}</code></td></tr>",
        escape(c.input.plan_source),
        escape(c.input.plan_sha256)
    );
    for file in &c.input.analysis.files {
        let _ = write!(
            html,
            "<tr><td class=\"text\">{}</td><td class=\"text\"><code>{}</code></td></tr>",
            escape(&file.path.display().to_string()),
            escape(&file.sha256)
        );
    }
    html.push_str("</tbody></table>");
    if !c.input.analysis.not_computable.is_empty() {
        let _ = write!(
            html,
            "<h3>{}</h3><p>{}</p><ul>",
            escape(&t.t("methods-not-computable-heading")),
            escape(&t.t("methods-not-computable-text"))
        );
        for item in &c.input.analysis.not_computable {
            let place = if item.age_group.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.age_group(&item.age_group))
            };
            let _ = write!(
                html,
                "<li>{} <code>{}</code>{}: {}</li>",
                escape(&item.kind),
                escape(&item.name),
                escape(&place),
                escape(&item.reason)
            );
        }
        html.push_str("</ul>");
    }
    html
}
