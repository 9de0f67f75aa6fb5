//! Boundaries: the bundled region polygons and boundary files supplied by users.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use geojson::{Feature, GeometryValue, Position};
use serde::Serialize;
use serde_json::Value;

use crate::error::GeoError;
use crate::units::{Unit, find};

/// The bundled simplified region boundaries; how they are made: `data/README.md`.
const REGION_GEOJSON: &str = include_str!("../data/kgz_adm1_simplified.geojson");

/// The property of the bundled file that holds each feature's national code.
const REGION_CODE_PROPERTY: &str = "code";

/// A closed ring of (longitude, latitude) positions in degrees; the last position repeats
/// the first.
pub type Ring = Vec<(f64, f64)>;

/// A polygon: one exterior ring and any number of holes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Polygon {
    /// The outer boundary.
    pub exterior: Ring,
    /// Holes (enclaves of other areas or countries).
    pub holes: Vec<Ring>,
}

impl Polygon {
    /// The exterior ring, then the holes: the order an SVG path with the even-odd fill rule
    /// wants.
    pub fn rings(&self) -> impl Iterator<Item = &Ring> {
        std::iter::once(&self.exterior).chain(&self.holes)
    }

    /// Whether the position lies inside the polygon (inside the exterior and in no hole).
    /// Positions exactly on an edge may go either way.
    #[must_use]
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        ring_contains(&self.exterior, lon, lat)
            && !self.holes.iter().any(|hole| ring_contains(hole, lon, lat))
    }
}

/// Even–odd ray casting.
fn ring_contains(ring: &[(f64, f64)], lon: f64, lat: f64) -> bool {
    let mut inside = false;
    for pair in ring.windows(2) {
        let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
        if (y1 > lat) != (y2 > lat) && lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1) {
            inside = !inside;
        }
    }
    inside
}

/// A longitude/latitude box.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BoundingBox {
    /// Westmost longitude.
    pub min_lon: f64,
    /// Southmost latitude.
    pub min_lat: f64,
    /// Eastmost longitude.
    pub max_lon: f64,
    /// Northmost latitude.
    pub max_lat: f64,
}

impl BoundingBox {
    fn of_point((lon, lat): (f64, f64)) -> Self {
        Self {
            min_lon: lon,
            min_lat: lat,
            max_lon: lon,
            max_lat: lat,
        }
    }

    fn union(self, other: Self) -> Self {
        Self {
            min_lon: self.min_lon.min(other.min_lon),
            min_lat: self.min_lat.min(other.min_lat),
            max_lon: self.max_lon.max(other.max_lon),
            max_lat: self.max_lat.max(other.max_lat),
        }
    }

    /// Whether the position lies in the box (edges included).
    #[must_use]
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.min_lon..=self.max_lon).contains(&lon) && (self.min_lat..=self.max_lat).contains(&lat)
    }
}

/// The area of one code: its polygons and their bounding box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Area {
    /// The code as the boundary file gives it.
    pub code: String,
    /// The national code of the tendik unit that `code` names, if tendik knows it (a file
    /// may key on ISO or SOATE codes: see [`find`]).
    pub unit_code: Option<String>,
    /// The polygons; features sharing a code are merged into one area.
    pub polygons: Vec<Polygon>,
    /// Bounding box of all polygons.
    pub bbox: BoundingBox,
}

impl Area {
    /// The tendik unit this area is, if known.
    #[must_use]
    pub fn unit(&self) -> Option<&'static Unit> {
        self.unit_code.as_deref().and_then(find)
    }

    /// Whether the position lies inside one of the area's polygons.
    #[must_use]
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.bbox.contains(lon, lat) && self.polygons.iter().any(|p| p.contains(lon, lat))
    }
}

/// A unit shown as a point (Osh City on the region map).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Marker {
    /// The code as the boundary file gives it.
    pub code: String,
    /// The national code of the tendik unit that `code` names, if tendik knows it.
    pub unit_code: Option<String>,
    /// (longitude, latitude) in degrees.
    pub position: (f64, f64),
}

/// Areas and point markers keyed by code, with the box around them all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Boundaries {
    areas: Vec<Area>,
    markers: Vec<Marker>,
    bbox: BoundingBox,
}

impl Boundaries {
    /// The areas, in the order of their first feature in the file.
    #[must_use]
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// The area with this code: the file's own code, or any code [`find`] accepts for the
    /// same unit (so `area("KG-Y")` finds Issyk-Kul in the bundled boundaries).
    #[must_use]
    pub fn area(&self, code: &str) -> Option<&Area> {
        self.areas
            .iter()
            .find(|area| area.code == code)
            .or_else(|| same_unit(code, self.areas.iter(), |area| area.unit_code.as_deref()))
    }

    /// The point markers.
    #[must_use]
    pub fn markers(&self) -> &[Marker] {
        &self.markers
    }

    /// The marker with this code, looked up as in [`Boundaries::area`].
    #[must_use]
    pub fn marker(&self, code: &str) -> Option<&Marker> {
        self.markers
            .iter()
            .find(|marker| marker.code == code)
            .or_else(|| {
                same_unit(code, self.markers.iter(), |marker| {
                    marker.unit_code.as_deref()
                })
            })
    }

    /// The box around all areas and markers.
    #[must_use]
    pub fn bbox(&self) -> BoundingBox {
        self.bbox
    }

    /// The area containing the position, if any.
    #[must_use]
    pub fn locate(&self, lon: f64, lat: f64) -> Option<&Area> {
        self.areas.iter().find(|area| area.contains(lon, lat))
    }

    /// Codes in the file that name no tendik unit, in file order: the caller decides whether
    /// to warn (the library prints nothing).
    #[must_use]
    pub fn unknown_codes(&self) -> Vec<&str> {
        let areas = self.areas.iter().map(|a| (&a.code, &a.unit_code));
        let markers = self.markers.iter().map(|m| (&m.code, &m.unit_code));
        areas
            .chain(markers)
            .filter(|(_, unit)| unit.is_none())
            .map(|(code, _)| code.as_str())
            .collect()
    }
}

fn same_unit<'a, T>(
    code: &str,
    mut items: impl Iterator<Item = &'a T>,
    unit_code: impl Fn(&T) -> Option<&str>,
) -> Option<&'a T> {
    let wanted = find(code)?;
    items.find(|item| unit_code(item) == Some(wanted.code.as_str()))
}

static REGIONS: LazyLock<Boundaries> = LazyLock::new(|| {
    parse_boundaries(
        REGION_GEOJSON,
        "bundled data/kgz_adm1_simplified.geojson",
        REGION_CODE_PROPERTY,
    )
    .expect("the bundled region boundaries are valid (the crate's tests read them)")
});

/// The bundled boundaries of the 8 polygon regions (7 oblasts and Bishkek City), keyed by
/// national code, with Osh City as a marker at its centroid inside Osh Region.
///
/// Simplified from Natural Earth's 10m admin-1 polygons (public domain) to tens of
/// kilobytes; fit for country maps, not for measuring areas.
#[must_use]
pub fn region_boundaries() -> &'static Boundaries {
    &REGIONS
}

/// Reads a GeoJSON `FeatureCollection` of `Polygon`, `MultiPolygon` (and `Point`) features,
/// taking each feature's code from `code_property` (a string or an integer).
///
/// Coordinates must be longitude/latitude in degrees (WGS 84, as GeoJSON requires). Features
/// sharing a code are merged into one [`Area`]. Codes tendik does not know are kept; list
/// them with [`Boundaries::unknown_codes`].
pub fn load_boundaries(path: &Path, code_property: &str) -> Result<Boundaries, GeoError> {
    let text = std::fs::read_to_string(path).map_err(|source| GeoError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse_boundaries(&text, &path.display().to_string(), code_property)
}

/// [`load_boundaries`] on text already in memory (an upload); `file` names it in errors.
pub fn parse_boundaries(
    text: &str,
    file: &str,
    code_property: &str,
) -> Result<Boundaries, GeoError> {
    let document: Value = serde_json::from_str(text).map_err(|error| GeoError::Json {
        file: file.to_owned(),
        error,
    })?;
    let features = feature_array(document, file)?;
    if features.is_empty() {
        return Err(GeoError::NoFeatures {
            file: file.to_owned(),
        });
    }
    let mut builder = Builder::default();
    for (index, value) in features.into_iter().enumerate() {
        let context = Context { file, index };
        let feature: Feature =
            serde_json::from_value(value).map_err(|error| GeoError::BadFeature {
                file: file.to_owned(),
                index,
                reason: error.to_string(),
            })?;
        let code = feature_code(&feature, code_property, &context)?;
        builder.add(&feature, code, &context)?;
    }
    Ok(builder.finish())
}

/// Where a feature sits, for error messages.
struct Context<'a> {
    file: &'a str,
    index: usize,
}

impl Context<'_> {
    fn geometry_error(&self, code: &str, reason: impl Into<String>) -> GeoError {
        GeoError::BadGeometry {
            file: self.file.to_owned(),
            index: self.index,
            code: code.to_owned(),
            reason: reason.into(),
        }
    }
}

fn feature_array(document: Value, file: &str) -> Result<Vec<Value>, GeoError> {
    let not_collection = |found: String| GeoError::NotFeatureCollection {
        file: file.to_owned(),
        found,
    };
    let Value::Object(mut object) = document else {
        return Err(not_collection(describe_json(&document)));
    };
    match object.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {}
        Some("Topology") => {
            return Err(not_collection(
                "a TopoJSON Topology (convert it to GeoJSON first)".to_owned(),
            ));
        }
        Some(other) => return Err(not_collection(format!("a GeoJSON {other}"))),
        None => {
            return Err(not_collection(
                "a JSON object without a \"type\" member".to_owned(),
            ));
        }
    }
    match object.remove("features") {
        Some(Value::Array(features)) => Ok(features),
        Some(other) => Err(not_collection(format!(
            "a FeatureCollection whose \"features\" is {}",
            describe_json(&other)
        ))),
        None => Err(not_collection(
            "a FeatureCollection without a \"features\" member".to_owned(),
        )),
    }
}

fn describe_json(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("the boolean {flag}"),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) => format!("the string {text:?}"),
        Value::Array(_) => "a JSON array".to_owned(),
        Value::Object(_) => "a JSON object".to_owned(),
    }
}

fn feature_code(
    feature: &Feature,
    property: &str,
    context: &Context<'_>,
) -> Result<String, GeoError> {
    let bad_code = |found: String| GeoError::BadCode {
        file: context.file.to_owned(),
        index: context.index,
        property: property.to_owned(),
        found,
    };
    let Some(value) = feature.property(property) else {
        let mut available: Vec<String> = feature
            .properties_iter()
            .map(|(name, _)| name.clone())
            .collect();
        available.sort();
        return Err(GeoError::MissingProperty {
            file: context.file.to_owned(),
            index: context.index,
            property: property.to_owned(),
            available,
        });
    };
    match value {
        Value::String(text) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
        Value::String(_) => Err(bad_code("an empty string".to_owned())),
        Value::Number(number) => {
            if let Some(integer) = number.as_u64() {
                Ok(integer.to_string())
            } else if let Some(integer) = number.as_i64() {
                Ok(integer.to_string())
            } else {
                match number.as_f64() {
                    Some(float) if float.fract() == 0.0 && float.abs() < 1e15 => {
                        Ok(format!("{float:.0}"))
                    }
                    _ => Err(bad_code(format!("the number {number}, not an integer"))),
                }
            }
        }
        other => Err(bad_code(describe_json(other))),
    }
}

/// Collects areas and markers in file order, merging areas that share a code.
#[derive(Default)]
struct Builder {
    areas: Vec<Area>,
    area_index: HashMap<String, usize>,
    markers: Vec<Marker>,
    marker_index: HashMap<String, usize>,
}

impl Builder {
    fn add(
        &mut self,
        feature: &Feature,
        code: String,
        context: &Context<'_>,
    ) -> Result<(), GeoError> {
        let Some(geometry) = &feature.geometry else {
            return Err(context.geometry_error(&code, "the feature has no geometry"));
        };
        let polygons = match &geometry.value {
            GeometryValue::Point { coordinates } => {
                let position = position(coordinates, &code, context)?;
                return self.add_marker(code, position, context);
            }
            GeometryValue::Polygon { coordinates } => {
                vec![polygon(coordinates, None, &code, context)?]
            }
            GeometryValue::MultiPolygon { coordinates } => {
                if coordinates.is_empty() {
                    return Err(context.geometry_error(&code, "the MultiPolygon has no polygons"));
                }
                coordinates
                    .iter()
                    .enumerate()
                    .map(|(number, rings)| polygon(rings, Some(number), &code, context))
                    .collect::<Result<Vec<_>, _>>()?
            }
            other => {
                return Err(context.geometry_error(
                    &code,
                    format!(
                        "the geometry is a {}; expected Polygon, MultiPolygon or Point",
                        other.type_name()
                    ),
                ));
            }
        };
        let bbox = polygons
            .iter()
            .flat_map(|polygon| &polygon.exterior)
            .map(|&position| BoundingBox::of_point(position))
            .reduce(BoundingBox::union)
            .expect("a validated polygon has at least 4 positions");
        if let Some(&existing) = self.area_index.get(&code) {
            let area = &mut self.areas[existing];
            area.polygons.extend(polygons);
            area.bbox = area.bbox.union(bbox);
        } else {
            self.area_index.insert(code.clone(), self.areas.len());
            self.areas.push(Area {
                unit_code: find(&code).map(|unit| unit.code.clone()),
                code,
                polygons,
                bbox,
            });
        }
        Ok(())
    }

    fn add_marker(
        &mut self,
        code: String,
        position: (f64, f64),
        context: &Context<'_>,
    ) -> Result<(), GeoError> {
        if let Some(&first) = self.marker_index.get(&code) {
            return Err(GeoError::DuplicatePoint {
                file: context.file.to_owned(),
                index: context.index,
                first,
                code,
            });
        }
        self.marker_index.insert(code.clone(), context.index);
        self.markers.push(Marker {
            unit_code: find(&code).map(|unit| unit.code.clone()),
            code,
            position,
        });
        Ok(())
    }

    fn finish(self) -> Boundaries {
        let area_boxes = self.areas.iter().map(|area| area.bbox);
        let marker_boxes = self
            .markers
            .iter()
            .map(|marker| BoundingBox::of_point(marker.position));
        let bbox = area_boxes
            .chain(marker_boxes)
            .reduce(BoundingBox::union)
            .expect("a collection with features has an area or a marker");
        Boundaries {
            areas: self.areas,
            markers: self.markers,
            bbox,
        }
    }
}

/// Checks and converts one polygon; `number` is its place in a `MultiPolygon`.
fn polygon(
    rings: &[Vec<Position>],
    number: Option<usize>,
    code: &str,
    context: &Context<'_>,
) -> Result<Polygon, GeoError> {
    let name = match number {
        Some(number) => format!("polygon {number}"),
        None => "the polygon".to_owned(),
    };
    if rings.is_empty() {
        return Err(context.geometry_error(code, format!("{name} has no rings")));
    }
    let mut converted = Vec::with_capacity(rings.len());
    for (ring_number, ring) in rings.iter().enumerate() {
        let ring_name = format!("ring {ring_number} of {name}");
        if ring.len() < 4 {
            return Err(context.geometry_error(
                code,
                format!(
                    "{ring_name} has {} positions; a ring needs at least 4",
                    ring.len()
                ),
            ));
        }
        let positions = ring
            .iter()
            .map(|p| position(p, code, context))
            .collect::<Result<Ring, _>>()?;
        let (first, last) = (positions[0], positions[positions.len() - 1]);
        if first != last {
            return Err(context.geometry_error(
                code,
                format!("{ring_name} is not closed: it starts at {first:?} and ends at {last:?}"),
            ));
        }
        converted.push(positions);
    }
    let mut rings = converted.into_iter();
    let exterior = rings.next().expect("checked non-empty above");
    Ok(Polygon {
        exterior,
        holes: rings.collect(),
    })
}

/// Checks that a position is a longitude/latitude pair in degrees.
fn position(
    position: &Position,
    code: &str,
    context: &Context<'_>,
) -> Result<(f64, f64), GeoError> {
    let values = position.as_slice();
    let [lon, lat, ..] = values else {
        return Err(context.geometry_error(
            code,
            format!("a position has {} coordinates; expected 2", values.len()),
        ));
    };
    if !(-180.0..=180.0).contains(lon) || !(-90.0..=90.0).contains(lat) {
        return Err(context.geometry_error(
            code,
            format!(
                "position [{lon}, {lat}] is not a longitude/latitude in degrees; the file may be \
                 in a projected coordinate system: reproject it to WGS 84 (EPSG:4326)"
            ),
        ));
    }
    Ok((*lon, *lat))
}
