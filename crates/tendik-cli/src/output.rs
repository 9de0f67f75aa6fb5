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

/// Warn the user about a result, on standard error.
#[expect(clippy::print_stderr, reason = "the CLI's warnings")]
pub(crate) fn warn(message: &str) {
    eprintln!("warning: {message}");
}

/// Write `bytes` to standard output.
pub(crate) fn print_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(())
}

/// Whether two paths name the same file (by device and inode, so through any symlink or
/// hard link).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// Refuse, before any work, an output that would overwrite one of the inputs (by any path,
/// symlink or hard link) or that cannot be a file.
pub(crate) fn check_output(path: &Path, inputs: &[&Path]) -> Result<(), CliError> {
    if path.as_os_str() == "-" {
        return Ok(());
    }
    if let Some(input) = inputs.iter().find(|input| same_file(path, input)) {
        return Err(CliError::new(format!(
            "{} is the input {}; tendik will not write its results over its data",
            path.display(),
            input.display()
        ))
        .with_hint("name another file for --output"));
    }
    if path.is_dir() {
        return Err(CliError::new(format!("{} is a directory", path.display()))
            .with_hint("name a file inside it, such as results.csv"));
    }
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && !path.exists() {
        return Err(
            CliError::new(format!("{} is a symbolic link to nothing", path.display()))
                .with_hint("remove the link or name another file"),
        );
    }
    Ok(())
}

/// Write `bytes` to an output: `-` is standard output; a device or pipe (`/dev/stdout`, a
/// FIFO) is written as a stream, never replaced; a regular file (or the file a symlink
/// names) is replaced atomically, keeping its permissions; a new file gets `0666` less the
/// umask, as every Unix tool gives it. Nothing is left at `path` if any step fails.
pub(crate) fn write_output(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), CliError> {
    check_output(path, inputs)?;
    if path.as_os_str() == "-" {
        return print_stdout(bytes);
    }
    match std::fs::metadata(path) {
        Ok(metadata) if !metadata.is_file() => {
            let mut stream = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))?;
            stream
                .write_all(bytes)
                .and_then(|()| stream.flush())
                .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))
        }
        Ok(metadata) => {
            // Through a symlink, the file it names is replaced, in its own directory.
            let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
            write_atomic(&target, bytes, Some(metadata.permissions()))
        }
        Err(_) => write_atomic(path, bytes, None),
    }
}

/// Write `bytes` to `path` atomically: a temporary file beside it, then a rename.
/// Nothing is left at `path` if any step fails. `keep` is the mode of the file replaced.
fn write_atomic(
    path: &Path,
    bytes: &[u8],
    keep: Option<std::fs::Permissions>,
) -> Result<(), CliError> {
    use std::os::unix::fs::PermissionsExt;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // Created with 0666: the kernel takes the umask off, as for any new file.
    let mut temp = tempfile::Builder::new()
        .prefix(".tendik-")
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
        .map_err(|e| {
            CliError::new(format!(
                "cannot create a temporary file in {}: {e}",
                dir.display()
            ))
        })?;
    temp.write_all(bytes)
        .and_then(|()| temp.flush())
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))?;
    if let Some(permissions) = keep {
        temp.as_file()
            .set_permissions(permissions)
            .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))?;
    }
    temp.persist(path)
        .map_err(|e| CliError::new(format!("cannot write {}: {}", path.display(), e.error)))?;
    Ok(())
}
