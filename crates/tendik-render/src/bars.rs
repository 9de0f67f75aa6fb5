//! Bar charts: horizontal bars by group, and the distribution of the number of
//! deprivations as columns.

use crate::colour::BAR;
use crate::figure::{Figure, Frame, Locale};
use crate::legend::{self, Key, caption};
use crate::marks::{PLOT_HEIGHT, axis_top, bar_rect, whisker_h, whisker_v, x_axis, y_axis};
use crate::svg::{
    Anchor, Doc, INK, MARGIN, SMALL_SIZE, TEXT_SIZE, Tag, WIDTH, chars_in, px, text, text_width,
    title, wrap,
};

/// One bar: a group's figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The group's name (`Naryn Region`, `Rural`, `Poorest`).
    pub label: String,
    /// A code written as `data-code` (an area's code, for linking map and chart).
    pub code: Option<String>,
    /// The figure.
    pub figure: Figure,
}

/// Bars under one heading (one breakdown: region, residence, wealth quintile…).
#[derive(Debug, Clone, PartialEq)]
pub struct BarSection {
    /// The breakdown's name, drawn above its bars (`None`: no heading).
    pub title: Option<String>,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
}

/// A vertical reference line: the national figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Its name (`Kyrgyzstan`).
    pub label: String,
    /// Its value, a proportion.
    pub value: f64,
}

/// A horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// Id, title, description and note.
    pub frame: Frame,
    /// The breakdowns, top to bottom.
    pub sections: Vec<BarSection>,
    /// The national figure drawn across all bars, if any.
    pub reference: Option<Reference>,
}

const ROW: f64 = 24.0;
const THICKNESS: f64 = 14.0;

/// The horizontal bar chart: each bar a `<g class="bar-group">` with a `<title>` tooltip
/// (CI included), the bar, its whisker and its label; suppressed and unavailable figures
/// get their mark and no bar.
#[must_use]
pub fn bar_chart(bars: &Bars, locale: &Locale) -> String {
    let mut doc = Doc::new(&bars.frame, "bars");
    doc.hatch_defs();
    let all: Vec<&Bar> = bars.sections.iter().flat_map(|s| &s.bars).collect();
    let longest = all
        .iter()
        .map(|b| text_width(&b.label, TEXT_SIZE))
        .fold(0.0, f64::max);
    let label_width = longest.clamp(90.0, 240.0);
    let plot_left = MARGIN + label_width + 10.0;
    let plot_right = WIDTH - MARGIN - 64.0;
    let highest = all
        .iter()
        .filter_map(|b| b.figure.shown_ci().map(|c| c.1).or(b.figure.shown()))
        .chain(bars.reference.iter().map(|r| r.value))
        .fold(0.0, f64::max);
    let axis = axis_top(highest);
    let scale = |v: f64| plot_left + v.clamp(0.0, axis.0) / axis.0 * (plot_right - plot_left);
    let plot_top = Doc::TOP + if bars.reference.is_some() { 20.0 } else { 4.0 };
    let mut y = plot_top;
    let mut rows = String::new();
    for section in &bars.sections {
        if let Some(heading) = &section.title {
            let tag = Tag::new("text")
                .num("x", MARGIN)
                .num("y", y + 15.0)
                .attr("font-weight", "bold");
            rows.push_str(&tag.attr("class", "section").text(heading));
            y += 22.0;
        }
        for bar in &section.bars {
            let label = wrap(&bar.label, chars_in(label_width, TEXT_SIZE));
            let height = ROW.max(label.len() as f64 * 14.0 + 8.0);
            let middle = y + height / 2.0;
            let mut group = title(&locale.tooltip(&bar.label, &bar.figure));
            let first = middle + 4.0 - (label.len() as f64 - 1.0) * 7.0;
            for (i, line) in label.iter().enumerate() {
                group.push_str(&text(
                    plot_left - 8.0,
                    first + i as f64 * 14.0,
                    TEXT_SIZE,
                    Anchor::End,
                    line,
                ));
            }
            match bar.figure.shown() {
                Some(value) => {
                    let rect = (
                        plot_left,
                        middle - THICKNESS / 2.0,
                        scale(value) - plot_left,
                        THICKNESS,
                    );
                    group.push_str(&bar_rect(&doc, rect, BAR, &bar.figure));
                    let mut end = scale(value);
                    if let Some((low, high)) = bar.figure.shown_ci() {
                        group.push_str(&whisker_h(scale(low), scale(high), middle));
                        end = end.max(scale(high));
                    }
                    group.push_str(&text(
                        end + 5.0,
                        middle + 4.0,
                        SMALL_SIZE,
                        Anchor::Start,
                        &locale.label(&bar.figure),
                    ));
                }
                None => group.push_str(&text(
                    plot_left + 6.0,
                    middle + 4.0,
                    TEXT_SIZE,
                    Anchor::Start,
                    bar.figure.missing_mark(),
                )),
            }
            let tag = Tag::new("g")
                .attr("class", "bar-group")
                .attr_opt("data-code", bar.code.as_deref());
            let value = bar.figure.shown().map(|v| v.to_string());
            rows.push_str(&tag.attr_opt("data-value", value.as_deref()).wrap(&group));
            y += height;
        }
    }
    let plot_bottom = y + 4.0;
    doc.push(&x_axis(
        plot_left,
        plot_right,
        plot_top,
        plot_bottom,
        axis,
        locale,
    ));
    doc.push(&rows);
    let mut keys = Vec::new();
    if all.iter().any(|b| b.figure.shown_ci().is_some()) {
        keys.push((Key::Whisker, locale.ci.clone()));
    }
    if let Some(reference) = &bars.reference {
        let x = scale(reference.value);
        let line = Tag::new("path").attr("class", "reference").attr(
            "d",
            &format!(
                "M{} {}L{} {}",
                px(x),
                px(plot_top - 4.0),
                px(x),
                px(plot_bottom)
            ),
        );
        doc.push(
            &line
                .attr("stroke", INK)
                .attr("stroke-width", "1.2")
                .attr("stroke-dasharray", "4 3")
                .close(),
        );
        let label = format!(
            "{}: {}%",
            reference.label,
            locale.number.percent(reference.value)
        );
        let anchor = if x > f64::midpoint(plot_left, plot_right) {
            Anchor::End
        } else {
            Anchor::Start
        };
        let shift = if anchor == Anchor::End { -4.0 } else { 4.0 };
        doc.push(&text(x + shift, plot_top - 6.0, SMALL_SIZE, anchor, &label));
        keys.push((Key::Reference, reference.label.clone()));
    }
    keys.extend(legend::mark_keys(
        all.iter().map(|b| &b.figure),
        BAR,
        locale,
    ));
    let y = legend::flow(&mut doc, &keys, MARGIN, WIDTH - MARGIN, plot_bottom + 24.0);
    let y = doc.note(bars.frame.note.as_deref(), y + 6.0);
    doc.finish(y + 8.0)
}

/// One column of a distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The category (`0`, `1`, `2`, `3+`).
    pub label: String,
    /// The share of children in it.
    pub figure: Figure,
}

/// The distribution of children by number of deprivations.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    /// Id, title, description and note.
    pub frame: Frame,
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The name of the categories' axis (`Number of deprivations`).
    pub axis_label: String,
}

/// The distribution as columns with whiskers and value labels; suppressed and unavailable
/// columns show their mark.
#[must_use]
pub fn distribution(chart: &Distribution, locale: &Locale) -> String {
    let mut doc = Doc::new(&chart.frame, "distribution");
    doc.hatch_defs();
    let (left, right) = (MARGIN + 44.0, WIDTH - MARGIN);
    let (top, bottom) = (Doc::TOP + 20.0, Doc::TOP + 20.0 + PLOT_HEIGHT);
    let highest = chart
        .columns
        .iter()
        .filter_map(|c| c.figure.shown_ci().map(|ci| ci.1).or(c.figure.shown()))
        .fold(0.0, f64::max);
    let axis = axis_top(highest);
    let scale = |v: f64| bottom - v.clamp(0.0, axis.0) / axis.0 * (bottom - top);
    doc.push(&y_axis(left, right, top, bottom, axis, locale));
    let slot = (right - left) / chart.columns.len().max(1) as f64;
    let width = (slot * 0.6).min(80.0);
    for (i, column) in chart.columns.iter().enumerate() {
        let centre = left + slot * (i as f64 + 0.5);
        let mut group = title(&locale.tooltip(&column.label, &column.figure));
        let mut label_y = bottom - 6.0;
        if let Some(value) = column.figure.shown() {
            let rect = (
                centre - width / 2.0,
                scale(value),
                width,
                bottom - scale(value),
            );
            group.push_str(&bar_rect(&doc, rect, BAR, &column.figure));
            label_y = scale(value) - 6.0;
            if let Some((low, high)) = column.figure.shown_ci() {
                group.push_str(&whisker_v(centre, scale(low), scale(high)));
                label_y = label_y.min(scale(high) - 6.0);
            }
        }
        group.push_str(&text(
            centre,
            label_y,
            SMALL_SIZE,
            Anchor::Middle,
            &locale.label(&column.figure),
        ));
        group.push_str(&text(
            centre,
            bottom + 16.0,
            TEXT_SIZE,
            Anchor::Middle,
            &column.label,
        ));
        let value = column.figure.shown().map(|v| v.to_string());
        let tag = Tag::new("g")
            .attr("class", "bar-group")
            .attr_opt("data-value", value.as_deref());
        doc.push(&tag.wrap(&group));
    }
    doc.push(&caption(
        f64::midpoint(left, right),
        bottom + 34.0,
        Anchor::Middle,
        &chart.axis_label,
    ));
    let mut keys = Vec::new();
    if chart.columns.iter().any(|c| c.figure.shown_ci().is_some()) {
        keys.push((Key::Whisker, locale.ci.clone()));
    }
    keys.extend(legend::mark_keys(
        chart.columns.iter().map(|c| &c.figure),
        BAR,
        locale,
    ));
    let y = legend::flow(&mut doc, &keys, MARGIN, WIDTH - MARGIN, bottom + 44.0);
    let y = doc.note(chart.frame.note.as_deref(), y + 6.0);
    doc.finish(y + 8.0)
}
