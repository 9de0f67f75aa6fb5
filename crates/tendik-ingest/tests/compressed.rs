//! Compressed data files are recognised by their bytes and read as what is inside; a
//! damaged one is named as such.

use std::io::Write;

const CSV: &str = "w,y\n1,2\n2,3\n";

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn gzip_and_zstd_csv_files_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(CSV.as_bytes()).expect("compress");
    let gz = gz.finish().expect("gzip");
    let zst = zstd::stream::encode_all(CSV.as_bytes(), 3).expect("zstd");
    // Named with or without the inner extension: the bytes decide.
    for (name, bytes) in [("a.csv.gz", &gz), ("a.csv.zst", &zst), ("b.csv", &gz)] {
        let dataset = tendik_ingest::read(&write(dir.path(), name, bytes)).expect(name);
        assert_eq!(dataset.num_rows(), 2, "{name}");
        assert_eq!(dataset.schema.field(1).name(), "y");
    }
    let damaged = write(dir.path(), "c.csv.gz", &gz[..gz.len() / 2]);
    let error = tendik_ingest::read(&damaged).expect_err("damaged");
    assert!(
        error.to_string().contains("gzip data is damaged"),
        "{error}"
    );
}
