//! `tendik analyze` writes report.html: one self-contained file (no script, no link, no
//! address but the SVG namespace) with every section, inline SVG figures that parse as XML,
//! the map's 8 areas and the Osh City marker, in the language asked for.

mod common;

use common::tendik_with;

const SECTIONS: [&str; 8] = [
    "headline",
    "map",
    "breakdowns",
    "distribution",
    "overlaps",
    "equity",
    "bottlenecks",
    "methods",
];

/// Every `<svg …>…</svg>` of the page.
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a closed svg") + start + "</svg>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_report_is_one_self_contained_file_in_the_language_asked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("cache");
    let env = [("TENDIK_CACHE_DIR", cache.path())];
    let mut headings = Vec::new();
    for lang in ["en", "ky"] {
        let out = dir.path().join(lang);
        let run = tendik_with(
            dir.path(),
            &[
                "analyze",
                "--lang",
                lang,
                "--out",
                out.to_str().expect("utf-8"),
            ],
            &env,
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        for section in SECTIONS {
            assert!(
                html.contains(&format!("<section id=\"{section}\">")),
                "{section}"
            );
        }
        // Self-contained: nothing fetched, no script.
        for forbidden in ["<script", "<link", "<img", "@import", "url(http"] {
            assert!(!html.contains(forbidden), "{forbidden}");
        }
        let addresses = html.matches("http").count();
        let namespaces = html.matches("http://www.w3.org/2000/svg").count();
        assert_eq!(
            addresses, namespaces,
            "only the SVG namespace is an address"
        );
        let figures = svgs(&html);
        assert!(figures.len() > 20, "{} figures", figures.len());
        for svg in &figures {
            roxmltree::Document::parse(svg).expect("every figure is well-formed XML");
        }
        // The maps: 8 areas and the Osh City marker, each with its interval in a tooltip.
        let map = figures
            .iter()
            .find(|s| s.contains("data-code=\"KG21000000000\""))
            .expect("a map with Osh City");
        let document = roxmltree::Document::parse(map).expect("xml");
        let areas = document
            .descendants()
            .filter(|n| n.has_tag_name("path") && n.attribute("data-code").is_some())
            .count();
        assert!(areas >= 8, "{areas} areas");
        if lang == "ky" {
            assert!(html.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)));
        }
        let heading = html
            .split("<section id=\"methods\"><h2>")
            .nth(1)
            .and_then(|rest| rest.split("</h2>").next())
            .expect("the methods heading")
            .to_owned();
        headings.push(heading);
    }
    assert_ne!(headings[0], headings[1], "the headings are translated");
}
