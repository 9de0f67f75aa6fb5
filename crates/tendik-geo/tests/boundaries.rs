//! Bundled region boundaries and user-supplied boundary files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tendik_geo::{GeoError, Level, find, load_boundaries, parse_boundaries, region_boundaries};

/// The crate's folder, read at run time (cargo sets it) so that a build shared between
/// checkouts still looks in the right one.
fn crate_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test"))
}

#[test]
fn bundle_is_small() {
    let size = std::fs::metadata(crate_dir().join("data/kgz_adm1_simplified.geojson"))
        .unwrap()
        .len();
    assert!(size < 80 * 1024, "the bundled boundaries take {size} bytes");
}

#[test]
fn bundle_has_the_eight_polygon_regions_and_osh_city_as_a_point() {
    let boundaries = region_boundaries();
    let mut codes: Vec<_> = boundaries.areas().iter().map(|a| a.code.as_str()).collect();
    codes.sort_unstable();
    let mut expected: Vec<_> = tendik_geo::units_at(Level::Region)
        .filter(|unit| unit.iso.as_deref() != Some("KG-GO"))
        .map(|unit| unit.code.as_str())
        .collect();
    expected.sort_unstable();
    assert_eq!(codes, expected);
    assert!(boundaries.unknown_codes().is_empty());

    let osh_city = boundaries.marker("KG-GO").expect("Osh City marker");
    assert_eq!(osh_city.code, "KG21000000000");
    let (lon, lat) = osh_city.position;
    assert_eq!(
        boundaries.locate(lon, lat).map(|area| area.code.as_str()),
        Some("KG06000000000"),
        "Osh City lies in Osh Region"
    );
    // Batken holds the Sokh, Vorukh and Shakhimardan enclaves as holes; Chuy holds Bishkek.
    assert_eq!(boundaries.area("KG-B").unwrap().polygons[0].holes.len(), 3);
    assert_eq!(boundaries.area("KG-C").unwrap().polygons[0].holes.len(), 1);
}

#[test]
fn every_region_contains_its_centroid_and_every_district_lies_in_its_region() {
    let boundaries = region_boundaries();
    for area in boundaries.areas() {
        let unit = area.unit().expect("bundled codes are tendik codes");
        let (lon, lat) = unit.centroid.unwrap();
        assert!(
            area.contains(lon, lat),
            "{} does not contain its centroid",
            unit.name_en
        );
        assert_eq!(
            boundaries.locate(lon, lat).map(|a| &a.code),
            Some(&area.code)
        );
    }
    for district in tendik_geo::units_at(Level::District) {
        let (lon, lat) = district.centroid.unwrap();
        let found = boundaries.locate(lon, lat).map(|a| a.code.as_str());
        assert_eq!(found, district.parent.as_deref(), "{}", district.name_en);
    }
}

#[test]
fn neighbouring_regions_share_their_borders_exactly() {
    // The simplifier keeps shared borders shared: every edge belongs to one ring (the
    // national border) or two (a border between regions), never to a near-copy.
    let mut edges: HashMap<[u64; 4], usize> = HashMap::new();
    for area in region_boundaries().areas() {
        for ring in area.polygons.iter().flat_map(tendik_geo::Polygon::rings) {
            for pair in ring.windows(2) {
                let (a, b) = if pair[0] <= pair[1] {
                    (pair[0], pair[1])
                } else {
                    (pair[1], pair[0])
                };
                let key = [a.0.to_bits(), a.1.to_bits(), b.0.to_bits(), b.1.to_bits()];
                *edges.entry(key).or_default() += 1;
            }
        }
    }
    assert!(edges.values().all(|&count| count <= 2));
    let shared = edges.values().filter(|&&count| count == 2).count();
    assert!(shared > 100, "only {shared} shared edges");
}

#[test]
fn bundle_bounding_boxes_cover_kyrgyzstan() {
    let bbox = region_boundaries().bbox();
    assert!((69.2..69.4).contains(&bbox.min_lon), "{bbox:?}");
    assert!((80.2..80.4).contains(&bbox.max_lon), "{bbox:?}");
    assert!((39.1..39.3).contains(&bbox.min_lat), "{bbox:?}");
    assert!((43.2..43.3).contains(&bbox.max_lat), "{bbox:?}");
    for area in region_boundaries().areas() {
        let (lon, lat) = area.unit().unwrap().centroid.unwrap();
        assert!(area.bbox.contains(lon, lat));
    }
}

#[test]
fn bundle_stays_within_the_tolerance_of_natural_earth() {
    // The bundle is the output of `examples/simplify_boundaries.rs` on the shared Natural
    // Earth extract, which `load_boundaries` also reads keyed on `iso_3166_2`; skipped when
    // `../shared` is not beside the repository.
    let source = crate_dir().join("../../../shared/data/geo/kgz_adm1.geojson");
    if !source.exists() {
        eprintln!("skipped: {} is absent", source.display());
        return;
    }
    let natural_earth = load_boundaries(&source, "iso_3166_2").unwrap();
    assert_eq!(natural_earth.areas().len(), 8);
    assert!(natural_earth.unknown_codes().is_empty());
    // Simplification keeps every region's extent to within the tolerance.
    for area in natural_earth.areas() {
        let simplified = region_boundaries().area(&area.code).unwrap();
        let (a, b) = (area.bbox, simplified.bbox);
        for (x, y) in [
            (a.min_lon, b.min_lon),
            (a.max_lon, b.max_lon),
            (a.min_lat, b.min_lat),
            (a.max_lat, b.max_lat),
        ] {
            assert!((x - y).abs() < 0.01, "{}: {a:?} vs {b:?}", area.code);
        }
    }
}

#[test]
fn loads_a_user_file_with_string_and_number_codes() {
    let boundaries =
        load_boundaries(&crate_dir().join("tests/data/rayons.geojson"), "ADM2_PCODE").unwrap();
    let codes: Vec<_> = boundaries.areas().iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["KG02205000000", "41702210000000", "KG02999000000"]);

    let ak_suu = boundaries.area("KG02205000000").unwrap();
    assert_eq!(
        ak_suu.polygons.len(),
        2,
        "two features with one code are merged"
    );
    assert_eq!(ak_suu.polygons[0].holes.len(), 1);
    assert!(ak_suu.contains(79.5, 42.3));
    assert!(!ak_suu.contains(79.05, 42.05), "inside the hole");
    assert!(
        (ak_suu.bbox.max_lon - 80.4).abs() < 1e-12,
        "the merged box covers both"
    );

    let jeti_oguz = boundaries.area("41702210000000").unwrap();
    assert_eq!(
        jeti_oguz.unit_code.as_deref(),
        Some("KG02210000000"),
        "SOATE code resolved"
    );
    assert_eq!(jeti_oguz.unit().unwrap().short_name_en, "Jeti-Oguz");
    assert!(
        boundaries.area("KG02210000000").is_some(),
        "found by its tendik code too"
    );

    assert_eq!(boundaries.unknown_codes(), ["KG02999000000"]);
    let karakol = boundaries.marker("KG02410000010").unwrap();
    assert_eq!(karakol.position, (78.394, 42.49));
    assert_eq!(
        boundaries.locate(78.0, 42.0).unwrap().code,
        "41702210000000"
    );
    assert!(boundaries.locate(70.0, 40.0).is_none());
    assert_eq!(
        find("KG02205000000").unwrap().code,
        ak_suu.unit_code.clone().unwrap()
    );
}

fn parse_error(text: &str, property: &str) -> String {
    parse_boundaries(text, "upload.geojson", property)
        .expect_err("the input is bad")
        .to_string()
}

const SQUARE: &str =
    r#"{"type":"Polygon","coordinates":[[[74,42],[75,42],[75,43],[74,43],[74,42]]]}"#;

fn collection(properties: &str, geometry: &str) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"code":"KG-C"}},"geometry":{SQUARE}}},{{"type":"Feature","properties":{properties},"geometry":{geometry}}}]}}"#
    )
}

#[test]
fn missing_code_property_lists_the_properties_the_feature_has() {
    let message = parse_error(
        &collection(
            r#"{"ADM2_EN":"Kemin","ADM2_PCODE":"KG08213000000"}"#,
            SQUARE,
        ),
        "code",
    );
    assert_eq!(
        message,
        r#"upload.geojson: features[1] has no property "code"; its properties are: ADM2_EN, ADM2_PCODE"#
    );
    let message = parse_error(&collection("null", SQUARE), "code");
    assert_eq!(
        message,
        r#"upload.geojson: features[1] has no property "code"; the feature has no properties"#
    );
}

#[test]
fn codes_must_be_strings_or_integers() {
    let message = parse_error(&collection(r#"{"code":null}"#, SQUARE), "code");
    assert_eq!(
        message,
        r#"upload.geojson: features[1]: property "code" is null; expected a non-empty string or an integer"#
    );
    let message = parse_error(&collection(r#"{"code":2.5}"#, SQUARE), "code");
    assert!(
        message.contains("is the number 2.5, not an integer"),
        "{message}"
    );
    let message = parse_error(&collection(r#"{"code":"  "}"#, SQUARE), "code");
    assert!(message.contains("is an empty string"), "{message}");
}

#[test]
fn not_a_feature_collection() {
    let message = parse_error(
        r#"{"type":"Feature","properties":{},"geometry":null}"#,
        "code",
    );
    assert_eq!(
        message,
        "upload.geojson: expected a GeoJSON FeatureCollection, found a GeoJSON Feature"
    );
    let message = parse_error("[1, 2]", "code");
    assert_eq!(
        message,
        "upload.geojson: expected a GeoJSON FeatureCollection, found a JSON array"
    );
    let message = parse_error(r#"{"type":"Topology","objects":{}}"#, "code");
    assert!(message.contains("TopoJSON"), "{message}");
    let message = parse_error(r#"{"type":"FeatureCollection","features":{}}"#, "code");
    assert!(
        message.ends_with("whose \"features\" is a JSON object"),
        "{message}"
    );
    let message = parse_error(r#"{"type":"FeatureCollection","features":[]}"#, "code");
    assert_eq!(
        message,
        "upload.geojson: the FeatureCollection has no features"
    );
    let message = parse_error("{\"type\":", "code");
    assert!(
        message.starts_with("upload.geojson: not valid JSON: "),
        "{message}"
    );
}

#[test]
fn bad_geometries_name_the_feature_and_the_problem() {
    let cases = [
        (
            r#"{"type":"LineString","coordinates":[[74,42],[75,42]]}"#,
            "the geometry is a LineString; expected Polygon, MultiPolygon or Point",
        ),
        ("null", "the feature has no geometry"),
        (
            r#"{"type":"Polygon","coordinates":[[[74,42],[75,42],[74,42]]]}"#,
            "ring 0 of the polygon has 3 positions; a ring needs at least 4",
        ),
        (
            r#"{"type":"Polygon","coordinates":[[[74,42],[75,42],[75,43],[74,43]]]}"#,
            "ring 0 of the polygon is not closed: it starts at (74.0, 42.0) and ends at (74.0, 43.0)",
        ),
        (
            r#"{"type":"Polygon","coordinates":[]}"#,
            "the polygon has no rings",
        ),
        (
            r#"{"type":"MultiPolygon","coordinates":[]}"#,
            "the MultiPolygon has no polygons",
        ),
        (
            r#"{"type":"MultiPolygon","coordinates":[[[[74,42],[75,42],[75,43],[74,42]]],[[[74,42],[75,42],[74,42]]]]}"#,
            "ring 0 of polygon 1 has 3 positions; a ring needs at least 4",
        ),
        (
            r#"{"type":"Polygon","coordinates":[[[500000,4650000],[510000,4650000],[510000,4660000],[500000,4650000]]]}"#,
            "position [500000, 4650000] is not a longitude/latitude in degrees; the file may be in \
             a projected coordinate system: reproject it to WGS 84 (EPSG:4326)",
        ),
    ];
    for (geometry, reason) in cases {
        let message = parse_error(&collection(r#"{"code":"KG08213000000"}"#, geometry), "code");
        assert_eq!(
            message,
            format!(r#"upload.geojson: features[1] (code "KG08213000000"): {reason}"#),
            "geometry {geometry}"
        );
    }
}

#[test]
fn malformed_features_are_reported_by_index() {
    let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"a"},"geometry":{"type":"Polygon","coordinates":"oops"}}]}"#;
    let message = parse_error(text, "code");
    assert!(
        message.starts_with("upload.geojson: features[0] is not a valid GeoJSON feature: "),
        "{message}"
    );
    let text = r#"{"type":"FeatureCollection","features":[42]}"#;
    let message = parse_error(text, "code");
    assert!(
        message.starts_with("upload.geojson: features[0] is not a valid GeoJSON feature"),
        "{message}"
    );
}

#[test]
fn a_repeated_point_code_is_an_error() {
    let point = r#"{"type":"Point","coordinates":[74.6,42.9]}"#;
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"code":"KG-GB"}},"geometry":{point}}},{{"type":"Feature","properties":{{"code":"KG-GB"}},"geometry":{point}}}]}}"#
    );
    assert_eq!(
        parse_error(&text, "code"),
        r#"upload.geojson: features[1]: code "KG-GB" is already used by the point at features[0]"#
    );
}

#[test]
fn unreadable_file_names_the_path() {
    let error = load_boundaries(Path::new("/nonexistent/rayons.geojson"), "code").unwrap_err();
    assert!(matches!(error, GeoError::Read { .. }));
    assert!(
        error
            .to_string()
            .starts_with("cannot read /nonexistent/rayons.geojson: "),
        "{error}"
    );
}

#[test]
fn file_errors_name_the_file_path() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("rayons.geojson");
    std::fs::write(&path, r#"{"type":"FeatureCollection","features":[]}"#).unwrap();
    let error = load_boundaries(&path, "code").unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("{}: the FeatureCollection has no features", path.display())
    );
}

#[test]
fn boundaries_serialize_to_json() {
    let json = serde_json::to_value(region_boundaries()).unwrap();
    assert_eq!(json["areas"].as_array().unwrap().len(), 8);
    assert_eq!(json["markers"][0]["code"], "KG21000000000");
    assert!(json["bbox"]["min_lon"].is_number());
}
