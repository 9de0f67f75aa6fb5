//! `tendik deprivation`: Alkire–Foster measures (H, A, M0, censored headcounts,
//! contributions) from 0/1 deprivation columns a user already has, as `mpitb est` does.

use std::path::PathBuf;

use tendik_measures::af::{self, AfRequest, Cutoff, Indicator};

use crate::estimate::{Format, load, render_labelled, to_csv, to_json, to_parquet};
use crate::hints::survey_error;
use crate::output::{CliError, check_output, print_stdout, write_output};

/// Arguments of `tendik deprivation`.
///
/// Example: `tendik deprivation children.csv --deprived water,sanitation,housing,nutrition
/// --k 1,2 --weight w --strata s --psu psu --breakdown region`
#[derive(Debug, clap::Args)]
pub(crate) struct DeprivationArgs {
    /// The data file (.csv, .parquet, .sav, .zsav, .dta), or `demo:NAME`.
    pub(crate) data: Option<PathBuf>,
    /// The sample design.
    #[command(flatten)]
    pub(crate) design: crate::design::DesignArgs,
    /// The 0/1 deprivation columns (1 deprived, 0 not, empty missing), each with an
    /// optional weight: `water,sanitation` (equal weights) or `water=2,sanitation=1`.
    /// Weights are normalised to add up to 1. A person with any of them missing is left
    /// out of every figure.
    #[arg(
        long,
        value_name = "COL[=WEIGHT][,…]",
        value_delimiter = ',',
        required = true
    )]
    pub(crate) deprived: Vec<String>,
    /// Poverty cut-offs: a number of deprivations (`2`, equal weights only, as MODA counts
    /// them) or a share of the weighted total (`33%`, as OPHI writes it).
    #[arg(long, value_name = "K[,K…]", value_delimiter = ',', required = true)]
    pub(crate) k: Vec<String>,
    /// Domains and breakdowns.
    #[command(flatten)]
    pub(crate) domains: crate::design::DomainArgs,
    /// Subpopulation: a SQL condition such as `"age" < 18`.
    #[arg(long = "where", value_name = "SQL_BOOLEAN")]
    pub(crate) filter: Option<String>,
    /// Confidence level of the intervals.
    #[arg(long, default_value_t = 0.95)]
    pub(crate) level: f64,
    /// How to read a CSV file.
    #[command(flatten)]
    pub(crate) read: crate::reading::ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

impl DeprivationArgs {
    fn request(&self) -> Result<AfRequest, CliError> {
        let mut indicators = Vec::with_capacity(self.deprived.len());
        for text in &self.deprived {
            let (column, weight) = match text.split_once('=') {
                Some((column, weight)) => {
                    let weight: f64 = weight.trim().parse().map_err(|_| {
                        CliError::new(format!(
                            "--deprived `{text}`: the weight `{weight}` is not a number"
                        ))
                        .with_hint("write COL=WEIGHT, such as --deprived water=2,sanitation=1")
                    })?;
                    (column.trim(), weight)
                }
                None => (text.trim(), 1.0),
            };
            indicators.push(Indicator {
                column: column.to_owned(),
                weight,
            });
        }
        let cutoffs = self
            .k
            .iter()
            .map(|text| {
                text.parse::<Cutoff>()
                    .map_err(|e| CliError::new(format!("--k {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut request = AfRequest::new(self.design.design(None), indicators, cutoffs);
        request.breakdowns = self.domains.breakdowns();
        request.filter.clone_from(&self.filter);
        request.level = self.level;
        if self.format == Format::Parquet && self.output.is_none() {
            return Err(CliError::new("--format parquet needs --output FILE"));
        }
        Ok(request)
    }
}

fn measure_error(
    error: &tendik_measures::MeasureError,
    data: &std::path::Path,
    codebook: &tendik_ingest::Codebook,
) -> CliError {
    match error {
        tendik_measures::MeasureError::Survey(error) => {
            crate::hints::with_text_hints(survey_error(error, data), error, codebook)
        }
        tendik_measures::MeasureError::BadRequest(message) => {
            CliError::new(message.replace("cut-off", "--k cut-off"))
        }
        other => CliError::new(other.to_string()),
    }
}

pub(crate) fn run(args: &DeprivationArgs) -> Result<(), CliError> {
    let request = args.request()?;
    let data_arg = crate::demo::required(args.data.as_deref())?;
    let path = crate::demo::resolve(data_arg)?;
    if let Some(output) = &args.output {
        check_output(output, &[&path])?;
    }
    let name = data_arg.display().to_string();
    let runtime = crate::output::runtime()?;
    let (results, warnings, codebook) = runtime.block_on(async {
        let (data, codebook) = load(&path, &name, args.read).await?;
        let (results, warnings) = af::alkire_foster(&data, &request)
            .await
            .map_err(|e| measure_error(&e, data_arg, &codebook))?;
        Ok::<_, CliError>((results, warnings, codebook))
    })?;
    let mut said = std::collections::HashSet::new();
    for warning in &warnings {
        if said.insert(warning) {
            crate::output::warn(warning);
        }
    }
    let breakdowns = af::effective_breakdowns(&request);
    let bytes = match args.format {
        Format::Table => {
            let labels: Vec<[String; 3]> = results
                .iter()
                .map(|r| {
                    [
                        r.measure.name().to_owned(),
                        r.k.label(),
                        r.indicator.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            let estimates: Vec<_> = results.iter().map(|r| r.estimate.clone()).collect();
            render_labelled(
                &breakdowns,
                &estimates,
                ["measure", "k", "indicator"],
                &labels,
                &codebook,
                request.level,
            )
            .into_bytes()
        }
        format => {
            let table = af::to_record_batch(&breakdowns, &results)?;
            match format {
                Format::Csv => to_csv(&table)?,
                Format::Json => to_json(&table)?,
                _ => to_parquet(&table)?,
            }
        }
    };
    match &args.output {
        Some(output) => write_output(output, &bytes, &[&path]),
        None => print_stdout(&bytes),
    }
}
