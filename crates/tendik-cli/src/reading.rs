//! The reading options every command that reads a data file shares.

use tendik_ingest::{CsvOptions, Decimal};

/// How to read a CSV file where the file cannot say (ignored for other formats).
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub(crate) struct ReadArgs {
    /// CSV field separator: `,` `;` `tab` `|` or another single character (default: the
    /// most common of `,` `;` and tab in the header line).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub(crate) delimiter: Option<u8>,
    /// CSV decimal mark: `point` (1.5) or `comma` (1,5; default with `;` or tab separators).
    #[arg(long, value_enum, value_name = "MARK")]
    pub(crate) decimal: Option<DecimalMark>,
}

/// The decimal mark of `--decimal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DecimalMark {
    /// 1.5
    Point,
    /// 1,5
    Comma,
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    let byte = match text {
        "tab" | "\\t" | "\t" => b'\t',
        "comma" => b',',
        "semicolon" => b';',
        "pipe" => b'|',
        one if one.len() == 1 && one.is_ascii() => one.as_bytes()[0],
        _ => {
            return Err(format!(
                "`{text}` is not one character; give `,` `;` `tab` `|` or another single ASCII character"
            ));
        }
    };
    let options = CsvOptions {
        delimiter: Some(byte),
        decimal: None,
    };
    options.check().map(|()| byte)
}

impl ReadArgs {
    /// The reader's options, refusing a decimal comma between comma-separated fields.
    pub(crate) fn options(self) -> Result<CsvOptions, crate::output::CliError> {
        let options = CsvOptions {
            delimiter: self.delimiter,
            decimal: self.decimal.map(|d| match d {
                DecimalMark::Point => Decimal::Point,
                DecimalMark::Comma => Decimal::Comma,
            }),
        };
        options.check().map_err(|detail| {
            crate::output::CliError::new(format!("--delimiter and --decimal: {detail}"))
                .with_hint("for 1,5-style numbers give --delimiter ';' (or tab) --decimal comma")
        })?;
        Ok(options)
    }

    /// Read a data file with these options.
    pub(crate) fn read(
        self,
        path: &std::path::Path,
    ) -> Result<tendik_ingest::Dataset, crate::output::CliError> {
        tendik_ingest::read_with(path, self.options()?).map_err(|e| crate::hints::ingest_error(&e))
    }
}
