//! Numbers as each language writes them.

use crate::Language;

/// The no-break space (U+00A0): the thousands separator of Russian and Kyrgyz. It keeps a
/// number on one line in HTML and SVG and is in every font that has Cyrillic.
pub const NO_BREAK_SPACE: char = '\u{a0}';

/// How one language writes numbers: its decimal and thousands separators.
///
/// English writes `1,234.5`, Russian and Kyrgyz `1 234,5` (with a no-break space, as in
/// CLDR and the national statistics office's Russian-language tables). Minus is the ASCII
/// hyphen-minus in every language, so that a figure copied from the page still parses.
///
/// ```
/// use tendik_i18n::{Language, NumberFormat};
///
/// let ru = NumberFormat::for_language(Language::Ru);
/// assert_eq!(ru.format(12345.678, 1), "12\u{a0}345,7");
/// assert_eq!(ru.format_percent(0.234, 1), "23,4");
/// assert_eq!(NumberFormat::for_language(Language::En).format_percent(0.234, 1), "23.4");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    decimal: char,
    group: char,
}

impl NumberFormat {
    /// The format of `language`.
    #[must_use]
    pub const fn for_language(language: Language) -> Self {
        match language {
            Language::En => Self {
                decimal: '.',
                group: ',',
            },
            Language::Ru | Language::Ky => Self {
                decimal: ',',
                group: NO_BREAK_SPACE,
            },
        }
    }

    /// The decimal separator: `.` for English, `,` for Russian and Kyrgyz.
    #[must_use]
    pub const fn decimal_separator(self) -> char {
        self.decimal
    }

    /// The thousands separator: `,` for English, a no-break space for Russian and Kyrgyz.
    #[must_use]
    pub const fn group_separator(self) -> char {
        self.group
    }

    /// `value` rounded to `decimals` places (halves away from zero, as statistical tables
    /// round), with thousands grouped: `1,234.6` (en),
    /// `1 234,6` (ru, ky). A value that rounds to zero has no minus sign; NaN is written
    /// as an en dash (`–`), infinities as `∞` and `-∞`.
    #[must_use]
    pub fn format(self, value: f64, decimals: usize) -> String {
        self.write(value, Some(decimals), true)
    }

    /// As [`format`](Self::format), without thousands separators (years, codes).
    #[must_use]
    pub fn format_ungrouped(self, value: f64, decimals: usize) -> String {
        self.write(value, Some(decimals), false)
    }

    /// A share (0 to 1) as a percentage with `decimals` places, without the `%` sign:
    /// `0.234` → `23.4` (en) or `23,4` (ru, ky).
    #[must_use]
    pub fn format_percent(self, share: f64, decimals: usize) -> String {
        self.format(share * 100.0, decimals)
    }

    /// A count, grouped: `12345` → `12,345` (en) or `12 345` (ru, ky).
    #[must_use]
    pub fn format_count(self, count: u64) -> String {
        self.group_digits(&count.to_string(), "", true)
    }

    /// `value` with `decimals` places if given, else in its shortest exact form (`0.5`,
    /// `3`); thousands grouped if `grouping`.
    pub(crate) fn write(self, value: f64, decimals: Option<usize>, grouping: bool) -> String {
        if value.is_nan() {
            return "–".to_owned();
        }
        if value.is_infinite() {
            return if value > 0.0 { "∞" } else { "-∞" }.to_owned();
        }
        let text = match decimals {
            Some(decimals) => format!("{:.decimals$}", round_half_away(value, decimals)),
            None => value.to_string(),
        };
        let (negative, digits) = match text.strip_prefix('-') {
            // "-0.0" after rounding: no sign on a zero.
            Some(rest) if rest.bytes().any(|b| matches!(b, b'1'..=b'9')) => (true, rest),
            Some(rest) => (false, rest),
            None => (false, text.as_str()),
        };
        let (integer, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let sign = if negative { "-" } else { "" };
        let mut out = self.group_digits(integer, sign, grouping);
        if !fraction.is_empty() {
            out.push(self.decimal);
            out.push_str(fraction);
        }
        out
    }

    /// `sign` and the integer digits, with a group separator every three digits.
    fn group_digits(self, integer: &str, sign: &str, grouping: bool) -> String {
        let mut out = String::with_capacity(sign.len() + integer.len() * 2);
        out.push_str(sign);
        let len = integer.len();
        for (i, digit) in integer.chars().enumerate() {
            if grouping && i > 0 && (len - i).is_multiple_of(3) {
                out.push(self.group);
            }
            out.push(digit);
        }
        out
    }
}

/// `value` rounded to `decimals` places, halves away from zero as SPSS, Stata and Excel
/// round their tables (`12.5` → `13`; Rust's own formatting would give `12`).
fn round_half_away(value: f64, decimals: usize) -> f64 {
    let Ok(exponent) = i32::try_from(decimals) else {
        return value;
    };
    let scale = 10_f64.powi(exponent);
    let scaled = value * scale;
    if !scaled.is_finite() || scaled.abs() >= 1e15 {
        return value;
    }
    scaled.round() / scale
}

/// `value` rounded to `decimals` places in `language`'s format ([`NumberFormat::format`]).
#[must_use]
pub fn format_number(language: Language, value: f64, decimals: usize) -> String {
    NumberFormat::for_language(language).format(value, decimals)
}

/// A share (0 to 1) as a percentage in `language`'s format, without the `%` sign:
/// `format_percent(Language::Ru, 0.234, 1)` is `"23,4"` ([`NumberFormat::format_percent`]).
#[must_use]
pub fn format_percent(language: Language, share: f64, decimals: usize) -> String {
    NumberFormat::for_language(language).format_percent(share, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NBSP: char = NO_BREAK_SPACE;

    #[test]
    fn english_uses_point_and_comma() {
        let en = NumberFormat::for_language(Language::En);
        assert_eq!(en.format(0.0, 1), "0.0");
        assert_eq!(en.format(999.0, 0), "999");
        assert_eq!(en.format(1000.0, 0), "1,000");
        assert_eq!(en.format(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(en.format(-1234.5, 1), "-1,234.5");
        assert_eq!(en.format_ungrouped(2018.0, 0), "2018");
        assert_eq!(en.format_count(0), "0");
        assert_eq!(en.format_count(12_345), "12,345");
    }

    #[test]
    fn russian_and_kyrgyz_use_comma_and_no_break_space() {
        for language in [Language::Ru, Language::Ky] {
            let format = NumberFormat::for_language(language);
            assert_eq!(format.decimal_separator(), ',');
            assert_eq!(format.group_separator(), NBSP);
            assert_eq!(format.format(1234.56, 1), format!("1{NBSP}234,6"));
            assert_eq!(
                format.format(1_234_567.0, 0),
                format!("1{NBSP}234{NBSP}567")
            );
            assert_eq!(format.format(-0.25, 2), "-0,25");
            assert_eq!(format.format(12.0, 0), "12");
            assert_eq!(
                format.format_count(1_000_000),
                format!("1{NBSP}000{NBSP}000")
            );
            assert_eq!(format.format_ungrouped(12345.5, 1), "12345,5");
        }
    }

    #[test]
    fn percentages_from_shares() {
        assert_eq!(format_percent(Language::En, 0.234, 1), "23.4");
        assert_eq!(format_percent(Language::Ru, 0.234, 1), "23,4");
        assert_eq!(format_percent(Language::Ky, 0.234, 1), "23,4");
        assert_eq!(format_percent(Language::En, 1.0, 0), "100");
        assert_eq!(format_percent(Language::Ru, 0.05, 2), "5,00");
        assert_eq!(format_percent(Language::En, 0.9996, 1), "100.0");
        assert_eq!(format_percent(Language::En, 12.345_6, 0), "1,235");
        // Halves round away from zero, as SPSS and Excel round their tables.
        assert_eq!(format_percent(Language::En, 0.125, 0), "13");
        assert_eq!(format_percent(Language::En, 0.234_5, 2), "23.45");
        assert_eq!(format_number(Language::En, -2.5, 0), "-3");
    }

    #[test]
    fn zero_has_no_minus_and_special_values_are_marked() {
        assert_eq!(format_number(Language::En, -0.04, 1), "0.0");
        assert_eq!(format_number(Language::Ru, -0.0, 0), "0");
        assert_eq!(format_number(Language::En, f64::NAN, 1), "–");
        assert_eq!(format_number(Language::En, f64::INFINITY, 1), "∞");
        assert_eq!(format_number(Language::Ky, f64::NEG_INFINITY, 1), "-∞");
    }

    #[test]
    fn shortest_form_without_decimals() {
        let ru = NumberFormat::for_language(Language::Ru);
        assert_eq!(ru.write(0.5, None, true), "0,5");
        assert_eq!(ru.write(3.0, None, true), "3");
        assert_eq!(ru.write(25_000.0, None, true), format!("25{NBSP}000"));
        assert_eq!(ru.write(25_000.0, None, false), "25000");
    }
}
