//! Running third-party readers so that a panic on a malformed file becomes an error.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use crate::{Format, IngestError};

/// Run `read` (a call into `ambers`, `dta` or `parquet`) and turn a panic into
/// [`IngestError::ReaderPanic`] naming the file.
///
/// The default panic hook still prints the panic to standard error; the program that
/// owns the process decides whether to silence it.
pub(crate) fn guard<T>(
    path: &Path,
    format: Format,
    read: impl FnOnce() -> T,
) -> Result<T, IngestError> {
    // The closure only reads from a reader it owns and builds new values; nothing it
    // touches is observed after a panic, so a broken invariant cannot leak out.
    catch_unwind(AssertUnwindSafe(read)).map_err(|payload| IngestError::ReaderPanic {
        path: path.to_owned(),
        format,
        detail: panic_message(payload.as_ref()),
    })
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_naming_the_file() {
        let result = guard(Path::new("x.sav"), Format::Spss, || -> u8 {
            panic!("index out of bounds")
        });
        let error = result.expect_err("the panic is caught");
        assert!(
            error
                .to_string()
                .starts_with("x.sav: the SPSS reader failed on this file (index out of bounds)"),
            "{error}"
        );
        assert_eq!(guard(Path::new("x"), Format::Stata, || 7).ok(), Some(7));
    }
}
