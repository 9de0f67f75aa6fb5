//! The crate's one error type.

use std::path::PathBuf;

/// What can go wrong when reading a boundary file.
///
/// Every message names the file; messages about one feature also give its position in the
/// file's `features` array (counting from 0, as `features[3]`) and, where known, its code.
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
}

fn describe_properties(available: &[String]) -> String {
    if available.is_empty() {
        "the feature has no properties".to_owned()
    } else {
        format!("its properties are: {}", available.join(", "))
    }
}
