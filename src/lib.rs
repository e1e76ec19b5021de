//! dl-playground: the maths of the playground, in plain Rust, with one wasm boundary.
//!
//! `wasm/` is the only part that speaks to JavaScript; everything else is pure and tested
//! natively. The modules are private: the Rust API is what this file re-exports (the engine,
//! the race, their configs and results), so the compiler reports whatever nothing uses.

mod activation;
mod choice;
mod config;
mod csv;
mod data;
mod engine;
mod error;
#[doc(hidden)]
pub mod fuzz;
pub mod lessons;
mod loss;
mod math;
mod model;
mod optimizer;
mod race;
mod rng;
mod schema;
mod simd;
mod surface;
mod wasm;

pub use activation::ActivationKind;
pub use config::{TrainerConfig, ValidConfig};
pub use data::DatasetKind;
pub use engine::{Budget, Cause, Divergence, Engine, Metrics, Trace};
pub use error::{Code, EngineError, JsType, Range, Result};
pub use loss::{Loss, Regularization};
pub use model::ModelKind;
pub use optimizer::OptimizerKind;
pub use race::{Race, RaceConfig, RacerConfig, RacerState, RacerStatus};
pub use surface::Surface;
pub use wasm::descent::Descent;
pub use wasm::trainer::Trainer;
