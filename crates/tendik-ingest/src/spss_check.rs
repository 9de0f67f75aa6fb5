//! A walk over an SPSS dictionary that checks every declared length before `ambers` reads
//! it.
//!
//! `ambers` trusts the lengths in the dictionary records (a variable label's length, an
//! info record's element size × count) and computes with them in plain `usize`
//! arithmetic: a negative or huge length overflows (a panic in debug builds, a wrapped
//! length in release builds). Fuzzing found such files within seconds. This walk reads the
//! same records the same way with checked arithmetic and refuses a file whose lengths do
//! not fit in it, so that `ambers` only ever sees a dictionary whose every length is
//! within the file. It follows the layout in the PSPP manual ("System File Format") and
//! reads exactly as many bytes per record as `ambers` does.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::{Format, IngestError};

/// Bytes of the file header before the first dictionary record.
const HEADER_LENGTH: u64 = 176;
/// Offset of the layout code, which tells the byte order.
const LAYOUT_OFFSET: u64 = 64;

/// Check the dictionary of the SPSS file in `reader` and leave the reader at the start.
pub(crate) fn check_dictionary<R: Read + Seek>(
    reader: &mut R,
    path: &Path,
) -> Result<(), IngestError> {
    let io_error = |source| IngestError::Io {
        path: path.to_owned(),
        source,
    };
    let length = reader.seek(SeekFrom::End(0)).map_err(io_error)?;
    reader.seek(SeekFrom::Start(0)).map_err(io_error)?;
    let mut walk = Walk {
        reader: &mut *reader,
        position: 0,
        length,
        big_endian: false,
        path,
    };
    walk.check()?;
    reader.seek(SeekFrom::Start(0)).map_err(io_error)?;
    Ok(())
}

struct Walk<'a, R> {
    reader: &'a mut R,
    position: u64,
    length: u64,
    big_endian: bool,
    path: &'a Path,
}

impl<R: Read + Seek> Walk<'_, R> {
    fn check(&mut self) -> Result<(), IngestError> {
        let mut magic = [0u8; 4];
        self.read(&mut magic)?;
        if &magic != b"$FL2" && &magic != b"$FL3" {
            return Err(IngestError::NotFormat {
                path: self.path.to_owned(),
                format: Format::Spss,
            });
        }
        self.seek_to(LAYOUT_OFFSET)?;
        let mut layout = [0u8; 4];
        self.read(&mut layout)?;
        if matches!(i32::from_le_bytes(layout), 2 | 3) {
            self.big_endian = false;
        } else if matches!(i32::from_be_bytes(layout), 2 | 3) {
            self.big_endian = true;
        } else {
            return Err(self.corrupt(format!(
                "the header's layout code {layout:?} is neither 2 nor 3 in either byte order"
            )));
        }
        self.seek_to(HEADER_LENGTH)?;
        loop {
            let record_type = self.i32()?;
            match record_type {
                2 => self.variable()?,
                3 => self.value_labels()?,
                6 => {
                    let lines = self.count("document line count")?;
                    self.skip(lines, 80, "document")?;
                }
                7 => self.info()?,
                // The dictionary ends with record type 999 and a filler word.
                999 => {
                    self.i32()?;
                    return Ok(());
                }
                // ambers reports other types itself, as damage.
                _ => return Ok(()),
            }
        }
    }

    /// A variable record (type 2): type, label flag, missing count, two formats, name,
    /// then the label and the missing values.
    fn variable(&mut self) -> Result<(), IngestError> {
        let _type = self.i32()?;
        let has_label = self.i32()?;
        let missing = self.i32()?;
        self.skip(1, 16, "variable record")?;
        if has_label == 1 {
            let label = self.count("variable label length")?;
            self.skip(label.next_multiple_of(4), 1, "variable label")?;
        }
        // ambers refuses counts outside -3..=3 before reading them.
        if (-3..=3).contains(&missing) {
            self.skip(u64::from(missing.unsigned_abs()), 8, "missing values")?;
        }
        Ok(())
    }

    /// A value-label record (type 3) and the variable-index record (type 4) after it.
    fn value_labels(&mut self) -> Result<(), IngestError> {
        let labels = self.count("value label count")?;
        for _ in 0..labels {
            self.skip(1, 8, "value label")?;
            let mut length = [0u8; 1];
            self.read(&mut length)?;
            // The length byte and the label are padded together to a multiple of 8.
            self.skip(
                (u64::from(length[0]) + 1).next_multiple_of(8) - 1,
                1,
                "value label",
            )?;
        }
        if self.i32()? != 4 {
            return Err(self.corrupt(
                "a value-label record is not followed by its list of variables (record type 4)"
                    .to_owned(),
            ));
        }
        let variables = self.count("value label variable count")?;
        self.skip(variables, 4, "value label variables")
    }

    /// An info record (type 7): subtype, element size, element count, data.
    fn info(&mut self) -> Result<(), IngestError> {
        let subtype = self.i32()?;
        let size = self.count("info record element size")?;
        let count = self.count("info record element count")?;
        // These three are read field by field, whatever size and count say; the file
        // must say what SPSS writes, or the walk and ambers would part ways.
        let expected = match subtype {
            3 => (size, count) == (4, 8),
            4 => (size, count) == (8, 3),
            11 => size == 4 && (count % 2 == 0 || count % 3 == 0),
            _ => true,
        };
        if !expected {
            return Err(self.corrupt(format!(
                "info record {subtype} declares {count} elements of {size} bytes, not the layout SPSS writes"
            )));
        }
        self.skip(count, size, "info record")
    }

    fn read(&mut self, buffer: &mut [u8]) -> Result<(), IngestError> {
        self.ensure(buffer.len() as u64, "header")?;
        self.reader
            .read_exact(buffer)
            .map_err(|source| IngestError::Io {
                path: self.path.to_owned(),
                source,
            })?;
        self.position += buffer.len() as u64;
        Ok(())
    }

    fn i32(&mut self) -> Result<i32, IngestError> {
        let mut bytes = [0u8; 4];
        self.read(&mut bytes)?;
        Ok(if self.big_endian {
            i32::from_be_bytes(bytes)
        } else {
            i32::from_le_bytes(bytes)
        })
    }

    /// A length or count, which must not be negative.
    fn count(&mut self, what: &str) -> Result<u64, IngestError> {
        let value = self.i32()?;
        u64::try_from(value).map_err(|_| self.corrupt(format!("{what} is {value}, less than zero")))
    }

    /// Skip `count` elements of `size` bytes.
    fn skip(&mut self, count: u64, size: u64, what: &str) -> Result<(), IngestError> {
        let bytes = count
            .checked_mul(size)
            .ok_or_else(|| self.corrupt(format!("{what} declares {count} × {size} bytes")))?;
        self.ensure(bytes, what)?;
        let target = self.position + bytes;
        self.seek_to(target)
    }

    fn seek_to(&mut self, position: u64) -> Result<(), IngestError> {
        self.ensure(position.saturating_sub(self.position), "header")?;
        self.reader
            .seek(SeekFrom::Start(position))
            .map_err(|source| IngestError::Io {
                path: self.path.to_owned(),
                source,
            })?;
        self.position = position;
        Ok(())
    }

    /// The file must hold `bytes` more bytes; a length beyond the whole file is damage,
    /// one just past its end a cut.
    fn ensure(&self, bytes: u64, what: &str) -> Result<(), IngestError> {
        let remaining = self.length - self.position;
        if bytes <= remaining {
            Ok(())
        } else if bytes > self.length {
            Err(self.corrupt(format!(
                "{what} at byte {} declares {bytes} bytes, more than the whole file",
                self.position
            )))
        } else {
            Err(IngestError::truncated(
                self.path,
                format!(
                    "the {what} at byte {} needs {bytes} bytes but only {remaining} remain",
                    self.position
                ),
            ))
        }
    }

    fn corrupt(&self, detail: String) -> IngestError {
        IngestError::corrupt(self.path, Format::Spss, detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn header() -> Vec<u8> {
        let mut bytes = b"$FL2".to_vec();
        bytes.resize(64, b' ');
        bytes.extend_from_slice(&2i32.to_le_bytes());
        bytes.resize(176, 0);
        bytes
    }

    fn check(bytes: &[u8]) -> Result<(), IngestError> {
        check_dictionary(&mut Cursor::new(bytes), Path::new("x.sav"))
    }

    #[test]
    fn a_negative_info_record_size_is_damage() {
        let mut bytes = header();
        for word in [7i32, 13, -1, 4] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        let error = check(&bytes).expect_err("negative size");
        assert_eq!(
            error.to_string(),
            "x.sav: the SPSS file is damaged: info record element size is -1, less than zero; re-export it from the program that made it"
        );
    }

    #[test]
    fn a_huge_label_length_is_damage_and_a_short_one_a_cut() {
        let mut bytes = header();
        for word in [2i32, 0, 1, 0, 0, 0, 0x2020_2020, 0x2020_2020, i32::MAX] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        assert!(matches!(check(&bytes), Err(IngestError::Corrupt { .. })));
        let last = bytes.len() - 4;
        bytes[last..].copy_from_slice(&40i32.to_le_bytes());
        assert!(matches!(check(&bytes), Err(IngestError::Truncated { .. })));
    }

    #[test]
    fn a_complete_dictionary_passes_and_rewinds() {
        let mut bytes = header();
        // One numeric variable with a 5-byte label (padded to 8) and one missing value.
        for word in [2i32, 0, 1, 1, 0, 0, 0x2020_2020, 0x2020_2020, 5] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        bytes.extend_from_slice(b"label\0\0\0");
        bytes.extend_from_slice(&9f64.to_le_bytes());
        for word in [999i32, 0] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        let mut cursor = Cursor::new(&bytes[..]);
        check_dictionary(&mut cursor, Path::new("x.sav")).expect("a valid dictionary");
        assert_eq!(cursor.position(), 0);
    }
}
