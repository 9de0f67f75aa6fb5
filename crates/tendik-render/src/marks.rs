//! The marks charts share: whiskers, bars hatched with caution, proportion axes.

use crate::figure::{Figure, Locale};
use crate::svg::{Anchor, Doc, INK, MUTED, SMALL_SIZE, Tag, px, text};

/// A horizontal whisker from `low` to `high` at `y`, with end caps.
pub(crate) fn whisker_h(low: f64, high: f64, y: f64) -> String {
    let d = format!(
        "M{a} {y}L{b} {y}M{a} {t}L{a} {u}M{b} {t}L{b} {u}",
        a = px(low),
        b = px(high),
        y = px(y),
        t = px(y - 4.0),
        u = px(y + 4.0)
    );
    Tag::new("path")
        .attr("class", "ci")
        .attr("d", &d)
        .attr("stroke", INK)
        .attr("stroke-width", "1.2")
        .attr("fill", "none")
        .close()
}

/// A vertical whisker from `low` to `high` (y coordinates) at `x`, with end caps.
pub(crate) fn whisker_v(x: f64, low: f64, high: f64) -> String {
    let d = format!(
        "M{x} {a}L{x} {b}M{l} {a}L{r} {a}M{l} {b}L{r} {b}",
        x = px(x),
        a = px(low),
        b = px(high),
        l = px(x - 4.0),
        r = px(x + 4.0)
    );
    Tag::new("path")
        .attr("class", "ci")
        .attr("d", &d)
        .attr("stroke", INK)
        .attr("stroke-width", "1.2")
        .attr("fill", "none")
        .close()
}

/// A bar rectangle, hatched on top when the figure needs caution.
pub(crate) fn bar_rect(
    doc: &Doc,
    (x, y, width, height): (f64, f64, f64, f64),
    fill: &str,
    figure: &Figure,
) -> String {
    let class = if figure.is_caution() {
        "bar caution"
    } else {
        "bar"
    };
    let rect = || {
        Tag::new("rect")
            .num("x", x)
            .num("y", y)
            .num("width", width.max(0.0))
            .num("height", height.max(0.0))
    };
    let mut out = rect().attr("class", class).attr("fill", fill).close();
    if figure.is_caution() {
        out.push_str(
            &rect()
                .attr("class", "hatch")
                .attr("fill", &doc.hatch_url(fill))
                .attr("aria-hidden", "true")
                .close(),
        );
    }
    out
}

/// Grid lines and tick labels of a proportion axis along x from `left` to `right`.
pub(crate) fn x_axis(
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    (max, step): (f64, f64),
    locale: &Locale,
) -> String {
    let mut out = String::new();
    for tick in ticks(max, step) {
        let x = left + tick / max * (right - left);
        let line = Tag::new("path").attr(
            "d",
            &format!("M{} {}L{} {}", px(x), px(top), px(x), px(bottom)),
        );
        out.push_str(
            &line
                .attr("stroke", "#e3e3e3")
                .attr("stroke-width", "1")
                .close(),
        );
        let label = format!("{}%", locale.number.number(tick * 100.0, 0));
        out.push_str(&text(x, bottom + 14.0, SMALL_SIZE, Anchor::Middle, &label));
    }
    let axis = Tag::new("path").attr(
        "d",
        &format!("M{} {}L{} {}", px(left), px(top), px(left), px(bottom)),
    );
    out.push_str(&axis.attr("stroke", MUTED).attr("stroke-width", "1").close());
    Tag::new("g")
        .attr("class", "axis")
        .attr("fill", MUTED)
        .wrap(&out)
}

/// Height of a column plot.
pub(crate) const PLOT_HEIGHT: f64 = 260.0;

/// Grid lines and tick labels of a proportion axis along y.
pub(crate) fn y_axis(
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    (max, step): (f64, f64),
    locale: &Locale,
) -> String {
    let mut out = String::new();
    for tick in ticks(max, step) {
        let y = bottom - tick / max * (bottom - top);
        let line = Tag::new("path").attr(
            "d",
            &format!("M{} {}L{} {}", px(left), px(y), px(right), px(y)),
        );
        out.push_str(
            &line
                .attr("stroke", if tick == 0.0 { MUTED } else { "#e3e3e3" })
                .attr("stroke-width", "1")
                .close(),
        );
        let label = format!("{}%", locale.number.number(tick * 100.0, 0));
        out.push_str(&text(left - 6.0, y + 4.0, SMALL_SIZE, Anchor::End, &label));
    }
    Tag::new("g")
        .attr("class", "axis")
        .attr("fill", MUTED)
        .wrap(&out)
}

/// A round top for an axis of proportions from 0 and its tick step: at most 6 steps, never
/// above 1 unless the data are.
pub(crate) fn axis_top(max: f64) -> (f64, f64) {
    const STEPS: [f64; 7] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5];
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        0.01
    };
    for step in STEPS {
        let top = (max / step - 1e-9).ceil() * step;
        if top / step <= 6.0 + 1e-9 {
            return (top, step);
        }
    }
    ((max - 1e-9).ceil(), 0.5)
}

/// The tick values 0, step, …, top.
pub(crate) fn ticks(top: f64, step: f64) -> Vec<f64> {
    let count = (top / step).round() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(axis_top(0.234), (0.25, 0.05));
        assert_eq!(axis_top(0.87), (1.0, 0.2));
        assert_eq!(axis_top(0.031), (0.04, 0.01));
    }
}
