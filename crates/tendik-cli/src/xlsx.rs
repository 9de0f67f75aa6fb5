//! Results as an Excel workbook: one sheet per table, a bold frozen header row, numbers as
//! numbers at full precision (empty cells where a figure is missing), text as text.

use arrow::array::{Array, AsArray};
use arrow::datatypes::{DataType, Float64Type, UInt64Type};
use arrow::record_batch::RecordBatch;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::output::CliError;

/// Excel's limit on the rows of a sheet, the header included.
const MAX_ROWS: usize = 1_048_576;

/// The workbook of `sheets` (name, table), in order.
pub(crate) fn to_xlsx(sheets: &[(&str, &RecordBatch)]) -> Result<Vec<u8>, CliError> {
    let failed = |e: XlsxError| CliError::new(format!("cannot write the workbook: {e}"));
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for (name, table) in sheets {
        if table.num_rows() + 1 > MAX_ROWS {
            return Err(CliError::new(format!(
                "{} rows do not fit in one Excel sheet (at most {})",
                table.num_rows(),
                MAX_ROWS - 1
            ))
            .with_hint("write --format csv or parquet"));
        }
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).map_err(failed)?;
        for (c, field) in table.schema().fields().iter().enumerate() {
            let c = column_index(c)?;
            sheet
                .write_string_with_format(0, c, field.name(), &bold)
                .map_err(failed)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
        for (c, column) in table.columns().iter().enumerate() {
            let at = column_index(c)?;
            for r in 0..table.num_rows() {
                if column.is_null(r) {
                    continue;
                }
                let row = u32::try_from(r + 1).map_err(|_| CliError::new("too many rows"))?;
                match column.data_type() {
                    DataType::Float64 => {
                        let value = column.as_primitive::<Float64Type>().value(r);
                        if value.is_finite() {
                            sheet.write_number(row, at, value).map_err(failed)?;
                        }
                    }
                    DataType::UInt64 => {
                        // Counts of people: exact as a double up to 2^53.
                        #[expect(clippy::cast_precision_loss, reason = "counts below 2^53")]
                        let value = column.as_primitive::<UInt64Type>().value(r) as f64;
                        sheet.write_number(row, at, value).map_err(failed)?;
                    }
                    _ => {
                        let text = arrow::util::display::array_value_to_string(column, r)?;
                        sheet.write_string(row, at, text).map_err(failed)?;
                    }
                }
            }
        }
        sheet.autofit();
    }
    workbook.save_to_buffer().map_err(failed)
}

fn column_index(c: usize) -> Result<u16, CliError> {
    u16::try_from(c).map_err(|_| CliError::new("too many columns for a sheet"))
}
