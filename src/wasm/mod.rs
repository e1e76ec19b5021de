//! The wasm boundary: the only code that speaks to JavaScript. `Trainer` (a training run) and
//! `Descent` (the gradient-descent lab's race) are the exported classes; `convert` reads and
//! writes JS values for both.

pub mod convert;
pub mod descent;
pub mod trainer;
