//! The translation files against each other, against the bundled plan, and formatted.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use crate::translator::source;
use crate::{FluentValue, KeyKind, Language, Translator, key_for, step_key, translates};

/// One message of a file: its attributes and the variables it uses (in its value and
/// attributes together, over every variant).
#[derive(Debug, Default, PartialEq)]
struct Message {
    has_value: bool,
    attributes: BTreeSet<String>,
    variables: BTreeSet<String>,
}

/// The messages of `language`'s file, by id; the file must parse without errors and hold
/// no duplicate ids.
fn messages(language: Language) -> BTreeMap<String, Message> {
    let resource = fluent_syntax::parser::parse(source(language))
        .unwrap_or_else(|(_, errors)| panic!("locales/{}/tendik.ftl: {errors:?}", language.code()));
    let mut messages = BTreeMap::new();
    for entry in &resource.body {
        match entry {
            ast::Entry::Message(message) => {
                let mut found = Message {
                    has_value: message.value.is_some(),
                    ..Message::default()
                };
                if let Some(value) = &message.value {
                    pattern_variables(value, &mut found.variables);
                }
                for attribute in &message.attributes {
                    assert!(
                        found.attributes.insert(attribute.id.name.to_owned()),
                        "{}: {}.{} twice",
                        language.code(),
                        message.id.name,
                        attribute.id.name
                    );
                    pattern_variables(&attribute.value, &mut found.variables);
                }
                let previous = messages.insert(message.id.name.to_owned(), found);
                assert!(
                    previous.is_none(),
                    "{}: {} twice",
                    language.code(),
                    message.id.name
                );
            }
            ast::Entry::Junk { content } => {
                panic!("{}: junk {content:?}", language.code());
            }
            _ => {}
        }
    }
    messages
}

fn pattern_variables(pattern: &ast::Pattern<&str>, variables: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, variables);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, variables: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, variables);
            for variant in variants {
                pattern_variables(&variant.value, variables);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, variables),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, variables: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            variables.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, variables);
            }
            for argument in &arguments.named {
                inline_variables(&argument.value, variables);
            }
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_variables(expression, variables);
        }
        _ => {}
    }
}

/// Every key a message and its attributes give: `id` (if it has a value) and `id.attr`.
fn keys(messages: &BTreeMap<String, Message>) -> Vec<String> {
    let mut keys = Vec::new();
    for (id, message) in messages {
        if message.has_value {
            keys.push(id.clone());
        }
        keys.extend(
            message
                .attributes
                .iter()
                .map(|attribute| format!("{id}.{attribute}")),
        );
    }
    keys
}

/// Arguments that count things arrive as numbers; every other argument as a string.
const NUMERIC_ARGUMENTS: [&str; 6] = ["count", "k", "n", "number", "rank", "total"];

/// Sample arguments for `variables`: numbers 3 for counts, `‹name›` strings for the rest.
fn sample_arguments(variables: &BTreeSet<String>) -> Vec<(&str, FluentValue<'static>)> {
    variables
        .iter()
        .map(|name| {
            let value = if NUMERIC_ARGUMENTS.contains(&name.as_str()) {
                FluentValue::from(3)
            } else {
                FluentValue::from(format!("‹{name}›"))
            };
            (name.as_str(), value)
        })
        .collect()
}

/// Keys whose text is the same in every language: symbols, codes, the product name, and
/// messages made of their arguments and punctuation only.
fn language_neutral(key: &str) -> bool {
    key.ends_with(".symbol")
        || matches!(
            key,
            "app-name"
                | "unit-percent"
                | "table-n"
                | "page-title"
                | "chart-by-breakdown"
                | "map-title"
                | "table-caption"
                | "page-title-area"
        )
}

#[test]
fn every_message_is_in_all_three_languages() {
    let english = messages(Language::En);
    assert!(
        english.len() > 300,
        "en has only {} messages",
        english.len()
    );
    for language in [Language::Ru, Language::Ky] {
        let other = messages(language);
        let code = language.code();
        let missing: Vec<_> = english
            .keys()
            .filter(|id| !other.contains_key(*id))
            .collect();
        let extra: Vec<_> = other
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(
            missing.is_empty(),
            "missing in {code}/tendik.ftl: {missing:?}"
        );
        assert!(
            extra.is_empty(),
            "in {code}/tendik.ftl but not in en: {extra:?}"
        );
        for (id, message) in &english {
            let translated = &other[id];
            assert_eq!(
                message.has_value, translated.has_value,
                "{code}: {id} value or no value as in en"
            );
            assert_eq!(
                message.attributes, translated.attributes,
                "{code}: attributes of {id}"
            );
            assert_eq!(
                message.variables, translated.variables,
                "{code}: arguments of {id}"
            );
        }
    }
}

#[test]
fn every_message_formats_in_every_language() {
    let english = messages(Language::En);
    for language in Language::ALL {
        let translator = Translator::new(language);
        for (id, message) in &english {
            let arguments = sample_arguments(&message.variables);
            let mut keys = Vec::new();
            if message.has_value {
                keys.push(id.clone());
            }
            keys.extend(
                message
                    .attributes
                    .iter()
                    .map(|attribute| format!("{id}.{attribute}")),
            );
            for key in keys {
                // Panics in this debug build on any Fluent error (a missing argument, a
                // bad reference): the message formats cleanly or the test fails.
                let text = translator.t_with(&key, &arguments);
                let code = language.code();
                assert!(!text.trim().is_empty(), "{code}: {key} is empty");
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "{code}: {key}: {text}"
                );
                assert!(
                    !text.contains(['\u{2068}', '\u{2069}', '\u{fffd}']),
                    "{code}: {key} has isolation marks or a replacement character: {text:?}"
                );
                assert_eq!(text, text.trim(), "{code}: {key} has spaces at an end");
                // Every argument is shown (a selector's number too, in these files).
                for (name, value) in &arguments {
                    let shown = match value {
                        FluentValue::String(value) => value.to_string(),
                        _ => "3".to_owned(),
                    };
                    let in_value = !key.contains('.');
                    if in_value {
                        assert!(text.contains(&shown), "{code}: {key} does not show ${name}");
                    }
                }
            }
        }
    }
}

#[test]
fn russian_and_kyrgyz_are_in_cyrillic() {
    let english = messages(Language::En);
    for language in [Language::Ru, Language::Ky] {
        let translator = Translator::new(language);
        for key in keys(&english) {
            if language_neutral(&key) {
                continue;
            }
            let arguments =
                sample_arguments(&english[key.split('.').next().unwrap_or_default()].variables);
            let text = translator.t_with(&key, &arguments);
            assert!(
                text.chars().any(|c| matches!(c, '\u{400}'..='\u{4ff}')),
                "{}: {key} has no Cyrillic: {text}",
                language.code()
            );
        }
    }
}

#[test]
fn kyrgyz_is_not_russian() {
    // The few words both languages write alike; every other Kyrgyz text differs from the
    // Russian one.
    let alike = BTreeSet::from([
        "level-district",
        "dimension-sanitation",
        "report-section-methods",
        "methods-table-file",
        "unit-percentage-points.short",
    ]);
    let english = messages(Language::En);
    let ru = Translator::new(Language::Ru);
    let ky = Translator::new(Language::Ky);
    let mut same = Vec::new();
    for key in keys(&english) {
        if language_neutral(&key) || alike.contains(key.as_str()) {
            continue;
        }
        let arguments =
            sample_arguments(&english[key.split('.').next().unwrap_or_default()].variables);
        if ru.t_with(&key, &arguments) == ky.t_with(&key, &arguments) {
            same.push(key);
        }
    }
    assert!(same.is_empty(), "ky equals ru: {same:?}");
    // Kyrgyz letters are everywhere in the Kyrgyz file, nowhere in the Russian one.
    let kyrgyz_letters = |text: &str| text.chars().filter(|c| "ңөүҢӨҮ".contains(*c)).count();
    assert!(kyrgyz_letters(source(Language::Ky)) > 500);
    // The Russian file names the Kyrgyz benefit ("Үй-бүлөгө көмөк") and nothing else.
    assert!(kyrgyz_letters(source(Language::Ru)) <= 10);
}

#[test]
fn the_bundled_plan_is_translated() {
    let plan: toml::Table = include_str!("../../../plans/mics6-child-deprivation.toml")
        .parse()
        .unwrap_or_else(|error| panic!("plans/mics6-child-deprivation.toml: {error}"));
    let tables = |name: &str| -> Vec<toml::Table> {
        plan.get(name)
            .and_then(toml::Value::as_array)
            .unwrap_or_else(|| panic!("the plan has no [[{name}]]"))
            .iter()
            .filter_map(|value| value.as_table().cloned())
            .collect()
    };
    let text = |table: &toml::Table, field: &str| -> String {
        table
            .get(field)
            .and_then(toml::Value::as_str)
            .unwrap_or_else(|| panic!("no {field} in {table:?}"))
            .to_owned()
    };
    let en = Translator::new(Language::En);
    let mut checked = 0;
    let mut expect = |key: String, english: &str| {
        assert!(
            translates(&key, english),
            "{key} is not the plan's text {english:?} (en/tendik.ftl has {:?})",
            en.try_t(&key)
        );
        checked += 1;
    };

    let dimensions = tables("dimensions");
    assert_eq!(dimensions.len(), 8);
    for dimension in &dimensions {
        expect(
            key_for(KeyKind::Dimension, &text(dimension, "name")),
            &text(dimension, "label"),
        );
    }
    let age_groups = tables("age_groups");
    assert_eq!(age_groups.len(), 6);
    for group in &age_groups {
        let name = text(group, "name");
        expect(key_for(KeyKind::AgeGroup, &name), &name);
    }
    for indicator in tables("indicators") {
        expect(
            key_for(KeyKind::Indicator, &text(&indicator, "name")),
            &text(&indicator, "label"),
        );
    }
    for breakdown in tables("breakdowns") {
        let key = key_for(KeyKind::Breakdown, &text(&breakdown, "name"));
        assert!(
            en.has(&key) && en.has(&format!("{key}.by")),
            "no {key} or {key}.by"
        );
    }
    let interventions = tables("interventions");
    assert_eq!(interventions.len(), 9);
    for intervention in &interventions {
        let id = text(intervention, "id");
        expect(
            key_for(KeyKind::Intervention, &id),
            &text(intervention, "label"),
        );
        assert!(en.has(&key_for(KeyKind::Sector, &text(intervention, "sector"))));
        let steps = intervention
            .get("steps")
            .and_then(toml::Value::as_array)
            .unwrap_or_else(|| panic!("{id} has no steps"));
        for (position, step) in steps.iter().enumerate() {
            let step = step
                .as_table()
                .unwrap_or_else(|| panic!("{id}: a step is not a table"));
            expect(step_key(&id, position + 1), &text(step, "determinant"));
            assert!(en.has(&key_for(KeyKind::Domain, &text(step, "domain"))));
            assert!(en.has(&key_for(KeyKind::Source, &text(step, "source"))));
        }
        // No translation of a step the plan does not have.
        assert!(
            !en.has(&step_key(&id, steps.len() + 1)),
            "{id}: a step too many"
        );
    }
    assert!(checked >= 8 + 6 + 24 + 9 + 32, "checked only {checked}");
}

#[test]
fn tendik_vocabularies_have_keys() {
    let en = Translator::new(Language::En);
    let vocabularies: [(KeyKind, &[&str]); 11] = [
        (
            KeyKind::Measure,
            &[
                "H",
                "A",
                "M0",
                "rate",
                "overlap",
                "count_distribution",
                "contribution",
                "censored_headcount",
                "coverage",
                "drop",
            ],
        ),
        (
            KeyKind::Inequality,
            &[
                "D", "R", "PAF", "PAR", "ACI", "RCI", "SII", "RII", "BGV", "BGSD", "COV", "IDISU",
                "IDISW", "MDBU", "MDBW", "MDMU", "MDMW", "MDRU", "MDRW", "TI", "MLD",
            ],
        ),
        (
            KeyKind::Reliability,
            &["reliable", "caution", "suppressed", "unavailable"],
        ),
        (KeyKind::Level, &["national", "region", "district"]),
        (
            KeyKind::Status,
            &["open", "in_progress", "done", "cancelled"],
        ),
        (
            KeyKind::Verdict,
            &[
                "improved",
                "worsened",
                "no_clear_change",
                "not_comparable",
                "no_baseline",
            ],
        ),
        (
            KeyKind::Sector,
            &[
                "health",
                "nutrition",
                "wash",
                "education",
                "child_protection",
                "social_policy",
                "drr",
                "youth",
            ],
        ),
        (
            KeyKind::Domain,
            &["enabling", "supply", "demand", "quality"],
        ),
        (KeyKind::Source, &["survey", "admin", "enabling"]),
        (
            KeyKind::Category,
            &[
                "Urban",
                "Rural",
                "Male",
                "Female",
                "Poorest",
                "Second",
                "Middle",
                "Fourth",
                "Richest",
                "Pre-primary or none",
                "Primary",
                "Lower secondary",
                "Upper secondary",
                "Vocational or higher",
                "Mother not in household",
                "Missing/DK",
            ],
        ),
        (
            KeyKind::Breakdown,
            &[
                "region",
                "area",
                "wealth_quintile",
                "sex",
                "mother_education",
                "functioning_2_4",
                "functioning_5_17",
            ],
        ),
    ];
    for (kind, names) in vocabularies {
        for name in names {
            let key = key_for(kind, name);
            assert!(en.has(&key), "no message {key}");
        }
    }
    // Value labels of the demo survey are the English texts of their categories.
    for label in ["Urban", "Poorest", "Richest", "Vocational or higher"] {
        assert!(translates(&key_for(KeyKind::Category, label), label));
    }
    for measure in ["H", "A", "M0"] {
        assert_eq!(
            en.t(&format!("{}.symbol", key_for(KeyKind::Measure, measure))),
            measure
        );
    }
}

#[test]
fn russian_plurals() {
    let ru = Translator::new(Language::Ru);
    let cases = |count: u64| ru.t_with("legend-cases", &[("count", FluentValue::from(count))]);
    assert_eq!(cases(1), "1 случай");
    assert_eq!(cases(2), "2 случая");
    assert_eq!(cases(5), "5 случаев");
    assert_eq!(cases(11), "11 случаев");
    assert_eq!(cases(21), "21 случай");
    assert_eq!(cases(24), "24 случая");
    assert_eq!(cases(1234), "1\u{a0}234 случая");
    let headline = |k: u64| {
        ru.t_with(
            "report-headline-h",
            &[
                ("age_group", FluentValue::from("5–17 лет")),
                ("value", FluentValue::from("23,4")),
                ("k", FluentValue::from(k)),
            ],
        )
    };
    assert_eq!(
        headline(1),
        "5–17 лет: 23,4% детей испытывают депривацию как минимум в 1 измерении."
    );
    assert_eq!(
        headline(3),
        "5–17 лет: 23,4% детей испытывают депривацию как минимум в 3 измерениях."
    );

    let en = Translator::new(Language::En);
    let deprivations = |count: u64| {
        en.t_with(
            "legend-deprivations",
            &[("count", FluentValue::from(count))],
        )
    };
    assert_eq!(deprivations(1), "1 deprivation");
    assert_eq!(deprivations(0), "0 deprivations");
    assert_eq!(deprivations(12_345), "12,345 deprivations");

    let ky = Translator::new(Language::Ky);
    assert_eq!(
        ky.t_with("legend-cases", &[("count", FluentValue::from(7))]),
        "7 учур"
    );
}

#[test]
fn arguments_have_no_isolation_marks() {
    let ky = Translator::new(Language::Ky);
    let text = ky.t_with("nav-back-to", &[("area", FluentValue::from("Ош облусу"))]);
    assert_eq!(text, "Артка: Ош облусу");
    let en = Translator::new(Language::En);
    let text = en.t_with(
        "map-tooltip",
        &[
            ("area", FluentValue::from("Naryn Region")),
            ("value", FluentValue::from("23.4")),
            ("lower", FluentValue::from("19.0")),
            ("upper", FluentValue::from("28.3")),
            ("n", FluentValue::from(412)),
        ],
    );
    assert_eq!(text, "Naryn Region: 23.4% (95% CI 19.0–28.3), n = 412");
}

#[test]
fn attributes_are_looked_up_with_a_dot() {
    let ru = Translator::new(Language::Ru);
    assert_eq!(
        ru.t("breakdown-wealth-quintile.by"),
        "по квинтилям индекса благосостояния"
    );
    assert_eq!(ru.t("indicator-stunted.short"), "Задержка роста");
    assert_eq!(ru.t("level-region.plural"), "Области");
    assert!(ru.has("measure-h.help"));
    assert!(!ru.has("measure-h.nothing"));
    assert_eq!(ru.try_t("measure-h.nothing"), None);
}

#[test]
fn plan_text_keeps_a_users_own_words() {
    let ky = Translator::new(Language::Ky);
    let key = key_for(KeyKind::Dimension, "education");
    assert_eq!(
        ky.plan_text(&key, "Education and early learning"),
        "Билим берүү жана эрте окутуу"
    );
    // Whitespace differences do not matter.
    assert_eq!(
        ky.plan_text(&key, " Education  and early\nlearning "),
        "Билим берүү жана эрте окутуу"
    );
    // An edited label is shown as the plan has it.
    assert_eq!(ky.plan_text(&key, "Education"), "Education");
    // A user's own dimension has no key: its label as it is.
    let own = key_for(KeyKind::Dimension, "child_labour");
    assert_eq!(ky.plan_text(&own, "Child labour"), "Child labour");
    assert_eq!(
        Translator::new(Language::En).plan_text(&key, "Education"),
        "Education"
    );
}

#[test]
fn try_t_does_not_fall_back() {
    let ru = Translator::new(Language::Ru);
    assert_eq!(ru.try_t("dimension-child-labour"), None);
    assert_eq!(ru.try_t("dimension-water").as_deref(), Some("Вода"));
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "no message \"no-such-key\"")]
fn a_missing_key_panics_in_debug_builds() {
    let _ = Translator::new(Language::Ru).t("no-such-key");
}

#[test]
#[cfg(not(debug_assertions))]
fn a_missing_key_shows_the_key_in_release_builds() {
    assert_eq!(
        Translator::new(Language::Ru).t("no-such-key"),
        "no-such-key"
    );
    assert_eq!(
        Translator::new(Language::En).t("nav-back-to"),
        "Back to {$area}"
    );
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "nav-back-to")]
fn a_missing_argument_panics_in_debug_builds() {
    let _ = Translator::new(Language::En).t("nav-back-to");
}

#[test]
fn translator_is_shared_between_threads() {
    fn assert_send_sync_copy<T: Send + Sync + Copy + 'static>() {}
    assert_send_sync_copy::<Translator>();
    let handles: Vec<_> = Language::ALL
        .into_iter()
        .map(|language| {
            std::thread::spawn(move || {
                let translator = Translator::new(language);
                (0..50)
                    .map(|count| {
                        translator.t_with("legend-cases", &[("count", FluentValue::from(count))])
                    })
                    .collect::<Vec<_>>()
                    .pop()
            })
        })
        .collect();
    let results: Vec<_> = handles
        .into_iter()
        .map(|handle| handle.join().ok().flatten())
        .collect();
    assert_eq!(
        results,
        [
            Some("49 cases".to_owned()),
            Some("49 случаев".to_owned()),
            Some("49 учур".to_owned())
        ]
    );
}

#[test]
fn native_names() {
    assert_eq!(crate::native_name(Language::En), "English");
    assert_eq!(crate::native_name(Language::Ru), "Русский");
    assert_eq!(crate::native_name(Language::Ky), "Кыргызча");
}
