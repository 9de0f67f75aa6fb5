//! The one place where the CLI writes to the terminal and to output files.

use std::io::Write;
use std::path::Path;

/// A user-facing error: the message, then `hint:` lines.
#[derive(Debug)]
pub(crate) struct CliError {
    pub(crate) message: String,
    pub(crate) hints: Vec<String>,
}

impl CliError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl<E: std::error::Error> From<E> for CliError {
    fn from(error: E) -> Self {
        Self::new(error.to_string())
    }
}

/// Stack of the query runtime's threads: deep expressions (a `--where` of a thousand
/// `AND`s) are evaluated recursively. Only the pages touched are ever allocated.
const QUERY_STACK: usize = 256 << 20;

/// The multi-threaded runtime every command runs its queries on.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(QUERY_STACK)
        .build()
        .map_err(|e| CliError::new(format!("cannot start the query runtime: {e}")))
}

/// Print an error to standard error in the CLI's one style.
#[expect(clippy::print_stderr, reason = "the CLI's single error printer")]
pub(crate) fn report_error(error: &CliError) {
    eprintln!("error: {}", error.message);
    for hint in &error.hints {
        eprintln!("hint: {hint}");
    }
}

/// Tell the user what tendik is doing, on standard error (standard output stays data).
#[expect(clippy::print_stderr, reason = "the CLI's progress notes")]
pub(crate) fn note(message: &str) {
    eprintln!("note: {message}");
}

/// Write `bytes` to standard output.
pub(crate) fn print_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(())
}

/// Write `bytes` to `path` atomically: a temporary file beside it, then a rename.
/// Nothing is left at `path` if any step fails.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
        CliError::new(format!(
            "cannot create a temporary file in {}: {e}",
            dir.display()
        ))
    })?;
    temp.write_all(bytes)
        .and_then(|()| temp.flush())
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))?;
    temp.persist(path)
        .map_err(|e| CliError::new(format!("cannot write {}: {}", path.display(), e.error)))?;
    Ok(())
}
