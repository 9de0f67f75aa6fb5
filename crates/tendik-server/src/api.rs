//! The JSON API and the CSV download: the same figures as the pages, suppressed ones
//! without a number.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tendik_plan::{BottleneckRow, Row};
use tendik_survey::Reliability;

use crate::view::{View, region_breakdown, region_unit};
use crate::{Caller, Dashboard};

/// One figure as the API gives it.
#[derive(Debug, Serialize)]
pub(crate) struct Figure {
    age_group: String,
    measure: String,
    dimension: Option<String>,
    indicator: Option<String>,
    k: Option<String>,
    breakdown: String,
    group_code: String,
    group: String,
    /// The tendik-geo code of a region group.
    area_code: Option<String>,
    estimate: Option<f64>,
    se: Option<f64>,
    ci_lower: Option<f64>,
    ci_upper: Option<f64>,
    n: u64,
    reliability: &'static str,
}

fn shown(row: &Row) -> bool {
    matches!(
        row.estimate.reliability,
        Reliability::Reliable | Reliability::Caution
    ) && row.estimate.estimate.is_finite()
}

pub(crate) fn figure(dashboard: &Dashboard, row: &Row, region: Option<&str>) -> Figure {
    let number = |v: f64| (shown(row) && v.is_finite()).then_some(v);
    Figure {
        age_group: row.age_group.clone(),
        measure: row.measure.clone(),
        dimension: row.dimension.clone(),
        indicator: row.indicator.clone(),
        k: row.k.clone(),
        breakdown: row.breakdown.clone(),
        group_code: row.group_code.clone(),
        group: row.group.clone(),
        area_code: (Some(row.breakdown.as_str()) == region)
            .then(|| region_unit(dashboard, row).map(|u| u.code.clone()))
            .flatten(),
        estimate: number(row.estimate.estimate),
        se: number(row.estimate.se),
        ci_lower: number(row.estimate.ci_lower),
        ci_upper: number(row.estimate.ci_upper),
        n: row.estimate.n,
        reliability: row.estimate.reliability.name(),
    }
}

/// The figures of one view: the whole age group and every group of its breakdown and of
/// the regions, each area checked against the caller's scope.
fn view_figures(dashboard: &Dashboard, view: &View, caller: &Caller) -> Vec<Figure> {
    let region = region_breakdown(dashboard);
    let mut breakdowns = vec![String::new(), view.breakdown.clone()];
    if let Some(region) = &region
        && !breakdowns.contains(region)
    {
        breakdowns.push(region.clone());
    }
    breakdowns
        .iter()
        .flat_map(|b| view.rows(dashboard, b))
        .map(|row| figure(dashboard, row, region.as_deref()))
        .filter(|f| {
            f.area_code
                .as_deref()
                .is_none_or(|code| caller.scope.allows(code))
        })
        .collect()
}

/// `GET /api/figures?age_group=&figure=&k=&breakdown=`.
pub(crate) async fn figures(
    State(dashboard): State<Arc<Dashboard>>,
    caller: Caller,
    Query(query): Query<HashMap<String, String>>,
) -> Json<Vec<Figure>> {
    let view = View::from_query(&dashboard, &query, None);
    Json(view_figures(&dashboard, &view, &caller))
}

#[derive(Debug, Serialize)]
pub(crate) struct Area {
    code: String,
    level: &'static str,
    parent: Option<String>,
    name_en: String,
    name_ru: String,
    name_ky: String,
}

/// `GET /api/areas`: the country, the oblasts and the rayons the caller may see.
pub(crate) async fn areas(caller: Caller) -> Json<Vec<Area>> {
    Json(
        tendik_geo::units()
            .iter()
            .filter(|u| caller.scope.allows(&u.code))
            .map(|u| Area {
                code: u.code.clone(),
                level: match u.level {
                    tendik_geo::Level::Country => "national",
                    tendik_geo::Level::Region => "region",
                    tendik_geo::Level::District => "district",
                },
                parent: u.parent.clone(),
                name_en: u.name_en.clone(),
                name_ru: u.name_ru.clone(),
                name_ky: u.name_ky.clone(),
            })
            .collect(),
    )
}

/// One bottleneck row as the API gives it.
#[derive(Debug, Serialize)]
pub(crate) struct ChainStep {
    area_code: String,
    area_level: String,
    sector: String,
    intervention: String,
    step: u32,
    determinant: String,
    domain: String,
    source: String,
    coverage: Option<f64>,
    se: Option<f64>,
    ci_lower: Option<f64>,
    ci_upper: Option<f64>,
    drop: Option<f64>,
    drop_se: Option<f64>,
    bottleneck: bool,
    reliability: String,
    n: Option<u64>,
    rank: u32,
}

impl From<&BottleneckRow> for ChainStep {
    fn from(r: &BottleneckRow) -> Self {
        Self {
            area_code: r.area_code.clone(),
            area_level: r.area_level.clone(),
            sector: r.sector.clone(),
            intervention: r.intervention.clone(),
            step: r.step,
            determinant: r.determinant.clone(),
            domain: r.domain.clone(),
            source: r.source.clone(),
            coverage: r.coverage,
            se: r.se,
            ci_lower: r.ci_lower,
            ci_upper: r.ci_upper,
            drop: r.drop,
            drop_se: r.drop_se,
            bottleneck: r.bottleneck,
            reliability: r.reliability.clone(),
            n: r.n,
            rank: r.rank,
        }
    }
}

/// `GET /api/bottlenecks?area=CODE`: the chains of one area (default: the country).
pub(crate) async fn bottlenecks(
    State(dashboard): State<Arc<Dashboard>>,
    caller: Caller,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let code = query.get("area").map_or("KG", String::as_str);
    let Some(unit) = tendik_geo::find(code) else {
        return (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({"error": format!("no area `{code}`")})),
        )
            .into_response();
    };
    if !caller.scope.allows(&unit.code) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let rows: Vec<ChainStep> = dashboard
        .bottlenecks
        .iter()
        .flat_map(|b| b.rows.iter())
        .filter(|r| r.area_code == unit.code)
        .map(ChainStep::from)
        .collect();
    Json(rows).into_response()
}

/// `GET /download.csv?…`: the figures of the view as CSV.
pub(crate) async fn download_csv(
    State(dashboard): State<Arc<Dashboard>>,
    caller: Caller,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let view = View::from_query(&dashboard, &query, accept);
    let mut text = String::from(
        "age_group,measure,dimension,indicator,k,breakdown,group_code,group,area_code,estimate,se,ci_lower,ci_upper,n,reliability\n",
    );
    let field = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for f in view_figures(&dashboard, &view, &caller) {
        let _ = writeln!(
            text,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            field(&f.age_group),
            field(&f.measure),
            field(f.dimension.as_deref().unwrap_or("")),
            field(f.indicator.as_deref().unwrap_or("")),
            field(f.k.as_deref().unwrap_or("")),
            field(&f.breakdown),
            field(&f.group_code),
            field(&f.group),
            field(f.area_code.as_deref().unwrap_or("")),
            number(f.estimate),
            number(f.se),
            number(f.ci_lower),
            number(f.ci_upper),
            f.n,
            f.reliability
        );
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"tendik-figures.csv\"",
            ),
        ],
        text,
    )
        .into_response()
}

/// `GET /api/openapi.json`: the API described for its users' tools.
pub(crate) async fn openapi() -> Json<serde_json::Value> {
    let view_parameters = serde_json::json!([
        {"name": "age_group", "in": "query", "schema": {"type": "string"}, "description": "An age group of the plan (default: the first summary group)"},
        {"name": "figure", "in": "query", "schema": {"type": "string"}, "description": "H, A, M0, dimension:NAME or indicator:NAME (default H)"},
        {"name": "k", "in": "query", "schema": {"type": "integer"}, "description": "The cut-off of H, A and M0 (default 2)"},
        {"name": "breakdown", "in": "query", "schema": {"type": "string"}, "description": "A breakdown of the plan"}
    ]);
    let number = serde_json::json!({"type": "number", "nullable": true});
    Json(serde_json::json!({
        "openapi": "3.0.3",
        "info": {
            "title": "tendik dashboard API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Design-based estimates of child deprivation and bottlenecks; aggregates only. A figure based on fewer than 25 unweighted cases has no estimate (reliability `suppressed`)."
        },
        "paths": {
            "/api/figures": {"get": {
                "summary": "The figures of one view: the whole age group, the breakdown's groups and the regions",
                "parameters": view_parameters,
                "responses": {"200": {"description": "Figures", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Figure"}}}}}}
            }},
            "/api/areas": {"get": {
                "summary": "The country, its oblasts and rayons (tendik-geo codes, names in three languages)",
                "responses": {"200": {"description": "Areas", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Area"}}}}}}
            }},
            "/api/bottlenecks": {"get": {
                "summary": "The determinant chains of one area, with its bottleneck per intervention",
                "parameters": [{"name": "area", "in": "query", "schema": {"type": "string"}, "description": "A tendik-geo code (default KG, the country)"}],
                "responses": {
                    "200": {"description": "Steps", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Step"}}}}},
                    "404": {"description": "No such area"}
                }
            }},
            "/download.csv": {"get": {
                "summary": "The figures of one view as CSV",
                "parameters": view_parameters,
                "responses": {"200": {"description": "CSV", "content": {"text/csv": {}}}}
            }}
        },
        "components": {"schemas": {
            "Figure": {"type": "object", "properties": {
                "age_group": {"type": "string"}, "measure": {"type": "string"},
                "dimension": {"type": "string", "nullable": true}, "indicator": {"type": "string", "nullable": true},
                "k": {"type": "string", "nullable": true}, "breakdown": {"type": "string"},
                "group_code": {"type": "string"}, "group": {"type": "string"},
                "area_code": {"type": "string", "nullable": true},
                "estimate": number, "se": number, "ci_lower": number, "ci_upper": number,
                "n": {"type": "integer"},
                "reliability": {"type": "string", "enum": ["reliable", "caution", "suppressed", "unavailable"]}
            }},
            "Area": {"type": "object", "properties": {
                "code": {"type": "string"}, "level": {"type": "string", "enum": ["national", "region", "district"]},
                "parent": {"type": "string", "nullable": true},
                "name_en": {"type": "string"}, "name_ru": {"type": "string"}, "name_ky": {"type": "string"}
            }},
            "Step": {"type": "object", "properties": {
                "area_code": {"type": "string"}, "area_level": {"type": "string"}, "sector": {"type": "string"},
                "intervention": {"type": "string"}, "step": {"type": "integer"}, "determinant": {"type": "string"},
                "domain": {"type": "string", "enum": ["enabling", "supply", "demand", "quality"]},
                "source": {"type": "string", "enum": ["survey", "admin", "enabling"]},
                "coverage": number, "se": number, "ci_lower": number, "ci_upper": number,
                "drop": number, "drop_se": number, "bottleneck": {"type": "boolean"},
                "reliability": {"type": "string"}, "n": {"type": "integer", "nullable": true}, "rank": {"type": "integer"}
            }}
        }}
    }))
}
