//! What every chart must hold: well-formed SVG with a role and a title, deterministic bytes,
//! coordinates to 0.1 px, `*` and never the number where suppressed, Cyrillic and the
//! decimal comma, one bottleneck, gaps, sorted overlaps, MICS marks in tables.

mod common;

use common::xml::{has_class, own_text, readable_words, with_class};
use roxmltree::{Document, Node};
use tendik_geo::Language;
use tendik_render::{
    bar_chart, choropleth, determinants, distribution, equity, table, upset, venn3,
};

fn all_svgs() -> Vec<(&'static str, String)> {
    let en = common::locale(Language::En);
    let ru = common::locale(Language::Ru);
    vec![
        ("map", choropleth(&common::map(Language::En), &en)),
        ("map-ru", choropleth(&common::map(Language::Ru), &ru)),
        ("bars", bar_chart(&common::bars(Language::En), &en)),
        ("bars-ru", bar_chart(&common::bars(Language::Ru), &ru)),
        ("distribution", distribution(&common::distribution(), &en)),
        ("venn", venn3(&common::venn(), &en)),
        ("upset", upset(&common::upset(), &en)),
        ("equity", equity(&common::equity(), &en)),
        ("determinants", determinants(&common::chain(), &en)),
    ]
}

#[test]
fn every_svg_parses_and_has_role_title_desc_and_view_box() {
    for (name, svg) in all_svgs() {
        let doc = Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}\n{svg}"));
        let root = doc.root_element();
        assert!(root.has_tag_name("svg"), "{name}");
        let role = root.attribute("role");
        let expected = if name.starts_with("map") {
            "group"
        } else {
            "img"
        };
        assert_eq!(role, Some(expected), "{name}");
        assert!(root.attribute("viewBox").is_some(), "{name}");
        assert_eq!(root.attribute("width"), Some("100%"), "{name}");
        let first = root.first_element_child().expect("children");
        assert!(first.has_tag_name("title"), "{name}");
        assert!(first.text().is_some_and(|t| !t.is_empty()), "{name}");
        assert!(root.children().any(|c| c.has_tag_name("desc")), "{name}");
        let font = root.attribute("font-family").unwrap_or_default();
        assert!(
            font.contains("Noto Sans") && font.contains("DejaVu Sans"),
            "{name}"
        );
        assert!(
            !svg.contains("<script") && !svg.contains("<style"),
            "{name}"
        );
        assert_eq!(svg.matches("http").count(), 1, "{name}: only the namespace");
    }
}

#[test]
fn output_is_deterministic() {
    assert_eq!(all_svgs(), all_svgs());
}

#[test]
fn coordinates_have_at_most_one_decimal() {
    const GEOMETRY: [&str; 9] = ["x", "y", "cx", "cy", "r", "width", "height", "d", "points"];
    for (name, svg) in all_svgs() {
        let doc = Document::parse(&svg).expect("parses");
        for node in doc.descendants().filter(Node::is_element) {
            for key in GEOMETRY {
                let Some(value) = node.attribute(key) else {
                    continue;
                };
                let numbers = value
                    .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .filter(|s| !s.is_empty());
                for number in numbers {
                    let decimals = number.split('.').nth(1).map_or(0, str::len);
                    assert!(decimals <= 1, "{name}: {key}={value}");
                }
            }
        }
    }
}

#[test]
fn suppressed_figures_show_a_star_and_never_their_number() {
    let en = common::locale(Language::En);
    // Talas: 18.2%, CI 9.2–27.2, n = 19.
    let bars = bar_chart(&common::bars(Language::En), &en);
    assert!(bars.contains(">*</text>"));
    let html = table(&common::table(Language::En), &en);
    for output in [&bars, &html] {
        let words = readable_words(output);
        for number in ["18.2", "0.182", "9.2", "27.2"] {
            assert!(!words.contains(number), "{number} leaked");
        }
    }
    // The suppressed step of the chain (41%, n = 21).
    let chain = determinants(&common::chain(), &en);
    let words = readable_words(&chain);
    assert!(!words.contains("41.0") && !words.contains("0.41"));
    assert!(chain.contains(">*</text>"));
    // The suppressed overlap of all three (1.1%, n = 20).
    let words = readable_words(&venn3(&common::venn(), &en));
    assert!(!words.contains("1.1%") && !words.contains("0.011"));
    // The suppressed column 5+ (0.6%, n = 12).
    let words = readable_words(&distribution(&common::distribution(), &en));
    assert!(!words.contains("0.6%") && !words.contains("0.006"));
}

#[test]
fn russian_bars_keep_cyrillic_and_the_decimal_comma() {
    let ru = common::locale(Language::Ru);
    let bars = bar_chart(&common::bars(Language::Ru), &ru);
    assert!(bars.contains("Кыргызстан: 11,8%") && bars.contains("Село"));
    assert!(bars.contains(">(14,5%)<"));
    assert!(!readable_words(&bars).contains("14.5%"));
    let html = table(&common::table(Language::Ru), &ru);
    assert!(html.contains(">20,5<br/>") && !html.contains("20.5"));
}

#[test]
fn determinants_mark_exactly_one_bottleneck() {
    let svg = determinants(&common::chain(), &common::locale(Language::En));
    let doc = Document::parse(&svg).expect("parses");
    assert_eq!(with_class(&doc, "bottleneck").len(), 1);
    assert_eq!(with_class(&doc, "bottleneck-label").len(), 1);
    assert_eq!(with_class(&doc, "step").len(), 6);
    let drops: Vec<String> = with_class(&doc, "drop").iter().map(own_text).collect();
    assert_eq!(
        drops,
        ["−6.0 pp", "−13.0 pp", "+11.0 pp", "−18.0 pp", "−16.0 pp"]
    );
    let mut chain = common::chain();
    chain.bottleneck = None;
    let svg = determinants(&chain, &common::locale(Language::En));
    assert!(!svg.contains("class=\"bottleneck\""));
}

#[test]
fn equity_rows_end_with_the_gap_or_the_mark_of_a_missing_end() {
    let svg = equity(&common::equity(), &common::locale(Language::En));
    let doc = Document::parse(&svg).expect("parses");
    let gaps: Vec<String> = with_class(&doc, "gap").iter().map(own_text).collect();
    assert_eq!(gaps, ["+9.1 pp", "+52.0 pp", "*"]);
    // Two ringed ends per complete row, one where the richest is suppressed.
    assert_eq!(with_class(&doc, "end").len(), 5);
}

#[test]
fn upset_sorts_intersections_by_size_with_hidden_ones_last() {
    let svg = upset(&common::upset(), &common::locale(Language::En));
    let doc = Document::parse(&svg).expect("parses");
    let columns = with_class(&doc, "intersection");
    assert_eq!(columns.len(), 10);
    let values: Vec<Option<f64>> = columns
        .iter()
        .map(|n| n.attribute("data-value").and_then(|v| v.parse().ok()))
        .collect();
    assert!(values[..9].windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    assert_eq!(values[9], None);
    assert_eq!(columns[0].attribute("data-sets"), Some(""));
    let mut limited = common::upset();
    limited.max_bars = Some(4);
    let svg = upset(&limited, &common::locale(Language::En));
    assert_eq!(svg.matches("class=\"intersection\"").count(), 4);
}

#[test]
fn venn_has_three_circles_and_seven_regions() {
    let svg = venn3(&common::venn(), &common::locale(Language::En));
    let doc = Document::parse(&svg).expect("parses");
    assert_eq!(with_class(&doc, "set").len(), 3);
    let regions: Vec<&str> = with_class(&doc, "region")
        .iter()
        .filter_map(|n| n.attribute("data-sets"))
        .collect();
    assert_eq!(regions, ["a", "b", "c", "ab", "ac", "bc", "abc", ""]);
    assert!(svg.contains("areas are not proportional"));
}

#[test]
fn table_marks_cells_as_mics_does() {
    let html = table(&common::table(Language::En), &common::locale(Language::En));
    let doc = Document::parse(&html).expect("the table is well-formed XHTML too");
    assert!(html.starts_with("<table class=\"tendik-table\" id=\"table-stunting\"><caption>"));
    let cells =
        |class: &str| -> Vec<String> { with_class(&doc, class).iter().map(own_text).collect() };
    assert_eq!(cells("caution"), ["(14.5)", "(9.5)"]);
    assert_eq!(cells("suppressed"), ["*"]);
    assert_eq!(cells("unavailable"), vec!["–"; 9]);
    let scoped = |scope: &str| {
        doc.descendants()
            .filter(|n| n.attribute("scope") == Some(scope))
            .count()
    };
    assert_eq!((scoped("col"), scoped("row")), (3, 9));
    let footer = doc
        .descendants()
        .find(|n| n.has_tag_name("tfoot"))
        .expect("footer");
    let footer: String = footer
        .descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        footer,
        "( ) 25–49 unweighted cases: interpret with caution; * fewer than 25 unweighted cases: not shown; – no data"
    );
    assert!(html.contains(
        "<tr data-code=\"KG-C\"><th scope=\"row\"><a href=\"?area=KG-C\">Chuy Region</a></th>"
    ));
    let naryn = doc
        .descendants()
        .find(|n| has_class(n, "caution"))
        .and_then(|n| n.attribute("title"))
        .unwrap_or_default();
    assert!(naryn.starts_with("Naryn Region, Stunting: 14.5% (95% CI 8.3–20.7), n = 41"));
}
