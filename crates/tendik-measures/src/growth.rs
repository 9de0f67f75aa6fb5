//! WHO 2006 growth standards as SQL functions, for analysis plans and `--define`:
//! [`tendik_anthro`]'s z-scores and flags over columns.
//!
//! | function | arguments |
//! |---|---|
//! | `who_haz`, `who_haz_flag` | `sex, age_days, length_cm, position` |
//! | `who_waz`, `who_waz_flag` | `sex, age_days, weight_kg, oedema` |
//! | `who_whz`, `who_whz_flag` | `sex, age_days, weight_kg, length_cm, position, oedema` |
//! | `who_baz`, `who_baz_flag` | `sex, age_days, weight_kg, length_cm, position, oedema` |
//!
//! Every argument is a number (any numeric type): `sex` as HL4 codes it (1 male, 2 female),
//! `position` as MICS6 AN12 codes it (1 lying, 2 standing), `oedema` 1 yes, 2 no. The length
//! is the one measured: the functions adjust it by 0.7 cm for the position as WHO does. A
//! score is rounded to 2 decimals, as WHO anthro and MICS report it; `*_flag` gives 1 where
//! that score is implausible by WHO's limits (|HAZ| > 6, WAZ < −6 or > 5, |WHZ| > 5,
//! |BAZ| > 5) and 0 where it is not. Both give NULL where there is no score: a NULL argument,
//! a code other than those above, an age outside 0–1856 days, a measurement that is not
//! positive, a length outside the weight-for-length/height table, or oedema for the
//! weight-based scores.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Float64Array, Int64Array};
use arrow::datatypes::DataType;
use datafusion::common::cast::as_float64_array;
use datafusion::common::types::{NativeType, logical_float64};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{
    Coercion, ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    TypeSignatureClass, Volatility,
};
use datafusion::prelude::SessionContext;
use tendik_anthro::{Indicator, Position, Score, Sex};

/// The functions of this module: a score and a flag for each of the four indicators.
#[must_use]
pub fn udfs() -> Vec<ScalarUDF> {
    let indicators = [
        ("who_haz", Indicator::LengthForAge),
        ("who_waz", Indicator::WeightForAge),
        ("who_whz", Indicator::WeightForLength),
        ("who_baz", Indicator::BmiForAge),
    ];
    indicators
        .into_iter()
        .flat_map(|(name, indicator)| {
            [
                WhoFunction::new(name.to_owned(), indicator, Output::Score),
                WhoFunction::new(format!("{name}_flag"), indicator, Output::Flag),
            ]
        })
        .map(ScalarUDF::new_from_impl)
        .collect()
}

/// Make the functions callable in the session's SQL.
pub fn register(context: &SessionContext) {
    for udf in udfs() {
        context.register_udf(udf);
    }
}

/// What a function gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Output {
    /// The score, rounded to 2 decimals.
    Score,
    /// 1 where the score is implausible, 0 where not.
    Flag,
}

/// One SQL function: an indicator's score or flag.
#[derive(Debug, PartialEq, Eq, Hash)]
struct WhoFunction {
    name: String,
    indicator: Indicator,
    output: Output,
    signature: Signature,
}

impl WhoFunction {
    fn new(name: String, indicator: Indicator, output: Output) -> Self {
        let number = Coercion::new_implicit(
            TypeSignatureClass::Native(logical_float64()),
            vec![TypeSignatureClass::Numeric],
            NativeType::Float64,
        );
        Self {
            name,
            indicator,
            output,
            signature: Signature::coercible(
                vec![number; arguments(indicator).len()],
                Volatility::Immutable,
            ),
        }
    }
}

/// The arguments of an indicator's functions, in order.
fn arguments(indicator: Indicator) -> &'static [&'static str] {
    match indicator {
        Indicator::LengthForAge => &["sex", "age_days", "length_cm", "position"],
        Indicator::WeightForAge => &["sex", "age_days", "weight_kg", "oedema"],
        Indicator::WeightForLength | Indicator::BmiForAge => &[
            "sex",
            "age_days",
            "weight_kg",
            "length_cm",
            "position",
            "oedema",
        ],
    }
}

/// Oedema as coded: 1 yes, 2 no.
#[expect(clippy::float_cmp, reason = "codes are whole numbers held as f64")]
fn oedema(code: f64) -> Option<bool> {
    if code == 1.0 {
        Some(true)
    } else if code == 2.0 {
        Some(false)
    } else {
        None
    }
}

/// The score of one row, from its arguments in [`arguments`] order (`None` = NULL).
fn score(indicator: Indicator, value: impl Fn(usize) -> Option<f64>) -> Option<Score> {
    let sex = Sex::from_code(value(0)?)?;
    let age = value(1)?;
    match indicator {
        Indicator::LengthForAge => {
            let position = Position::from_code(value(3)?)?;
            tendik_anthro::length_for_age(sex, age, value(2)?, position)
        }
        Indicator::WeightForAge => {
            tendik_anthro::weight_for_age(sex, age, value(2)?, oedema(value(3)?)?)
        }
        Indicator::WeightForLength | Indicator::BmiForAge => {
            let (weight, length) = (value(2)?, value(3)?);
            let position = Position::from_code(value(4)?)?;
            let oedema = oedema(value(5)?)?;
            if indicator == Indicator::BmiForAge {
                tendik_anthro::bmi_for_age(sex, age, weight, length, position, oedema)
            } else {
                tendik_anthro::weight_for_length(sex, age, weight, length, position, oedema)
            }
        }
    }
}

/// A score as reported, with no negative zero.
fn reported(score: Score) -> f64 {
    let z = score.reported();
    if z == 0.0 { 0.0 } else { z }
}

impl ScalarUDFImpl for WhoFunction {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(match self.output {
            Output::Score => DataType::Float64,
            Output::Flag => DataType::Int64,
        })
    }

    fn is_strict(&self) -> bool {
        true
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let expected = arguments(self.indicator);
        if args.args.len() != expected.len() {
            return exec_err!(
                "{} takes {} arguments ({}), not {}",
                self.name,
                expected.len(),
                expected.join(", "),
                args.args.len()
            );
        }
        let rows = args.number_rows;
        let arrays = args
            .args
            .iter()
            .map(|arg| arg.to_array(rows))
            .collect::<Result<Vec<ArrayRef>>>()?;
        let columns = arrays
            .iter()
            .map(|array| as_float64_array(array))
            .collect::<Result<Vec<&Float64Array>>>()?;
        let scores = (0..rows).map(|row| {
            score(self.indicator, |i| {
                let column = columns[i];
                column.is_valid(row).then(|| column.value(row))
            })
        });
        let array: ArrayRef = match self.output {
            Output::Score => Arc::new(scores.map(|s| s.map(reported)).collect::<Float64Array>()),
            Output::Flag => Arc::new(
                scores
                    .map(|s| s.map(|s| i64::from(s.is_flagged())))
                    .collect::<Int64Array>(),
            ),
        };
        Ok(ColumnarValue::Array(array))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Int32Array, RecordBatch};
    use arrow::datatypes::{Field, Schema};

    fn context() -> SessionContext {
        let context = tendik_survey::session();
        register(&context);
        context
    }

    /// The columns of `query`'s result, as f64 (NULL as `None`).
    async fn run(context: &SessionContext, query: &str) -> Vec<Vec<Option<f64>>> {
        let batches = context
            .sql(query)
            .await
            .expect("plan")
            .collect()
            .await
            .expect("run");
        let batch = arrow::compute::concat_batches(&batches[0].schema(), &batches).expect("one");
        batch
            .columns()
            .iter()
            .map(|column| {
                let column = arrow::compute::cast(column, &DataType::Float64).expect("cast");
                let column = as_float64_array(&column).expect("f64");
                (0..column.len())
                    .map(|i| column.is_valid(i).then(|| column.value(i)))
                    .collect()
            })
            .collect()
    }

    /// Rows of children: sex and position as integers (coerced), NULLs and bad values.
    fn children() -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("HL4", DataType::Int32, true),
            Field::new("CAGED", DataType::Float64, true),
            Field::new("AN8", DataType::Float64, true),
            Field::new("AN11", DataType::Float64, true),
            Field::new("AN12", DataType::Int64, true),
        ]));
        let sex = [
            Some(1),
            Some(2),
            None,
            Some(3),
            Some(1),
            Some(1),
            Some(2),
            Some(1),
        ];
        let days = [
            Some(400.0),
            Some(900.0),
            Some(400.0),
            Some(400.0),
            Some(-1.0),
            Some(1857.0),
            Some(f64::NAN),
            Some(400.0),
        ];
        let weight = [
            Some(9.0),
            Some(12.0),
            Some(9.0),
            Some(9.0),
            Some(9.0),
            Some(9.0),
            Some(9.0),
            Some(30.0),
        ];
        let length = [
            Some(75.0),
            Some(85.0),
            Some(75.0),
            Some(75.0),
            Some(75.0),
            Some(75.0),
            Some(75.0),
            Some(40.0),
        ];
        let position = [
            Some(1),
            Some(2),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
        ];
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(Int32Array::from(sex.to_vec())),
                Arc::new(Float64Array::from(days.to_vec())),
                Arc::new(Float64Array::from(weight.to_vec())),
                Arc::new(Float64Array::from(length.to_vec())),
                Arc::new(Int64Array::from(position.to_vec())),
            ],
        )
        .expect("batch")
    }

    /// The library's reported score, for comparison.
    fn library(score: Option<Score>) -> Option<f64> {
        score.map(reported)
    }

    #[tokio::test]
    async fn functions_score_rows_and_give_null_where_there_is_none() {
        let context = context();
        context.register_batch("ch", children()).expect("table");
        let columns = run(
            &context,
            "SELECT who_haz(HL4, CAGED, AN11, AN12), who_waz(HL4, CAGED, AN8, 2), \
             who_whz(HL4, CAGED, AN8, AN11, AN12, 2), who_baz(HL4, CAGED, AN8, AN11, AN12, 2), \
             who_haz_flag(HL4, CAGED, AN11, AN12), who_waz_flag(HL4, CAGED, AN8, 2), \
             who_whz_flag(HL4, CAGED, AN8, AN11, AN12, 2), \
             who_baz_flag(HL4, CAGED, AN8, AN11, AN12, 2) FROM ch",
        )
        .await;
        let (boy, girl) = (Sex::Male, Sex::Female);
        let (lying, standing) = (Position::Lying, Position::Standing);
        // Row 0: a boy of 400 days, row 1: a girl of 900 days measured standing.
        assert_eq!(
            columns[0][..2],
            [
                library(tendik_anthro::length_for_age(boy, 400.0, 75.0, lying)),
                library(tendik_anthro::length_for_age(girl, 900.0, 85.0, standing)),
            ]
        );
        assert_eq!(
            columns[1][1],
            library(tendik_anthro::weight_for_age(girl, 900.0, 12.0, false))
        );
        assert_eq!(
            columns[2][1],
            library(tendik_anthro::weight_for_length(
                girl, 900.0, 12.0, 85.0, standing, false
            ))
        );
        assert_eq!(
            columns[3][0],
            library(tendik_anthro::bmi_for_age(
                boy, 400.0, 9.0, 75.0, lying, false
            ))
        );
        for column in &columns {
            assert!(column[0].is_some() && column[1].is_some());
            // Rows 2–6: NULL sex, sex 3, ages -1, 1857 and NaN.
            assert_eq!(column[2..7], [None; 5]);
        }
        // Row 7: a 40 cm boy of 400 days and 30 kg, implausible HAZ and WAZ, no WHZ.
        assert_eq!(columns[4][..2], [Some(0.0), Some(0.0)]);
        assert_eq!((columns[4][7], columns[5][7]), (Some(1.0), Some(1.0)));
        assert_eq!((columns[2][7], columns[6][7]), (None, None));
        assert!(columns[0][7].is_some_and(|z| z < -6.0));
    }

    #[tokio::test]
    async fn codes_nulls_and_oedema() {
        let context = context();
        let columns = run(
            &context,
            "SELECT who_waz(1, 400, 9, 1), who_waz(1, 400, 9, 2), who_waz(1, 400, 9, 3), \
             who_waz(1, 400, NULL, 2), who_haz(1, 400, 75, 3), who_haz(1, 400, 75, NULL), \
             who_haz(1.0, 400.4, 75.0, 1.0), who_haz(1, 400, 75, 1), \
             who_whz(1, 400, 9, 75, 1, 1), who_baz(1, 400, 9, 75, 1, 1), \
             who_waz(1, 400, 0, 2), who_haz(1, 400, -75, 1)",
        )
        .await;
        let values: Vec<Option<f64>> = columns.iter().map(|c| c[0]).collect();
        assert_eq!(values[0], None, "oedema: no weight-for-age");
        assert!(values[1].is_some());
        assert_eq!(values[2..6], [None; 4]);
        assert_eq!(values[6], values[7], "any numeric type, age in whole days");
        assert_eq!(values[8..12], [None; 4]);
    }

    /// Every case of `tendik-anthro`'s golden file, through SQL.
    #[tokio::test]
    async fn functions_match_the_golden_cases() {
        let golden = include_str!("../../tendik-anthro/tests/golden/who_zscores.csv");
        let rows: Vec<Vec<&str>> = golden
            .lines()
            .skip(1)
            .filter(|line| !line.is_empty())
            .map(|line| line.split(',').collect())
            .collect();
        let column = |i: usize| -> Vec<f64> {
            rows.iter()
                .map(|row| row[i].parse().expect("number"))
                .collect()
        };
        // The file has 1 = lying, 0 = standing; AN12 has 1 lying, 2 standing.
        let position: Vec<f64> = column(4).iter().map(|&lying| 2.0 - lying).collect();
        let schema = Arc::new(Schema::new(
            ["sex", "days", "weight", "length", "position"]
                .map(|name| Field::new(name, DataType::Float64, false))
                .to_vec(),
        ));
        let batch = RecordBatch::try_new(
            schema,
            [column(0), column(1), column(2), column(3), position]
                .map(|values| Arc::new(Float64Array::from(values)) as ArrayRef)
                .to_vec(),
        )
        .expect("batch");
        let context = context();
        context.register_batch("golden", batch).expect("table");
        let columns = run(
            &context,
            "SELECT who_haz(sex, days, length, position), who_waz(sex, days, weight, 2), \
             who_whz(sex, days, weight, length, position, 2) FROM golden",
        )
        .await;
        for (k, got) in columns.iter().enumerate() {
            for (row, got) in rows.iter().zip(got) {
                let expected = row[5 + k];
                match (got, expected.parse::<f64>()) {
                    (Some(got), Ok(expected)) => {
                        assert!((got - expected).abs() <= 0.01 + 1e-9, "{row:?}: {got}");
                    }
                    (None, Err(_)) => assert!(expected.is_empty()),
                    _ => panic!("{row:?}: score {k} is {got:?}"),
                }
            }
        }
        assert_eq!(columns.iter().map(Vec::len).sum::<usize>(), 45 * 3);
    }

    /// The functions in a definition, as an analysis plan or `--define` gives it.
    #[tokio::test]
    async fn functions_work_in_definitions() {
        let context = context();
        let batch = children();
        let data =
            tendik_survey::SurveyData::from_batches_in(&context, "ch", batch.schema(), vec![batch])
                .expect("data");
        let defined = data
            .define(&[tendik_survey::Definition::new(
                "stunted",
                "CASE WHEN who_haz_flag(HL4, CAGED, AN11, AN12) = 0 THEN \
                 CASE WHEN who_haz(HL4, CAGED, AN11, AN12) < -2 THEN 1 ELSE 0 END END",
            )])
            .expect("a definition with the functions");
        let batches = defined
            .frame
            .select_columns(&["stunted"])
            .expect("column")
            .collect()
            .await
            .expect("run");
        let stunted = arrow::compute::cast(batches[0].column(0), &DataType::Float64).expect("cast");
        let stunted = as_float64_array(&stunted).expect("f64");
        assert_eq!(stunted.len(), 8);
        assert!(stunted.is_valid(0) && stunted.is_valid(1));
        assert_eq!(stunted.null_count(), 6, "no score or flagged: missing");
    }
}
