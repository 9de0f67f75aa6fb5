//! HTML tables of figures, marked as MICS marks them.

use std::fmt::Write as _;

use crate::figure::{Figure, Locale};
use crate::svg::{clean_id, escape};

/// One row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// The row's name (its header cell).
    pub label: String,
    /// A code written as the row's `data-code` (an area's code).
    pub code: Option<String>,
    /// Where the row's name links to (drill-down), if anywhere.
    pub href: Option<String>,
    /// The figures, one per column.
    pub cells: Vec<Figure>,
}

/// A table of figures (percentages).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The table's `id`, if any (cleaned as chart ids are).
    pub id: Option<String>,
    /// The caption (what the figures are, in what unit).
    pub caption: String,
    /// The header of the row names' column.
    pub corner: String,
    /// The columns' headers.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<TableRow>,
    /// Write each shown figure's interval under it.
    pub show_ci: bool,
    /// A note added to the footer after the marks, if any.
    pub note: Option<String>,
}

/// The table as HTML: `<caption>`, a `<thead>` of `scope="col"` headers, rows headed by
/// `scope="row"` cells (with `data-code` and links), figures as percentages with the
/// locale's decimal separator — caution in parentheses `(23.4)` (`class="caution"`),
/// suppressed `*`, unavailable `–` — each cell's tooltip (`title`) giving the CI and n, and a
/// footer row explaining the marks used.
#[must_use]
pub fn table(table: &Table, locale: &Locale) -> String {
    let mut out = String::from("<table class=\"tendik-table\"");
    if let Some(id) = &table.id {
        let _ = write!(out, " id=\"{}\"", clean_id(id));
    }
    let _ = write!(
        out,
        "><caption>{}</caption><thead><tr>",
        escape(&table.caption)
    );
    let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&table.corner));
    for column in &table.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(column));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        out.push_str("<tr");
        if let Some(code) = &row.code {
            let _ = write!(out, " data-code=\"{}\"", escape(code));
        }
        out.push_str("><th scope=\"row\">");
        match &row.href {
            Some(href) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    escape(href),
                    escape(&row.label)
                );
            }
            None => out.push_str(&escape(&row.label)),
        }
        out.push_str("</th>");
        for (figure, column) in row.cells.iter().zip(&table.columns) {
            out.push_str(&cell(
                figure,
                &format!("{}, {column}", row.label),
                table.show_ci,
                locale,
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
    let footer = footer(table, locale);
    if !footer.is_empty() {
        let _ = write!(
            out,
            "<tfoot><tr><td colspan=\"{}\">{}</td></tr></tfoot>",
            table.columns.len() + 1,
            escape(&footer)
        );
    }
    out.push_str("</table>");
    out
}

fn cell(figure: &Figure, name: &str, show_ci: bool, locale: &Locale) -> String {
    let class = match figure.shown() {
        Some(_) if figure.is_caution() => "num caution",
        Some(_) => "num",
        None if figure.missing_mark() == "*" => "num suppressed",
        None => "num unavailable",
    };
    let mut out = format!("<td class=\"{class}\"");
    if let Some(value) = figure.shown() {
        let _ = write!(out, " data-value=\"{value}\"");
    }
    let _ = write!(out, " title=\"{}\">", escape(&locale.tooltip(name, figure)));
    out.push_str(&escape(&locale.cell(figure)));
    if show_ci && let Some(ci) = figure.shown_ci() {
        let _ = write!(
            out,
            "<br/><span class=\"ci\">{}</span>",
            escape(&locale.interval(ci))
        );
    }
    out.push_str("</td>");
    out
}

/// `( ) <caution>; * <suppressed>; – <unavailable>` for the marks the table uses, then the
/// note.
fn footer(table: &Table, locale: &Locale) -> String {
    let cells = || table.rows.iter().flat_map(|r| &r.cells);
    let mut parts = Vec::new();
    if cells().any(Figure::is_caution) {
        parts.push(format!("( ) {}", locale.caution));
    }
    if cells().any(|f| f.shown().is_none() && f.missing_mark() == "*") {
        parts.push(format!("* {}", locale.suppressed));
    }
    if cells().any(|f| f.shown().is_none() && f.missing_mark() == "–") {
        parts.push(format!("– {}", locale.unavailable));
    }
    parts.extend(table.note.iter().filter(|n| !n.trim().is_empty()).cloned());
    parts.join("; ")
}
