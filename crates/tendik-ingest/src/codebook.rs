//! The codebook: what each variable means, beside the data.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Arrow schema-metadata key of the file label (plain text).
pub const SCHEMA_FILE_LABEL: &str = "tendik:file_label";
/// Arrow field-metadata key of a variable's label (plain text).
pub const FIELD_LABEL: &str = "tendik:label";
/// Arrow field-metadata key of a variable's value labels: a JSON array of [`ValueLabel`].
pub const FIELD_VALUE_LABELS: &str = "tendik:value_labels";
/// Arrow field-metadata key of a variable's missing-value definition: a JSON [`MissingSpec`].
pub const FIELD_MISSING: &str = "tendik:missing";
/// Arrow field-metadata key of a variable's display format, such as `F8.2` or `%9.0g`.
pub const FIELD_FORMAT: &str = "tendik:format";
/// Arrow field-metadata key of a variable's measurement level: `nominal`, `ordinal` or `scale`.
pub const FIELD_MEASURE: &str = "tendik:measure";

/// The variables of a data set, in the order of its columns, with file-level facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Codebook {
    /// One entry per column, in schema order.
    pub variables: Vec<Variable>,
    /// The file's own label (SPSS file label, Stata data label), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_label: Option<String>,
    /// The character encoding the text was decoded from, as the file declares it (or as its
    /// format implies), such as `UTF-8` or `windows-1252`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Signs of damage the reader noticed but read through, such as an SPSS header whose row
    /// count disagrees with the data. Empty for a healthy file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Codebook {
    /// A codebook of these variables and nothing else.
    #[must_use]
    pub fn new(variables: Vec<Variable>) -> Self {
        Self {
            variables,
            ..Self::default()
        }
    }

    /// The variable with this exact name.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }
}

/// One variable (column): its name, label, value labels and missing-value definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variable {
    /// The column name, exactly as in the file.
    pub name: String,
    /// The variable label, such as "Age of household member".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Labels of codes, in the file's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_labels: Vec<ValueLabel>,
    /// Which values mean "missing".
    #[serde(default, skip_serializing_if = "MissingSpec::is_empty")]
    pub missing: MissingSpec,
    /// The display format in the source program's notation (SPSS `F8.2`, `A20`, `DATE11`;
    /// Stata `%9.0g`, `%td`), if the file has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The measurement level, if the file records one (SPSS does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    /// For a CSV column read as text although it starts with numbers: the first value that
    /// is not a number (a stray word or a decimal comma in a number column, usually).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_from: Option<FirstText>,
}

/// Where a column of numbers turns into text: the row (as a spreadsheet numbers it, the
/// header being row 1) and the value found there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstText {
    /// The row.
    pub row: u64,
    /// The value, cut to at most 40 characters.
    pub value: String,
    /// How many numbers the column held before it.
    pub numbers_before: u64,
}

impl Variable {
    /// A variable with a name and nothing else known.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            label: None,
            value_labels: Vec::new(),
            missing: MissingSpec::default(),
            format: None,
            measure: None,
            text_from: None,
        }
    }

    /// The label of a value, if it has one. Numbers compare exactly; text ignores trailing
    /// blanks (SPSS pads strings with them).
    #[must_use]
    pub fn label_for(&self, value: &LabelValue) -> Option<&str> {
        self.value_labels
            .iter()
            .find(|l| l.value.matches(value))
            .map(|l| l.label.as_str())
    }

    /// The variable as Arrow field metadata (the `tendik:*` keys), for writing it to
    /// Parquet beside the data. Keys with nothing to say are left out.
    #[must_use]
    pub fn to_field_metadata(&self) -> HashMap<String, String> {
        let mut metadata = HashMap::new();
        if let Some(label) = &self.label {
            metadata.insert(FIELD_LABEL.to_owned(), label.clone());
        }
        if !self.value_labels.is_empty()
            && let Ok(json) = serde_json::to_string(&self.value_labels)
        {
            metadata.insert(FIELD_VALUE_LABELS.to_owned(), json);
        }
        if !self.missing.is_empty()
            && let Ok(json) = serde_json::to_string(&self.missing)
        {
            metadata.insert(FIELD_MISSING.to_owned(), json);
        }
        if let Some(format) = &self.format {
            metadata.insert(FIELD_FORMAT.to_owned(), format.clone());
        }
        if let Some(measure) = self.measure {
            metadata.insert(FIELD_MEASURE.to_owned(), measure.as_str().to_owned());
        }
        metadata
    }

    /// Read a variable back from Arrow field metadata written by
    /// [`Variable::to_field_metadata`]. Unknown keys are ignored; a malformed value gives
    /// an error that names the key.
    pub fn from_field_metadata(
        name: &str,
        metadata: &HashMap<String, String>,
    ) -> Result<Self, String> {
        let mut variable = Self::new(name);
        variable.label = metadata.get(FIELD_LABEL).cloned();
        if let Some(json) = metadata.get(FIELD_VALUE_LABELS) {
            variable.value_labels = serde_json::from_str(json).map_err(|e| {
                format!("`{FIELD_VALUE_LABELS}` is not a JSON list of value labels ({e})")
            })?;
        }
        if let Some(json) = metadata.get(FIELD_MISSING) {
            variable.missing = serde_json::from_str(json).map_err(|e| {
                format!("`{FIELD_MISSING}` is not a JSON missing-value definition ({e})")
            })?;
        }
        variable.format = metadata.get(FIELD_FORMAT).cloned();
        if let Some(measure) = metadata.get(FIELD_MEASURE) {
            variable.measure = Some(Measure::parse(measure).ok_or_else(|| {
                format!("`{FIELD_MEASURE}` is `{measure}`, not one of nominal, ordinal, scale")
            })?);
        }
        Ok(variable)
    }
}

/// A measurement level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Unordered categories.
    Nominal,
    /// Ordered categories.
    Ordinal,
    /// A quantity.
    Scale,
}

impl Measure {
    /// The level's name in lowercase.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nominal => "nominal",
            Self::Ordinal => "ordinal",
            Self::Scale => "scale",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "nominal" => Some(Self::Nominal),
            "ordinal" => Some(Self::Ordinal),
            "scale" => Some(Self::Scale),
            _ => None,
        }
    }
}

/// A labelled value: a code and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueLabel {
    /// The code.
    pub value: LabelValue,
    /// What it means, such as "Urban".
    pub label: String,
}

/// A code that can carry a label or be declared missing.
///
/// In JSON: `{"number": 1.0}`, `{"text": "x"}`, `{"stata_missing": "a"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelValue {
    /// A numeric code.
    Number(f64),
    /// A text code (SPSS string variables).
    Text(String),
    /// A Stata extended missing value `.a`–`.z`, by its letter.
    StataMissing(char),
}

impl LabelValue {
    /// Whether two codes are the same: numbers exactly, text up to trailing blanks.
    #[must_use]
    #[expect(
        clippy::float_cmp,
        reason = "codes are compared exactly, as SPSS and Stata do"
    )]
    pub fn matches(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Number(a), Self::Number(b)) => a == b,
            (Self::Text(a), Self::Text(b)) => a.trim_end() == b.trim_end(),
            (Self::StataMissing(a), Self::StataMissing(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for LabelValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(number) => f.write_str(&format_number(*number)),
            Self::Text(text) => write!(f, "{text:?}"),
            Self::StataMissing(letter) => write!(f, ".{letter}"),
        }
    }
}

/// A number as a person would write it: integers without a decimal point, the lowest and
/// highest representable numbers as SPSS's LOWEST and HIGHEST.
#[expect(
    clippy::float_cmp,
    reason = "LOWEST and HIGHEST are exactly f64::MIN and f64::MAX"
)]
pub(crate) fn format_number(number: f64) -> String {
    if number == f64::MAX {
        "HIGHEST".to_owned()
    } else if number == f64::MIN {
        "LOWEST".to_owned()
    } else if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{number:.0}")
    } else {
        format!("{number}")
    }
}

/// Which values of a variable mean "missing", beyond empty cells (nulls).
///
/// SPSS declares user-missing values: up to three discrete values, or a range and one
/// discrete value. Their cells keep the codes in the data (so that `9 = refused` can still
/// be tabulated); [`Dataset::batches_with_missing_as_null`](crate::Dataset::batches_with_missing_as_null)
/// turns them into nulls before estimation. Stata's extended missing values `.a`–`.z` are
/// nulls in the data already; `extended` records which of them occur and how often.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MissingSpec {
    /// Discrete user-missing values (numbers or text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<LabelValue>,
    /// An inclusive range of user-missing numbers; SPSS's LOWEST and HIGHEST are
    /// `f64::MIN` and `f64::MAX`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<(f64, f64)>,
    /// Stata extended missing values found in the data, by letter, with their counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extended: Vec<ExtendedMissing>,
}

impl MissingSpec {
    /// Nothing is declared or found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.range.is_none() && self.extended.is_empty()
    }

    /// Whether user-missing values are declared (values still present in the data).
    #[must_use]
    pub fn has_user_missing(&self) -> bool {
        !self.values.is_empty() || self.range.is_some()
    }

    /// Whether this number is user-missing. NaN never is.
    #[must_use]
    #[expect(clippy::float_cmp, reason = "SPSS matches missing values exactly")]
    pub fn is_missing_number(&self, value: f64) -> bool {
        if value.is_nan() {
            return false;
        }
        if let Some((low, high)) = self.range
            && low <= value
            && value <= high
        {
            return true;
        }
        self.values
            .iter()
            .any(|v| matches!(v, LabelValue::Number(n) if *n == value))
    }

    /// Whether this text is user-missing (trailing blanks ignored).
    #[must_use]
    pub fn is_missing_text(&self, value: &str) -> bool {
        let value = value.trim_end();
        self.values
            .iter()
            .any(|v| matches!(v, LabelValue::Text(t) if t.trim_end() == value))
    }

    /// Whether any numeric user-missing values are declared.
    pub(crate) fn has_numeric(&self) -> bool {
        self.range.is_some()
            || self
                .values
                .iter()
                .any(|v| matches!(v, LabelValue::Number(_)))
    }

    /// Whether any text user-missing values are declared.
    pub(crate) fn has_text(&self) -> bool {
        self.values.iter().any(|v| matches!(v, LabelValue::Text(_)))
    }
}

impl fmt::Display for MissingSpec {
    /// For example `-1, 9; 90 thru 99; .a ×3, .b ×1`, or empty when nothing is declared.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if !self.values.is_empty() {
            parts.push(
                self.values
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if let Some((low, high)) = self.range {
            parts.push(format!(
                "{} thru {}",
                format_number(low),
                format_number(high)
            ));
        }
        if !self.extended.is_empty() {
            parts.push(
                self.extended
                    .iter()
                    .map(|e| format!(".{} ×{}", e.tag, e.count))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        f.write_str(&parts.join("; "))
    }
}

/// A Stata extended missing value that occurs in a column, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtendedMissing {
    /// The letter, `a` to `z`.
    pub tag: char,
    /// How many cells hold it.
    pub count: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn label_value() -> impl Strategy<Value = LabelValue> {
        prop_oneof![
            any::<f64>()
                .prop_filter("finite", |v| v.is_finite())
                .prop_map(LabelValue::Number),
            ".{0,12}".prop_map(LabelValue::Text),
            (b'a'..=b'z').prop_map(|b| LabelValue::StataMissing(char::from(b))),
        ]
    }

    fn variable() -> impl Strategy<Value = Variable> {
        (
            ".{1,20}",
            proptest::option::of(".{0,40}"),
            proptest::collection::vec((label_value(), ".{0,20}"), 0..6),
            proptest::collection::vec(label_value(), 0..3),
            proptest::option::of((-1e6f64..1e6, -1e6f64..1e6)),
            proptest::collection::vec(((b'a'..=b'z'), 1usize..1000), 0..3),
            proptest::option::of("[A-Z]{1,4}[0-9]{1,2}"),
            proptest::option::of(prop_oneof![
                Just(Measure::Nominal),
                Just(Measure::Ordinal),
                Just(Measure::Scale)
            ]),
        )
            .prop_map(
                |(name, label, labels, values, range, extended, format, measure)| Variable {
                    name,
                    label,
                    value_labels: labels
                        .into_iter()
                        .map(|(value, label)| ValueLabel { value, label })
                        .collect(),
                    missing: MissingSpec {
                        values,
                        range,
                        extended: extended
                            .into_iter()
                            .map(|(tag, count)| ExtendedMissing {
                                tag: char::from(tag),
                                count,
                            })
                            .collect(),
                    },
                    format,
                    measure,
                    text_from: None,
                },
            )
    }

    proptest! {
        #[test]
        fn any_variable_round_trips_through_field_metadata(variable in variable()) {
            let metadata = variable.to_field_metadata();
            let back = Variable::from_field_metadata(&variable.name, &metadata);
            prop_assert_eq!(back, Ok(variable));
        }

        #[test]
        fn label_lookup_finds_every_labelled_value(variable in variable()) {
            for value_label in &variable.value_labels {
                // The first label of an equal value wins, as in SPSS and Stata.
                let first = variable
                    .value_labels
                    .iter()
                    .find(|l| l.value.matches(&value_label.value))
                    .map(|l| l.label.as_str());
                prop_assert_eq!(variable.label_for(&value_label.value), first);
            }
        }
    }

    fn spss_like() -> Variable {
        Variable {
            name: "q1".to_owned(),
            label: Some("Satisfaction".to_owned()),
            value_labels: vec![
                ValueLabel {
                    value: LabelValue::Number(1.0),
                    label: "Low".to_owned(),
                },
                ValueLabel {
                    value: LabelValue::Number(9.0),
                    label: "Refused".to_owned(),
                },
                ValueLabel {
                    value: LabelValue::StataMissing('a'),
                    label: "Not asked".to_owned(),
                },
            ],
            missing: MissingSpec {
                values: vec![LabelValue::Number(9.0)],
                range: Some((f64::MIN, -1.0)),
                extended: vec![ExtendedMissing { tag: 'a', count: 2 }],
            },
            format: Some("F8.0".to_owned()),
            measure: Some(Measure::Ordinal),
            text_from: None,
        }
    }

    #[test]
    fn field_metadata_round_trips() {
        let variable = spss_like();
        let metadata = variable.to_field_metadata();
        assert_eq!(
            Variable::from_field_metadata("q1", &metadata).as_ref(),
            Ok(&variable)
        );
        assert_eq!(
            Variable::from_field_metadata("plain", &HashMap::new()),
            Ok(Variable::new("plain"))
        );
        // Found by the property test below: without serde_json's `float_roundtrip`
        // this number came back one unit in the last place off.
        let mut exact = Variable::new("x");
        exact.missing.values = vec![LabelValue::Number(-1.468_933_553_512_688_5e88)];
        exact.missing.range = Some((f64::MIN, f64::MAX));
        assert_eq!(
            Variable::from_field_metadata("x", &exact.to_field_metadata()),
            Ok(exact)
        );
    }

    #[test]
    fn bad_field_metadata_names_the_key() {
        let metadata = HashMap::from([(FIELD_VALUE_LABELS.to_owned(), "{".to_owned())]);
        let error = Variable::from_field_metadata("x", &metadata).expect_err("should fail");
        assert!(
            error.starts_with("`tendik:value_labels` is not a JSON list"),
            "{error}"
        );
        let metadata = HashMap::from([(FIELD_MEASURE.to_owned(), "interval".to_owned())]);
        let error = Variable::from_field_metadata("x", &metadata).expect_err("should fail");
        assert!(
            error.contains("not one of nominal, ordinal, scale"),
            "{error}"
        );
    }

    #[test]
    fn missing_numbers_and_text() {
        let spec = spss_like().missing;
        assert!(spec.is_missing_number(9.0));
        assert!(spec.is_missing_number(-5.0));
        assert!(spec.is_missing_number(-1.0));
        assert!(!spec.is_missing_number(0.0));
        assert!(!spec.is_missing_number(f64::NAN));
        let text = MissingSpec {
            values: vec![LabelValue::Text("NA".to_owned())],
            ..MissingSpec::default()
        };
        assert!(text.is_missing_text("NA   "));
        assert!(!text.is_missing_text("N"));
        assert!(!text.has_numeric());
        assert!(text.has_text());
    }

    #[test]
    fn display() {
        assert_eq!(spss_like().missing.to_string(), "9; LOWEST thru -1; .a ×2");
        assert_eq!(LabelValue::Number(1.5).to_string(), "1.5");
        assert_eq!(LabelValue::Number(-3.0).to_string(), "-3");
        assert_eq!(LabelValue::Text("x".to_owned()).to_string(), "\"x\"");
        assert_eq!(LabelValue::StataMissing('z').to_string(), ".z");
    }

    #[test]
    fn label_lookup() {
        let variable = spss_like();
        assert_eq!(variable.label_for(&LabelValue::Number(1.0)), Some("Low"));
        assert_eq!(
            variable.label_for(&LabelValue::StataMissing('a')),
            Some("Not asked")
        );
        assert_eq!(variable.label_for(&LabelValue::Number(2.0)), None);
    }

    #[test]
    fn json_shape() {
        let json = serde_json::to_string(&spss_like().value_labels[0]).expect("serializable");
        assert_eq!(json, r#"{"value":{"number":1.0},"label":"Low"}"#);
    }
}
