//! A run's complete state as JSON text, for export and for restoring it to continue
//! bit-identically. The text is written and read here, in Rust: a state never becomes a
//! JavaScript object on its way in, and every problem is an error naming the field path.
//!
//! JSON has no NaN or infinity; every float list that may hold one (history without a test
//! set, moments after a divergence) serialises non-finite values as `null` and reads `null`
//! back as NaN.

use ndarray::Array1;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Counters, Divergence, Engine, ParamPath};
use crate::config::TrainerConfig;
use crate::data::{Point, MAX_POINTS, VIEW_HALF};
use crate::error::{Code, EngineError, Result};
use crate::optimizer::Optimizer;
use crate::rng::Rng;

/// Tag of the state format, checked on import.
pub const FORMAT: &str = "dl-playground-state";
/// Version 2 stores the divergence as data.
pub const VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EngineState {
    pub format: String,
    pub version: u32,
    pub config: TrainerConfig,
    pub points: Vec<Point>,
    pub edited: bool,
    #[serde(with = "nullable")]
    pub params: Vec<f64>,
    pub optimizer_step: u64,
    #[serde(with = "nullable")]
    pub optimizer_m: Vec<f64>,
    #[serde(with = "nullable")]
    pub optimizer_v: Vec<f64>,
    /// The shuffling generator's state, as 16 hex digits (a u64 does not fit a JS number).
    pub shuffle: String,
    pub order: Vec<usize>,
    pub cursor: usize,
    pub in_batch: usize,
    #[serde(with = "nullable")]
    pub batch_loss: Vec<f64>,
    #[serde(with = "nullable")]
    pub grad_acc: Vec<f64>,
    #[serde(with = "nullable")]
    pub last_grad: Vec<f64>,
    pub samples_seen: u64,
    pub iteration: u64,
    pub epoch: u64,
    #[serde(with = "nullable")]
    pub history: Vec<f64>,
    #[serde(with = "nullable")]
    pub accuracy_history: Vec<f64>,
    pub divergence: Option<Divergence>,
    pub path_stride: u64,
    pub path_since: u64,
    #[serde(with = "nullable")]
    pub path: Vec<f64>,
}

mod nullable {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|x| x.is_finite().then_some(*x)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<f64>, D::Error> {
        let v: Vec<Option<f64>> = Vec::deserialize(d)?;
        Ok(v.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
    }
}

fn bad(field: &str, detail: String) -> EngineError {
    EngineError::state(field, detail)
}

fn expect_len(field: &str, got: usize, want: usize) -> Result<()> {
    if got == want {
        Ok(())
    } else {
        Err(bad(field, format!("must hold {want} numbers for this model, got {got}")))
    }
}

impl Engine {
    pub fn to_state(&self) -> EngineState {
        EngineState {
            format: FORMAT.into(),
            version: VERSION,
            config: self.cfg.config().clone(),
            points: self.points.clone(),
            edited: self.edited,
            params: self.params().to_vec(),
            optimizer_step: self.opt.t,
            optimizer_m: self.opt.m.clone(),
            optimizer_v: self.opt.v.clone(),
            shuffle: format!("{:016x}", self.shuffle.state()),
            order: self.order.clone(),
            cursor: self.cursor,
            in_batch: self.in_batch,
            batch_loss: vec![self.batch_loss],
            grad_acc: self.grad_acc.to_vec(),
            last_grad: self.last_grad.to_vec(),
            samples_seen: self.counters.samples_seen,
            iteration: self.counters.iteration,
            epoch: self.counters.epoch,
            history: self.history.clone(),
            accuracy_history: self.accuracy_history.clone(),
            divergence: self.diverged.clone(),
            path_stride: self.path.stride,
            path_since: self.path.since,
            path: self.path.data.clone(),
        }
    }

    /// The state as JSON text.
    pub fn export_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string(&self.to_state()).unwrap_or_default()
    }

    /// Restores a run from `export_json`'s text; every problem is an error naming the field.
    pub fn import_json(text: &str) -> Result<Engine> {
        let mut de = serde_json::Deserializer::from_str(text);
        let state: EngineState = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = match e.path().to_string() {
                p if p == "." => "state".to_string(),
                p => p,
            };
            let inner = e.into_inner();
            if inner.is_data() {
                bad(&path, inner.to_string())
            } else {
                EngineError::new(Code::StateJson, "state").with_detail(inner.to_string())
            }
        })?;
        Engine::from_state(state)
    }

    /// Restores a run; every inconsistency is an error naming the field.
    pub fn from_state(s: EngineState) -> Result<Engine> {
        if s.format != FORMAT || s.version != VERSION {
            return Err(EngineError::new(Code::StateFormat, "format").with_text(&format!("{} {}", s.format, s.version)));
        }
        if s.config.seed.is_none() {
            return Err(bad("config.seed", "is missing".into()));
        }
        let cfg = s.config.clone().check().map_err(|e| e.within("config"))?;
        if s.points.is_empty() || s.points.len() > MAX_POINTS {
            return Err(bad("points", format!("must hold 1..={MAX_POINTS} points, got {}", s.points.len())));
        }
        for (i, p) in s.points.iter().enumerate() {
            if p.label.abs() != 1 || !p.x.iter().all(|c| c.is_finite() && c.abs() <= VIEW_HALF) {
                return Err(bad(
                    &format!("points[{i}]"),
                    format!("{p:?} is not a point of the view box with label ±1"),
                ));
            }
        }
        if s.points.iter().all(|p| p.test) {
            return Err(bad("points", "at least one must be a training point".into()));
        }
        let mut e = Engine::with_points(cfg, s.points.clone(), s.edited);
        let n = e.net.n_params();
        expect_len("params", s.params.len(), n)?;
        if !s.params.iter().all(|p| p.is_finite()) {
            return Err(bad("params", "must all be finite".into()));
        }
        expect_len("optimizerM", s.optimizer_m.len(), n)?;
        expect_len("optimizerV", s.optimizer_v.len(), n)?;
        expect_len("gradAcc", s.grad_acc.len(), n)?;
        expect_len("lastGrad", s.last_grad.len(), n)?;
        expect_len("batchLoss", s.batch_loss.len(), 1)?;
        let n_train = e.train.len();
        let mut seen = vec![false; n_train];
        if s.order.len() != n_train || !s.order.iter().all(|&i| i < n_train && !std::mem::replace(&mut seen[i], true)) {
            return Err(bad("order", format!("must be a permutation of 0..{n_train}")));
        }
        if s.cursor > n_train || s.in_batch > s.cursor || s.in_batch >= e.batch_size() && s.in_batch > 0 {
            return Err(bad(
                "cursor",
                format!("cursor {} / inBatch {} do not fit {n_train} training points", s.cursor, s.in_batch),
            ));
        }
        let shuffle = u64::from_str_radix(&s.shuffle, 16)
            .map_err(|_| bad("shuffle", format!("{:?} is not 16 hex digits", s.shuffle)))?;
        if s.history.len() % 2 != 0 || s.history.len() as u64 != 2 * (s.epoch + 1) {
            return Err(bad(
                "history",
                format!("must hold 2 numbers per epoch for {} epochs, got {}", s.epoch + 1, s.history.len()),
            ));
        }
        if s.path_stride == 0 || !s.path_stride.is_power_of_two() || s.path.is_empty() || s.path.len() % n != 0 {
            return Err(bad("path", "does not fit this model".into()));
        }
        e.net.params = Array1::from(s.params);
        e.opt = Optimizer {
            kind: e.cfg.optimizer,
            hyper: e.cfg.hyperparams(),
            t: s.optimizer_step,
            m: s.optimizer_m,
            v: s.optimizer_v,
        };
        e.shuffle = Rng::from_state(shuffle);
        e.order = s.order;
        e.cursor = s.cursor;
        e.in_batch = s.in_batch;
        e.batch_loss = s.batch_loss[0];
        e.grad_acc = Array1::from(s.grad_acc);
        e.last_grad = Array1::from(s.last_grad);
        e.counters = Counters { samples_seen: s.samples_seen, iteration: s.iteration, epoch: s.epoch };
        if s.accuracy_history.len() != s.history.len() {
            return Err(bad(
                "accuracyHistory",
                format!("must hold as many numbers as history ({}), got {}", s.history.len(), s.accuracy_history.len()),
            ));
        }
        e.history = s.history;
        e.accuracy_history = s.accuracy_history;
        e.diverged = s.divergence;
        e.path = ParamPath { stride: s.path_stride, since: s.path_since, data: s.path };
        e.metrics = None;
        Ok(e)
    }
}
