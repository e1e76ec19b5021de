//! A training run: data, model, optimizer, the position inside the epoch, counters, history
//! and diagnostics. Pure Rust; `wasm/trainer.rs` exposes it to JavaScript.
//!
//! **Vocabulary.** A *batch* is `batchSize` training samples; one *iteration* (or step) is one
//! optimizer update from one batch's mean gradient; an *epoch* is one pass over the training
//! set in an order reshuffled (with the seed's `Shuffle` stream) at the start of every epoch.
//! The last batch of an epoch holds what is left (n mod batchSize samples), so an epoch has
//! ceil(n / batchSize) iterations; batchSize 1 is stochastic GD and a batch at least as large
//! as the training set is full-batch GD. `samples_seen` counts every sample processed.
//!
//! Stepping by samples, batches or epochs runs the same arithmetic: samples are pushed through
//! the network in order, their gradients summed into one accumulator, and the update happens
//! when a batch is complete — however the calls were cut.
//!
//! **Finite or diverged, always.** When a model output, a gradient, a weight, a batch loss or
//! the training or test loss becomes non-finite, training stops, the weights go back to the most
//! recent recorded ones whose every output on the training and test points is finite, and
//! `diverged()` says where and why; `reset` (or any change that resets the weights) clears it.
//! So every number the engine hands out for drawing — metrics, histories, grids, weights,
//! gradient norms — is finite in every state (the histories use NaN only for "not measured":
//! no test set, or recording off). The history entry of the epoch that diverged shows the
//! rolled-back weights' values.
//!
//! **Bounded.** The per-epoch record and the parameter path keep a bounded size for any run
//! length (see `record.rs` and `ParamPath`), and every call from JavaScript is checked against
//! `MAX_WORK` (see `work.rs`) before it starts.

mod divergence;
mod inspect;
mod record;
mod schema;
mod state;
mod step;
mod work;

pub use divergence::{Cause, Divergence};
pub use inspect::{Metrics, Trace, MAX_GRID};
pub use schema::{trainer_schema, OptimizerInfo};
pub use step::{Budget, MAX_STEPS_PER_CALL};
pub use work::MAX_WORK;

use ndarray::{Array1, Array2};
use serde::Serialize;
use tsify::Tsify;

use crate::config::{TrainerConfig, ValidConfig};
use crate::data::{self, DataSpec, DatasetKind, Point, MAX_POINTS, VIEW_HALF};
use crate::error::{Code, EngineError, Range, Result};
use crate::loss::Regularization;
use crate::model::{self, Network, Workspace};
use crate::optimizer::Optimizer;
use crate::rng::{Rng, Stream};

/// Samples per chunk when evaluating sets and grids (forward passes only).
const EVAL_CHUNK: usize = 256;

/// The training or test points as arrays.
#[derive(Clone, Debug, Default)]
struct Split {
    /// n × 2 coordinates.
    x: Array2<f64>,
    /// Labels ±1 as f64.
    y: Vec<f64>,
}

impl Split {
    fn len(&self) -> usize {
        self.y.len()
    }
}

/// Counters of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    pub samples_seen: u64,
    /// Completed batches (optimizer steps).
    pub iteration: u64,
    /// Completed epochs.
    pub epoch: u64,
}

/// What a config change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ConfigChange {
    /// The points were regenerated (or re-split).
    pub data_reset: bool,
    /// The weights went back to their seeded initial values and the counters to 0.
    pub weights_reset: bool,
}

/// The parameter vector after every step, for drawing descent paths. Snapshots are kept every
/// `stride` steps; when they would exceed `PATH_CAP` numbers, every other one is dropped and the
/// stride doubles (so the 2-parameter model keeps every step for 16,384 steps).
#[derive(Clone, Debug, PartialEq)]
struct ParamPath {
    stride: u64,
    /// Steps since the last snapshot.
    since: u64,
    data: Vec<f64>,
}

/// 2^15 numbers: every step of the lab's 2-parameter model for 16,384 steps; a saved state of
/// any net stays under a megabyte.
const PATH_CAP: usize = 1 << 15;

impl ParamPath {
    fn new(params: &[f64]) -> Self {
        ParamPath { stride: 1, since: 0, data: params.to_vec() }
    }

    fn record(&mut self, params: &[f64]) {
        self.since += 1;
        if self.since < self.stride {
            return;
        }
        self.since = 0;
        if self.data.len() + params.len() > PATH_CAP {
            // Keep every other snapshot, moved down in place (no allocation per halving).
            let n = params.len().max(1);
            let snapshots = self.data.len() / n;
            for k in 1..snapshots.div_ceil(2) {
                self.data.copy_within(2 * k * n..(2 * k + 1) * n, k * n);
            }
            self.data.truncate(snapshots.div_ceil(2) * n);
            self.stride *= 2;
            // The kept snapshots sit at steps 0, 2s, 4s, … (s the old stride); the one due now
            // is at snapshots·s, a multiple of the new stride 2s only when `snapshots` is even.
            // Otherwise wait one old stride for the next multiple, so the spacing stays regular.
            if snapshots % 2 == 1 {
                self.since = self.stride / 2;
                return;
            }
        }
        self.data.extend_from_slice(params);
    }
}

pub struct Engine {
    cfg: ValidConfig,
    points: Vec<Point>,
    /// The points were edited, imported or re-split by hand since they were generated.
    edited: bool,
    train: Split,
    test: Split,
    net: Network,
    opt: Optimizer,
    shuffle: Rng,
    /// Training rows in this epoch's order.
    order: Vec<usize>,
    /// Next position in `order`.
    cursor: usize,
    /// Samples accumulated into the current batch.
    in_batch: usize,
    batch_loss: f64,
    /// The first non-finite model output of the current batch, if any.
    batch_output: Option<f64>,
    grad_acc: Array1<f64>,
    /// Mean gradient (with regularization) of the last completed batch.
    last_grad: Array1<f64>,
    counters: Counters,
    /// Train and test loss and accuracy per epoch, from epoch 0 (the initial weights).
    record: record::Record,
    diverged: Option<Divergence>,
    path: ParamPath,
    ws: Workspace,
    y_batch: Vec<f64>,
    eval_ws: Workspace,
    y_eval: Vec<f64>,
    metrics: Option<inspect::Evaluation>,
    /// Room for the frozen parameters' values during a step.
    frozen_keep: Vec<f64>,
    grid: Vec<f32>,
}

impl Engine {
    /// A run of a checked config on the points its seed generates.
    pub fn new(cfg: ValidConfig) -> Engine {
        let points = data::generate(&DataSpec::from_config(&cfg), cfg.seed());
        Engine::with_points(cfg, points, false)
    }

    /// A run of a checked config on the given points.
    fn with_points(cfg: ValidConfig, points: Vec<Point>, edited: bool) -> Engine {
        let seed = cfg.seed();
        let net = model::build(&cfg, seed);
        let n = net.n_params();
        let mut engine = Engine {
            opt: Optimizer::new(cfg.optimizer, cfg.hyperparams(), n),
            shuffle: Rng::new(seed as u64, Stream::Shuffle),
            eval_ws: net.workspace(EVAL_CHUNK),
            ws: net.workspace(1),
            path: ParamPath::new(&[]),
            grad_acc: Array1::zeros(n),
            last_grad: Array1::zeros(n),
            net,
            cfg,
            points,
            edited,
            train: Split::default(),
            test: Split::default(),
            order: Vec::new(),
            cursor: 0,
            in_batch: 0,
            batch_loss: 0.0,
            batch_output: None,
            counters: Counters::default(),
            record: record::Record::default(),
            diverged: None,
            y_batch: Vec::new(),
            y_eval: vec![0.0; EVAL_CHUNK],
            metrics: None,
            grid: Vec::new(),
            frozen_keep: Vec::new(),
        };
        engine.rebuild_splits();
        engine.reset_training();
        engine
    }

    pub fn config(&self) -> &TrainerConfig {
        self.cfg.config()
    }

    pub fn seed(&self) -> u32 {
        self.cfg.seed()
    }

    pub fn points(&self) -> &[Point] {
        &self.points
    }

    pub fn edited(&self) -> bool {
        self.edited
    }

    pub fn network(&self) -> &Network {
        &self.net
    }

    pub fn params(&self) -> &[f64] {
        model::mlp::flat(&self.net.params)
    }

    pub fn counters(&self) -> Counters {
        self.counters
    }

    pub fn n_train(&self) -> usize {
        self.train.len()
    }

    /// Samples per batch in effect: `batchSize`, or the whole training set if smaller.
    pub fn batch_size(&self) -> usize {
        self.cfg.batch_size.min(self.train.len()).max(1)
    }

    /// Iterations (batches) per epoch: ceil(n_train / batch).
    pub fn iterations_per_epoch(&self) -> usize {
        self.train.len().div_ceil(self.batch_size())
    }

    /// The point (its index in `points()`) the next sample step trains on; None without
    /// training points. At an epoch's start the epoch's order is not drawn yet: the shuffle is
    /// run on copies of the order and the generator, so peeking changes nothing.
    pub fn next_sample(&self) -> Option<usize> {
        let row = match self.order.get(self.cursor) {
            // Mid-epoch (samples done; a batch in progress implies some): the order is drawn.
            Some(&row) if self.cursor > 0 => row,
            _ => {
                let (mut order, mut rng) = (self.order.clone(), self.shuffle.clone());
                rng.shuffle(&mut order);
                *order.first()?
            }
        };
        self.points.iter().enumerate().filter(|(_, p)| !p.test).nth(row).map(|(i, _)| i)
    }

    /// Position inside the current epoch: samples done, and samples in the current batch.
    pub fn position(&self) -> (usize, usize) {
        (self.cursor, self.in_batch)
    }

    pub fn diverged(&self) -> Option<&Divergence> {
        self.diverged.as_ref()
    }

    /// Train and test loss per recorded epoch: [train0, test0, train1, test1, …] (every epoch
    /// while the record fits, then thinned; see `record.rs` and `history_epochs`).
    pub fn history(&self) -> Vec<f64> {
        self.record.pairs(0, 1)
    }

    /// Train and test accuracy per recorded epoch, alongside `history`.
    pub fn accuracy_history(&self) -> Vec<f64> {
        self.record.pairs(2, 3)
    }

    /// The epoch of each entry of `history` and `accuracy_history`.
    pub fn history_epochs(&self) -> Vec<f64> {
        self.record.epochs()
    }

    /// Epochs between the record's kept entries.
    pub fn history_stride(&self) -> u64 {
        self.record.stride()
    }

    /// Rebuilds the train/test arrays from `points`; the epoch restarts (weights are kept).
    fn rebuild_splits(&mut self) {
        let (mut train, mut test) = (Vec::new(), Vec::new());
        for (i, p) in self.points.iter().enumerate() {
            if p.test {
                test.push(i)
            } else {
                train.push(i)
            }
        }
        let build = |index: Vec<usize>| {
            let mut x = Array2::zeros((index.len(), 2));
            let mut y = Vec::with_capacity(index.len());
            for (r, &i) in index.iter().enumerate() {
                x[[r, 0]] = self.points[i].x[0];
                x[[r, 1]] = self.points[i].x[1];
                y.push(self.points[i].label as f64);
            }
            Split { x, y }
        };
        self.train = build(train);
        self.test = build(test);
        self.restart_epoch();
        self.metrics = None;
    }

    /// Starts the current epoch over (identity order, empty batch) and sizes the buffers.
    fn restart_epoch(&mut self) {
        self.order = (0..self.train.len()).collect();
        self.cursor = 0;
        self.discard_partial_batch();
        let b = self.batch_size();
        // The network's shape changes only in `reset_training`, which makes a fresh workspace
        // first; here only the batch size can have changed.
        if self.ws.cap != b {
            self.ws = self.net.workspace(b);
        }
        self.y_batch.resize(b, 0.0);
    }

    fn discard_partial_batch(&mut self) {
        self.in_batch = 0;
        self.batch_loss = 0.0;
        self.batch_output = None;
        self.grad_acc.fill(0.0);
    }

    /// Seeded initial weights, fresh optimizer, counters and history at 0.
    fn reset_training(&mut self) {
        self.net = model::build(&self.cfg, self.cfg.seed());
        let n = self.net.n_params();
        self.opt = Optimizer::new(self.cfg.optimizer, self.cfg.hyperparams(), n);
        self.shuffle = Rng::new(self.cfg.seed() as u64, Stream::Shuffle);
        self.grad_acc = Array1::zeros(n);
        self.last_grad = Array1::zeros(n);
        self.counters = Counters::default();
        self.diverged = None;
        self.path = ParamPath::new(model::mlp::flat(&self.net.params));
        self.eval_ws = self.net.workspace(EVAL_CHUNK);
        self.ws = self.net.workspace(self.batch_size());
        self.restart_epoch();
        self.metrics = None;
        self.record.clear();
        self.record_history();
    }

    /// Applies a new config. Data fields (dataset, points, noise, seed, angle, margin) regenerate
    /// the points and reset the weights; `trainRatio` alone re-splits the same points; model
    /// fields (model, hidden, activation(s), leakyAlpha, the effective loss) reset the weights;
    /// a new optimizer kind starts a fresh optimizer state; learning rate, hyperparameters,
    /// batch size and regularization apply from the next step on.
    pub fn set_config(&mut self, new: ValidConfig) -> ConfigChange {
        let old = std::mem::replace(&mut self.cfg, new);
        let new = &self.cfg;
        let linear = new.dataset == DatasetKind::Linear;
        let regenerate = old.dataset != new.dataset
            || old.points != new.points
            || old.noise != new.noise
            || old.seed != new.seed
            || (linear && (old.angle != new.angle || old.margin != new.margin));
        let resplit = !regenerate && old.train_ratio != new.train_ratio;
        let hidden_acts =
            |c: &TrainerConfig| (0..c.hidden_layers().len()).map(|i| c.hidden_activation(i)).collect::<Vec<_>>();
        let model_changed = old.model != new.model
            || old.hidden_layers() != new.hidden_layers()
            || hidden_acts(&old) != hidden_acts(new)
            || old.leaky_alpha != new.leaky_alpha
            || old.effective_loss() != new.effective_loss();
        let seed = self.cfg.seed();
        if regenerate {
            self.points = data::generate(&DataSpec::from_config(&self.cfg), seed);
            self.edited = false;
        } else if resplit {
            data::mark_test_set(&mut self.points, self.cfg.train_ratio, seed);
        }
        if regenerate || resplit {
            self.rebuild_splits();
        }
        let weights_reset = regenerate || resplit || model_changed;
        if weights_reset {
            self.reset_training();
        } else {
            if old.optimizer != self.cfg.optimizer {
                self.opt = Optimizer::new(self.cfg.optimizer, self.cfg.hyperparams(), self.net.n_params());
            } else {
                self.opt.hyper = self.cfg.hyperparams();
            }
            if old.batch_size != self.cfg.batch_size {
                // Samples of an unfinished batch are processed again in the new batch size.
                self.cursor -= self.in_batch;
                self.discard_partial_batch();
                let b = self.batch_size();
                self.ws = self.net.workspace(b);
                self.y_batch.resize(b, 0.0);
            }
        }
        ConfigChange { data_reset: regenerate || resplit, weights_reset }
    }

    /// Restarts training from the seed's initial weights, on the same points (edits kept). With
    /// a new `seed`, regenerates the points from it first.
    pub fn reset(&mut self, seed: Option<u32>) {
        if let Some(s) = seed {
            if s != self.cfg.seed() {
                self.cfg = self.cfg.clone().with_seed(s);
                self.points = data::generate(&DataSpec::from_config(&self.cfg), s);
                self.edited = false;
                self.rebuild_splits();
            }
        }
        self.reset_training();
    }

    /// Adds a training point of class `label` (1, or −1 / 0 for class −1). The weights are
    /// kept; the epoch restarts with the new point.
    pub fn add_point(&mut self, x: f64, y: f64, label: i32) -> Result<()> {
        let view = Range::closed(-VIEW_HALF, VIEW_HALF);
        view.check("x", x)?;
        view.check("y", y)?;
        let label = match label {
            1 => 1,
            0 | -1 => -1,
            other => return Err(EngineError::choice("label", &other.to_string(), &["1", "-1", "0"])),
        };
        if self.points.len() >= MAX_POINTS {
            return Err(EngineError::new(Code::Full, "points").with_max(MAX_POINTS as f64));
        }
        self.points.push(Point { x: [x, y], label, test: false });
        self.edited = true;
        self.rebuild_splits();
        Ok(())
    }

    /// Removes point `i` (an index into `points()`). The weights are kept; the epoch restarts.
    pub fn remove_point(&mut self, i: usize) -> Result<()> {
        let n = self.points.len();
        if i >= n {
            return Err(EngineError::index("i", i as f64, n));
        }
        if !self.points[i].test && self.train.len() == 1 {
            return Err(EngineError::new(Code::LastTrainingPoint, "i").with_value(i));
        }
        self.points.remove(i);
        self.edited = true;
        self.rebuild_splits();
        Ok(())
    }

    /// Replaces the points by those of a CSV text (see `csv`), and restarts training. On error
    /// the current points stay.
    pub fn import_csv(&mut self, text: &str) -> Result<()> {
        self.points = crate::csv::parse(text)?;
        self.edited = true;
        self.rebuild_splits();
        self.reset_training();
        Ok(())
    }

    pub fn export_csv(&self) -> String {
        crate::csv::format(&self.points)
    }

    /// Adds the regularization gradient to `grad` for the weights (not the biases), and zeroes
    /// the gradient of frozen parameters, so every optimizer leaves them in place.
    fn add_regularization(&self, grad: &mut [f64], params: &[f64]) {
        let frozen = self.cfg.frozen();
        for &p in frozen {
            grad[p] = 0.0;
        }
        let rate = self.cfg.regularization_rate;
        if rate == 0.0 || self.cfg.regularization == Regularization::None {
            return;
        }
        for l in 0..self.net.n_layers() {
            let (w, _) = self.net.layer_ranges(l);
            for p in w.filter(|p| !frozen.contains(p)) {
                grad[p] += match self.cfg.regularization {
                    Regularization::L2 => rate * params[p],
                    Regularization::L1 => {
                        rate * if params[p] > 0.0 {
                            1.0
                        } else if params[p] < 0.0 {
                            -1.0
                        } else {
                            0.0
                        }
                    }
                    Regularization::None => 0.0,
                };
            }
        }
    }
}

#[cfg(test)]
mod path_tests {
    use super::*;

    /// Records `steps` steps of an n-number parameter vector whose every entry is the step number.
    fn walk(n: usize, steps: u64) -> ParamPath {
        let mut p = ParamPath::new(&vec![0.0; n]);
        for k in 1..=steps {
            p.record(&vec![k as f64; n]);
        }
        p
    }

    /// The step of each kept snapshot.
    fn steps(p: &ParamPath, n: usize) -> Vec<u64> {
        p.data.chunks(n).map(|s| s[0] as u64).collect()
    }

    #[test]
    fn the_path_fills_to_its_cap_before_it_halves() {
        for n in [1, 2, 3, 5] {
            let full = (PATH_CAP / n) as u64 - 1;
            let p = walk(n, full);
            assert_eq!((p.data.len(), p.stride), (PATH_CAP / n * n, 1), "n = {n}: full, not yet halved");
            let p = walk(n, full + 1);
            assert_eq!(p.stride, 2, "n = {n}: one more step halves it");
            assert!(p.data.len() <= PATH_CAP / 2 + n, "n = {n}: {} numbers", p.data.len());
        }
    }

    #[test]
    fn snapshots_stay_evenly_spaced_through_every_halving() {
        for n in [1, 2, 3, 5, 7] {
            for total in [40_000u64, 100_003, 250_000] {
                let p = walk(n, total);
                let s = steps(&p, n);
                assert!(p.data.len() <= PATH_CAP, "n = {n}: bounded");
                // Snapshot k is step k·stride, and the newest is the last multiple reached.
                let want: Vec<u64> = (0..=total / p.stride).map(|k| k * p.stride).collect();
                assert_eq!(s, want, "n = {n}, {total} steps, stride {}", p.stride);
                assert!(p.since < p.stride);
                assert_eq!(p.since, total % p.stride, "n = {n}: steps since the newest snapshot");
            }
        }
    }
}
