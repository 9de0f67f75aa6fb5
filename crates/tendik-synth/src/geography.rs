//! Regions (HH7) and district-level units (HH7A) of the synthetic survey, taken from
//! `tendik-geo`, with the model's assumptions about each region.
//!
//! HH7 is the region's code in the demo survey (`tendik_geo::region_by_mics_code`: 1 Issyk-Kul
//! … 9 Osh city). HH7A is the district's `tendik_geo::Unit::numeric_code` (`22050` for
//! Ak-Suu District); the cities of republican significance, which have no districts, are
//! their own single unit. Populations are the 2009 census figures in `tendik-geo`, scaled in
//! [`crate::design`] to about 7 million.
//!
//! The urban shares, the region effects on latent welfare and fertility, and how a stratum's
//! population divides among its districts are tendik's modelling assumptions, chosen to give
//! plausible contrasts (documented in the README).

use std::sync::LazyLock;

use tendik_geo::{Unit as GeoUnit, UnitKind};

/// A region (oblast or city of republican significance) and the model's assumptions on it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Region {
    /// HH7 code (`tendik_geo::Unit::mics_region`).
    pub(crate) code: u8,
    /// Share of the population living in urban areas (assumption).
    pub(crate) urban_share: f64,
    /// Region effect on latent household welfare (assumption).
    pub(crate) welfare: f64,
    /// Region multiplier of the number of children (assumption).
    pub(crate) fertility: f64,
}

impl Region {
    /// The region in `tendik-geo`.
    pub(crate) fn unit(&self) -> &'static GeoUnit {
        tendik_geo::region_by_mics_code(self.code)
            .expect("tendik-geo has a unit for each of the 9 HH7 codes (its tests check them)")
    }

    /// The HH7 value label: the place name of an oblast ("Osh"), the full name of a city of
    /// republican significance ("Osh City"), so that the two Osh stay apart.
    pub(crate) fn name(&self) -> &'static str {
        let unit = self.unit();
        if unit.kind == UnitKind::City {
            &unit.name_en
        } else {
            &unit.short_name_en
        }
    }

    /// Population at the 2009 census.
    pub(crate) fn population_2009(&self) -> f64 {
        self.unit()
            .population_2009
            .expect("tendik-geo carries the 2009 population of every region") as f64
    }
}

const fn region(code: u8, urban_share: f64, welfare: f64, fertility: f64) -> Region {
    Region {
        code,
        urban_share,
        welfare,
        fertility,
    }
}

/// The nine regions in HH7 order.
pub(crate) const REGIONS: [Region; 9] = [
    region(1, 0.29, 0.0, 1.0),
    region(2, 0.22, -0.35, 1.12),
    region(3, 0.17, -0.3, 1.05),
    region(4, 0.22, -0.45, 1.15),
    region(5, 0.08, -0.35, 1.15),
    region(6, 0.14, -0.1, 1.05),
    region(7, 0.17, 0.3, 0.9),
    region(8, 1.0, 0.8, 0.75),
    region(9, 1.0, 0.25, 0.95),
];

/// A district-level unit: a rayon, a town of oblast significance, or a city of republican
/// significance (its own single unit).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit {
    /// Index into [`REGIONS`].
    pub(crate) region: usize,
    /// The HH7A code (`tendik_geo::Unit::numeric_code`).
    pub(crate) code: i32,
    /// The national id (`tendik_geo::Unit::code`, `KG02205000000`): the administrative data's
    /// organisation unit.
    pub(crate) national: &'static str,
    /// The HH7A value label: a rayon's place name ("Ak-Suu"), a town's or city's full name
    /// ("Karakol City").
    pub(crate) name: &'static str,
    /// A town or city (urban clusters only) rather than a rayon.
    pub(crate) town: bool,
}

/// Every unit, by region in HH7 order, each region's units in the order of `tendik-geo`.
pub(crate) static UNITS: LazyLock<Vec<Unit>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for (index, region) in REGIONS.iter().enumerate() {
        let geo = region.unit();
        let districts: Vec<&'static GeoUnit> = tendik_geo::children(&geo.code).collect();
        let units = if districts.is_empty() {
            vec![geo]
        } else {
            districts
        };
        for unit in units {
            let town = unit.kind != UnitKind::Rayon;
            out.push(Unit {
                region: index,
                code: unit
                    .numeric_code()
                    .and_then(|n| i32::try_from(n).ok())
                    .expect("numeric codes of districts fit in i32 (tendik-geo tests it)"),
                national: &unit.code,
                name: if town {
                    &unit.name_en
                } else {
                    &unit.short_name_en
                },
                town,
            });
        }
    }
    out
});

/// Share of a stratum's towns in its population when the region has both towns and rayons
/// (assumption; the rest lives in the rayons' own urban settlements).
const TOWN_SHARE_OF_URBAN: f64 = 0.6;

/// The units of a stratum with each one's share of the stratum's population: in a rural
/// stratum the rayons, in equal parts; in an urban stratum the towns (together
/// [`TOWN_SHARE_OF_URBAN`]) and the rayons, each group in equal parts.
pub(crate) fn unit_shares(region: usize, urban: bool) -> Vec<(&'static Unit, f64)> {
    let units: Vec<&'static Unit> = UNITS.iter().filter(|u| u.region == region).collect();
    let towns = units.iter().filter(|u| u.town).count() as f64;
    let rayons = units.len() as f64 - towns;
    let town_share = match (urban, towns > 0.0, rayons > 0.0) {
        (false, _, _) | (true, false, _) => 0.0,
        (true, true, false) => 1.0,
        (true, true, true) => TOWN_SHARE_OF_URBAN,
    };
    units
        .into_iter()
        .filter_map(|unit| {
            let share = if unit.town {
                town_share / towns
            } else {
                (1.0 - town_share) / rayons
            };
            (share > 0.0).then_some((unit, share))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_has_units_and_shares_add_to_one() {
        assert_eq!(UNITS.len(), 40 + 13 + 2);
        for (region, info) in REGIONS.iter().enumerate() {
            assert!(info.population_2009() > 0.0);
            for urban in [true, false] {
                if !urban && info.urban_share == 1.0 {
                    continue;
                }
                let shares = unit_shares(region, urban);
                assert!(!shares.is_empty(), "{} urban={urban}", info.name());
                let total: f64 = shares.iter().map(|(_, s)| s).sum();
                assert!((total - 1.0).abs() < 1e-12);
                if !urban {
                    assert!(shares.iter().all(|(u, _)| !u.town));
                }
            }
        }
        assert_eq!(REGIONS[4].name(), "Osh");
        assert_eq!(REGIONS[8].name(), "Osh City");
    }
}
