//! Issue #3: the same seed gives byte-identical files; another seed gives other files.
//! Every file reads back with its labels.

use std::path::Path;

use tendik_synth::{ADMIN_FILE, FILE_NAMES, Format, Settings};

fn write(dir: &Path, seed: u64, format: Format) -> Vec<Vec<u8>> {
    let settings = Settings {
        households: tendik_synth::minimum_households(),
        seed,
        format,
        ..Settings::default()
    };
    tendik_synth::generate(&settings, dir).expect("generate");
    let mut files: Vec<Vec<u8>> = FILE_NAMES
        .iter()
        .map(|name| {
            std::fs::read(dir.join(format!("{name}.{}", format.extension()))).expect("read")
        })
        .collect();
    files.push(std::fs::read(dir.join(ADMIN_FILE)).expect("read the admin file"));
    files
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    for format in [Format::Dta, Format::Parquet, Format::Csv] {
        let root = tempfile::tempdir().expect("temp dir");
        let first = write(&root.path().join("a"), 7, format);
        let second = write(&root.path().join("b"), 7, format);
        let other = write(&root.path().join("c"), 8, format);
        for (index, name) in FILE_NAMES.iter().chain(&[ADMIN_FILE]).enumerate() {
            assert!(
                first[index] == second[index],
                "{name}.{} differs between two runs with one seed",
                format.extension()
            );
            assert!(
                first[index] != other[index],
                "{name}.{} is the same for seeds 7 and 8",
                format.extension()
            );
        }
        // Nothing but the five files (and CSV codebooks) and the admin file is left behind.
        let leftovers: Vec<_> = std::fs::read_dir(root.path().join("a"))
            .expect("list")
            .chain(std::fs::read_dir(root.path().join("a/admin")).expect("list admin"))
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    }
}

#[test]
fn files_read_back_with_labels() {
    let root = tempfile::tempdir().expect("temp dir");
    for format in [Format::Dta, Format::Parquet] {
        let dir = root.path().join(format.extension());
        write(&dir, 1, format);
        for name in FILE_NAMES {
            let dataset = tendik_ingest::read(&dir.join(format!("{name}.{}", format.extension())))
                .expect("read");
            assert!(dataset.num_rows() > 0, "{name} is empty");
            let hh7 = dataset.codebook.get("HH7").expect("HH7");
            assert_eq!(hh7.label.as_deref(), Some("Region"));
            assert!(
                hh7.value_labels.iter().any(|l| l.label == "Bishkek City"),
                "{name}: {hh7:?}"
            );
            let stratum = dataset.codebook.get("stratum").expect("stratum");
            assert_eq!(stratum.value_labels.len(), 16);
            // HH7A carries tendik-geo's numeric codes, labelled with the district names.
            let hh7a = dataset.codebook.get("HH7A").expect("HH7A");
            assert_eq!(hh7a.value_labels.len(), 55);
            for label in &hh7a.value_labels {
                let tendik_ingest::LabelValue::Number(code) = label.value else {
                    panic!("HH7A codes are numbers: {label:?}");
                };
                let code = code as u32;
                assert!(tendik_geo::find_numeric(code).is_some(), "{label:?}");
            }
        }
        let hh =
            tendik_ingest::read(&dir.join(format!("hh.{}", format.extension()))).expect("read");
        let ws1 = hh.codebook.get("WS1").expect("WS1");
        assert!(
            ws1.value_labels
                .iter()
                .any(|l| l.label == "Piped into dwelling")
        );
    }
}

/// FNV-1a, 64 bits: a fingerprint that stays the same across toolchains.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The cached demo is keyed by `MODEL_REVISION`: when the default files (the five `.dta`
/// files and the admin file) change, the revision must change too, or users keep an old
/// demo. Update both constants together. (The bytes
/// depend on the platform's `exp`/`ln`; this holds on the x86-64 Linux machines CI uses.)
#[test]
fn demo_fingerprint() {
    const REVISION: u32 = 7;
    const FINGERPRINT: u64 = 3_631_746_063_907_670_348;
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = tendik_synth::ensure_demo(dir.path()).expect("demo");
    let mut hash = 0_u64;
    for name in FILE_NAMES {
        let bytes = std::fs::read(demo.join(format!("{name}.dta"))).expect("read");
        hash ^= fnv1a(&bytes).rotate_left(hash.count_ones());
    }
    let admin = std::fs::read(demo.join(ADMIN_FILE)).expect("read the admin file");
    hash ^= fnv1a(&admin).rotate_left(hash.count_ones());
    assert_eq!(
        (tendik_synth::MODEL_REVISION, hash),
        (REVISION, FINGERPRINT),
        "the demo files changed: bump tendik_synth::MODEL_REVISION, then set REVISION and \
         FINGERPRINT here to the new values"
    );
}
