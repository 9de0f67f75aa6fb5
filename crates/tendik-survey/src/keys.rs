//! Group keys (domain values, strata, PSUs, categories) and the dictionaries that number them.

use std::collections::HashMap;

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type, Int64Type};

use crate::error::SurveyError;
use crate::estimate::Value;

/// A hashable group key: a domain value, stratum, PSU or category.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key {
    Null,
    Int(i64),
    Float(u64),
    Text(String),
}

impl Key {
    pub(crate) fn value(&self) -> Option<Value> {
        match self {
            Self::Null => None,
            Self::Int(value) => Some(Value::Int(*value)),
            Self::Float(bits) => Some(Value::Float(f64::from_bits(*bits))),
            Self::Text(text) => Some(Value::Text(text.clone())),
        }
    }

    /// The key as text for messages (empty for a missing value).
    pub(crate) fn describe(&self) -> String {
        self.value().map(|v| v.to_string()).unwrap_or_default()
    }

    /// Order keys as R orders factor levels: missing first, numbers numerically, then text.
    pub(crate) fn order(&self, other: &Self) -> std::cmp::Ordering {
        match (self.value(), other.value()) {
            (Some(a), Some(b)) => a.total_cmp(&b),
            _ => self.cmp(other),
        }
    }
}

/// How a key column's values are read: as whole numbers, reals or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Int,
    Float,
    Text,
}

fn kind_of(data_type: &DataType) -> KeyKind {
    if data_type.is_integer() || *data_type == DataType::Boolean {
        KeyKind::Int
    } else if data_type.is_floating() || matches!(data_type, DataType::Decimal128(..)) {
        KeyKind::Float
    } else {
        KeyKind::Text
    }
}

/// A hash map with a fast, non-cryptographic hasher (keys here come from the data, and
/// nothing depends on iteration order).
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Whole numbers below this are numbered through a table rather than a hash map.
const SMALL: usize = 1 << 20;

/// Numbers the distinct values of one key column; id 0 is the missing value.
#[derive(Debug, Default)]
pub(crate) struct KeyDict {
    ints: FastMap<i64, u32>,
    floats: FastMap<u64, u32>,
    texts: FastMap<String, u32>,
    /// Ids of the whole numbers `0..SMALL`, by value (0: not met yet).
    small: Vec<u32>,
    /// The key of every id.
    pub(crate) keys: Vec<Key>,
}

impl KeyDict {
    pub(crate) fn new() -> Self {
        Self {
            keys: vec![Key::Null],
            ..Self::default()
        }
    }

    fn next_id(&mut self, key: Key) -> u32 {
        self.keys.push(key);
        (self.keys.len() - 1) as u32
    }

    fn int_id(&mut self, value: i64) -> u32 {
        // Survey codes are mostly small whole numbers: look those up in a table.
        if let Ok(index) = usize::try_from(value)
            && index < SMALL
        {
            if index >= self.small.len() {
                self.small
                    .resize((index + 1).next_power_of_two().min(SMALL), 0);
            }
            if self.small[index] != 0 {
                return self.small[index];
            }
            let id = self.next_id(Key::Int(value));
            self.small[index] = id;
            return id;
        }
        if let Some(&id) = self.ints.get(&value) {
            return id;
        }
        let id = self.next_id(Key::Int(value));
        self.ints.insert(value, id);
        id
    }

    fn float_id(&mut self, value: f64) -> u32 {
        let bits = (value + 0.0).to_bits();
        if let Some(&id) = self.floats.get(&bits) {
            return id;
        }
        let id = self.next_id(Key::Float(bits));
        self.floats.insert(bits, id);
        id
    }

    fn text_id(&mut self, value: &str) -> u32 {
        if let Some(&id) = self.texts.get(value) {
            return id;
        }
        let id = self.next_id(Key::Text(value.to_owned()));
        self.texts.insert(value.to_owned(), id);
        id
    }

    /// The id of every value of `array` (0 for nulls and, among reals, NaN).
    pub(crate) fn ids(&mut self, array: &ArrayRef, out: &mut Vec<u32>) -> Result<(), SurveyError> {
        out.clear();
        match kind_of(array.data_type()) {
            KeyKind::Int => {
                let ints = cast(array, &DataType::Int64)?;
                for value in ints.as_primitive::<Int64Type>() {
                    out.push(value.map_or(0, |v| self.int_id(v)));
                }
            }
            KeyKind::Float => {
                let floats = cast(array, &DataType::Float64)?;
                for value in floats.as_primitive::<Float64Type>() {
                    out.push(match value {
                        Some(v) if !v.is_nan() => self.float_id(v),
                        _ => 0,
                    });
                }
            }
            KeyKind::Text => {
                let texts = cast(array, &DataType::Utf8)?;
                for value in texts.as_string::<i32>() {
                    out.push(value.map_or(0, |v| self.text_id(v)));
                }
            }
        }
        Ok(())
    }
}

/// Whether a value of this type can be used as a number.
pub(crate) fn is_numeric(data_type: &DataType) -> bool {
    data_type.is_numeric() || *data_type == DataType::Boolean
}

/// A column as `f64`, nulls and NaN as `None`.
pub(crate) fn floats(array: &ArrayRef) -> Result<Vec<Option<f64>>, SurveyError> {
    let floats = cast(array, &DataType::Float64)?;
    Ok(floats
        .as_primitive::<Float64Type>()
        .iter()
        .map(|v| v.filter(|x| !x.is_nan()))
        .collect())
}

/// Global ids for keys met in several partitions: one dictionary merged from many.
#[derive(Debug, Default)]
pub(crate) struct KeyIndex {
    ids: HashMap<Key, u32>,
    pub(crate) keys: Vec<Key>,
}

impl KeyIndex {
    /// The rank of every id when the keys are put in [`Key::order`].
    pub(crate) fn ranks(&self) -> Vec<u32> {
        let mut ids: Vec<usize> = (0..self.keys.len()).collect();
        ids.sort_by(|&a, &b| self.keys[a].order(&self.keys[b]));
        let mut ranks = vec![0; ids.len()];
        for (rank, id) in ids.into_iter().enumerate() {
            ranks[id] = rank as u32;
        }
        ranks
    }

    pub(crate) fn new() -> Self {
        let mut index = Self::default();
        index.id(&Key::Null);
        index
    }

    pub(crate) fn id(&mut self, key: &Key) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.clone());
        self.ids.insert(key.clone(), id);
        id
    }
}
