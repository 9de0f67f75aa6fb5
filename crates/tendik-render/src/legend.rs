//! Legends: the classes of a map and keys of the marks a chart uses.

use crate::colour::Classes;
use crate::figure::{Figure, Locale};
use crate::map::Choropleth;
use crate::svg::{
    Anchor, Doc, INK, MARGIN, MISSING, MUTED, SMALL_SIZE, Tag, WIDTH, chars_in, lines, px, text,
    text_width, wrap,
};

/// The symbol of one legend entry.
pub(crate) enum Key {
    /// A plain colour.
    Swatch(&'static str),
    /// A colour under hatching: caution.
    Hatch(&'static str),
    /// Grey with a mark (`*`, `–`): not shown.
    Missing(&'static str),
    /// A confidence interval whisker.
    Whisker,
    /// A dashed reference line.
    Reference,
    /// A mark written as text, like `( )`.
    Mark(&'static str),
    /// A dot of a subgroup: colour, shape index, hollow, ringed.
    Dot(&'static str, usize, bool, bool),
}

const KEY_WIDTH: f64 = 22.0;
const ROW: f64 = 18.0;

fn symbol(doc: &Doc, key: &Key, x: f64, y: f64) -> String {
    let box_tag = || {
        Tag::new("rect")
            .num("x", x)
            .num("y", y - 10.0)
            .num("width", KEY_WIDTH - 4.0)
            .num("height", 12.0)
    };
    match key {
        Key::Swatch(colour) => box_tag().attr("fill", colour).close(),
        Key::Hatch(colour) => {
            box_tag().attr("fill", colour).close()
                + &box_tag().attr("fill", &doc.hatch_url(colour)).close()
        }
        Key::Missing(mark) => {
            box_tag().attr("fill", MISSING).close()
                + &text(x + 9.0, y + 1.0, SMALL_SIZE, Anchor::Middle, mark)
        }
        Key::Whisker => crate::marks::whisker_h(x, x + 18.0, y - 4.0),
        Key::Reference => {
            let d = format!(
                "M{} {}L{} {}",
                px(x + 9.0),
                px(y - 11.0),
                px(x + 9.0),
                px(y + 2.0)
            );
            Tag::new("path")
                .attr("d", &d)
                .attr("stroke", INK)
                .attr("stroke-width", "1.2")
                .attr("stroke-dasharray", "3 2")
                .close()
        }
        Key::Mark(mark) => text(x + 9.0, y, SMALL_SIZE, Anchor::Middle, mark),
        Key::Dot(colour, shape, hollow, ringed) => {
            crate::equity::dot((x + 9.0, y - 4.0), colour, *shape, *hollow, *ringed)
        }
    }
}

/// Entries laid left to right from `left`, wrapping to a new row before `right`; texts
/// longer than the row are wrapped. Returns the y below the last row.
pub(crate) fn flow(doc: &mut Doc, items: &[(Key, String)], left: f64, right: f64, y: f64) -> f64 {
    if items.is_empty() {
        return y;
    }
    let mut out = String::new();
    let (mut x, mut baseline, mut row_height) = (left, y + 12.0, ROW);
    for (key, label) in items {
        // A ringed dot is wider than the other symbols.
        let key_width = if matches!(key, Key::Dot(_, _, _, true)) {
            KEY_WIDTH + 6.0
        } else {
            KEY_WIDTH
        };
        let max_text = right - left - key_width;
        let wrapped = wrap(label, chars_in(max_text, SMALL_SIZE));
        let width = key_width
            + wrapped
                .iter()
                .map(|l| text_width(l, SMALL_SIZE))
                .fold(0.0, f64::max)
            + 14.0;
        if x > left && x + width > right {
            x = left;
            baseline += row_height;
            row_height = ROW;
        }
        out.push_str(&symbol(doc, key, x, baseline));
        out.push_str(&lines(
            x + key_width,
            baseline,
            SMALL_SIZE,
            Anchor::Start,
            &wrapped,
        ));
        row_height = row_height.max(wrapped.len() as f64 * SMALL_SIZE * 1.25 + 5.0);
        x += width;
    }
    doc.push(&Tag::new("g").attr("class", "legend").wrap(&out));
    baseline + row_height - 12.0
}

/// The keys of the reliability marks among `figures`: hatching, `*`, `–`.
pub(crate) fn mark_keys<'a>(
    figures: impl IntoIterator<Item = &'a Figure>,
    hatch_colour: &'static str,
    locale: &Locale,
) -> Vec<(Key, String)> {
    let (mut caution, mut suppressed, mut unavailable) = (false, false, false);
    for figure in figures {
        if figure.is_caution() {
            caution = true;
        } else if figure.shown().is_none() {
            if figure.missing_mark() == "*" {
                suppressed = true;
            } else {
                unavailable = true;
            }
        }
    }
    let mut keys = Vec::new();
    if caution {
        keys.push((Key::Hatch(hatch_colour), locale.caution.clone()));
    }
    if suppressed {
        keys.push((Key::Missing("*"), locale.suppressed.clone()));
    }
    if unavailable {
        keys.push((Key::Missing("–"), locale.unavailable.clone()));
    }
    keys
}

/// The map legend from `y`: its heading, the five classes with their ranges, and the marks
/// in use to the right. Returns the y below it.
pub(crate) fn classes(
    doc: &mut Doc,
    map: &Choropleth<'_>,
    classes: &Classes,
    locale: &Locale,
    y: f64,
) -> f64 {
    const SWATCH: f64 = 74.0;
    let mut out = String::new();
    let heading = wrap(&map.legend_title, chars_in(5.0 * SWATCH, SMALL_SIZE + 1.0));
    let tag = Tag::new("g").attr("font-weight", "bold");
    out.push_str(&tag.wrap(&lines(
        MARGIN,
        y + 12.0,
        SMALL_SIZE + 1.0,
        Anchor::Start,
        &heading,
    )));
    let top = y + 12.0 + heading.len() as f64 * 15.0 - 6.0;
    let whole = classes
        .breaks
        .iter()
        .all(|b| ((b * 100.0) - (b * 100.0).round()).abs() < 1e-6);
    let decimals = usize::from(!whole);
    let number = |b: f64| locale.number.number(b * 100.0, decimals);
    for (i, colour) in classes.colours.iter().enumerate() {
        let x = MARGIN + i as f64 * SWATCH;
        let range = match i {
            0 => format!("< {}%", number(classes.breaks[0])),
            4 => format!("≥ {}%", number(classes.breaks[3])),
            _ => format!(
                "{}–{}%",
                number(classes.breaks[i - 1]),
                number(classes.breaks[i])
            ),
        };
        let swatch = Tag::new("rect")
            .attr("class", "legend-class")
            .attr("data-class", &i.to_string());
        let swatch = swatch
            .num("x", x)
            .num("y", top)
            .num("width", SWATCH - 2.0)
            .num("height", 14.0);
        out.push_str(&swatch.attr("fill", colour).close());
        out.push_str(&text(
            x + SWATCH / 2.0 - 1.0,
            top + 28.0,
            SMALL_SIZE,
            Anchor::Middle,
            &range,
        ));
    }
    doc.push(&Tag::new("g").attr("class", "legend").wrap(&out));
    let figures = map.areas.iter().map(|a| &a.figure);
    let keys = mark_keys(figures, classes.colours[2], locale);
    let marks_left = MARGIN + 5.0 * SWATCH + 24.0;
    let below_marks = flow(doc, &keys, marks_left, WIDTH - MARGIN, y);
    (top + 34.0).max(below_marks)
}

/// A small muted caption line (axis names and the like).
pub(crate) fn caption(x: f64, y: f64, anchor: Anchor, content: &str) -> String {
    Tag::new("g")
        .attr("fill", MUTED)
        .wrap(&text(x, y, SMALL_SIZE, anchor, content))
}
