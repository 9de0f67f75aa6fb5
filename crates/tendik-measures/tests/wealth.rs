//! The wealth index against base R and R's survey package (`tests/golden/wealth_golden.R` made
//! the households and the figures): scores equal to R's (`cov.wt` + `eigen`, and `prcomp`) to
//! 1e-8 of their SD, the same population quintile cut-points (`svyquantile(qrule = "math")`)
//! and quintiles, for the national index and the combined urban/rural one.

use std::collections::HashMap;
use std::path::PathBuf;

use tendik_measures::wealth::{
    Area, CombinedIndex, CombinedItems, Matrix, Orientation, WealthIndex,
};

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// The households of `wealth_input.csv`.
struct Input {
    households: Vec<u32>,
    items: Vec<String>,
    values: Vec<f64>,
    weights: Vec<f64>,
    members: Vec<f64>,
    areas: Vec<Area>,
}

impl Input {
    fn read() -> Self {
        let mut reader = csv::Reader::from_path(golden("wealth_input.csv")).expect("input");
        let header = reader.headers().expect("header").clone();
        assert_eq!(
            header.iter().take(4).collect::<Vec<_>>(),
            ["household", "area", "weight", "members"]
        );
        let items: Vec<String> = header.iter().skip(4).map(str::to_owned).collect();
        let number = |text: &str| {
            if text.is_empty() {
                f64::NAN
            } else {
                text.parse::<f64>().expect("a number")
            }
        };
        let mut input = Self {
            households: Vec::new(),
            items,
            values: Vec::new(),
            weights: Vec::new(),
            members: Vec::new(),
            areas: Vec::new(),
        };
        for record in reader.records() {
            let record = record.expect("row");
            input.households.push(record[0].parse().expect("household"));
            input.areas.push(match &record[1] {
                "urban" => Area::Urban,
                "rural" => Area::Rural,
                other => panic!("area {other}"),
            });
            input.weights.push(number(&record[2]));
            input.members.push(number(&record[3]));
            input.values.extend(record.iter().skip(4).map(number));
        }
        input
    }

    fn row(&self, household: usize) -> &[f64] {
        let width = self.items.len();
        &self.values[household * width..(household + 1) * width]
    }
}

/// `wealth_expected.csv`: (what, index, key) → value (`None` when empty).
fn expected() -> HashMap<(String, String, String), Option<f64>> {
    let mut reader = csv::Reader::from_path(golden("wealth_expected.csv")).expect("expected");
    reader
        .records()
        .map(|record| {
            let record = record.expect("row");
            let value = (!record[3].is_empty()).then(|| record[3].parse().expect("a number"));
            (
                (
                    record[0].to_owned(),
                    record[1].to_owned(),
                    record[2].to_owned(),
                ),
                value,
            )
        })
        .collect()
}

fn get(
    expected: &HashMap<(String, String, String), Option<f64>>,
    what: &str,
    index: &str,
    key: &str,
) -> Option<f64> {
    *expected
        .get(&(what.to_owned(), index.to_owned(), key.to_owned()))
        .unwrap_or_else(|| panic!("no {what},{index},{key} in wealth_expected.csv"))
}

/// Compare one index's scores, quintiles and cut-points with R's; the largest score
/// difference relative to the scores' SD.
fn compare_scores(
    input: &Input,
    expected: &HashMap<(String, String, String), Option<f64>>,
    name: &str,
    households: &[usize],
    score: &dyn Fn(usize) -> Option<f64>,
    quintile: &dyn Fn(f64) -> u8,
    cutoffs: [f64; 4],
) -> f64 {
    let mut pairs = Vec::new();
    for &i in households {
        let key = input.households[i].to_string();
        let theirs = get(expected, "score", name, &key);
        let mine = score(i);
        assert_eq!(
            mine.is_some(),
            theirs.is_some(),
            "{name}: household {key} scored by one side only"
        );
        if let (Some(mine), Some(theirs)) = (mine, theirs) {
            let r_quintile = get(expected, "quintile", name, &key).expect("a quintile");
            assert_eq!(quintile(mine), r_quintile as u8, "{name}: household {key}");
            pairs.push((mine, theirs));
        }
    }
    let n = pairs.len() as f64;
    let mean = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let sd = (pairs.iter().map(|p| (p.1 - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    // Equal up to sign; the orientation rule is R's too, so the signs agree as well.
    let dot: f64 = pairs.iter().map(|p| p.0 * p.1).sum();
    assert!(dot > 0.0, "{name}: the scores have opposite signs");
    let largest = pairs
        .iter()
        .map(|p| (p.0 - p.1).abs() / sd)
        .fold(0.0, f64::max);
    assert!(largest <= 1e-8, "{name}: scores differ by {largest} SD");
    for (j, cut) in cutoffs.iter().enumerate() {
        let theirs = get(expected, "cutoff", name, &(j + 1).to_string()).expect("a cut-point");
        assert!(
            (cut - theirs).abs() / sd <= 1e-8,
            "{name}: cut-point {} is {cut}, R {theirs}",
            j + 1
        );
    }
    largest
}

/// Loadings (item by item), dropped items, eigenvalue and households fitted equal R's.
fn compare_fit(
    expected: &HashMap<(String, String, String), Option<f64>>,
    name: &str,
    index: &WealthIndex,
) {
    for (item, loading) in index.items().iter().zip(index.loadings()) {
        let theirs = get(expected, "loading", name, item).expect("a loading");
        assert!(
            (loading - theirs).abs() < 1e-10,
            "{name}: the loading of {item} is {loading}, R {theirs}"
        );
    }
    let r_dropped: Vec<&str> = expected
        .keys()
        .filter(|(what, of, _)| what == "dropped" && of == name)
        .map(|(_, _, item)| item.as_str())
        .collect();
    assert_eq!(index.dropped(), r_dropped.as_slice(), "{name}");
    let eigenvalue = get(expected, "eigenvalue", name, "1").expect("eigenvalue");
    assert!((index.eigenvalue() - eigenvalue).abs() < 1e-12 * eigenvalue);
    let fitted = get(expected, "fitted", name, "1").expect("fitted");
    assert_eq!(index.fitted(), fitted as usize, "{name}");
}

/// The population share of each quintile, in percent.
fn shares(input: &Input, quintiles: &[Option<u8>]) -> [f64; 5] {
    let mut shares = [0.0; 5];
    let mut total = 0.0;
    for (i, quintile) in quintiles.iter().enumerate() {
        if let Some(q) = quintile {
            let population = input.weights[i] * input.members[i];
            shares[usize::from(*q) - 1] += population;
            total += population;
        }
    }
    shares.map(|s| 100.0 * s / total)
}

#[test]
fn national_index_equals_r() {
    let input = Input::read();
    let expected = expected();
    let items: Vec<&str> = input.items.iter().map(String::as_str).collect();
    let matrix =
        Matrix::try_new(&items, &input.values, &input.weights, &input.members).expect("matrix");
    let index = WealthIndex::fit(&matrix, &Orientation::LoadingSum).expect("fit");
    compare_fit(&expected, "national", &index);
    assert_eq!(index.left_out(), 6);
    let everyone: Vec<usize> = (0..input.households.len()).collect();
    let largest = compare_scores(
        &input,
        &expected,
        "national",
        &everyone,
        &|i| index.score(input.row(i)),
        &|s| index.quintile(s),
        index.cutoffs(),
    );
    assert!(largest < 1e-8);
    let quintiles: Vec<Option<u8>> = everyone
        .iter()
        .map(|&i| index.score(input.row(i)).map(|s| index.quintile(s)))
        .collect();
    for share in shares(&input, &quintiles) {
        assert!((share - 20.0).abs() < 1.5, "{share}");
    }
}

#[test]
fn combined_index_equals_r() {
    let input = Input::read();
    let expected = expected();
    let items: Vec<&str> = input.items.iter().map(String::as_str).collect();
    let matrix = Matrix::try_new(&items, &input.values, &input.weights, &input.members)
        .expect("matrix")
        .with_areas(&input.areas)
        .expect("areas");
    let common: Vec<&str> = items
        .iter()
        .copied()
        .filter(|item| *item != "land_ha")
        .collect();
    let subsets = CombinedItems {
        common: &common,
        urban: &items,
        rural: &items,
    };
    let combined =
        CombinedIndex::fit(&matrix, &subsets, &Orientation::LoadingSum).expect("combined");
    let everyone: Vec<usize> = (0..input.households.len()).collect();
    let of_area = |area: Area| -> Vec<usize> {
        everyone
            .iter()
            .copied()
            .filter(|&i| input.areas[i] == area)
            .collect()
    };

    let common_index = combined.common();
    compare_fit(&expected, "common", common_index);
    compare_scores(
        &input,
        &expected,
        "common",
        &everyone,
        &|i| common_index.score(input.row(i)),
        &|s| common_index.quintile(s),
        common_index.cutoffs(),
    );
    for (area, name) in [(Area::Urban, "urban"), (Area::Rural, "rural")] {
        let index = combined.area(area);
        compare_fit(&expected, name, index);
        compare_scores(
            &input,
            &expected,
            name,
            &of_area(area),
            &|i| index.score(input.row(i)),
            &|s| index.quintile(s),
            index.cutoffs(),
        );
        let line = combined.line(area);
        let intercept = get(&expected, "line", name, "intercept").expect("intercept");
        let slope = get(&expected, "line", name, "slope").expect("slope");
        assert!((line.intercept - intercept).abs() < 1e-10, "{name}");
        assert!((line.slope - slope).abs() < 1e-10, "{name}");
    }
    assert_eq!(combined.area(Area::Urban).dropped(), ["electricity"]);
    compare_scores(
        &input,
        &expected,
        "combined",
        &everyone,
        &|i| combined.score(input.row(i), input.areas[i]),
        &|s| combined.quintile(s),
        combined.cutoffs(),
    );
    let quintiles: Vec<Option<u8>> = everyone
        .iter()
        .map(|&i| {
            combined
                .score(input.row(i), input.areas[i])
                .map(|s| combined.quintile(s))
        })
        .collect();
    for share in shares(&input, &quintiles) {
        assert!((share - 20.0).abs() < 1.5, "{share}");
    }
}
