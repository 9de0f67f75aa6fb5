//! WHO HEAT Plus's upload template (v6): one row per subgroup of an indicator × dimension
//! of a setting and date. Read into [`Stratum`]s for [`super::heat::summarise`], and written
//! from tendik's own subgroup estimates so that they load into HEAT Plus.

use std::collections::HashMap;
use std::io::{Read, Write};

use super::heat::{Stratum, Subgroup};
use crate::MeasureError;

/// The template's columns, in HEAT Plus v6's order.
pub const COLUMNS: [&str; 20] = [
    "setting",
    "date",
    "source",
    "indicator_abbr",
    "indicator_name",
    "dimension",
    "subgroup",
    "estimate",
    "se",
    "ci_lb",
    "ci_ub",
    "population",
    "note",
    "setting_average",
    "iso3",
    "favourable_indicator",
    "indicator_scale",
    "ordered_dimension",
    "subgroup_order",
    "reference_subgroup",
];

/// The columns a template must have (the others are optional). Older templates name
/// `date` `year`.
const REQUIRED: [&str; 16] = [
    "setting",
    "date",
    "source",
    "indicator_abbr",
    "indicator_name",
    "dimension",
    "subgroup",
    "estimate",
    "se",
    "population",
    "setting_average",
    "favourable_indicator",
    "indicator_scale",
    "ordered_dimension",
    "subgroup_order",
    "reference_subgroup",
];

/// One row of the template.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// The setting (a country, a region).
    pub setting: String,
    /// The date of the data (a year).
    pub date: String,
    /// The data source (`MICS 2018`).
    pub source: String,
    /// The indicator's short name.
    pub indicator_abbr: String,
    /// The indicator's name.
    pub indicator_name: String,
    /// The inequality dimension (`Economic status`).
    pub dimension: String,
    /// The subgroup (`Quintile 1 (poorest)`).
    pub subgroup: String,
    /// The subgroup's estimate.
    pub estimate: Option<f64>,
    /// Its standard error.
    pub se: Option<f64>,
    /// Its interval, for display.
    pub ci_lb: Option<f64>,
    /// See `ci_lb`.
    pub ci_ub: Option<f64>,
    /// The number of people the subgroup stands for.
    pub population: Option<f64>,
    /// A note.
    pub note: String,
    /// The setting's average.
    pub setting_average: Option<f64>,
    /// ISO 3166-1 alpha-3 code of a country setting.
    pub iso3: String,
    /// 1 when higher is better.
    pub favourable_indicator: bool,
    /// 100 for percentages, 1000 for rates per 1000, 1 otherwise.
    pub indicator_scale: f64,
    /// 1 for an ordered dimension of more than two subgroups.
    pub ordered_dimension: bool,
    /// 1 … n from the most disadvantaged in an ordered dimension, else 0.
    pub subgroup_order: u32,
    /// 1 for the reference subgroup of an unordered dimension.
    pub reference_subgroup: bool,
}

/// The subgroups of one indicator × dimension of a setting and date, with their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The setting.
    pub setting: String,
    /// The date.
    pub date: String,
    /// The source.
    pub source: String,
    /// The indicator's short name.
    pub indicator_abbr: String,
    /// The indicator's name.
    pub indicator_name: String,
    /// The dimension.
    pub dimension: String,
    /// The subgroups and how to read them.
    pub stratum: Stratum,
}

fn bad(file: &str, line: u64, message: String) -> MeasureError {
    MeasureError::Template {
        file: file.to_owned(),
        line,
        message,
    }
}

/// Read a template (CSV; `,` or `;` separated) named `file` in messages, and check it:
/// every required column, numbers where numbers belong, a population for every subgroup
/// (or else a setting average),
/// one favourable flag, scale and kind per stratum, orders 1 … n in an ordered dimension,
/// at most one reference, at least two subgroups. Strata in the order first met.
pub fn read(mut input: impl Read, file: &str) -> Result<Vec<Entry>, MeasureError> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| MeasureError::BadRequest(format!("{file} cannot be read: {e}")))?;
    // `;` when the header has no comma (Excel's CSV in Russian and Kyrgyz locales).
    let header = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if !header.contains(&b',') && header.contains(&b';') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| bad(file, 1, format!("the header cannot be read: {e}")))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let position = |column: &str| {
        names
            .iter()
            .position(|n| n == column)
            .or_else(|| match column {
                "date" => names.iter().position(|n| n == "year"),
                "note" => names.iter().position(|n| n == "flag"),
                _ => None,
            })
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| position(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(bad(
            file,
            1,
            format!(
                "the template lacks the column{} {}; a HEAT Plus template has {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                REQUIRED.join(", ")
            ),
        ));
    }
    let at: HashMap<&str, Option<usize>> = COLUMNS.iter().map(|c| (*c, position(c))).collect();
    let mut entries: Vec<Entry> = Vec::new();
    let mut index: HashMap<[String; 6], (usize, u64)> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            bad(file, line, format!("the row cannot be read: {e}"))
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let text = |column: &str| {
            at[column]
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        let number = |column: &str| -> Result<Option<f64>, MeasureError> {
            let value = text(column);
            if value.is_empty() || value.eq_ignore_ascii_case("na") {
                return Ok(None);
            }
            // A decimal comma where `;` separates the fields.
            let value = if delimiter == b';' {
                value.replace(',', ".")
            } else {
                value
            };
            match value.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
                _ => Err(bad(
                    file,
                    line,
                    format!(
                        "`{column}` is `{value}`; give a number of at least 0, or leave it empty"
                    ),
                )),
            }
        };
        let flag = |column: &str| -> Result<bool, MeasureError> {
            match text(column).as_str() {
                "1" => Ok(true),
                "0" => Ok(false),
                other => Err(bad(
                    file,
                    line,
                    format!("`{column}` is `{other}`; give 1 or 0"),
                )),
            }
        };
        let row = Row {
            setting: text("setting"),
            date: text("date"),
            source: text("source"),
            indicator_abbr: text("indicator_abbr"),
            indicator_name: text("indicator_name"),
            dimension: text("dimension"),
            subgroup: text("subgroup"),
            estimate: number("estimate")?,
            se: number("se")?,
            ci_lb: None,
            ci_ub: None,
            population: number("population")?,
            note: text("note"),
            setting_average: number("setting_average")?,
            iso3: text("iso3"),
            favourable_indicator: flag("favourable_indicator")?,
            indicator_scale: number("indicator_scale")?.unwrap_or(0.0),
            ordered_dimension: flag("ordered_dimension")?,
            subgroup_order: {
                let value = text("subgroup_order");
                value.parse::<u32>().map_err(|_| {
                    bad(
                        file,
                        line,
                        format!("`subgroup_order` is `{value}`; give 1, 2, … in an ordered dimension (1 the most disadvantaged), 0 otherwise"),
                    )
                })?
            },
            reference_subgroup: flag("reference_subgroup")?,
        };
        for column in ["setting", "date", "indicator_abbr", "dimension", "subgroup"] {
            if text(column).is_empty() {
                return Err(bad(file, line, format!("`{column}` is empty")));
            }
        }
        if row.indicator_scale <= 0.0 {
            return Err(bad(
                file,
                line,
                "`indicator_scale` must be above 0: 100 for percentages, 1000 for rates per 1000, 1 otherwise".to_owned(),
            ));
        }
        if row.population.is_none() && row.setting_average.is_none() {
            return Err(bad(
                file,
                line,
                format!(
                    "subgroup `{}` has no population and no setting_average; give the number of people it stands for (a weighted count), or the setting's average",
                    row.subgroup
                ),
            ));
        }
        let key = [
            row.setting.clone(),
            row.date.clone(),
            row.source.clone(),
            row.indicator_abbr.clone(),
            row.indicator_name.clone(),
            row.dimension.clone(),
        ];
        let (slot, first) = *index.entry(key).or_insert_with(|| {
            entries.push(Entry {
                setting: row.setting.clone(),
                date: row.date.clone(),
                source: row.source.clone(),
                indicator_abbr: row.indicator_abbr.clone(),
                indicator_name: row.indicator_name.clone(),
                dimension: row.dimension.clone(),
                stratum: Stratum {
                    subgroups: Vec::new(),
                    ordered: row.ordered_dimension,
                    favourable: row.favourable_indicator,
                    scale: row.indicator_scale,
                    setting_average: row.setting_average,
                },
            });
            (entries.len() - 1, line)
        });
        let entry = &mut entries[slot];
        let stratum = &mut entry.stratum;
        let same = |what: &str, ok: bool| {
            if ok {
                Ok(())
            } else {
                Err(bad(
                    file,
                    line,
                    format!(
                        "`{what}` differs from line {first} for {} × {} ({} {}); give one value per indicator and dimension",
                        row.indicator_abbr, row.dimension, row.setting, row.date
                    ),
                ))
            }
        };
        same(
            "favourable_indicator",
            stratum.favourable == row.favourable_indicator,
        )?;
        same(
            "indicator_scale",
            stratum.scale.to_bits() == row.indicator_scale.to_bits(),
        )?;
        same(
            "ordered_dimension",
            stratum.ordered == row.ordered_dimension,
        )?;
        if stratum.subgroups.iter().any(|s| s.name == row.subgroup) {
            return Err(bad(
                file,
                line,
                format!(
                    "subgroup `{}` appears twice in {} × {} ({} {})",
                    row.subgroup, row.indicator_abbr, row.dimension, row.setting, row.date
                ),
            ));
        }
        stratum.subgroups.push(Subgroup {
            name: row.subgroup,
            estimate: row.estimate,
            se: row.se,
            population: row.population,
            order: row.subgroup_order,
            reference: row.reference_subgroup,
        });
        if stratum.setting_average.is_none() {
            stratum.setting_average = row.setting_average;
        }
    }
    let mut firsts = vec![0; entries.len()];
    for &(slot, line) in index.values() {
        firsts[slot] = line;
    }
    for (entry, first) in entries.iter().zip(firsts) {
        check(entry, file, first)?;
    }
    Ok(entries)
}

fn check(entry: &Entry, file: &str, line: u64) -> Result<(), MeasureError> {
    let stratum = &entry.stratum;
    let what = format!(
        "{} × {} ({} {}, from line {line})",
        entry.indicator_abbr, entry.dimension, entry.setting, entry.date
    );
    if stratum.subgroups.len() < 2 {
        return Err(bad(
            file,
            line,
            format!("{what} has a single subgroup; inequality needs at least two"),
        ));
    }
    if stratum.ordered {
        let mut orders: Vec<u32> = stratum.subgroups.iter().map(|s| s.order).collect();
        orders.sort_unstable();
        if orders.iter().enumerate().any(|(i, &o)| o != i as u32 + 1) {
            return Err(bad(
                file,
                line,
                format!(
                    "{what} is an ordered dimension but its subgroup_order values are {}; give 1, 2, … {} (1 the most disadvantaged)",
                    orders
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    orders.len()
                ),
            ));
        }
        if stratum.subgroups.iter().any(|s| s.reference) {
            return Err(bad(
                file,
                line,
                format!(
                    "{what} is ordered and has a reference subgroup; an ordered dimension has none (set reference_subgroup to 0)"
                ),
            ));
        }
    } else if stratum.subgroups.iter().filter(|s| s.reference).count() > 1 {
        return Err(bad(
            file,
            line,
            format!("{what} has more than one reference subgroup; mark one at most"),
        ));
    }
    Ok(())
}

/// One cell of a template row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number, or empty.
    Number(Option<f64>),
}

impl Row {
    /// The row's cells, in the order of [`COLUMNS`] (flags as the numbers 1 and 0).
    #[must_use]
    pub fn cells(&self) -> [Cell; 20] {
        let text = |v: &String| Cell::Text(v.clone());
        let flag = |v: bool| Cell::Number(Some(if v { 1.0 } else { 0.0 }));
        [
            text(&self.setting),
            text(&self.date),
            text(&self.source),
            text(&self.indicator_abbr),
            text(&self.indicator_name),
            text(&self.dimension),
            text(&self.subgroup),
            Cell::Number(self.estimate),
            Cell::Number(self.se),
            Cell::Number(self.ci_lb),
            Cell::Number(self.ci_ub),
            Cell::Number(self.population),
            text(&self.note),
            Cell::Number(self.setting_average),
            text(&self.iso3),
            flag(self.favourable_indicator),
            Cell::Number(Some(self.indicator_scale)),
            flag(self.ordered_dimension),
            Cell::Number(Some(f64::from(self.subgroup_order))),
            flag(self.reference_subgroup),
        ]
    }
}

/// Write `rows` as a template (CSV, the v6 columns in order).
pub fn write(rows: &[Row], output: impl Write) -> Result<(), MeasureError> {
    let mut writer = csv::Writer::from_writer(output);
    let io =
        |e: csv::Error| MeasureError::BadRequest(format!("the template cannot be written: {e}"));
    writer.write_record(COLUMNS).map_err(io)?;
    for row in rows {
        writer
            .write_record(row.cells().map(|cell| match cell {
                Cell::Text(text) => text,
                Cell::Number(v) => v.map(|v| v.to_string()).unwrap_or_default(),
            }))
            .map_err(io)?;
    }
    writer
        .flush()
        .map_err(|e| MeasureError::BadRequest(format!("the template cannot be written: {e}")))?;
    Ok(())
}
