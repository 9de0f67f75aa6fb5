//! Moving ambers' arrow-57 record batches into this workspace's arrow 59.
//!
//! The two arrow versions are different Rust types but share the Arrow C data interface, an
//! ABI made for exactly this: the producer exports its arrays as `FFI_ArrowArray` and
//! `FFI_ArrowSchema` (two `#[repr(C)]` structs fixed by the Arrow specification), the
//! consumer imports them, and the buffers are handed over without copying. This is the
//! crate's only `unsafe` code.
#![expect(
    unsafe_code,
    reason = "the Arrow C data interface is the way to pass arrays between two arrow versions"
)]

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, make_array};
use arrow::datatypes::{Field, Schema};
use arrow::error::ArrowError;
use arrow::record_batch::{RecordBatch, RecordBatchOptions};

/// Convert one arrow-57 array to arrow 59 through the C data interface.
fn array_from_arrow57(array: &dyn arrow57::array::Array) -> Result<ArrayRef, ArrowError> {
    let data = array.to_data();
    let (mut array57, mut schema57) =
        arrow57::ffi::to_ffi(&data).map_err(|e| ArrowError::CDataInterface(e.to_string()))?;
    // SAFETY: `FFI_ArrowArray` and `FFI_ArrowSchema` of both arrow versions are
    // `#[repr(C)]` definitions of the same C structs (`struct ArrowArray`,
    // `struct ArrowSchema`) of the Arrow C data interface specification, so a pointer to the
    // arrow-57 value is a valid, aligned pointer to an initialized arrow-59 value. The
    // pointers come from local variables that live across the calls. `from_raw` moves the
    // struct out and leaves an empty one (null `release`) behind, so the arrow-57 values'
    // destructors do nothing and ownership of the buffers passes to arrow 59 exactly once.
    let (array59, schema59) = unsafe {
        (
            arrow::ffi::FFI_ArrowArray::from_raw(
                (&raw mut array57).cast::<arrow::ffi::FFI_ArrowArray>(),
            ),
            arrow::ffi::FFI_ArrowSchema::from_raw(
                (&raw mut schema57).cast::<arrow::ffi::FFI_ArrowSchema>(),
            ),
        )
    };
    // SAFETY: `array59` and `schema59` were just exported by arrow 57's `to_ffi` from a
    // valid `ArrayData`, so they describe a valid array of that schema; `from_ffi` takes
    // ownership of the array and validates the layout it imports.
    let data = unsafe { arrow::ffi::from_ffi(array59, &schema59) }?;
    Ok(make_array(data))
}

/// Convert an arrow-57 record batch to arrow 59, keeping names, types, nullability and
/// metadata.
pub(crate) fn record_batch_from_arrow57(
    batch: &arrow57::record_batch::RecordBatch,
) -> Result<RecordBatch, ArrowError> {
    let mut fields = Vec::with_capacity(batch.num_columns());
    let mut columns = Vec::with_capacity(batch.num_columns());
    for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
        let array = array_from_arrow57(column.as_ref())?;
        fields.push(
            Field::new(field.name(), array.data_type().clone(), field.is_nullable())
                .with_metadata(field.metadata().clone()),
        );
        columns.push(array);
    }
    let schema = Arc::new(Schema::new_with_metadata(
        fields,
        batch.schema().metadata().clone(),
    ));
    let options = RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
    RecordBatch::try_new_with_options(schema, columns, &options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{AsArray, Float64Array, StringArray};
    use arrow::datatypes::{DataType, Float64Type};

    #[test]
    fn numbers_text_and_nulls_cross_over() {
        let schema = Arc::new(arrow57::datatypes::Schema::new(vec![
            arrow57::datatypes::Field::new("x", arrow57::datatypes::DataType::Float64, true),
            arrow57::datatypes::Field::new("s", arrow57::datatypes::DataType::Utf8View, true),
        ]));
        let x = arrow57::array::Float64Array::from(vec![Some(1.5), None, Some(-3.0)]);
        let s = arrow57::array::StringViewArray::from(vec![
            Some("short"),
            Some("a string longer than twelve bytes"),
            None,
        ]);
        let batch57 =
            arrow57::record_batch::RecordBatch::try_new(schema, vec![Arc::new(x), Arc::new(s)])
                .expect("a valid batch");
        let batch = record_batch_from_arrow57(&batch57).expect("the bridge works");
        assert_eq!(batch.num_rows(), 3);
        assert_eq!(batch.schema().field(1).data_type(), &DataType::Utf8View);
        let x = batch.column(0).as_primitive::<Float64Type>();
        assert_eq!(x, &Float64Array::from(vec![Some(1.5), None, Some(-3.0)]));
        let s = arrow::compute::cast(batch.column(1), &DataType::Utf8).expect("castable");
        assert_eq!(
            s.as_string::<i32>(),
            &StringArray::from(vec![
                Some("short"),
                Some("a string longer than twelve bytes"),
                None
            ])
        );
    }

    #[test]
    fn zero_columns_keep_the_row_count() {
        let batch57 = arrow57::record_batch::RecordBatch::try_new_with_options(
            Arc::new(arrow57::datatypes::Schema::empty()),
            vec![],
            &arrow57::record_batch::RecordBatchOptions::new().with_row_count(Some(4)),
        )
        .expect("a valid batch");
        let batch = record_batch_from_arrow57(&batch57).expect("the bridge works");
        assert_eq!(batch.num_rows(), 4);
        assert_eq!(batch.num_columns(), 0);
    }
}
