//! A run's complete state as JSON text, for export and for restoring it to continue
//! bit-identically. The text is written and read here, in Rust: a state never becomes a
//! JavaScript object on its way in, and every problem is an error naming the field path.
//!
//! JSON has no NaN or infinity; every float list that may hold one (history without a test
//! set, moments after a divergence) serialises non-finite values as `null` and reads `null`
//! back as NaN.

use ndarray::Array1;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::record::{Record, HISTORY_CAP};
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
/// Largest counter (steps, samples, epochs, path stride) a state may hold: 2^53, the last
/// whole number a JavaScript number holds exactly, which is how the getters report counters.
/// A run started from 0 never gets near it, and a restored one can keep counting from it for
/// centuries without overflowing a u64.
pub const MAX_COUNT: u64 = 1 << 53;

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
    /// Train and test loss of each recorded epoch (see `record.rs`): epochs 0, s, 2s, … for
    /// `historyStride` s, and the latest epoch last when it is not a multiple of s.
    #[serde(with = "nullable")]
    pub history: Vec<f64>,
    #[serde(with = "nullable")]
    pub accuracy_history: Vec<f64>,
    pub history_stride: u64,
    pub divergence: Option<Divergence>,
    pub path_stride: u64,
    pub path_since: u64,
    #[serde(with = "nullable")]
    pub path: Vec<f64>,
}

/// The fields a saved state must have (`divergence` may be left out: none).
const REQUIRED: &[&str] = &[
    "format",
    "version",
    "config",
    "points",
    "edited",
    "params",
    "optimizerStep",
    "optimizerM",
    "optimizerV",
    "shuffle",
    "order",
    "cursor",
    "inBatch",
    "batchLoss",
    "gradAcc",
    "lastGrad",
    "samplesSeen",
    "iteration",
    "epoch",
    "history",
    "accuracyHistory",
    "historyStride",
    "pathStride",
    "pathSince",
    "path",
];

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
            history: self.record.pairs(0, 1),
            accuracy_history: self.record.pairs(2, 3),
            history_stride: self.record.stride(),
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
        let json: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| EngineError::new(Code::StateJson, "state").with_detail(e.to_string()))?;
        let Some(object) = json.as_object() else {
            return Err(bad("state", "must be a JSON object".into()));
        };
        // serde reports a missing field without its path: name it here.
        if let Some(missing) = REQUIRED.iter().find(|k| !object.contains_key(**k)) {
            return Err(bad(missing, "is missing".into()));
        }
        let state: EngineState = serde_path_to_error::deserialize(json).map_err(|e| {
            let path = match e.path().to_string() {
                p if p == "." => "state".to_string(),
                p => p,
            };
            bad(&path, e.into_inner().to_string())
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
            if !matches!(p.label, 1 | -1) || !p.x.iter().all(|c| c.is_finite() && c.abs() <= VIEW_HALF) {
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
        // The cursor reaches the end of the epoch only when the epoch's last batch diverged.
        let at_end_ok = s.cursor < n_train || s.divergence.is_some();
        if !at_end_ok || s.cursor > n_train || s.in_batch > s.cursor || s.in_batch >= e.batch_size() {
            return Err(bad(
                "cursor",
                format!("cursor {} / inBatch {} do not fit {n_train} training points", s.cursor, s.in_batch),
            ));
        }
        let shuffle = u64::from_str_radix(&s.shuffle, 16)
            .map_err(|_| bad("shuffle", format!("{:?} is not 16 hex digits", s.shuffle)))?;
        let counters = [
            ("optimizerStep", s.optimizer_step),
            ("samplesSeen", s.samples_seen),
            ("iteration", s.iteration),
            ("epoch", s.epoch),
            ("pathStride", s.path_stride),
            ("historyStride", s.history_stride),
        ];
        if let Some((field, v)) = counters.into_iter().find(|&(_, v)| v > MAX_COUNT) {
            return Err(bad(field, format!("{v} is past {MAX_COUNT}, more than a run can count to")));
        }
        // Every iteration and every epoch consumed at least one sample; the optimizer started
        // with the run or later (a new optimizer kind starts its own count).
        if s.iteration > s.samples_seen || s.epoch > s.samples_seen {
            return Err(bad(
                "samplesSeen",
                format!(
                    "{} is fewer than the iterations ({}) or epochs ({}) it took",
                    s.samples_seen, s.iteration, s.epoch
                ),
            ));
        }
        if s.optimizer_step > s.iteration {
            return Err(bad(
                "optimizerStep",
                format!("{} is past the iteration count {}", s.optimizer_step, s.iteration),
            ));
        }
        if let Some(d) = &s.divergence {
            if d.epoch > s.epoch || d.iteration > s.iteration {
                return Err(bad(
                    "divergence",
                    format!("at epoch {}, iteration {} is after the run's end", d.epoch, d.iteration),
                ));
            }
        }
        if s.history_stride == 0 || !s.history_stride.is_power_of_two() {
            return Err(bad("historyStride", format!("{} is not a power of two", s.history_stride)));
        }
        let entries = Record::expected_len(s.epoch, s.history_stride);
        if s.history.len() as u64 != 2 * entries || entries > HISTORY_CAP as u64 + 1 {
            return Err(bad(
                "history",
                format!("must hold 2 numbers for each of {entries} recorded epochs, got {}", s.history.len()),
            ));
        }
        if s.path_stride == 0 || !s.path_stride.is_power_of_two() || s.path.is_empty() || s.path.len() % n != 0 {
            return Err(bad("path", "does not fit this model".into()));
        }
        // Steps since the last snapshot: fewer than the stride, or the snapshot would be taken.
        if s.path_since >= s.path_stride {
            return Err(bad("pathSince", format!("{} must be below pathStride {}", s.path_since, s.path_stride)));
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
        let entries =
            s.history.chunks(2).zip(s.accuracy_history.chunks(2)).map(|(l, a)| [l[0], l[1], a[0], a[1]]).collect();
        e.record = Record::from_parts(entries, s.history_stride, s.epoch);
        e.diverged = s.divergence;
        e.path = ParamPath { stride: s.path_stride, since: s.path_since, data: s.path };
        e.metrics = None;
        Ok(e)
    }
}

/// Numbers a doctored state may carry past what any run reaches: refused, never overflowed.
#[cfg(test)]
mod limits {
    use super::*;
    use crate::engine::{Budget, PATH_CAP};

    /// A small run, a few samples into its first epoch.
    fn state() -> EngineState {
        let cfg = TrainerConfig { points: 12, batch_size: 4, seed: Some(3), ..TrainerConfig::default() };
        let mut e = Engine::new(cfg.check().unwrap());
        e.advance(Budget::Samples(5));
        e.to_state()
    }

    /// The state is refused naming `field`. Were it accepted, the run would first take a few
    /// steps, where the numbers that overflowed before these checks existed overflow.
    #[track_caller]
    fn refused(s: EngineState, field: &str) {
        match Engine::from_state(s) {
            Ok(mut e) => {
                e.advance(Budget::Epochs(2));
                panic!("a state with a bad {field} was accepted");
            }
            Err(e) => assert_eq!((e.code, e.field.as_str()), (Code::StateInvalid, field), "{e}"),
        }
    }

    /// A divergence is recorded at a step the run has reached, never after its end.
    #[test]
    fn a_divergence_after_the_runs_end_is_refused() {
        let cfg = TrainerConfig {
            seed: Some(1),
            activation: crate::activation::ActivationKind::Relu,
            learning_rate: 1e100,
            ..TrainerConfig::default()
        };
        let mut e = Engine::new(cfg.check().unwrap());
        e.advance(Budget::Epochs(5));
        let s = e.to_state();
        let d = s.divergence.clone().expect("ReLU at lr 1e100 diverges");
        assert!(Engine::from_state(s.clone()).is_ok(), "the diverged state as saved is fine");
        let mut later = s.clone();
        later.divergence = Some(Divergence { epoch: s.epoch + 1, ..d.clone() });
        refused(later, "divergence");
        let mut later = s.clone();
        later.divergence = Some(Divergence { iteration: s.iteration + 1, ..d });
        refused(later, "divergence");
    }

    /// The record holds at most HISTORY_CAP + 1 entries: a run fills it exactly at some epoch;
    /// a state whose stride would need more is refused however long its history.
    #[test]
    fn the_record_is_accepted_up_to_its_cap_and_refused_past_it() {
        let cfg = TrainerConfig { seed: Some(1), points: 2, train_ratio: 0.5, ..TrainerConfig::default() };
        let mut e = Engine::new(cfg.check().unwrap());
        // Bounded by the calls made, not by the epoch counter: a run that stopped (diverged)
        // no longer counts epochs, and the loop must still end.
        for _ in 0..20_000 {
            if e.history_epochs().len() > HISTORY_CAP {
                break;
            }
            e.advance(Budget::Epochs(1));
        }
        assert!(e.history_epochs().len() > HISTORY_CAP, "the record never filled");
        let full = e.to_state();
        assert_eq!(full.history.len(), 2 * (HISTORY_CAP + 1));
        assert!(Engine::from_state(full.clone()).is_ok(), "a full record is a state runs reach");
        // The same run claiming every epoch at stride 1: a history of the right length for that
        // stride, but longer than any record.
        let mut past = full.clone();
        past.history_stride = 1;
        past.history = vec![0.5; 2 * (full.epoch as usize + 1)];
        refused(past, "history");
    }

    /// −128 has no positive i8: the label check compares with ±1 instead of negating.
    #[test]
    fn a_label_of_minus_128_is_refused() {
        let mut s = state();
        s.points[0].label = i8::MIN;
        refused(s, "points[0]");
    }

    /// The history check computed 2·(epoch + 1), which overflowed for an epoch near u64::MAX.
    #[test]
    fn an_epoch_near_u64_max_is_refused() {
        for epoch in [u64::MAX, u64::MAX / 2] {
            let mut s = state();
            s.epoch = epoch;
            refused(s, "epoch");
        }
    }

    /// Counting on from near u64::MAX overflowed at the next step (samples seen, iterations, the
    /// optimizer's t, the path's stride doubling); 2^53 itself is read and counts on.
    #[test]
    fn counters_past_2_pow_53_are_refused_and_2_pow_53_counts_on() {
        type Set = fn(&mut EngineState, u64);
        // The stride must be a power of two, so its largest is 2^63.
        let fields: [(&str, u64, Set); 4] = [
            ("optimizerStep", u64::MAX, |s, v| s.optimizer_step = v),
            ("samplesSeen", u64::MAX, |s, v| s.samples_seen = v),
            ("iteration", u64::MAX, |s, v| s.iteration = v),
            ("pathStride", 1 << 63, |s, v| s.path_stride = v),
        ];
        for (field, largest, set) in fields {
            let mut s = state();
            set(&mut s, largest);
            refused(s, field);
            let mut s = state();
            // The counters' order (optimizer steps ≤ iterations ≤ samples) is checked too.
            s.samples_seen = MAX_COUNT;
            s.iteration = MAX_COUNT;
            set(&mut s, MAX_COUNT);
            let mut e = Engine::from_state(s).unwrap_or_else(|e| panic!("{field} = 2^53: {e}"));
            e.advance(Budget::Epochs(2));
        }
    }

    /// A full path doubles its stride at the next snapshot: from 2^63 that overflowed.
    #[test]
    fn a_full_path_with_a_stride_past_2_pow_53_is_refused() {
        let mut s = state();
        let n = s.params.len();
        s.path = vec![0.0; PATH_CAP / n * n];
        s.path_stride = 1 << 63;
        s.path_since = (1 << 63) - 1;
        refused(s, "pathStride");
    }

    /// Every run keeps the steps since the last snapshot below the stride; pathSince =
    /// u64::MAX overflowed at the next step.
    #[test]
    fn a_path_since_not_below_the_stride_is_refused() {
        for since in [u64::MAX, 1] {
            let mut s = state();
            s.path_stride = 1;
            s.path_since = since;
            refused(s, "pathSince");
        }
    }
}

#[cfg(test)]
mod json_tests {
    use super::*;
    use crate::config::TrainerConfig;
    use crate::engine::Budget;

    /// The required list is the struct's fields, `divergence` aside.
    #[test]
    fn required_fields_are_the_states_fields() {
        let e = Engine::new(TrainerConfig { seed: Some(1), ..TrainerConfig::default() }.check().unwrap());
        let json = serde_json::to_value(e.to_state()).unwrap();
        let mut keys: Vec<&str> =
            json.as_object().unwrap().keys().map(String::as_str).filter(|k| *k != "divergence").collect();
        let mut required = REQUIRED.to_vec();
        keys.sort();
        required.sort();
        assert_eq!(keys, required);
    }

    #[test]
    fn a_missing_or_mistyped_field_is_named() {
        let e = Engine::new(TrainerConfig { seed: Some(1), ..TrainerConfig::default() }.check().unwrap());
        let mut json = serde_json::to_value(e.to_state()).unwrap();
        json.as_object_mut().unwrap().remove("epoch");
        let err = Engine::import_json(&json.to_string()).err().unwrap();
        assert_eq!((err.code, err.field.as_str()), (Code::StateInvalid, "epoch"));
        let mut json = serde_json::to_value(e.to_state()).unwrap();
        json["config"]["hidden"] = serde_json::json!([4, "x"]);
        let err = Engine::import_json(&json.to_string()).err().unwrap();
        assert_eq!((err.code, err.field.as_str()), (Code::StateInvalid, "config.hidden[1]"));
        assert_eq!(Engine::import_json("[]").err().unwrap().field, "state");
        assert_eq!(Engine::import_json("{").err().unwrap().code, Code::StateJson);
    }

    /// States `export_json` never writes are refused, naming what disagrees: counters out of
    /// order (iteration 2^53 − 1 after 0 samples), a cursor at the epoch's end with no
    /// divergence (it would "diverge" on an empty batch), a divergence after the run's end.
    #[test]
    fn states_no_run_can_reach_are_refused() {
        let cfg = TrainerConfig { seed: Some(1), points: 20, batch_size: 4, ..TrainerConfig::default() };
        let mut e = Engine::new(cfg.check().unwrap());
        e.advance(Budget::Samples(6));
        let good = serde_json::to_value(e.to_state()).unwrap();
        let refused = |edit: &dyn Fn(&mut serde_json::Value), field: &str| {
            let mut j = good.clone();
            edit(&mut j);
            let err = Engine::import_json(&j.to_string()).err().unwrap_or_else(|| panic!("{field}: accepted"));
            assert_eq!((err.code, err.field.as_str()), (Code::StateInvalid, field), "{err}");
        };
        refused(
            &|j| {
                j["iteration"] = (9_007_199_254_740_991u64).into();
                j["samplesSeen"] = 0.into();
            },
            "samplesSeen",
        );
        refused(&|j| j["optimizerStep"] = 1000.into(), "optimizerStep");
        refused(
            &|j| {
                j["cursor"] = 10.into();
                j["inBatch"] = 0.into();
            },
            "cursor",
        );
        // A full batch is trained at once: a batch in progress holds fewer samples than its size.
        refused(&|j| j["inBatch"] = 4.into(), "cursor");
        refused(&|j| j["historyStride"] = 3.into(), "historyStride");
        refused(&|j| j["history"] = serde_json::json!([0.5]), "history");
        assert!(Engine::import_json(&good.to_string()).is_ok(), "the unedited state is fine");
    }

    /// An empty or broken text says what is wrong with it.
    #[test]
    fn an_empty_state_says_it_is_not_json() {
        let e = Engine::import_json("").err().unwrap();
        assert_eq!(e.code, Code::StateJson);
        assert!(e.detail.as_deref().unwrap_or("").contains("EOF"), "{e}");
    }
}
