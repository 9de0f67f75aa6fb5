//! The bundled unit table: counts, codes, names and the hierarchy.
//!
//! Expected counts and codes: `../shared/reference/kyrgyzstan.md` (7 oblasts, 2 cities of
//! republican significance, 40 rayons, 13 towns of oblast significance) and the ISO 3166-2 /
//! SDG-platform table there.

use std::collections::HashSet;

use tendik_geo::{
    Language, Level, Unit, UnitKind, ancestors, children, find, region_by_mics_code, region_of,
    units, units_at,
};

#[test]
fn counts_match_the_administrative_division() {
    let count = |kind| units().iter().filter(|unit| unit.kind == kind).count();
    assert_eq!(count(UnitKind::Country), 1);
    assert_eq!(count(UnitKind::Oblast), 7);
    assert_eq!(count(UnitKind::City), 2);
    assert_eq!(count(UnitKind::Rayon), 40);
    assert_eq!(count(UnitKind::Town), 13);
    assert_eq!(units_at(Level::Region).count(), 9);
    assert_eq!(units_at(Level::District).count(), 53);
    assert_eq!(units().len(), 63);
}

#[test]
fn rayons_per_oblast_match_the_reference() {
    // kyrgyzstan.md: Batken 3, Chuy 8, Issyk-Kul 5, Jalal-Abad 8, Naryn 5, Osh 7, Talas 4.
    let expected = [
        ("KG-B", 3),
        ("KG-C", 8),
        ("KG-Y", 5),
        ("KG-J", 8),
        ("KG-N", 5),
        ("KG-O", 7),
        ("KG-T", 4),
        ("KG-GB", 0),
        ("KG-GO", 0),
    ];
    for (iso, rayons) in expected {
        let found = children(iso)
            .filter(|unit| unit.kind == UnitKind::Rayon)
            .count();
        assert_eq!(found, rayons, "rayons of {iso}");
    }
}

#[test]
fn every_district_has_a_region_as_parent_and_every_region_the_country() {
    for unit in units() {
        let parent = unit.parent_unit();
        match unit.level {
            Level::Country => assert!(parent.is_none()),
            Level::Region => assert_eq!(parent.map(|p| p.level), Some(Level::Country)),
            Level::District => {
                let parent = parent.unwrap_or_else(|| panic!("{} has no parent", unit.code));
                assert_eq!(parent.kind, UnitKind::Oblast, "parent of {}", unit.code);
            }
        }
        assert_eq!(unit.level, unit.kind.level());
    }
}

#[test]
fn codes_are_unique_across_all_code_systems() {
    let mut seen = HashSet::new();
    for unit in units() {
        assert!(seen.insert(unit.code.as_str()), "{} repeated", unit.code);
    }
    for unit in units().iter().filter(|unit| unit.level != Level::Country) {
        for code in [&unit.iso, &unit.sdg].into_iter().flatten() {
            assert!(seen.insert(code.as_str()), "{code} repeated");
        }
    }
}

#[test]
fn numeric_codes_are_unique_and_find_their_unit() {
    let mut seen = HashSet::new();
    for unit in units().iter().filter(|unit| unit.level != Level::Country) {
        let number = unit
            .numeric_code()
            .expect("every region and district has one");
        assert!(seen.insert(number), "{number} repeated ({})", unit.code);
        assert!(i32::try_from(number).is_ok(), "{number} fits a Stata long");
        assert_eq!(
            tendik_geo::find_numeric(number).map(|u| &u.code),
            Some(&unit.code)
        );
    }
    assert_eq!(
        find("KG02205000000").and_then(Unit::numeric_code),
        Some(22050)
    );
    assert_eq!(
        find("KG03220400010").and_then(Unit::numeric_code),
        Some(32204)
    );
    assert_eq!(
        find("KG03220000000").and_then(Unit::numeric_code),
        Some(32200)
    );
    assert_eq!(find("KG-GB").and_then(Unit::numeric_code), Some(110_000));
    assert_eq!(find("KG").and_then(Unit::numeric_code), None);
    assert!(tendik_geo::find_numeric(99).is_none());
}

#[test]
fn national_codes_are_well_formed_and_district_codes_extend_their_region() {
    for unit in units().iter().filter(|unit| unit.level != Level::Country) {
        assert_eq!(unit.code.len(), 13, "{}", unit.code);
        assert!(unit.code.starts_with("KG"));
        assert!(unit.code[2..].bytes().all(|byte| byte.is_ascii_digit()));
        if unit.level == Level::District {
            let parent = unit.parent.as_deref().expect("districts have parents");
            assert_eq!(unit.code[..4], parent[..4], "{}", unit.code);
        }
    }
}

#[test]
fn names_are_present_and_full_names_unique_in_every_language() {
    for language in Language::ALL {
        let mut seen = HashSet::new();
        for unit in units() {
            let name = unit.name(language);
            assert!(!name.trim().is_empty(), "{} {language:?}", unit.code);
            assert!(!unit.short_name(language).trim().is_empty());
            assert!(seen.insert(name), "{name} repeated in {language:?}");
        }
    }
}

#[test]
fn russian_and_kyrgyz_names_are_cyrillic_and_kyrgyz_uses_the_standard_letters() {
    for unit in units() {
        for name in [
            &unit.name_ru,
            &unit.name_ky,
            &unit.short_name_ru,
            &unit.short_name_ky,
        ] {
            assert!(
                name.chars()
                    .all(|c| c == ' ' || c == '-' || ('\u{400}'..='\u{4FF}').contains(&c)),
                "{name}"
            );
        }
        // Kyrgyz writes ң (U+04A3); the source CSV sometimes has ӊ (U+04CA).
        assert!(!unit.name_ky.contains('\u{4CA}'), "{}", unit.name_ky);
    }
}

#[test]
fn known_names_in_three_languages() {
    let issyk_kul = find("KG-Y").unwrap();
    assert_eq!(issyk_kul.name(Language::En), "Issyk-Kul Region");
    assert_eq!(issyk_kul.name(Language::Ru), "Иссык-Кульская область");
    assert_eq!(issyk_kul.name(Language::Ky), "Ысык-Көл облусу");
    let alamudun = find("KG08203000000").unwrap();
    assert_eq!(alamudun.name_ru, "Аламединский район");
    assert_eq!(alamudun.name_ky, "Аламүдүн району");
    // Spellings the Open Admin Data CSV gets wrong.
    assert_eq!(find("KG04220000000").unwrap().short_name_en, "At-Bashy");
    assert_eq!(find("KG04235000000").unwrap().short_name_en, "Kochkor");
    assert_eq!(find("KG-GO").unwrap().name_en, "Osh City");
}

#[test]
fn regions_carry_iso_sdg_mics_codes_and_population() {
    // kyrgyzstan.md, table of administrative divisions.
    let expected = [
        ("KG-Y", "KG02", 1, 425_100),
        ("KG-J", "KG03", 2, 938_600),
        ("KG-N", "KG04", 3, 245_300),
        ("KG-B", "KG05", 4, 380_300),
        ("KG-O", "KG06", 5, 1_000_000),
        ("KG-T", "KG07", 6, 219_600),
        ("KG-C", "KG08", 7, 790_500),
        ("KG-GB", "KG11", 8, 865_100),
        ("KG-GO", "KG21", 9, 243_200),
    ];
    let regions: Vec<_> = units_at(Level::Region).collect();
    assert_eq!(regions.len(), expected.len());
    for (unit, (iso, sdg, mics, population)) in regions.into_iter().zip(expected) {
        assert_eq!(unit.iso.as_deref(), Some(iso));
        assert_eq!(unit.sdg.as_deref(), Some(sdg));
        assert_eq!(unit.mics_region, Some(mics));
        assert_eq!(unit.population_2009, Some(population));
        assert_eq!(region_by_mics_code(mics).map(|u| &u.code), Some(&unit.code));
        assert_eq!(find(sdg).map(|u| &u.code), Some(&unit.code));
        assert_eq!(
            unit.code[..4],
            *sdg,
            "national code starts with the SDG code"
        );
    }
    assert!(region_by_mics_code(0).is_none());
    assert!(region_by_mics_code(10).is_none());
}

#[test]
fn find_accepts_every_code_form() {
    let ak_suu = find("KG02205000000").unwrap();
    assert_eq!(ak_suu.short_name_en, "Ak-Suu");
    assert_eq!(find(" kg02205000000 ").unwrap().code, ak_suu.code);
    assert_eq!(find("41702205000000").unwrap().code, ak_suu.code);
    assert_eq!(find("kg-gb").unwrap().name_en, "Bishkek City");
    assert_eq!(find("KG").unwrap().level, Level::Country);
    assert!(find("KG-XX").is_none());
    assert!(find("").is_none());
    assert!(
        find("4170220500000").is_none(),
        "13 digits is no SOATE code"
    );
}

#[test]
fn find_children_and_ancestors_round_trip() {
    for unit in units() {
        assert_eq!(find(&unit.code), Some(unit));
        for child in children(&unit.code) {
            assert_eq!(child.parent.as_deref(), Some(unit.code.as_str()));
            assert_eq!(ancestors(&child.code).first().copied(), Some(unit));
        }
        let chain = ancestors(&unit.code);
        let expected_depth = match unit.level {
            Level::Country => 0,
            Level::Region => 1,
            Level::District => 2,
        };
        assert_eq!(chain.len(), expected_depth, "{}", unit.code);
        if let Some(top) = chain.last() {
            assert_eq!(top.level, Level::Country);
        }
        if let Some(parent) = unit.parent_unit() {
            assert!(children(&parent.code).any(|child| child == unit));
        }
    }
    // Every unit but the country is reached by drilling down from the country.
    let regions: Vec<_> = children("KG").collect();
    assert_eq!(regions.len(), 9);
    let districts: usize = regions.iter().map(|r| children(&r.code).count()).sum();
    assert_eq!(districts, 53);
    assert_eq!(children("KG-GB").count(), 0);
    assert_eq!(children("nonsense").count(), 0);
    assert!(ancestors("nonsense").is_empty());
}

#[test]
fn region_of_rolls_districts_up() {
    assert_eq!(
        region_of("KG08203000000").unwrap().iso.as_deref(),
        Some("KG-C")
    );
    assert_eq!(region_of("KG-GO").unwrap().code, "KG21000000000");
    assert!(region_of("KG").is_none());
    for district in units_at(Level::District) {
        assert_eq!(region_of(&district.code), district.parent_unit());
    }
}

#[test]
fn centroids_lie_in_kyrgyzstan() {
    for unit in units().iter().filter(|unit| unit.level != Level::Country) {
        let (lon, lat) = unit
            .centroid
            .unwrap_or_else(|| panic!("{} has no centroid", unit.code));
        assert!(
            (69.0..81.0).contains(&lon) && (39.0..43.5).contains(&lat),
            "{}",
            unit.code
        );
    }
}

#[test]
fn units_serialize_to_json() {
    let json = serde_json::to_value(find("KG-Y").unwrap()).unwrap();
    assert_eq!(json["level"], "region");
    assert_eq!(json["kind"], "oblast");
    assert_eq!(json["iso"], "KG-Y");
    assert_eq!(json["centroid"], serde_json::json!([78.159, 42.062]));
    assert_eq!(serde_json::to_value(Language::Ky).unwrap(), "ky");
}
