//! Maps: eight areas and the Osh marker with the CI in their tooltips, focus or links,
//! hatching exactly on caution areas, `*` for suppressed, monotonic colour classes, Cyrillic
//! and the decimal comma, user boundaries.

mod common;

use common::xml::{child_title, has_class, readable_words, with_class};
use roxmltree::Document;
use tendik_geo::Language;
use tendik_render::{Classes, Figure, MapArea, Ramp, Reliability, Scale, choropleth};

fn english_map() -> String {
    choropleth(&common::map(Language::En), &common::locale(Language::En))
}

#[test]
fn map_has_eight_areas_and_the_osh_marker_each_with_the_ci_in_its_title() {
    let svg = english_map();
    let doc = Document::parse(&svg).expect("parses");
    let areas: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && has_class(n, "area"))
        .collect();
    assert_eq!(areas.len(), 8);
    let markers: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle") && has_class(n, "marker"))
        .collect();
    assert_eq!(markers.len(), 1);
    assert_eq!(markers[0].attribute("data-code"), Some("KG-GO"));
    for node in areas.iter().chain(&markers) {
        let code = node.attribute("data-code").expect("data-code");
        let tip = child_title(node);
        if code == "KG-T" {
            assert!(tip.contains(": *"), "{tip}");
        } else {
            assert!(tip.contains("(95% CI "), "{code}: {tip}");
        }
        // Linked areas take the focus through their <a>; the others themselves.
        let linked = node
            .parent()
            .is_some_and(|p| p.has_tag_name("a") && p.attribute("href").is_some());
        assert!(linked || node.attribute("tabindex") == Some("0"), "{code}");
    }
    let naryn = areas
        .iter()
        .find(|n| n.attribute("data-code") == Some("KG-N"))
        .expect("Naryn");
    assert_eq!(
        child_title(naryn),
        "Naryn Region: 14.5% (95% CI 8.3–20.7), n = 41; 25–49 unweighted cases: interpret with caution"
    );
}

#[test]
fn map_without_links_puts_tabindex_on_each_area() {
    let mut map = common::map(Language::En);
    for area in &mut map.areas {
        area.href = None;
    }
    let svg = choropleth(&map, &common::locale(Language::En));
    let doc = Document::parse(&svg).expect("parses");
    let focusable = doc
        .descendants()
        .filter(|n| n.attribute("tabindex") == Some("0"))
        .count();
    assert_eq!(focusable, 9);
    assert!(!svg.contains("<a "));
}

#[test]
fn hatching_lies_exactly_on_caution_areas() {
    let svg = english_map();
    let doc = Document::parse(&svg).expect("parses");
    let mut hatched: Vec<&str> = with_class(&doc, "hatch")
        .iter()
        .filter_map(|n| n.attribute("data-code"))
        .collect();
    hatched.sort_unstable();
    let mut caution: Vec<&str> = common::REGIONS
        .iter()
        .filter(|r| (25..50).contains(&r.3))
        .map(|r| r.0)
        .collect();
    caution.sort_unstable();
    assert_eq!(hatched, caution);
    for node in with_class(&doc, "hatch") {
        let fill = node.attribute("fill").unwrap_or_default();
        assert!(fill.starts_with("url(#map-en-hatch"), "{fill}");
    }
    for node in with_class(&doc, "caution") {
        assert!(hatched.contains(&node.attribute("data-code").unwrap_or_default()));
    }
}

#[test]
fn a_suppressed_area_shows_a_star_and_never_its_number() {
    // Talas: 18.2%, CI 9.2–27.2, n = 19.
    let svg = english_map();
    let doc = Document::parse(&svg).expect("parses");
    let talas = doc
        .descendants()
        .find(|n| n.attribute("data-code") == Some("KG-T"))
        .expect("Talas");
    assert!(has_class(&talas, "suppressed"));
    assert_eq!(talas.attribute("data-value"), None);
    let words = readable_words(&svg);
    for number in ["18.2", "0.182", "9.2", "27.2"] {
        assert!(!words.contains(number), "{number} leaked");
    }
    assert!(svg.contains(">*</text>"));
}

#[test]
fn cyrillic_survives_escaping_and_ru_uses_the_decimal_comma() {
    let ru = common::locale(Language::Ru);
    let mut map = common::map(Language::Ru);
    map.areas[0].name = "Иссык-Кульская <область> & \"озеро\"".into();
    let svg = choropleth(&map, &ru);
    let doc = Document::parse(&svg).expect("parses");
    let issyk_kul = doc
        .descendants()
        .find(|n| n.attribute("data-code") == Some("KG-Y"))
        .expect("area");
    assert_eq!(
        child_title(&issyk_kul),
        "Иссык-Кульская <область> & \"озеро\": 10,9% (95% ДИ 7,8–14,0), n = 212"
    );
    assert!(svg.contains("Нарын") && svg.contains("(14,5%)"));
    assert!(svg.contains("Задержка роста у детей до 5 лет"));
    assert!(!readable_words(&svg).contains("14.5"));
}

#[test]
fn colour_classes_rise_with_the_value() {
    let values = [0.031, 0.12, 0.2, 0.35, 0.5, 0.87];
    for higher_is_worse in [true, false] {
        let scale = Scale {
            ramp: Ramp::Cividis,
            breaks: None,
            higher_is_worse,
        };
        let classes = Classes::new(&scale, &values);
        let mut previous = 0;
        for step in 0..=100 {
            let class = classes.class_of(f64::from(step) / 100.0);
            assert!(class >= previous);
            previous = class;
        }
        assert_eq!(classes.class_of(0.0), 0);
        assert_eq!(classes.class_of(1.0), 4);
        let darkest = Ramp::Cividis.colours()[0];
        assert_eq!(classes.colour_of(0.0) == darkest, !higher_is_worse);
    }
    let svg = english_map();
    let doc = Document::parse(&svg).expect("parses");
    let mut shown: Vec<(f64, usize)> = doc
        .descendants()
        .filter(|n| has_class(n, "area") || has_class(n, "marker"))
        .filter_map(|n| {
            let value: f64 = n.attribute("data-value")?.parse().ok()?;
            let class = n.attribute("class")?;
            let class = class.split(' ').find_map(|c| c.strip_prefix("class-"))?;
            Some((value, class.parse().ok()?))
        })
        .collect();
    shown.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(shown.len(), 8);
    assert!(shown.windows(2).all(|w| w[0].1 <= w[1].1), "{shown:?}");
    assert_eq!(shown.first().map(|s| s.1), Some(0));
    assert_eq!(shown.last().map(|s| s.1), Some(4));
}

#[test]
fn unknown_codes_are_reported_not_drawn() {
    let mut map = common::map(Language::En);
    map.areas.push(MapArea {
        code: "XX-1".into(),
        name: "Nowhere".into(),
        label: None,
        figure: Figure {
            estimate: Some(0.5),
            ci: None,
            reliability: Reliability::Reliable,
            n: None,
        },
        href: None,
    });
    assert_eq!(map.unmatched_codes(), ["XX-1"]);
    assert!(!choropleth(&map, &common::locale(Language::En)).contains("Nowhere"));
}

#[test]
fn user_boundaries_draw_every_area_and_blank_the_ones_without_figures() {
    // Three squares keyed by codes of the user's own, as a rayon file could be.
    let square = |code: &str, lon: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{code}"}},"geometry":{{"type":"Polygon","coordinates":[[[{lon},41.0],[{e},41.0],[{e},41.5],[{lon},41.5],[{lon},41.0]]]}}}}"#,
            e = lon + 0.5
        )
    };
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
        square("A1", 74.0),
        square("A2", 74.5),
        square("A3", 75.0)
    );
    let boundaries = tendik_geo::parse_boundaries(&text, "test", "code").expect("valid");
    let mut map = common::map(Language::En);
    map.boundaries = &boundaries;
    map.areas = ["A1", "A2"]
        .iter()
        .map(|code| MapArea {
            code: (*code).into(),
            name: format!("Rayon {code}"),
            label: None,
            figure: common::region_figure("KG-C"),
            href: None,
        })
        .collect();
    let svg = choropleth(&map, &common::locale(Language::En));
    let doc = Document::parse(&svg).expect("parses");
    assert_eq!(with_class(&doc, "area").len(), 2);
    assert_eq!(with_class(&doc, "area-blank").len(), 1);
    assert!(with_class(&doc, "marker").is_empty());
}
