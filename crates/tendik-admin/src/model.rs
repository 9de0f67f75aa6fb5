//! What the readers give: values with their origin, and warnings.

use std::fmt;
use std::path::PathBuf;

use tendik_geo::Unit;

/// The UID DHIS2 gives its default category option combination ("default"), which it also
/// uses as the default attribute option combination. A value without a combination counts as
/// one with this combination when duplicates are looked for.
pub const DEFAULT_COMBO: &str = "HllvX50cXC0";

/// Where a value came from: a file and a place in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The file, as given to the reader (joined to the folder by [`crate::AdminData::read_dir`]).
    pub file: PathBuf,
    /// The place in the file.
    pub position: Position,
}

/// A place in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Position {
    /// A CSV line, from 1 (the header is line 1 when there is one).
    Line(u64),
    /// An entry of a JSON data value set's `dataValues` array, from 0.
    Index(usize),
}

impl fmt::Display for Origin {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Position::Line(line) => write!(formatter, "{} line {line}", self.file.display()),
            Position::Index(index) => {
                write!(formatter, "{} dataValues[{index}]", self.file.display())
            }
        }
    }
}

/// One data value, mapped to its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The data element (DHIS2 UID or code, or the plain table's `element`).
    pub element: String,
    /// The period, as given (a DHIS2 period id such as `2018`, `201801`, `2018Q1`).
    pub period: String,
    /// The unit the value is for.
    pub area: &'static Unit,
    /// The category option combination, if given.
    pub category_option_combo: Option<String>,
    /// The attribute option combination, if given.
    pub attribute_option_combo: Option<String>,
    /// The number.
    pub value: f64,
    /// Where it came from.
    pub origin: Origin,
}

/// Something in the input that was read with a caveat or skipped, not refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Where.
    pub origin: Origin,
    /// What.
    pub kind: WarningKind,
}

/// What a [`Warning`] is about.
#[derive(Debug, Clone, PartialEq)]
pub enum WarningKind {
    /// The value is empty (or JSON `null`, or absent); it was skipped.
    EmptyValue {
        /// The data element.
        element: String,
    },
    /// DHIS2 marked the value deleted; it was skipped.
    Deleted {
        /// The data element.
        element: String,
    },
    /// The value is below zero; it was kept.
    Negative {
        /// The data element.
        element: String,
        /// The value.
        value: f64,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origin = &self.origin;
        match &self.kind {
            WarningKind::EmptyValue { element } => {
                write!(
                    formatter,
                    "{origin}: the value of {element} is empty; skipped"
                )
            }
            WarningKind::Deleted { element } => write!(
                formatter,
                "{origin}: the value of {element} is marked deleted; skipped"
            ),
            WarningKind::Negative { element, value } => write!(
                formatter,
                "{origin}: {element} has a negative value, {value}; kept, but counts of \
                 services are not negative: check the source"
            ),
        }
    }
}

/// A value as a reader found it, before its unit and number are checked.
#[derive(Debug, Clone)]
pub(crate) struct RawValue {
    pub(crate) origin: Origin,
    pub(crate) element: String,
    pub(crate) period: String,
    pub(crate) org_unit: String,
    pub(crate) category_option_combo: Option<String>,
    pub(crate) attribute_option_combo: Option<String>,
    pub(crate) value: RawNumber,
    pub(crate) deleted: bool,
}

/// A value's number as written.
#[derive(Debug, Clone)]
pub(crate) enum RawNumber {
    /// Text, to be parsed (DHIS2 writes every value as a string).
    Text(String),
    /// A JSON number.
    Number(f64),
    /// Absent, JSON `null`, or empty text.
    Missing,
}

/// `Some(trimmed)` for text that is not blank.
pub(crate) fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}
