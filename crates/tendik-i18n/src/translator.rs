//! The Fluent bundles of the three languages and the translator over them.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::FluentNumber;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::Language;
use crate::number::NumberFormat;

/// The translation files, embedded at build time.
pub(crate) fn source(language: Language) -> &'static str {
    match language {
        Language::En => include_str!("../locales/en/tendik.ftl"),
        Language::Ru => include_str!("../locales/ru/tendik.ftl"),
        Language::Ky => include_str!("../locales/ky/tendik.ftl"),
    }
}

/// Position of a language in [`Language::ALL`] and in [`BUNDLES`].
const fn index(language: Language) -> usize {
    match language {
        Language::En => 0,
        Language::Ru => 1,
        Language::Ky => 2,
    }
}

type Bundle = FluentBundle<FluentResource>;

/// One bundle per language, in the order of [`Language::ALL`], built on first use. The
/// files are embedded and tested, so a file that does not parse is a bug of this crate
/// and panics here (the first test run catches it).
static BUNDLES: LazyLock<[Bundle; 3]> = LazyLock::new(|| Language::ALL.map(build_bundle));

fn build_bundle(language: Language) -> Bundle {
    let resource =
        FluentResource::try_new(source(language).to_owned()).unwrap_or_else(|(_, errors)| {
            panic!(
                "locales/{}/tendik.ftl does not parse: {errors:?}",
                language.code()
            )
        });
    let locale: LanguageIdentifier = language
        .code()
        .parse()
        .unwrap_or_else(|error| panic!("{} is not a language tag: {error}", language.code()));
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // Output goes into HTML and SVG: no U+2068/U+2069 isolation marks around arguments.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match language {
        Language::En => format_value_en,
        Language::Ru => format_value_ru,
        Language::Ky => format_value_ky,
    }));
    bundle
        .add_builtins()
        .unwrap_or_else(|error| panic!("fluent builtins: {error}"));
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("locales/{}/tendik.ftl: {errors:?}", language.code()));
    bundle
}

// Numbers in messages (`{ $count }`, `{ NUMBER($share, style: "percent") }`) in each
// language's format; strings are left to Fluent.
fn format_value_en<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    format_value(Language::En, value)
}

fn format_value_ru<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    format_value(Language::Ru, value)
}

fn format_value_ky<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    format_value(Language::Ky, value)
}

fn format_value(language: Language, value: &FluentValue<'_>) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    Some(format_fluent_number(language, number))
}

/// A Fluent number with the options tendik's messages use: `maximumFractionDigits`
/// (rounded to it, trailing zeros dropped down to `minimumFractionDigits`),
/// `minimumFractionDigits`, `useGrouping` and `style: "percent"` (the value times 100,
/// then `%`). Other options are ignored.
fn format_fluent_number(language: Language, number: &FluentNumber) -> String {
    use fluent_bundle::types::FluentNumberStyle;

    let format = NumberFormat::for_language(language);
    let options = &number.options;
    let percent = options.style == FluentNumberStyle::Percent;
    let value = if percent {
        number.value * 100.0
    } else {
        number.value
    };
    let minimum = options.minimum_fraction_digits.unwrap_or(0);
    let mut text = if let Some(maximum) = options.maximum_fraction_digits {
        let mut text = format.write(value, Some(maximum.max(minimum)), options.use_grouping);
        trim_fraction(&mut text, format.decimal_separator(), minimum);
        text
    } else {
        let mut text = format.write(value, None, options.use_grouping);
        pad_fraction(&mut text, format.decimal_separator(), minimum);
        text
    };
    if percent {
        text.push('%');
    }
    text
}

/// Drops trailing zeros of the fraction, keeping at least `minimum` digits.
fn trim_fraction(text: &mut String, decimal: char, minimum: usize) {
    let Some(position) = text.find(decimal) else {
        return;
    };
    let start = position + decimal.len_utf8();
    while text.len() > start + minimum && text.ends_with('0') {
        text.pop();
    }
    if text.len() == start {
        text.truncate(position);
    }
}

/// Pads the fraction with zeros to `minimum` digits.
fn pad_fraction(text: &mut String, decimal: char, minimum: usize) {
    if minimum == 0 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let digits = if let Some(position) = text.find(decimal) {
        text.len() - position - decimal.len_utf8()
    } else {
        text.push(decimal);
        0
    };
    for _ in digits..minimum {
        text.push('0');
    }
}

/// The interface strings in one language.
///
/// Cheap to copy and to share between threads (`Send + Sync`): the three bundles are
/// built once per process, on first use, with Fluent's concurrent memoizer.
///
/// ```
/// use tendik_i18n::{FluentValue, Language, Translator};
///
/// let ky = Translator::new(Language::Ky);
/// assert_eq!(ky.t("level-region"), "Облус");
/// assert_eq!(ky.t("measure-h.symbol"), "H");
/// let back = ky.t_with("nav-back-to", &[("area", FluentValue::from("Нарын облусу"))]);
/// assert!(back.contains("Нарын облусу"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Translator {
    language: Language,
}

impl Default for Translator {
    /// English.
    fn default() -> Self {
        Self::new(Language::En)
    }
}

impl Translator {
    /// The translator of `language`.
    #[must_use]
    pub const fn new(language: Language) -> Self {
        Self { language }
    }

    /// Its language.
    #[must_use]
    pub const fn language(self) -> Language {
        self.language
    }

    /// How its language writes numbers.
    #[must_use]
    pub const fn number_format(self) -> NumberFormat {
        NumberFormat::for_language(self.language)
    }

    /// `value` rounded to `decimals` places in its language ([`NumberFormat::format`]).
    #[must_use]
    pub fn format_number(self, value: f64, decimals: usize) -> String {
        self.number_format().format(value, decimals)
    }

    /// A share (0 to 1) as a percentage without the `%` sign
    /// ([`NumberFormat::format_percent`]): `0.234` → `23.4` (en), `23,4` (ru, ky).
    #[must_use]
    pub fn format_percent(self, share: f64, decimals: usize) -> String {
        self.number_format().format_percent(share, decimals)
    }

    /// The message `key` (`report-title`), or an attribute of it (`measure-h.help`).
    ///
    /// A key missing in this language gives the English text; a key missing in English
    /// too gives the key itself, and in a debug build (so in every test) panics, naming
    /// the key. A message that takes arguments needs [`t_with`](Self::t_with): here it
    /// panics in a debug build and shows `{$area}` in a release build.
    #[must_use]
    pub fn t(self, key: &str) -> String {
        self.t_with(key, &[])
    }

    /// The message `key` with its arguments: strings as they are, numbers in the
    /// language's format (`FluentValue::from(1234)` shows as `1 234` in Russian).
    ///
    /// Missing keys as in [`t`](Self::t); an argument the message needs and did not get is
    /// shown as `{$name}` and, in a debug build, panics.
    #[must_use]
    pub fn t_with(self, key: &str, arguments: &[(&str, FluentValue<'_>)]) -> String {
        let text = format_message(self.language, key, arguments).or_else(|| {
            (self.language != Language::En)
                .then(|| format_message(Language::En, key, arguments))
                .flatten()
        });
        debug_assert!(
            text.is_some(),
            "tendik-i18n: no message {key:?} in locales/en/tendik.ftl"
        );
        text.unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` in this language only, or `None` when it has no such message
    /// (no fallback to English, no panic for a missing key): for names that may or may
    /// not be translated. For messages without arguments.
    #[must_use]
    pub fn try_t(self, key: &str) -> Option<String> {
        format_message(self.language, key, &[])
    }

    /// Whether `key` (with or without `.attribute`) is a message of this language.
    #[must_use]
    pub fn has(self, key: &str) -> bool {
        pattern(self.language, key).is_some()
    }

    /// A name from the analysis plan in this language: the translation of `key` when the
    /// English message of `key` is exactly `english` (the plan's own label, determinant
    /// or name, compared with whitespace runs as one space), otherwise `english` itself.
    ///
    /// So the bundled plan's names are translated, and a user's plan, or a bundled plan
    /// whose labels were edited, shows its own words rather than a wrong translation.
    ///
    /// ```
    /// use tendik_i18n::{key_for, step_key, KeyKind, Language, Translator};
    ///
    /// let ru = Translator::new(Language::Ru);
    /// let key = key_for(KeyKind::AgeGroup, "0-23 months");
    /// assert_eq!(ru.plan_text(&key, "0-23 months"), "0–23 месяца");
    /// let step = step_key("immunisation", 1);
    /// assert_eq!(ru.plan_text(&step, "Vaccine availability"), "Наличие вакцин");
    /// assert_eq!(ru.plan_text(&step, "Cold chain"), "Cold chain");
    /// ```
    #[must_use]
    pub fn plan_text(self, key: &str, english: &str) -> String {
        if translates(key, english)
            && let Some(text) = self.try_t(key)
        {
            return text;
        }
        english.to_owned()
    }
}

/// `key` formatted in `language`; `None` if that bundle has no such message (or the
/// message has no value and no attribute was asked for).
fn format_message(
    language: Language,
    key: &str,
    arguments: &[(&str, FluentValue<'_>)],
) -> Option<String> {
    let (bundle, pattern) = pattern(language, key)?;
    let arguments = (!arguments.is_empty()).then(|| {
        let mut args = FluentArgs::with_capacity(arguments.len());
        for (name, value) in arguments {
            args.set(*name, value.clone());
        }
        args
    });
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, arguments.as_ref(), &mut errors);
    assert!(
        !cfg!(debug_assertions) || errors.is_empty(),
        "tendik-i18n: message {key:?} in {}: {}",
        language.code(),
        describe(&errors)
    );
    Some(text.into_owned())
}

/// The bundle of `language` and the pattern of `key` (`id` or `id.attribute`).
fn pattern(
    language: Language,
    key: &str,
) -> Option<(
    &'static Bundle,
    &'static fluent_syntax::ast::Pattern<&'static str>,
)> {
    let bundle = &BUNDLES[index(language)];
    let (id, attribute) = match key.split_once('.') {
        Some((id, attribute)) => (id, Some(attribute)),
        None => (key, None),
    };
    let message = bundle.get_message(id)?;
    let pattern = match attribute {
        Some(attribute) => message.get_attribute(attribute)?.value(),
        None => message.value()?,
    };
    Some((bundle, pattern))
}

/// Whether the English message of `key` is `english`, whitespace runs compared as one
/// space: the test [`Translator::plan_text`] makes before it translates a plan's name.
#[must_use]
pub fn translates(key: &str, english: &str) -> bool {
    let Some(text) = format_message(Language::En, key, &[]) else {
        return false;
    };
    let normalise = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    normalise(&text) == normalise(english)
}

fn describe(errors: &[FluentError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::NO_BREAK_SPACE as NBSP;

    fn number(value: f64, options: &[(&str, FluentValue<'static>)]) -> FluentNumber {
        let mut number = FluentNumber::from(value);
        let mut args = FluentArgs::new();
        for (name, value) in options {
            args.set(*name, value.clone());
        }
        number.options.merge(&args);
        number
    }

    #[test]
    fn fluent_numbers_in_each_language() {
        let plain = number(1234.5, &[]);
        assert_eq!(format_fluent_number(Language::En, &plain), "1,234.5");
        assert_eq!(
            format_fluent_number(Language::Ru, &plain),
            format!("1{NBSP}234,5")
        );
        assert_eq!(format_fluent_number(Language::Ky, &number(3.0, &[])), "3");

        let one_place = number(23.456, &[("maximumFractionDigits", FluentValue::from(1))]);
        assert_eq!(format_fluent_number(Language::Ru, &one_place), "23,5");
        let trimmed = number(23.0, &[("maximumFractionDigits", FluentValue::from(1))]);
        assert_eq!(format_fluent_number(Language::En, &trimmed), "23");
        let padded = number(
            23.0,
            &[
                ("minimumFractionDigits", FluentValue::from(1)),
                ("maximumFractionDigits", FluentValue::from(1)),
            ],
        );
        assert_eq!(format_fluent_number(Language::Ky, &padded), "23,0");
        let minimum_only = number(0.5, &[("minimumFractionDigits", FluentValue::from(2))]);
        assert_eq!(format_fluent_number(Language::En, &minimum_only), "0.50");

        let percent = number(
            0.234,
            &[
                ("style", FluentValue::from("percent")),
                ("maximumFractionDigits", FluentValue::from(1)),
            ],
        );
        assert_eq!(format_fluent_number(Language::En, &percent), "23.4%");
        assert_eq!(format_fluent_number(Language::Ru, &percent), "23,4%");

        let year = number(2018.0, &[("useGrouping", FluentValue::from("false"))]);
        assert_eq!(format_fluent_number(Language::Ru, &year), "2018");
    }
}
