//! The wasm boundary: the `Trainer` class JavaScript programs against.
//!
//! First slice: a seeded XOR point set and a logistic-regression model (sigmoid of
//! w·x + b, binary cross-entropy) trained by full-batch gradient descent, one epoch per call.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::config::DatasetKind;
use crate::data::{self, DataSpec, Point, VIEW_HALF};
use crate::rng::{Rng, Stream};

/// Training settings; every field is optional.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Config {
    /// Number of points (1..=2000). Default 200.
    pub points: usize,
    /// Jitter of the points, 0..=1. Default 0.1.
    pub noise: f64,
    /// Seed of every random choice; default: picked at random.
    pub seed: Option<u32>,
    /// Step size of gradient descent, finite and > 0. Default 0.03.
    pub learning_rate: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config { points: 200, noise: 0.1, seed: None, learning_rate: 0.03 }
    }
}

impl Config {
    fn validate(&self) -> Result<(), String> {
        if !(1..=2000).contains(&self.points) {
            return Err(format!("points must be 1..=2000, got {}", self.points));
        }
        if !(self.noise.is_finite() && (0.0..=1.0).contains(&self.noise)) {
            return Err(format!("noise must be in 0..=1, got {}", self.noise));
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(format!("learningRate must be finite and > 0, got {}", self.learning_rate));
        }
        Ok(())
    }
}

fn random_seed() -> u32 {
    let mut b = [0u8; 4];
    // A failing entropy source only loses randomness of the default seed, never the run.
    if getrandom::fill(&mut b).is_err() {
        return 1;
    }
    u32::from_le_bytes(b)
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-z))
}

/// Binary cross-entropy of logit `z` for target t ∈ {0, 1}, in the form
/// max(z, 0) − z·t + ln(1 + e^{−|z|}) that never overflows.
fn bce_from_logit(z: f64, t: f64) -> f64 {
    z.max(0.0) - z * t + libm::log1p(libm::exp(-z.abs()))
}

/// Reads a plain JS object into `T`, with errors that name the field and the value.
///
/// serde-wasm-bindgen neither rejects unknown keys nor says which field had the wrong type, so
/// every key is first checked against `known` and then read on its own.
fn parse_object<T: DeserializeOwned + Default>(value: JsValue, known: &[&str]) -> Result<T, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(format!("config must be a plain object, got {}", describe(&value)));
    }
    let obj = js_sys::Object::from(value.clone());
    for entry in js_sys::Object::entries(&obj).iter() {
        let pair = js_sys::Array::from(&entry);
        let key = pair.get(0).as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(format!("unknown field `{key}` (known fields: {})", known.join(", ")));
        }
        let single = js_sys::Object::new();
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&single, &JsValue::from_str(&key), &pair.get(1));
        serde_wasm_bindgen::from_value::<T>(single.into())
            .map_err(|e| format!("{key}: {e} (got {})", describe(&pair.get(1))))?;
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| format!("config: {e}"))
}

/// A short rendering of a JS value for error messages.
fn describe(v: &JsValue) -> String {
    match js_sys::JSON::stringify(v) {
        Ok(s) if !v.is_undefined() => String::from(s),
        _ => format!("{v:?}"),
    }
}

#[wasm_bindgen]
pub struct Trainer {
    seed: u32,
    lr: f64,
    points: Vec<Point>,
    w: [f64; 2],
    b: f64,
    epoch: u32,
}

impl Trainer {
    /// Builds a trainer from a Rust-side config (used by native tests and by `new`).
    pub fn from_config(cfg: Config) -> Result<Trainer, String> {
        cfg.validate()?;
        let seed = cfg.seed.unwrap_or_else(random_seed);
        let spec = DataSpec {
            kind: DatasetKind::Xor,
            n: cfg.points,
            noise: cfg.noise,
            train_ratio: 1.0,
            angle: 0.0,
            margin: 0.0,
        };
        let points = data::generate(&spec, seed);
        let mut init = Rng::new(seed as u64, Stream::Init);
        let w = [init.normal(), init.normal()];
        Ok(Trainer { seed, lr: cfg.learning_rate, points, w, b: 0.0, epoch: 0 })
    }

    fn logit(&self, x: &[f64; 2]) -> f64 {
        self.w[0] * x[0] + self.w[1] * x[1] + self.b
    }

    /// Mean cross-entropy over all points.
    pub fn loss_value(&self) -> f64 {
        let sum: f64 = self
            .points
            .iter()
            .map(|p| bce_from_logit(self.logit(&p.x), if p.label > 0 { 1.0 } else { 0.0 }))
            .sum();
        sum / self.points.len() as f64
    }

    /// One full-batch gradient step: ∂L/∂z = σ(z) − t, averaged over the points.
    pub fn epoch_step(&mut self) {
        let (mut gw, mut gb) = ([0.0; 2], 0.0);
        for p in &self.points {
            let t = if p.label > 0 { 1.0 } else { 0.0 };
            let d = sigmoid(self.logit(&p.x)) - t;
            gw[0] += d * p.x[0];
            gw[1] += d * p.x[1];
            gb += d;
        }
        let n = self.points.len() as f64;
        self.w[0] -= self.lr * gw[0] / n;
        self.w[1] -= self.lr * gw[1] / n;
        self.b -= self.lr * gb / n;
        self.epoch += 1;
    }

    pub fn weights(&self) -> ([f64; 2], f64) {
        (self.w, self.b)
    }
}

#[wasm_bindgen]
impl Trainer {
    /// Creates a trainer from a plain object `{ points?, noise?, seed?, learningRate? }`.
    /// Throws an `Error` naming the field and the value when the config is not valid.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Trainer, JsError> {
        let cfg: Config = parse_object(config, &["points", "noise", "seed", "learningRate"])
            .map_err(|e| JsError::new(&e))?;
        Trainer::from_config(cfg).map_err(|e| JsError::new(&e))
    }

    /// Trains `n` epochs and returns the training loss afterwards.
    #[wasm_bindgen(js_name = stepEpochs)]
    pub fn step_epochs(&mut self, n: u32) -> f64 {
        for _ in 0..n {
            self.epoch_step();
        }
        self.loss_value()
    }

    /// Current mean cross-entropy over all points.
    #[wasm_bindgen(getter)]
    pub fn loss(&self) -> f64 {
        self.loss_value()
    }

    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> u32 {
        self.seed
    }

    /// Point coordinates, two numbers per point.
    #[wasm_bindgen(js_name = pointsX)]
    pub fn points_x(&self) -> Vec<f64> {
        self.points.iter().flat_map(|p| p.x).collect()
    }

    /// Point labels, ±1.
    #[wasm_bindgen(js_name = pointsLabel)]
    pub fn points_label(&self) -> Vec<i8> {
        self.points.iter().map(|p| p.label).collect()
    }

    /// P(class +1) on a `res` × `res` grid over the view box, row-major, first row at the top.
    #[wasm_bindgen(js_name = predictGrid)]
    pub fn predict_grid(&self, res: u32) -> Vec<f32> {
        let res = res.clamp(1, 512) as usize;
        let cell = 2.0 * VIEW_HALF / res as f64;
        let mut out = Vec::with_capacity(res * res);
        for r in 0..res {
            let y = VIEW_HALF - (r as f64 + 0.5) * cell;
            for c in 0..res {
                let x = -VIEW_HALF + (c as f64 + 0.5) * cell;
                out.push(sigmoid(self.logit(&[x, y])) as f32);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_decreases_with_training() {
        let mut t = Trainer::from_config(Config { seed: Some(3), ..Config::default() }).unwrap();
        let before = t.loss_value();
        for _ in 0..50 {
            t.epoch_step();
        }
        assert!(t.loss_value() < before, "{} !< {}", t.loss_value(), before);
    }

    #[test]
    fn rejects_non_positive_learning_rate() {
        let err = Trainer::from_config(Config { learning_rate: 0.0, ..Config::default() }).err().unwrap();
        assert!(err.contains("learningRate") && err.contains('0'), "{err}");
    }
}
