//! Helpers shared by the integration tests.

#![allow(dead_code, reason = "each test file uses a different part")]
#![allow(clippy::print_stderr, reason = "tests say why they skip")]
#![allow(unreachable_pub, reason = "a test helper module")]

use std::path::{Path, PathBuf};

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{
    DataType, Date32Type, DurationMicrosecondType, TimeUnit, TimestampMicrosecondType,
};
use tendik_ingest::Dataset;

/// This package's directory: from Cargo at run time (a cached test binary may have been
/// built in another checkout of the same tree), else from compile time.
pub fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), PathBuf::from)
}

/// The project's shared reference data: `$TENDIK_SHARED/data`, or `shared/data` beside one of
/// this crate's ancestor folders (`../shared/data` from the workspace).
pub fn shared_data() -> Option<PathBuf> {
    if let Some(shared) = std::env::var_os("TENDIK_SHARED") {
        let data = PathBuf::from(shared).join("data");
        return data.is_dir().then_some(data);
    }
    manifest_dir()
        .ancestors()
        .map(|a| a.join("shared").join("data"))
        .find(|d| d.is_dir())
}

/// The readstat fixtures folder, or `None` after printing why the test skips.
pub fn fixtures() -> Option<PathBuf> {
    let Some(data) = shared_data() else {
        eprintln!("skipping: ../shared/data not found (set TENDIK_SHARED to the shared folder)");
        return None;
    };
    let fixtures = data.join("readstat-fixtures");
    if !fixtures.is_dir() {
        eprintln!("skipping: {} not found", fixtures.display());
        return None;
    }
    Some(fixtures)
}

/// Every SPSS and Stata file under `dir`, sorted.
pub fn binary_fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).expect("readable fixtures folder");
        for entry in entries {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("sav" | "zsav" | "dta")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// All of a column's batches as one array.
pub fn column(dataset: &Dataset, name: &str) -> ArrayRef {
    let index = dataset
        .schema
        .index_of(name)
        .unwrap_or_else(|_| panic!("{}: no column {name}", dataset.path.display()));
    column_at(&dataset.batches, index)
}

pub fn column_at(batches: &[arrow::record_batch::RecordBatch], index: usize) -> ArrayRef {
    let arrays: Vec<&dyn Array> = batches.iter().map(|b| b.column(index).as_ref()).collect();
    arrow::compute::concat(&arrays).expect("same types")
}

/// A cell as a number, if the column is numeric and the cell not null.
pub fn number(array: &ArrayRef, row: usize) -> Option<f64> {
    if array.is_null(row) {
        return None;
    }
    let numbers = arrow::compute::cast(array, &DataType::Float64).ok()?;
    Some(
        numbers
            .as_primitive::<arrow::datatypes::Float64Type>()
            .value(row),
    )
}

/// A cell as text, if the column is text and the cell not null.
pub fn text(array: &ArrayRef, row: usize) -> Option<String> {
    if array.is_null(row) {
        return None;
    }
    Some(array.as_string::<i32>().value(row).to_owned())
}

/// Year, month, day of a day count from 1970-01-01 (H. Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub fn date_text(days_since_1970: i64) -> String {
    let (y, m, d) = civil_from_days(days_since_1970);
    format!("{y:04}-{m:02}-{d:02}")
}

pub fn time_text(seconds: i64) -> String {
    format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

pub fn datetime_text(seconds_since_1970: i64) -> String {
    let days = seconds_since_1970.div_euclid(86_400);
    let rest = seconds_since_1970.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}",
        date_text(days),
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// An SPSS temporal cell in the notation of pyreadstat's CSVs (without fractional seconds).
pub fn spss_temporal_text(array: &ArrayRef, row: usize) -> Option<String> {
    if array.is_null(row) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Date32 => date_text(i64::from(array.as_primitive::<Date32Type>().value(row))),
        DataType::Timestamp(TimeUnit::Microsecond, _) => datetime_text(
            array
                .as_primitive::<TimestampMicrosecondType>()
                .value(row)
                .div_euclid(1_000_000),
        ),
        DataType::Duration(TimeUnit::Microsecond) => {
            time_text(array.as_primitive::<DurationMicrosecondType>().value(row) / 1_000_000)
        }
        other => panic!("not an SPSS temporal type: {other}"),
    })
}

pub fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance * expected.abs().max(1.0)
}
