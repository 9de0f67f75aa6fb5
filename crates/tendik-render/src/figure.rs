//! The figures every chart shows, how numbers are written, and the words around them.

use tendik_geo::Language;

/// How far a figure can be trusted (MICS: caution for 25–49 unweighted cases, suppressed
/// below 25).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reliability {
    /// Enough cases: shown plainly.
    Reliable,
    /// Few cases: shown in parentheses, hatched in charts.
    Caution,
    /// Too few cases: shown as `*`, never as a number.
    Suppressed,
    /// No figure: shown as `–`.
    Unavailable,
}

/// One estimated proportion (0–1) with its 95% confidence interval, reliability and
/// unweighted count. Charts show it as a percentage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// The estimate, a proportion from 0 to 1 (a difference may be negative).
    pub estimate: Option<f64>,
    /// The 95% confidence interval (lower, upper).
    pub ci: Option<(f64, f64)>,
    /// Whether and how to show the estimate.
    pub reliability: Reliability,
    /// The unweighted number of cases.
    pub n: Option<u64>,
}

impl Figure {
    /// A figure with every part known.
    #[must_use]
    pub fn new(estimate: f64, ci: (f64, f64), n: u64, reliability: Reliability) -> Self {
        Self {
            estimate: Some(estimate),
            ci: Some(ci),
            reliability,
            n: Some(n),
        }
    }

    /// A figure without an estimate.
    #[must_use]
    pub fn unavailable() -> Self {
        Self {
            estimate: None,
            ci: None,
            reliability: Reliability::Unavailable,
            n: None,
        }
    }

    /// The estimate to draw: `None` when suppressed, unavailable or missing.
    #[must_use]
    pub fn shown(&self) -> Option<f64> {
        match self.reliability {
            Reliability::Reliable | Reliability::Caution => {
                self.estimate.filter(|value| value.is_finite())
            }
            Reliability::Suppressed | Reliability::Unavailable => None,
        }
    }

    /// The interval to draw: only with a shown estimate.
    #[must_use]
    pub fn shown_ci(&self) -> Option<(f64, f64)> {
        self.shown()?;
        self.ci
            .filter(|(low, high)| low.is_finite() && high.is_finite())
    }

    /// Whether the figure is shown with caution (hatched, in parentheses).
    #[must_use]
    pub fn is_caution(&self) -> bool {
        self.reliability == Reliability::Caution && self.shown().is_some()
    }

    /// The mark of a figure not shown: `*` when suppressed, `–` otherwise.
    pub(crate) fn missing_mark(&self) -> &'static str {
        if self.reliability == Reliability::Suppressed {
            "*"
        } else {
            "–"
        }
    }
}

/// How numbers are written: the decimal separator and the thousands separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// `.` in English, `,` in Russian and Kyrgyz.
    pub decimal: char,
    /// Between groups of three digits of counts: `,` in English, a no-break space in Russian
    /// and Kyrgyz; `None` for no grouping.
    pub thousands: Option<char>,
}

impl NumberFormat {
    /// English: `1,234` and `23.4`.
    pub const EN: Self = Self {
        decimal: '.',
        thousands: Some(','),
    };
    /// Russian and Kyrgyz: `1 234` (no-break space) and `23,4`.
    pub const RU: Self = Self {
        decimal: ',',
        thousands: Some('\u{a0}'),
    };

    /// The format of a language.
    #[must_use]
    pub fn of(language: Language) -> Self {
        match language {
            Language::En => Self::EN,
            Language::Ru | Language::Ky => Self::RU,
        }
    }

    /// `value` with `decimals` decimals, a true minus sign (`−`) for negatives, never `-0`.
    #[must_use]
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let text = format!("{:.*}", decimals, value.abs());
        let is_zero = text.chars().all(|c| c == '0' || c == '.');
        let sign = if value < 0.0 && !is_zero { "−" } else { "" };
        let text: String = text
            .chars()
            .map(|c| if c == '.' { self.decimal } else { c })
            .collect();
        format!("{sign}{text}")
    }

    /// A proportion as a percentage number with one decimal, without the sign: `0.234` →
    /// `23.4`.
    #[must_use]
    pub fn percent(&self, proportion: f64) -> String {
        self.number(proportion * 100.0, 1)
    }

    /// A count with thousands grouped: `1,234`.
    #[must_use]
    pub fn count(&self, count: u64) -> String {
        let digits = count.to_string();
        let Some(separator) = self.thousands else {
            return digits;
        };
        let mut out = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }
}

/// Everything language-dependent the renderer writes itself, given by the caller in the
/// chosen language (the renderer translates nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    /// Decimal and thousands separators.
    pub number: NumberFormat,
    /// The name of the interval in tooltips: `95% CI`, `95% ДИ`.
    pub ci: String,
    /// The name of the unweighted count in tooltips: `n`.
    pub n: String,
    /// Percentage points, after gaps and drops: `pp`, `п.п.`.
    pub points: String,
    /// What hatching and parentheses mean: `25–49 unweighted cases: interpret with caution`.
    pub caution: String,
    /// What `*` means: `fewer than 25 unweighted cases: not shown`.
    pub suppressed: String,
    /// What `–` means: `no data`.
    pub unavailable: String,
}

impl Locale {
    /// A shown figure as a chart label: `23.4%`, `(23.4%)` with caution, otherwise `*` or
    /// `–`.
    #[must_use]
    pub fn label(&self, figure: &Figure) -> String {
        match figure.shown() {
            Some(value) if figure.is_caution() => format!("({}%)", self.number.percent(value)),
            Some(value) => format!("{}%", self.number.percent(value)),
            None => figure.missing_mark().to_owned(),
        }
    }

    /// A figure as a table cell (percent in the header): `23.4`, `(23.4)`, `*` or `–`.
    #[must_use]
    pub fn cell(&self, figure: &Figure) -> String {
        match figure.shown() {
            Some(value) if figure.is_caution() => format!("({})", self.number.percent(value)),
            Some(value) => self.number.percent(value),
            None => figure.missing_mark().to_owned(),
        }
    }

    /// The interval, `20.1–26.8` (percentages).
    #[must_use]
    pub fn interval(&self, (low, high): (f64, f64)) -> String {
        format!("{}–{}", self.number.percent(low), self.number.percent(high))
    }

    /// A difference in percentage points with its sign: `+12.3 pp`, `−4.0 pp`.
    #[must_use]
    pub fn points(&self, difference: f64) -> String {
        let text = self.number.percent(difference);
        let plus = if difference > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "+"
        } else {
            ""
        };
        format!("{plus}{text} {}", self.points)
    }

    /// The tooltip of a named figure: `Name: 23.4% (95% CI 20.1–26.8), n = 312`; the caution
    /// note is added after `; `, and a figure not shown reads `Name: *; <why>`.
    #[must_use]
    pub fn tooltip(&self, name: &str, figure: &Figure) -> String {
        let n = figure
            .n
            .map(|n| format!(", {} = {}", self.n, self.number.count(n)))
            .unwrap_or_default();
        let Some(value) = figure.shown() else {
            let why = if figure.reliability == Reliability::Suppressed {
                &self.suppressed
            } else {
                &self.unavailable
            };
            return format!("{name}: {}{n}; {why}", figure.missing_mark());
        };
        let ci = figure
            .shown_ci()
            .map(|ci| format!(" ({} {})", self.ci, self.interval(ci)))
            .unwrap_or_default();
        let caution = if figure.is_caution() {
            format!("; {}", self.caution)
        } else {
            String::new()
        };
        format!("{name}: {}%{ci}{n}{caution}", self.number.percent(value))
    }
}

/// What every chart carries besides its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Prefix of the ids inside the SVG (titles, patterns): unique in the page that shows
    /// the chart. Characters other than ASCII letters, digits, `-` and `_` become `-`.
    pub id: String,
    /// The title, drawn at the top and read first by screen readers.
    pub title: String,
    /// The longer description read by screen readers (`<desc>`).
    pub description: String,
    /// A note drawn under the chart (source, caveats), if any.
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_format() {
        assert_eq!(NumberFormat::EN.percent(0.2345), "23.4");
        assert_eq!(NumberFormat::RU.percent(0.2345), "23,4");
        assert_eq!(NumberFormat::EN.number(-0.04, 1), "0.0");
        assert_eq!(NumberFormat::EN.number(-1.26, 1), "−1.3");
        assert_eq!(NumberFormat::EN.count(1_234_567), "1,234,567");
        assert_eq!(NumberFormat::RU.count(312), "312");
        assert_eq!(NumberFormat::RU.count(1234), "1\u{a0}234");
    }
}
