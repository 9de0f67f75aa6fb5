//! Checks of a Stata file's length-prefixed sections before `dta` reads them.
//!
//! `dta` reads a length from the file (a characteristic's, a strL's, a value-label set's,
//! each up to 4 GiB) and reserves a buffer of that size before reading into it, so one
//! damaged length makes it reserve gigabytes: fuzzing found such files at once. Here the
//! reader's position is tracked while `dta` streams the file ([`CountingReader`]); before
//! `dta` enters one of those sections, [`check_section`] walks it through a second,
//! random-access view of the same bytes ([`Source`]) and refuses the file if any length
//! reaches past its end. The walks read exactly the tags and fields `dta` reads (its
//! `characteristic_reader`, `long_string_reader` and `value_label_reader`).

use std::cell::Cell;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

use dta::stata::dta::byte_order::ByteOrder;
use dta::stata::dta::release::Release;

use crate::{Format, IngestError};

/// Random access to the bytes that `dta` streams.
pub(crate) trait Source {
    /// The file's length in bytes.
    fn length(&self) -> u64;
    /// Fill `buffer` from `offset`; an error if the file ends first.
    fn read_at(&mut self, offset: u64, buffer: &mut [u8]) -> std::io::Result<()>;
}

impl Source for &[u8] {
    fn length(&self) -> u64 {
        self.len() as u64
    }

    fn read_at(&mut self, offset: u64, buffer: &mut [u8]) -> std::io::Result<()> {
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let bytes = start
            .checked_add(buffer.len())
            .and_then(|end| self.get(start..end))
            .ok_or(std::io::ErrorKind::UnexpectedEof)?;
        buffer.copy_from_slice(bytes);
        Ok(())
    }
}

/// A file opened a second time for the checks.
pub(crate) struct FileSource {
    file: File,
    length: u64,
}

impl FileSource {
    pub(crate) fn open(path: &Path) -> std::io::Result<Self> {
        let file = File::open(path)?;
        let length = file.metadata()?.len();
        Ok(Self { file, length })
    }
}

impl Source for FileSource {
    fn length(&self) -> u64 {
        self.length
    }

    fn read_at(&mut self, offset: u64, buffer: &mut [u8]) -> std::io::Result<()> {
        self.file.seek(SeekFrom::Start(offset))?;
        self.file.read_exact(buffer)
    }
}

/// A reader that counts the bytes read through it, so that the position of `dta` (which
/// only reads forward) is known between its calls.
pub(crate) struct CountingReader<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R> CountingReader<R> {
    pub(crate) fn new(inner: R) -> (Self, Rc<Cell<u64>>) {
        let count = Rc::new(Cell::new(0));
        (
            Self {
                inner,
                count: Rc::clone(&count),
            },
            count,
        )
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.count.set(self.count.get() + read as u64);
        Ok(read)
    }
}

/// A length-prefixed section of a Stata file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// Characteristics (117+) or expansion fields (105–116).
    Characteristics,
    /// strLs (117+).
    LongStrings,
    /// Value-label sets.
    ValueLabels,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Self::Characteristics => "characteristic",
            Self::LongStrings => "strL",
            Self::ValueLabels => "value-label set",
        }
    }
}

/// Walk `section`, which `dta` is about to read from `start`, and check that every length
/// in it stays within the file. A walk that meets something other than what it expects
/// stops there without an error: `dta` reports that itself.
pub(crate) fn check_section(
    source: &mut impl Source,
    path: &Path,
    release: Release,
    byte_order: ByteOrder,
    section: Section,
    start: u64,
) -> Result<(), IngestError> {
    let mut walk = Walk {
        source,
        path,
        position: start,
        big_endian: byte_order == ByteOrder::BigEndian,
        section,
    };
    let xml = release.is_xml_like();
    match (section, xml) {
        (Section::Characteristics, true) => walk.xml_characteristics(),
        (Section::Characteristics, false) => walk.expansion_fields(release),
        (Section::LongStrings, true) => walk.long_strings(release),
        (Section::LongStrings, false) => Ok(()),
        (Section::ValueLabels, _) if release < Release::V108 => Ok(()),
        (Section::ValueLabels, xml) => walk.value_labels(release, xml),
    }
}

struct Walk<'a, S> {
    source: &'a mut S,
    path: &'a Path,
    position: u64,
    big_endian: bool,
    section: Section,
}

impl<S: Source> Walk<'_, S> {
    /// `<characteristics>`, then `<ch>` + u32 length + payload + `</ch>` until
    /// `</characteristics>`.
    fn xml_characteristics(&mut self) -> Result<(), IngestError> {
        loop {
            let Some(head) = self.bytes::<4>(self.position) else {
                return Ok(());
            };
            match &head {
                b"<cha" => self.position += b"<characteristics>".len() as u64,
                b"<ch>" => {
                    let Some(length) = self.u32(self.position + 4) else {
                        return Ok(());
                    };
                    self.position =
                        self.entry_end(self.position + 8, length, b"</ch>".len() as u64)?;
                }
                _ => return Ok(()),
            }
        }
    }

    /// A type byte and a u16 (105–109) or u32 (110–116) length per field, until a type 0.
    fn expansion_fields(&mut self, release: Release) -> Result<(), IngestError> {
        if release < Release::V105 {
            return Ok(());
        }
        let wide = release >= Release::V110;
        loop {
            let Some([data_type]) = self.bytes::<1>(self.position) else {
                return Ok(());
            };
            if data_type == 0 {
                return Ok(());
            }
            let (length, width) = if wide {
                let Some(length) = self.u32(self.position + 1) else {
                    return Ok(());
                };
                (length, 4)
            } else {
                let Some(bytes) = self.bytes::<2>(self.position + 1) else {
                    return Ok(());
                };
                let length = if self.big_endian {
                    u16::from_be_bytes(bytes)
                } else {
                    u16::from_le_bytes(bytes)
                };
                (u32::from(length), 2)
            };
            self.position = self.entry_end(self.position + 1 + width, length, 0)?;
        }
    }

    /// `<strls>`, then `GSO` + variable (u32) + observation (u32, u64 from 118) + type
    /// (u8) + u32 length + data, until `</strls>`.
    fn long_strings(&mut self, release: Release) -> Result<(), IngestError> {
        let Some(open) = self.bytes::<7>(self.position) else {
            return Ok(());
        };
        if &open != b"<strls>" {
            return Ok(());
        }
        self.position += 7;
        let observation_width = if release >= Release::V118 { 8 } else { 4 };
        loop {
            let Some(head) = self.bytes::<3>(self.position) else {
                return Ok(());
            };
            if &head != b"GSO" {
                return Ok(());
            }
            let length_at = self.position + 3 + 4 + observation_width + 1;
            let Some(length) = self.u32(length_at) else {
                return Ok(());
            };
            self.position = self.entry_end(length_at + 4, length, 0)?;
        }
    }

    /// 108+: `<value_labels>` (XML), then per set `<lbl>` (XML) + u32 length + name +
    /// 3 padding bytes + table + `</lbl>` (XML); binary files end with the last set.
    fn value_labels(&mut self, release: Release, xml: bool) -> Result<(), IngestError> {
        let name_length: u64 = if release >= Release::V118 {
            129
        } else if release >= Release::V110 {
            33
        } else {
            9
        };
        if xml {
            let Some(open) = self.bytes::<14>(self.position) else {
                return Ok(());
            };
            if &open != b"<value_labels>" {
                return Ok(());
            }
            self.position += 14;
        }
        loop {
            if xml {
                let Some(head) = self.bytes::<5>(self.position) else {
                    return Ok(());
                };
                if &head != b"<lbl>" {
                    return Ok(());
                }
                self.position += 5;
            }
            let Some(length) = self.u32(self.position) else {
                return Ok(());
            };
            let footer = if xml { b"</lbl>".len() as u64 } else { 0 };
            self.position = self.entry_end(self.position + 4 + name_length + 3, length, footer)?;
        }
    }

    /// The position after an entry whose `length` bytes start at `data_start` and are
    /// followed by `footer` bytes; an error if that is past the end of the file.
    fn entry_end(&self, data_start: u64, length: u32, footer: u64) -> Result<u64, IngestError> {
        let file_length = self.source.length();
        let end = data_start + u64::from(length) + footer;
        if end <= file_length {
            return Ok(end);
        }
        let detail = format!(
            "the {} at byte {} declares {length} bytes",
            self.section.name(),
            self.position
        );
        Err(if u64::from(length) > file_length {
            IngestError::corrupt(
                self.path,
                Format::Stata,
                format!("{detail}, more than the whole file"),
            )
        } else {
            IngestError::truncated(self.path, format!("{detail} but the file ends before them"))
        })
    }

    fn bytes<const N: usize>(&mut self, offset: u64) -> Option<[u8; N]> {
        let mut buffer = [0u8; N];
        self.source.read_at(offset, &mut buffer).ok()?;
        Some(buffer)
    }

    fn u32(&mut self, offset: u64) -> Option<u32> {
        let bytes = self.bytes::<4>(offset)?;
        Some(if self.big_endian {
            u32::from_be_bytes(bytes)
        } else {
            u32::from_le_bytes(bytes)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], release: Release, section: Section) -> Result<(), IngestError> {
        let mut source = bytes;
        check_section(
            &mut source,
            Path::new("x.dta"),
            release,
            ByteOrder::LittleEndian,
            section,
            0,
        )
    }

    #[test]
    fn a_characteristic_longer_than_the_file_is_damage() {
        let mut bytes = b"<characteristics><ch>".to_vec();
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        bytes.extend_from_slice(b"</ch></characteristics>");
        let error = check(&bytes, Release::V117, Section::Characteristics).expect_err("damage");
        assert_eq!(
            error.to_string(),
            "x.dta: the Stata file is damaged: the characteristic at byte 17 declares 4294967295 bytes, more than the whole file; re-export it from the program that made it"
        );
    }

    #[test]
    fn well_formed_sections_pass() {
        let mut bytes = b"<characteristics><ch>".to_vec();
        bytes.extend_from_slice(&3u32.to_le_bytes());
        bytes.extend_from_slice(b"abc</ch></characteristics>");
        assert!(check(&bytes, Release::V118, Section::Characteristics).is_ok());

        let mut bytes = b"<strls>GSO".to_vec();
        bytes.extend_from_slice(&[1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x82]);
        bytes.extend_from_slice(&2u32.to_le_bytes());
        bytes.extend_from_slice(b"a\0</strls>");
        assert!(check(&bytes, Release::V118, Section::LongStrings).is_ok());
        // Cut inside the strL: its length reaches past the end.
        let cut = &bytes[..bytes.len() - 10];
        assert!(matches!(
            check(cut, Release::V118, Section::LongStrings),
            Err(IngestError::Truncated { .. })
        ));
    }

    #[test]
    fn binary_value_labels_are_checked_to_the_end() {
        let mut bytes = 8u32.to_le_bytes().to_vec();
        bytes.extend_from_slice(&[0; 36]);
        bytes.extend_from_slice(&[0; 8]);
        assert!(check(&bytes, Release::V114, Section::ValueLabels).is_ok());
        bytes.extend_from_slice(&1000u32.to_le_bytes());
        assert!(check(&bytes, Release::V114, Section::ValueLabels).is_err());
    }
}
