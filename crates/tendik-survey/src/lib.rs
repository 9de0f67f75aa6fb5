//! Survey designs, design-based estimators and the linearization variance engine.
//!
//! The flow: a [`Request`] (design, definitions, targets, breakdowns, filter) and
//! [`SurveyData`] (any DataFusion frame) go to [`run`] (or [`estimate`]), which makes one
//! projected scan of the rows, sums per (breakdown × domain × stratum × PSU) in
//! double-double so that the result is the same on every run, then computes estimates,
//! their linearized influence, variances, confidence intervals and design effects locally,
//! matching R's `survey` package. [`Results::covariance`] gives the covariance of any two
//! estimates of one request; [`contrast`] builds differences and smooth functions of them.

mod accumulate;
pub mod contrast;
mod covariance;
mod data;
mod dd;
mod design;
mod engine;
mod error;
mod estimate;
mod estimators;
pub mod intervals;
mod keys;
mod plan;
mod replicate;
mod request;
pub mod results;
mod structure;
mod validate;
mod weights;

pub use covariance::{Influence, MergedScores};
pub use data::{SurveyData, session, session_with_partitions};
pub use design::{Conversion, Design, LonelyPsu, ReplicateSource, ReplicateType, Replicates};
pub use engine::{Results, estimate, run};
pub use error::{Role, SurveyError};
pub use estimate::{Estimate, Reliability, Value};
pub use request::{Definition, ReliabilityRule, Request, Statistic, Target};
pub use weights::{ReplicateWeights, replicate_weights};
