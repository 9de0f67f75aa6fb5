//! CSV with a header row, through arrow-csv.
//!
//! The separator is the most common of `,`, `;` and tab in the header line; with `;` or
//! tab, a comma inside a number is its decimal mark (`1,5`), as Excel writes CSV in Russian
//! and Kyrgyz locales. A quote that never closes is an error naming its line.
//!
//! Every column is first read as text; then each column's type is chosen from all its
//! values: `Int64` if every value is an integer, `Float64` if every value is a number,
//! `Utf8` otherwise. Empty fields and `NA` are null in every column; `NaN` is a number (R
//! writes it for a missing number; estimates leave it out, as R does). Column names are kept
//! exactly (they may contain dots, as R's `api.stu`).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Float64Array, Int64Array, StringArray};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
use arrow::record_batch::{RecordBatch, RecordBatchOptions};

use crate::codebook::{Codebook, Variable};
use crate::error::lowercase_first;
use crate::{BATCH_ROWS, Format, IngestError, Parts};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text that means "missing" besides an empty field.
const NA: &str = "NA";

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
    let line = &bytes[..memchr::memchr(b'\n', bytes).unwrap_or(bytes.len())];
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

/// Read CSV bytes.
pub(crate) fn read(bytes: &[u8], path: &Path) -> Result<Parts, IngestError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let delimiter = delimiter_of(bytes);
    // With `;` or tab between fields, a comma in a number is its decimal mark.
    let decimal_comma = delimiter != b',';
    // arrow-csv would read an unclosed quote's rest of the file as one field.
    if let Some(line) = unclosed_quote(bytes) {
        return Err(IngestError::Row {
            path: path.to_owned(),
            row: line,
            detail: "a quote opens here and never closes, so the rest of the file would be one field; close the quote (write a quote inside a field as two quotes)".to_owned(),
        });
    }
    let (header, _) = arrow::csv::reader::Format::default()
        .with_header(true)
        .with_delimiter(delimiter)
        .infer_schema(bytes, Some(0))
        .map_err(|e| error(path, &[], &e))?;
    let names: Vec<String> = header.fields().iter().map(|f| f.name().clone()).collect();
    if names.is_empty() || (names.len() == 1 && names[0].is_empty()) {
        return Err(IngestError::corrupt(
            path,
            Format::Csv,
            "there is no header row; the first line must name the columns",
        ));
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
        .with_batch_size(BATCH_ROWS)
        .build(bytes)
        .map_err(|e| error(path, &names, &e))?;
    let text_batches = reader
        .collect::<Result<Vec<RecordBatch>, _>>()
        .map_err(|e| error(path, &names, &e))?;

    // Both passes over the text run on every core: types by column, then batches.
    let columns: Vec<usize> = (0..names.len()).collect();
    let kinds: Vec<Kind> = parallel_map(&columns, |&column| {
        text_batches.iter().fold(Kind::Int, |kind, batch| {
            batch
                .column(column)
                .as_string::<i32>()
                .iter()
                .flatten()
                .fold(kind, |kind, value| kind.widen(value, decimal_comma))
        })
    });
    let schema: SchemaRef = Arc::new(Schema::new(
        names
            .iter()
            .zip(&kinds)
            .map(|(n, kind)| Field::new(n, kind.data_type(), true))
            .collect::<Vec<_>>(),
    ));
    let batches = parallel_map(&text_batches, |batch| {
        typed_batch(batch, &schema, &kinds, decimal_comma)
    })
    .into_iter()
    .collect::<Result<Vec<_>, _>>()
    .map_err(|e| IngestError::internal(path, e))?;
    Ok(Parts {
        schema,
        batches,
        codebook: Codebook::new(names.into_iter().map(Variable::new).collect()),
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

/// The narrowest type that holds a column's values seen so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
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
fn error(path: &Path, names: &[String], error: &ArrowError) -> IngestError {
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
    // "Encountered invalid UTF-8 data for line 3 and field 2"
    if let Some(rest) = text.strip_prefix("Encountered invalid UTF-8 data for line ")
        && let Some((line, field)) = rest.split_once(" and field ")
        && let Ok(row) = line.parse::<u64>()
        && let Ok(field) = field.trim().parse::<usize>()
    {
        let detail =
            "the text is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\")"
                .to_owned();
        return match field.checked_sub(1).and_then(|i| names.get(i)) {
            Some(column) => IngestError::Cell {
                path: path.to_owned(),
                row,
                column: column.clone(),
                detail,
            },
            None => IngestError::Row {
                path: path.to_owned(),
                row,
                detail,
            },
        };
    }
    if text.contains("UTF-8") || text.contains("utf-8") {
        return IngestError::corrupt(
            path,
            Format::Csv,
            "the header is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\")",
        );
    }
    IngestError::corrupt(path, Format::Csv, lowercase_first(&text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::datatypes::{Float64Type, Int64Type};

    fn read_text(text: &str) -> Result<Parts, IngestError> {
        read(text.as_bytes(), Path::new("x.csv"))
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
        let error = read(b"a,b\n1,2\n3,\xff\n", Path::new("x.csv")).expect_err("not utf-8");
        assert_eq!(
            error.to_string(),
            "x.csv row 3, column `b`: the text is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\")"
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
