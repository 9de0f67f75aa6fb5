//! Replicate weights on the command line: the `--repweights`/`--replicate` options of
//! `tendik estimate`, and `tendik replicate`, which writes a design's replicate weights.

use std::path::PathBuf;

use tendik_survey::{Conversion, ReplicateSource, ReplicateType, Replicates};

use crate::output::CliError;

/// How to make replicate weights from strata and PSUs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ConvertKind {
    /// Delete-one-PSU jackknife of an unstratified design (R's JK1).
    Jk1,
    /// Stratified delete-one-PSU jackknife (R's `JKn`).
    Jkn,
    /// Rao–Wu rescaling bootstrap (R's subbootstrap), with --replicates and --seed.
    Bootstrap,
}

/// Kinds of replicate-weight columns, as R's `svrepdesign(type = …)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RepType {
    /// Unstratified jackknife: scale (R−1)/R unless --rep-scale.
    Jk1,
    /// Stratified jackknife: needs --rep-rscales.
    Jkn,
    /// Balanced repeated replication: scale 1/R.
    Brr,
    /// Fay's BRR: needs --fay-rho; scale 1/(R(1−ρ)²).
    Fay,
    /// Bootstrap: scale 1/(R−1) unless --rep-scale.
    Bootstrap,
    /// Any other: scale and rscales 1 unless given.
    Other,
}

/// Options of replicate-weight designs.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ReplicateArgs {
    /// Columns of full replicate weights, COL,COL… or 'PREFIX*' (every column whose name
    /// starts with PREFIX, in file order); the variance then comes from the replicates.
    #[arg(long, value_name = "COL[,COL…]", value_delimiter = ',')]
    pub(crate) repweights: Vec<String>,
    /// The kind of the --repweights columns (as R's svrepdesign type).
    #[arg(long, value_enum, value_name = "TYPE")]
    pub(crate) rep_type: Option<RepType>,
    /// Fay's factor ρ, for --rep-type fay.
    #[arg(long, value_name = "RHO")]
    pub(crate) fay_rho: Option<f64>,
    /// Overall scale of the replicate variance (the type's default when absent).
    #[arg(long, value_name = "SCALE")]
    pub(crate) rep_scale: Option<f64>,
    /// Per-replicate scales: numbers separated by commas, or a file of numbers.
    #[arg(long, value_name = "LIST|FILE")]
    pub(crate) rep_rscales: Option<String>,
    /// Centre the replicate variance on the full-sample estimate (R's mse = TRUE).
    #[arg(long)]
    pub(crate) mse: bool,
    /// Make replicate weights from --strata/--psu/--fpc, as R's as.svrepdesign.
    #[arg(long, value_enum, value_name = "KIND", conflicts_with = "repweights")]
    pub(crate) replicate: Option<ConvertKind>,
    /// Number of bootstrap replicates.
    #[arg(long, default_value_t = 500, value_name = "R")]
    pub(crate) replicates: usize,
    /// Seed of the bootstrap's random stream.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub(crate) seed: u64,
}

/// Numbers from `--rep-rscales`: a comma list, or the path of a file of numbers.
fn rscales(text: &str) -> Result<Vec<f64>, CliError> {
    let parse = |content: &str| -> Option<Vec<f64>> {
        content
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().ok())
            .collect()
    };
    if let Some(values) = parse(text) {
        return Ok(values);
    }
    let path = PathBuf::from(text);
    let content = std::fs::read_to_string(&path).map_err(|e| {
        CliError::new(format!("--rep-rscales `{text}` is neither numbers nor a readable file: {e}"))
            .with_hint("give numbers separated by commas, such as --rep-rscales 0.5,0.5,0.667, or a file with one number per line")
    })?;
    parse(&content).ok_or_else(|| {
        CliError::new(format!("{}: not a list of numbers", path.display()))
            .with_hint("write one number per line (or separate them with commas)")
    })
}

impl ReplicateArgs {
    /// The replicate design asked for, if any.
    pub(crate) fn replicates(&self) -> Result<Option<Replicates>, CliError> {
        let source = if !self.repweights.is_empty() {
            let kind = match self.rep_type {
                Some(RepType::Jk1) => ReplicateType::Jk1,
                Some(RepType::Jkn) => ReplicateType::Jkn,
                Some(RepType::Brr) => ReplicateType::Brr,
                Some(RepType::Fay) => ReplicateType::Fay,
                Some(RepType::Bootstrap) => ReplicateType::Bootstrap,
                Some(RepType::Other) => ReplicateType::Other,
                None => {
                    return Err(CliError::new("--repweights needs --rep-type").with_hint(
                        "say how the replicates were made: jk1, jkn, brr, fay, bootstrap or other (as R's svrepdesign type)",
                    ));
                }
            };
            ReplicateSource::Columns {
                columns: self.repweights.clone(),
                kind,
            }
        } else if let Some(kind) = self.replicate {
            ReplicateSource::Convert(match kind {
                ConvertKind::Jk1 => Conversion::Jk1,
                ConvertKind::Jkn => Conversion::Jkn,
                ConvertKind::Bootstrap => Conversion::Bootstrap {
                    replicates: self.replicates,
                    seed: self.seed,
                },
            })
        } else {
            if self.rep_type.is_some() || self.rep_scale.is_some() || self.rep_rscales.is_some() {
                return Err(CliError::new("--rep-type, --rep-scale and --rep-rscales describe replicate weights")
                    .with_hint("name the replicate weight columns with --repweights, or make them with --replicate jkn|jk1|bootstrap"));
            }
            return Ok(None);
        };
        Ok(Some(Replicates {
            source,
            scale: self.rep_scale,
            rscales: self.rep_rscales.as_deref().map(rscales).transpose()?,
            fay_rho: self.fay_rho,
            mse: self.mse,
        }))
    }
}

/// Output formats of `tendik replicate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum WeightsFormat {
    /// Apache Parquet; the scales go into the file's metadata (`tendik:replicates`).
    Parquet,
    /// Comma-separated values; the scales go into `FILE.replicates.json` beside it.
    Csv,
}

/// Arguments of `tendik replicate`.
///
/// Example: `tendik replicate survey.csv --weight w --strata s --psu psu --replicate jkn
/// --output survey_jkn.parquet`
#[derive(Debug, clap::Args)]
pub(crate) struct ReplicateCommand {
    /// The data file (.csv, .parquet, .sav, .zsav, .dta), or `demo:NAME`.
    pub(crate) data: Option<PathBuf>,
    /// The sample design.
    #[command(flatten)]
    pub(crate) design: crate::design::DesignArgs,
    /// How to read a CSV file.
    #[command(flatten)]
    pub(crate) read: crate::reading::ReadArgs,
    /// How to make the replicates.
    #[arg(long, value_enum, value_name = "KIND")]
    pub(crate) replicate: ConvertKind,
    /// Number of bootstrap replicates.
    #[arg(long, default_value_t = 500, value_name = "R")]
    pub(crate) replicates: usize,
    /// Seed of the bootstrap's random stream.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub(crate) seed: u64,
    /// Record that the variance is centred on the full-sample estimate (R's mse = TRUE).
    #[arg(long)]
    pub(crate) mse: bool,
    /// The file to write: the data's columns, then repw1…repwR.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = WeightsFormat::Parquet)]
    pub(crate) format: WeightsFormat,
}

/// `tendik replicate`: write a design's replicate weights beside its data.
pub(crate) fn run(args: &ReplicateCommand) -> Result<(), CliError> {
    use std::sync::Arc;

    use arrow::array::{ArrayRef, Float64Array, RecordBatch};
    use arrow::datatypes::{DataType, Field, Schema};

    let data_arg = crate::demo::required(args.data.as_deref())?;
    let path = crate::demo::resolve(data_arg)?;
    crate::output::check_output(&args.output, &[&path])?;
    let dataset = args.read.read(&path)?;
    let batches = dataset
        .batches_with_missing_as_null()
        .map_err(|e| crate::hints::ingest_error(&e))?;
    let name = data_arg.display().to_string();
    let data =
        tendik_survey::SurveyData::from_batches(&name, dataset.schema.clone(), batches.clone())
            .map_err(|e| crate::hints::survey_error(&e, data_arg))?;
    let design = args.design.design(None);
    let conversion = match args.replicate {
        ConvertKind::Jk1 => Conversion::Jk1,
        ConvertKind::Jkn => Conversion::Jkn,
        ConvertKind::Bootstrap => Conversion::Bootstrap {
            replicates: args.replicates,
            seed: args.seed,
        },
    };
    let runtime = crate::output::runtime()?;
    let weights = runtime
        .block_on(tendik_survey::replicate_weights(
            &data, &design, conversion, args.mse,
        ))
        .map_err(|e| crate::hints::survey_error(&e, data_arg))?;
    let kind = match args.replicate {
        ConvertKind::Jk1 => "jk1",
        ConvertKind::Jkn => "jkn",
        ConvertKind::Bootstrap => "bootstrap",
    };
    let scales = serde_json::json!({
        "type": kind,
        "replicates": weights.columns.len(),
        "scale": weights.scale,
        "rscales": weights.rscales,
        "mse": weights.mse,
        "columns": (1..=weights.columns.len()).map(|r| format!("repw{r}")).collect::<Vec<_>>(),
        "estimate": format!(
            "tendik estimate {} --weight {} --repweights 'repw*' --rep-type other --rep-scale {} --rep-rscales {}.rscales{}",
            args.output.display(),
            args.design.weight,
            weights.scale,
            args.output.display(),
            if weights.mse { " --mse" } else { "" }
        ),
    });
    // The data's columns, then one per replicate, batch by batch.
    let mut fields: Vec<Arc<Field>> = dataset.schema.fields().iter().cloned().collect();
    for r in 1..=weights.columns.len() {
        fields.push(Arc::new(Field::new(
            format!("repw{r}"),
            DataType::Float64,
            false,
        )));
    }
    let mut metadata = dataset.schema.metadata().clone();
    metadata.insert("tendik:replicates".to_owned(), scales.to_string());
    let schema = Arc::new(Schema::new_with_metadata(fields, metadata));
    let mut out = Vec::with_capacity(batches.len());
    let mut start = 0;
    for batch in dataset.batches {
        let rows = batch.num_rows();
        let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
        for column in &weights.columns {
            columns.push(Arc::new(Float64Array::from(
                column[start..start + rows].to_vec(),
            )));
        }
        start += rows;
        out.push(RecordBatch::try_new(schema.clone(), columns)?);
    }
    let bytes = match args.format {
        WeightsFormat::Parquet => {
            let mut bytes = Vec::new();
            let mut writer =
                parquet::arrow::ArrowWriter::try_new(&mut bytes, schema.clone(), None)?;
            for batch in &out {
                writer.write(batch)?;
            }
            writer.close()?;
            bytes
        }
        WeightsFormat::Csv => {
            let mut bytes = Vec::new();
            {
                let mut writer = arrow::csv::WriterBuilder::new()
                    .with_header(true)
                    .build(&mut bytes);
                for batch in &out {
                    writer.write(batch)?;
                }
            }
            bytes
        }
    };
    let rscales_text: String = weights
        .rscales
        .iter()
        .map(|r| r.to_string() + "\n")
        .collect();
    let mut side = args.output.clone().into_os_string();
    side.push(".rscales");
    // Everything is made before anything is written.
    crate::output::write_output(&PathBuf::from(&side), rscales_text.as_bytes(), &[&path])?;
    if args.format == WeightsFormat::Csv {
        let mut json = args.output.clone().into_os_string();
        json.push(".replicates.json");
        crate::output::write_output(
            &PathBuf::from(json),
            format!("{scales}\n").as_bytes(),
            &[&path],
        )?;
    }
    crate::output::write_output(&args.output, &bytes, &[&path])?;
    crate::output::note(&format!(
        "wrote {} replicate weights (scale {}) to {}; estimate with: {}",
        weights.columns.len(),
        weights.scale,
        args.output.display(),
        scales["estimate"].as_str().unwrap_or_default()
    ));
    Ok(())
}
