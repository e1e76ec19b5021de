//! dl-playground: the maths of the playground, in plain Rust, with one wasm boundary.
//!
//! `wasm/` is the only part that speaks to JavaScript; everything else is pure and tested
//! natively.

pub mod activation;
pub mod config;
pub mod csv;
pub mod data;
pub mod descent;
pub mod engine;
pub mod error;
pub mod lessons;
pub mod loss;
pub mod math;
pub mod model;
pub mod optimizer;
pub mod rng;
pub mod surface;
pub mod wasm;

pub use wasm::descent::Descent;
pub use wasm::trainer::Trainer;
