//! Variables of the five files: names, labels, storage types and value labels.

use crate::design::STRATA;
use crate::geography::{REGIONS, UNITS};

/// One cell of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell {
    /// A number.
    Num(f64),
    /// Not applicable or not asked (system missing).
    Missing,
    /// Text.
    Text(&'static str),
}

/// A number, or missing when NaN.
pub(crate) fn num(value: f64) -> Cell {
    if value.is_nan() {
        Cell::Missing
    } else {
        Cell::Num(value)
    }
}

/// Missing number.
pub(crate) const NA: f64 = f64::NAN;

/// Storage type, as Stata names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Integer −127…100.
    Byte,
    /// Integer −32,767…32,740.
    Int,
    /// 32-bit integer.
    Long,
    /// Double precision.
    Double,
    /// Fixed-width text.
    Text(u16),
}

/// Where a variable's value labels come from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Labels {
    /// None.
    None,
    /// A fixed set, shared by name.
    Set(&'static str, &'static [(f64, &'static str)]),
    /// Region names (HH7).
    Region,
    /// District-level unit names (HH7A).
    Unit,
    /// Stratum names.
    Stratum,
}

impl Labels {
    /// The set's name and entries.
    pub(crate) fn resolve(self, variable: &str) -> Option<(String, Vec<(f64, String)>)> {
        match self {
            Self::None => None,
            Self::Set(name, entries) => Some((
                name.to_owned(),
                entries.iter().map(|(v, l)| (*v, (*l).to_owned())).collect(),
            )),
            Self::Region => Some((
                variable.to_owned(),
                REGIONS
                    .iter()
                    .map(|r| (f64::from(r.code), r.name().to_owned()))
                    .collect(),
            )),
            Self::Unit => Some((
                variable.to_owned(),
                UNITS
                    .iter()
                    .map(|u| (f64::from(u.code), u.name.to_owned()))
                    .collect(),
            )),
            Self::Stratum => Some((
                variable.to_owned(),
                STRATA
                    .iter()
                    .enumerate()
                    .map(|(index, s)| {
                        let region = &REGIONS[usize::from(s.region)];
                        let area = if s.urban { "Urban" } else { "Rural" };
                        ((index + 1) as f64, format!("{} {area}", region.name()))
                    })
                    .collect(),
            )),
        }
    }
}

/// One variable: name, label, storage and how to read it from a record.
pub(crate) struct Var<R> {
    pub(crate) name: &'static str,
    pub(crate) label: &'static str,
    pub(crate) kind: Kind,
    pub(crate) labels: Labels,
    pub(crate) get: Box<dyn Fn(&R) -> Cell>,
}

/// A variable (constructor kept short for the tables).
pub(crate) fn var<R: 'static>(
    name: &'static str,
    label: &'static str,
    kind: Kind,
    labels: Labels,
    get: fn(&R) -> Cell,
) -> Var<R> {
    Var {
        name,
        label,
        kind,
        labels,
        get: Box::new(get),
    }
}

/// One variable per element of an array field of the record: `items` gives each element's
/// name and label, in order; all share `kind` and `labels`.
pub(crate) fn array_vars<R: 'static>(
    items: &[(&'static str, &'static str)],
    kind: Kind,
    labels: Labels,
    field: fn(&R) -> &[f64],
) -> Vec<Var<R>> {
    items
        .iter()
        .enumerate()
        .map(|(k, (name, label))| Var {
            name,
            label,
            kind,
            labels,
            get: Box::new(move |r: &R| num(field(r)[k])),
        })
        .collect()
}

/// A variable's description without its accessor, shared by the writers.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) label: &'static str,
    pub(crate) kind: Kind,
    /// Label-set name and entries.
    pub(crate) labels: Option<(String, Vec<(f64, String)>)>,
}

/// The columns of a variable table.
pub(crate) fn columns<R>(vars: &[Var<R>]) -> Vec<Column> {
    vars.iter()
        .map(|v| Column {
            name: v.name,
            label: v.label,
            kind: v.kind,
            labels: v.labels.resolve(v.name),
        })
        .collect()
}

macro_rules! set {
    ($name:literal, [$(($v:expr, $l:literal)),* $(,)?]) => {
        Labels::Set($name, &[$(($v as f64, $l)),*])
    };
}
pub(crate) use set;

/// Yes / no.
pub(crate) const YES_NO: Labels = set!("yesno", [(1, "Yes"), (2, "No")]);
/// Yes / no / DK / no response.
pub(crate) const YES_NO_DK: Labels = set!(
    "yesnodk",
    [(1, "Yes"), (2, "No"), (8, "DK"), (9, "No response")]
);
/// Sex.
pub(crate) const SEX: Labels = set!("sex", [(1, "Male"), (2, "Female")]);
/// Area.
pub(crate) const AREA: Labels = set!("HH6", [(1, "Urban"), (2, "Rural")]);
/// Wealth quintile.
pub(crate) const QUINTILE: Labels = set!(
    "windex5",
    [
        (1, "Poorest"),
        (2, "Second"),
        (3, "Middle"),
        (4, "Fourth"),
        (5, "Richest")
    ]
);
/// Education level (head, mother, woman): tendik's coding, see the README.
pub(crate) const EDUCATION: Labels = set!(
    "educ",
    [
        (0, "Pre-primary or none"),
        (1, "Primary"),
        (2, "Lower secondary"),
        (3, "Upper secondary"),
        (4, "Vocational or higher"),
        (5, "Mother not in household"),
        (9, "Missing/DK"),
    ]
);
/// Result of an individual interview (UF17, FS17, WM17).
pub(crate) const RESULT_INDIVIDUAL: Labels = set!(
    "result",
    [
        (1, "Completed"),
        (2, "Not at home"),
        (3, "Refused"),
        (4, "Partly completed"),
        (5, "Incapacitated"),
        (96, "Other"),
    ]
);
/// Discipline items (UCD2A–K, FCD2A–K).
pub(crate) const DISCIPLINE: Labels = set!(
    "discipline",
    [(1, "Yes"), (2, "No"), (8, "DK"), (9, "No response")]
);
