//! The gradient-descent lab: optimizers racing on one 2D surface from the same start point.
//!
//! Each racer is an `optimizer::Optimizer` over the two coordinates — the very code that
//! trains the networks — stepping against the surface's analytic gradient. A path stops when it
//! leaves the surface's box, when a value stops being finite, or after `maxSteps`. A racer is
//! marked *diverged* when its value is above the starting value and has risen three steps in a
//! row, or leaves the box while above the start and rising, or stops being finite: a step size
//! past 2/L on the bowl is divergence, while one overshoot of a momentum method (a single step
//! above the start) is not, and a path that slides downhill out of the box has only left it.

use serde::{Deserialize, Serialize};

use crate::config::OptimizerKind;
use crate::error::{Error, Result};
use crate::optimizer::{Hyper, Optimizer};
use crate::surface::Surface;

/// Most racers on one surface.
pub const MAX_RACERS: usize = 8;
/// Most steps one racer takes.
pub const MAX_STEPS: u64 = 100_000;

/// One optimizer of the race. Defaults: `sgd`, learning rate 0.1, torch's hyperparameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RacerConfig {
    pub kind: OptimizerKind,
    pub learning_rate: f64,
    pub momentum: Option<f64>,
    pub alpha: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub epsilon: Option<f64>,
    /// Shown in the legend; default: the kind and learning rate, e.g. "sgd 0.1".
    pub label: Option<String>,
}

impl Default for RacerConfig {
    fn default() -> Self {
        RacerConfig {
            kind: OptimizerKind::Sgd,
            learning_rate: 0.1,
            momentum: None,
            alpha: 0.99,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: None,
            label: None,
        }
    }
}

pub const RACER_FIELDS: &[&str] = &["kind", "learningRate", "momentum", "alpha", "beta1", "beta2", "epsilon", "label"];

/// A race: the surface, the common start (default: the surface's) and the optimizers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct DescentConfig {
    pub surface: Surface,
    pub start: Option<[f64; 2]>,
    pub optimizers: Vec<RacerConfig>,
    /// 1..=100000. Default 10000.
    pub max_steps: u64,
}

impl Default for DescentConfig {
    fn default() -> Self {
        DescentConfig {
            surface: Surface::Bowl,
            start: None,
            optimizers: vec![RacerConfig::default()],
            max_steps: 10_000,
        }
    }
}

pub const DESCENT_FIELDS: &[&str] = &["surface", "start", "optimizers", "maxSteps"];

impl RacerConfig {
    fn validate(&self, i: usize) -> Result<()> {
        self.hyper().validate(&format!("optimizers[{i}]."))
    }

    fn hyper(&self) -> Hyper {
        Hyper::with(self.kind, self.learning_rate, self.momentum, self.alpha, self.beta1, self.beta2, self.epsilon)
    }

    fn label(&self) -> String {
        self.label.clone().unwrap_or_else(|| {
            let kind = serde_plain_name(self.kind);
            format!("{kind} {}", self.learning_rate)
        })
    }
}

/// The JS name of an optimizer kind ("sgd", "rmsprop", …).
pub fn serde_plain_name(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Sgd => "sgd",
        OptimizerKind::Momentum => "momentum",
        OptimizerKind::Nesterov => "nesterov",
        OptimizerKind::Adagrad => "adagrad",
        OptimizerKind::Rmsprop => "rmsprop",
        OptimizerKind::Adam => "adam",
    }
}

/// What a racer shows after its last step.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RacerStatus {
    pub label: String,
    pub kind: OptimizerKind,
    pub learning_rate: f64,
    pub steps: u64,
    pub position: [f64; 2],
    pub loss: f64,
    pub gradient: [f64; 2],
    /// Momentum buffer, AdaGrad's sum or Adam's first moment, per coordinate.
    pub m: [f64; 2],
    /// RMSProp's or Adam's second moment, per coordinate.
    pub v: [f64; 2],
    pub diverged: bool,
    pub left_box: bool,
    /// No more steps will be taken (left the box, non-finite, or at `maxSteps`).
    pub stopped: bool,
}

#[derive(Clone, Debug)]
struct Racer {
    config: RacerConfig,
    opt: Optimizer,
    pos: [f64; 2],
    path: Vec<f64>,
    start_value: f64,
    last_value: f64,
    /// Consecutive steps on which the value rose while above the start.
    rising: u32,
    diverged: bool,
    left_box: bool,
    stopped: bool,
}

#[derive(Clone, Debug)]
pub struct Descent {
    cfg: DescentConfig,
    start: [f64; 2],
    racers: Vec<Racer>,
}

fn inside(b: [f64; 4], p: [f64; 2]) -> bool {
    p[0] >= b[0] && p[0] <= b[1] && p[1] >= b[2] && p[1] <= b[3]
}

impl Descent {
    pub fn new(cfg: DescentConfig) -> Result<Descent> {
        if cfg.optimizers.is_empty() || cfg.optimizers.len() > MAX_RACERS {
            return Err(Error::config(
                "optimizers",
                format!("must list 1..={MAX_RACERS} optimizers, got {}", cfg.optimizers.len()),
            ));
        }
        for (i, r) in cfg.optimizers.iter().enumerate() {
            r.validate(i)?;
        }
        if !(1..=MAX_STEPS).contains(&cfg.max_steps) {
            return Err(Error::config("maxSteps", format!("must be 1..={MAX_STEPS}, got {}", cfg.max_steps)));
        }
        let start = cfg.start.unwrap_or(cfg.surface.info().start);
        let mut d = Descent { start, racers: Vec::new(), cfg };
        d.set_start(start[0], start[1])?;
        Ok(d)
    }

    pub fn config(&self) -> &DescentConfig {
        &self.cfg
    }

    pub fn surface(&self) -> Surface {
        self.cfg.surface
    }

    pub fn start(&self) -> [f64; 2] {
        self.start
    }

    /// Moves the common start and restarts every racer from it.
    pub fn set_start(&mut self, x: f64, y: f64) -> Result<()> {
        let b = self.cfg.surface.info().r#box;
        if !(x.is_finite() && y.is_finite() && inside(b, [x, y])) {
            return Err(Error::config(
                "start",
                format!("must lie in the box x ∈ [{}, {}], y ∈ [{}, {}], got ({x}, {y})", b[0], b[1], b[2], b[3]),
            ));
        }
        self.start = [x, y];
        self.cfg.start = Some([x, y]);
        self.reset();
        Ok(())
    }

    /// Every racer back at the start with a fresh optimizer state.
    pub fn reset(&mut self) {
        let [x, y] = self.start;
        let f0 = self.cfg.surface.value(x, y);
        self.racers = self
            .cfg
            .optimizers
            .iter()
            .map(|c| Racer {
                opt: Optimizer::new(c.kind, c.hyper(), 2),
                config: c.clone(),
                pos: [x, y],
                path: vec![x, y],
                start_value: f0,
                last_value: f0,
                rising: 0,
                diverged: false,
                left_box: false,
                stopped: false,
            })
            .collect();
    }

    /// Advances every racer that has not stopped by `n` steps.
    pub fn step(&mut self, n: u64) {
        let s = self.cfg.surface;
        let b = s.info().r#box;
        for r in &mut self.racers {
            for _ in 0..n {
                if r.stopped {
                    break;
                }
                let g = s.gradient(r.pos[0], r.pos[1]);
                r.opt.step(&mut r.pos, &g);
                r.path.extend_from_slice(&r.pos);
                let f = s.value(r.pos[0], r.pos[1]);
                if !(f.is_finite() && r.pos.iter().all(|p| p.is_finite())) {
                    r.diverged = true;
                    r.stopped = true;
                } else {
                    let climbing = f > r.start_value && f > r.last_value;
                    r.rising = if climbing { r.rising + 1 } else { 0 };
                    if r.rising >= 3 {
                        r.diverged = true;
                    }
                    if !inside(b, r.pos) {
                        r.left_box = true;
                        r.stopped = true;
                        r.diverged |= climbing;
                    }
                }
                if r.opt.t >= self.cfg.max_steps {
                    r.stopped = true;
                }
                r.last_value = f;
            }
        }
    }

    /// Each racer's path: x0, y0, x1, y1, … from the start.
    pub fn paths(&self) -> Vec<&[f64]> {
        self.racers.iter().map(|r| &r.path[..]).collect()
    }

    pub fn status(&self) -> Vec<RacerStatus> {
        let s = self.cfg.surface;
        self.racers
            .iter()
            .map(|r| RacerStatus {
                label: r.config.label(),
                kind: r.config.kind,
                learning_rate: r.config.learning_rate,
                steps: r.opt.t,
                position: r.pos,
                loss: r.last_value,
                gradient: s.gradient(r.pos[0], r.pos[1]),
                m: [r.opt.m[0], r.opt.m[1]],
                v: [r.opt.v[0], r.opt.v[1]],
                diverged: r.diverged,
                left_box: r.left_box,
                stopped: r.stopped,
            })
            .collect()
    }
}
