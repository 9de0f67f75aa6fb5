//! Choropleth maps of figures by area.

use tendik_geo::Boundaries;

use crate::colour::{Classes, Scale};
use crate::figure::{Figure, Frame, Locale};
use crate::place::{self, Callout, LabelBox, Projection};
use crate::svg::{
    Anchor, Doc, INK, MARGIN, MISSING, SMALL_SIZE, TEXT_SIZE, Tag, WIDTH, halo, text_tag,
    text_width, title,
};

/// One area (or point marker) of a map and its figure.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    /// Any code the boundaries accept for the area or marker (national, ISO, the file's own);
    /// written as `data-code`.
    pub code: String,
    /// The name in tooltips.
    pub name: String,
    /// A short name drawn on the map above the value (`None`: the value only).
    pub label: Option<String>,
    /// The figure.
    pub figure: Figure,
    /// Where clicking the area leads (drill-down), if anywhere.
    pub href: Option<String>,
}

/// A choropleth map.
#[derive(Debug, Clone)]
pub struct Choropleth<'a> {
    /// Id, title, description and note.
    pub frame: Frame,
    /// The polygons and markers: [`tendik_geo::region_boundaries`] or a user's file.
    pub boundaries: &'a Boundaries,
    /// The figures by area; boundary areas without one are drawn blank, entries whose code
    /// the boundaries lack are left out (see [`Choropleth::unmatched_codes`]).
    pub areas: Vec<MapArea>,
    /// The colour scale.
    pub scale: Scale,
    /// The legend's heading (the indicator and its unit).
    pub legend_title: String,
}

impl Choropleth<'_> {
    /// Codes of `areas` that name neither an area nor a marker of the boundaries: they are
    /// not drawn, and the caller decides whether to warn.
    #[must_use]
    pub fn unmatched_codes(&self) -> Vec<&str> {
        self.areas
            .iter()
            .filter(|a| {
                self.boundaries.area(&a.code).is_none() && self.boundaries.marker(&a.code).is_none()
            })
            .map(|a| a.code.as_str())
            .collect()
    }
}

/// Where the map's shapes begin below the title: room for callouts above the country.
const MAP_TOP: f64 = Doc::TOP + 30.0;
const MAP_HEIGHT: f64 = 420.0;
/// Areas whose label point is closer than this to an edge get a callout.
const TINY: f64 = 12.0;
const MARKER_RADIUS: f64 = 6.5;

/// One drawn item's label and where it goes.
struct Label {
    lines: Vec<String>,
    anchor: (f64, f64),
    inside: bool,
    callout: Option<Callout>,
}

/// The map as SVG: each area a `<path class="area …">` with `data-code`, `data-value` (shown
/// figures only), a `<title>` tooltip with the CI, and `tabindex="0"` — or, with an `href`,
/// inside an `<a>` that takes the focus instead; caution areas hatched by a
/// `<path class="hatch">` on top; markers as `<circle class="marker …">`; a legend of the
/// five classes and of the marks in use. The root's role is `group` (its areas take focus).
#[must_use]
pub fn choropleth(map: &Choropleth<'_>, locale: &Locale) -> String {
    let mut doc = Doc::new(&map.frame, "map");
    doc.set_role("group");
    doc.hatch_defs();
    let boundaries = map.boundaries;
    let shown: Vec<f64> = map.areas.iter().filter_map(|a| a.figure.shown()).collect();
    let classes = Classes::new(&map.scale, &shown);
    let projection = Projection::fit(
        boundaries.bbox(),
        MARGIN,
        MAP_TOP,
        WIDTH - 2.0 * MARGIN,
        MAP_HEIGHT,
    );
    let fill = |figure: &Figure| figure.shown().map_or(MISSING, |v| classes.colour_of(v));
    let class = |figure: &Figure| {
        let base = match figure.shown() {
            Some(v) => format!("class-{}", classes.class_of(v)),
            None if figure.missing_mark() == "*" => "suppressed".to_owned(),
            None => "unavailable".to_owned(),
        };
        let caution = if figure.is_caution() { " caution" } else { "" };
        format!("{base}{caution}")
    };

    let mut shapes = String::from(
        "<g class=\"areas\" stroke=\"#fff\" stroke-width=\"0.8\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">",
    );
    let mut hatches = String::new();
    let mut outlines = String::new();
    let mut labels: Vec<Label> = Vec::new();
    for area in boundaries.areas() {
        let polygons: Vec<_> = area
            .polygons
            .iter()
            .map(|p| place::project_polygon(&projection, p))
            .collect();
        let d = place::path_data(&polygons);
        let entry = map.areas.iter().find(|a| {
            boundaries
                .area(&a.code)
                .is_some_and(|found| found.code == area.code)
        });
        let Some(entry) = entry else {
            let blank = Tag::new("path").attr("class", "area-blank").attr("d", &d);
            shapes.push_str(
                &blank
                    .attr("fill", "#f4f4f4")
                    .attr("aria-hidden", "true")
                    .close(),
            );
            continue;
        };
        let value = entry.figure.shown().map(|v| v.to_string());
        let path = Tag::new("path")
            .attr("class", &format!("area {}", class(&entry.figure)))
            .attr("data-code", &entry.code)
            .attr_opt("data-value", value.as_deref())
            .attr_opt("data-href", entry.href.as_deref())
            .attr("d", &d)
            .attr("fill", fill(&entry.figure));
        let tooltip = title(&locale.tooltip(&entry.name, &entry.figure));
        match &entry.href {
            Some(href) => {
                let link = Tag::new("a").attr("href", href).attr("class", "area-link");
                shapes.push_str(&link.wrap(&path.wrap(&tooltip)));
            }
            None => shapes.push_str(&path.attr("tabindex", "0").wrap(&tooltip)),
        }
        if entry.figure.is_caution() {
            hatches.push_str(&hatch_path(&doc, &entry.code, &d, fill(&entry.figure)));
        }
        let (point, room) = place::label_point(&polygons);
        let tiny = room < TINY;
        if tiny {
            let outline = Tag::new("path").attr("class", "outline").attr("d", &d);
            outlines.push_str(
                &outline
                    .attr("fill", "none")
                    .attr("stroke", INK)
                    .attr("stroke-width", "1.2")
                    .close(),
            );
        }
        let lines = label_lines(entry, locale);
        labels.push(Label {
            inside: !tiny && fits(&lines, room),
            lines,
            anchor: point,
            callout: None,
        });
    }
    shapes.push_str("</g>");

    let mut markers = String::new();
    for marker in boundaries.markers() {
        let entry = map.areas.iter().find(|a| {
            boundaries
                .marker(&a.code)
                .is_some_and(|found| found.code == marker.code)
        });
        let Some(entry) = entry else { continue };
        let (x, y) = projection.project(marker.position);
        let colour = fill(&entry.figure);
        let value = entry.figure.shown().map(|v| v.to_string());
        let halo_circle = Tag::new("circle")
            .num("cx", x)
            .num("cy", y)
            .num("r", MARKER_RADIUS + 2.0);
        markers.push_str(
            &halo_circle
                .attr("fill", "#fff")
                .attr("aria-hidden", "true")
                .close(),
        );
        let circle = Tag::new("circle")
            .attr("class", &format!("marker {}", class(&entry.figure)))
            .attr("data-code", &entry.code)
            .attr_opt("data-value", value.as_deref())
            .attr_opt("data-href", entry.href.as_deref())
            .num("cx", x)
            .num("cy", y)
            .num("r", MARKER_RADIUS)
            .attr("fill", colour)
            .attr("stroke", INK)
            .attr("stroke-width", "1.5");
        let tooltip = title(&locale.tooltip(&entry.name, &entry.figure));
        match &entry.href {
            Some(href) => {
                let link = Tag::new("a").attr("href", href).attr("class", "area-link");
                markers.push_str(&link.wrap(&circle.wrap(&tooltip)));
            }
            None => markers.push_str(&circle.attr("tabindex", "0").wrap(&tooltip)),
        }
        if entry.figure.is_caution() {
            let hatch = Tag::new("circle")
                .attr("class", "hatch")
                .attr("data-code", &entry.code);
            let hatch = hatch.num("cx", x).num("cy", y).num("r", MARKER_RADIUS);
            markers.push_str(
                &hatch
                    .attr("fill", &doc.hatch_url(colour))
                    .attr("pointer-events", "none")
                    .attr("aria-hidden", "true")
                    .close(),
            );
        }
        labels.push(Label {
            lines: label_lines(entry, locale),
            anchor: (x, y),
            inside: false,
            callout: None,
        });
    }

    let map_bottom = projection_bottom(&projection);
    let frame = LabelBox {
        left: MARGIN,
        top: Doc::TOP,
        right: WIDTH - MARGIN,
        bottom: map_bottom + 8.0,
    };
    let mut placed: Vec<LabelBox> = labels
        .iter()
        .filter(|l| l.inside)
        .map(|l| inside_box(&l.lines, l.anchor))
        .collect();
    for label in labels.iter_mut().filter(|l| !l.inside) {
        let size = label_size(&label.lines);
        let callout =
            place::place_callout(label.anchor, size, &frame, &placed, &projection, boundaries);
        placed.push(callout.bbox);
        label.callout = Some(callout);
    }

    doc.push(&shapes);
    doc.push(&hatches);
    doc.push(&outlines);
    let mut leaders = String::new();
    let mut texts = String::new();
    for label in &labels {
        match &label.callout {
            None => texts.push_str(&inside_text(&label.lines, label.anchor)),
            Some(callout) => {
                let line = Tag::new("path").attr("d", &place::leader(label.anchor, callout.end));
                leaders.push_str(
                    &line
                        .attr("stroke", INK)
                        .attr("stroke-width", "0.8")
                        .attr("fill", "none")
                        .close(),
                );
                texts.push_str(&callout_text(&label.lines, callout));
            }
        }
    }
    doc.push(
        &Tag::new("g")
            .attr("class", "leaders")
            .attr("aria-hidden", "true")
            .wrap(&leaders),
    );
    doc.push(&markers);
    doc.push(
        &Tag::new("g")
            .attr("class", "labels")
            .attr("aria-hidden", "true")
            .attr("pointer-events", "none")
            .wrap(&texts),
    );
    let y = crate::legend::classes(&mut doc, map, &classes, locale, map_bottom + 20.0);
    let y = doc.note(map.frame.note.as_deref(), y + 8.0);
    doc.finish(y + 8.0)
}

fn projection_bottom(projection: &Projection) -> f64 {
    MAP_TOP + projection.height
}

fn hatch_path(doc: &Doc, code: &str, d: &str, fill: &str) -> String {
    Tag::new("path")
        .attr("class", "hatch")
        .attr("data-code", code)
        .attr("d", d)
        .attr("fill", &doc.hatch_url(fill))
        .attr("pointer-events", "none")
        .attr("aria-hidden", "true")
        .close()
}

fn label_lines(entry: &MapArea, locale: &Locale) -> Vec<String> {
    let mut lines: Vec<String> = entry.label.iter().cloned().collect();
    lines.push(locale.label(&entry.figure));
    lines
}

/// Line height of map labels.
const LINE: f64 = 13.0;

fn label_size(lines: &[String]) -> (f64, f64) {
    let width = lines
        .iter()
        .map(|l| text_width(l, SMALL_SIZE))
        .fold(0.0, f64::max);
    (width, lines.len() as f64 * LINE)
}

fn fits(lines: &[String], room: f64) -> bool {
    let (width, height) = label_size(lines);
    width <= 3.2 * room && height <= 2.0 * room
}

fn inside_box(lines: &[String], (x, y): (f64, f64)) -> LabelBox {
    let (width, height) = label_size(lines);
    LabelBox {
        left: x - width / 2.0,
        top: y - height / 2.0,
        right: x + width / 2.0,
        bottom: y + height / 2.0,
    }
}

fn inside_text(lines: &[String], (x, y): (f64, f64)) -> String {
    let first = y - (lines.len() as f64 - 1.0) * LINE / 2.0 + 4.0;
    text_block(lines, x, first, Anchor::Middle)
}

fn callout_text(lines: &[String], callout: &Callout) -> String {
    let b = callout.bbox;
    let (x, anchor) = match callout.direction.0 {
        -1 => (b.right, Anchor::End),
        0 => (f64::midpoint(b.left, b.right), Anchor::Middle),
        _ => (b.left, Anchor::Start),
    };
    text_block(lines, x, b.top + LINE - 3.0, anchor)
}

/// Name lines in small type, the value last in bold; all with a white halo.
fn text_block(lines: &[String], x: f64, first: f64, anchor: Anchor) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let last = i + 1 == lines.len();
        let size = if last { TEXT_SIZE } else { SMALL_SIZE };
        let tag = halo(text_tag(x, first + i as f64 * LINE, size, anchor));
        let tag = if last {
            tag.attr("font-weight", "bold")
        } else {
            tag
        };
        out.push_str(&tag.text(line));
    }
    out
}
