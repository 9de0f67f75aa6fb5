//! SPSS `.sav`/`.zsav` bytes into `tendik_ingest::read_bytes`: any input must give a data
//! set or an error, never a panic, an abort or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dataset) = tendik_ingest::read_bytes(data, tendik_ingest::Format::Spss, "fuzz.sav") {
        let _ = dataset.codebook.summarize(&dataset);
        let _ = dataset.batches_with_missing_as_null();
    }
});
