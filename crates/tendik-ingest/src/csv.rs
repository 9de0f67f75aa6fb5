//! CSV with a header row, through arrow-csv.
//!
//! The separator is the most common of `,`, `;` and tab in the header line; with `;` or
//! tab, a comma inside a number is its decimal mark (`1,5`), as Excel writes CSV in Russian
//! and Kyrgyz locales. [`CsvOptions`] sets either where the file cannot say. A quote that
//! never closes is an error naming its line; so is binary data (a NUL byte, UTF-16 text).
//!
//! Every column is first read as text; then each column's type is chosen from all its
//! values: `Int64` if every value is an integer, `Float64` if every value is a number,
//! `Utf8` otherwise (and a column of numbers that turns into text records where, in
//! [`Variable::text_from`]). Empty fields and `NA` are null in every column; `NaN` is a
//! number (R writes it for a missing number; estimates leave it out, as R does). Column
//! names are kept exactly (they may contain dots, as R's `api.stu`).
//!
//! Batches hold at most [`BATCH_CELLS`] fields, so a file of thousands of columns is read
//! in batches of fewer rows and memory follows the bytes, not the shape.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Float64Array, Int64Array, StringArray};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
use arrow::record_batch::{RecordBatch, RecordBatchOptions};

use crate::codebook::{Codebook, FirstText, Variable};
use crate::error::lowercase_first;
use crate::{BATCH_ROWS, Format, IngestError, Parts};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text that means "missing" besides an empty field.
const NA: &str = "NA";

/// Fields per record batch at most: [`BATCH_ROWS`] rows of up to 64 columns, fewer rows
/// for wider files (arrow-csv allocates a batch's fields up front).
pub const BATCH_CELLS: usize = 1 << 22;

/// Bytes looked at for signs that a file is not text.
const TEXT_CHECK_BYTES: usize = 8192;

/// How to read a CSV file where the file itself cannot say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// The field separator (an ASCII character other than a quote or a line break); `None`
    /// takes the most common of `,` `;` and tab in the header line.
    pub delimiter: Option<u8>,
    /// The decimal mark; `None` reads a comma as one where the separator is not a comma.
    pub decimal: Option<Decimal>,
}

/// The character between the whole and the fractional part of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimal {
    /// `1.5`.
    Point,
    /// `1,5`, as Russian and Kyrgyz locales write numbers.
    Comma,
}

impl CsvOptions {
    /// Why these options cannot read any file, if they cannot.
    pub fn check(&self) -> Result<(), String> {
        match self.delimiter {
            Some(b'"') => return Err("the delimiter cannot be a quote".to_owned()),
            Some(b'\n' | b'\r') => return Err("the delimiter cannot be a line break".to_owned()),
            Some(d) if !d.is_ascii() => {
                return Err("the delimiter must be one ASCII character".to_owned());
            }
            _ => {}
        }
        if self.delimiter == Some(b',') && self.decimal == Some(Decimal::Comma) {
            return Err(
                "a decimal comma needs another field separator, such as `;` or tab".to_owned(),
            );
        }
        Ok(())
    }
}

/// Refuse bytes that are not text: UTF-16 (Excel's "Unicode text") or anything with a NUL
/// byte in its first [`TEXT_CHECK_BYTES`]; called on a file's first bytes before the rest
/// is read.
pub(crate) fn check_text(head: &[u8], path: &Path) -> Result<(), IngestError> {
    let head = &head[..head.len().min(TEXT_CHECK_BYTES)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(IngestError::Unsupported {
            path: path.to_owned(),
            detail: "the file is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\""
                .to_owned(),
        });
    }
    if let Some(at) = memchr::memchr(0, head) {
        return Err(IngestError::corrupt(
            path,
            Format::Csv,
            format!(
                "byte {} is a NUL byte, which text never holds: this is binary data (another type of file named .csv, or a damaged copy)",
                at + 1
            ),
        ));
    }
    Ok(())
}

/// The line (1-based) where a quote opens that no later quote closes, if any. A field's
/// doubled quotes (`""`) close and reopen, so counting quotes is enough.
fn unclosed_quote(bytes: &[u8]) -> Option<u64> {
    let mut line = 1u64;
    let mut opened_at = None;
    for at in memchr::memchr2_iter(b'"', b'\n', bytes) {
        if bytes[at] == b'\n' {
            line += 1;
        } else if opened_at.is_some() {
            opened_at = None;
        } else {
            opened_at = Some(line);
        }
    }
    opened_at
}

/// The field separator: the most common of `,` `;` and tab in the header line (Excel in
/// Russian and Kyrgyz locales writes `;`, and with it decimal commas).
fn delimiter_of(bytes: &[u8]) -> u8 {
    let line = first_line(bytes);
    let count = |d: u8| memchr::memchr_iter(d, line).count();
    let (commas, semicolons, tabs) = (count(b','), count(b';'), count(b'\t'));
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas && tabs > semicolons {
        b'\t'
    } else {
        b','
    }
}

fn first_line(bytes: &[u8]) -> &[u8] {
    &bytes[..memchr::memchr(b'\n', bytes).unwrap_or(bytes.len())]
}

/// A separator other than `,` `;` and tab that a one-column header and the lines after it
/// hold equally often (`|`, `:`, `^`, `~`), as a file separated by it would.
fn other_delimiter(bytes: &[u8]) -> Option<(u8, usize)> {
    let lines: Vec<&[u8]> = bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty() && *l != b"\r")
        .take(5)
        .collect();
    if lines.len() < 2 {
        return None;
    }
    [b'|', b':', b'^', b'~'].into_iter().find_map(|d| {
        let count = memchr::memchr_iter(d, lines[0]).count();
        (count > 0
            && lines
                .iter()
                .all(|l| memchr::memchr_iter(d, l).count() == count))
        .then_some((d, count))
    })
}

/// The error for bytes that are not UTF-8 from byte `at` on: the row (line) and, from the
/// separators before it on its line, the column where the text breaks.
fn not_utf8(bytes: &[u8], at: usize, delimiter: u8, path: &Path) -> IngestError {
    let detail =
        "the text is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\")".to_owned();
    let before = &bytes[..at];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let row = memchr::memchr_iter(b'\n', before).count() as u64 + 1;
    if row == 1 {
        return IngestError::corrupt(
            path,
            Format::Csv,
            "the header is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\")",
        );
    }
    let field = memchr::memchr_iter(delimiter, &before[line_start..]).count();
    let header = first_line(bytes);
    let name = header
        .split(|b| *b == delimiter)
        .nth(field)
        .and_then(|name| std::str::from_utf8(name).ok())
        .map(|name| name.trim_end_matches('\r').trim_matches('"').to_owned());
    match name {
        Some(column) => IngestError::Cell {
            path: path.to_owned(),
            row,
            column,
            detail,
        },
        None => IngestError::Row {
            path: path.to_owned(),
            row,
            detail,
        },
    }
}

/// Rows per batch for a file of `columns` columns: at most [`BATCH_CELLS`] fields.
fn batch_rows(columns: usize) -> usize {
    (BATCH_CELLS / columns.max(1)).clamp(1, BATCH_ROWS)
}

/// Read CSV bytes.
pub(crate) fn read(bytes: &[u8], path: &Path, options: CsvOptions) -> Result<Parts, IngestError> {
    options.check().map_err(|detail| IngestError::Unsupported {
        path: path.to_owned(),
        detail,
    })?;
    check_text(bytes, path)?;
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let delimiter = options.delimiter.unwrap_or_else(|| delimiter_of(bytes));
    // With `;` or tab between fields, a comma in a number is its decimal mark.
    let decimal_comma = match options.decimal {
        Some(decimal) => decimal == Decimal::Comma,
        None => delimiter != b',',
    };
    // arrow-csv would read an unclosed quote's rest of the file as one field.
    if let Some(line) = unclosed_quote(bytes) {
        return Err(IngestError::Row {
            path: path.to_owned(),
            row: line,
            detail: "a quote opens here and never closes, so the rest of the file would be one field; close the quote (write a quote inside a field as two quotes)".to_owned(),
        });
    }
    // arrow-csv checks UTF-8 per batch, not per field: a character split by a line break
    // (`EF BB \r BF`) passes its check and leaves invalid text in a field. Check it all here.
    if let Err(error) = std::str::from_utf8(bytes) {
        return Err(not_utf8(bytes, error.valid_up_to(), delimiter, path));
    }
    let (header, _) = arrow::csv::reader::Format::default()
        .with_header(true)
        .with_delimiter(delimiter)
        .infer_schema(bytes, Some(0))
        .map_err(|e| error(path, &e))?;
    let names: Vec<String> = header.fields().iter().map(|f| f.name().clone()).collect();
    if names.is_empty() || (names.len() == 1 && names[0].is_empty()) {
        return Err(IngestError::corrupt(
            path,
            Format::Csv,
            "there is no header row; the first line must name the columns",
        ));
    }
    if names.len() == 1
        && options.delimiter.is_none()
        && let Some((seen, count)) = other_delimiter(bytes)
    {
        return Err(IngestError::Delimiter {
            path: path.to_owned(),
            seen: char::from(seen),
            count,
        });
    }
    let mut seen = HashSet::new();
    for name in &names {
        if !seen.insert(name.as_str()) {
            return Err(IngestError::Column {
                path: path.to_owned(),
                column: name.clone(),
                detail: "the header names this column twice; rename one of them".to_owned(),
            });
        }
    }

    let text_schema = Arc::new(Schema::new(
        names
            .iter()
            .map(|n| Field::new(n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let reader = arrow::csv::ReaderBuilder::new(Arc::clone(&text_schema))
        .with_header(true)
        .with_delimiter(delimiter)
        .with_batch_size(batch_rows(names.len()))
        .build(bytes)
        .map_err(|e| error(path, &e))?;
    let text_batches = reader
        .collect::<Result<Vec<RecordBatch>, _>>()
        .map_err(|e| error(path, &e))?;

    // Both passes over the text run on every core: types by column, then batches.
    let columns: Vec<usize> = (0..names.len()).collect();
    let kinds: Vec<Column> = parallel_map(&columns, |&column| {
        let mut state = Column::default();
        // The header is row 1.
        let mut row = 2u64;
        for batch in &text_batches {
            for value in batch.column(column).as_string::<i32>() {
                if let Some(value) = value {
                    state.see(value, row, decimal_comma);
                }
                row += 1;
            }
        }
        state
    });
    let schema: SchemaRef = Arc::new(Schema::new(
        names
            .iter()
            .zip(&kinds)
            .map(|(n, column)| Field::new(n, column.kind.data_type(), true))
            .collect::<Vec<_>>(),
    ));
    let kinds_only: Vec<Kind> = kinds.iter().map(|c| c.kind).collect();
    let batches = parallel_map(&text_batches, |batch| {
        typed_batch(batch, &schema, &kinds_only, decimal_comma)
    })
    .into_iter()
    .collect::<Result<Vec<_>, _>>()
    .map_err(|e| IngestError::internal(path, e))?;
    let mut codebook = Codebook::new(
        names
            .into_iter()
            .zip(kinds)
            .map(|(name, column)| Variable {
                text_from: column.first_text,
                ..Variable::new(name)
            })
            .collect(),
    );
    codebook.warnings = codebook
        .variables
        .iter()
        .filter_map(|v| {
            let first = v.text_from.as_ref()?;
            Some(format!(
                "column `{}` is read as text: it holds {} numbers before row {}, which holds `{}`",
                v.name, first.numbers_before, first.row, first.value
            ))
        })
        .collect();
    Ok(Parts {
        schema,
        batches,
        codebook,
    })
}

/// `f` of every item, in order, computed on up to one scoped thread per core (each thread
/// takes a contiguous share of the items).
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let share = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(share)
            .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| match handle.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// What the type inference has seen of one column.
#[derive(Debug, Default)]
struct Column {
    kind: Kind,
    numbers: u64,
    first_text: Option<FirstText>,
}

impl Column {
    fn see(&mut self, value: &str, row: u64, decimal_comma: bool) {
        if value == NA {
            return;
        }
        let was_number = self.kind != Kind::Text;
        self.kind = self.kind.widen(value, decimal_comma);
        if self.kind != Kind::Text {
            self.numbers += 1;
        } else if was_number && self.numbers > 0 {
            self.first_text = Some(FirstText {
                row,
                value: value.chars().take(40).collect(),
                numbers_before: self.numbers,
            });
        }
    }
}

/// The narrowest type that holds a column's values seen so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Kind {
    #[default]
    Int,
    Float,
    Text,
}

impl Kind {
    /// The kind after also seeing `value`.
    fn widen(self, value: &str, decimal_comma: bool) -> Self {
        if value == NA {
            return self;
        }
        match self {
            Self::Int if value.parse::<i64>().is_ok() => Self::Int,
            // An integer too large for Int64 (an identifier, say) stays text rather than
            // losing digits as a float.
            Self::Int if is_integer_text(value) => Self::Text,
            Self::Int | Self::Float if parse_number(value, decimal_comma).is_some() => Self::Float,
            _ => Self::Text,
        }
    }

    fn data_type(self) -> DataType {
        match self {
            Self::Int => DataType::Int64,
            Self::Float => DataType::Float64,
            Self::Text => DataType::Utf8,
        }
    }
}

fn is_integer_text(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A number with at least one digit (`1.5`, `-2e3`, but not `inf`), or `NaN`, which R
/// writes for a missing number (and reads back as one).
fn parse_float(value: &str) -> Option<f64> {
    if value == "NaN" {
        return Some(f64::NAN);
    }
    if !value.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse::<f64>().ok()
}

/// A number, reading a decimal comma (`1,5`) as a point where the file uses them.
fn parse_number(value: &str, decimal_comma: bool) -> Option<f64> {
    if decimal_comma && value.contains(',') && !value.contains('.') {
        return parse_float(&value.replacen(',', ".", 1));
    }
    parse_float(value)
}

fn typed_batch(
    batch: &RecordBatch,
    schema: &SchemaRef,
    kinds: &[Kind],
    decimal_comma: bool,
) -> Result<RecordBatch, ArrowError> {
    let columns = batch
        .columns()
        .iter()
        .zip(kinds)
        .map(|(column, kind)| {
            let text = column.as_string::<i32>();
            let values = text.iter().map(|v| v.filter(|v| *v != NA));
            let array: ArrayRef = match kind {
                Kind::Int => Arc::new(
                    values
                        .map(|v| v.and_then(|v| v.parse().ok()))
                        .collect::<Int64Array>(),
                ),
                Kind::Float => Arc::new(
                    values
                        .map(|v| v.and_then(|v| parse_number(v, decimal_comma)))
                        .collect::<Float64Array>(),
                ),
                Kind::Text if text.iter().flatten().any(|v| v == NA) => {
                    Arc::new(values.collect::<StringArray>())
                }
                Kind::Text => Arc::clone(column),
            };
            array
        })
        .collect::<Vec<ArrayRef>>();
    debug_assert!(columns.iter().all(|c| c.len() == batch.num_rows()));
    RecordBatch::try_new_with_options(
        Arc::clone(schema),
        columns,
        &RecordBatchOptions::new().with_row_count(Some(batch.num_rows())),
    )
}

/// Put arrow-csv's errors in the user's terms, with the row and column where they can be
/// found. Rows are counted as a spreadsheet or a text editor shows them: the header is
/// row 1 (arrow-csv counts the same way).
fn error(path: &Path, error: &ArrowError) -> IngestError {
    let text = match error {
        ArrowError::CsvError(text) | ArrowError::ParseError(text) => text.clone(),
        other => other.to_string(),
    };
    // "incorrect number of fields for line 3, expected 4 got 5"
    if let Some(rest) = text.strip_prefix("incorrect number of fields for line ")
        && let Some((line, rest)) = rest.split_once(", expected ")
        && let Ok(row) = line.parse::<u64>()
        && let Some((expected, found)) = rest.split_once(" got ")
    {
        let found = match found.trim() {
            "1" => "1 field".to_owned(),
            more if more.starts_with("more than") => format!("{more} fields"),
            n => format!("{n} fields"),
        };
        return IngestError::Row {
            path: path.to_owned(),
            row,
            detail: format!(
                "the row has {found} but the header has {expected}; check for an unquoted comma or a missing field"
            ),
        };
    }
    // Invalid UTF-8 never reaches arrow-csv: `read` checks the whole file first.
    IngestError::corrupt(path, Format::Csv, lowercase_first(&text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::datatypes::{Float64Type, Int64Type};

    fn read_text(text: &str) -> Result<Parts, IngestError> {
        read(text.as_bytes(), Path::new("x.csv"), CsvOptions::default())
    }

    #[test]
    fn types_come_from_all_values() {
        let parts = read_text(
            "\u{feff}id,api.stu,name,big\n1,2.5,a,12345678901234567890\n2,NA,,1\n3,4,NA,2\n",
        )
        .expect("valid csv");
        let types: Vec<&DataType> = parts
            .schema
            .fields()
            .iter()
            .map(|f| f.data_type())
            .collect();
        assert_eq!(
            types,
            [
                &DataType::Int64,
                &DataType::Float64,
                &DataType::Utf8,
                &DataType::Utf8
            ]
        );
        assert_eq!(parts.schema.field(0).name(), "id");
        assert_eq!(parts.schema.field(1).name(), "api.stu");
        let batch = &parts.batches[0];
        assert_eq!(
            batch.column(0).as_primitive::<Int64Type>(),
            &Int64Array::from(vec![1, 2, 3])
        );
        assert_eq!(
            batch.column(1).as_primitive::<Float64Type>(),
            &Float64Array::from(vec![Some(2.5), None, Some(4.0)])
        );
        assert_eq!(
            batch.column(2).as_string::<i32>(),
            &StringArray::from(vec![Some("a"), None, None])
        );
        assert_eq!(parts.codebook.variables.len(), 4);
    }

    #[test]
    fn nan_is_a_missing_number_as_r_writes_it() {
        let parts = read_text("x\n1\nNaN\n2.5\n").expect("valid csv");
        assert_eq!(parts.schema.field(0).data_type(), &DataType::Float64);
        let values = parts.batches[0]
            .column(0)
            .as_primitive::<arrow::datatypes::Float64Type>()
            .clone();
        assert!(values.value(1).is_nan());
    }

    #[test]
    fn words_that_parse_as_floats_stay_text() {
        let parts = read_text("x\ninf\nNaN\n").expect("valid csv");
        assert_eq!(parts.schema.field(0).data_type(), &DataType::Utf8);
    }

    #[test]
    fn semicolons_and_decimal_commas_as_excel_writes_them_in_russian() {
        let parts = read_text("вес;доход;район\n1,5;2;Ош\n2;3,25;Нарын\n").expect("valid csv");
        assert_eq!(parts.schema.field(0).data_type(), &DataType::Float64);
        assert_eq!(parts.schema.field(1).data_type(), &DataType::Float64);
        let values = parts.batches[0]
            .column(1)
            .as_primitive::<arrow::datatypes::Float64Type>()
            .clone();
        assert_eq!(values.value(1).to_bits(), 3.25f64.to_bits());
        let tabs = read_text("a\tb\n1\t2,5\n").expect("valid csv");
        assert_eq!(tabs.schema.fields().len(), 2);
        // With commas between fields, "1,5" is two fields, as ever.
        let commas = read_text("a,b\n1,5\n").expect("valid csv");
        assert_eq!(commas.schema.field(1).data_type(), &DataType::Int64);
    }

    #[test]
    fn an_unclosed_quote_names_its_line() {
        let error = read_text("a,b\n1,\"x\n2,3\n4,5\n").expect_err("unclosed");
        assert!(
            error
                .to_string()
                .starts_with("x.csv row 2: a quote opens here"),
            "{error}"
        );
        // Doubled quotes inside a quoted field are fine, across lines too.
        let parts = read_text("a,b\n1,\"say \"\"hi\"\"\nthere\"\n2,3\n").expect("valid");
        assert_eq!(parts.batches[0].num_rows(), 2);
    }

    #[test]
    fn a_short_row_names_the_row() {
        let error = read_text("a,b\n1,2\n3\n").expect_err("ragged");
        assert_eq!(
            error.to_string(),
            "x.csv row 3: the row has 1 field but the header has 2; check for an unquoted comma or a missing field"
        );
    }

    #[test]
    fn a_long_row_names_the_row() {
        let error = read_text("a,b\n1,2,3\n").expect_err("ragged");
        assert!(
            error
                .to_string()
                .starts_with("x.csv row 2: the row has 3 fields but the header has 2"),
            "{error}"
        );
    }

    #[test]
    fn bad_utf8_names_the_cell() {
        let error = read(
            b"a,b\n1,2\n3,\xff\n",
            Path::new("x.csv"),
            CsvOptions::default(),
        )
        .expect_err("not utf-8");
        assert_eq!(
            error.to_string(),
            "x.csv row 3, column `b`: the text is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\")"
        );
    }

    /// Found by the `csv` fuzz target: a BOM split by a line break passed arrow-csv's UTF-8
    /// check and left a field that is not text.
    #[test]
    fn a_character_split_by_a_line_break_is_not_text() {
        let bytes = b"\x0f\n\x0fy2.,A\n\xef\xbb\r\xbfw\n1,5,.y,5,0";
        let error = read(bytes, Path::new("x.csv"), CsvOptions::default()).expect_err("not utf-8");
        assert!(error.to_string().contains("not valid UTF-8"), "{error}");
        let error = read(b"a,b\n1,\xd0\n", Path::new("x.csv"), CsvOptions::default())
            .expect_err("not utf-8");
        assert_eq!(
            error.to_string(),
            "x.csv row 2, column `b`: the text is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\")"
        );
    }

    #[test]
    fn duplicate_and_missing_headers() {
        let error = read_text("a,b,a\n1,2,3\n").expect_err("duplicate");
        assert_eq!(
            error.to_string(),
            "x.csv, column `a`: the header names this column twice; rename one of them"
        );
        assert!(read_text("\n").is_err());
    }

    #[test]
    fn a_number_column_turned_text_names_the_row_and_value() {
        let parts = read_text("id,x\n1,2\n2,3.5\n3,abc\n4,NA\n5,xyz\n").expect("valid");
        assert_eq!(parts.schema.field(1).data_type(), &DataType::Utf8);
        let first = parts.codebook.variables[1]
            .text_from
            .clone()
            .expect("noted");
        assert_eq!(
            (first.row, first.value.as_str(), first.numbers_before),
            (4, "abc", 2)
        );
        assert_eq!(
            parts.codebook.warnings,
            ["column `x` is read as text: it holds 2 numbers before row 4, which holds `abc`"]
        );
        // A text column from the start is just text.
        let parts = read_text("x\nabc\n1\n").expect("valid");
        assert!(parts.codebook.variables[0].text_from.is_none());
    }

    #[test]
    fn given_delimiter_and_decimal_mark() {
        let options = CsvOptions {
            delimiter: Some(b'|'),
            decimal: Some(Decimal::Comma),
        };
        let parts = read(b"a|b\n1,5|2\n", Path::new("x.csv"), options).expect("valid");
        let values = parts.batches[0]
            .column(0)
            .as_primitive::<Float64Type>()
            .clone();
        assert_eq!(values.value(0).to_bits(), 1.5f64.to_bits());
        // A semicolon file with decimal points, as some exports write.
        let options = CsvOptions {
            delimiter: None,
            decimal: Some(Decimal::Point),
        };
        let parts = read(b"a;b\n1,5;2.5\n", Path::new("x.csv"), options).expect("valid");
        assert_eq!(parts.schema.field(0).data_type(), &DataType::Utf8);
        assert_eq!(parts.schema.field(1).data_type(), &DataType::Float64);
        let bad = CsvOptions {
            delimiter: Some(b','),
            decimal: Some(Decimal::Comma),
        };
        assert!(bad.check().is_err());
        assert!(read(b"a\n1\n", Path::new("x.csv"), bad).is_err());
    }

    #[test]
    fn an_unknown_separator_is_named() {
        let error = read_text("a|b|c\n1|2|3\n4|5|6\n").expect_err("one column");
        assert_eq!(
            error.to_string(),
            "x.csv: the header is one column, but it and the lines after it each hold 2 `|`: the fields seem to be separated by `|`; read the file with that delimiter"
        );
        // A one-column file with the character in some values only is read.
        assert!(read_text("name\na|b\nc\n").is_ok());
    }

    #[test]
    fn binary_data_is_refused_from_its_first_bytes() {
        let error = read(&[0u8; 100], Path::new("x.csv"), CsvOptions::default()).expect_err("nul");
        assert!(
            error.to_string().contains("byte 1 is a NUL byte"),
            "{error}"
        );
        let utf16 = b"\xff\xfea\x00,\x00b\x00\n\x00";
        let error = read(utf16, Path::new("x.csv"), CsvOptions::default()).expect_err("utf-16");
        assert!(error.to_string().contains("UTF-16"), "{error}");
    }

    #[test]
    fn wide_files_get_short_batches() {
        assert_eq!(batch_rows(6), BATCH_ROWS);
        assert_eq!(batch_rows(5_000), 838);
        assert_eq!(batch_rows(10_000_000), 1);
        let header: Vec<String> = (0..3_000).map(|i| format!("v{i}")).collect();
        let row: Vec<&str> = vec!["1"; 3_000];
        let text = format!(
            "{}\n{}\n{}\n",
            header.join(","),
            row.join(","),
            row.join(",")
        );
        let parts = read_text(&text).expect("valid");
        assert_eq!(parts.schema.fields().len(), 3_000);
        assert_eq!(
            parts
                .batches
                .iter()
                .map(RecordBatch::num_rows)
                .sum::<usize>(),
            2
        );
    }

    #[test]
    fn header_only_gives_no_rows() {
        let parts = read_text("a,b\n").expect("valid csv");
        assert_eq!(
            parts
                .batches
                .iter()
                .map(RecordBatch::num_rows)
                .sum::<usize>(),
            0
        );
        assert_eq!(parts.schema.fields().len(), 2);
    }
}
