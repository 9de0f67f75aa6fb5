//! Equity charts after WHO's HEAT: each subgroup's estimate as a dot on one axis, the range
//! between the lowest and the highest, the two ends compared (poorest and richest) and their
//! gap at the end of the row.

use crate::colour::QUALITATIVE;
use crate::figure::{Figure, Frame, Locale};
use crate::legend::{self, Key};
use crate::marks::ticks;
use crate::svg::{
    Anchor, Doc, INK, MARGIN, MUTED, SMALL_SIZE, TEXT_SIZE, Tag, WIDTH, chars_in, lines, px, text,
    text_width, title, wrap,
};

/// One row: an indicator (or a breakdown) with its subgroups' figures.
#[derive(Debug, Clone, PartialEq)]
pub struct EquityRow {
    /// The indicator's name.
    pub label: String,
    /// Per subgroup of [`Equity::subgroups`], in that order: its figure, or `None` where the
    /// subgroup is not part of this row.
    pub figures: Vec<Option<Figure>>,
    /// The two subgroups compared, as positions in [`Equity::subgroups`]: (most
    /// disadvantaged, most advantaged), e.g. (poorest, richest). Both are ringed.
    pub ends: Option<(usize, usize)>,
    /// The gap written at the end of the row, a difference of proportions (its CI goes in the
    /// tooltip). `None`: the first end's estimate minus the second's, when both are shown.
    pub gap: Option<Figure>,
}

/// An equity chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Equity {
    /// Id, title, description and note.
    pub frame: Frame,
    /// The subgroups' names, in legend order (`Poorest`, `Second`, … `Richest`).
    pub subgroups: Vec<String>,
    /// The rows, top to bottom.
    pub rows: Vec<EquityRow>,
    /// The heading of the gap column and the legend's text for the ringed ends
    /// (`Poorest − richest`).
    pub gap_title: String,
}

const ROW: f64 = 30.0;
const GAP_COLUMN: f64 = 96.0;
const RADIUS: f64 = 5.5;

/// A subgroup's dot at `(x, y)`: shapes 0 circle, 1 square, 2 diamond, 3 triangle (cycling);
/// hollow (caution) drawn as an outline; ringed (a compared end) larger with a dark ring.
pub(crate) fn dot(
    (x, y): (f64, f64),
    colour: &str,
    shape: usize,
    hollow: bool,
    ringed: bool,
) -> String {
    let r = if ringed { RADIUS + 1.5 } else { RADIUS };
    let points = |pairs: &[(f64, f64)]| {
        let list: Vec<String> = pairs
            .iter()
            .map(|(a, b)| format!("{},{}", px(x + a * r), px(y + b * r)))
            .collect();
        list.join(" ")
    };
    let tag = match shape % 4 {
        0 => Tag::new("circle").num("cx", x).num("cy", y).num("r", r),
        1 => Tag::new("rect")
            .num("x", x - r * 0.85)
            .num("y", y - r * 0.85)
            .num("width", r * 1.7)
            .num("height", r * 1.7),
        2 => Tag::new("polygon").attr(
            "points",
            &points(&[(0.0, -1.2), (1.2, 0.0), (0.0, 1.2), (-1.2, 0.0)]),
        ),
        _ => Tag::new("polygon").attr("points", &points(&[(0.0, -1.2), (1.1, 0.8), (-1.1, 0.8)])),
    };
    let tag = if hollow {
        tag.attr("fill", "#fff")
            .attr("stroke", colour)
            .attr("stroke-width", "2")
    } else {
        tag.attr("fill", colour)
            .attr("stroke", "#fff")
            .attr("stroke-width", "1")
    };
    let mut out = String::new();
    if ringed {
        let ring = Tag::new("circle")
            .num("cx", x)
            .num("cy", y)
            .num("r", r + 3.5);
        out.push_str(
            &ring
                .attr("fill", "none")
                .attr("stroke", INK)
                .attr("stroke-width", "1.5")
                .close(),
        );
    }
    out.push_str(&tag.close());
    out
}

/// The equity chart: per row a `<g class="equity-row">` with the range line, each shown
/// subgroup's dot in a `<g class="dot">` with its tooltip (CI included), the ends ringed,
/// and the gap at the right; a legend of subgroups (colour and shape), caution (hollow) and
/// the ends.
#[must_use]
pub fn equity(chart: &Equity, locale: &Locale) -> String {
    let mut doc = Doc::new(&chart.frame, "equity");
    let longest = chart
        .rows
        .iter()
        .map(|r| text_width(&r.label, TEXT_SIZE))
        .fold(0.0, f64::max);
    let label_width = longest.clamp(100.0, 220.0);
    let left = MARGIN + label_width + 16.0;
    let right = WIDTH - MARGIN - GAP_COLUMN - 12.0;
    let scale = |v: f64| left + v.clamp(0.0, 1.0) * (right - left);
    let heading = wrap(&chart.gap_title, chars_in(GAP_COLUMN, SMALL_SIZE));
    let top = Doc::TOP + heading.len() as f64 * 14.0 + 4.0;
    let tag = Tag::new("g")
        .attr("font-weight", "bold")
        .attr("class", "gap-title");
    doc.push(&tag.wrap(&lines(
        WIDTH - MARGIN,
        Doc::TOP + 10.0,
        SMALL_SIZE,
        Anchor::End,
        &heading,
    )));
    let bottom = top + chart.rows.len() as f64 * ROW;
    let mut grid = String::new();
    for tick in ticks(1.0, 0.2) {
        let x = scale(tick);
        let line = Tag::new("path").attr(
            "d",
            &format!("M{} {}L{} {}", px(x), px(top), px(x), px(bottom)),
        );
        grid.push_str(&line.attr("stroke", "#e3e3e3").close());
        grid.push_str(&text(
            x,
            bottom + 14.0,
            SMALL_SIZE,
            Anchor::Middle,
            &format!("{}%", locale.number.number(tick * 100.0, 0)),
        ));
    }
    doc.push(
        &Tag::new("g")
            .attr("class", "axis")
            .attr("fill", MUTED)
            .wrap(&grid),
    );
    let mut caution = false;
    for (i, row) in chart.rows.iter().enumerate() {
        let y = top + (i as f64 + 0.5) * ROW;
        let mut group = String::new();
        let label = wrap(&row.label, chars_in(label_width, TEXT_SIZE));
        let first = y + 4.0 - (label.len() as f64 - 1.0) * 7.0;
        let details: Vec<String> = chart
            .subgroups
            .iter()
            .zip(&row.figures)
            .filter_map(|(name, figure)| figure.map(|f| locale.tooltip(name, &f)))
            .collect();
        let label_text = lines(left - 10.0, first, TEXT_SIZE, Anchor::End, &label);
        let label_title = title(&format!("{}\n{}", row.label, details.join("\n")));
        group.push_str(
            &Tag::new("g")
                .attr("class", "row-label")
                .wrap(&(label_title + &label_text)),
        );
        let shown: Vec<(usize, f64)> = row
            .figures
            .iter()
            .enumerate()
            .filter_map(|(j, f)| f.and_then(|f| f.shown()).map(|v| (j, v)))
            .collect();
        let low = shown.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
        let high = shown.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
        let guide = Tag::new("path").attr(
            "d",
            &format!("M{} {}L{} {}", px(left), px(y), px(right), px(y)),
        );
        group.push_str(&guide.attr("stroke", "#ededed").close());
        if shown.len() > 1 {
            let range = Tag::new("path").attr("class", "range").attr(
                "d",
                &format!(
                    "M{} {}L{} {}",
                    px(scale(low)),
                    px(y),
                    px(scale(high)),
                    px(y)
                ),
            );
            group.push_str(
                &range
                    .attr("stroke", "#9a9a9a")
                    .attr("stroke-width", "3")
                    .attr("stroke-linecap", "round")
                    .close(),
            );
        }
        let is_end = |j: usize| row.ends.is_some_and(|(a, b)| a == j || b == j);
        // Ends last, so they sit on top.
        let mut order: Vec<&(usize, f64)> = shown.iter().filter(|s| !is_end(s.0)).collect();
        order.extend(shown.iter().filter(|s| is_end(s.0)));
        for &&(j, value) in &order {
            let figure = row.figures[j].unwrap_or_else(Figure::unavailable);
            caution |= figure.is_caution();
            let name = chart.subgroups.get(j).map_or("", String::as_str);
            let colour = QUALITATIVE[j % QUALITATIVE.len()];
            let mark = dot((scale(value), y), colour, j, figure.is_caution(), is_end(j));
            let class = if is_end(j) { "dot end" } else { "dot" };
            let tag = Tag::new("g")
                .attr("class", class)
                .attr("data-subgroup", &j.to_string())
                .attr("data-value", &value.to_string());
            group.push_str(&tag.wrap(&(title(&locale.tooltip(name, &figure)) + &mark)));
        }
        group.push_str(&gap_text(row, locale, &chart.gap_title, y));
        doc.push(&Tag::new("g").attr("class", "equity-row").wrap(&group));
    }
    let mut keys: Vec<(Key, String)> = chart
        .subgroups
        .iter()
        .enumerate()
        .map(|(j, name)| {
            (
                Key::Dot(QUALITATIVE[j % QUALITATIVE.len()], j, false, false),
                name.clone(),
            )
        })
        .collect();
    if chart.rows.iter().any(|r| r.ends.is_some()) {
        keys.push((Key::Dot("#9a9a9a", 0, false, true), chart.gap_title.clone()));
    }
    if caution {
        keys.push((Key::Dot(MUTED, 0, true, false), locale.caution.clone()));
    }
    let y = legend::flow(&mut doc, &keys, MARGIN, WIDTH - MARGIN, bottom + 26.0);
    let y = doc.note(chart.frame.note.as_deref(), y + 6.0);
    doc.finish(y + 8.0)
}

/// The gap at the row's end, with its interval in the tooltip.
fn gap_text(row: &EquityRow, locale: &Locale, gap_title: &str, y: f64) -> String {
    let gap = row.gap.or_else(|| {
        let (a, b) = row.ends?;
        let first = row.figures.get(a).copied().flatten()?.shown()?;
        let second = row.figures.get(b).copied().flatten()?.shown()?;
        Some(Figure {
            estimate: Some(first - second),
            ci: None,
            reliability: crate::Reliability::Reliable,
            n: None,
        })
    });
    let missing_end = row.ends.and_then(|(a, b)| {
        [a, b].into_iter().find_map(|j| {
            let figure = row
                .figures
                .get(j)
                .copied()
                .flatten()
                .unwrap_or_else(Figure::unavailable);
            figure.shown().is_none().then_some(figure)
        })
    });
    // An end not shown leaves its mark in place of the gap.
    let Some(gap) = gap.or(missing_end) else {
        return String::new();
    };
    let (shown, tooltip) = match gap.shown() {
        Some(value) => {
            let ci = gap
                .shown_ci()
                .map(|(l, h)| {
                    format!(
                        " ({} {} {})",
                        locale.ci,
                        locale.interval((l, h)),
                        locale.points
                    )
                })
                .unwrap_or_default();
            (
                locale.points(value),
                format!("{gap_title}: {}{ci}", locale.points(value)),
            )
        }
        None => (
            gap.missing_mark().to_owned(),
            locale.tooltip(gap_title, &gap),
        ),
    };
    let shown = if gap.is_caution() {
        format!("({shown})")
    } else {
        shown
    };
    let tag = Tag::new("text")
        .attr("class", "gap")
        .num("x", WIDTH - MARGIN)
        .num("y", y + 4.0);
    let tag = tag.attr("text-anchor", "end").attr("font-weight", "bold");
    tag.wrap(&(title(&tooltip) + &crate::svg::escape(&shown)))
}
