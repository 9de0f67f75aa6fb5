//! The crate's one error type.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::Format;

/// Why a file could not be read.
///
/// Every message starts with the file's name (and the row and column where they apply),
/// says what went wrong in the user's terms and how to fix it, in lowercase without a final
/// period, for example `data/x.sav: the file ends early (truncated download?)`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The operating system could not read the file.
    #[error("{}: cannot read the file: {}", .path.display(), io_reason(.source))]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// The file's type is neither recognised from its first bytes nor from its extension.
    #[error(
        "{}: unknown file type{}; tendik reads {}",
        .path.display(),
        .extension.as_ref().map(|e| format!(" `.{e}`")).unwrap_or_default(),
        crate::format::SUPPORTED_EXTENSIONS
    )]
    UnknownFormat {
        /// The file.
        path: PathBuf,
        /// Its extension, if it has one.
        extension: Option<String>,
    },

    /// A file type tendik knows of but does not read, such as SPSS portable (`.por`).
    #[error("{}: {what} files are not supported; {fix}", .path.display())]
    UnsupportedFormat {
        /// The file.
        path: PathBuf,
        /// The kind of file, such as "SPSS portable (.por)".
        what: String,
        /// How to get a file tendik reads.
        fix: String,
    },

    /// The file is empty.
    #[error("{}: the file is empty (0 bytes); check that it was copied or downloaded completely", .path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },

    /// The extension names a format but the first bytes are not that format's signature.
    #[error("{}: not {} file (bad magic number); the file is damaged or is another type with a misleading extension", .path.display(), .format.with_article())]
    NotFormat {
        /// The file.
        path: PathBuf,
        /// The format its extension names.
        format: Format,
    },

    /// The file ends before its structure does.
    #[error("{}: the file ends early (truncated download?){}; copy or download it again", .path.display(), detail_suffix(.detail))]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Where or what was cut, when known.
        detail: String,
    },

    /// The file has the right signature but its structure is damaged.
    #[error("{}: the {} file is damaged: {detail}; re-export it from the program that made it", .path.display(), .format.name())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// Its format.
        format: Format,
        /// What is wrong, in the reader's words.
        detail: String,
    },

    /// A feature of the file that the reader does not handle.
    #[error("{}: {detail}", .path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What is not handled and what to do instead.
        detail: String,
    },

    /// A value in one cell cannot be read.
    #[error("{} row {row}, column `{column}`: {detail}", .path.display())]
    Cell {
        /// The file.
        path: PathBuf,
        /// The row as the file's own program shows it: for CSV the line as a spreadsheet
        /// numbers it (the header is row 1), for Stata the observation number.
        row: u64,
        /// The column's name.
        column: String,
        /// What is wrong and the fix.
        detail: String,
    },

    /// A problem with one row of a text file.
    #[error("{} row {row}: {detail}", .path.display())]
    Row {
        /// The file.
        path: PathBuf,
        /// The row as the file's own program shows it (see [`IngestError::Cell`]).
        row: u64,
        /// What is wrong and the fix.
        detail: String,
    },

    /// A CSV file whose header is one column but whose lines all hold another separator.
    #[error("{}: the header is one column, but it and the lines after it each hold {count} `{seen}`: the fields seem to be separated by `{seen}`; read the file with that delimiter", .path.display())]
    Delimiter {
        /// The file.
        path: PathBuf,
        /// The separator seen.
        seen: char,
        /// How often each line holds it.
        count: usize,
    },

    /// A problem with a column as a whole, such as a duplicated name.
    #[error("{}, column `{column}`: {detail}", .path.display())]
    Column {
        /// The file.
        path: PathBuf,
        /// The column's name.
        column: String,
        /// What is wrong and the fix.
        detail: String,
    },

    /// A third-party reader crashed on the file; caught so that the program does not.
    #[error("{}: the {} reader failed on this file ({detail}); the file is probably damaged, re-export it from the program that made it and report the file to the tendik developers", .path.display(), .format.name())]
    ReaderPanic {
        /// The file.
        path: PathBuf,
        /// Its format.
        format: Format,
        /// The panic message.
        detail: String,
    },

    /// Converting the data to Arrow failed: a bug in tendik rather than in the file.
    #[error("{}: internal error while converting the data ({detail}); this is a bug in tendik, please report it", .path.display())]
    Internal {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        detail: String,
    },
}

impl IngestError {
    /// The file the error is about.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. }
            | Self::UnknownFormat { path, .. }
            | Self::UnsupportedFormat { path, .. }
            | Self::Empty { path }
            | Self::NotFormat { path, .. }
            | Self::Truncated { path, .. }
            | Self::Corrupt { path, .. }
            | Self::Unsupported { path, .. }
            | Self::Cell { path, .. }
            | Self::Row { path, .. }
            | Self::Column { path, .. }
            | Self::Delimiter { path, .. }
            | Self::ReaderPanic { path, .. }
            | Self::Internal { path, .. } => path,
        }
    }

    pub(crate) fn internal(path: &Path, error: impl fmt::Display) -> Self {
        Self::Internal {
            path: path.to_owned(),
            detail: lowercase_first(&error.to_string()),
        }
    }

    pub(crate) fn corrupt(path: &Path, format: Format, detail: impl fmt::Display) -> Self {
        Self::Corrupt {
            path: path.to_owned(),
            format,
            detail: lowercase_first(&detail.to_string()),
        }
    }

    pub(crate) fn truncated(path: &Path, detail: impl Into<String>) -> Self {
        Self::Truncated {
            path: path.to_owned(),
            detail: detail.into(),
        }
    }
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => {
            "no such file; check the path and the working directory".to_owned()
        }
        std::io::ErrorKind::PermissionDenied => {
            "permission denied; check that you may read it".to_owned()
        }
        std::io::ErrorKind::IsADirectory => "it is a directory, not a file".to_owned(),
        _ => lowercase_first(&error.to_string()),
    }
}

/// Lowercase the first letter of a message from another library (unless it starts an
/// acronym such as "I/O" or "UTF-8") and drop a final period.
pub(crate) fn lowercase_first(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let second_is_upper = chars
        .next()
        .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic());
    if first.is_uppercase() && !second_is_upper {
        first.to_lowercase().chain(text.chars().skip(1)).collect()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_first_keeps_acronyms() {
        assert_eq!(lowercase_first("Invalid magic."), "invalid magic");
        assert_eq!(lowercase_first("I/O error"), "I/O error");
        assert_eq!(lowercase_first("UTF-8 error"), "UTF-8 error");
        assert_eq!(lowercase_first(""), "");
    }

    #[test]
    fn messages_name_the_file() {
        let error = IngestError::truncated(Path::new("data/x.sav"), "");
        assert_eq!(
            error.to_string(),
            "data/x.sav: the file ends early (truncated download?); copy or download it again"
        );
        let error = IngestError::NotFormat {
            path: "data/x.sav".into(),
            format: Format::Spss,
        };
        assert!(
            error
                .to_string()
                .starts_with("data/x.sav: not an SPSS file (bad magic number)")
        );
    }
}
