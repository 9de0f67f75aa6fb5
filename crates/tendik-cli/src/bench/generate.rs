//! A synthetic stratified cluster sample, generated deterministically from a seed.
//!
//! The design: 9 regions × urban/rural = 18 strata; clusters (PSUs) of about 100 persons,
//! allocated unequally to strata; a weight per PSU that varies by stratum and a little by
//! PSU; a latent welfare score built from region, urban/rural, cluster and person effects;
//! a welfare quintile; and six binary indicators whose log-odds depend on welfare and on a
//! cluster effect of their own. No value is missing, so that R's fastest way, one
//! `svyby(~y1 + … + y6, …)`, gives the same figures as one call per indicator.
//!
//! The sample is generated once into columns and written twice, as CSV and as Parquet,
//! so that both files hold exactly the same values. The random numbers come from
//! `SplitMix64`, written out here so that the file for a given seed does not change when a
//! dependency changes its streams.

use std::io::{self, Write};
use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, Int64Array, RecordBatch};
use arrow::datatypes::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

/// Number of regions; each has an urban and a rural stratum.
pub(crate) const REGIONS: u32 = 9;
/// Number of strata: regions × {urban, rural}.
pub(crate) const STRATA: u32 = REGIONS * 2;
/// Number of welfare quintiles.
pub(crate) const QUINTILES: u32 = 5;
/// Number of binary indicators `y1`..`y6`.
pub(crate) const INDICATORS: usize = 6;
/// Smallest sample accepted: every stratum needs at least two PSUs of a useful size.
pub(crate) const MIN_PERSONS: u64 = 1_000;
/// The header line of the generated CSV file.
pub(crate) const HEADER: &str = "region,urban,stratum,psu,weight,quintile,y1,y2,y3,y4,y5,y6\n";
/// Rows per Parquet row group: several row groups, so that a scan can use every core.
pub(crate) const PARQUET_ROW_GROUP: usize = 1 << 17;

/// Average number of persons per PSU.
const MEAN_CLUSTER_SIZE: u64 = 100;
/// Standard deviation of the cluster effect on welfare.
const CLUSTER_WELFARE_SD: f64 = 0.5;
/// Standard deviation of each indicator's own cluster effect on the log-odds.
const CLUSTER_INDICATOR_SD: f64 = 0.5;
/// Standard deviation of the noise between welfare and its measured quintile.
const QUINTILE_NOISE_SD: f64 = 0.3;
/// Intercepts and welfare slopes of the indicators' log-odds.
const INTERCEPTS: [f64; INDICATORS] = [-1.0, -0.5, 0.0, 0.5, 1.0, -1.5];
const SLOPES: [f64; INDICATORS] = [0.8, -0.6, 0.5, 0.3, -0.9, 1.0];
/// Where a bytes buffer is flushed to the writer.
const FLUSH_AT: usize = 1 << 20;

/// The generated sample, one vector per column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sample {
    pub(crate) psus: u64,
    region: Vec<u8>,
    /// 1 = urban, 2 = rural.
    urban: Vec<u8>,
    stratum: Vec<u8>,
    psu: Vec<u32>,
    /// The weight in thousandths: the CSV writes it with three decimals, and the Parquet
    /// file holds `milli / 1000`, the same double as the CSV's text parses to.
    weight_milli: Vec<u64>,
    quintile: Vec<u8>,
    indicators: [Vec<u8>; INDICATORS],
}

impl Sample {
    pub(crate) fn persons(&self) -> usize {
        self.region.len()
    }
}

/// `SplitMix64` (Steele, Lea and Flood 2014): small, fast, and fixed forever.
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform on [0, 1), with 53 random bits.
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1_u64 << 53) as f64)
    }

    /// Standard normal by Box–Muller (the sine half is discarded).
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform(); // (0, 1]: the logarithm stays finite
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// One stratum's fixed traits.
struct Stratum {
    id: u32,
    region: u32,
    /// 1 = urban, 2 = rural.
    urban: u32,
    /// Relative share of the sample's PSUs.
    allocation: f64,
    /// Weight before the PSU factor.
    base_weight: f64,
    /// Mean welfare of the stratum.
    welfare: f64,
}

fn strata() -> Vec<Stratum> {
    (1..=STRATA)
        .map(|id| {
            let region = (id - 1) / 2 + 1;
            let urban = (id - 1) % 2 + 1;
            let is_urban = urban == 1;
            // Unequal allocation and unequal population sizes, so weights differ by stratum.
            let allocation =
                1.0 + f64::from((region * 7) % 5) * 0.25 + if is_urban { 0.0 } else { 0.3 };
            let population =
                1.0 + f64::from((region * 3) % 4) * 0.5 + if is_urban { 0.2 } else { 0.9 };
            let base_weight = 150.0 * population / allocation;
            let welfare = (f64::from(region) - 5.0) * 0.15 + if is_urban { 0.4 } else { -0.4 };
            Stratum {
                id,
                region,
                urban,
                allocation,
                base_weight,
                welfare,
            }
        })
        .collect()
}

/// PSUs per stratum: proportional to the allocation, at least two each.
fn allocate_psus(strata: &[Stratum], persons: u64) -> Vec<u64> {
    let total_psus = (persons / MEAN_CLUSTER_SIZE).max(2 * u64::from(STRATA));
    let total_allocation: f64 = strata.iter().map(|s| s.allocation).sum();
    let mut counts: Vec<u64> = strata
        .iter()
        .map(|s| ((total_psus as f64 * s.allocation / total_allocation).floor() as u64).max(2))
        .collect();
    // The floors leave fewer than one PSU per stratum over: one more each, from the first.
    let shortfall = total_psus.saturating_sub(counts.iter().sum());
    let strata_count = counts.len() as u64;
    for (index, count) in (0_u64..).zip(counts.iter_mut()) {
        *count += shortfall / strata_count + u64::from(index < shortfall % strata_count);
    }
    counts
}

/// Persons per PSU: an equal split, then pairs of PSUs trade up to a quarter of their size.
fn cluster_sizes(psus: u64, persons: u64, rng: &mut SplitMix64) -> Vec<u64> {
    let base = persons / psus;
    let remainder = persons % psus;
    let mut sizes: Vec<u64> = (0..psus).map(|j| base + u64::from(j < remainder)).collect();
    for pair in sizes.chunks_exact_mut(2) {
        let shift = (rng.uniform() * (base / 4) as f64) as u64;
        pair[0] += shift;
        pair[1] -= shift;
    }
    sizes
}

/// Cut points of the quintiles of welfare: standard normal quintiles times the overall
/// standard deviation (stratum, cluster, person and measurement variance).
fn quintile_cuts() -> [f64; QUINTILES as usize - 1] {
    let sd = (0.25 + CLUSTER_WELFARE_SD.powi(2) + 1.0 + QUINTILE_NOISE_SD.powi(2)).sqrt();
    [-0.841_621_2, -0.253_347_1, 0.253_347_1, 0.841_621_2].map(|z| z * sd)
}

fn push_uint(buffer: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0_u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    buffer.extend_from_slice(&digits[start..]);
}

/// A positive number given in thousandths, written with three decimals.
fn push_milli(buffer: &mut Vec<u8>, milli: u64) {
    push_uint(buffer, milli / 1000);
    let fraction = milli % 1000;
    buffer.extend_from_slice(&[
        b'.',
        b'0' + (fraction / 100) as u8,
        b'0' + (fraction / 10 % 10) as u8,
        b'0' + (fraction % 10) as u8,
    ]);
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Generate the sample for `persons` and `seed`.
pub(crate) fn generate(persons: u64, seed: u64) -> Sample {
    let mut rng = SplitMix64::new(seed);
    let strata = strata();
    let psus_per_stratum = allocate_psus(&strata, persons);
    let total_psus: u64 = psus_per_stratum.iter().sum();
    let sizes = cluster_sizes(total_psus, persons, &mut rng);
    let cuts = quintile_cuts();

    let capacity = persons as usize;
    let mut sample = Sample {
        psus: total_psus,
        region: Vec::with_capacity(capacity),
        urban: Vec::with_capacity(capacity),
        stratum: Vec::with_capacity(capacity),
        psu: Vec::with_capacity(capacity),
        weight_milli: Vec::with_capacity(capacity),
        quintile: Vec::with_capacity(capacity),
        indicators: std::array::from_fn(|_| Vec::with_capacity(capacity)),
    };
    let mut psu: u32 = 0;
    for (stratum, &psu_count) in strata.iter().zip(&psus_per_stratum) {
        for _ in 0..psu_count {
            let size = sizes[psu as usize];
            psu += 1;
            let weight = stratum.base_weight * (0.15 * rng.normal()).exp();
            let weight_milli = (weight * 1000.0).round() as u64;
            let cluster_welfare = stratum.welfare + CLUSTER_WELFARE_SD * rng.normal();
            let cluster_effects: [f64; INDICATORS] =
                std::array::from_fn(|_| CLUSTER_INDICATOR_SD * rng.normal());
            for _ in 0..size {
                let welfare = cluster_welfare + rng.normal();
                let measured = welfare + QUINTILE_NOISE_SD * rng.normal();
                let quintile = 1 + cuts.iter().filter(|&&cut| measured > cut).count();
                sample.region.push(stratum.region as u8);
                sample.urban.push(stratum.urban as u8);
                sample.stratum.push(stratum.id as u8);
                sample.psu.push(psu);
                sample.weight_milli.push(weight_milli);
                sample.quintile.push(quintile as u8);
                for (k, column) in sample.indicators.iter_mut().enumerate() {
                    let probability =
                        logistic(INTERCEPTS[k] + SLOPES[k] * welfare + cluster_effects[k]);
                    column.push(u8::from(rng.uniform() < probability));
                }
            }
        }
    }
    sample
}

/// Write the sample as CSV to `out`; returns the bytes written.
pub(crate) fn write_csv(sample: &Sample, out: &mut impl Write) -> io::Result<u64> {
    let mut buffer = Vec::with_capacity(FLUSH_AT + 256);
    let mut bytes = 0_u64;
    buffer.extend_from_slice(HEADER.as_bytes());
    for row in 0..sample.persons() {
        for value in [sample.region[row], sample.urban[row], sample.stratum[row]] {
            push_uint(&mut buffer, u64::from(value));
            buffer.push(b',');
        }
        push_uint(&mut buffer, u64::from(sample.psu[row]));
        buffer.push(b',');
        push_milli(&mut buffer, sample.weight_milli[row]);
        buffer.push(b',');
        buffer.push(b'0' + sample.quintile[row]);
        for column in &sample.indicators {
            buffer.push(b',');
            buffer.push(b'0' + column[row]);
        }
        buffer.push(b'\n');
        if buffer.len() >= FLUSH_AT {
            out.write_all(&buffer)?;
            bytes += buffer.len() as u64;
            buffer.clear();
        }
    }
    out.write_all(&buffer)?;
    bytes += buffer.len() as u64;
    out.flush()?;
    Ok(bytes)
}

/// The sample as one Arrow batch: integer columns as `Int64` and the weight as `Float64`,
/// the types tendik's CSV reader gives the same columns.
fn to_batch(sample: &Sample) -> Result<RecordBatch, arrow::error::ArrowError> {
    let integers = |values: &mut dyn Iterator<Item = i64>| -> ArrayRef {
        Arc::new(values.collect::<Int64Array>())
    };
    let mut fields = Vec::new();
    let mut columns = Vec::new();
    let mut push = |name: String, data_type: DataType, array: ArrayRef| {
        fields.push(Field::new(name, data_type, false));
        columns.push(array);
    };
    for (name, values) in [
        ("region", &sample.region),
        ("urban", &sample.urban),
        ("stratum", &sample.stratum),
    ] {
        push(
            name.to_owned(),
            DataType::Int64,
            integers(&mut values.iter().map(|&v| i64::from(v))),
        );
    }
    push(
        "psu".to_owned(),
        DataType::Int64,
        integers(&mut sample.psu.iter().map(|&v| i64::from(v))),
    );
    push(
        "weight".to_owned(),
        DataType::Float64,
        Arc::new(
            sample
                .weight_milli
                .iter()
                .map(|&milli| milli as f64 / 1000.0)
                .collect::<Float64Array>(),
        ),
    );
    push(
        "quintile".to_owned(),
        DataType::Int64,
        integers(&mut sample.quintile.iter().map(|&v| i64::from(v))),
    );
    for (k, values) in sample.indicators.iter().enumerate() {
        push(
            format!("y{}", k + 1),
            DataType::Int64,
            integers(&mut values.iter().map(|&v| i64::from(v))),
        );
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

/// Write the sample as Parquet (Snappy, row groups of [`PARQUET_ROW_GROUP`] rows) to
/// `out`; returns the bytes written.
pub(crate) fn write_parquet<W: Write + Send>(
    sample: &Sample,
    out: W,
) -> Result<u64, parquet::errors::ParquetError> {
    let batch = to_batch(sample)?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(PARQUET_ROW_GROUP))
        .set_created_by("tendik bench".to_owned())
        .build();
    let mut writer = ArrowWriter::try_new(out, batch.schema(), Some(properties))?;
    writer.write(&batch)?;
    writer.finish()?;
    writer.sync()?;
    Ok(writer.bytes_written() as u64)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use super::*;

    fn sample(persons: u64, seed: u64) -> Vec<u8> {
        let generated = generate(persons, seed);
        assert_eq!(generated.persons() as u64, persons);
        let mut bytes = Vec::new();
        let written = write_csv(&generated, &mut bytes).expect("writing to memory cannot fail");
        assert_eq!(written, bytes.len() as u64);
        bytes
    }

    #[test]
    fn same_seed_gives_the_same_file_and_another_seed_another() {
        assert_eq!(sample(5_000, 7), sample(5_000, 7));
        assert_ne!(sample(5_000, 7), sample(5_000, 8));
    }

    #[test]
    fn sample_has_the_promised_shape() {
        let persons = 20_000;
        let bytes = sample(persons, 1);
        let text = std::str::from_utf8(&bytes).expect("the generator writes ASCII");
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(HEADER.trim_end()));

        let mut rows = 0_u64;
        let mut ones = [0_u64; INDICATORS];
        let mut strata_seen = BTreeSet::new();
        let mut psu_traits: HashMap<u64, (u32, String)> = HashMap::new();
        let mut domains = BTreeSet::new();
        for line in lines {
            rows += 1;
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), 12, "row {rows}: {line}");
            let number = |i: usize| fields[i].parse::<u32>().expect("an integer column");
            let (region, urban, stratum) = (number(0), number(1), number(2));
            assert!((1..=REGIONS).contains(&region));
            assert!((1..=2).contains(&urban));
            assert_eq!(stratum, (region - 1) * 2 + urban);
            strata_seen.insert(stratum);
            let psu: u64 = fields[3].parse().expect("an integer PSU");
            let weight: f64 = fields[4].parse().expect("a numeric weight");
            assert!(weight > 0.0);
            // A PSU lies in one stratum and has one weight.
            let traits = psu_traits
                .entry(psu)
                .or_insert_with(|| (stratum, fields[4].to_owned()));
            assert_eq!(*traits, (stratum, fields[4].to_owned()), "PSU {psu}");
            let quintile = number(5);
            assert!((1..=QUINTILES).contains(&quintile));
            domains.insert((region, urban, quintile));
            for k in 0..INDICATORS {
                match fields[6 + k] {
                    "1" => ones[k] += 1,
                    "0" => {}
                    other => panic!("y{} is {other:?}", k + 1),
                }
            }
        }
        assert_eq!(rows, persons);
        assert_eq!(strata_seen.len(), STRATA as usize);
        assert_eq!(psu_traits.len(), 200);
        assert_eq!(domains.len(), (REGIONS * 2 * QUINTILES) as usize);
        for (k, &count) in ones.iter().enumerate() {
            let one_share = count as f64 / rows as f64;
            assert!((0.1..0.9).contains(&one_share), "y{}: {one_share}", k + 1);
        }
    }

    #[test]
    fn small_samples_still_have_two_psus_per_stratum() {
        let strata = strata();
        let counts = allocate_psus(&strata, MIN_PERSONS);
        assert!(counts.iter().all(|&c| c >= 2));
        assert_eq!(counts.iter().sum::<u64>(), 2 * u64::from(STRATA));
    }

    #[test]
    fn weights_have_three_decimals() {
        let mut buffer = Vec::new();
        push_milli(&mut buffer, 123_046);
        buffer.push(b' ');
        push_milli(&mut buffer, 500);
        buffer.push(b' ');
        push_uint(&mut buffer, 0);
        assert_eq!(buffer, b"123.046 0.500 0");
    }

    #[test]
    fn parquet_holds_the_csv_values() {
        use arrow::array::AsArray;
        use arrow::datatypes::{Float64Type, Int64Type};
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

        let generated = generate(3_000, 3);
        let mut file = tempfile::tempfile().expect("a temporary file");
        let written = write_parquet(&generated, &mut file).expect("writing a temporary file");
        assert_eq!(written, file.metadata().expect("metadata").len());
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .expect("a Parquet file")
            .with_batch_size(10_000)
            .build()
            .expect("a reader");
        let batches: Vec<RecordBatch> = reader.map(|b| b.expect("a batch")).collect();
        let batch =
            arrow::compute::concat_batches(&batches[0].schema(), &batches).expect("one schema");
        assert_eq!(batch.num_rows(), 3_000);
        let mut csv = Vec::new();
        write_csv(&generated, &mut csv).expect("writing to memory");
        let text = String::from_utf8(csv).expect("ASCII");
        for (row, line) in text.lines().skip(1).enumerate() {
            let fields: Vec<&str> = line.split(',').collect();
            for (c, field) in fields.iter().enumerate() {
                let column = batch.column(c);
                if c == 4 {
                    let weight: f64 = field.parse().expect("a number");
                    let stored = column.as_primitive::<Float64Type>().value(row);
                    assert_eq!(stored.to_bits(), weight.to_bits(), "row {row}");
                } else {
                    let value: i64 = field.parse().expect("an integer");
                    assert_eq!(column.as_primitive::<Int64Type>().value(row), value);
                }
            }
        }
    }
}
