//! Every SPSS and Stata fixture cut short must give an error that names the file, never a
//! panic and never a data set quietly missing its end.

mod common;

use common::{binary_fixtures, fixtures};
use tendik_ingest::{Format, read_bytes};

/// Where to cut a file of `length` bytes: inside the signature, the header, and at
/// fractions of the whole, and just before the end.
fn cut_points(length: usize) -> Vec<usize> {
    let mut cuts = vec![
        1,
        3,
        8,
        40,
        100,
        200,
        length / 4,
        length / 2,
        length * 3 / 4,
        length - 8,
        length - 1,
    ];
    cuts.retain(|c| *c > 0 && *c < length);
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[test]
fn truncated_fixtures_give_errors_naming_the_file() {
    let Some(fixtures) = fixtures() else { return };
    let mut wrong = Vec::new();
    let mut checked = 0;
    for path in binary_fixtures(&fixtures) {
        let bytes = std::fs::read(&path).expect("readable fixture");
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("dta") => Format::Stata,
            _ => Format::Spss,
        };
        let name = path.display().to_string();
        for cut in cut_points(bytes.len()) {
            checked += 1;
            match read_bytes(&bytes[..cut], format, &name) {
                Ok(dataset) => wrong.push(format!(
                    "{name} cut at {cut} of {}: read {} rows without an error",
                    bytes.len(),
                    dataset.num_rows()
                )),
                Err(error) if !error.to_string().starts_with(&name) => {
                    wrong.push(format!(
                        "{name} cut at {cut}: the error does not name the file: {error}"
                    ));
                }
                Err(_) => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {checked} cuts:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
