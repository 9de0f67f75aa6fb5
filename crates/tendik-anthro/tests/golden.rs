//! The z-scores against two independent references (`tests/golden/README-who.md`): 45 cases
//! computed with pygrowup2 and WHO's input rules, and WHO igrowup's own output on WHO's
//! sample survey.

use tendik_anthro::{
    Position, Score, Sex, bmi_for_age, length_for_age, weight_for_age, weight_for_length,
};

/// A golden value (rounded to 2 decimals) against a score: the unrounded z within half a
/// unit of the last decimal, the reported z within one (the golden rounding is half to even,
/// or R's).
fn check(line: &str, what: &str, got: Option<Score>, expected: &str) {
    match (got, expected) {
        (None, "") => {}
        (Some(score), expected) if !expected.is_empty() => {
            let expected: f64 = expected.parse().expect("a golden z");
            assert!(
                (score.z() - expected).abs() <= 0.005 + 1e-9,
                "{line}: {what} is {}, golden {expected}",
                score.z()
            );
            assert!((score.reported() - expected).abs() <= 0.01 + 1e-9);
        }
        (got, _) => panic!("{line}: {what} is {got:?}, golden {expected:?}"),
    }
}

/// `tests/golden/who_zscores.csv`: HAZ, WAZ and WHZ from pygrowup2 1.0.0 with WHO's input
/// rules, rounded to 2 decimals; empty where there is none.
#[test]
fn z_scores_match_the_golden_cases() {
    let golden = include_str!("golden/who_zscores.csv");
    let mut checked = 0;
    for line in golden.lines().skip(1).filter(|line| !line.is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        let number = |i: usize| fields[i].parse::<f64>().expect("a number");
        let sex = Sex::from_code(number(0)).expect("sex 1 or 2");
        let (days, weight, length) = (number(1), number(2), number(3));
        let position = if fields[4] == "1" {
            Position::Lying
        } else {
            Position::Standing
        };
        let scores = [
            length_for_age(sex, days, length, position),
            weight_for_age(sex, days, weight, false),
            weight_for_length(sex, days, weight, length, position, false),
        ];
        for ((what, got), expected) in ["haz", "waz", "whz"].iter().zip(scores).zip(&fields[5..8]) {
            check(line, what, got, expected);
            checked += 1;
        }
    }
    assert_eq!(checked, 45 * 3);
}

/// `tests/golden/who_igrowup_survey.csv`: WHO igrowup's zlen, zwei, zwfl and zbmi for the
/// 498 children of WHO's sample survey (oedema, missing positions and measurements
/// included), to the 2 decimals WHO reports.
#[test]
fn z_scores_match_who_igrowup_on_its_sample_survey() {
    let golden = include_str!("golden/who_igrowup_survey.csv");
    let (mut rows, mut scores, mut exact) = (0, 0, 0);
    for line in golden.lines().skip(1).filter(|line| !line.is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        let number = |i: usize| fields[i].parse::<f64>().unwrap_or(f64::NAN);
        let sex = Sex::from_code(number(0)).expect("sex 1 or 2");
        let (days, weight, length) = (number(1), number(2), number(3));
        // igrowup leaves a length without a position as it is.
        let position = match fields[4] {
            "l" => Position::Lying,
            "h" => Position::Standing,
            _ => Position::expected(days),
        };
        let oedema = fields[5] == "y";
        let got = [
            length_for_age(sex, days, length, position),
            weight_for_age(sex, days, weight, oedema),
            weight_for_length(sex, days, weight, length, position, oedema),
            bmi_for_age(sex, days, weight, length, position, oedema),
        ];
        for ((what, got), expected) in ["zlen", "zwei", "zwfl", "zbmi"]
            .iter()
            .zip(got)
            .zip(&fields[6..10])
        {
            check(line, what, got, expected);
            if let (Some(score), Ok(expected)) = (got, expected.parse::<f64>()) {
                scores += 1;
                exact += usize::from((score.reported() - expected).abs() < 1e-9);
            }
        }
        rows += 1;
    }
    assert_eq!(rows, 498);
    // 475 zlen, 489 zwei, 467 zwfl and 468 zbmi, every one as WHO reports it.
    assert_eq!((scores, exact), (1899, 1899));
}
