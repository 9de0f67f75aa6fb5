//! Compare tendik's domain means with R's, estimate by estimate.

use std::collections::BTreeMap;

use crate::output::CliError;

/// One domain × variable: (region, urban, quintile, variable).
type Key = (String, String, String, String);

/// An estimate and its standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Value {
    estimate: f64,
    se: f64,
}

/// How far apart the two programs' results are.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison {
    /// Domain × variable rows found in both.
    pub(crate) matched: usize,
    /// Rows that only tendik has, and rows that only R has.
    pub(crate) only_tendik: usize,
    pub(crate) only_r: usize,
    /// Largest relative differences, with the row where each occurs.
    pub(crate) max_estimate_difference: f64,
    pub(crate) max_se_difference: f64,
    pub(crate) worst_estimate: Option<String>,
    pub(crate) worst_se: Option<String>,
}

/// Split one CSV line into fields, honouring double quotes.
fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// A domain value in one spelling: `1`, `1.0` and `"1"` are all `1`.
fn normalize(value: &str) -> String {
    let value = value.trim();
    match value.parse::<f64>() {
        Ok(number) if number.is_finite() && number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{}", number as i64)
        }
        _ => value.to_owned(),
    }
}

/// Read a CSV with a header into rows keyed by column name.
fn read_rows(text: &str, source: &str, needed: &[&str]) -> Result<Vec<Vec<String>>, CliError> {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let header = split_csv_line(lines.next().unwrap_or_default());
    let positions: Vec<usize> = needed
        .iter()
        .map(|name| {
            header
                .iter()
                .position(|h| h.trim() == *name)
                .ok_or_else(|| {
                    CliError::new(format!(
                        "{source} has no column `{name}`; it has: {}",
                        header.join(", ")
                    ))
                })
        })
        .collect::<Result<_, _>>()?;
    Ok(lines
        .map(|line| {
            let fields = split_csv_line(line);
            positions
                .iter()
                .map(|&i| fields.get(i).cloned().unwrap_or_default())
                .collect()
        })
        .collect())
}

fn parse_number(text: &str, source: &str, column: &str) -> Result<f64, CliError> {
    let text = text.trim();
    if text.is_empty() || text == "NA" {
        return Ok(f64::NAN);
    }
    text.parse().map_err(|_| {
        CliError::new(format!(
            "{source}: `{column}` value {text:?} is not a number"
        ))
    })
}

fn collect(
    rows: Vec<Vec<String>>,
    source: &str,
    keep: impl Fn(&[String]) -> bool,
) -> Result<BTreeMap<Key, Value>, CliError> {
    let mut values = BTreeMap::new();
    for row in rows.into_iter().filter(|row| keep(row)) {
        let key = (
            normalize(&row[0]),
            normalize(&row[1]),
            normalize(&row[2]),
            row[3].trim().to_owned(),
        );
        let value = Value {
            estimate: parse_number(&row[4], source, "estimate")?,
            se: parse_number(&row[5], source, "se")?,
        };
        if values.insert(key.clone(), value).is_some() {
            return Err(CliError::new(format!("{source} has the row {key:?} twice")));
        }
    }
    Ok(values)
}

/// Relative difference, 0 when both are 0, infinite when only one is NaN.
fn relative_difference(a: f64, b: f64) -> f64 {
    if a.is_nan() && b.is_nan() {
        return 0.0;
    }
    if a.is_nan() || b.is_nan() {
        return f64::INFINITY;
    }
    let scale = a.abs().max(b.abs());
    if scale == 0.0 {
        0.0
    } else {
        (a - b).abs() / scale
    }
}

/// Compare tendik's estimate CSV with the R script's.
pub(crate) fn compare(tendik_csv: &str, r_csv: &str) -> Result<Comparison, CliError> {
    let tendik_rows = read_rows(
        tendik_csv,
        "tendik's output",
        &[
            "region",
            "urban",
            "quintile",
            "variable",
            "estimate",
            "se",
            "statistic",
        ],
    )?;
    let tendik = collect(tendik_rows, "tendik's output", |row| {
        row[6].trim() == "mean"
    })?;
    let r_rows = read_rows(
        r_csv,
        "R's output",
        &["region", "urban", "quintile", "variable", "estimate", "se"],
    )?;
    let r = collect(r_rows, "R's output", |_| true)?;

    let mut comparison = Comparison {
        matched: 0,
        only_tendik: tendik.keys().filter(|key| !r.contains_key(*key)).count(),
        only_r: r.keys().filter(|key| !tendik.contains_key(*key)).count(),
        max_estimate_difference: 0.0,
        max_se_difference: 0.0,
        worst_estimate: None,
        worst_se: None,
    };
    for (key, ours) in &tendik {
        let Some(theirs) = r.get(key) else { continue };
        comparison.matched += 1;
        let describe = |what: &str, a: f64, b: f64| {
            format!(
                "{} region={} urban={} quintile={}: {what} {a:e} vs R {b:e}",
                key.3, key.0, key.1, key.2
            )
        };
        let estimate = relative_difference(ours.estimate, theirs.estimate);
        if estimate > comparison.max_estimate_difference || comparison.worst_estimate.is_none() {
            comparison.max_estimate_difference = estimate;
            comparison.worst_estimate = Some(describe("estimate", ours.estimate, theirs.estimate));
        }
        let se = relative_difference(ours.se, theirs.se);
        if se > comparison.max_se_difference || comparison.worst_se.is_none() {
            comparison.max_se_difference = se;
            comparison.worst_se = Some(describe("se", ours.se, theirs.se));
        }
    }
    Ok(comparison)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TENDIK: &str = "region,urban,quintile,statistic,variable,level,estimate,se,ci_lower,ci_upper,deff,n,weighted_n\n\
        1,1,1,mean,y1,,0.25,0.01,0.23,0.27,1.5,100,1000\n\
        1,1,1,mean,y2,,0.5,0.02,0.46,0.54,1.5,100,1000\n\
        \"1\",1,2,mean,y1,,0.75,0.03,0.7,0.8,1.5,100,1000\n";
    const R: &str = "region,urban,quintile,variable,estimate,se\n\
        1,1,1,y1,0.25,0.01\n\
        1,1,1,y2,0.5000000001,0.02\n\
        1,1,2,y1,0.75,0.0300000003\n\
        2,1,1,y1,0.1,0.01\n";

    #[test]
    fn relative_differences_and_unmatched_rows() {
        let comparison = compare(TENDIK, R).expect("valid input");
        assert_eq!(comparison.matched, 3);
        assert_eq!(comparison.only_tendik, 0);
        assert_eq!(comparison.only_r, 1);
        assert!((comparison.max_estimate_difference - 2e-10).abs() < 1e-15);
        assert!((comparison.max_se_difference - 1e-8).abs() < 1e-13);
        assert!(
            comparison
                .worst_estimate
                .is_some_and(|row| row.starts_with("y2 "))
        );
    }

    #[test]
    fn missing_column_is_named() {
        let error = compare("region,urban\n1,1\n", R).expect_err("no estimate column");
        assert!(error.message.contains("`quintile`"), "{}", error.message);
    }

    #[test]
    fn quoted_fields_split() {
        assert_eq!(
            split_csv_line(r#"a,"b,c","d""e",,"#),
            ["a", "b,c", "d\"e", "", ""]
        );
        assert_eq!(normalize("2.0"), "2");
        assert_eq!(normalize(" urban "), "urban");
    }
}
