//! Snapshots of a small example of each chart, also written to
//! `target/render-examples/` (or `$CARGO_TARGET_DIR/render-examples/`) for a person to open.

mod common;

use std::path::PathBuf;

use tendik_geo::Language;
use tendik_render::{
    bar_chart, choropleth, determinants, distribution, equity, table, upset, venn3,
};

fn examples_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    target.join("render-examples")
}

fn keep(name: &str, svg: &str) {
    let dir = examples_dir();
    std::fs::create_dir_all(&dir).expect("create the examples folder");
    std::fs::write(dir.join(name), svg).expect("write an example");
}

/// One line per element: snapshots that a reviewer can read and diff.
fn readable(markup: &str) -> String {
    markup.replace("><", ">\n<")
}

#[test]
fn examples() {
    let en = common::locale(Language::En);
    let ru = common::locale(Language::Ru);
    let charts = [
        ("map.svg", choropleth(&common::map(Language::En), &en)),
        ("map-ru.svg", choropleth(&common::map(Language::Ru), &ru)),
        ("bars.svg", bar_chart(&common::bars(Language::En), &en)),
        ("bars-ru.svg", bar_chart(&common::bars(Language::Ru), &ru)),
        (
            "distribution.svg",
            distribution(&common::distribution(), &en),
        ),
        ("venn.svg", venn3(&common::venn(), &en)),
        ("upset.svg", upset(&common::upset(), &en)),
        ("equity.svg", equity(&common::equity(), &en)),
        ("determinants.svg", determinants(&common::chain(), &en)),
    ];
    let html = table(&common::table(Language::Ru), &ru);
    let page = format!("<!doctype html><meta charset=\"utf-8\"><title>table</title>{html}");
    // All files first: a failing snapshot should not keep a person from looking.
    for (name, svg) in &charts {
        keep(name, svg);
    }
    keep("table-ru.html", &page);
    for (name, svg) in &charts {
        insta::assert_snapshot!(name.trim_end_matches(".svg"), readable(svg));
    }
    insta::assert_snapshot!("table-ru", readable(&html));
}
