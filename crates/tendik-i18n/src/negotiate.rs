//! Choosing the language of a page: the `lang` query parameter, else `Accept-Language`.

use crate::Language;

/// The language of a language tag, by its primary subtag, case-insensitive: `en`, `EN-us`,
/// `ru_RU`, `ky-KG`, `ky-Cyrl-KG`; also the ISO 639-2 codes `eng`, `rus`, `kir`. `None` for
/// any other language.
///
/// ```
/// use tendik_i18n::{parse_language, Language};
///
/// assert_eq!(parse_language("ky-KG"), Some(Language::Ky));
/// assert_eq!(parse_language("RU"), Some(Language::Ru));
/// assert_eq!(parse_language("uz"), None);
/// ```
#[must_use]
pub fn parse_language(tag: &str) -> Option<Language> {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("en") || primary.eq_ignore_ascii_case("eng") {
        Some(Language::En)
    } else if primary.eq_ignore_ascii_case("ru") || primary.eq_ignore_ascii_case("rus") {
        Some(Language::Ru)
    } else if primary.eq_ignore_ascii_case("ky") || primary.eq_ignore_ascii_case("kir") {
        Some(Language::Ky)
    } else {
        None
    }
}

/// The language to show: the `lang` query parameter's value (`?lang=en|ru|ky`) if it names
/// one of the three, else the best of the `Accept-Language` header
/// ([`negotiate_accept_language`]), else English.
///
/// `query` is the value of the `lang` parameter (not the whole query string). An unknown
/// value (`?lang=fr`) is ignored rather than refused, so that an old or hand-edited link
/// still opens.
///
/// ```
/// use tendik_i18n::{language_from_query_or_header, Language};
///
/// let header = Some("ky-KG,ky;q=0.9,ru;q=0.8,en;q=0.5");
/// assert_eq!(language_from_query_or_header(Some("ru"), header), Language::Ru);
/// assert_eq!(language_from_query_or_header(None, header), Language::Ky);
/// assert_eq!(language_from_query_or_header(None, None), Language::En);
/// ```
#[must_use]
pub fn language_from_query_or_header(
    query: Option<&str>,
    accept_language: Option<&str>,
) -> Language {
    query
        .and_then(parse_language)
        .or_else(|| accept_language.and_then(negotiate_accept_language))
        .unwrap_or(Language::En)
}

/// The language of an `Accept-Language` header (RFC 9110 §12.5.4) that tendik speaks with
/// the highest quality value, the earliest in the header on a tie; `None` when the header
/// names none of English, Russian and Kyrgyz.
///
/// Ranges are matched by their primary subtag (`ru-RU` and `ru-KG` are Russian). A range
/// with `q=0` is refused; a range whose `q` does not parse, and the wildcard `*`, are
/// skipped. The reader's order is kept: `ru-RU,ru;q=0.9,ky;q=0.8` is Russian, although
/// many Kyrgyz speakers' browsers list Russian too.
///
/// ```
/// use tendik_i18n::{negotiate_accept_language, Language};
///
/// assert_eq!(negotiate_accept_language("en-US,en;q=0.9"), Some(Language::En));
/// assert_eq!(negotiate_accept_language("de-DE,ru;q=0.5"), Some(Language::Ru));
/// assert_eq!(negotiate_accept_language("de, fr;q=0.8"), None);
/// ```
#[must_use]
pub fn negotiate_accept_language(header: &str) -> Option<Language> {
    let mut best: Option<(Language, f64)> = None;
    for range in header.split(',') {
        let mut parts = range.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let Some(language) = parse_language(tag) else {
            continue;
        };
        let Some(quality) = quality(parts) else {
            continue;
        };
        if quality <= 0.0 {
            continue;
        }
        if best.is_none_or(|(_, best_quality)| quality > best_quality) {
            best = Some((language, quality));
        }
    }
    best.map(|(language, _)| language)
}

/// The `q` parameter among a range's parameters: 1 when absent, `None` when it is not a
/// number from 0 to 1.
fn quality<'a>(parameters: impl Iterator<Item = &'a str>) -> Option<f64> {
    for parameter in parameters {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("q") {
            let value: f64 = value.trim().parse().ok()?;
            return (0.0..=1.0).contains(&value).then_some(value);
        }
    }
    Some(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negotiate(header: &str) -> Option<Language> {
        negotiate_accept_language(header)
    }

    #[test]
    fn query_parameter_wins() {
        let header = Some("ru-RU,ru;q=0.9");
        assert_eq!(
            language_from_query_or_header(Some("en"), header),
            Language::En
        );
        assert_eq!(
            language_from_query_or_header(Some("ky"), header),
            Language::Ky
        );
        assert_eq!(
            language_from_query_or_header(Some(" KY "), None),
            Language::Ky
        );
        assert_eq!(
            language_from_query_or_header(Some("ru"), None),
            Language::Ru
        );
    }

    #[test]
    fn unknown_or_empty_query_falls_back_to_the_header() {
        let header = Some("ky-KG,ky;q=0.9");
        assert_eq!(
            language_from_query_or_header(Some("fr"), header),
            Language::Ky
        );
        assert_eq!(
            language_from_query_or_header(Some(""), header),
            Language::Ky
        );
        assert_eq!(
            language_from_query_or_header(Some("fr"), None),
            Language::En
        );
    }

    #[test]
    fn default_is_english() {
        assert_eq!(language_from_query_or_header(None, None), Language::En);
        assert_eq!(language_from_query_or_header(None, Some("")), Language::En);
        assert_eq!(language_from_query_or_header(None, Some("*")), Language::En);
        assert_eq!(
            language_from_query_or_header(None, Some("de-DE,fr;q=0.9")),
            Language::En
        );
    }

    #[test]
    fn typical_browser_headers() {
        // A browser set to Kyrgyz, with Russian as its second language.
        assert_eq!(
            negotiate("ky-KG,ky;q=0.9,ru-RU;q=0.8,ru;q=0.7,en-US;q=0.6,en;q=0.5"),
            Some(Language::Ky)
        );
        // Russian first, Kyrgyz second: the reader's order is kept.
        assert_eq!(
            negotiate("ru-RU,ru;q=0.9,ky;q=0.8,en;q=0.7"),
            Some(Language::Ru)
        );
        assert_eq!(negotiate("ru"), Some(Language::Ru));
        assert_eq!(negotiate("ky"), Some(Language::Ky));
        assert_eq!(negotiate("en-US,en;q=0.9"), Some(Language::En));
        assert_eq!(negotiate("en-GB"), Some(Language::En));
        // A language tendik does not speak first: the best one it does.
        assert_eq!(
            negotiate("uz-UZ,uz;q=0.9,ru;q=0.8,en;q=0.6"),
            Some(Language::Ru)
        );
        assert_eq!(negotiate("tr,ky;q=0.5,*;q=0.1"), Some(Language::Ky));
    }

    #[test]
    fn quality_values_order_the_ranges() {
        assert_eq!(negotiate("en;q=0.5,ky;q=0.8"), Some(Language::Ky));
        assert_eq!(
            negotiate("ru;q=0.3, en;q=0.2, ky;q=0.9"),
            Some(Language::Ky)
        );
        // Equal qualities: the earlier range.
        assert_eq!(negotiate("ru;q=0.5,ky;q=0.5"), Some(Language::Ru));
        // No q is q=1.
        assert_eq!(negotiate("ky;q=0.99,en"), Some(Language::En));
        // Whitespace and case around the parameter.
        assert_eq!(negotiate("en ; Q = 0.2 , ru ; q=0.4"), Some(Language::Ru));
    }

    #[test]
    fn refused_and_malformed_ranges_are_skipped() {
        assert_eq!(negotiate("ky;q=0,ru;q=0.1"), Some(Language::Ru));
        assert_eq!(negotiate("ky;q=0"), None);
        assert_eq!(negotiate("ky;q=abc,en;q=0.1"), Some(Language::En));
        assert_eq!(negotiate("ky;q=1.5,en;q=0.1"), Some(Language::En));
        assert_eq!(negotiate(",,;,ru"), Some(Language::Ru));
        assert_eq!(negotiate("kyrgyz,ru"), Some(Language::Ru));
    }

    #[test]
    fn tags_are_matched_by_primary_subtag() {
        assert_eq!(parse_language("ky-Cyrl-KG"), Some(Language::Ky));
        assert_eq!(parse_language("ru_KG"), Some(Language::Ru));
        assert_eq!(parse_language("kir"), Some(Language::Ky));
        assert_eq!(parse_language("rus"), Some(Language::Ru));
        assert_eq!(parse_language("eng"), Some(Language::En));
        assert_eq!(parse_language("kk-KZ"), None);
        assert_eq!(parse_language(""), None);
    }
}
