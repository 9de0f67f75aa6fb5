//! Finding units by name: DHIS2 organisation units and survey value labels name units in
//! English, Russian or Kyrgyz, in full or short, with or without a unit word.
//!
//! Names are compared in a normalized form ([`normalize`]): lowercase; hyphens, dashes, dots,
//! commas, brackets and quotes as spaces; repeated spaces collapsed; `ё` as `е` and the Kyrgyz
//! letters `ө`, `ү`, `ң` as `о`, `у`, `н` (as typed on a Russian keyboard); and, in a word
//! that mixes Latin and Cyrillic letters, the look-alike letters (`a`/`а`, `c`/`с`, `o`/`о`, …)
//! read in the word's own script. A unit word ("Region", "oblast", "District", "rayon",
//! "City", "область", "обл.", "район", "р-н", "город", "г.", "облусу", "району", "шаары") is
//! split off as a hint of the unit's kind. A few other English spellings of short names
//! ([`ENGLISH_VARIANTS`]: "Chui", "Moscow", …) count as short names.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::LazyLock;

use crate::error::{GeoError, NameCandidate};
use crate::units::{Language, Level, Unit, UnitKind, find, find_numeric, units};

/// The kind of unit a unit word asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KindHint {
    /// "Region", "oblast", "область", "облусу": an oblast.
    Oblast,
    /// "District", "rayon", "район", "району": a rayon.
    Rayon,
    /// "City", "town", "город", "г.", "шаары": a city of republican or oblast significance.
    City,
}

impl KindHint {
    fn admits(self, kind: UnitKind) -> bool {
        match self {
            Self::Oblast => kind == UnitKind::Oblast,
            Self::Rayon => kind == UnitKind::Rayon,
            Self::City => matches!(kind, UnitKind::City | UnitKind::Town),
        }
    }
}

/// Unit words written after the name, as normalized tokens.
const SUFFIXES: &[(&[&str], KindHint)] = &[
    (&["region"], KindHint::Oblast),
    (&["oblast"], KindHint::Oblast),
    (&["oblasty"], KindHint::Oblast),
    (&["oblusu"], KindHint::Oblast),
    (&["province"], KindHint::Oblast),
    (&["область"], KindHint::Oblast),
    (&["обл"], KindHint::Oblast),
    (&["облусу"], KindHint::Oblast),
    (&["облус"], KindHint::Oblast),
    (&["district"], KindHint::Rayon),
    (&["rayon"], KindHint::Rayon),
    (&["raion"], KindHint::Rayon),
    (&["rayonu"], KindHint::Rayon),
    (&["район"], KindHint::Rayon),
    (&["р", "н"], KindHint::Rayon),
    (&["району"], KindHint::Rayon),
    (&["city"], KindHint::City),
    (&["town"], KindHint::City),
    (&["shaary"], KindHint::City),
    (&["город"], KindHint::City),
    (&["г"], KindHint::City),
    (&["шаары"], KindHint::City),
    (&["ш"], KindHint::City),
];

/// Unit words written before the name.
const PREFIXES: &[(&[&str], KindHint)] = &[
    (&["city", "of"], KindHint::City),
    (&["город"], KindHint::City),
    (&["г"], KindHint::City),
];

/// Other English spellings of short names, each with the short name it stands for: the
/// spellings of Open Admin Data that `data/units.csv` corrects (see `data/README.md`), and a
/// few common transliterations. They match like short names, with or without a unit word
/// ("Chui oblast").
const ENGLISH_VARIANTS: &[(&str, &str)] = &[
    ("Chui", "Chuy"),
    ("Kochokor", "Kochkor"),
    ("Ak-Tala", "Ak-Talaa"),
    ("Jaiyl", "Jayyl"),
    ("Moscow", "Moskva"),
    ("Kadamjai", "Kadamjay"),
    ("Leilek", "Leylek"),
    ("Alai", "Alay"),
    ("Chon-Alai", "Chong-Alay"),
    ("Bakai-Ata", "Bakay-Ata"),
    ("Kyzyl-Kia", "Kyzyl-Kiya"),
    ("Tash-Kumir", "Tash-Kumyr"),
    ("Kok-Zhangak", "Kok-Jangak"),
    ("Ysyk-Kol", "Issyk-Kul"),
    ("Issyk-Kol", "Issyk-Kul"),
    ("Djalal-Abad", "Jalal-Abad"),
    ("Dzhalal-Abad", "Jalal-Abad"),
    ("Jalalabad", "Jalal-Abad"),
    ("Djeti-Oguz", "Jeti-Oguz"),
    ("Jety-Oguz", "Jeti-Oguz"),
    ("Djumgal", "Jumgal"),
    ("Alamedin", "Alamudun"),
    ("Ozgon", "Uzgen"),
    ("Tokmak", "Tokmok"),
];

/// Latin letters and the Cyrillic letters that look the same, lowercase (the uppercase forms
/// of `h`/`н`, `b`/`в`, `m`/`м`, `t`/`т`, `k`/`к` are the look-alikes).
const LOOK_ALIKES: [(char, char); 12] = [
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
    ('k', 'к'),
    ('m', 'м'),
    ('t', 'т'),
    ('h', 'н'),
    ('b', 'в'),
];

/// `text` in the form names are compared in (see the module documentation).
#[must_use]
pub(crate) fn normalize(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        match ch {
            // A combining breve makes и into й; other combining marks (a diaeresis on е) go.
            '\u{306}' if folded.ends_with('и') => {
                folded.pop();
                folded.push('й');
            }
            '\u{300}'..='\u{36F}' | '\'' | '’' | '‘' | 'ʼ' | '`' => {}
            'ё' => folded.push('е'),
            'ө' => folded.push('о'),
            'ү' => folded.push('у'),
            'ң' | 'ӊ' => folded.push('н'),
            '-'
            | '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '_'
            | '.'
            | ','
            | '('
            | ')'
            | '/'
            | '"'
            | '«'
            | '»'
            | '“'
            | '”' => folded.push(' '),
            _ => folded.push(ch),
        }
    }
    let words: Vec<String> = folded.split_whitespace().map(one_script).collect();
    words.join(" ")
}

fn is_cyrillic(ch: char) -> bool {
    ('\u{400}'..='\u{4FF}').contains(&ch)
}

/// A word that mixes Latin and Cyrillic letters, written in one script: the script of its
/// letters that have no look-alike, or else of most of its letters.
fn one_script(word: &str) -> String {
    let latin = word.chars().filter(char::is_ascii_alphabetic).count();
    let cyrillic = word.chars().filter(|&ch| is_cyrillic(ch)).count();
    if latin == 0 || cyrillic == 0 {
        return word.to_owned();
    }
    let only_cyrillic = word
        .chars()
        .any(|ch| is_cyrillic(ch) && !LOOK_ALIKES.iter().any(|&(_, c)| c == ch));
    let only_latin = word
        .chars()
        .any(|ch| ch.is_ascii_alphabetic() && !LOOK_ALIKES.iter().any(|&(l, _)| l == ch));
    let to_cyrillic = match (only_cyrillic, only_latin) {
        (true, false) => true,
        (false, true) => false,
        _ => cyrillic >= latin,
    };
    word.chars()
        .map(|ch| {
            let pair = LOOK_ALIKES
                .iter()
                .find(|&&(l, c)| if to_cyrillic { l == ch } else { c == ch });
            match pair {
                Some(&(l, c)) => {
                    if to_cyrillic {
                        c
                    } else {
                        l
                    }
                }
                None => ch,
            }
        })
        .collect()
}

/// A normalized name without its unit word, and the kind the unit word asks for.
fn split_unit_word(normalized: &str) -> (String, Option<KindHint>) {
    let mut tokens: Vec<&str> = normalized.split(' ').collect();
    let mut hint = None;
    for (words, kind) in SUFFIXES {
        if tokens.len() > words.len() && tokens.ends_with(words) {
            tokens.truncate(tokens.len() - words.len());
            hint = Some(*kind);
            break;
        }
    }
    for (words, kind) in PREFIXES {
        if tokens.len() > words.len() && tokens.starts_with(words) {
            tokens.drain(..words.len());
            hint = hint.or(Some(*kind));
            break;
        }
    }
    (tokens.join(" "), hint)
}

/// One name of one unit, normalized.
struct Entry {
    /// Position in [`units`].
    unit: usize,
    language: Language,
    full: bool,
    normalized: String,
    stem: String,
}

/// The six names of every unit, normalized, and indexes from full names, short names and
/// stems (names without their unit word) to the entries.
struct NameIndex {
    entries: Vec<Entry>,
    full: HashMap<String, Vec<usize>>,
    short: HashMap<String, Vec<usize>>,
    stems: HashMap<String, Vec<usize>>,
}

static NAMES: LazyLock<NameIndex> = LazyLock::new(|| {
    let mut index = NameIndex {
        entries: Vec::new(),
        full: HashMap::new(),
        short: HashMap::new(),
        stems: HashMap::new(),
    };
    for (position, unit) in units().iter().enumerate() {
        let variants = ENGLISH_VARIANTS
            .iter()
            .filter(|(_, short)| *short == unit.short_name_en)
            .map(|&(variant, _)| (false, Language::En, variant));
        let names = [true, false]
            .into_iter()
            .flat_map(|full| Language::ALL.map(|language| (full, language)))
            .map(|(full, language)| {
                let name = if full {
                    unit.name(language)
                } else {
                    unit.short_name(language)
                };
                (full, language, name)
            })
            .chain(variants);
        for (full, language, name) in names {
            let normalized = normalize(name);
            let (stem, _) = split_unit_word(&normalized);
            let entry = index.entries.len();
            let by_name = if full {
                &mut index.full
            } else {
                &mut index.short
            };
            by_name.entry(normalized.clone()).or_default().push(entry);
            index.stems.entry(stem.clone()).or_default().push(entry);
            index.entries.push(Entry {
                unit: position,
                language,
                full,
                normalized,
                stem,
            });
        }
    }
    index
});

/// The units of these entries that pass `keep`, each once with the language of its first
/// entry, in the order of [`units`].
fn units_of(
    entries: Option<&Vec<usize>>,
    keep: impl Fn(&Unit) -> bool,
) -> Vec<(&'static Unit, Language)> {
    let index = &*NAMES;
    let mut found: Vec<(usize, Language)> = Vec::new();
    for &entry in entries.into_iter().flatten() {
        let Entry { unit, language, .. } = index.entries[entry];
        if keep(&units()[unit]) && !found.iter().any(|&(seen, _)| seen == unit) {
            found.push((unit, language));
        }
    }
    found.sort_by_key(|&(unit, _)| unit);
    found
        .into_iter()
        .map(|(unit, language)| (&units()[unit], language))
        .collect()
}

fn candidate(unit: &'static Unit, language: Language) -> NameCandidate {
    NameCandidate {
        name: unit.name(language).to_owned(),
        code: unit.code.clone(),
        level: unit.level,
    }
}

/// The units `name` names at `level` (any level for `None`), tried in order: full names,
/// then short names, then names without their unit word where the unit word (if the query
/// has one) fits the unit's kind. The first step that finds any unit decides.
fn lookup(name: &str, level: Option<Level>) -> Vec<(&'static Unit, Language)> {
    let index = &*NAMES;
    let at_level = |unit: &Unit| level.is_none_or(|level| unit.level == level);
    let normalized = normalize(name);
    if normalized.is_empty() {
        return Vec::new();
    }
    let full = units_of(index.full.get(&normalized), at_level);
    if !full.is_empty() {
        return full;
    }
    let short = units_of(index.short.get(&normalized), at_level);
    if !short.is_empty() {
        return short;
    }
    let (stem, hint) = split_unit_word(&normalized);
    units_of(index.stems.get(&stem), |unit| {
        at_level(unit) && hint.is_none_or(|hint| hint.admits(unit.kind))
    })
}

/// Up to 5 units whose names are close to `name`, best first, at `level` if given.
///
/// Each unit scores its best Jaro–Winkler similarity over its six normalized names (and their
/// forms without the unit word, against the query's); units scoring 0.8 or more are kept.
fn close_names(name: &str, level: Option<Level>) -> Vec<NameCandidate> {
    let index = &*NAMES;
    let normalized = normalize(name);
    if normalized.is_empty() {
        return Vec::new();
    }
    let (stem, _) = split_unit_word(&normalized);
    let mut best: Vec<Option<(f64, Language, bool)>> = vec![None; units().len()];
    for entry in &index.entries {
        let unit = &units()[entry.unit];
        if level.is_some_and(|level| unit.level != level) {
            continue;
        }
        let score = strsim::jaro_winkler(&normalized, &entry.normalized)
            .max(strsim::jaro_winkler(&stem, &entry.stem));
        let better =
            best[entry.unit].is_none_or(|(old, _, old_full)| match score.total_cmp(&old) {
                Ordering::Greater => true,
                Ordering::Equal => entry.full && !old_full,
                Ordering::Less => false,
            });
        if better {
            best[entry.unit] = Some((score, entry.language, entry.full));
        }
    }
    let mut scored: Vec<(f64, usize, Language)> = best
        .into_iter()
        .enumerate()
        .filter_map(|(unit, best)| best.map(|(score, language, _)| (score, unit, language)))
        .filter(|&(score, _, _)| score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(5)
        .map(|(_, unit, language)| candidate(&units()[unit], language))
        .collect()
}

/// The unit with this name, at `level` if given.
///
/// Accepts, ignoring case, spaces, hyphens and dashes (see the module documentation for the
/// whole normalization): the full name and the short name in English, Russian or Kyrgyz
/// ("Issyk-Kul Region", "Иссык-Кульская область", "Ысык-Көл облусу", "Issyk-Kul", …), and a
/// name with another unit word ("Osh Oblast", "Chuy oblast", "Bishkek city", "Ak-Suu rayon",
/// "Нарынская обл.", "Ак-Суйский р-н", "г. Ош", "Ош ш."), and some other English spellings of
/// short names ("Chui", "Moscow", "Kadamjai", "Djalal-Abad"). A full name wins over a short name:
/// "Osh City" is the city even though "Osh" alone names two regions.
///
/// # Errors
/// - [`GeoError::AmbiguousName`] when the name fits more than one unit ("Naryn" without a
///   level names a region, a district and a town; "Osh" at [`Level::Region`] names Osh Region
///   and Osh City), listing them;
/// - [`GeoError::NameAtOtherLevel`] when the name fits units at other levels only;
/// - [`GeoError::UnknownName`] otherwise, with up to 5 close names.
///
/// ```
/// use tendik_geo::{Level, find_by_name};
///
/// assert_eq!(find_by_name("Osh Oblast", None).unwrap().code, "KG06000000000");
/// assert_eq!(find_by_name("Нарын", Some(Level::Region)).unwrap().code, "KG04000000000");
/// assert!(find_by_name("Naryn", None).is_err()); // region, district or town?
/// ```
pub fn find_by_name(name: &str, level: Option<Level>) -> Result<&'static Unit, GeoError> {
    let found = lookup(name, level);
    match found.as_slice() {
        [(unit, _)] => Ok(*unit),
        [] => Err(not_found(name, level)),
        _ => Err(GeoError::AmbiguousName {
            name: name.to_owned(),
            level,
            candidates: found
                .iter()
                .map(|&(unit, language)| candidate(unit, language))
                .collect(),
        }),
    }
}

/// The error for a name that names no unit at `level`.
fn not_found(name: &str, level: Option<Level>) -> GeoError {
    if let Some(level) = level {
        let elsewhere = lookup(name, None);
        if !elsewhere.is_empty() {
            return GeoError::NameAtOtherLevel {
                name: name.to_owned(),
                level,
                found: elsewhere
                    .iter()
                    .map(|&(unit, language)| candidate(unit, language))
                    .collect(),
            };
        }
    }
    GeoError::UnknownName {
        name: name.to_owned(),
        level,
        close: close_names(name, level),
    }
}

/// The unit `text` identifies by code, number or name, at `level` if given: for DHIS2
/// `orgUnit` fields and survey value labels, where any of them may appear.
///
/// Tried in order: a code [`find`] accepts (national id, ISO, SDG or 14-digit SOATE code),
/// then, for text of digits only, a [`Unit::numeric_code`] ([`find_numeric`]), then a name
/// ([`find_by_name`]).
///
/// # Errors
/// As [`find_by_name`]; a code or number of a unit at another level than `level` is a
/// [`GeoError::NameAtOtherLevel`].
///
/// ```
/// use tendik_geo::{Level, find_any};
///
/// for text in ["KG-Y", "KG02", "41702000000000", "20000", "Issyk-Kul oblast", "Ысык-Көл облусу"] {
///     assert_eq!(find_any(text, Some(Level::Region)).unwrap().code, "KG02000000000");
/// }
/// ```
pub fn find_any(text: &str, level: Option<Level>) -> Result<&'static Unit, GeoError> {
    let trimmed = text.trim();
    let by_code = find(trimmed).or_else(|| {
        let digits = !trimmed.is_empty() && trimmed.bytes().all(|byte| byte.is_ascii_digit());
        digits
            .then(|| trimmed.parse().ok().and_then(find_numeric))
            .flatten()
    });
    match (by_code, level) {
        (Some(unit), Some(level)) if unit.level != level => Err(GeoError::NameAtOtherLevel {
            name: text.to_owned(),
            level,
            found: vec![candidate(unit, Language::En)],
        }),
        (Some(unit), _) => Ok(unit),
        (None, _) => find_by_name(text, level),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_folds_case_dashes_spaces_and_letters() {
        assert_eq!(normalize("  Issyk–Kul   REGION "), "issyk kul region");
        assert_eq!(normalize("Ысык-Көл облусу"), "ысык кол облусу");
        assert_eq!(normalize("г. Бишкек"), "г бишкек");
        assert_eq!(normalize("Ак-Суйский р-н"), "ак суйский р н");
        // Latin "H", "a", "p" inside a Cyrillic word, and a Cyrillic "О" in a Latin one.
        assert_eq!(normalize("HapЫН"), "нарын");
        assert_eq!(normalize("\u{41e}sh"), "osh");
        assert_eq!(normalize("Чоӊ-Алай"), "чон алай");
        assert_eq!(normalize("Аи\u{306}"), "ай");
    }

    #[test]
    fn unit_words_are_split_off() {
        assert_eq!(
            split_unit_word("нарынская обл"),
            ("нарынская".to_owned(), Some(KindHint::Oblast))
        );
        assert_eq!(
            split_unit_word("г ош"),
            ("ош".to_owned(), Some(KindHint::City))
        );
        assert_eq!(
            split_unit_word("ак суу р н"),
            ("ак суу".to_owned(), Some(KindHint::Rayon))
        );
        // A unit word alone is a name, not a hint.
        assert_eq!(split_unit_word("city"), ("city".to_owned(), None));
    }
}
