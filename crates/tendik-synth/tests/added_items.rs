//! The items of model revision 7 (BR3, BD2–BD8X, ST1–ST3): every older variable keeps its
//! values for a seed, the new ones are asked of the right people and meet the levels the
//! model is set to (MICS 2018 in Kyrgyzstan, roughly; `src/supplement.rs`).

#![expect(
    clippy::float_cmp,
    reason = "survey answers are whole-number codes held as f64 and compared exactly"
)]

use std::collections::HashMap;
use std::path::Path;

use tendik_synth::{FILE_NAMES, Format, Settings};

/// The variables revision 7 added.
const ADDED: [&str; 27] = [
    "ST1", "ST2", "ST3", "BR3", "BD2", "BD3", "BD7A", "BD7B", "BD7C", "BD7D", "BD7E", "BD7X",
    "BD8A", "BD8B", "BD8C", "BD8D", "BD8E", "BD8F", "BD8G", "BD8H", "BD8I", "BD8J", "BD8K", "BD8L",
    "BD8M", "BD8N", "BD8X",
];

/// The 24-hour recall items.
const DIET: [&str; 21] = [
    "BD7A", "BD7B", "BD7C", "BD7D", "BD7E", "BD7X", "BD8A", "BD8B", "BD8C", "BD8D", "BD8E", "BD8F",
    "BD8G", "BD8H", "BD8I", "BD8J", "BD8K", "BD8L", "BD8M", "BD8N", "BD8X",
];

fn generate(dir: &Path, households: u64, seed: u64) {
    let settings = Settings {
        households,
        seed,
        format: Format::Csv,
        ..Settings::default()
    };
    tendik_synth::generate(&settings, dir).expect("generate");
}

/// A CSV file as written (no value holds a comma or a quote): header and rows of text.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).expect("read");
        let mut lines = text.lines();
        let header = lines
            .next()
            .expect("header")
            .split(',')
            .map(str::to_owned)
            .collect();
        let rows = lines
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect();
        Self { header, rows }
    }

    /// A column as numbers (NaN when empty).
    fn numbers(&self, name: &str) -> Vec<f64> {
        let j = self
            .header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"));
        self.rows
            .iter()
            .map(|r| {
                if r[j].is_empty() {
                    f64::NAN
                } else {
                    r[j].parse().expect("a number")
                }
            })
            .collect()
    }

    fn columns(&self, names: &[&str]) -> HashMap<String, Vec<f64>> {
        names
            .iter()
            .map(|n| ((*n).to_owned(), self.numbers(n)))
            .collect()
    }
}

/// FNV-1a, 64 bits.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Revision 7 drew its items from new streams: every variable of revision 6 has the values it
/// had. FINGERPRINT hashes, file by file and column by column, the revision-6 columns of the
/// smallest survey with seed 5 as CSV; it was computed from the files revision 6 wrote
/// (commit before revision 7, `examples/generate OUT 640 5 csv`), and matched here unchanged.
#[test]
fn older_variables_keep_their_values() {
    const FINGERPRINT: u64 = 10_183_529_064_355_062_097;
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), tendik_synth::minimum_households(), 5);
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for name in FILE_NAMES {
        let csv = Csv::read(&dir.path().join(format!("{name}.csv")));
        for (j, column) in csv.header.iter().enumerate() {
            if ADDED.contains(&column.as_str()) {
                continue;
            }
            hash = fnv1a(hash, format!("{column}\n").as_bytes());
            for row in &csv.rows {
                hash = fnv1a(hash, format!("{}\n", row[j]).as_bytes());
            }
        }
    }
    assert_eq!(
        hash, FINGERPRINT,
        "a variable of revision 6 changed its values: new items must draw from their own streams"
    );
}

/// Weighted share of `yes` among rows where `select` holds.
fn share(weight: &[f64], select: impl Fn(usize) -> bool, yes: impl Fn(usize) -> bool) -> f64 {
    let (mut hit, mut total) = (0.0, 0.0);
    for (i, w) in weight.iter().enumerate() {
        if select(i) {
            total += w;
            if yes(i) {
                hit += w;
            }
        }
    }
    hit / total
}

#[test]
fn new_items_are_asked_of_the_right_people_at_the_model_levels() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(
        dir.path(),
        tendik_synth::DEFAULT_HOUSEHOLDS,
        tendik_synth::DEFAULT_SEED,
    );

    // Children under 5.
    let ch = Csv::read(&dir.path().join("ch.csv"));
    let mut names = vec![
        "UF17", "CAGE", "BR1", "BR2", "BR3", "BD2", "BD3", "chweight",
    ];
    names.extend(DIET);
    let c = ch.columns(&names);
    let asked = |i: usize| c["UF17"][i] == 1.0;
    let mut unregistered = 0;
    for (i, _) in ch.rows.iter().enumerate() {
        let registered = c["BR1"][i] == 1.0 || c["BR1"][i] == 2.0 || c["BR2"][i] == 1.0;
        assert_eq!(
            !c["BR3"][i].is_nan(),
            asked(i) && !registered,
            "BR3 is asked when the birth is not registered (row {i})"
        );
        unregistered += usize::from(asked(i) && !registered);
        let young = asked(i) && c["CAGE"][i] < 24.0;
        assert_eq!(
            !c["BD2"][i].is_nan(),
            young,
            "BD2 is asked under 2 (row {i})"
        );
        assert_eq!(
            !c["BD3"][i].is_nan(),
            young && c["BD2"][i] == 1.0,
            "BD3 after BD2 = 1 (row {i})"
        );
        for item in DIET {
            assert_eq!(!c[item][i].is_nan(), young, "{item} (row {i})");
            assert!(c[item][i].is_nan() || [1.0, 2.0, 8.0].contains(&c[item][i]));
        }
    }
    assert!(unregistered > 5, "{unregistered} unregistered children");
    let weight = &c["chweight"];
    let exclusive = |i: usize| c["BD3"][i] == 1.0 && DIET.iter().all(|d| c[*d][i] == 2.0);
    let infants = share(weight, |i| asked(i) && c["CAGE"][i] < 6.0, exclusive);
    assert!(
        (0.38..0.54).contains(&infants),
        "exclusive breastfeeding {infants}"
    );
    let still = share(
        weight,
        |i| asked(i) && (12.0..=15.0).contains(&c["CAGE"][i]),
        |i| c["BD3"][i] == 1.0,
    );
    assert!(
        (0.72..0.88).contains(&still),
        "still breastfed at 12-15 months {still}"
    );

    // Households: the benefit, by wealth quintile among households with children.
    let hh = Csv::read(&dir.path().join("hh.csv"));
    let h = hh.columns(&[
        "HH1", "HH2", "HH46", "ST1", "ST2", "ST3", "windex5", "hhweight",
    ]);
    let hl = Csv::read(&dir.path().join("hl.csv"));
    let l = hl.columns(&["HH1", "HH2", "HL6"]);
    let mut children: HashMap<(u64, u64), usize> = HashMap::new();
    for (i, _) in hl.rows.iter().enumerate() {
        if l["HL6"][i] < 18.0 {
            *children
                .entry((l["HH1"][i] as u64, l["HH2"][i] as u64))
                .or_default() += 1;
        }
    }
    for (i, _) in hh.rows.iter().enumerate() {
        let answered = h["HH46"][i] == 1.0;
        assert_eq!(
            !h["ST1"][i].is_nan(),
            answered,
            "ST1 of every household (row {i})"
        );
        assert_eq!(
            !h["ST2"][i].is_nan(),
            h["ST1"][i] == 1.0,
            "ST2 after ST1 = 1"
        );
        assert_eq!(
            !h["ST3"][i].is_nan(),
            h["ST2"][i] == 1.0,
            "ST3 after ST2 = 1"
        );
    }
    let with_children = |i: usize| {
        h["HH46"][i] == 1.0 && children.contains_key(&(h["HH1"][i] as u64, h["HH2"][i] as u64))
    };
    let (h, with_children) = (&h, &with_children);
    let quintile = |q: f64| move |i: usize| with_children(i) && h["windex5"][i] == q;
    let weight = &h["hhweight"];
    let aware = share(weight, quintile(1.0), |i| h["ST1"][i] == 1.0);
    let received = share(weight, quintile(1.0), |i| h["ST3"][i] == 1.0);
    let richest = share(weight, quintile(5.0), |i| h["ST3"][i] == 1.0);
    assert!(
        (0.35..0.55).contains(&aware),
        "poorest with children aware {aware}"
    );
    assert!(
        (0.15..0.30).contains(&received),
        "poorest with children receiving {received}"
    );
    assert!(richest < 0.02, "richest with children receiving {richest}");
}
