//! Regions (HH7) and district-level units (HH7A) of the Kyrgyz Republic.
//!
//! Region codes follow the MICS 2018 order (1 Issyk-Kul … 9 Osh city), the same codes as
//! `tendik_geo::region_by_mics_code`. Populations are the 2009 census (kyrgyzstan.md, from
//! "Regions of Kyrgyzstan" on Wikipedia), scaled in [`crate::design`] to about 7 million.
//! District-level units (40 rayons and 13 towns of oblast significance) come from Open Admin
//! Data (openadmindata.org/kg, file `data/all-flat.csv`, CC-BY-4.0), with two spellings
//! corrected (At-Bashy, Kochkor). `HH7A` is the unit's national code without the `KG`
//! prefix and trailing zeros: digits 3–7 of `KG02205000000` give 2205 (Ak-Suu rayon); the two
//! cities of republican significance are 11000 (Bishkek) and 21000 (Osh).
//!
//! The urban shares and the region effects on latent welfare and fertility are tendik's
//! modelling assumptions, chosen to give plausible contrasts (documented in the README).

/// A region (oblast or city of republican significance).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Region {
    /// MICS HH7 code.
    pub(crate) code: u8,
    /// English name, as in the HH7 value labels.
    pub(crate) name: &'static str,
    /// Two-digit national (SDG platform) code, `KG02` → 2.
    pub(crate) national: u8,
    /// Population at the 2009 census.
    pub(crate) population_2009: f64,
    /// Share of the population living in urban areas (assumption).
    pub(crate) urban_share: f64,
    /// Region effect on latent household welfare (assumption).
    pub(crate) welfare: f64,
    /// Region multiplier of the number of children (assumption).
    pub(crate) fertility: f64,
}

/// The nine regions in HH7 order.
pub(crate) const REGIONS: [Region; 9] = [
    Region {
        code: 1,
        name: "Issyk-Kul",
        national: 2,
        population_2009: 425_100.0,
        urban_share: 0.29,
        welfare: 0.0,
        fertility: 1.0,
    },
    Region {
        code: 2,
        name: "Jalal-Abad",
        national: 3,
        population_2009: 938_600.0,
        urban_share: 0.22,
        welfare: -0.35,
        fertility: 1.12,
    },
    Region {
        code: 3,
        name: "Naryn",
        national: 4,
        population_2009: 245_300.0,
        urban_share: 0.17,
        welfare: -0.3,
        fertility: 1.05,
    },
    Region {
        code: 4,
        name: "Batken",
        national: 5,
        population_2009: 380_300.0,
        urban_share: 0.22,
        welfare: -0.45,
        fertility: 1.15,
    },
    Region {
        code: 5,
        name: "Osh",
        national: 6,
        population_2009: 1_000_000.0,
        urban_share: 0.08,
        welfare: -0.35,
        fertility: 1.15,
    },
    Region {
        code: 6,
        name: "Talas",
        national: 7,
        population_2009: 219_600.0,
        urban_share: 0.14,
        welfare: -0.1,
        fertility: 1.05,
    },
    Region {
        code: 7,
        name: "Chuy",
        national: 8,
        population_2009: 790_500.0,
        urban_share: 0.17,
        welfare: 0.3,
        fertility: 0.9,
    },
    Region {
        code: 8,
        name: "Bishkek",
        national: 11,
        population_2009: 865_100.0,
        urban_share: 1.0,
        welfare: 0.8,
        fertility: 0.75,
    },
    Region {
        code: 9,
        name: "Osh city",
        national: 21,
        population_2009: 243_200.0,
        urban_share: 1.0,
        welfare: 0.25,
        fertility: 0.95,
    },
];

/// A district-level unit: a rayon, a town of oblast significance, or a city of republican
/// significance.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit {
    /// Two-digit national code of its region.
    pub(crate) region_code: u8,
    /// The HH7A code.
    pub(crate) code: i32,
    /// English name.
    pub(crate) name: &'static str,
    /// A town (urban clusters only) rather than a rayon.
    pub(crate) town: bool,
}

/// The district-level units, in the order of the source file, then the two cities.
pub(crate) const UNITS: [Unit; 55] = [
    Unit {
        region_code: 2,
        code: 2205,
        name: "Ak-Suu",
        town: false,
    },
    Unit {
        region_code: 2,
        code: 2210,
        name: "Jeti-Oguz",
        town: false,
    },
    Unit {
        region_code: 2,
        code: 2215,
        name: "Issyk-Kul",
        town: false,
    },
    Unit {
        region_code: 2,
        code: 2220,
        name: "Ton",
        town: false,
    },
    Unit {
        region_code: 2,
        code: 2225,
        name: "Tup",
        town: false,
    },
    Unit {
        region_code: 2,
        code: 2410,
        name: "Karakol (city)",
        town: true,
    },
    Unit {
        region_code: 2,
        code: 2420,
        name: "Balykchy (city)",
        town: true,
    },
    Unit {
        region_code: 3,
        code: 3204,
        name: "Ala-Buka",
        town: false,
    },
    Unit {
        region_code: 3,
        code: 3207,
        name: "Bazar-Korgon",
        town: false,
    },
    Unit {
        region_code: 3,
        code: 3211,
        name: "Aksy",
        town: false,
    },
    Unit {
        region_code: 3,
        code: 3215,
        name: "Nooken",
        town: false,
    },
    Unit {
        region_code: 3,
        code: 3220,
        name: "Suzak",
        town: false,
    },
    Unit {
        region_code: 3,
        code: 3220,
        name: "Kok-Zhangak (city)",
        town: true,
    },
    Unit {
        region_code: 3,
        code: 3223,
        name: "Toguz-Toro",
        town: false,
    },
    Unit {
        region_code: 3,
        code: 3225,
        name: "Toktogul",
        town: false,
    },
    Unit {
        region_code: 3,
        code: 3230,
        name: "Chatkal",
        town: false,
    },
    Unit {
        region_code: 3,
        code: 3410,
        name: "Jalal-Abad (city)",
        town: true,
    },
    Unit {
        region_code: 3,
        code: 3420,
        name: "Tash-Kumir (city)",
        town: true,
    },
    Unit {
        region_code: 3,
        code: 3430,
        name: "Mailuu-Suu (city)",
        town: true,
    },
    Unit {
        region_code: 3,
        code: 3440,
        name: "Kara-Kul (city)",
        town: true,
    },
    Unit {
        region_code: 4,
        code: 4210,
        name: "Ak-Tala",
        town: false,
    },
    Unit {
        region_code: 4,
        code: 4220,
        name: "At-Bashy",
        town: false,
    },
    Unit {
        region_code: 4,
        code: 4230,
        name: "Jumgal",
        town: false,
    },
    Unit {
        region_code: 4,
        code: 4235,
        name: "Kochkor",
        town: false,
    },
    Unit {
        region_code: 4,
        code: 4245,
        name: "Naryn",
        town: false,
    },
    Unit {
        region_code: 4,
        code: 4400,
        name: "Naryn (city)",
        town: true,
    },
    Unit {
        region_code: 5,
        code: 5214,
        name: "Batken",
        town: false,
    },
    Unit {
        region_code: 5,
        code: 5236,
        name: "Leilek",
        town: false,
    },
    Unit {
        region_code: 5,
        code: 5258,
        name: "Kadamjai",
        town: false,
    },
    Unit {
        region_code: 5,
        code: 5410,
        name: "Batken (city)",
        town: true,
    },
    Unit {
        region_code: 5,
        code: 5420,
        name: "Sulukta (city)",
        town: true,
    },
    Unit {
        region_code: 5,
        code: 5430,
        name: "Kyzyl-Kia (city)",
        town: true,
    },
    Unit {
        region_code: 6,
        code: 6207,
        name: "Alai",
        town: false,
    },
    Unit {
        region_code: 6,
        code: 6211,
        name: "Aravan",
        town: false,
    },
    Unit {
        region_code: 6,
        code: 6226,
        name: "Kara-Suu",
        town: false,
    },
    Unit {
        region_code: 6,
        code: 6242,
        name: "Nookat",
        town: false,
    },
    Unit {
        region_code: 6,
        code: 6246,
        name: "Kara-Kulja",
        town: false,
    },
    Unit {
        region_code: 6,
        code: 6255,
        name: "Uzgen",
        town: false,
    },
    Unit {
        region_code: 6,
        code: 6259,
        name: "Chon-Alai",
        town: false,
    },
    Unit {
        region_code: 7,
        code: 7215,
        name: "Kara-Buura",
        town: false,
    },
    Unit {
        region_code: 7,
        code: 7220,
        name: "Bakai-Ata",
        town: false,
    },
    Unit {
        region_code: 7,
        code: 7225,
        name: "Manas",
        town: false,
    },
    Unit {
        region_code: 7,
        code: 7232,
        name: "Talas",
        town: false,
    },
    Unit {
        region_code: 7,
        code: 7400,
        name: "Talas (city)",
        town: true,
    },
    Unit {
        region_code: 8,
        code: 8203,
        name: "Alamudun",
        town: false,
    },
    Unit {
        region_code: 8,
        code: 8206,
        name: "Ysyk-Ata",
        town: false,
    },
    Unit {
        region_code: 8,
        code: 8209,
        name: "Jaiyl",
        town: false,
    },
    Unit {
        region_code: 8,
        code: 8213,
        name: "Kemin",
        town: false,
    },
    Unit {
        region_code: 8,
        code: 8217,
        name: "Moscow",
        town: false,
    },
    Unit {
        region_code: 8,
        code: 8219,
        name: "Panfilov",
        town: false,
    },
    Unit {
        region_code: 8,
        code: 8222,
        name: "Sokuluk",
        town: false,
    },
    Unit {
        region_code: 8,
        code: 8223,
        name: "Chui",
        town: false,
    },
    Unit {
        region_code: 8,
        code: 8400,
        name: "Tokmok (city)",
        town: true,
    },
    Unit {
        region_code: 11,
        code: 11000,
        name: "Bishkek (city)",
        town: true,
    },
    Unit {
        region_code: 21,
        code: 21000,
        name: "Osh (city)",
        town: true,
    },
];

/// The units of a region, by its HH7 code.
pub(crate) fn units_of(region: &Region) -> Vec<&'static Unit> {
    UNITS
        .iter()
        .filter(|unit| unit.region_code == region.national)
        .collect()
}
