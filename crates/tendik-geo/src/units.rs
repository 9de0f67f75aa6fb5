//! The administrative units of the Kyrgyz Republic, their codes, names and hierarchy.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The bundled unit table; sources in `data/README.md`.
const UNITS_CSV: &str = include_str!("../data/units.csv");

/// Level of a unit in the hierarchy, from the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The Kyrgyz Republic.
    Country,
    /// An oblast, or a city of republican significance (Bishkek, Osh).
    Region,
    /// A rayon, or a town of oblast significance.
    District,
}

/// What kind of unit it is; finer than [`Level`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The Kyrgyz Republic.
    Country,
    /// One of the 7 oblasts.
    Oblast,
    /// Bishkek or Osh: a city of republican significance, a region of its own.
    City,
    /// One of the 40 rural rayons.
    Rayon,
    /// One of the 13 towns of oblast significance, a district-level unit of its oblast.
    Town,
}

impl UnitKind {
    /// The level this kind of unit sits at.
    #[must_use]
    pub fn level(self) -> Level {
        match self {
            Self::Country => Level::Country,
            Self::Oblast | Self::City => Level::Region,
            Self::Rayon | Self::Town => Level::District,
        }
    }
}

/// A language tendik shows names in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Kyrgyz.
    Ky,
}

impl Language {
    /// All languages, in the order English, Russian, Kyrgyz.
    pub const ALL: [Self; 3] = [Self::En, Self::Ru, Self::Ky];

    /// The ISO 639-1 code: `en`, `ru` or `ky`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ru => "ru",
            Self::Ky => "ky",
        }
    }
}

/// One administrative unit.
///
/// Names come in two forms per language: the full official name, unique within its language
/// ("Naryn Region", "Naryn District", "Naryn City"), and the short place name used on map
/// labels and in tables whose level is clear from context ("Naryn" for all three).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// The national id (SOATE-style, as used by Open Admin Data), e.g. `KG02205000000`;
    /// `KG` for the country. Stable: results, plans and boundary files key on it.
    pub code: String,
    /// ISO 3166-2 code for regions (`KG-Y`, `KG-GB`, …), `KG` for the country.
    pub iso: Option<String>,
    /// Code on the national SDG reporting platform for regions (`KG02` … `KG21`).
    pub sdg: Option<String>,
    /// Region code in tendik's demo survey (variable HH7) for the 9 regions, 1–9 in the
    /// order of the SDG codes; see [`region_by_mics_code`].
    pub mics_region: Option<u8>,
    /// Level in the hierarchy.
    pub level: Level,
    /// Finer kind (oblast or city; rayon or town).
    pub kind: UnitKind,
    /// National code of the parent unit; `None` for the country.
    pub parent: Option<String>,
    /// Full English name.
    pub name_en: String,
    /// Full Russian name.
    pub name_ru: String,
    /// Full Kyrgyz name.
    pub name_ky: String,
    /// Short English place name.
    pub short_name_en: String,
    /// Short Russian place name.
    pub short_name_ru: String,
    /// Short Kyrgyz place name.
    pub short_name_ky: String,
    /// Population at the 2009 census, for regions (see `data/README.md` for a caveat).
    pub population_2009: Option<u64>,
    /// Approximate centroid as (longitude, latitude) in degrees, WGS 84.
    pub centroid: Option<(f64, f64)>,
}

impl Unit {
    /// The full name in `language`.
    #[must_use]
    pub fn name(&self, language: Language) -> &str {
        match language {
            Language::En => &self.name_en,
            Language::Ru => &self.name_ru,
            Language::Ky => &self.name_ky,
        }
    }

    /// The unit's number in tendik's demo survey (variable HH7A): digits 3–8 of the national
    /// id — two for the region, three for the district, one that tells a town inside a
    /// district apart — read as a number: `22050` for Ak-Suu District (`KG02205000000`),
    /// `32204` for Kok-Jangak City (`KG03220400010`), `110000` for Bishkek. Unique across units
    /// and small enough for a Stata `long` with value labels; [`find_numeric`] reverses it.
    /// `None` for the country.
    #[must_use]
    pub fn numeric_code(&self) -> Option<u32> {
        self.code.get(2..8)?.parse().ok()
    }

    /// The short place name in `language` (not unique: "Naryn" is a region, a district and a
    /// town).
    #[must_use]
    pub fn short_name(&self, language: Language) -> &str {
        match language {
            Language::En => &self.short_name_en,
            Language::Ru => &self.short_name_ru,
            Language::Ky => &self.short_name_ky,
        }
    }

    /// The parent unit; `None` for the country.
    #[must_use]
    pub fn parent_unit(&self) -> Option<&'static Unit> {
        self.parent.as_deref().and_then(find)
    }
}

/// One row of `data/units.csv`.
#[derive(Deserialize)]
struct Row {
    code: String,
    kind: UnitKind,
    parent: Option<String>,
    iso: Option<String>,
    sdg: Option<String>,
    mics_region: Option<u8>,
    population_2009: Option<u64>,
    lon: Option<f64>,
    lat: Option<f64>,
    name_en: String,
    name_ru: String,
    name_ky: String,
    short_name_en: String,
    short_name_ru: String,
    short_name_ky: String,
}

impl From<Row> for Unit {
    fn from(row: Row) -> Self {
        Self {
            code: row.code,
            iso: row.iso,
            sdg: row.sdg,
            mics_region: row.mics_region,
            level: row.kind.level(),
            kind: row.kind,
            parent: row.parent,
            name_en: row.name_en,
            name_ru: row.name_ru,
            name_ky: row.name_ky,
            short_name_en: row.short_name_en,
            short_name_ru: row.short_name_ru,
            short_name_ky: row.short_name_ky,
            population_2009: row.population_2009,
            centroid: row.lon.zip(row.lat),
        }
    }
}

/// The parsed table and an index from every accepted code (upper-cased) to its row.
struct Registry {
    units: Vec<Unit>,
    index: HashMap<String, usize>,
}

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(UNITS_CSV.as_bytes());
    let units: Vec<Unit> = reader
        .deserialize::<Row>()
        .map(|row| row.map(Unit::from))
        .collect::<Result<_, _>>()
        .expect("the bundled data/units.csv is valid (the crate's tests read it)");
    let mut index = HashMap::new();
    for (position, unit) in units.iter().enumerate() {
        let keys = [Some(&unit.code), unit.iso.as_ref(), unit.sdg.as_ref()];
        for key in keys.into_iter().flatten() {
            index.insert(key.to_ascii_uppercase(), position);
        }
    }
    Registry { units, index }
});

/// All units: the country, then the 9 regions in the order of their SDG codes, then the 53
/// districts grouped by region in order of their codes.
#[must_use]
pub fn units() -> &'static [Unit] {
    &REGISTRY.units
}

/// The units at one level, in the order of [`units`].
pub fn units_at(level: Level) -> impl Iterator<Item = &'static Unit> {
    units().iter().filter(move |unit| unit.level == level)
}

/// The unit with this code.
///
/// Accepts, ignoring case and surrounding spaces: the national id (`KG02205000000`), the
/// ISO 3166-2 code of a region (`KG-Y`), the SDG-platform code of a region (`KG02`), `KG` for
/// the country, and a 14-digit SOATE code starting with the country prefix 417
/// (`41702205000000`, read as `KG02205000000`).
#[must_use]
pub fn find(code_or_iso: &str) -> Option<&'static Unit> {
    let key = code_or_iso.trim().to_ascii_uppercase();
    let key = match key.strip_prefix("417") {
        Some(rest) if key.len() == 14 && key.bytes().all(|byte| byte.is_ascii_digit()) => {
            format!("KG{rest}")
        }
        _ => key,
    };
    let registry = &*REGISTRY;
    registry
        .index
        .get(&key)
        .map(|&position| &registry.units[position])
}

/// The units directly below the unit with this code (any form [`find`] accepts), in the
/// order of [`units`]; nothing for an unknown code or a district.
pub fn children(code: &str) -> impl Iterator<Item = &'static Unit> {
    let parent = find(code).map(|unit| unit.code.as_str());
    units()
        .iter()
        .filter(move |unit| parent.is_some() && unit.parent.as_deref() == parent)
}

/// The units above the unit with this code, nearest first and ending with the country; empty
/// for the country or an unknown code.
#[must_use]
pub fn ancestors(code: &str) -> Vec<&'static Unit> {
    let mut chain = Vec::new();
    let mut current = find(code).and_then(Unit::parent_unit);
    while let Some(unit) = current {
        chain.push(unit);
        current = unit.parent_unit();
    }
    chain
}

/// The region a unit belongs to: its parent for a district, itself for a region, `None` for
/// the country or an unknown code. This is the roll-up from rayon to oblast.
#[must_use]
pub fn region_of(code: &str) -> Option<&'static Unit> {
    let unit = find(code)?;
    match unit.level {
        Level::Country => None,
        Level::Region => Some(unit),
        Level::District => unit.parent_unit(),
    }
}

/// The unit whose [`Unit::numeric_code`] is `number` (HH7A in tendik's demo survey).
#[must_use]
pub fn find_numeric(number: u32) -> Option<&'static Unit> {
    units()
        .iter()
        .find(|unit| unit.numeric_code() == Some(number))
}

/// The region with this code in tendik's demo survey (household variable HH7).
///
/// The coding is tendik's own, in the order of the regions' SDG-platform codes: 1 Issyk-Kul,
/// 2 Jalal-Abad, 3 Naryn, 4 Batken, 5 Osh Region, 6 Talas, 7 Chuy, 8 Bishkek City,
/// 9 Osh City. A real survey file may code HH7 differently: read its value labels.
#[must_use]
pub fn region_by_mics_code(code: u8) -> Option<&'static Unit> {
    units().iter().find(|unit| unit.mics_region == Some(code))
}
