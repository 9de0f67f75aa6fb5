//! Colour: sequential ramps in 5 classes for maps, a qualitative palette for groups, and
//! which text or hatching shows on a fill.
//!
//! The ramps are matplotlib's viridis and cividis sampled at 0, ¼, ½, ¾ and 1: perceptually
//! uniform, monotonic in lightness (so they print in grey), and readable with the common
//! colour-vision deficiencies (cividis even with deuteranopia). The qualitative palette is
//! Okabe and Ito's.

/// A sequential colour ramp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ramp {
    /// Purple to yellow.
    Viridis,
    /// Navy to yellow; safest for red–green colour blindness.
    Cividis,
}

impl Ramp {
    /// The five colours from dark to light.
    #[must_use]
    pub fn colours(self) -> [&'static str; 5] {
        match self {
            Self::Viridis => ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"],
            Self::Cividis => ["#00224e", "#414d6b", "#7c7b78", "#bcaf6f", "#fee838"],
        }
    }
}

/// How a map colours its figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// The ramp.
    pub ramp: Ramp,
    /// The four class breaks (proportions, ascending): a value equal to a break belongs to
    /// the class above it. `None`: computed by [`nice_breaks`] from the shown figures.
    pub breaks: Option<[f64; 4]>,
    /// `true` (deprivation): higher values get darker colours; `false` (coverage): lower
    /// values do. Either way the darkest colour marks the worst figures.
    pub higher_is_worse: bool,
}

/// Five classes of a scale resolved against the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    /// Ascending class breaks.
    pub breaks: [f64; 4],
    /// Colour of each class, from the lowest values to the highest.
    pub colours: [&'static str; 5],
}

impl Classes {
    /// Resolves `scale` against the shown values (used when the scale has no breaks).
    #[must_use]
    pub fn new(scale: &Scale, values: &[f64]) -> Self {
        let breaks = scale.breaks.unwrap_or_else(|| nice_breaks(values));
        let mut colours = scale.ramp.colours();
        if scale.higher_is_worse {
            colours.reverse();
        }
        Self { breaks, colours }
    }

    /// The class (0–4) of a value.
    #[must_use]
    pub fn class_of(&self, value: f64) -> usize {
        self.breaks.iter().filter(|&&b| value >= b).count()
    }

    /// The colour of a value.
    #[must_use]
    pub fn colour_of(&self, value: f64) -> &'static str {
        self.colours[self.class_of(value)]
    }
}

/// Four round class breaks splitting the range of `values` (proportions) into five equal
/// classes: the step is the smallest of 0.5, 1, 2, 2.5, 3, 4, 5, 10, 15 or 20 percentage points whose
/// five classes, from the minimum rounded down to a step, reach the maximum.
#[must_use]
pub fn nice_breaks(values: &[f64]) -> [f64; 4] {
    const STEPS: [f64; 10] = [0.5, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0, 15.0, 20.0];
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let (min, max) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v * 100.0), hi.max(v * 100.0))
    });
    if !min.is_finite() {
        return [0.2, 0.4, 0.6, 0.8];
    }
    for step in STEPS {
        let lower = (min / step + 1e-9).floor() * step;
        if lower + 5.0 * step > max + 1e-9 {
            return std::array::from_fn(|i| round_percent(lower + (i as f64 + 1.0) * step));
        }
    }
    [0.2, 0.4, 0.6, 0.8]
}

/// Percentage points back to a proportion without binary noise (to 0.001 points).
fn round_percent(points: f64) -> f64 {
    (points * 1000.0).round() / 100_000.0
}

/// Relative luminance of a `#rrggbb` colour (WCAG).
#[must_use]
pub(crate) fn luminance(colour: &str) -> f64 {
    let channel = |i: usize| {
        let value = colour
            .get(1 + 2 * i..3 + 2 * i)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .map_or(0.0, |v| f64::from(v) / 255.0);
        if value <= 0.039_28 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

/// Whether white text or hatching reads better than black on `colour`.
pub(crate) fn is_dark(colour: &str) -> bool {
    luminance(colour) < 0.18
}

/// Okabe–Ito colours in the order groups take them (yellow last: faint on white).
pub(crate) const QUALITATIVE: [&str; 8] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442",
];

/// The fill of single-series bars: a mid blue of the palette, dark enough for hatching in
/// white and light enough to see whiskers on.
pub(crate) const BAR: &str = "#4a7fb0";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "breaks are rounded to exact values on purpose"
    )]
    fn breaks_are_round_and_cover_the_data() {
        assert_eq!(nice_breaks(&[0.12, 0.31, 0.22]), [0.16, 0.2, 0.24, 0.28]);
        assert_eq!(nice_breaks(&[0.062, 0.205]), [0.09, 0.12, 0.15, 0.18]);
        let breaks = nice_breaks(&[0.031, 0.874]);
        assert_eq!(breaks, [0.2, 0.4, 0.6, 0.8]);
        assert_eq!(nice_breaks(&[]), [0.2, 0.4, 0.6, 0.8]);
    }

    #[test]
    fn ramps_darken_monotonically() {
        for ramp in [Ramp::Viridis, Ramp::Cividis] {
            let l: Vec<f64> = ramp.colours().iter().map(|c| luminance(c)).collect();
            assert!(l.windows(2).all(|w| w[0] < w[1]), "{ramp:?}: {l:?}");
        }
    }
}
