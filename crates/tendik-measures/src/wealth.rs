//! The DHS/MICS wealth index, for a survey that lacks one: the first principal component of
//! household items (assets, dwelling materials, water, sanitation, …), weighted by the
//! household weight, and its quintiles of the household population.
//!
//! ## The national index ([`WealthIndex`])
//!
//! Rutstein and Johnson (2004), *The DHS Wealth Index*, DHS Comparative Reports 6; MICS uses
//! the same method (its `wealth.sps`):
//!
//! 1. Each item is a number per household: a 0/1 indicator (one per category of a
//!    categorical question) or a continuous value (rooms per person, land area).
//! 2. With household weights wᵢ (W = Σwᵢ), each item k is standardised by its weighted mean
//!    mₖ = Σwᵢxᵢₖ / W and weighted standard deviation sₖ = √(Σwᵢ(xᵢₖ − mₖ)² / W): the divisor
//!    is W, R's `cov.wt(x, wt, method = "ML")`. SPSS, which DHS and MICS run, divides by W − 1;
//!    that multiplies every score by one constant, √((W − 1)/W), and changes no quintile.
//! 3. The weighted correlation matrix R (R's `cov.wt(x, wt, cor = TRUE)$cor`) is decomposed
//!    by cyclic Jacobi rotations until its off-diagonal part is below machine precision
//!    relative to its norm (an error if 64 sweeps do not get there; a few always do); its
//!    eigenvector v for the largest eigenvalue λ is the first component.
//! 4. A household's score is Σₖ vₖ (xₖ − mₖ) / sₖ: R's `prcomp` score of the standardised
//!    items (its `x[, 1]`). DHS and MICS publish SPSS's regression factor score, which is this
//!    score divided by √λ (and by the SD factor of step 2): the same order, the same
//!    quintiles. [`WealthIndex::eigenvalue`] gives λ.
//! 5. The sign of an eigenvector is arbitrary, so it is chosen ([`Orientation`]): by default
//!    the loadings sum to a positive number (most items in a list are "has …"); or the score
//!    rises with a named item (owning a computer, piped water).
//! 6. Quintiles are of the household *population*: each household counts wᵢ × membersᵢ.
//!    Households are sorted by score; cut-point j (j = 1…4) is the first score at which the
//!    cumulative population reaches j/5 of the total, which is the inverse of the weighted
//!    distribution function, inf{x : F(x) ≥ j/5} (R survey's `svyquantile(qrule = "math")`).
//!    A household is in quintile 1 + the number of cut-points below its score, so a score
//!    equal to a cut-point belongs to the lower quintile.
//!
//! Rules:
//! - **Missing items**: a value that is NaN is missing. A household with any item given to an
//!   index missing (an item dropped as constant included) is left out of that index's fit and
//!   has no score ([`WealthIndex::score`] gives `None`); [`WealthIndex::left_out`] counts them.
//!   DHS and MICS recode "don't know" and missing to "does not have" before the fit; do that
//!   first if it is wanted.
//! - **Constant items**: an item with one value in every household of positive weight has no
//!   standard deviation; it is dropped from the index and named in [`WealthIndex::dropped`]
//!   (not an error: an item can be constant in one area and not in the other). An index needs
//!   at least two items that vary.
//! - Weights and members are finite and not negative, or the fit fails naming the row; items
//!   are finite or NaN.
//!
//! ## The combined urban/rural index ([`CombinedIndex`])
//!
//! Rutstein (2008), *The DHS Wealth Index: Approaches for Rural and Urban Areas*, DHS Working
//! Papers 60; MICS6 files carry it as `wscore` ("combined wealth score") beside `wscoreu` and
//! `wscorer`. Three indices are fitted as above:
//!
//! 1. a *common* index on the items shared by both areas, over all households;
//! 2. an *urban* index on the urban items, over urban households only, and a *rural* index on
//!    the rural items, over rural households only (each with its own means, SDs, loadings and
//!    quintiles within its area);
//! 3. within each area, the common score is regressed on the area score by weighted least
//!    squares (household weights, R's `lm(common ~ area_score, weights = w)`), and a
//!    household's combined score is the fitted value, intercept + slope × area score: the area
//!    scores put on the common scale. The combined quintiles are the population quintiles of
//!    the combined score over both areas (as in step 6).
//!
//! The slope takes the sign that matches the area score to the common one, so the combined
//! score follows the common index's orientation whatever the area indices' signs. A household
//! without an area is left out of all three indices.

use crate::MeasureError;

/// The most Jacobi sweeps before the eigen solver gives up (a handful always suffice).
const MAX_SWEEPS: usize = 64;

/// Urban or rural, for the combined index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    /// An urban household.
    Urban,
    /// A rural household.
    Rural,
}

impl Area {
    fn label(self) -> &'static str {
        match self {
            Self::Urban => "urban",
            Self::Rural => "rural",
        }
    }
}

/// What the index needs of a household besides its items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Household {
    /// The household sample weight (finite, 0 or more).
    pub weight: f64,
    /// Its members (finite, 0 or more): the quintiles count weight × members.
    pub members: f64,
    /// Urban or rural; used only by [`CombinedIndex`], which leaves out a household without.
    pub area: Option<Area>,
}

/// Households whose items the index reads one household at a time, so that a caller need not
/// hold a matrix of them (a fit reads every household three times).
pub trait Households {
    /// The names of the items, in the order [`Households::read`] gives their values.
    fn items(&self) -> &[&str];
    /// The number of households.
    fn len(&self) -> usize;
    /// Whether there are no households.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Write household `index`'s item values into `values` (as long as
    /// [`Households::items`]; NaN for a missing value) and give its weight, members and area.
    fn read(&self, index: usize, values: &mut [f64]) -> Household;
}

/// Households held in memory: item values row by row (household by household).
#[derive(Debug, Clone, Copy)]
pub struct Matrix<'a> {
    items: &'a [&'a str],
    values: &'a [f64],
    weights: &'a [f64],
    members: &'a [f64],
    areas: Option<&'a [Area]>,
}

impl<'a> Matrix<'a> {
    /// Households from `values` (row-major: household i's items are
    /// `values[i * items.len()..(i + 1) * items.len()]`), their weights and members.
    pub fn try_new(
        items: &'a [&'a str],
        values: &'a [f64],
        weights: &'a [f64],
        members: &'a [f64],
    ) -> Result<Self, MeasureError> {
        if items.is_empty() {
            return Err(MeasureError::BadRequest(
                "no household items: give the wealth index its assets, dwelling materials, water and sanitation items"
                    .to_owned(),
            ));
        }
        if members.len() != weights.len() {
            return Err(MeasureError::BadRequest(format!(
                "{} household weights but {} member counts; give one of each per household",
                weights.len(),
                members.len()
            )));
        }
        if values.len() != items.len() * weights.len() {
            return Err(MeasureError::BadRequest(format!(
                "{} item values for {} households of {} items; give {} (one per item and household, household by household)",
                values.len(),
                weights.len(),
                items.len(),
                items.len() * weights.len()
            )));
        }
        Ok(Self {
            items,
            values,
            weights,
            members,
            areas: None,
        })
    }

    /// The same households with their areas (for [`CombinedIndex`]).
    pub fn with_areas(self, areas: &'a [Area]) -> Result<Self, MeasureError> {
        if areas.len() != self.weights.len() {
            return Err(MeasureError::BadRequest(format!(
                "{} areas for {} households; give one area per household",
                areas.len(),
                self.weights.len()
            )));
        }
        Ok(Self {
            areas: Some(areas),
            ..self
        })
    }
}

impl Households for Matrix<'_> {
    fn items(&self) -> &[&str] {
        self.items
    }

    fn len(&self) -> usize {
        self.weights.len()
    }

    fn read(&self, index: usize, values: &mut [f64]) -> Household {
        let width = self.items.len();
        values.copy_from_slice(&self.values[index * width..(index + 1) * width]);
        Household {
            weight: self.weights[index],
            members: self.members[index],
            area: self.areas.map(|areas| areas[index]),
        }
    }
}

/// How the sign of the first component is chosen (an eigenvector's sign is arbitrary).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Orientation {
    /// The loadings sum to a positive number (left as computed if the sum is 0).
    #[default]
    LoadingSum,
    /// The score rises with this item (its loading is positive; left as computed if 0).
    RisesWith(String),
}

/// A fitted wealth index: standardisation, loadings and the population quintile cut-points.
#[derive(Debug, Clone, PartialEq)]
pub struct WealthIndex {
    /// Items per household row (all the items given, used or not).
    width: usize,
    /// Positions in the row of the items used.
    columns: Vec<usize>,
    /// Positions in the row of every item given to the index (used or dropped): a household
    /// with one of them missing is left out.
    required: Vec<usize>,
    names: Vec<String>,
    dropped: Vec<String>,
    mean: Vec<f64>,
    sd: Vec<f64>,
    loading: Vec<f64>,
    eigenvalue: f64,
    fitted: usize,
    left_out: usize,
    cutoffs: [f64; 4],
}

/// Which households an index is fitted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Every household (the national index).
    All,
    /// Households with an area (the common index of the combined one).
    AnyArea,
    /// Households of one area.
    Only(Area),
}

impl Scope {
    fn admits(self, area: Option<Area>) -> bool {
        match self {
            Self::All => true,
            Self::AnyArea => area.is_some(),
            Self::Only(only) => area == Some(only),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::All => "the wealth index",
            Self::AnyArea => "the common wealth index",
            Self::Only(Area::Urban) => "the urban wealth index",
            Self::Only(Area::Rural) => "the rural wealth index",
        }
    }

    fn households(self) -> &'static str {
        match self {
            Self::All | Self::AnyArea => "household",
            Self::Only(Area::Urban) => "urban household",
            Self::Only(Area::Rural) => "rural household",
        }
    }
}

impl WealthIndex {
    /// Fit the national index on every household, on all of its items.
    pub fn fit<H: Households + ?Sized>(
        households: &H,
        orientation: &Orientation,
    ) -> Result<Self, MeasureError> {
        let items = households.items();
        check_names(items)?;
        let columns: Vec<usize> = (0..items.len()).collect();
        fit_scope(households, &columns, Scope::All, orientation)
    }

    /// The score of a household from its row of item values (all the items the households
    /// gave, in that order); `None` if an item given to the index is missing (NaN), dropped
    /// or not, as in the fit.
    ///
    /// # Panics
    /// If `row` does not have one value per item.
    #[must_use]
    pub fn score(&self, row: &[f64]) -> Option<f64> {
        assert_eq!(
            row.len(),
            self.width,
            "a wealth index row has one value per item"
        );
        if self.required.iter().any(|&column| row[column].is_nan()) {
            return None;
        }
        let mut score = 0.0;
        for (k, &column) in self.columns.iter().enumerate() {
            score += self.loading[k] * (row[column] - self.mean[k]) / self.sd[k];
        }
        Some(score)
    }

    /// The quintile of a score: 1 (poorest) to 5 (richest).
    #[must_use]
    pub fn quintile(&self, score: f64) -> u8 {
        quintile_of(&self.cutoffs, score)
    }

    /// The four cut-points between the quintiles, in increasing order: a score equal to
    /// cut-point j is in quintile j.
    #[must_use]
    pub fn cutoffs(&self) -> [f64; 4] {
        self.cutoffs
    }

    /// The items of the index (those that vary), in the order of their loadings.
    #[must_use]
    pub fn items(&self) -> &[String] {
        &self.names
    }

    /// The loadings (the unit-length first eigenvector), one per item of [`Self::items`].
    #[must_use]
    pub fn loadings(&self) -> &[f64] {
        &self.loading
    }

    /// The weighted means of the items of [`Self::items`].
    #[must_use]
    pub fn means(&self) -> &[f64] {
        &self.mean
    }

    /// The weighted standard deviations (divisor Σw) of the items of [`Self::items`].
    #[must_use]
    pub fn standard_deviations(&self) -> &[f64] {
        &self.sd
    }

    /// The largest eigenvalue of the correlation matrix: the variance of the scores.
    #[must_use]
    pub fn eigenvalue(&self) -> f64 {
        self.eigenvalue
    }

    /// The share of the standardised items' total variance the first component explains.
    #[must_use]
    pub fn variance_share(&self) -> f64 {
        self.eigenvalue / self.names.len() as f64
    }

    /// The items left out because they take one value in every household of the fit.
    #[must_use]
    pub fn dropped(&self) -> &[String] {
        &self.dropped
    }

    /// The households the index was fitted on.
    #[must_use]
    pub fn fitted(&self) -> usize {
        self.fitted
    }

    /// The households left out of the fit because an item was missing.
    #[must_use]
    pub fn left_out(&self) -> usize {
        self.left_out
    }
}

/// The item subsets of a combined index, by name (each a subset of the households' items).
#[derive(Debug, Clone, Copy)]
pub struct CombinedItems<'a> {
    /// The items of the common index, asked the same way in both areas.
    pub common: &'a [&'a str],
    /// The items of the urban index.
    pub urban: &'a [&'a str],
    /// The items of the rural index.
    pub rural: &'a [&'a str],
}

/// A straight line from an area score to the common scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// The common score at area score 0.
    pub intercept: f64,
    /// Common score per unit of area score.
    pub slope: f64,
}

/// The DHS combined urban/rural wealth index: area indices put on a common index's scale.
#[derive(Debug, Clone, PartialEq)]
pub struct CombinedIndex {
    common: WealthIndex,
    urban: WealthIndex,
    rural: WealthIndex,
    urban_line: Line,
    rural_line: Line,
    cutoffs: [f64; 4],
}

impl CombinedIndex {
    /// Fit the common, urban and rural indices and the lines between them.
    pub fn fit<H: Households + ?Sized>(
        households: &H,
        items: &CombinedItems<'_>,
        orientation: &Orientation,
    ) -> Result<Self, MeasureError> {
        let names = households.items();
        check_names(names)?;
        let common_columns = columns_of(names, items.common, "common")?;
        let urban_columns = columns_of(names, items.urban, "urban")?;
        let rural_columns = columns_of(names, items.rural, "rural")?;
        let common = fit_scope(households, &common_columns, Scope::AnyArea, orientation)?;
        let urban = fit_scope(
            households,
            &urban_columns,
            Scope::Only(Area::Urban),
            orientation,
        )?;
        let rural = fit_scope(
            households,
            &rural_columns,
            Scope::Only(Area::Rural),
            orientation,
        )?;

        // Weighted least squares of the common score on the area score, within each area.
        let mut row = vec![0.0; names.len()];
        let mut pairs: [Vec<(f64, f64, f64)>; 2] = [Vec::new(), Vec::new()];
        for index in 0..households.len() {
            let household = households.read(index, &mut row);
            let (slot, index_of_area) = match household.area {
                Some(Area::Urban) => (0, &urban),
                Some(Area::Rural) => (1, &rural),
                None => continue,
            };
            if let (Some(y), Some(x)) = (common.score(&row), index_of_area.score(&row)) {
                pairs[slot].push((household.weight, x, y));
            }
        }
        let urban_line = weighted_line(&pairs[0], Area::Urban)?;
        let rural_line = weighted_line(&pairs[1], Area::Rural)?;
        drop(pairs);

        let mut index = Self {
            common,
            urban,
            rural,
            urban_line,
            rural_line,
            cutoffs: [f64::NAN; 4],
        };
        let mut scored = Vec::new();
        for position in 0..households.len() {
            let household = households.read(position, &mut row);
            let Some(area) = household.area else {
                continue;
            };
            if let Some(score) = index.score(&row, area) {
                scored.push((score, household.weight * household.members));
            }
        }
        index.cutoffs = quintile_cutoffs(&mut scored)
            .ok_or_else(|| no_population("the combined wealth index"))?;
        Ok(index)
    }

    /// The combined score of a household from its row of item values and its area: the area
    /// score on the common scale; `None` if an item of its area's index is missing.
    ///
    /// # Panics
    /// If `row` does not have one value per item.
    #[must_use]
    pub fn score(&self, row: &[f64], area: Area) -> Option<f64> {
        let (index, line) = match area {
            Area::Urban => (&self.urban, self.urban_line),
            Area::Rural => (&self.rural, self.rural_line),
        };
        index
            .score(row)
            .map(|score| line.intercept + line.slope * score)
    }

    /// The combined quintile of a combined score: 1 (poorest) to 5 (richest).
    #[must_use]
    pub fn quintile(&self, score: f64) -> u8 {
        quintile_of(&self.cutoffs, score)
    }

    /// The four cut-points between the combined quintiles, in increasing order.
    #[must_use]
    pub fn cutoffs(&self) -> [f64; 4] {
        self.cutoffs
    }

    /// The common index (on the shared items, over both areas).
    #[must_use]
    pub fn common(&self) -> &WealthIndex {
        &self.common
    }

    /// The index of one area, with its own quintiles within the area.
    #[must_use]
    pub fn area(&self, area: Area) -> &WealthIndex {
        match area {
            Area::Urban => &self.urban,
            Area::Rural => &self.rural,
        }
    }

    /// The line from an area's score to the common scale.
    #[must_use]
    pub fn line(&self, area: Area) -> Line {
        match area {
            Area::Urban => self.urban_line,
            Area::Rural => self.rural_line,
        }
    }
}

/// Item names are not empty and not repeated.
fn check_names(items: &[&str]) -> Result<(), MeasureError> {
    if items.is_empty() {
        return Err(MeasureError::BadRequest(
            "no household items: give the wealth index its assets, dwelling materials, water and sanitation items"
                .to_owned(),
        ));
    }
    for (k, name) in items.iter().enumerate() {
        if items[..k].contains(name) {
            return Err(MeasureError::BadRequest(format!(
                "two household items are named `{name}`; give each item its own name"
            )));
        }
    }
    Ok(())
}

/// The positions of a subset's items among the households' items.
fn columns_of(items: &[&str], subset: &[&str], which: &str) -> Result<Vec<usize>, MeasureError> {
    let mut columns = Vec::with_capacity(subset.len());
    for (k, name) in subset.iter().enumerate() {
        if subset[..k].contains(name) {
            return Err(MeasureError::BadRequest(format!(
                "the {which} items name `{name}` twice; name each item once"
            )));
        }
        let Some(column) = items.iter().position(|item| item == name) else {
            return Err(MeasureError::BadRequest(format!(
                "the {which} items name `{name}`, which is not one of the {} household items; name one of them",
                items.len()
            )));
        };
        columns.push(column);
    }
    Ok(columns)
}

/// Fit one index on the items at `columns` over the households of `scope`.
#[expect(
    clippy::float_cmp,
    reason = "an item varies when a value differs exactly from the first one"
)]
fn fit_scope<H: Households + ?Sized>(
    households: &H,
    columns: &[usize],
    scope: Scope,
    orientation: &Orientation,
) -> Result<WealthIndex, MeasureError> {
    let items = households.items();
    let what = scope.name();
    let width = items.len();
    let p = columns.len();
    let mut row = vec![0.0; width];

    // Pass 1: weighted means, and which items vary among households of positive weight.
    let mut total = 0.0;
    let mut sums = vec![0.0; p];
    let mut first = vec![f64::NAN; p];
    let mut varies = vec![false; p];
    let (mut fitted, mut left_out) = (0_usize, 0_usize);
    for index in 0..households.len() {
        let household = households.read(index, &mut row);
        if !scope.admits(household.area) {
            continue;
        }
        check_household(index, &household)?;
        if !complete(&row, columns, items, index)? {
            left_out += 1;
            continue;
        }
        fitted += 1;
        let w = household.weight;
        total += w;
        for (k, &column) in columns.iter().enumerate() {
            let x = row[column];
            sums[k] += w * x;
            if w > 0.0 {
                if first[k].is_nan() {
                    first[k] = x;
                } else if x != first[k] {
                    varies[k] = true;
                }
            }
        }
    }
    if total <= 0.0 {
        return Err(MeasureError::BadRequest(format!(
            "{what}: no {} has every item answered and a positive weight; check the items' missing values and the weights",
            scope.households()
        )));
    }
    let kept: Vec<usize> = (0..p).filter(|&k| varies[k]).collect();
    let dropped: Vec<String> = (0..p)
        .filter(|&k| !varies[k])
        .map(|k| items[columns[k]].to_owned())
        .collect();
    let q = kept.len();
    if q < 2 {
        let varying = kept.first().map_or_else(
            || "no item varies".to_owned(),
            |&k| format!("only `{}` varies", items[columns[k]]),
        );
        return Err(MeasureError::BadRequest(format!(
            "{what} needs at least two items that vary between households, and {varying}; give it more household items"
        )));
    }
    let mean: Vec<f64> = kept.iter().map(|&k| sums[k] / total).collect();
    let kept_columns: Vec<usize> = kept.iter().map(|&k| columns[k]).collect();

    // Pass 2: the weighted covariance matrix (upper triangle), centred on the means.
    let mut cov = vec![0.0; q * q];
    let mut centred = vec![0.0; q];
    for index in 0..households.len() {
        let household = households.read(index, &mut row);
        if !scope.admits(household.area) || columns.iter().any(|&c| row[c].is_nan()) {
            continue;
        }
        let w = household.weight;
        for (k, &column) in kept_columns.iter().enumerate() {
            centred[k] = row[column] - mean[k];
        }
        for k in 0..q {
            let wk = w * centred[k];
            for l in k..q {
                cov[k * q + l] += wk * centred[l];
            }
        }
    }
    let sd: Vec<f64> = (0..q).map(|k| (cov[k * q + k] / total).sqrt()).collect();
    let mut correlation = vec![0.0; q * q];
    for k in 0..q {
        correlation[k * q + k] = 1.0;
        for l in k + 1..q {
            let r = cov[k * q + l] / total / (sd[k] * sd[l]);
            correlation[k * q + l] = r;
            correlation[l * q + k] = r;
        }
    }
    let Some((values, vectors)) = symmetric_eigen(correlation, q) else {
        return Err(MeasureError::BadRequest(format!(
            "{what}: the eigen solver did not converge in {MAX_SWEEPS} sweeps over the items' correlation matrix; check the items for values that are not numbers"
        )));
    };
    let mut order: Vec<usize> = (0..q).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let (largest, second) = (values[order[0]], values[order[1]]);
    if largest - second <= 1e-9 * largest {
        return Err(MeasureError::BadRequest(format!(
            "{what}: the first two principal components explain the same variance ({largest}), so the first is not unique; the items fall into unrelated groups: check the item list"
        )));
    }
    let mut loading: Vec<f64> = (0..q).map(|k| vectors[k * q + order[0]]).collect();
    let names: Vec<String> = kept_columns.iter().map(|&c| items[c].to_owned()).collect();
    let flip = match orientation {
        Orientation::LoadingSum => loading.iter().sum::<f64>() < 0.0,
        Orientation::RisesWith(item) => {
            let Some(k) = names.iter().position(|name| name == item) else {
                let reason = if dropped.contains(item) {
                    format!("it takes one value in every {}", scope.households())
                } else {
                    "it is not one of its items".to_owned()
                };
                return Err(MeasureError::BadRequest(format!(
                    "cannot orient {what} by the item `{item}`: {reason}; orient it by another item or by the sum of the loadings"
                )));
            };
            loading[k] < 0.0
        }
    };
    if flip {
        for value in &mut loading {
            *value = -*value;
        }
    }
    let mut index = WealthIndex {
        width,
        columns: kept_columns,
        required: columns.to_vec(),
        names,
        dropped,
        mean,
        sd,
        loading,
        eigenvalue: largest,
        fitted,
        left_out,
        cutoffs: [f64::NAN; 4],
    };

    // Pass 3: the scores, and the quintiles of the household population.
    let mut scored = Vec::with_capacity(fitted);
    for position in 0..households.len() {
        let household = households.read(position, &mut row);
        if !scope.admits(household.area) {
            continue;
        }
        if let Some(score) = index.score(&row) {
            scored.push((score, household.weight * household.members));
        }
    }
    index.cutoffs = quintile_cutoffs(&mut scored).ok_or_else(|| no_population(what))?;
    Ok(index)
}

fn no_population(what: &str) -> MeasureError {
    MeasureError::BadRequest(format!(
        "{what}: the households scored have no members (weight × members adds up to 0), so there are no population quintiles; give each household its number of members"
    ))
}

/// A household's weight and members are usable.
fn check_household(index: usize, household: &Household) -> Result<(), MeasureError> {
    for (what, value) in [("weight", household.weight), ("members", household.members)] {
        if !(value.is_finite() && value >= 0.0) {
            return Err(MeasureError::BadRequest(format!(
                "the household in row {}: its {what} is {value}; give every household a {what} of 0 or more",
                index + 1
            )));
        }
    }
    Ok(())
}

/// Whether every item at `columns` is answered (an infinite value is an error).
fn complete(
    row: &[f64],
    columns: &[usize],
    items: &[&str],
    index: usize,
) -> Result<bool, MeasureError> {
    let mut answered = true;
    for &column in columns {
        let x = row[column];
        if x.is_nan() {
            answered = false;
        } else if x.is_infinite() {
            return Err(MeasureError::BadRequest(format!(
                "the household in row {}: the item `{}` is {x}; give a finite number, or leave it missing",
                index + 1,
                items[column]
            )));
        }
    }
    Ok(answered)
}

/// The quintile of `score` given the cut-points.
fn quintile_of(cutoffs: &[f64; 4], score: f64) -> u8 {
    1 + cutoffs.iter().filter(|&&cut| score > cut).count() as u8
}

/// Population quintile cut-points of `(score, population weight)` pairs (sorted in place):
/// cut-point j is the first score at which the cumulative weight reaches j/5 of the total.
/// `None` when the total weight is not positive.
fn quintile_cutoffs(scored: &mut [(f64, f64)]) -> Option<[f64; 4]> {
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Summed in the order of the running total below, so the last running total equals it.
    let total: f64 = scored.iter().map(|s| s.1).sum();
    if total.is_nan() || total <= 0.0 {
        return None;
    }
    let mut cutoffs = [f64::NAN; 4];
    let mut running = 0.0;
    let mut next = 0;
    for &(score, weight) in scored.iter() {
        running += weight;
        while next < 4 && running >= total * (next as f64 + 1.0) / 5.0 {
            cutoffs[next] = score;
            next += 1;
        }
    }
    Some(cutoffs)
}

/// Weighted least squares of y on x over `(weight, x, y)`.
fn weighted_line(pairs: &[(f64, f64, f64)], area: Area) -> Result<Line, MeasureError> {
    let total: f64 = pairs.iter().map(|p| p.0).sum();
    let fail = || {
        MeasureError::BadRequest(format!(
            "the combined wealth index: the {area} scores do not vary among {area} households of positive weight, so they cannot be put on the common scale; check the {area} items",
            area = area.label()
        ))
    };
    if total.is_nan() || total <= 0.0 {
        return Err(fail());
    }
    let mx = pairs.iter().map(|p| p.0 * p.1).sum::<f64>() / total;
    let my = pairs.iter().map(|p| p.0 * p.2).sum::<f64>() / total;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for &(w, x, y) in pairs {
        sxx += w * (x - mx) * (x - mx);
        sxy += w * (x - mx) * (y - my);
    }
    if sxx <= 0.0 {
        return Err(fail());
    }
    let slope = sxy / sxx;
    Ok(Line {
        intercept: my - slope * mx,
        slope,
    })
}

/// Eigenvalues and eigenvectors of the symmetric `n × n` matrix `a` (row-major) by cyclic
/// Jacobi rotations, until the off-diagonal part's Frobenius norm is at most machine
/// epsilon times the matrix's. The eigenvectors are the columns of the second (row-major)
/// matrix, unsorted. `None` if [`MAX_SWEEPS`] sweeps do not converge (or a value is NaN).
#[expect(
    clippy::float_cmp,
    reason = "an element is negligible when adding it leaves a diagonal element unchanged"
)]
fn symmetric_eigen(mut a: Vec<f64>, n: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let mut v = vec![0.0; n * n];
    for k in 0..n {
        v[k * n + k] = 1.0;
    }
    let norm = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    if !norm.is_finite() {
        return None;
    }
    for sweep in 0..MAX_SWEEPS {
        let mut off = 0.0;
        for p in 0..n {
            for q in p + 1..n {
                off += 2.0 * a[p * n + q] * a[p * n + q];
            }
        }
        if off.sqrt() <= f64::EPSILON * norm {
            let values = (0..n).map(|k| a[k * n + k]).collect();
            return Some((values, v));
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let (app, aqq) = (a[p * n + p], a[q * n + q]);
                // After a few sweeps an element negligible beside both diagonal elements is
                // set to 0 rather than rotated (Numerical Recipes' `jacobi`).
                let tiny = 100.0 * apq.abs();
                if sweep > 3 && app.abs() + tiny == app.abs() && aqq.abs() + tiny == aqq.abs() {
                    a[p * n + q] = 0.0;
                    a[q * n + p] = 0.0;
                    continue;
                }
                let theta = (aqq - app) / (2.0 * apq);
                let t = if theta.abs() > 1e150 {
                    0.5 / theta
                } else {
                    theta.signum() / (theta.abs() + theta.mul_add(theta, 1.0).sqrt())
                };
                let c = 1.0 / t.mul_add(t, 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                a[p * n + q] = 0.0;
                a[q * n + p] = 0.0;
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Households: item names, values row by row, weights, members, areas.
    struct Survey {
        names: Vec<String>,
        values: Vec<f64>,
        weights: Vec<f64>,
        members: Vec<f64>,
        areas: Vec<Area>,
    }

    /// A small deterministic survey: a latent wealth drives `p` items, 0/1 but the last
    /// (continuous, so that scores rarely tie).
    fn survey(n: usize, p: usize) -> Survey {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut uniform = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1_u64 << 53) as f64
        };
        let names = (0..p).map(|k| format!("item{k}")).collect();
        let (mut values, mut weights, mut members, mut areas) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for i in 0..n {
            let urban = i % 3 == 0;
            let wealth = uniform() * 2.0 - 1.0 + if urban { 0.5 } else { 0.0 };
            for k in 0..p {
                let threshold = (k as f64 / p as f64) - 0.5;
                let noisy = wealth + (uniform() - 0.5) * 0.8;
                values.push(if k + 1 == p {
                    noisy
                } else {
                    f64::from(u8::from(noisy > threshold))
                });
            }
            weights.push(0.5 + uniform());
            members.push((1.0 + uniform() * 7.0).floor());
            areas.push(if urban { Area::Urban } else { Area::Rural });
        }
        Survey {
            names,
            values,
            weights,
            members,
            areas,
        }
    }

    fn refs(names: &[String]) -> Vec<&str> {
        names.iter().map(String::as_str).collect()
    }

    #[test]
    fn jacobi_diagonalises_a_known_matrix() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, vectors (1, 1)/√2 and (1, −1)/√2.
        let (values, vectors) = symmetric_eigen(vec![2.0, 1.0, 1.0, 2.0], 2).expect("converges");
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        assert!((sorted[0] - 1.0).abs() < 1e-15 && (sorted[1] - 3.0).abs() < 1e-15);
        let k = usize::from(values[1] > values[0]);
        let (a, b) = (vectors[k], vectors[2 + k]);
        assert!((a.abs() - 0.5_f64.sqrt()).abs() < 1e-15 && (a - b).abs() < 1e-15);
    }

    #[test]
    fn jacobi_reconstructs_a_larger_matrix() {
        let n: usize = 9;
        let a: Vec<f64> = (0..n * n)
            .map(|i| {
                let (r, c) = (i / n, i % n);
                1.0 / (1.0 + r.abs_diff(c) as f64) + if r == c { 0.5 } else { 0.0 }
            })
            .collect();
        let (values, v) = symmetric_eigen(a.clone(), n).expect("converges");
        for r in 0..n {
            for c in 0..n {
                let back: f64 = (0..n)
                    .map(|k| v[r * n + k] * values[k] * v[c * n + k])
                    .sum();
                assert!((back - a[r * n + c]).abs() < 1e-13, "{r},{c}: {back}");
            }
        }
    }

    #[test]
    fn quintiles_hold_a_fifth_of_the_population_each() {
        let Survey {
            names,
            values,
            weights,
            members,
            ..
        } = survey(2_000, 8);
        let items = refs(&names);
        let matrix = Matrix::try_new(&items, &values, &weights, &members).expect("matrix");
        let index = WealthIndex::fit(&matrix, &Orientation::LoadingSum).expect("fit");
        assert!(index.loadings().iter().sum::<f64>() > 0.0);
        let mut shares = [0.0; 5];
        let mut total = 0.0;
        for i in 0..weights.len() {
            let score = index.score(&values[i * 8..(i + 1) * 8]).expect("score");
            let population = weights[i] * members[i];
            shares[usize::from(index.quintile(score)) - 1] += population;
            total += population;
        }
        for share in shares {
            // One household's population is at most 0.1% of the total.
            assert!((share / total - 0.2).abs() < 0.002, "{shares:?}");
        }
        let cutoffs = index.cutoffs();
        assert!(cutoffs.windows(2).all(|w| w[0] <= w[1]), "{cutoffs:?}");
    }

    #[test]
    fn orientation_by_item_and_by_sum_agree_on_a_wealth_item() {
        let Survey {
            names,
            values,
            weights,
            members,
            ..
        } = survey(500, 6);
        let items = refs(&names);
        let matrix = Matrix::try_new(&items, &values, &weights, &members).expect("matrix");
        let by_sum = WealthIndex::fit(&matrix, &Orientation::LoadingSum).expect("fit");
        let by_item =
            WealthIndex::fit(&matrix, &Orientation::RisesWith("item2".to_owned())).expect("fit");
        assert_eq!(by_sum, by_item);
        let error = WealthIndex::fit(&matrix, &Orientation::RisesWith("radio".to_owned()))
            .expect_err("not an item");
        assert_eq!(
            error.to_string(),
            "cannot orient the wealth index by the item `radio`: it is not one of its items; orient it by another item or by the sum of the loadings"
        );
    }

    #[test]
    fn constant_items_are_dropped_and_missing_rows_left_out() {
        let Survey {
            mut names,
            mut values,
            weights,
            members,
            ..
        } = survey(400, 5);
        names.push("electricity".to_owned());
        let mut widened = Vec::new();
        for (i, row) in values.chunks(5).enumerate() {
            widened.extend_from_slice(row);
            widened.push(1.0);
            if i % 50 == 7 {
                widened[i * 6 + 2] = f64::NAN;
            }
        }
        values = widened;
        let items = refs(&names);
        let matrix = Matrix::try_new(&items, &values, &weights, &members).expect("matrix");
        let index = WealthIndex::fit(&matrix, &Orientation::LoadingSum).expect("fit");
        assert_eq!(index.dropped(), ["electricity"]);
        assert_eq!(index.items().len(), 5);
        assert_eq!((index.fitted(), index.left_out()), (392, 8));
        assert_eq!(index.score(&values[7 * 6..8 * 6]), None);
        // A missing value in a dropped item leaves the household out too, as in the fit.
        let mut row = values[..6].to_vec();
        row[5] = f64::NAN;
        assert_eq!(index.score(&row), None);
        assert!(index.score(&values[..6]).is_some());
        let error = WealthIndex::fit(&matrix, &Orientation::RisesWith("electricity".to_owned()))
            .expect_err("constant");
        assert!(
            error
                .to_string()
                .contains("it takes one value in every household"),
            "{error}"
        );
    }

    #[test]
    fn errors_name_the_row_and_the_fix() {
        let items = ["a", "b"];
        let values = [1.0, 0.0, 0.0, f64::INFINITY];
        let error = WealthIndex::fit(
            &Matrix::try_new(&items, &values, &[1.0, 1.0], &[2.0, 3.0]).expect("matrix"),
            &Orientation::LoadingSum,
        )
        .expect_err("infinite");
        assert_eq!(
            error.to_string(),
            "the household in row 2: the item `b` is inf; give a finite number, or leave it missing"
        );
        let values = [1.0, 0.0, 0.0, 1.0];
        let error = WealthIndex::fit(
            &Matrix::try_new(&items, &values, &[1.0, -1.0], &[2.0, 3.0]).expect("matrix"),
            &Orientation::LoadingSum,
        )
        .expect_err("negative weight");
        assert_eq!(
            error.to_string(),
            "the household in row 2: its weight is -1; give every household a weight of 0 or more"
        );
        let values = [1.0, 0.0, 1.0, 1.0];
        let error = WealthIndex::fit(
            &Matrix::try_new(&items, &values, &[1.0, 1.0], &[2.0, 3.0]).expect("matrix"),
            &Orientation::LoadingSum,
        )
        .expect_err("one item varies");
        assert_eq!(
            error.to_string(),
            "the wealth index needs at least two items that vary between households, and only `b` varies; give it more household items"
        );
        let error =
            Matrix::try_new(&items, &values[..3], &[1.0, 1.0], &[2.0, 3.0]).expect_err("short");
        assert!(
            error
                .to_string()
                .starts_with("3 item values for 2 households")
        );
        let twice = ["a", "a"];
        let error = WealthIndex::fit(
            &Matrix::try_new(&twice, &values, &[1.0, 1.0], &[2.0, 3.0]).expect("matrix"),
            &Orientation::LoadingSum,
        )
        .expect_err("duplicate");
        assert_eq!(
            error.to_string(),
            "two household items are named `a`; give each item its own name"
        );
    }

    #[test]
    fn combined_index_puts_area_scores_on_the_common_scale() {
        let Survey {
            names,
            values,
            weights,
            members,
            areas,
        } = survey(1_500, 7);
        let items = refs(&names);
        let matrix = Matrix::try_new(&items, &values, &weights, &members)
            .expect("matrix")
            .with_areas(&areas)
            .expect("areas");
        let subsets = CombinedItems {
            common: &items[..5],
            urban: &items,
            rural: &items,
        };
        let combined =
            CombinedIndex::fit(&matrix, &subsets, &Orientation::LoadingSum).expect("combined");
        // Within each area, the combined scores have the common scores' weighted mean.
        for area in [Area::Urban, Area::Rural] {
            let (mut total, mut common, mut mine) = (0.0, 0.0, 0.0);
            for i in 0..weights.len() {
                if areas[i] != area {
                    continue;
                }
                let row = &values[i * 7..(i + 1) * 7];
                total += weights[i];
                common += weights[i] * combined.common().score(row).expect("common");
                mine += weights[i] * combined.score(row, area).expect("combined");
            }
            assert!((common / total - mine / total).abs() < 1e-12, "{area:?}");
            assert!(combined.line(area).slope > 0.0);
        }
        let error = CombinedIndex::fit(
            &matrix,
            &CombinedItems {
                common: &["item0", "land"],
                ..subsets
            },
            &Orientation::LoadingSum,
        )
        .expect_err("unknown item");
        assert_eq!(
            error.to_string(),
            "the common items name `land`, which is not one of the 7 household items; name one of them"
        );
    }
}
