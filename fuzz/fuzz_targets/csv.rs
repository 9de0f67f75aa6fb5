//! CSV bytes into `tendik_ingest::read_bytes` (and, with the first byte choosing them,
//! a given separator and decimal mark): any input must give a data set or an error, never
//! a panic, an abort or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dataset) = tendik_ingest::read_bytes(data, tendik_ingest::Format::Csv, "fuzz.csv") {
        let _ = dataset.codebook.summarize(&dataset);
    }
    // The same bytes read with the options a user may give.
    if let Some((&choice, rest)) = data.split_first() {
        let options = tendik_ingest::CsvOptions {
            delimiter: [None, Some(b','), Some(b';'), Some(b'\t'), Some(b'|')]
                .get(usize::from(choice & 0x07) % 5)
                .copied()
                .flatten(),
            decimal: match choice >> 6 {
                1 => Some(tendik_ingest::Decimal::Point),
                2 => Some(tendik_ingest::Decimal::Comma),
                _ => None,
            },
        };
        let _ = tendik_ingest::read_bytes_with(rest, tendik_ingest::Format::Csv, "fuzz.csv", options);
    }
});
