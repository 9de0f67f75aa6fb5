//! Geography of the Kyrgyz Republic for tendik: administrative units with stable codes and
//! names in English, Russian and Kyrgyz, their hierarchy, and map boundaries.
//!
//! # Units
//! [`units`] lists the country, its 9 regions (7 oblasts and the cities of republican
//! significance Bishkek and Osh) and 53 districts (40 rayons and 13 towns of oblast
//! significance). Each [`Unit`] has the national id (`KG02205000000`), the ISO 3166-2 and
//! SDG-platform codes of regions, the demo survey's region code, names, a parent link, the
//! 2009 census population of regions and an approximate centroid. [`find`] resolves any of
//! those codes; [`children`], [`ancestors`] and [`region_of`] walk the hierarchy so results
//! can be drilled down or rolled up. [`find_by_name`] finds a unit by its name in English,
//! Russian or Kyrgyz (full or short, with or without a unit word such as "oblast" or
//! "район"), and [`find_any`] by code, number or name, as DHIS2 organisation units and survey
//! value labels give them.
//!
//! ```
//! use tendik_geo::{Language, Level, ancestors, children, find};
//!
//! let issyk_kul = find("KG-Y").unwrap();
//! assert_eq!(issyk_kul.name(Language::Ru), "Иссык-Кульская область");
//! assert_eq!(children("KG-Y").count(), 7); // 5 rayons and 2 towns
//! let ak_suu = find("KG02205000000").unwrap();
//! assert_eq!(ak_suu.level, Level::District);
//! assert_eq!(ancestors(&ak_suu.code)[0].code, issyk_kul.code);
//! ```
//!
//! # Boundaries
//! [`region_boundaries`] gives the bundled polygons of the 8 polygon regions (Natural Earth,
//! simplified; Osh City is a [`Marker`] inside Osh Region). Rayon boundaries are not bundled:
//! users supply them as GeoJSON and [`load_boundaries`] reads them.
//!
//! The bundled file `data/kgz_adm1_simplified.geojson` is rebuilt from the Natural Earth
//! extract with
//!
//! ```text
//! cargo run -p tendik-geo --example simplify_boundaries -- \
//!     ../shared/data/geo/kgz_adm1.geojson crates/tendik-geo/data/kgz_adm1_simplified.geojson
//! ```
//!
//! (optionally `--tolerance DEGREES`). Sources and licences of all bundled data are in
//! `data/README.md`: unit codes, Kyrgyz names and centroids from Open Admin Data (CC-BY-4.0).
//!
//! The crate prints nothing; problems come back as [`GeoError`].

mod boundaries;
mod error;
mod names;
mod units;

pub use boundaries::{
    Area, Boundaries, BoundingBox, Marker, Polygon, Ring, load_boundaries, parse_boundaries,
    region_boundaries,
};
pub use error::{GeoError, NameCandidate};
pub use names::{find_any, find_by_name};
pub use units::{
    Language, Level, Unit, UnitKind, ancestors, children, find, find_numeric, region_by_mics_code,
    region_of, units, units_at,
};
