//! Overlaps of deprivations: a Venn diagram of three sets and an `UpSet` chart for more.

use crate::colour::{BAR, QUALITATIVE};
use crate::figure::{Figure, Frame, Locale};
use crate::legend::{self, Key};
use crate::marks::{PLOT_HEIGHT, axis_top, bar_rect, whisker_v, y_axis};
use crate::svg::{
    Anchor, Doc, INK, MARGIN, SMALL_SIZE, TEXT_SIZE, Tag, WIDTH, halo, text, text_tag, text_width,
    title,
};

/// One region of a Venn diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct VennRegion {
    /// Its name in tooltips (`Nutrition and health only`).
    pub name: String,
    /// The share of children in it.
    pub figure: Figure,
}

/// The seven regions of three sets A, B and C, each exclusive of the others.
#[derive(Debug, Clone, PartialEq)]
pub struct VennRegions {
    /// In A only.
    pub a: VennRegion,
    /// In B only.
    pub b: VennRegion,
    /// In C only.
    pub c: VennRegion,
    /// In A and B, not C.
    pub ab: VennRegion,
    /// In A and C, not B.
    pub ac: VennRegion,
    /// In B and C, not A.
    pub bc: VennRegion,
    /// In all three.
    pub abc: VennRegion,
}

/// A Venn diagram of three sets. The circles are of equal size whatever the shares (say so
/// in the frame's note).
#[derive(Debug, Clone, PartialEq)]
pub struct Venn3 {
    /// Id, title, description and note.
    pub frame: Frame,
    /// The names of sets A, B and C.
    pub sets: [String; 3],
    /// The shares of the seven regions.
    pub regions: VennRegions,
    /// The share in none of the sets, written under the diagram, if given.
    pub outside: Option<VennRegion>,
}

const RADIUS: f64 = 105.0;
const DISTANCE: f64 = 120.0;

fn unit((x, y): (f64, f64)) -> (f64, f64) {
    let length = (x * x + y * y).sqrt().max(1e-9);
    (x / length, y / length)
}

/// The Venn diagram: three `<circle class="set">`s, each region's share as a
/// `<g class="region" data-sets="ab">` label with its tooltip (CI included).
#[must_use]
pub fn venn3(venn: &Venn3, locale: &Locale) -> String {
    let mut doc = Doc::new(&venn.frame, "venn");
    let cx = WIDTH / 2.0;
    let cy = Doc::TOP + 40.0 + RADIUS + DISTANCE * 0.289;
    let centres = [
        (cx - DISTANCE / 2.0, cy - DISTANCE * 0.289),
        (cx + DISTANCE / 2.0, cy - DISTANCE * 0.289),
        (cx, cy + DISTANCE * 0.577),
    ];
    let mut circles = String::new();
    for (i, (&(x, y), name)) in centres.iter().zip(&venn.sets).enumerate() {
        let circle = Tag::new("circle")
            .attr("class", "set")
            .attr("data-set", &i.to_string());
        let circle = circle
            .num("cx", x)
            .num("cy", y)
            .num("r", RADIUS)
            .attr("fill", QUALITATIVE[i]);
        let circle = circle
            .attr("fill-opacity", "0.22")
            .attr("stroke", QUALITATIVE[i])
            .attr("stroke-width", "2");
        circles.push_str(&circle.wrap(&title(name)));
        let (dx, dy) = unit((x - cx, y - cy));
        let (nx, ny) = (x + dx * (RADIUS + 14.0), y + dy * (RADIUS + 14.0));
        let anchor = match i {
            0 => Anchor::End,
            1 => Anchor::Start,
            _ => Anchor::Middle,
        };
        let ny = if i == 2 { ny + 6.0 } else { ny };
        let tag = text_tag(nx, ny, TEXT_SIZE + 1.0, anchor)
            .attr("font-weight", "bold")
            .attr("fill", QUALITATIVE[i]);
        circles.push_str(&tag.text(name));
    }
    doc.push(&circles);
    let r = &venn.regions;
    let midpoint = |i: usize, j: usize| {
        (
            f64::midpoint(centres[i].0, centres[j].0),
            f64::midpoint(centres[i].1, centres[j].1),
        )
    };
    let away = |(x, y): (f64, f64), from: (f64, f64), by: f64| {
        let (dx, dy) = unit((x - from.0, y - from.1));
        (x + dx * by, y + dy * by)
    };
    let centre = (cx, cy);
    let regions: [(&VennRegion, &str, (f64, f64)); 7] = [
        (&r.a, "a", away(centres[0], centre, 40.0)),
        (&r.b, "b", away(centres[1], centre, 40.0)),
        (&r.c, "c", away(centres[2], centre, 40.0)),
        (&r.ab, "ab", away(midpoint(0, 1), centres[2], 48.0)),
        (&r.ac, "ac", away(midpoint(0, 2), centres[1], 48.0)),
        (&r.bc, "bc", away(midpoint(1, 2), centres[0], 48.0)),
        (&r.abc, "abc", (cx, cy + 4.0)),
    ];
    for (region, key, (x, y)) in regions {
        let label =
            halo(text_tag(x, y + 4.0, TEXT_SIZE, Anchor::Middle)).attr("font-weight", "bold");
        let markup = title(&locale.tooltip(&region.name, &region.figure))
            + &label.text(&locale.label(&region.figure));
        let value = region.figure.shown().map(|v| v.to_string());
        let tag = Tag::new("g")
            .attr("class", "region")
            .attr("data-sets", key)
            .attr_opt("data-value", value.as_deref());
        doc.push(&tag.wrap(&markup));
    }
    let mut y = cy + DISTANCE * 0.577 + RADIUS + 44.0;
    if let Some(outside) = &venn.outside {
        let line = format!("{}: {}", outside.name, locale.label(&outside.figure));
        let tag = Tag::new("g").attr("class", "region").attr("data-sets", "");
        doc.push(&tag.wrap(
            &(title(&locale.tooltip(&outside.name, &outside.figure))
                + &text(cx, y, TEXT_SIZE, Anchor::Middle, &line)),
        ));
        y += 10.0;
    }
    let figures: Vec<&Figure> = [&r.a, &r.b, &r.c, &r.ab, &r.ac, &r.bc, &r.abc]
        .into_iter()
        .chain(&venn.outside)
        .map(|r| &r.figure)
        .collect();
    let mut keys = Vec::new();
    if figures.iter().any(|f| f.is_caution()) {
        keys.push((Key::Mark("( )"), locale.caution.clone()));
    }
    keys.extend(legend::mark_keys(
        figures.iter().copied().filter(|f| !f.is_caution()),
        BAR,
        locale,
    ));
    let y = legend::flow(&mut doc, &keys, MARGIN, WIDTH - MARGIN, y);
    let y = doc.note(venn.frame.note.as_deref(), y + 6.0);
    doc.finish(y + 8.0)
}

/// One intersection of an `UpSet` chart: the children in exactly these sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Intersection {
    /// Positions in [`UpSet::sets`] of the sets it is in (empty: in none).
    pub sets: Vec<usize>,
    /// The share of children in it.
    pub figure: Figure,
}

/// An `UpSet` chart of the overlaps of any number of sets.
#[derive(Debug, Clone, PartialEq)]
pub struct UpSet {
    /// Id, title, description and note.
    pub frame: Frame,
    /// The sets' names, top to bottom in the matrix.
    pub sets: Vec<String>,
    /// The intersections, in any order: drawn from the largest shown share to the smallest,
    /// those not shown last.
    pub intersections: Vec<Intersection>,
    /// Draw at most this many intersections (after sorting).
    pub max_bars: Option<usize>,
    /// The name in tooltips of the intersection of no set (`None of these`).
    pub none_label: String,
}

const MATRIX_ROW: f64 = 22.0;

/// The `UpSet` chart: a `<g class="intersection" data-sets="0 2">` per column with its
/// tooltip, bar, whisker and value, above a matrix of dots (filled for member sets) joined
/// by a line.
#[must_use]
pub fn upset(chart: &UpSet, locale: &Locale) -> String {
    let mut doc = Doc::new(&chart.frame, "upset");
    doc.hatch_defs();
    let mut order: Vec<&Intersection> = chart.intersections.iter().collect();
    order.sort_by(|a, b| match (a.figure.shown(), b.figure.shown()) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    order.truncate(chart.max_bars.unwrap_or(usize::MAX));
    let longest = chart
        .sets
        .iter()
        .map(|s| text_width(s, TEXT_SIZE))
        .fold(0.0, f64::max);
    let left = MARGIN + longest.clamp(60.0, 200.0) + 16.0;
    let right = WIDTH - MARGIN;
    let (top, bottom) = (Doc::TOP + 16.0, Doc::TOP + 16.0 + PLOT_HEIGHT * 0.8);
    let highest = order
        .iter()
        .filter_map(|i| i.figure.shown_ci().map(|c| c.1).or(i.figure.shown()))
        .fold(0.0, f64::max);
    let axis = axis_top(highest);
    let scale = |v: f64| bottom - v.clamp(0.0, axis.0) / axis.0 * (bottom - top);
    doc.push(&y_axis(left, right, top, bottom, axis, locale));
    let slot = (right - left) / order.len().max(1) as f64;
    let width = (slot * 0.6).min(28.0);
    let value_size = if slot < 40.0 {
        SMALL_SIZE - 2.0
    } else {
        SMALL_SIZE
    };
    let matrix_top = bottom + 12.0;
    let mut matrix = String::new();
    for (s, name) in chart.sets.iter().enumerate() {
        let y = matrix_top + (s as f64 + 0.5) * MATRIX_ROW;
        if s % 2 == 0 {
            let band = Tag::new("rect")
                .num("x", MARGIN)
                .num("y", y - MATRIX_ROW / 2.0)
                .num("width", right - MARGIN)
                .num("height", MATRIX_ROW);
            matrix.push_str(&band.attr("fill", "#f3f3f3").close());
        }
        matrix.push_str(&text(left - 10.0, y + 4.0, TEXT_SIZE, Anchor::End, name));
    }
    doc.push(&Tag::new("g").attr("class", "matrix").wrap(&matrix));
    for (k, intersection) in order.iter().enumerate() {
        let centre = left + slot * (k as f64 + 0.5);
        let name = if intersection.sets.is_empty() {
            chart.none_label.clone()
        } else {
            let names: Vec<&str> = intersection
                .sets
                .iter()
                .filter_map(|&s| chart.sets.get(s).map(String::as_str))
                .collect();
            names.join(" + ")
        };
        let figure = &intersection.figure;
        let mut group = title(&locale.tooltip(&name, figure));
        let mut label_y = bottom - 6.0;
        if let Some(value) = figure.shown() {
            group.push_str(&bar_rect(
                &doc,
                (
                    centre - width / 2.0,
                    scale(value),
                    width,
                    bottom - scale(value),
                ),
                BAR,
                figure,
            ));
            label_y = scale(value) - 6.0;
            if let Some((low, high)) = figure.shown_ci() {
                group.push_str(&whisker_v(centre, scale(low), scale(high)));
                label_y = label_y.min(scale(high) - 6.0);
            }
        }
        group.push_str(&text(
            centre,
            label_y,
            value_size,
            Anchor::Middle,
            &locale.label(figure),
        ));
        let rows: Vec<f64> = (0..chart.sets.len())
            .map(|s| matrix_top + (s as f64 + 0.5) * MATRIX_ROW)
            .collect();
        let members: Vec<f64> = intersection
            .sets
            .iter()
            .filter_map(|&s| rows.get(s).copied())
            .collect();
        if members.len() > 1 {
            let (a, b) = members
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| {
                    (a.min(y), b.max(y))
                });
            let line = Tag::new("path").attr(
                "d",
                &format!(
                    "M{} {}L{} {}",
                    crate::svg::px(centre),
                    crate::svg::px(a),
                    crate::svg::px(centre),
                    crate::svg::px(b)
                ),
            );
            group.push_str(&line.attr("stroke", INK).attr("stroke-width", "2").close());
        }
        for (s, &y) in rows.iter().enumerate() {
            let member = intersection.sets.contains(&s);
            let dot = Tag::new("circle")
                .num("cx", centre)
                .num("cy", y)
                .num("r", 5.0);
            let dot = if member {
                dot.attr("class", "member").attr("fill", INK)
            } else {
                dot.attr("fill", "#cfcfcf")
            };
            group.push_str(&dot.close());
        }
        let key: Vec<String> = intersection.sets.iter().map(ToString::to_string).collect();
        let value = figure.shown().map(|v| v.to_string());
        let tag = Tag::new("g")
            .attr("class", "intersection")
            .attr("data-sets", &key.join(" "));
        doc.push(&tag.attr_opt("data-value", value.as_deref()).wrap(&group));
    }
    let mut keys = Vec::new();
    if order.iter().any(|i| i.figure.shown_ci().is_some()) {
        keys.push((Key::Whisker, locale.ci.clone()));
    }
    keys.extend(legend::mark_keys(
        order.iter().map(|i| &i.figure),
        BAR,
        locale,
    ));
    let below = matrix_top + chart.sets.len() as f64 * MATRIX_ROW;
    let y = legend::flow(&mut doc, &keys, MARGIN, WIDTH - MARGIN, below + 10.0);
    let y = doc.note(chart.frame.note.as_deref(), y + 6.0);
    doc.finish(y + 8.0)
}
