//! Rebuilds `data/kgz_adm1_simplified.geojson` from Natural Earth's admin-1 polygons.
//!
//! ```text
//! cargo run -p tendik-geo --example simplify_boundaries -- <in.geojson> <out.geojson> [--tolerance DEGREES]
//! ```
//!
//! Features are keyed on their `iso_3166_2` property (Natural Earth's `region_code` gives Chuy
//! the code KG-GB, Bishkek's) and written with tendik's national code in `code`. Borders
//! shared by two regions are simplified once, as one arc, so neighbours still meet exactly:
//! rings are split at the points where the set of neighbours changes, each arc is simplified
//! with Douglas–Peucker (`geo`), and coordinates are rounded to 4 decimals (about 10 m).
//! Osh City is added as a point at its centroid.
#![expect(
    clippy::print_stderr,
    reason = "a command-line tool reports what it wrote on standard error"
)]

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::fmt::Write as _;

use geo::{Coord, LineString, Simplify, Validation};
use serde_json::{Value, json};

/// Default Douglas–Peucker tolerance in degrees (about 0.5 km; gives a file of about 27 KB).
const DEFAULT_TOLERANCE: f64 = 0.005;
/// Decimal places kept in the output.
const DECIMALS: i32 = 4;

type Point = [f64; 2];
type Key = (u64, u64);

fn key(point: Point) -> Key {
    (point[0].to_bits(), point[1].to_bits())
}

/// One region read from the input: its tendik code, ISO code, English name and polygons
/// (each a list of closed rings).
struct Region {
    code: String,
    iso: String,
    name: String,
    polygons: Vec<Vec<Vec<Point>>>,
}

fn main() {
    if let Err(error) = run() {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let mut positional = Vec::new();
    let mut tolerance = DEFAULT_TOLERANCE;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--tolerance" {
            let value = args.next().ok_or("--tolerance needs a value in degrees")?;
            tolerance = value
                .parse()
                .map_err(|_| format!("--tolerance: {value:?} is not a number"))?;
        } else {
            positional.push(arg);
        }
    }
    let [input, output] = positional.as_slice() else {
        return Err(
            "usage: simplify_boundaries <in.geojson> <out.geojson> [--tolerance DEGREES]".into(),
        );
    };
    let text =
        std::fs::read_to_string(input).map_err(|error| format!("cannot read {input}: {error}"))?;
    let regions = read_regions(&text).map_err(|error| format!("{input}: {error}"))?;
    let before: usize = regions.iter().map(vertex_count).sum();

    let simplified = simplify(&regions, tolerance);
    check_valid(&simplified)?;
    let after: usize = simplified.iter().map(vertex_count).sum();

    let document = write_collection(&simplified)?;
    std::fs::write(output, &document).map_err(|error| format!("cannot write {output}: {error}"))?;
    eprintln!(
        "wrote {output}: {} regions and the Osh City point, {before} → {after} positions, {} bytes \
         (tolerance {tolerance}°)",
        simplified.len(),
        document.len()
    );
    Ok(())
}

fn vertex_count(region: &Region) -> usize {
    region.polygons.iter().flatten().map(Vec::len).sum()
}

fn read_regions(text: &str) -> Result<Vec<Region>, Box<dyn Error>> {
    let document: Value = serde_json::from_str(text)?;
    let features = document["features"]
        .as_array()
        .ok_or("not a GeoJSON FeatureCollection")?;
    let mut regions = Vec::new();
    for (index, feature) in features.iter().enumerate() {
        let iso = feature["properties"]["iso_3166_2"]
            .as_str()
            .ok_or_else(|| format!("features[{index}] has no iso_3166_2 property"))?;
        let unit = tendik_geo::find(iso)
            .filter(|unit| unit.level == tendik_geo::Level::Region)
            .ok_or_else(|| format!("features[{index}]: {iso} is not a region tendik knows"))?;
        let geometry = &feature["geometry"];
        let coordinates = geometry["coordinates"].clone();
        let polygons: Vec<Vec<Vec<Point>>> = match geometry["type"].as_str() {
            Some("Polygon") => vec![serde_json::from_value(coordinates)?],
            Some("MultiPolygon") => serde_json::from_value(coordinates)?,
            other => return Err(format!("features[{index}] ({iso}): geometry {other:?}").into()),
        };
        regions.push(Region {
            code: unit.code.clone(),
            iso: iso.to_owned(),
            name: unit.name_en.clone(),
            polygons,
        });
    }
    Ok(regions)
}

/// Simplifies all rings, splitting them into arcs at junctions so shared borders stay shared.
fn simplify(regions: &[Region], tolerance: f64) -> Vec<Region> {
    let junctions = junctions(regions);
    regions
        .iter()
        .map(|region| Region {
            code: region.code.clone(),
            iso: region.iso.clone(),
            name: region.name.clone(),
            polygons: region
                .polygons
                .iter()
                .map(|polygon| {
                    polygon
                        .iter()
                        .enumerate()
                        .filter_map(|(number, ring)| {
                            let ring = simplify_ring(ring, &junctions, tolerance);
                            // A hole that collapses is dropped; an exterior never is.
                            (ring.len() >= 4 || number == 0).then_some(ring)
                        })
                        .collect()
                })
                .collect(),
        })
        .collect()
}

/// The points at which a ring's neighbour changes: shared points whose neighbours along all
/// rings through them are more than two distinct points.
fn junctions(regions: &[Region]) -> HashSet<Key> {
    let mut neighbours: HashMap<Key, HashSet<Key>> = HashMap::new();
    for ring in regions.iter().flat_map(|r| &r.polygons).flatten() {
        let open = &ring[..ring.len() - 1];
        let count = open.len();
        for (i, &point) in open.iter().enumerate() {
            let entry = neighbours.entry(key(point)).or_default();
            entry.insert(key(open[(i + count - 1) % count]));
            entry.insert(key(open[(i + 1) % count]));
        }
    }
    neighbours
        .into_iter()
        .filter(|(_, around)| around.len() > 2)
        .map(|(point, _)| point)
        .collect()
}

fn simplify_ring(ring: &[Point], junctions: &HashSet<Key>, tolerance: f64) -> Vec<Point> {
    let open = &ring[..ring.len() - 1];
    let Some(start) = open.iter().position(|&p| junctions.contains(&key(p))) else {
        return round_ring(&simplify_closed(ring, tolerance));
    };
    // Rotate to start at a junction, close the ring there, and cut it at every junction.
    let mut rotated: Vec<Point> = open[start..]
        .iter()
        .chain(&open[..start])
        .copied()
        .collect();
    rotated.push(rotated[0]);
    let mut result: Vec<Point> = vec![rotated[0]];
    let mut arc_start = 0;
    for i in 1..rotated.len() {
        if i == rotated.len() - 1 || junctions.contains(&key(rotated[i])) {
            let arc = simplify_arc(&rotated[arc_start..=i], tolerance);
            result.extend_from_slice(&arc[1..]);
            arc_start = i;
        }
    }
    round_ring(&result)
}

/// Douglas–Peucker on an arc, run in a canonical direction so that the two rings sharing it
/// get the same result.
fn simplify_arc(arc: &[Point], tolerance: f64) -> Vec<Point> {
    let (first, last) = (arc[0], arc[arc.len() - 1]);
    let forward = match first.partial_cmp(&last) {
        Some(Ordering::Less) => true,
        Some(Ordering::Greater) => false,
        // An arc from a junction back to itself: orient it by its second point.
        _ => arc[1] <= arc[arc.len() - 2],
    };
    let mut canonical = arc.to_vec();
    if !forward {
        canonical.reverse();
    }
    let mut simplified = douglas_peucker(&canonical, tolerance);
    if !forward {
        simplified.reverse();
    }
    simplified
}

/// A ring with no junction (an island, an enclave, or a ring shared whole, like Bishkek's):
/// rotate it to its smallest point and orient it canonically, then simplify, halving the
/// tolerance until it keeps at least 4 positions.
fn simplify_closed(ring: &[Point], tolerance: f64) -> Vec<Point> {
    let open = &ring[..ring.len() - 1];
    let smallest = (0..open.len())
        .min_by(|&a, &b| {
            open[a]
                .partial_cmp(&open[b])
                .expect("coordinates are finite")
        })
        .expect("a ring has points");
    let mut canonical: Vec<Point> = open[smallest..]
        .iter()
        .chain(&open[..smallest])
        .copied()
        .collect();
    let reversed = canonical[1] > canonical[canonical.len() - 1];
    if reversed {
        canonical[1..].reverse();
    }
    canonical.push(canonical[0]);
    let mut epsilon = tolerance;
    let mut simplified = douglas_peucker(&canonical, epsilon);
    while simplified.len() < 4 && epsilon > 1e-9 {
        epsilon /= 2.0;
        simplified = douglas_peucker(&canonical, epsilon);
    }
    if reversed {
        simplified.reverse();
    }
    simplified
}

fn douglas_peucker(points: &[Point], tolerance: f64) -> Vec<Point> {
    let line: LineString<f64> = points.iter().map(|&[x, y]| Coord { x, y }).collect();
    line.simplify(tolerance)
        .into_inner()
        .into_iter()
        .map(|coord| [coord.x, coord.y])
        .collect()
}

fn round_ring(ring: &[Point]) -> Vec<Point> {
    let scale = 10f64.powi(DECIMALS);
    let mut rounded: Vec<Point> = Vec::with_capacity(ring.len());
    for &[x, y] in ring {
        let point = [(x * scale).round() / scale, (y * scale).round() / scale];
        if rounded.last() != Some(&point) {
            rounded.push(point);
        }
    }
    rounded
}

fn check_valid(regions: &[Region]) -> Result<(), Box<dyn Error>> {
    for region in regions {
        for (number, polygon) in region.polygons.iter().enumerate() {
            let mut rings = polygon.iter().map(|ring| {
                ring.iter()
                    .map(|&[x, y]| Coord { x, y })
                    .collect::<LineString<f64>>()
            });
            let exterior = rings.next().ok_or("a polygon lost its exterior")?;
            let geometry = geo::Polygon::new(exterior, rings.collect());
            if let Err(problem) = geometry.check_validation() {
                return Err(format!(
                    "{} polygon {number} is invalid after simplification ({problem}); \
                     try a smaller --tolerance",
                    region.iso
                )
                .into());
            }
        }
    }
    Ok(())
}

/// Writes one feature per line, properties before geometry, so the bundled file reads and
/// diffs well.
fn write_collection(regions: &[Region]) -> Result<String, Box<dyn Error>> {
    let osh_city = tendik_geo::find("KG-GO").ok_or("tendik does not know Osh City")?;
    let (lon, lat) = osh_city.centroid.ok_or("Osh City has no centroid")?;
    let mut features: Vec<(Value, Value)> = regions
        .iter()
        .map(|region| {
            let properties =
                json!({"code": region.code, "iso_3166_2": region.iso, "name_en": region.name});
            let geometry = if region.polygons.len() == 1 {
                json!({"type": "Polygon", "coordinates": region.polygons[0]})
            } else {
                json!({"type": "MultiPolygon", "coordinates": region.polygons})
            };
            (properties, geometry)
        })
        .collect();
    features.push((
        json!({"code": osh_city.code, "iso_3166_2": "KG-GO", "name_en": osh_city.name_en}),
        json!({"type": "Point", "coordinates": [lon, lat]}),
    ));
    let mut document = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (index, (properties, geometry)) in features.iter().enumerate() {
        let separator = if index + 1 < features.len() { "," } else { "" };
        writeln!(
            document,
            "{{\"type\":\"Feature\",\"properties\":{},\"geometry\":{}}}{separator}",
            serde_json::to_string(properties)?,
            serde_json::to_string(geometry)?,
        )?;
    }
    document.push_str("]}\n");
    Ok(document)
}
