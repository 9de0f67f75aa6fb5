//! Inputs that once crashed a reader (found by the fuzz targets in `fuzz/`), kept so that
//! they never do again. `regressions/README.md` says where each came from and what it
//! broke. Every file must give an error naming it, never a panic.

mod common;

use std::path::PathBuf;

use common::manifest_dir;
use tendik_ingest::{Format, IngestError, read, read_bytes};

fn regressions() -> PathBuf {
    manifest_dir().join("tests/regressions")
}

/// Read one regression input both ways (from disk with detection, and as bytes of the
/// format its extension names) and return the error.
fn error_for(name: &str) -> IngestError {
    let path = regressions().join(name);
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("dta") => Format::Stata,
        Some("csv") => Format::Csv,
        _ => Format::Spss,
    };
    let bytes = std::fs::read(&path).expect("regression input present");
    let from_bytes = read_bytes(&bytes, format, name)
        .map(|d| d.num_rows())
        .expect_err("a damaged file gives an error");
    assert!(from_bytes.to_string().starts_with(name), "{from_bytes}");
    if let Err(from_disk) = read(&path) {
        assert!(
            from_disk
                .to_string()
                .starts_with(&path.display().to_string()),
            "{from_disk}"
        );
    }
    from_bytes
}

#[test]
fn every_regression_input_gives_an_error() {
    let mut names: Vec<String> = std::fs::read_dir(regressions())
        .expect("regressions folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("sav" | "dta" | "csv")
            )
        })
        .map(|p| {
            p.file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    for name in names {
        let _ = error_for(&name);
    }
}

/// ambers computed an info record's length as `size as usize * count as usize` with a
/// negative size: a multiplication overflow (a panic with overflow checks, a wrapped length
/// without). Found by the `sav` fuzz target; fixed by `spss_check`, which walks the
/// dictionary with checked lengths before ambers reads it.
#[test]
fn sav_info_record_size_overflow() {
    let error = error_for("sav_info_record_size_overflow.sav");
    assert!(matches!(error, IngestError::Corrupt { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("info record element size is -1515870811, less than zero")
    );
}

/// ambers rounded a variable label length of -1 (as `usize`) up to a multiple of 4: an
/// addition overflow. Found by the `sav` fuzz target; fixed by `spss_check`.
#[test]
fn sav_variable_label_length_overflow() {
    let error = error_for("sav_variable_label_length_overflow.sav");
    assert!(
        error
            .to_string()
            .contains("variable label length is -1, less than zero"),
        "{error}"
    );
}

/// A characteristic (release 117+) declared 2.6 GB; dta reserved a buffer of that size
/// before reading (out of memory under the fuzzer's 2 GB limit). Found by the `dta` fuzz
/// target; fixed by `stata_check`, which walks the section before dta reads it.
#[test]
fn dta_characteristic_length_4gib() {
    let error = error_for("dta_characteristic_length_4gib.dta");
    assert!(
        error.to_string().contains(
            "the characteristic at byte 3668 declares 2583691530 bytes, more than the whole file"
        ),
        "{error}"
    );
}

/// The same through a release-116 expansion field with a 4 GiB length. Found by the `dta`
/// fuzz target; fixed by `stata_check`.
#[test]
fn dta_expansion_field_length_4gib() {
    let error = error_for("dta_expansion_field_length_4gib.dta");
    assert!(
        matches!(
            error,
            IngestError::Corrupt {
                format: Format::Stata,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("declares"), "{error}");
}

/// arrow-csv checked UTF-8 per batch, not per field: a BOM split by a carriage return
/// (`EF BB 0D BF`) passed and left a string that is not UTF-8, undefined behaviour that
/// the standard library's debug checks caught in `str::strip_prefix`. Found by the `csv`
/// fuzz target; fixed by checking the whole file's UTF-8 before arrow-csv reads it.
#[test]
fn csv_bom_split_by_line_break() {
    let error = error_for("csv_bom_split_by_line_break.csv");
    assert!(error.to_string().contains("not valid UTF-8"), "{error}");
}
