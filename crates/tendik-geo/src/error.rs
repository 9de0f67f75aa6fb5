//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

use crate::units::Level;

/// What can go wrong when reading a boundary file or finding a unit by name.
///
/// Every message about a boundary file names the file; messages about one feature also give
/// its position in the file's `features` array (counting from 0, as `features[3]`) and, where
/// known, its code. Messages about a name quote it and list the units it could mean.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// The file is not JSON.
    #[error("{file}: not valid JSON: {error}")]
    Json {
        /// The file.
        file: String,
        /// What the JSON parser said.
        #[source]
        error: serde_json::Error,
    },

    /// The file is JSON but not a GeoJSON `FeatureCollection`.
    #[error("{file}: expected a GeoJSON FeatureCollection, found {found}")]
    NotFeatureCollection {
        /// The file.
        file: String,
        /// What the top level is instead, in words.
        found: String,
    },

    /// The `FeatureCollection` holds no feature.
    #[error("{file}: the FeatureCollection has no features")]
    NoFeatures {
        /// The file.
        file: String,
    },

    /// One entry of `features` is not a valid GeoJSON feature.
    #[error("{file}: features[{index}] is not a valid GeoJSON feature: {reason}")]
    BadFeature {
        /// The file.
        file: String,
        /// Position in the `features` array, from 0.
        index: usize,
        /// What is wrong.
        reason: String,
    },

    /// A feature lacks the property that holds its code.
    #[error(
        "{file}: features[{index}] has no property \"{property}\"; {}",
        describe_properties(available)
    )]
    MissingProperty {
        /// The file.
        file: String,
        /// Position in the `features` array, from 0.
        index: usize,
        /// The code property asked for.
        property: String,
        /// The properties the feature has.
        available: Vec<String>,
    },

    /// The code property holds something that cannot be a code.
    #[error(
        "{file}: features[{index}]: property \"{property}\" is {found}; expected a non-empty string or an integer"
    )]
    BadCode {
        /// The file.
        file: String,
        /// Position in the `features` array, from 0.
        index: usize,
        /// The code property.
        property: String,
        /// What it holds, in words.
        found: String,
    },

    /// A feature's geometry is missing, of an unsupported type, or malformed.
    #[error("{file}: features[{index}] (code \"{code}\"): {reason}")]
    BadGeometry {
        /// The file.
        file: String,
        /// Position in the `features` array, from 0.
        index: usize,
        /// The feature's code.
        code: String,
        /// What is wrong.
        reason: String,
    },

    /// Two point features carry the same code.
    #[error(
        "{file}: features[{index}]: code \"{code}\" is already used by the point at features[{first}]"
    )]
    DuplicatePoint {
        /// The file.
        file: String,
        /// Position of the second point, from 0.
        index: usize,
        /// Position of the first point, from 0.
        first: usize,
        /// The repeated code.
        code: String,
    },

    /// No unit has this name (at the level asked for); see [`crate::find_by_name`].
    #[error("no {} is named \"{name}\"{}", level_noun(*level), describe_close(close))]
    UnknownName {
        /// The name as given.
        name: String,
        /// The level asked for; `None` for any.
        level: Option<Level>,
        /// Up to 5 units with close names, best first.
        close: Vec<NameCandidate>,
    },

    /// The name fits more than one unit (at the level asked for).
    #[error(
        "\"{name}\" names {} {}: {}; give the full name or the code",
        candidates.len(),
        level_plural(*level),
        list(candidates)
    )]
    AmbiguousName {
        /// The name as given.
        name: String,
        /// The level asked for; `None` for any.
        level: Option<Level>,
        /// The units it fits, in the order of [`crate::units`].
        candidates: Vec<NameCandidate>,
    },

    /// The name or code fits units at other levels only.
    #[error("\"{name}\" is not a {}: it names {}", level_noun(Some(*level)), list(found))]
    NameAtOtherLevel {
        /// The name or code as given.
        name: String,
        /// The level asked for.
        level: Level,
        /// The units it names at other levels.
        found: Vec<NameCandidate>,
    },
}

/// A unit a name could mean, in an error: its full name (in the language of the name that
/// matched), code and level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCandidate {
    /// The unit's full name.
    pub name: String,
    /// The unit's national code.
    pub code: String,
    /// The unit's level.
    pub level: Level,
}

impl fmt::Display for NameCandidate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} ({})", self.name, self.code)
    }
}

fn level_noun(level: Option<Level>) -> &'static str {
    match level {
        None => "unit",
        Some(Level::Country) => "country",
        Some(Level::Region) => "region",
        Some(Level::District) => "district",
    }
}

fn level_plural(level: Option<Level>) -> &'static str {
    match level {
        None => "units",
        Some(Level::Country) => "countries",
        Some(Level::Region) => "regions",
        Some(Level::District) => "districts",
    }
}

fn list(candidates: &[NameCandidate]) -> String {
    candidates
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_close(close: &[NameCandidate]) -> String {
    if close.is_empty() {
        String::new()
    } else {
        format!("; close names: {}", list(close))
    }
}

fn describe_properties(available: &[String]) -> String {
    if available.is_empty() {
        "the feature has no properties".to_owned()
    } else {
        format!("its properties are: {}", available.join(", "))
    }
}
