//! The dashboard's routes without a running server (`router().oneshot(request)`): pages in
//! the language asked for (query, then Accept-Language), the map with its 8 areas and the
//! Osh City marker linking to the drill-down, area pages, the JSON API and its `OpenAPI`
//! document, and the CSV download equal to the API, suppressed figures without a number.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tendik_server::{Dashboard, router};
use tower::ServiceExt;

/// The bundled plan on a small synthetic survey, computed once for all tests (on a thread
/// of its own: the tests' runtime cannot block on another).
static DASHBOARD: LazyLock<Arc<Dashboard>> = LazyLock::new(|| {
    std::thread::spawn(build)
        .join()
        .expect("the dashboard is built")
});

fn build() -> Arc<Dashboard> {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = tendik_synth::Settings {
        households: 3000,
        format: tendik_synth::Format::Parquet,
        ..tendik_synth::Settings::default()
    };
    tendik_synth::generate(&settings, dir.path()).expect("generate");
    let plan = tendik_plan::Plan::from_toml(tendik_plan::MICS6_CHILD_DEPRIVATION, "bundled")
        .expect("plan");
    let admin = tendik_admin::AdminData::read_dir(&dir.path().join("admin")).expect("admin");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let analysis = runtime
        .block_on(tendik_plan::analyze(&plan, "bundled", dir.path()))
        .expect("analysis");
    let bottlenecks = runtime
        .block_on(tendik_plan::bottlenecks(
            &plan,
            "bundled",
            dir.path(),
            Some(&admin),
            &[tendik_geo::Level::Region, tendik_geo::Level::District],
        ))
        .expect("bottlenecks");
    Arc::new(Dashboard {
        cache: tendik_server::PageCache::default(),
        plan,
        analysis,
        bottlenecks: Some(bottlenecks),
        software: "0.1.0-test".to_owned(),
    })
}

async fn get(uri: &str, accept_language: Option<&str>) -> (StatusCode, String, String) {
    let mut request = Request::builder().uri(uri);
    if let Some(language) = accept_language {
        request = request.header(header::ACCEPT_LANGUAGE, language);
    }
    let response = router(Arc::clone(&DASHBOARD))
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        content_type,
        String::from_utf8(bytes.to_vec()).expect("utf-8"),
    )
}

fn cyrillic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

#[tokio::test]
async fn the_national_page_shows_the_map_with_links_in_the_language_asked_for() {
    let (status, content_type, html) = get("/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    assert!(html.contains("<html lang=\"en\">"));
    assert!(!html.contains("<script"), "pages read without a script");
    let map_start = html.find("<svg").expect("a map");
    let map_end = html[map_start..].find("</svg>").expect("closed") + map_start + 6;
    let document = roxmltree::Document::parse(&html[map_start..map_end]).expect("xml");
    let areas: Vec<_> = document
        .descendants()
        .filter(|n| n.attribute("data-code").is_some() && n.has_tag_name("path"))
        .collect();
    assert_eq!(areas.len(), 8, "7 oblasts and Bishkek City");
    assert!(
        html.contains("data-code=\"KG21000000000\""),
        "the Osh City marker"
    );
    assert!(
        html.contains("href=\"/area/KG04000000000?"),
        "Naryn links to its page"
    );
    // Language: the query, then the browser's header.
    let (_, _, ru) = get("/?lang=ru", None).await;
    assert!(ru.contains("<html lang=\"ru\">") && cyrillic(&ru));
    let (_, _, ky) = get("/", Some("ky-KG,ky;q=0.9,ru;q=0.8")).await;
    assert!(ky.contains("<html lang=\"ky\">") && cyrillic(&ky));
    // Every link keeps the language.
    assert!(ru.contains("/area/KG04000000000?lang=ru"));
}

#[tokio::test]
async fn areas_drill_down_and_unknown_ones_are_not_found() {
    let (status, _, html) = get("/area/KG04000000000?lang=en", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Naryn Region"));
    assert!(html.contains("class=\"breadcrumb\""));
    assert!(html.contains("data-step="), "its bottleneck chains");
    let rayon = tendik_geo::children("KG04000000000")
        .next()
        .expect("a rayon");
    assert!(
        html.contains(&format!("/area/{}?", rayon.code)),
        "links to its rayons"
    );
    let (status, _, _) = get(&format!("/area/{}", rayon.code), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, html) = get("/area/KG99", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("KG99"));
    let (status, _, _) = get("/no/such/page", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_and_the_download_agree_and_suppress() {
    let query = "age_group=0-4%20years&figure=dimension%3Anutrition&breakdown=wealth_quintile";
    let (status, content_type, json) = get(&format!("/api/figures?{query}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("application/json"));
    let figures: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
    assert!(figures.len() > 10, "{json}");
    for figure in &figures {
        let reliability = figure["reliability"].as_str().expect("flag");
        if matches!(reliability, "suppressed" | "unavailable") {
            assert!(figure["estimate"].is_null(), "{figure}");
        } else {
            assert!(figure["estimate"].is_number(), "{figure}");
        }
    }
    // The download holds the same figures as the API.
    let (status, content_type, csv) = get(&format!("/download.csv?{query}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<HashMap<String, String>> = reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.expect("row").iter().map(str::to_owned))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), figures.len());
    for (row, figure) in rows.iter().zip(&figures) {
        assert_eq!(
            row["group_code"],
            figure["group_code"].as_str().expect("code")
        );
        match figure["estimate"].as_f64() {
            Some(value) => {
                let ours: f64 = row["estimate"].parse().expect("a number");
                assert!((ours - value).abs() <= 1e-15 * value.abs().max(1.0));
            }
            None => assert!(row["estimate"].is_empty()),
        }
    }
    // Regions carry their tendik-geo code.
    assert!(figures.iter().any(|f| f["area_code"] == "KG04000000000"));
}

#[tokio::test]
async fn bottlenecks_areas_and_the_openapi_document() {
    let (status, _, json) = get("/api/bottlenecks?area=KG-N", None).await;
    assert_eq!(status, StatusCode::OK);
    let steps: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
    assert!(!steps.is_empty());
    assert!(steps.iter().all(|s| s["area_code"] == "KG04000000000"));
    let (status, _, _) = get("/api/bottlenecks?area=nowhere", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, json) = get("/api/areas", None).await;
    let areas: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
    assert_eq!(areas.len(), tendik_geo::units().len());
    let (status, _, json) = get("/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let document: serde_json::Value = serde_json::from_str(&json).expect("json");
    for path in [
        "/api/figures",
        "/api/areas",
        "/api/bottlenecks",
        "/download.csv",
    ] {
        assert!(document["paths"][path].is_object(), "{path}");
    }
}
