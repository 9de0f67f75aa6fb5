//! File formats and their detection: magic bytes first, the extension second.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::IngestError;

/// The file types tendik reads, as the user would type them.
pub(crate) const SUPPORTED_EXTENSIONS: &str = ".sav, .zsav (SPSS), .dta (Stata), .csv, .parquet";

/// A data file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Comma-separated text with a header row.
    Csv,
    /// Apache Parquet.
    Parquet,
    /// SPSS system file, `.sav` (uncompressed or bytecode-compressed) or `.zsav` (zlib).
    Spss,
    /// Stata `.dta`, releases 102 to 119.
    Stata,
}

impl Format {
    /// The format's usual name, such as "SPSS".
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "CSV",
            Self::Parquet => "Parquet",
            Self::Spss => "SPSS",
            Self::Stata => "Stata",
        }
    }

    pub(crate) fn with_article(self) -> &'static str {
        match self {
            Self::Csv => "a CSV",
            Self::Parquet => "a Parquet",
            Self::Spss => "an SPSS",
            Self::Stata => "a Stata",
        }
    }

    /// The format named by a file extension (without the dot, any case), if any.
    #[must_use]
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "parquet" | "pq" => Some(Self::Parquet),
            "sav" | "zsav" => Some(Self::Spss),
            "dta" => Some(Self::Stata),
            _ => None,
        }
    }

    /// The format recognised from a file's first bytes, if any.
    ///
    /// CSV has no signature and is never recognised this way.
    #[must_use]
    pub fn from_magic(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"$FL2") || bytes.starts_with(b"$FL3") {
            return Some(Self::Spss);
        }
        if bytes.starts_with(b"PAR1") {
            return Some(Self::Parquet);
        }
        if bytes.starts_with(b"<stata_dta>") {
            return Some(Self::Stata);
        }
        // Releases 102–116 start with the release number, the byte order (1 = big endian,
        // 2 = little endian), the file type (always 1) and a padding byte.
        // Release 102 may leave the byte order 0.
        if let [release @ 102..=116, byte_order, 1, _, ..] = bytes
            && (matches!(byte_order, 1 | 2) || (*release == 102 && *byte_order == 0))
        {
            return Some(Self::Stata);
        }
        None
    }

    /// Detect the format of a file: its first bytes, then its extension.
    pub(crate) fn detect(path: &Path, bytes: &[u8]) -> Result<Self, IngestError> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if let Some(format) = Self::from_magic(bytes) {
            return Ok(format);
        }
        if extension.as_deref() == Some("por") {
            return Err(IngestError::UnsupportedFormat {
                path: path.to_owned(),
                what: "SPSS portable (.por)".to_owned(),
                fix: "open it in SPSS or PSPP and save it as .sav".to_owned(),
            });
        }
        match extension.as_deref().and_then(Self::from_extension) {
            Some(Self::Csv) => Ok(Self::Csv),
            Some(format) => Err(IngestError::NotFormat {
                path: path.to_owned(),
                format,
            }),
            None => Err(IngestError::UnknownFormat {
                path: path.to_owned(),
                extension,
            }),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_wins_over_extension() {
        assert_eq!(
            Format::detect(Path::new("x.csv"), b"$FL2rest").ok(),
            Some(Format::Spss)
        );
        assert_eq!(
            Format::detect(Path::new("x.sav"), b"<stata_dta><header>").ok(),
            Some(Format::Stata)
        );
        assert_eq!(
            Format::detect(Path::new("x"), &[114, 2, 1, 0, 5]).ok(),
            Some(Format::Stata)
        );
    }

    #[test]
    fn extension_is_the_fallback() {
        assert_eq!(
            Format::detect(Path::new("x.CSV"), b"a,b\n1,2\n").ok(),
            Some(Format::Csv)
        );
        let error = Format::detect(Path::new("data/x.sav"), b"a,b\n").expect_err("should fail");
        assert!(
            error
                .to_string()
                .starts_with("data/x.sav: not an SPSS file (bad magic number)"),
            "{error}"
        );
        let error = Format::detect(Path::new("x.xlsx"), b"PK\x03\x04").expect_err("should fail");
        assert_eq!(
            error.to_string(),
            "x.xlsx: unknown file type `.xlsx`; tendik reads .sav, .zsav (SPSS), .dta (Stata), .csv, .parquet"
        );
        let error =
            Format::detect(Path::new("x.por"), b"ASCII SPSS PORT FILE").expect_err("should fail");
        assert!(
            error
                .to_string()
                .contains("SPSS portable (.por) files are not supported")
        );
    }
}
