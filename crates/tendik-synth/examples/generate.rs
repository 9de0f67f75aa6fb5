//! Write a synthetic survey: `cargo run --release -p tendik-synth --example generate -- OUT [HOUSEHOLDS] [SEED] [FORMAT]`.

#![expect(
    clippy::print_stdout,
    reason = "an example program reports what it wrote"
)]

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "synth-out".to_owned()));
    let mut settings = tendik_synth::Settings::default();
    if let Some(households) = args.next() {
        settings.households = households.parse()?;
    }
    if let Some(seed) = args.next() {
        settings.seed = seed.parse()?;
    }
    if let Some(format) = args.next() {
        settings.format = format.parse()?;
    }
    let started = std::time::Instant::now();
    let summary = tendik_synth::generate(&settings, &out)?;
    for file in &summary.files {
        println!(
            "{:>3} {:>10} rows  {}",
            file.name,
            file.rows,
            file.path.display()
        );
    }
    println!(
        "{} clusters in {:.1} s",
        summary.clusters,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
