//! The bundled demo survey as a data source: `demo:hh`, `demo:hl`, `demo:ch`, `demo:fs` and
//! `demo:wm` stand for the files of the synthetic Kyrgyzstan survey (7,000 households,
//! `tendik_synth::DEFAULT_SEED`), generated on first use into the cache directory.

use std::path::{Path, PathBuf};

use tendik_synth::FILE_NAMES;

use crate::output::CliError;

/// The prefix that names a demo file.
const PREFIX: &str = "demo:";

/// Where the demo is cached: `$TENDIK_CACHE_DIR`, else `$XDG_CACHE_HOME/tendik` (when it is
/// an absolute path, as the XDG specification asks), else `$HOME/.cache/tendik`, else
/// `.tendik-cache` in the current directory.
fn cache_dir() -> PathBuf {
    let from = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    if let Some(dir) = from("TENDIK_CACHE_DIR") {
        PathBuf::from(dir)
    } else if let Some(dir) = from("XDG_CACHE_HOME").filter(|d| Path::new(d).is_absolute()) {
        PathBuf::from(dir).join("tendik")
    } else if let Some(home) = from("HOME") {
        PathBuf::from(home).join(".cache").join("tendik")
    } else {
        PathBuf::from(".tendik-cache")
    }
}

/// The data argument, or an error that points to the demo when none was given.
pub(crate) fn required(data: Option<&Path>) -> Result<&Path, CliError> {
    data.ok_or_else(|| {
        CliError::new("no data file given").with_hint(format!(
            "name a .sav, .zsav, .dta, .csv or .parquet file, or a file of the bundled demo survey: {}",
            demo_names()
        ))
    })
}

fn demo_names() -> String {
    FILE_NAMES
        .iter()
        .map(|n| format!("{PREFIX}{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The file a data argument names: a demo file (generated if needed) for `demo:NAME`, the
/// path itself otherwise.
pub(crate) fn resolve(data: &Path) -> Result<PathBuf, CliError> {
    let Some(name) = data.to_str().and_then(|text| text.strip_prefix(PREFIX)) else {
        return Ok(data.to_owned());
    };
    if !FILE_NAMES.contains(&name) {
        return Err(
            CliError::new(format!("`{PREFIX}{name}` is not a demo file"))
                .with_hint(format!("the demo survey has {}", demo_names()))
                .with_hint(format!("for a file of that name, write ./{PREFIX}{name}")),
        );
    }
    Ok(folder()?.join(format!("{name}.dta")))
}

/// The folder of the demo survey's files, generated if needed.
pub(crate) fn folder() -> Result<PathBuf, CliError> {
    let cache = cache_dir();
    if !tendik_synth::demo_is_complete(&cache) {
        crate::output::note(&format!(
            "generating the demo survey (synthetic Kyrgyzstan MICS6-style, {} households) in {}",
            tendik_synth::DEFAULT_HOUSEHOLDS,
            tendik_synth::demo_dir(&cache).display()
        ));
    }
    tendik_synth::ensure_demo(&cache).map_err(|error| {
        let error = CliError::new(format!("cannot write the demo survey: {error}"));
        if std::env::var_os("TENDIK_CACHE_DIR").is_some() {
            error.with_hint("TENDIK_CACHE_DIR must name a directory tendik can write to")
        } else {
            error.with_hint("set TENDIK_CACHE_DIR to a writable directory")
        }
    })
}
