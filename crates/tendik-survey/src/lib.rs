//! Survey designs, design-based estimators and the linearization variance engine.
//!
//! The flow: a [`Request`] (design, targets, domains, filter) and [`SurveyData`] go to
//! [`estimate`], which runs one DataFusion aggregate plan of weighted sums per
//! (domain × stratum × PSU), then computes estimates, linearized variances, confidence
//! intervals and design effects locally, matching R's `survey` package.

mod design;
mod engine;
mod error;
mod estimate;
mod estimators;
pub mod intervals;
mod request;
pub mod results;
pub mod variance;

pub use design::{Design, LonelyPsu};
pub use engine::{SurveyData, estimate};
pub use error::SurveyError;
pub use estimate::{Estimate, Value};
pub use request::{Request, Statistic, Target};
