//! Map geometry: the projection, SVG paths of polygons, label points inside areas and
//! callout places outside them.

use std::fmt::Write as _;

use tendik_geo::{Boundaries, BoundingBox, Polygon};

use crate::svg::px;

/// Equirectangular projection scaled by the cosine of the middle latitude (near equal-area
/// at the latitude of a country), fitted into a box.
pub(crate) struct Projection {
    west: f64,
    north: f64,
    cos: f64,
    scale: f64,
    left: f64,
    top: f64,
    /// Projected height.
    pub(crate) height: f64,
}

impl Projection {
    /// Fits `bbox` into `max_width` × `max_height` px with its top-left corner at
    /// (`left`, `top`).
    pub(crate) fn fit(
        bbox: BoundingBox,
        left: f64,
        top: f64,
        max_width: f64,
        max_height: f64,
    ) -> Self {
        let cos = f64::midpoint(bbox.min_lat, bbox.max_lat).to_radians().cos();
        let degrees_wide = ((bbox.max_lon - bbox.min_lon) * cos).max(1e-6);
        let degrees_high = (bbox.max_lat - bbox.min_lat).max(1e-6);
        let scale = (max_width / degrees_wide).min(max_height / degrees_high);
        Self {
            west: bbox.min_lon,
            north: bbox.max_lat,
            cos,
            scale,
            left: left + (max_width - degrees_wide * scale) / 2.0,
            top,
            height: degrees_high * scale,
        }
    }

    pub(crate) fn project(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        (
            self.left + (lon - self.west) * self.cos * self.scale,
            self.top + (self.north - lat) * self.scale,
        )
    }

    pub(crate) fn unproject(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (
            self.west + (x - self.left) / (self.cos * self.scale),
            self.north - (y - self.top) / self.scale,
        )
    }
}

/// Projected rings of a polygon, exterior first.
pub(crate) fn project_polygon(projection: &Projection, polygon: &Polygon) -> Vec<Vec<(f64, f64)>> {
    polygon
        .rings()
        .map(|ring| ring.iter().map(|&p| projection.project(p)).collect())
        .collect()
}

/// The `d` of a path of projected polygons (even-odd fill makes holes); points that round to
/// the previous one are dropped.
pub(crate) fn path_data(polygons: &[Vec<Vec<(f64, f64)>>]) -> String {
    let mut d = String::new();
    for ring in polygons.iter().flatten() {
        let mut last = String::new();
        for (i, &(x, y)) in ring.iter().take(ring.len().saturating_sub(1)).enumerate() {
            let point = format!("{} {}", px(x), px(y));
            if point == last {
                continue;
            }
            d.push(if i == 0 { 'M' } else { 'L' });
            d.push_str(&point);
            last = point;
        }
        d.push('Z');
    }
    d
}

/// Area of a projected ring (absolute).
fn ring_area(ring: &[(f64, f64)]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum::<f64>()
        .abs()
        / 2.0
}

fn inside(rings: &[Vec<(f64, f64)>], (x, y): (f64, f64)) -> bool {
    let mut crossings = 0;
    for ring in rings {
        for w in ring.windows(2) {
            let ((x1, y1), (x2, y2)) = (w[0], w[1]);
            if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
                crossings += 1;
            }
        }
    }
    crossings % 2 == 1
}

fn edge_distance(rings: &[Vec<(f64, f64)>], (x, y): (f64, f64)) -> f64 {
    let mut best = f64::INFINITY;
    for ring in rings {
        for w in ring.windows(2) {
            let ((x1, y1), (x2, y2)) = (w[0], w[1]);
            let (dx, dy) = (x2 - x1, y2 - y1);
            let length = dx * dx + dy * dy;
            let t = if length > 0.0 {
                (((x - x1) * dx + (y - y1) * dy) / length).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (px, py) = (x1 + t * dx - x, y1 + t * dy - y);
            best = best.min((px * px + py * py).sqrt());
        }
    }
    best
}

/// The point of the largest polygon farthest from its edges (found on a grid, then on a
/// finer grid around the best cell) and that distance: where a label fits best.
pub(crate) fn label_point(polygons: &[Vec<Vec<(f64, f64)>>]) -> ((f64, f64), f64) {
    let Some(rings) = polygons
        .iter()
        .max_by(|a, b| ring_area(&a[0]).total_cmp(&ring_area(&b[0])))
    else {
        return ((0.0, 0.0), 0.0);
    };
    let xs = rings[0].iter().map(|p| p.0);
    let ys = rings[0].iter().map(|p| p.1);
    let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (y0, y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let first = rings[0].first().copied().unwrap_or_default();
    let (half_w, half_h) = ((x1 - x0) / 2.0, (y1 - y0) / 2.0);
    let coarse = grid_search(
        rings,
        (f64::midpoint(x0, x1), f64::midpoint(y0, y1)),
        (half_w, half_h),
    );
    let Some(((bx, by), distance)) = coarse else {
        return (first, 0.0);
    };
    let fine = grid_search(rings, (bx, by), (half_w / 12.0, half_h / 12.0));
    match fine {
        Some(found) if found.1 > distance => found,
        _ => ((bx, by), distance),
    }
}

/// The grid point inside `rings` farthest from their edges, on a 17 × 17 grid around
/// `centre`.
fn grid_search(
    rings: &[Vec<(f64, f64)>],
    (cx, cy): (f64, f64),
    (half_w, half_h): (f64, f64),
) -> Option<((f64, f64), f64)> {
    const CELLS: usize = 16;
    let mut best: Option<((f64, f64), f64)> = None;
    for i in 0..=CELLS {
        for j in 0..=CELLS {
            let x = cx - half_w + 2.0 * half_w * i as f64 / CELLS as f64;
            let y = cy - half_h + 2.0 * half_h * j as f64 / CELLS as f64;
            if inside(rings, (x, y)) {
                let distance = edge_distance(rings, (x, y));
                if best.is_none_or(|b| distance > b.1) {
                    best = Some(((x, y), distance));
                }
            }
        }
    }
    best
}

/// A box of text: left, top, right, bottom.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LabelBox {
    pub(crate) left: f64,
    pub(crate) top: f64,
    pub(crate) right: f64,
    pub(crate) bottom: f64,
}

impl LabelBox {
    fn overlaps(&self, other: &Self) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

/// Where a callout's text goes: the point the leader line ends at, the text anchor
/// direction (-1 end, 0 middle, 1 start) and its box.
pub(crate) struct Callout {
    pub(crate) end: (f64, f64),
    pub(crate) direction: (i8, i8),
    pub(crate) bbox: LabelBox,
}

/// Finds a place for a `width` × `height` text near `anchor`: the first of eight directions
/// at two distances whose box stays in `frame`, touches no area and no placed box; failing
/// that, the first place that only stays in the frame and off placed boxes.
pub(crate) fn place_callout(
    anchor: (f64, f64),
    (width, height): (f64, f64),
    frame: &LabelBox,
    placed: &[LabelBox],
    projection: &Projection,
    boundaries: &Boundaries,
) -> Callout {
    const DIRECTIONS: [(i8, i8); 8] = [
        (0, -1),
        (-1, 0),
        (1, 0),
        (0, 1),
        (-1, -1),
        (1, -1),
        (-1, 1),
        (1, 1),
    ];
    let candidate = |distance: f64, (dx, dy): (i8, i8)| {
        let norm = if dx != 0 && dy != 0 {
            std::f64::consts::FRAC_1_SQRT_2
        } else {
            1.0
        };
        let end = (
            anchor.0 + f64::from(dx) * distance * norm,
            anchor.1 + f64::from(dy) * distance * norm,
        );
        let left = match dx {
            -1 => end.0 - width - 2.0,
            0 => end.0 - width / 2.0,
            _ => end.0 + 2.0,
        };
        let top = match dy {
            -1 => end.1 - height,
            0 => end.1 - height / 2.0,
            _ => end.1,
        };
        Callout {
            end,
            direction: (dx, dy),
            bbox: LabelBox {
                left,
                top,
                right: left + width,
                bottom: top + height,
            },
        }
    };
    let fits = |c: &Callout| {
        c.bbox.left >= frame.left
            && c.bbox.right <= frame.right
            && c.bbox.top >= frame.top
            && c.bbox.bottom <= frame.bottom
            && !placed.iter().any(|p| p.overlaps(&c.bbox))
    };
    let clear = |c: &Callout| {
        let b = c.bbox;
        let xs = [b.left, f64::midpoint(b.left, b.right), b.right];
        let ys = [b.top, f64::midpoint(b.top, b.bottom), b.bottom];
        xs.iter().all(|&x| {
            ys.iter().all(|&y| {
                let (lon, lat) = projection.unproject((x, y));
                boundaries.locate(lon, lat).is_none()
            })
        })
    };
    let candidates: Vec<Callout> = [36.0, 64.0]
        .iter()
        .flat_map(|&distance| DIRECTIONS.iter().map(move |&d| candidate(distance, d)))
        .collect();
    let chosen = candidates
        .iter()
        .position(|c| fits(c) && clear(c))
        .or_else(|| candidates.iter().position(fits))
        .unwrap_or(0);
    candidates
        .into_iter()
        .nth(chosen)
        .expect("sixteen candidates")
}

/// The `d` of a leader line from `from` to `to`.
pub(crate) fn leader(from: (f64, f64), to: (f64, f64)) -> String {
    let mut d = String::new();
    let _ = write!(
        d,
        "M{} {}L{} {}",
        px(from.0),
        px(from.1),
        px(to.0),
        px(to.1)
    );
    d
}
