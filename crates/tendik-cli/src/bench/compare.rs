//! Compare tendik's figures with R's, estimate by estimate: domain means of `tendik
//! estimate`, and H, A and M0 of `tendik deprivation`.

use std::collections::BTreeMap;

use crate::output::CliError;

/// One figure of one domain: (the values of the breakdown's columns, the values of the
/// figure's label columns, such as the variable, or the measure and k).
type Key = (Vec<String>, Vec<String>);

/// Which figures a tendik output holds, how both files name them, and which of tendik's
/// rows R computes too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Figures {
    /// `tendik estimate --mean`: rows named by `variable`, those of the statistic `mean`.
    Means,
    /// `tendik deprivation`: rows named by `measure` and `k`, those of H, A and M0 (R does
    /// not compute the censored headcounts, contributions and subgroup decomposition).
    AlkireFoster,
}

impl Figures {
    /// The columns beside the domain that name a figure, in both files.
    fn labels(self) -> &'static [&'static str] {
        match self {
            Self::Means => &["variable"],
            Self::AlkireFoster => &["measure", "k"],
        }
    }

    /// A column of tendik's output, and the values of the rows to compare.
    fn selected(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Self::Means => ("statistic", &["mean"]),
            Self::AlkireFoster => ("measure", &["H", "A", "M0"]),
        }
    }
}

/// An estimate and its standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Value {
    estimate: f64,
    se: f64,
}

/// How far apart the two programs' results are.
#[derive(Debug, Clone, PartialEq, Default)]
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

/// Rows whose first `domains` fields are the domain, the next `labels` the figure's
/// name, then estimate and SE.
fn collect(
    rows: Vec<Vec<String>>,
    domains: usize,
    labels: usize,
    source: &str,
    keep: impl Fn(&[String]) -> bool,
) -> Result<BTreeMap<Key, Value>, CliError> {
    let mut values = BTreeMap::new();
    let at = domains + labels;
    for row in rows.into_iter().filter(|row| keep(row)) {
        let key = (
            row[..domains].iter().map(|v| normalize(v)).collect(),
            row[domains..at].iter().map(|v| normalize(v)).collect(),
        );
        let value = Value {
            estimate: parse_number(&row[at], source, "estimate")?,
            se: parse_number(&row[at + 1], source, "se")?,
        };
        if values.insert(key.clone(), value).is_some() {
            return Err(CliError::new(format!("{source} has the row {key:?} twice")));
        }
    }
    Ok(values)
}

/// SEs are compared on a scale of at least this share of their estimate. An SE that is
/// truly zero (a domain whose values are all equal) comes out of R as rounding noise of
/// the estimate's size (a few units in its last place, such as 1.1e-16 for a mean of 0.7),
/// and out of tendik as exactly 0: relative to each other they differ by 100%, on this
/// scale by about 1e-10. A real SE is never below a millionth of its estimate.
const SE_FLOOR: f64 = 1e-6;

/// Relative difference on the scale of the larger of `a`, `b` and `floor`: 0 when that is
/// 0 or both are NaN, infinite when only one is NaN.
fn relative_difference(a: f64, b: f64, floor: f64) -> f64 {
    if a.is_nan() && b.is_nan() {
        return 0.0;
    }
    if a.is_nan() || b.is_nan() {
        return f64::INFINITY;
    }
    let scale = a.abs().max(b.abs()).max(floor);
    if scale == 0.0 {
        0.0
    } else {
        (a - b).abs() / scale
    }
}

impl Comparison {
    /// Whether the two programs gave the same rows, all within `tolerance`.
    pub(crate) fn agrees(&self, tolerance: f64) -> bool {
        self.matched > 0
            && self.only_tendik == 0
            && self.only_r == 0
            && self.max_estimate_difference <= tolerance
            && self.max_se_difference <= tolerance
    }

    /// Fold another comparison (another breakdown of the same job) into this one.
    pub(crate) fn merge(&mut self, other: Self) {
        self.matched += other.matched;
        self.only_tendik += other.only_tendik;
        self.only_r += other.only_r;
        if other.max_estimate_difference > self.max_estimate_difference
            || self.worst_estimate.is_none()
        {
            self.max_estimate_difference = other.max_estimate_difference;
            self.worst_estimate = other.worst_estimate;
        }
        if other.max_se_difference > self.max_se_difference || self.worst_se.is_none() {
            self.max_se_difference = other.max_se_difference;
            self.worst_se = other.worst_se;
        }
    }
}

/// Compare tendik's output CSV with the R script's, for the breakdown `by` (empty for
/// national estimates): both files have the `by` columns, the label columns of `figures`
/// (`variable`; `measure` and `k`), `estimate` and `se`. Of tendik's rows only those of
/// the figures R computes (the statistic `mean`; H, A and M0) and of this breakdown (its
/// columns filled, each column of `absent`, another breakdown's, empty) are compared.
pub(crate) fn compare(
    tendik_csv: &str,
    r_csv: &str,
    by: &[&str],
    absent: &[&str],
    figures: Figures,
) -> Result<Comparison, CliError> {
    let domains = by.len();
    let labels = figures.labels();
    let mut needed: Vec<&str> = by.to_vec();
    needed.extend(labels);
    needed.extend(["estimate", "se"]);
    let r_rows = read_rows(r_csv, "R's output", &needed)?;
    let r = collect(r_rows, domains, labels.len(), "R's output", |_| true)?;
    let (column, values) = figures.selected();
    let selector = needed.len();
    needed.push(column);
    needed.extend(absent);
    let tendik_rows = read_rows(tendik_csv, "tendik's output", &needed)?;
    let tendik = collect(
        tendik_rows,
        domains,
        labels.len(),
        "tendik's output",
        |row| {
            values.contains(&row[selector].trim())
                && row[..domains].iter().all(|cell| !cell.trim().is_empty())
                && row[selector + 1..]
                    .iter()
                    .all(|cell| cell.trim().is_empty())
        },
    )?;

    let mut comparison = Comparison {
        only_tendik: tendik.keys().filter(|key| !r.contains_key(*key)).count(),
        only_r: r.keys().filter(|key| !tendik.contains_key(*key)).count(),
        ..Comparison::default()
    };
    for (key, ours) in &tendik {
        let Some(theirs) = r.get(key) else { continue };
        comparison.matched += 1;
        let describe = |what: &str, a: f64, b: f64| {
            let domain: Vec<String> = by
                .iter()
                .zip(&key.0)
                .map(|(name, value)| format!(" {name}={value}"))
                .collect();
            let domain = if domain.is_empty() {
                " (national)".to_owned()
            } else {
                domain.concat()
            };
            // `y2`; `H k=3`.
            let name: Vec<String> = labels
                .iter()
                .zip(&key.1)
                .enumerate()
                .map(|(i, (label, value))| {
                    if i == 0 {
                        value.clone()
                    } else {
                        format!(" {label}={value}")
                    }
                })
                .collect();
            format!("{}{domain}: {what} {a:e} vs R {b:e}", name.concat())
        };
        let estimate = relative_difference(ours.estimate, theirs.estimate, 0.0);
        if estimate > comparison.max_estimate_difference || comparison.worst_estimate.is_none() {
            comparison.max_estimate_difference = estimate;
            comparison.worst_estimate = Some(describe("estimate", ours.estimate, theirs.estimate));
        }
        let floor = SE_FLOOR * ours.estimate.abs().max(theirs.estimate.abs());
        let se = relative_difference(ours.se, theirs.se, if floor.is_nan() { 0.0 } else { floor });
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
    const BY: [&str; 3] = ["region", "urban", "quintile"];
    const R: &str = "region,urban,quintile,variable,estimate,se\n\
        1,1,1,y1,0.25,0.01\n\
        1,1,1,y2,0.5000000001,0.02\n\
        1,1,2,y1,0.75,0.0300000003\n\
        2,1,1,y1,0.1,0.01\n";

    /// One output of several breakdowns, compared breakdown by breakdown.
    #[test]
    fn rows_of_one_breakdown_among_several() {
        let tendik = "region,urban,statistic,variable,level,estimate,se\n\
            ,,mean,y1,,0.5,0.01\n\
            1,,mean,y1,,0.25,0.01\n\
            1,2,mean,y1,,0.75,0.02\n";
        let national = compare(
            tendik,
            "variable,estimate,se\ny1,0.5,0.01\n",
            &[],
            &["region", "urban"],
            Figures::Means,
        )
        .expect("valid input");
        assert_eq!((national.matched, national.only_tendik), (1, 0));
        let region = compare(
            tendik,
            "region,variable,estimate,se\n1,y1,0.25,0.01\n",
            &["region"],
            &["urban"],
            Figures::Means,
        )
        .expect("valid input");
        assert_eq!((region.matched, region.only_tendik), (1, 0));
        let both = compare(
            tendik,
            "region,urban,variable,estimate,se\n1,2,y1,0.75,0.02\n",
            &["region", "urban"],
            &[],
            Figures::Means,
        )
        .expect("valid input");
        // The national and region rows leave a column of this breakdown empty: not its rows.
        assert_eq!((both.matched, both.only_tendik), (1, 0));
    }

    /// `tendik deprivation` with `--breakdown region`: the national rows and the region
    /// rows, matched by measure, k and region; the figures R does not compute left out.
    #[test]
    fn alkire_foster_rows_by_measure_k_and_region() {
        let tendik = "region,measure,k,indicator,estimate,se,ci_lower\n\
            ,H,1,,0.5,0.01,0.48\n\
            ,A,1,,0.4,0.02,0.36\n\
            ,H,2,,0.25,0.01,0.23\n\
            ,censored_headcount,1,y1,0.3,0.01,0.28\n\
            1,H,1,,0.6,0.03,0.54\n\
            1,M0,1,,0.2,0.01,0.18\n\
            2,H,1,,0.45,0.03,0.39\n\
            1,population_share,1,,0.1,0.01,0.08\n";
        let national = compare(
            tendik,
            "measure,k,estimate,se\nH,1,0.5,0.01\nA,1,0.4,0.02\nH,2,0.25,0.01\n",
            &[],
            &["region"],
            Figures::AlkireFoster,
        )
        .expect("valid input");
        assert_eq!(
            (national.matched, national.only_tendik, national.only_r),
            (3, 0, 0)
        );
        assert!(national.agrees(1e-12));
        // Region 2's H is missing from R's file; region 1's M0 differs by 1e-6.
        let region = compare(
            tendik,
            "region,measure,k,estimate,se\n1,H,1,0.6,0.03\n1,M0,1,0.2000002,0.01\n",
            &["region"],
            &[],
            Figures::AlkireFoster,
        )
        .expect("valid input");
        assert_eq!(
            (region.matched, region.only_tendik, region.only_r),
            (2, 1, 0)
        );
        assert!((region.max_estimate_difference - 1e-6).abs() < 1e-11);
        assert!(
            region
                .worst_estimate
                .as_deref()
                .is_some_and(|row| row.starts_with("M0 k=1 region=1: estimate")),
            "{region:?}"
        );
        // The same k written as 1 and as 1.0 is one key; another k is not.
        let other_k = compare(
            tendik,
            "measure,k,estimate,se\nH,1.0,0.5,0.01\nA,1,0.4,0.02\nH,3,0.25,0.01\n",
            &[],
            &["region"],
            Figures::AlkireFoster,
        )
        .expect("valid input");
        assert_eq!(
            (other_k.matched, other_k.only_tendik, other_k.only_r),
            (2, 1, 1)
        );
    }

    #[test]
    fn relative_differences_and_unmatched_rows() {
        let comparison = compare(TENDIK, R, &BY, &[], Figures::Means).expect("valid input");
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
        let error = compare("region,urban\n1,1\n", R, &BY, &[], Figures::Means)
            .expect_err("no estimate column");
        assert!(error.message.contains("`quintile`"), "{}", error.message);
    }

    #[test]
    fn national_rows_and_merging() {
        let tendik = "statistic,variable,level,estimate,se\nmean,i1,,0.5,0.01\ntotal,i1,,9,1\n";
        let r = "variable,estimate,se\ni1,0.5,0.0100000005\n";
        let national = compare(tendik, r, &[], &[], Figures::Means).expect("valid input");
        assert_eq!(national.matched, 1);
        assert!(national.agrees(1e-7));
        assert!(!national.agrees(1e-8));
        let mut merged = compare(TENDIK, R, &BY, &[], Figures::Means).expect("valid input");
        merged.merge(national);
        assert_eq!(merged.matched, 4);
        assert_eq!(merged.only_r, 1);
        assert!((merged.max_se_difference - 5e-8).abs() < 1e-13);
        assert!(
            merged
                .worst_se
                .is_some_and(|row| row.starts_with("i1 (national)"))
        );
    }

    #[test]
    fn a_zero_se_is_compared_on_the_estimate_scale() {
        let tendik = "statistic,variable,level,estimate,se\nmean,y1,,1,0\nmean,y2,,0.5,0.01\n";
        let r = "variable,estimate,se\ny1,1,2.7755575615628914e-17\ny2,0.5,0.02\n";
        let comparison = compare(tendik, r, &[], &[], Figures::Means).expect("valid input");
        // y1: 2.8e-17 on the scale 1e-6; y2: 0.01 on the scale 0.02.
        assert!((comparison.max_se_difference - 0.5).abs() < 1e-12);
        assert!(
            comparison
                .worst_se
                .is_some_and(|row| row.starts_with("y2 "))
        );
        let zero = compare(tendik, &r.replace("0.02", "0.01"), &[], &[], Figures::Means)
            .expect("valid input");
        assert!(zero.agrees(1e-8), "{zero:?}");
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
