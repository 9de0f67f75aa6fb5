//! The design options every command that estimates shares.

use tendik_survey::{Design, LonelyPsu, Replicates};

/// The sample design: weight, strata, first-stage clusters, FPC, lonely-PSU policy.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DesignArgs {
    /// Sampling weight column.
    #[arg(long, value_name = "COL")]
    pub(crate) weight: String,
    /// Stratum column.
    #[arg(long, value_name = "COL")]
    pub(crate) strata: Option<String>,
    /// First-stage cluster (PSU) column; PSUs are taken as nested in strata (each row its
    /// own PSU without one).
    #[arg(long, value_name = "COL")]
    pub(crate) psu: Option<String>,
    /// Finite population correction: PSUs in the stratum's population, or a sampling fraction.
    #[arg(long, value_name = "COL")]
    pub(crate) fpc: Option<String>,
    /// What to do with a stratum that has a single PSU (as R's survey.lonely.psu).
    #[arg(long, value_name = "POLICY", default_value = "fail", value_parser = parse_lonely)]
    pub(crate) lonely_psu: LonelyPsu,
}

fn parse_lonely(text: &str) -> Result<LonelyPsu, String> {
    text.parse()
}

impl DesignArgs {
    /// The design, with its replicates if any.
    pub(crate) fn design(&self, replicates: Option<Replicates>) -> Design {
        Design {
            weight: self.weight.clone(),
            strata: self.strata.clone(),
            psu: self.psu.clone(),
            fpc: self.fpc.clone(),
            lonely_psu: self.lonely_psu,
            replicates,
        }
    }
}

/// The domains every command that estimates shares: `--by` and more `--breakdown`s.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DomainArgs {
    /// Domains: estimate for each combination of these columns' values.
    #[arg(long, value_name = "COL[,COL…]", value_delimiter = ',')]
    pub(crate) by: Vec<String>,
    /// Another breakdown from the same pass over the data (repeatable): its rows follow
    /// those of --by (the whole population without --by), such as `--breakdown HH7
    /// --breakdown HH6 --breakdown HH7,HH6`. A table's domain columns are then those of
    /// every breakdown, empty where a row's breakdown lacks one.
    #[arg(long, value_name = "COL[,COL…]")]
    pub(crate) breakdown: Vec<String>,
}

impl DomainArgs {
    /// `--by` (possibly empty: the whole population), then each `--breakdown`.
    pub(crate) fn breakdowns(&self) -> Vec<Vec<String>> {
        let mut breakdowns = vec![self.by.clone()];
        breakdowns.extend(self.breakdown.iter().map(|text| {
            text.split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .collect()
        }));
        breakdowns
    }
}
