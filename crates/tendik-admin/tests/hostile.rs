//! Readers never panic, whatever the bytes: random bytes, and the fixtures cut short or with
//! bytes changed, under both file names' extensions (the format is told by the content).

use std::path::Path;

use proptest::prelude::*;
use tendik_admin::AdminData;

const FIXTURES: [&str; 4] = [
    include_str!("data/naryn/naryn_ece_2018.json"),
    include_str!("data/naryn/naryn_ece_2019.csv"),
    include_str!("data/headerless.csv"),
    include_str!("data/naryn/organisationUnits.json"),
];

/// Reads `bytes`; any result but a panic is fine, and a success holds only finite values.
fn read(bytes: &[u8]) {
    for name in ["x.json", "x.csv"] {
        if let Ok(data) = AdminData::parse(Path::new(name), bytes) {
            assert!(data.values().iter().all(|value| value.value.is_finite()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        read(&bytes);
    }

    #[test]
    fn random_text_of_csv_and_json_characters(text in "[{}\\[\\]\",:a-z0-9 .eE+\\-\n\r\u{feff}НарынKG]{0,300}") {
        read(text.as_bytes());
    }

    #[test]
    fn fixtures_cut_short_or_changed(
        fixture in 0..FIXTURES.len(),
        cut in any::<prop::sample::Index>(),
        changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    ) {
        let mut bytes = FIXTURES[fixture].as_bytes().to_vec();
        bytes.truncate(cut.index(bytes.len() + 1));
        for (at, byte) in changes {
            if !bytes.is_empty() {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
        }
        read(&bytes);
    }
}

#[test]
fn numbers_at_the_edges() {
    for value in [
        "1e308",
        "1e309",
        "-1e309",
        "NaN",
        "nan",
        "inf",
        "+inf",
        "infinity",
        "1e-400",
        "99999999999999999999999999999999",
        "-0",
        "",
        " ",
        "\u{a0}1",
        "١٢",
    ] {
        let text = format!("area,period,element,value\nKG-N,2019,A,\"{value}\"\n");
        read(text.as_bytes());
        let json = format!(
            r#"{{"dataValues": [{{"dataElement": "A", "period": "2019", "orgUnit": "KG-N", "value": "{value}"}}]}}"#
        );
        read(json.as_bytes());
    }
    let huge = r#"{"dataValues": [{"dataElement": "A", "period": "2019", "orgUnit": "KG-N", "value": 1e400}]}"#;
    read(huge.as_bytes());
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    read(deep.as_bytes());
}
