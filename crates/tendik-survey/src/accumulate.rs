//! The one pass over the rows: weighted sums per (breakdown × domain × stratum × PSU) cell.
//!
//! The projected plan ([`crate::plan`]) hands over record batches with the weight, design
//! columns, filter flag, domain values and target values. Each partition of the plan is
//! summed on its own task into a [`Partial`]; partials are merged into [`Accumulated`], whose
//! cells are sorted by their keys. Every sum is a double-double ([`Dd`]), so the result does
//! not depend on how rows were split among partitions or the order they arrived in (see
//! [`crate::dd`] for the limit).
//!
//! Per target, a cell holds the sums of `w·f` for the target's features `f` (mean and total:
//! `1, y, y²`; ratio: `1, y, x, y², x², xy`; proportion: `1`, and `[y = level]` per category
//! in a side table), with `w²·f` as well when the design has no PSUs (each row its own PSU:
//! the variance then comes from these moments, not from one group per row).

use std::sync::Arc;

use arrow::array::{Array, AsArray, RecordBatch};
use futures::StreamExt;

use crate::dd::Dd;
use crate::error::SurveyError;
use crate::keys::{Key, KeyDict, KeyIndex, floats};

use crate::keys::FastMap;

/// What one target reads from the projected batch.
#[derive(Debug, Clone)]
pub(crate) enum TargetInput {
    /// Mean or total of one column (projected as `f64`).
    Single(usize),
    /// Ratio of two columns (projected as `f64`).
    Pair(usize, usize),
    /// Categories of one column (raw type).
    Categories(usize),
}

impl TargetInput {
    /// Number of features summed per cell.
    pub(crate) fn features(&self) -> usize {
        match self {
            Self::Single(_) => 3,
            Self::Pair(..) => 6,
            Self::Categories(_) => 1,
        }
    }
}

/// Where the accumulator finds each part of the request in the projected batches.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) weight: usize,
    pub(crate) stratum: Option<usize>,
    pub(crate) psu: Option<usize>,
    pub(crate) fpc: Option<usize>,
    pub(crate) keep: usize,
    /// Projected column of each distinct domain variable, and its name.
    pub(crate) domain_columns: Vec<usize>,
    pub(crate) domain_names: Vec<String>,
    /// Each breakdown as indices into `domain_columns`.
    pub(crate) breakdowns: Vec<Vec<usize>>,
    pub(crate) targets: Vec<TargetInput>,
    /// Sum `w²·f` too (designs without PSUs).
    pub(crate) second_moments: bool,
    /// Pairs of numeric targets `(a < b)` whose cross moments `Σ w² φ_a φ_b` are kept
    /// (designs without PSUs, when covariances between variables are asked for).
    pub(crate) cross_pairs: Vec<(usize, usize)>,
    /// Projected columns of replicate weights given in the data.
    pub(crate) replicates: Vec<usize>,
    /// Keep per cell `Σw²` of the kept rows (the rank of converted replicates).
    pub(crate) kept_squares: bool,
    /// Keep per cell the Gram matrix `Σ w_r w_s` of the given replicate weights over the
    /// kept rows (the rank of given replicates, for proportions' degrees of freedom).
    pub(crate) gram: bool,
}

impl Layout {
    /// Sums kept per feature: `w·f`, `w²·f` without PSUs, then `w_r·f` per replicate.
    pub(crate) fn per_feature(&self) -> usize {
        self.replicate_slot(self.replicates.len())
    }

    /// Where replicate `r`'s sum sits among a feature's sums.
    pub(crate) fn replicate_slot(&self, r: usize) -> usize {
        1 + usize::from(self.second_moments) + r
    }

    /// No `w²` moments, replicates or cross moments: means and totals take the short path.
    pub(crate) fn plain(&self) -> bool {
        !self.second_moments && self.replicates.is_empty() && self.cross_pairs.is_empty()
    }

    /// Number of sums in the Gram block.
    fn gram_len(&self) -> usize {
        if self.gram {
            let r = self.replicates.len();
            r * (r + 1) / 2
        } else {
            0
        }
    }

    /// Offset of each target's sums within a cell, and the cell's stride (the cross
    /// moments, four per pair, come after the targets' sums).
    pub(crate) fn offsets(&self) -> (Vec<usize>, usize) {
        let mut offsets = Vec::with_capacity(self.targets.len());
        let mut at = 0;
        for target in &self.targets {
            offsets.push(at);
            at += target.features() * self.per_feature();
        }
        let tail = 4 * self.cross_pairs.len() + usize::from(self.kept_squares) + self.gram_len();
        (offsets, at + tail)
    }

    /// Where the cross moments start within a cell.
    pub(crate) fn cross_offset(&self) -> usize {
        let (_, stride) = self.offsets();
        stride - 4 * self.cross_pairs.len() - usize::from(self.kept_squares) - self.gram_len()
    }

    /// Where `Σw²` of the kept rows sits within a cell.
    pub(crate) fn kept_squares_offset(&self) -> usize {
        self.cross_offset() + 4 * self.cross_pairs.len()
    }

    /// Where the Gram block starts within a cell (upper triangle, row by row).
    pub(crate) fn gram_offset(&self) -> usize {
        self.kept_squares_offset() + usize::from(self.kept_squares)
    }

    /// Counts per cell: filtered rows, filtered rows of non-zero weight, then per target
    /// the observations used and those of non-zero weight.
    pub(crate) fn count_stride(&self) -> usize {
        2 + 2 * self.targets.len()
    }
}

/// Design checks and structure per (stratum × PSU), over all rows.
#[derive(Debug, Clone)]
pub(crate) struct DesignCell {
    pub(crate) rows: u64,
    /// Rows the filter keeps (with a usable weight).
    pub(crate) kept: u64,
    pub(crate) weight_null: u64,
    pub(crate) weight_negative: u64,
    pub(crate) weight_infinite: u64,
    pub(crate) fpc_null: u64,
    pub(crate) replicate_null: u64,
    pub(crate) fpc_min: f64,
    pub(crate) fpc_max: f64,
}

impl Default for DesignCell {
    fn default() -> Self {
        Self {
            rows: 0,
            kept: 0,
            weight_null: 0,
            weight_negative: 0,
            weight_infinite: 0,
            fpc_null: 0,
            replicate_null: 0,
            fpc_min: f64::INFINITY,
            fpc_max: f64::NEG_INFINITY,
        }
    }
}

impl DesignCell {
    fn merge(&mut self, other: &Self) {
        self.rows += other.rows;
        self.kept += other.kept;
        self.weight_null += other.weight_null;
        self.weight_negative += other.weight_negative;
        self.weight_infinite += other.weight_infinite;
        self.fpc_null += other.fpc_null;
        self.replicate_null += other.replicate_null;
        self.fpc_min = self.fpc_min.min(other.fpc_min);
        self.fpc_max = self.fpc_max.max(other.fpc_max);
    }
}

/// One batch's values of one target.
enum Values {
    One(Numbers),
    Two(Numbers, Numbers),
    Ids(Vec<u32>),
}

/// A batch's column as `f64`, read in place: a value, or `None` when null or NaN.
struct Numbers(arrow::array::Float64Array);

impl Numbers {
    fn of(array: &arrow::array::ArrayRef) -> Result<Self, SurveyError> {
        let floats = arrow::compute::cast(array, &arrow::datatypes::DataType::Float64)?;
        Ok(Self(
            floats
                .as_primitive::<arrow::datatypes::Float64Type>()
                .clone(),
        ))
    }

    #[inline]
    fn get(&self, row: usize) -> Option<f64> {
        if self.0.is_null(row) {
            return None;
        }
        let value = self.0.value(row);
        (!value.is_nan()).then_some(value)
    }
}

/// The sums of one partition, keyed by the partition's own ids.
struct Partial {
    layout: Arc<Layout>,
    offsets: Vec<usize>,
    /// Dictionaries: stratum, PSU, each domain column, each categorical target.
    stratum: KeyDict,
    psu: KeyDict,
    domains: Vec<KeyDict>,
    categories: Vec<KeyDict>,
    design_index: FastMap<(u32, u32), u32>,
    design: Vec<((u32, u32), DesignCell)>,
    cell_index: FastMap<Box<[u32]>, u32>,
    /// Cells keyed by the partition's ids. For [`Partial::complement`] targets the
    /// target's counts and `Σw` hold the *missing* rows until [`Partial::finish`].
    cells: Columns,
    /// Per target: a mean or total on the short path, whose counts and `Σw` are kept as
    /// complements (zero work for rows with a value, the common case).
    complement: Vec<bool>,
    /// Per target on the short path: a value other than 0 and 1 was seen, so `Σw·y²` is
    /// summed; until then it equals `Σw·y` and is not stored (a virtual sum).
    squares: Vec<bool>,
    category_index: FastMap<(u32, u32, u32), u32>,
    category_keys: Vec<(u32, u32, u32)>,
    category_sums: Vec<Dd>,
}

impl Partial {
    fn new(layout: Arc<Layout>) -> Self {
        let (offsets, stride) = layout.offsets();
        let layout_counts = layout.count_stride();
        let domains = layout
            .domain_columns
            .iter()
            .map(|_| KeyDict::new())
            .collect();
        let categories = layout.targets.iter().map(|_| KeyDict::new()).collect();
        let complement: Vec<bool> = layout
            .targets
            .iter()
            .map(|t| layout.plain() && matches!(t, TargetInput::Single(_)))
            .collect();
        let squares = vec![false; layout.targets.len()];
        let mut cells = Columns::new(layout_counts, stride);
        for (target, &complement) in complement.iter().enumerate() {
            if complement {
                // `Σw·y²` equals `Σw·y` until a value other than 0 and 1 comes.
                cells.virtual_sums[offsets[target] + 2] = true;
            }
        }
        let mut stratum = KeyDict::new();
        if layout.stratum.is_none() {
            // Without strata every row is in stratum 1.
            stratum.keys.push(Key::Int(1));
        }
        Self {
            layout,
            offsets,
            stratum,
            psu: KeyDict::new(),
            domains,
            categories,
            design_index: FastMap::default(),
            design: Vec::new(),
            cell_index: FastMap::default(),
            cells,
            complement,
            squares,
            category_index: FastMap::default(),
            category_keys: Vec::new(),
            category_sums: Vec::new(),
        }
    }

    fn cell(&mut self, key: &[u32]) -> usize {
        if let Some(&cell) = self.cell_index.get(key) {
            return cell as usize;
        }
        let cell = self.cells.push(key.into());
        self.cell_index.insert(key.into(), cell as u32);
        cell
    }

    fn category(&mut self, cell: usize, target: usize, category: u32) -> usize {
        let key = (cell as u32, target as u32, category);
        if let Some(&index) = self.category_index.get(&key) {
            return index as usize;
        }
        let index = self.category_keys.len();
        self.category_keys.push(key);
        self.category_index.insert(key, index as u32);
        self.category_sums.resize(
            self.category_sums.len() + self.layout.per_feature(),
            Dd::default(),
        );
        index
    }

    /// Turn the short path's complements into the sums every cell holds: the counts and
    /// `Σw` of the rows with a value.
    fn finish(&mut self) {
        for (target, &complement) in self.complement.iter().enumerate() {
            if !complement {
                continue;
            }
            let at = self.offsets[target];
            let cells = &mut self.cells;
            for slot in [0, 1] {
                let (rows, missing) = two(&mut cells.counts, slot, 2 + 2 * target + slot);
                for (missing, rows) in missing.iter_mut().zip(rows.iter()) {
                    *missing = rows - *missing;
                }
            }
            for (missing, weight) in cells.sums[at].iter_mut().zip(cells.weight.iter()) {
                *missing = *weight - *missing;
            }
        }
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one row loop, kept in one place for speed"
    )]
    #[expect(
        clippy::float_cmp,
        reason = "indicators' exact 0 and 1 take the short way"
    )]
    fn add(&mut self, batch: &RecordBatch) -> Result<(), SurveyError> {
        let layout = Arc::clone(&self.layout);
        let rows = batch.num_rows();
        let weights = floats_with_nan(batch.column(layout.weight))?;
        let keep = batch.column(layout.keep).as_boolean().clone();
        let mut stratum_ids = Vec::new();
        match layout.stratum {
            Some(column) => self.stratum.ids(batch.column(column), &mut stratum_ids)?,
            None => stratum_ids.resize(rows, 1),
        }
        let mut psu_ids = Vec::new();
        match layout.psu {
            Some(column) => self.psu.ids(batch.column(column), &mut psu_ids)?,
            None => psu_ids.resize(rows, 0),
        }
        let fpc = layout
            .fpc
            .map(|column| floats(batch.column(column)))
            .transpose()?;
        let replicate_weights: Vec<Vec<Option<f64>>> = layout
            .replicates
            .iter()
            .map(|&column| floats(batch.column(column)))
            .collect::<Result<_, _>>()?;
        let mut row_replicates = vec![0.0; layout.replicates.len()];
        let mut domain_ids = Vec::with_capacity(layout.domain_columns.len());
        for (dict, &column) in self.domains.iter_mut().zip(&layout.domain_columns) {
            let mut ids = Vec::new();
            dict.ids(batch.column(column), &mut ids)?;
            domain_ids.push(ids);
        }
        let mut values = Vec::with_capacity(layout.targets.len());
        for (target, input) in layout.targets.iter().enumerate() {
            values.push(match input {
                TargetInput::Single(y) => Values::One(Numbers::of(batch.column(*y))?),
                TargetInput::Pair(y, x) => Values::Two(
                    Numbers::of(batch.column(*y))?,
                    Numbers::of(batch.column(*x))?,
                ),
                TargetInput::Categories(column) => {
                    let mut ids = Vec::new();
                    self.categories[target].ids(batch.column(*column), &mut ids)?;
                    Values::Ids(ids)
                }
            });
        }
        let per_feature = layout.per_feature();
        let second = layout.second_moments;
        let mut key: Vec<u32> = Vec::with_capacity(layout.domain_columns.len() + 3);
        let cross_offset = layout.cross_offset();
        let kept_squares_offset = layout.kept_squares_offset();
        let gram_offset = layout.gram_offset();
        let first_replicate = layout.replicate_slot(0);
        let mut basis: Vec<Option<[f64; 2]>> = vec![None; layout.targets.len()];
        let mut last_keys: Vec<Vec<u32>> = vec![Vec::new(); layout.breakdowns.len()];
        let mut last_cells: Vec<usize> = vec![0; layout.breakdowns.len()];
        let mut last_design: ((u32, u32), usize) = ((u32::MAX, u32::MAX), 0);
        let crossing = !layout.cross_pairs.is_empty();
        for row in 0..rows {
            let weight = weights[row];
            // Design checks over every row.
            let design_key = (stratum_ids[row], psu_ids[row]);
            let design_cell = if last_design.0 == design_key {
                last_design.1
            } else if let Some(&index) = self.design_index.get(&design_key) {
                last_design = (design_key, index as usize);
                index as usize
            } else {
                self.design.push((design_key, DesignCell::default()));
                let index = self.design.len() - 1;
                self.design_index.insert(design_key, index as u32);
                index
            };
            let checks = &mut self.design[design_cell].1;
            checks.rows += 1;
            match weight {
                None => checks.weight_null += 1,
                Some(w) if w < 0.0 => checks.weight_negative += 1,
                Some(w) if !w.is_finite() => checks.weight_infinite += 1,
                Some(_) => {}
            }
            if let Some(fpc) = &fpc {
                match fpc[row] {
                    None => checks.fpc_null += 1,
                    Some(f) => {
                        checks.fpc_min = checks.fpc_min.min(f);
                        checks.fpc_max = checks.fpc_max.max(f);
                    }
                }
            }
            let mut replicates_missing = false;
            for (slot, column) in row_replicates.iter_mut().zip(&replicate_weights) {
                match column[row] {
                    Some(value) => *slot = value,
                    None => replicates_missing = true,
                }
            }
            if replicates_missing {
                checks.replicate_null += 1;
                continue;
            }
            let Some(w) = weight.filter(|w| w.is_finite()) else {
                continue;
            };
            if keep.is_null(row) || !keep.value(row) {
                continue;
            }
            self.design[design_cell].1.kept += 1;
            let w2 = w * w;
            let nonzero = u32::from(w != 0.0);
            'breakdowns: for (b, breakdown) in layout.breakdowns.iter().enumerate() {
                key.clear();
                key.push(b as u32);
                for &d in breakdown {
                    let id = domain_ids[d][row];
                    if id == 0 {
                        continue 'breakdowns;
                    }
                    key.push(id);
                }
                key.push(stratum_ids[row]);
                if layout.psu.is_some() {
                    key.push(psu_ids[row]);
                }
                // Rows of one cell tend to come together (files sorted by cluster).
                let cell = if last_keys[b] == key {
                    last_cells[b]
                } else {
                    let cell = self.cell(&key);
                    last_keys[b].clone_from(&key);
                    last_cells[b] = cell;
                    cell
                };
                let this = &mut self.cells;
                this.counts[0][cell] += 1;
                this.counts[1][cell] += nonzero;
                this.weight[cell].push(w);
                if layout.kept_squares {
                    this.sums[kept_squares_offset][cell].push(w2);
                }
                if layout.gram {
                    let mut at = gram_offset;
                    for (r, wr) in row_replicates.iter().enumerate() {
                        for ws in &row_replicates[r..] {
                            this.sums[at][cell].push(wr * ws);
                            at += 1;
                        }
                    }
                }
                if crossing {
                    basis.fill(None);
                }
                for (target, value) in values.iter().enumerate() {
                    let at = self.offsets[target];
                    if self.complement[target]
                        && let Values::One(y) = value
                    {
                        // The common case, kept short: a mean or total with linearization
                        // and PSUs. Rows with a value add `w·y` (and `w·y²` once a value
                        // other than 0 and 1 was seen); rows without one add to the
                        // complements of the counts and of `Σw`.
                        let this = &mut self.cells;
                        let Some(y) = y.get(row) else {
                            this.counts[2 + 2 * target][cell] += 1;
                            this.counts[3 + 2 * target][cell] += nonzero;
                            this.sums[at][cell].push(w);
                            continue;
                        };
                        if y == 0.0 {
                            continue;
                        }
                        if y != 1.0 && !self.squares[target] {
                            // Until now every value was 0 or 1, so `Σw·y²` = `Σw·y`.
                            self.squares[target] = true;
                            this.make_real(at + 2);
                        }
                        if y == 1.0 {
                            this.sums[at + 1][cell].push(w);
                            if self.squares[target] {
                                this.sums[at + 2][cell].push(w);
                            }
                        } else {
                            this.sums[at + 1][cell].push_product(w, y, 1.0);
                            this.sums[at + 2][cell].push_product(w, y, y);
                        }
                        continue;
                    }
                    // Each feature is a product `f = a·b`; sums keep `w·a·b` whole.
                    let features: [(f64, f64); 6];
                    let used: &[(f64, f64)] = match value {
                        Values::One(y) => {
                            let Some(y) = y.get(row) else { continue };
                            features = [
                                (1.0, 1.0),
                                (y, 1.0),
                                (y, y),
                                (0.0, 0.0),
                                (0.0, 0.0),
                                (0.0, 0.0),
                            ];
                            basis[target] = Some([1.0, y]);
                            &features[..3]
                        }
                        Values::Two(y, x) => {
                            let (Some(y), Some(x)) = (y.get(row), x.get(row)) else {
                                continue;
                            };
                            features = [(1.0, 1.0), (y, 1.0), (x, 1.0), (y, y), (x, x), (x, y)];
                            basis[target] = Some([y, x]);
                            &features
                        }
                        Values::Ids(ids) => {
                            let category = ids[row];
                            if category == 0 {
                                continue;
                            }
                            let index = self.category(cell, target, category);
                            let sums = &mut self.category_sums
                                [index * per_feature..(index + 1) * per_feature];
                            sums[0].push(w);
                            if second {
                                sums[1].push(w2);
                            }
                            for (r, wr) in row_replicates.iter().enumerate() {
                                sums[first_replicate + r].push(*wr);
                            }
                            features = [(1.0, 1.0); 6];
                            &features[..1]
                        }
                    };
                    let this = &mut self.cells;
                    this.counts[2 + 2 * target][cell] += 1;
                    this.counts[3 + 2 * target][cell] += nonzero;
                    let sums = &mut this.sums[at..at + used.len() * per_feature];
                    for (k, &(a, b)) in used.iter().enumerate() {
                        sums[k * per_feature][cell].push_product(w, a, b);
                        if second {
                            // w²·a·b: (w·a)·(w·b), each kept whole, is beyond what the
                            // moments need; w² is rounded once.
                            sums[k * per_feature + 1][cell].push_product(w2, a, b);
                        }
                        for (r, wr) in row_replicates.iter().enumerate() {
                            sums[k * per_feature + first_replicate + r][cell]
                                .push_product(*wr, a, b);
                        }
                    }
                }
                for (p, &(a, b)) in layout.cross_pairs.iter().enumerate() {
                    let (Some(x), Some(y)) = (basis[a], basis[b]) else {
                        continue;
                    };
                    let at = cross_offset + 4 * p;
                    for (k, xk) in x.iter().enumerate() {
                        for (l, yl) in y.iter().enumerate() {
                            self.cells.sums[at + 2 * k + l][cell].push_product(w2, *xk, *yl);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// A weight column as `f64` with NaN kept (a NaN weight is an error, not a missing value).
fn floats_with_nan(array: &arrow::array::ArrayRef) -> Result<Vec<Option<f64>>, SurveyError> {
    let floats = arrow::compute::cast(array, &arrow::datatypes::DataType::Float64)?;
    Ok(floats
        .as_primitive::<arrow::datatypes::Float64Type>()
        .iter()
        .map(|v| v.map(|x| if x.is_nan() { f64::INFINITY } else { x }))
        .collect())
}

/// Cells per chunk of a [`Chunked`] column.
const CHUNK: usize = 1 << 12;

/// A column that grows by chunks of [`CHUNK`] zeroed values: a new cell moves nothing
/// already written and leaves no doubling's slack. Chunks are full length; values past
/// the cells are zero.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chunked<T> {
    chunks: Vec<Vec<T>>,
}

impl<T: Copy + Default> Chunked<T> {
    /// Room for `CHUNK` more cells.
    fn grow(&mut self) {
        self.chunks.push(vec![T::default(); CHUNK]);
    }

    /// Every value, padding included.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.chunks.iter_mut().flatten()
    }
}

impl<T> std::ops::Index<usize> for Chunked<T> {
    type Output = T;
    #[inline]
    fn index(&self, i: usize) -> &T {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<T> std::ops::IndexMut<usize> for Chunked<T> {
    #[inline]
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<T> IntoIterator for Chunked<T> {
    type Item = T;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<T>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.chunks.into_iter().flatten()
    }
}

impl<T: Copy + Default> FromIterator<T> for Chunked<T> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        let mut column = Self::default();
        for (i, value) in values.into_iter().enumerate() {
            if i.is_multiple_of(CHUNK) {
                column.grow();
            }
            column[i] = value;
        }
        column
    }
}

/// Two distinct columns of `columns`, the first shared and the second mutable.
fn two<C>(columns: &mut [C], a: usize, b: usize) -> (&C, &mut C) {
    assert_ne!(a, b, "two distinct columns");
    if a < b {
        let (left, right) = columns.split_at_mut(b);
        (&left[a], &mut right[0])
    } else {
        let (left, right) = columns.split_at_mut(a);
        (&right[0], &mut left[b])
    }
}

/// The cells' sums and counts, slot by slot (`sums[slot][cell]`): a new cell costs no
/// allocation of its own, and a domain's sums of one target are one contiguous run.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    /// Per cell: breakdown, domain ids, stratum id and, with PSUs, PSU id.
    pub(crate) keys: Vec<Box<[u32]>>,
    /// Rows per cell fit 32 bits: a cell of more than four billion rows would need a
    /// file of more.
    pub(crate) counts: Vec<Chunked<u32>>,
    pub(crate) sums: Vec<Chunked<Dd>>,
    /// Sums not stored: each equals the one before it (a 0/1 target's `Σw·y²`, its `Σw·y`).
    pub(crate) virtual_sums: Vec<bool>,
    /// `Σw` of each cell's rows (what the complements of the short path are taken from).
    weight: Chunked<Dd>,
}

impl Columns {
    fn new(count_slots: usize, sum_slots: usize) -> Self {
        Self {
            keys: Vec::new(),
            counts: vec![Chunked::default(); count_slots],
            sums: vec![Chunked::default(); sum_slots],
            virtual_sums: vec![false; sum_slots],
            weight: Chunked::default(),
        }
    }

    /// Store virtual sum `slot` from now on, as a copy of the one before it.
    fn make_real(&mut self, slot: usize) {
        if self.virtual_sums[slot] {
            let (values, copy) = two(&mut self.sums, slot - 1, slot);
            copy.clone_from(values);
            self.virtual_sums[slot] = false;
        }
    }

    /// Sum `slot` of cell `cell` (a virtual one read from the slot before it).
    #[inline]
    pub(crate) fn sum(&self, slot: usize, cell: usize) -> Dd {
        let slot = if self.virtual_sums[slot] {
            slot - 1
        } else {
            slot
        };
        self.sums[slot][cell]
    }

    /// Number of cells.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Add an empty cell; its index.
    fn push(&mut self, key: Box<[u32]>) -> usize {
        let at = self.keys.len();
        if at.is_multiple_of(CHUNK) {
            for column in &mut self.counts {
                column.grow();
            }
            for (column, &virtual_sum) in self.sums.iter_mut().zip(&self.virtual_sums) {
                if !virtual_sum {
                    column.grow();
                }
            }
            self.weight.grow();
        }
        self.keys.push(key);
        at
    }

    /// The cells in the order `order` (each column rebuilt and the old one freed in turn).
    fn reorder(self, order: &[usize]) -> Self {
        let keys = order.iter().map(|&i| self.keys[i].clone()).collect();
        let counts = self
            .counts
            .into_iter()
            .map(|column| order.iter().map(|&i| column[i]).collect())
            .collect();
        let sums = self
            .sums
            .into_iter()
            .zip(&self.virtual_sums)
            .map(|(column, &virtual_sum)| {
                if virtual_sum {
                    Chunked::default()
                } else {
                    order.iter().map(|&i| column[i]).collect()
                }
            })
            .collect();
        Self {
            keys,
            counts,
            sums,
            virtual_sums: self.virtual_sums,
            weight: Chunked::default(),
        }
    }
}

/// Everything the pass found, with global ids and cells in key order.
#[derive(Debug)]
pub(crate) struct Accumulated {
    pub(crate) strata: KeyIndex,
    pub(crate) psus: KeyIndex,
    pub(crate) domains: Vec<KeyIndex>,
    pub(crate) categories: Vec<KeyIndex>,
    /// (stratum id, PSU id) and its checks.
    pub(crate) design: Vec<((u32, u32), DesignCell)>,
    pub(crate) cells: Columns,
    /// Per (cell index, target, category id): `Σw·[y = level]` (and `Σw²·[y = level]`).
    pub(crate) category_sums: FastMap<(usize, usize, u32), Vec<Dd>>,
    pub(crate) offsets: Vec<usize>,
}

impl Accumulated {
    #[expect(clippy::too_many_lines, reason = "the merge's steps, in order")]
    fn merge(layout: &Layout, partials: Vec<Partial>) -> Self {
        let (offsets, stride) = layout.offsets();
        let mut strata = KeyIndex::new();
        let mut psus = KeyIndex::new();
        let mut domains: Vec<KeyIndex> = layout
            .domain_columns
            .iter()
            .map(|_| KeyIndex::new())
            .collect();
        let mut categories: Vec<KeyIndex> =
            layout.targets.iter().map(|_| KeyIndex::new()).collect();
        let mut design: FastMap<(u32, u32), DesignCell> = FastMap::default();
        let mut merged = Columns::new(layout.count_stride(), stride);
        // A sum is virtual in the merge only if it is in every partition.
        let mut partials = partials;
        for (slot, merged_virtual) in merged.virtual_sums.iter_mut().enumerate() {
            *merged_virtual = partials.iter().all(|p| p.cells.virtual_sums[slot]);
            if !*merged_virtual {
                for partial in &mut partials {
                    partial.cells.make_real(slot);
                }
            }
        }
        let mut index: FastMap<Box<[u32]>, usize> = FastMap::default();
        let mut category_sums: FastMap<(usize, usize, u32), Vec<Dd>> = FastMap::default();
        for mut partial in partials {
            partial.finish();
            let stratum_map: Vec<u32> = partial.stratum.keys.iter().map(|k| strata.id(k)).collect();
            let psu_map: Vec<u32> = partial.psu.keys.iter().map(|k| psus.id(k)).collect();
            let domain_maps: Vec<Vec<u32>> = partial
                .domains
                .iter()
                .zip(&mut domains)
                .map(|(local, global)| local.keys.iter().map(|k| global.id(k)).collect())
                .collect();
            let category_maps: Vec<Vec<u32>> = partial
                .categories
                .iter()
                .zip(&mut categories)
                .map(|(local, global)| local.keys.iter().map(|k| global.id(k)).collect())
                .collect();
            for ((s, p), cell) in &partial.design {
                let key = (stratum_map[*s as usize], psu_map[*p as usize]);
                design.entry(key).or_default().merge(cell);
            }
            let translate = |local: &[u32]| -> Box<[u32]> {
                let breakdown = local[0] as usize;
                let mut key = Vec::with_capacity(local.len());
                key.push(local[0]);
                let domain_count = layout.breakdowns[breakdown].len();
                for (i, &d) in layout.breakdowns[breakdown].iter().enumerate() {
                    key.push(domain_maps[d][local[1 + i] as usize]);
                }
                key.push(stratum_map[local[1 + domain_count] as usize]);
                if layout.psu.is_some() {
                    key.push(psu_map[local[2 + domain_count] as usize]);
                }
                key.into_boxed_slice()
            };
            let mut cells = std::mem::take(&mut partial.cells);
            let targets: Vec<usize> = if merged.len() == 0 {
                // The first partition's cells become the merged ones as they are (its
                // keys are distinct, so they map one to one).
                let keys = std::mem::take(&mut cells.keys);
                merged.keys = keys.iter().map(|local| translate(local)).collect();
                for (at, key) in merged.keys.iter().enumerate() {
                    index.insert(key.clone(), at);
                }
                merged.counts = cells.counts;
                merged.sums = cells.sums;
                (0..keys.len()).collect()
            } else {
                // Where each of the partition's cells goes among the merged ones.
                let targets: Vec<usize> = cells
                    .keys
                    .iter()
                    .map(|local| {
                        let key = translate(local);
                        match index.entry(key) {
                            std::collections::hash_map::Entry::Occupied(entry) => *entry.get(),
                            std::collections::hash_map::Entry::Vacant(entry) => {
                                let at = merged.push(entry.key().clone());
                                entry.insert(at);
                                at
                            }
                        }
                    })
                    .collect();
                // Column by column, each partition column freed once added in.
                for (to, from) in merged.counts.iter_mut().zip(cells.counts) {
                    for (&at, value) in targets.iter().zip(from) {
                        to[at] += value;
                    }
                }
                for ((to, from), &virtual_sum) in merged
                    .sums
                    .iter_mut()
                    .zip(cells.sums)
                    .zip(&cells.virtual_sums)
                {
                    if virtual_sum {
                        continue;
                    }
                    for (&at, value) in targets.iter().zip(from) {
                        to[at] += value;
                    }
                }
                targets
            };
            let per_feature = layout.per_feature();
            for (i, &(cell, target, category)) in partial.category_keys.iter().enumerate() {
                let key = (
                    targets[cell as usize],
                    target as usize,
                    category_maps[target as usize][category as usize],
                );
                let entry = category_sums
                    .entry(key)
                    .or_insert_with(|| vec![Dd::default(); per_feature]);
                for (a, b) in entry
                    .iter_mut()
                    .zip(&partial.category_sums[i * per_feature..(i + 1) * per_feature])
                {
                    *a += *b;
                }
            }
        }
        drop(index);
        // Cells in key order: breakdown, domain values, stratum, PSU, by the rank of each
        // key in its own dictionary (the order of the values).
        let domain_ranks: Vec<Vec<u32>> = domains.iter().map(KeyIndex::ranks).collect();
        let stratum_ranks = strata.ranks();
        let psu_ranks = psus.ranks();
        let rank_of = |key: &[u32]| -> Vec<u32> {
            let breakdown = key[0] as usize;
            let mut ranks = Vec::with_capacity(key.len());
            ranks.push(key[0]);
            let domain_count = layout.breakdowns[breakdown].len();
            for (i, &d) in layout.breakdowns[breakdown].iter().enumerate() {
                ranks.push(domain_ranks[d][key[1 + i] as usize]);
            }
            ranks.push(stratum_ranks[key[1 + domain_count] as usize]);
            if layout.psu.is_some() {
                ranks.push(psu_ranks[key[2 + domain_count] as usize]);
            }
            ranks
        };
        let mut order: Vec<(Vec<u32>, usize)> = merged
            .keys
            .iter()
            .enumerate()
            .map(|(i, key)| (rank_of(key), i))
            .collect();
        order.sort_unstable();
        let order: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
        let mut position = vec![0; order.len()];
        for (at, &i) in order.iter().enumerate() {
            position[i] = at;
        }
        let cells = merged.reorder(&order);
        let category_sums = category_sums
            .into_iter()
            .map(|((cell, target, category), sums)| ((position[cell], target, category), sums))
            .collect();
        let mut design: Vec<((u32, u32), DesignCell)> = design.into_iter().collect();
        design.sort_unstable_by_key(|((st, p), _)| {
            (stratum_ranks[*st as usize], psu_ranks[*p as usize])
        });
        Self {
            strata,
            psus,
            domains,
            categories,
            design,
            cells,
            category_sums,
            offsets,
        }
    }
}

/// Run the projected plan, summing each partition on its own task, and merge.
pub(crate) async fn accumulate(
    frame: datafusion::prelude::DataFrame,
    layout: Layout,
) -> Result<Accumulated, SurveyError> {
    let layout = Arc::new(layout);
    let streams = frame.execute_stream_partitioned().await?;
    let mut tasks = Vec::with_capacity(streams.len());
    for mut stream in streams {
        let layout = Arc::clone(&layout);
        tasks.push(tokio::spawn(async move {
            let mut partial = Partial::new(layout);
            while let Some(batch) = stream.next().await {
                partial.add(&batch?)?;
            }
            Ok::<Partial, SurveyError>(partial)
        }));
    }
    let mut partials = Vec::with_capacity(tasks.len());
    for task in tasks {
        let partial = task.await.map_err(|e| {
            SurveyError::BadRequest(format!("internal error: a summing task failed: {e}"))
        })??;
        partials.push(partial);
    }
    Ok(Accumulated::merge(&layout, partials))
}
