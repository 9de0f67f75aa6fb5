//! The server-rendered pages: the national view (map, chart, table) and an area's view
//! (its figure, its bottleneck chains, its rayons), in the caller's language.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use tendik_i18n::{FluentValue, KeyKind, Language, Translator, key_for, step_key};
use tendik_render::{
    Bar, BarSection, Bars, Chain, Choropleth, DomainNames, Frame, MapArea, Ramp, Reference, Scale,
    Step, Table, TableRow, escape,
};
use tendik_report::figure;

use crate::view::{View, figure_choices, figure_label, region_breakdown, region_unit};
use crate::{Caller, Dashboard};

fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

fn frame(id: &str, title: String) -> Frame {
    Frame {
        id: id.to_owned(),
        description: title.clone(),
        title,
        note: None,
    }
}

/// The page around `main`: language switch, title, footer.
fn page(dashboard: &Dashboard, view: &View, path: &str, title: &str, main: &str) -> String {
    let t = Translator::new(view.language);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head>\n<body><a class=\"skip\" href=\"#content\">{}</a><header><p class=\"app\"><a href=\"/?{}\">{}</a></p><nav aria-label=\"{}\" class=\"languages\">",
        view.language.code(),
        escape(&t.t_with(
            "page-title",
            &[("page", FluentValue::from(title.to_owned()))]
        )),
        escape(&t.t("nav-skip-to-content")),
        view.query(None),
        escape(&t.t("app-tagline")),
        escape(&t.t("picker-language")),
    );
    for language in Language::ALL {
        let current = if language == view.language {
            " aria-current=\"true\""
        } else {
            ""
        };
        let _ = write!(
            html,
            "<a hreflang=\"{code}\" lang=\"{code}\" href=\"{path}?{}\"{current}>{}</a> ",
            view.query(Some(language)),
            escape(tendik_i18n::native_name(language)),
            code = language.code(),
        );
    }
    let _ = write!(
        html,
        "</nav><h1>{}</h1></header><main id=\"content\">{main}</main><footer>{}</footer></body></html>",
        escape(title),
        escape(&t.t_with(
            "footer-text",
            &[("version", FluentValue::from(dashboard.software.clone()))]
        )),
    );
    html
}

/// The pickers as a form that works without a script.
fn pickers(dashboard: &Dashboard, view: &View, action: &str) -> String {
    let t = Translator::new(view.language);
    let mut html = format!(
        "<form method=\"get\" action=\"{action}\" class=\"pickers\"><input type=\"hidden\" name=\"lang\" value=\"{}\">",
        view.language.code()
    );
    let select = |html: &mut String,
                  name: &str,
                  label: &str,
                  options: Vec<(String, String)>,
                  chosen: &str| {
        let _ = write!(
            html,
            "<label>{}<select name=\"{name}\" id=\"picker-{name}\">",
            escape(label)
        );
        for (value, text) in options {
            let selected = if value == chosen { " selected" } else { "" };
            let _ = write!(
                html,
                "<option value=\"{}\"{selected}>{}</option>",
                escape(&value),
                escape(&text)
            );
        }
        html.push_str("</select></label>");
    };
    let groups = dashboard
        .analysis
        .age_groups
        .iter()
        .map(|g| {
            (
                g.name.clone(),
                t.plan_text(&key_for(KeyKind::AgeGroup, &g.name), &g.name),
            )
        })
        .collect();
    select(
        &mut html,
        "age_group",
        &t.t("picker-age-group"),
        groups,
        &view.age_group,
    );
    let figures = figure_choices(dashboard, &view.age_group)
        .into_iter()
        .map(|f| {
            let label = figure_label(dashboard, t, &f, view.k);
            (f, label)
        })
        .collect();
    select(
        &mut html,
        "figure",
        &t.t("picker-indicator"),
        figures,
        &view.figure,
    );
    let cutoffs = dashboard
        .analysis
        .age_groups
        .iter()
        .find(|g| g.name == view.age_group)
        .map(|g| {
            g.cutoffs
                .iter()
                .map(|k| (k.to_string(), k.to_string()))
                .collect()
        })
        .unwrap_or_default();
    select(
        &mut html,
        "k",
        &t.t("picker-cutoff"),
        cutoffs,
        &view.k.to_string(),
    );
    let breakdowns = dashboard
        .analysis
        .age_groups
        .iter()
        .find(|g| g.name == view.age_group)
        .map(|g| {
            g.breakdowns
                .iter()
                .map(|b| {
                    (
                        b.clone(),
                        t.try_t(&key_for(KeyKind::Breakdown, b))
                            .unwrap_or_else(|| b.clone()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    select(
        &mut html,
        "breakdown",
        &t.t("picker-breakdown"),
        breakdowns,
        &view.breakdown,
    );
    let _ = write!(
        html,
        "<button type=\"submit\">{}</button></form>",
        escape(&t.t("picker-apply"))
    );
    html
}

/// `GET /`: the figure by oblast (map and table, each oblast a link) and by the chosen
/// breakdown (chart), with the national figure.
pub(crate) async fn national(
    State(dashboard): State<Arc<Dashboard>>,
    caller: Caller,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let view = View::from_query(&dashboard, &query, accept_language(&headers));
    let key = format!("/?{}#{:?}", view.query(None), caller.scope);
    let html = dashboard
        .cache
        .get_or_render(key, || national_page(&dashboard, &caller, &view));
    Html(html.as_str().to_owned()).into_response()
}

fn national_page(dashboard: &Dashboard, caller: &Caller, view: &View) -> String {
    let t = Translator::new(view.language);
    let locale = tendik_report::locale(t);
    let name = view.figure_name(dashboard);
    let mut main = pickers(dashboard, view, "/");
    let national = view
        .rows(dashboard, "")
        .first()
        .map(|r| figure(&r.estimate));
    if let Some(national) = national {
        let _ = write!(
            main,
            "<p class=\"headline\">{}: <strong>{}</strong></p>",
            escape(&t.t("level-national")),
            escape(&locale.tooltip(&name, &national))
        );
    }
    let _ = write!(main, "<p>{}</p>", escape(&t.t("nav-drill-down-hint")));
    if let Some(region) = region_breakdown(dashboard) {
        let rows: Vec<_> = view
            .rows(dashboard, &region)
            .into_iter()
            .filter_map(|row| Some((region_unit(dashboard, row)?, row)))
            .filter(|(unit, _)| caller.scope.allows(&unit.code))
            .collect();
        let href = |code: &str| format!("/area/{code}?{}", view.query(None));
        let areas: Vec<MapArea> = rows
            .iter()
            .map(|(unit, row)| MapArea {
                code: unit.code.clone(),
                name: unit.name(view.language).to_owned(),
                label: Some(unit.name(view.language).to_owned()),
                figure: figure(&row.estimate),
                href: Some(href(&unit.code)),
            })
            .collect();
        let higher_is_worse = !view.figure.starts_with("coverage");
        let map = tendik_render::choropleth(
            &Choropleth {
                frame: frame("map", format!("{name}, {}", t.t("level-region"))),
                boundaries: tendik_geo::region_boundaries(),
                areas,
                scale: Scale {
                    ramp: Ramp::Viridis,
                    breaks: None,
                    higher_is_worse,
                },
                legend_title: name.clone(),
            },
            &locale,
        );
        let _ = write!(main, "<figure class=\"map\">{map}</figure>");
        let table = tendik_render::table(
            &Table {
                id: Some("regions".to_owned()),
                caption: format!("{name}, {}", t.t("level-region")),
                corner: t.t("level-region"),
                columns: vec![t.t("unit-percent")],
                rows: rows
                    .iter()
                    .map(|(unit, row)| TableRow {
                        label: unit.name(view.language).to_owned(),
                        code: Some(unit.code.clone()),
                        href: Some(href(&unit.code)),
                        cells: vec![figure(&row.estimate)],
                    })
                    .collect(),
                show_ci: true,
                note: Some(t.t("report-table-note")),
            },
            &locale,
        );
        main.push_str(&table);
    }
    let bars: Vec<Bar> = view
        .rows(dashboard, &view.breakdown)
        .into_iter()
        .map(|row| Bar {
            label: row.group.clone(),
            code: Some(row.group_code.clone()),
            figure: figure(&row.estimate),
        })
        .collect();
    if !bars.is_empty() {
        let chart = tendik_render::bar_chart(
            &Bars {
                frame: frame("breakdown", name.clone()),
                sections: vec![BarSection {
                    title: t.try_t(&key_for(KeyKind::Breakdown, &view.breakdown)),
                    bars,
                }],
                reference: national.and_then(|f| f.shown()).map(|value| Reference {
                    label: t.t("legend-national-average"),
                    value,
                }),
            },
            &locale,
        );
        let _ = write!(main, "<figure>{chart}</figure>");
    }
    let _ = write!(
        main,
        "<p><a class=\"download\" href=\"/download.csv?{}\" download>{}</a></p>",
        view.query(None),
        escape(&t.t("button-download-csv"))
    );
    let title = t.t_with(
        "page-title-overview",
        &[("area", FluentValue::from(t.t("country-name")))],
    );
    page(dashboard, view, "/", &title, &main)
}

/// `GET /area/{code}`: an oblast's or a rayon's figure, its bottleneck chains and its
/// rayons.
pub(crate) async fn area(
    State(dashboard): State<Arc<Dashboard>>,
    caller: Caller,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let view = View::from_query(&dashboard, &query, accept_language(&headers));
    let t = Translator::new(view.language);
    let Some(unit) = tendik_geo::find(&code) else {
        let message = t.t_with("error-unknown-area", &[("code", FluentValue::from(code))]);
        let main = format!("<p>{}</p>", escape(&message));
        let title = t.t("page-title-not-found");
        return (
            StatusCode::NOT_FOUND,
            Html(page(&dashboard, &view, "/", &title, &main)),
        )
            .into_response();
    };
    if !caller.scope.allows(&unit.code) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let key = format!(
        "/area/{}?{}#{:?}",
        unit.code,
        view.query(None),
        caller.scope
    );
    let html = dashboard
        .cache
        .get_or_render(key, || area_page(&dashboard, &caller, &view, unit));
    Html(html.as_str().to_owned()).into_response()
}

fn area_page(
    dashboard: &Dashboard,
    caller: &Caller,
    view: &View,
    unit: &'static tendik_geo::Unit,
) -> String {
    let t = Translator::new(view.language);
    let locale = tendik_report::locale(t);
    let name = view.figure_name(dashboard);
    let area_name = unit.name(view.language).to_owned();
    let path = format!("/area/{}", unit.code);
    // Where we are: the country, then the units above this one.
    let mut main = format!(
        "<nav aria-label=\"{}\" class=\"breadcrumb\"><a href=\"/?{}\">{}</a>",
        escape(&t.t("nav-breadcrumb")),
        view.query(None),
        escape(&t.t("level-national"))
    );
    for parent in tendik_geo::ancestors(&unit.code).iter().rev().skip(1) {
        let _ = write!(
            main,
            " › <a href=\"/area/{}?{}\">{}</a>",
            parent.code,
            view.query(None),
            escape(parent.name(view.language))
        );
    }
    let _ = write!(
        main,
        " › <span aria-current=\"page\">{}</span></nav>",
        escape(&area_name)
    );
    main.push_str(&pickers(dashboard, view, &path));
    if let Some(region) = region_breakdown(dashboard)
        && let Some(row) = view
            .rows(dashboard, &region)
            .into_iter()
            .find(|row| region_unit(dashboard, row).is_some_and(|u| u.code == unit.code))
    {
        let _ = write!(
            main,
            "<p class=\"headline\"><strong>{}</strong></p>",
            escape(&locale.tooltip(&name, &figure(&row.estimate)))
        );
    }
    // The bottleneck chains of this area.
    let domains = DomainNames {
        enabling: t.t("domain-enabling"),
        supply: t.t("domain-supply"),
        demand: t.t("domain-demand"),
        quality: t.t("domain-quality"),
    };
    if let Some(found) = &dashboard.bottlenecks {
        let _ = write!(main, "<h2>{}</h2>", escape(&t.t("nav-bottlenecks")));
        for intervention in &dashboard.plan.interventions {
            let steps: Vec<_> = found
                .rows
                .iter()
                .filter(|r| r.area_code == unit.code && r.intervention == intervention.id)
                .collect();
            if steps.is_empty() {
                continue;
            }
            let label = t.plan_text(
                &key_for(KeyKind::Intervention, &intervention.id),
                if intervention.label.is_empty() {
                    &intervention.id
                } else {
                    &intervention.label
                },
            );
            let title = t.t_with(
                "chart-determinants",
                &[
                    ("intervention", FluentValue::from(label)),
                    ("area", FluentValue::from(area_name.clone())),
                ],
            );
            let chart = tendik_render::determinants(
                &Chain {
                    frame: frame(&format!("chain-{}", intervention.id), title),
                    steps: steps
                        .iter()
                        .map(|r| Step {
                            label: t.plan_text(
                                &step_key(&intervention.id, r.step as usize),
                                &r.determinant,
                            ),
                            domain: tendik_report::domain(&r.domain),
                            figure: tendik_report::bottleneck_figure(r),
                        })
                        .collect(),
                    bottleneck: steps.iter().position(|r| r.bottleneck),
                    bottleneck_label: t.t("legend-bottleneck"),
                    domains: domains.clone(),
                },
                &locale,
            );
            let _ = write!(main, "<figure>{chart}</figure>");
        }
    }
    // The units below, each a link.
    let children: Vec<_> = tendik_geo::children(&unit.code)
        .filter(|u| caller.scope.allows(&u.code))
        .collect();
    if !children.is_empty() {
        let _ = write!(
            main,
            "<h2>{}</h2><p>{}</p><ul class=\"children\">",
            escape(&t.t("level-district")),
            escape(&t.t("nav-drill-down-hint-district"))
        );
        for child in children {
            let _ = write!(
                main,
                "<li><a href=\"/area/{}?{}\" data-code=\"{}\">{}</a></li>",
                child.code,
                view.query(None),
                child.code,
                escape(child.name(view.language))
            );
        }
        main.push_str("</ul>");
    }
    let title = t.t_with(
        "page-title-area",
        &[
            ("indicator", FluentValue::from(name)),
            ("area", FluentValue::from(area_name)),
        ],
    );
    page(dashboard, view, &path, &title, &main)
}

/// Anything else: a page that says so, in the caller's language.
pub(crate) async fn not_found(
    State(dashboard): State<Arc<Dashboard>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let view = View::from_query(&dashboard, &HashMap::new(), accept_language(&headers));
    let t = Translator::new(view.language);
    let main = format!(
        "<p>{}</p><p><a href=\"/\">{}</a></p>",
        escape(&t.t_with(
            "error-not-found",
            &[("path", FluentValue::from(uri.path().to_owned()))]
        )),
        escape(&t.t("error-back-home"))
    );
    (
        StatusCode::NOT_FOUND,
        Html(page(
            &dashboard,
            &view,
            "/",
            &t.t("page-title-not-found"),
            &main,
        )),
    )
        .into_response()
}

const STYLE: &str = "body{font-family:system-ui,\"Noto Sans\",\"DejaVu Sans\",sans-serif;max-width:64rem;margin:0 auto;padding:.5rem 1.2rem;color:#1a1a1a;line-height:1.4}\
.skip{position:absolute;left:-999px}.skip:focus{left:1rem}header{border-bottom:2px solid #1a1a1a;margin-bottom:1rem}\
.app a{color:#1a1a1a;text-decoration:none;font-weight:600}.languages{float:right}.languages a{margin-left:.6rem}.languages a[aria-current]{font-weight:700;text-decoration:none}\
h1{font-size:1.5rem}.pickers{display:flex;flex-wrap:wrap;gap:.8rem;align-items:end;margin:.8rem 0}.pickers label{display:flex;flex-direction:column;font-size:.85rem}\
select,button{font:inherit;padding:.25rem}figure{margin:1rem 0}figure svg{width:100%;height:auto}\
table{border-collapse:collapse;font-size:.9rem}th,td{border-bottom:1px solid #ccc;padding:.25rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}\
a:focus,select:focus,button:focus,path:focus{outline:3px solid #e66100;outline-offset:2px}.children{columns:3}footer{margin-top:2rem;color:#555;font-size:.85rem}";
