//! Finding units by name: every name of every unit, unit words, ambiguity and close names.

use tendik_geo::{GeoError, Language, Level, Unit, find, find_any, find_by_name, units};

fn code_of(name: &str, level: Option<Level>) -> String {
    match find_by_name(name, level) {
        Ok(unit) => unit.code.clone(),
        Err(error) => panic!("{name:?} at {level:?}: {error}"),
    }
}

/// The names of `unit`: full, then short, in English, Russian and Kyrgyz.
fn six_names(unit: &Unit) -> Vec<&str> {
    let full = Language::ALL.map(|language| unit.name(language));
    let short = Language::ALL.map(|language| unit.short_name(language));
    full.into_iter().chain(short).collect()
}

#[test]
fn every_unit_is_found_by_each_of_its_full_names_at_any_level() {
    for unit in units() {
        for language in Language::ALL {
            let name = unit.name(language);
            assert_eq!(code_of(name, None), unit.code, "{name}");
            assert_eq!(code_of(name, Some(unit.level)), unit.code, "{name}");
        }
    }
}

#[test]
fn every_unit_is_found_by_each_of_its_six_names_unless_ambiguous_at_its_level() {
    let mut ambiguous = Vec::new();
    for unit in units() {
        for name in six_names(unit) {
            match find_by_name(name, Some(unit.level)) {
                Ok(found) => assert_eq!(found.code, unit.code, "{name}"),
                Err(GeoError::AmbiguousName { candidates, .. }) => {
                    assert!(candidates.iter().any(|c| c.code == unit.code), "{name}");
                    assert!(candidates.iter().all(|c| c.level == unit.level), "{name}");
                    ambiguous.push(name.to_owned());
                }
                Err(error) => panic!("{name}: {error}"),
            }
        }
    }
    // The short names shared by two units of one level: Osh Region and Osh City; the towns
    // and rayons named after the same place are at the same level too.
    ambiguous.sort();
    ambiguous.dedup();
    for name in &ambiguous {
        let at = |level| {
            units()
                .iter()
                .filter(|u| u.level == level && six_names(u).contains(&name.as_str()))
                .count()
        };
        assert!(
            at(Level::Region) > 1 || at(Level::District) > 1,
            "{name} is ambiguous"
        );
    }
    assert!(ambiguous.contains(&"Osh".to_owned()));
    assert!(ambiguous.contains(&"Batken".to_owned()), "rayon and town");
}

#[test]
fn short_names_at_a_level_pick_the_unit() {
    assert_eq!(code_of("Naryn", Some(Level::Region)), "KG04000000000");
    assert_eq!(code_of("Нарын", Some(Level::Region)), "KG04000000000");
    assert_eq!(code_of("Issyk-Kul", Some(Level::District)), "KG02215000000");
    assert_eq!(code_of("Jalal-Abad", Some(Level::Region)), "KG03000000000");
    assert_eq!(
        code_of("Jalal-Abad", Some(Level::District)),
        "KG03410000010"
    );
    assert_eq!(code_of("Bishkek", None), "KG11000000000");
    assert_eq!(code_of("Kyrgyzstan", None), "KG");
    assert_eq!(code_of("кыргызстан", Some(Level::Country)), "KG");
}

#[test]
fn case_spaces_hyphens_and_dashes_do_not_matter() {
    for name in [
        "issyk-kul region",
        "  ISSYK KUL   Region ",
        "Issyk–Kul Region",
        "Issyk—Kul region",
        "ИССЫК-КУЛЬСКАЯ ОБЛАСТЬ",
        "иссык кульская область",
        "ЫСЫК-КӨЛ ОБЛУСУ",
        "Ысык-Кол облусу",
    ] {
        assert_eq!(code_of(name, None), "KG02000000000", "{name}");
    }
}

#[test]
fn unit_words_in_three_languages_are_accepted() {
    let cases = [
        ("Osh Oblast", "KG06000000000"),
        ("Osh Region", "KG06000000000"),
        ("Osh oblast", "KG06000000000"),
        ("Ошская обл.", "KG06000000000"),
        ("Osh City", "KG21000000000"),
        ("Osh city", "KG21000000000"),
        ("г. Ош", "KG21000000000"),
        ("город Ош", "KG21000000000"),
        ("Ош шаары", "KG21000000000"),
        ("Chuy oblast", "KG08000000000"),
        ("Chuy Province", "KG08000000000"),
        ("Чуйская область", "KG08000000000"),
        ("Чүй облусу", "KG08000000000"),
        ("Chuy rayon", "KG08223000000"),
        ("Чуйский р-н", "KG08223000000"),
        ("Bishkek city", "KG11000000000"),
        ("г.Бишкек", "KG11000000000"),
        ("Бишкек ш.", "KG11000000000"),
        ("Ak-Suu rayon", "KG02205000000"),
        ("Ak-Suu District", "KG02205000000"),
        ("Ak-Suu raion", "KG02205000000"),
        ("Ак-Суйский район", "KG02205000000"),
        ("Ак-Суу району", "KG02205000000"),
        ("Ак-Суу район", "KG02205000000"),
        ("Naryn Oblast", "KG04000000000"),
        ("Naryn rayon", "KG04245000000"),
        ("Naryn town", "KG04400000010"),
        ("Нарынская", "KG04000000000"),
        ("Jalal-Abad oblast", "KG03000000000"),
        ("Jalal-Abad city", "KG03410000010"),
        ("Karakol city", "KG02410000010"),
        // Other English spellings (Open Admin Data's, and common transliterations).
        ("Chui oblast", "KG08000000000"),
        ("Chui District", "KG08223000000"),
        ("Moscow rayon", "KG08217000000"),
        ("Kadamjai", "KG05258000000"),
        ("Djalal-Abad Oblast", "KG03000000000"),
        ("Ysyk-Kol oblast", "KG02000000000"),
    ];
    for (name, code) in cases {
        assert_eq!(code_of(name, None), code, "{name}");
    }
}

#[test]
fn ambiguous_names_list_their_candidates() {
    let Err(GeoError::AmbiguousName { candidates, .. }) = find_by_name("Naryn", None) else {
        panic!("Naryn is a region, a district and a town");
    };
    let codes: Vec<&str> = candidates.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["KG04000000000", "KG04245000000", "KG04400000010"]);
    let error = find_by_name("Osh", Some(Level::Region)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "\"Osh\" names 2 regions: Osh Region (KG06000000000), Osh City (KG21000000000); \
         give the full name or the code"
    );
    // Candidates are named in the language of the query.
    let error = find_by_name("Нарын", Some(Level::District)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "\"Нарын\" names 2 districts: Нарынский район (KG04245000000), город Нарын \
         (KG04400000010); give the full name or the code"
    );
}

#[test]
fn a_typo_gets_close_names() {
    let Err(GeoError::UnknownName { close, .. }) = find_by_name("Isyk-Kul", None) else {
        panic!("no unit is named Isyk-Kul");
    };
    let codes: Vec<&str> = close.iter().map(|c| c.code.as_str()).collect();
    assert!(codes.len() <= 5);
    assert_eq!(codes[..2], ["KG02000000000", "KG02215000000"]);
    assert_eq!(close[0].name, "Issyk-Kul Region");

    let error = find_by_name("Isyk-Kul", Some(Level::Region)).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("no region is named \"Isyk-Kul\"; close names: Issyk-Kul Region"),
        "{error}"
    );
    let error = find_by_name("Нарынскя область", None).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("Нарынская область (KG04000000000)"),
        "{error}"
    );
    let error = find_by_name("Springfield", None).unwrap_err();
    assert_eq!(error.to_string(), "no unit is named \"Springfield\"");
    assert!(matches!(
        find_by_name("", None),
        Err(GeoError::UnknownName { .. })
    ));
}

#[test]
fn a_name_at_another_level_says_so() {
    let error = find_by_name("Ak-Suu District", Some(Level::Region)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "\"Ak-Suu District\" is not a region: it names Ak-Suu District (KG02205000000)"
    );
    assert!(matches!(
        find_any("KG-Y", Some(Level::District)),
        Err(GeoError::NameAtOtherLevel { .. })
    ));
}

#[test]
fn find_any_takes_codes_numbers_and_names() {
    let ak_suu = "KG02205000000";
    for text in [
        "KG02205000000",
        "kg02205000000",
        "41702205000000",
        "22050",
        " 22050 ",
        "Ak-Suu District",
        "Ак-Суйский район",
        "Ак-Суу району",
        "Ak-Suu",
    ] {
        let found = find_any(text, None).unwrap_or_else(|error| panic!("{text}: {error}"));
        assert_eq!(found.code, ak_suu, "{text}");
    }
    assert_eq!(
        find_any("KG-N", Some(Level::Region)).unwrap().code,
        "KG04000000000"
    );
    assert_eq!(find_any("KG04", None).unwrap().code, "KG04000000000");
    assert_eq!(find_any("110000", None).unwrap().code, "KG11000000000");
    assert_eq!(find_any("KG", None).unwrap().code, "KG");
    assert!(matches!(
        find_any("99999", None),
        Err(GeoError::UnknownName { .. })
    ));
}

#[test]
fn mixed_scripts_are_read_in_one_script() {
    // "Нарын" typed with a Latin "H" and "a"; "Osh" with a Cyrillic "О".
    assert_eq!(
        find_any("HaрЫН облусу", None).map(|u| u.code.as_str()).ok(),
        Some("KG04000000000")
    );
    assert_eq!(
        find_any("\u{41e}sh City", None)
            .map(|u| u.code.as_str())
            .ok(),
        Some("KG21000000000")
    );
}

#[test]
fn every_code_form_is_found_by_find_any() {
    for unit in units() {
        assert_eq!(find_any(&unit.code, Some(unit.level)).ok(), Some(unit));
        for code in [&unit.iso, &unit.sdg].into_iter().flatten() {
            assert_eq!(find_any(code, None).ok(), find(code));
        }
        if let Some(number) = unit.numeric_code() {
            assert_eq!(find_any(&number.to_string(), None).ok(), Some(unit));
        }
    }
}
