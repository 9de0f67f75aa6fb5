//! Where the rows come from: any DataFusion `DataFrame` (a CSV or Parquet file read with
//! column projection, an in-memory table from the SPSS and Stata readers, a joined table a
//! plan builds), with a name for messages.

use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use datafusion::datasource::MemTable;
use datafusion::prelude::{DataFrame, ParquetReadOptions, SessionConfig, SessionContext};

use crate::error::SurveyError;

/// A session configured as the engine expects: column names kept as written (no
/// lower-casing of unquoted names in SQL).
#[must_use]
pub fn session() -> SessionContext {
    session_with_partitions(None)
}

/// [`session`] with a given number of target partitions (threads of the scan).
#[must_use]
pub fn session_with_partitions(partitions: Option<usize>) -> SessionContext {
    let mut config =
        SessionConfig::new().set_bool("datafusion.sql_parser.enable_ident_normalization", false);
    if let Some(partitions) = partitions {
        config = config.with_target_partitions(partitions.max(1));
    }
    SessionContext::new_with_config(config)
}

/// The same plan, run so that its partitions, read one after the other, give the rows in
/// the source's order: one target partition, no repartitioning. For the scans that need
/// file order (the row of a bad value, replicate weights written row by row, rows
/// numbered as PSUs); the estimation pass itself does not depend on order.
#[must_use]
pub(crate) fn in_file_order(frame: DataFrame) -> DataFrame {
    let (state, plan) = frame.into_parts();
    let mut config = state.config().clone();
    config = config
        .with_target_partitions(1)
        .with_repartition_file_scans(false)
        .with_round_robin_repartition(false)
        .with_repartition_aggregations(false)
        .with_repartition_windows(false);
    let state = datafusion::execution::SessionStateBuilder::new_from_existing(state)
        .with_config(config)
        .build();
    DataFrame::new(state, plan)
}

/// Microdata to estimate from: a logical plan over the rows, and a name for messages.
#[derive(Debug, Clone)]
pub struct SurveyData {
    /// The file name (or another name for the rows), used in messages.
    pub name: String,
    /// The rows, with user-defined missing values already null.
    pub frame: DataFrame,
}

impl SurveyData {
    /// Rows already read into memory (the SPSS, Stata and CSV readers), split into
    /// contiguous partitions for the session's threads, in file order.
    pub fn from_batches(
        name: impl Into<String>,
        schema: SchemaRef,
        batches: Vec<RecordBatch>,
    ) -> Result<Self, SurveyError> {
        Self::from_batches_in(&session(), name, schema, batches)
    }

    /// [`Self::from_batches`] in a given session.
    pub fn from_batches_in(
        context: &SessionContext,
        name: impl Into<String>,
        schema: SchemaRef,
        batches: Vec<RecordBatch>,
    ) -> Result<Self, SurveyError> {
        let partitions = context.state().config().target_partitions().max(1);
        let per_partition = batches.len().div_ceil(partitions).max(1);
        // Contiguous runs of batches, so that reading the partitions in order is file order.
        let mut split: Vec<Vec<RecordBatch>> = vec![Vec::new()];
        for batch in batches {
            if split.last().is_some_and(|last| last.len() == per_partition) {
                split.push(Vec::new());
            }
            if let Some(last) = split.last_mut() {
                last.push(batch);
            }
        }
        let table = MemTable::try_new(schema, split)?;
        Ok(Self {
            name: name.into(),
            frame: context.read_table(Arc::new(table))?,
        })
    }

    /// A Parquet file, read with projection: only the columns a request uses are decoded.
    pub async fn from_parquet(
        context: &SessionContext,
        name: impl Into<String>,
        path: &str,
    ) -> Result<Self, SurveyError> {
        let frame = context
            .read_parquet(path, ParquetReadOptions::default())
            .await?;
        Ok(Self {
            name: name.into(),
            frame,
        })
    }

    /// The same rows with derived variables added as columns, validated as a request's
    /// definitions are (see [`crate::Definition`]), so that many requests can share them.
    pub fn define(&self, definitions: &[crate::Definition]) -> Result<Self, SurveyError> {
        Ok(Self {
            name: self.name.clone(),
            frame: crate::validate::define_all(self.frame.clone(), definitions)?,
        })
    }

    /// Any plan, such as a join built by an analysis plan.
    #[must_use]
    pub fn from_frame(name: impl Into<String>, frame: DataFrame) -> Self {
        Self {
            name: name.into(),
            frame,
        }
    }
}
