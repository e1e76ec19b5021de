//! The gradient-descent lab: optimizers racing on one 2D surface from the same start point.
//!
//! Each racer is an `optimizer::Optimizer` over the two coordinates — the very code that
//! trains the networks — stepping against the surface's analytic gradient. A path stops when it
//! leaves the surface's box, when a value stops being finite, or after `maxSteps`. A racer is
//! marked *diverged* when its value is above the starting value and has risen three steps in a
//! row, or leaves the box while above the start and rising, or stops being finite: a step size
//! past 2/L on the bowl is divergence, while one overshoot of a momentum method (a single step
//! above the start) is not, and a path that slides downhill out of the box has only left it.
//! A step whose position, value, gradient or optimizer state would not be finite is not taken:
//! the racer stops, diverged, at its last finite point, so every path and status is finite.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::choice::choice_enum;
use crate::engine::OptimizerInfo;
use crate::error::{Code, EngineError, Range, Result};
use crate::optimizer::{Hyperparams, Optimizer, OptimizerKind, ALPHA, BETA1, BETA2, EPSILON, LEARNING_RATE, MOMENTUM};
use crate::schema::{Field, FieldKind};
use crate::surface::Surface;

/// Most racers on one surface.
pub const MAX_RACERS: usize = 8;
/// Most steps one racer takes.
pub const MAX_STEPS: u64 = 100_000;

/// One optimizer of the race. Defaults: `sgd`, learning rate 0.1, torch's hyperparameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
#[tsify(missing_as_null)]
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

pub const KIND: Field = Field::choice("kind", OptimizerKind::NAMES);
pub const LABEL: Field = Field::new("label", FieldKind::Text { max_chars: 80 }).nullable();

/// Every field of `RacerConfig`, in its order.
pub const RACER_FIELDS: &[Field] = &[KIND, LEARNING_RATE, MOMENTUM, ALPHA, BETA1, BETA2, EPSILON, LABEL];

/// A race: the surface, the common start (default: the surface's) and the optimizers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
#[tsify(missing_as_null)]
pub struct RaceConfig {
    pub surface: Surface,
    #[tsify(type = "[number, number] | null")]
    pub start: Option<[f64; 2]>,
    pub optimizers: Vec<RacerConfig>,
    /// 1..=100000. Default 10000.
    pub max_steps: u64,
}

impl Default for RaceConfig {
    fn default() -> Self {
        RaceConfig { surface: Surface::Bowl, start: None, optimizers: vec![RacerConfig::default()], max_steps: 10_000 }
    }
}

const COORDINATE: FieldKind = FieldKind::Number(Range::ANY);
const RACER: FieldKind = FieldKind::Object { fields: RACER_FIELDS };

pub const SURFACE: Field = Field::choice("surface", Surface::NAMES);
pub const START: Field =
    Field::new("start", FieldKind::List { item: &COORDINATE, min_items: 2, max_items: 2 }).nullable();
pub const OPTIMIZERS: Field =
    Field::new("optimizers", FieldKind::List { item: &RACER, min_items: 1, max_items: MAX_RACERS });
pub const MAX_STEPS_FIELD: Field = Field::number("maxSteps", Range::whole(1.0, MAX_STEPS as f64));

/// Every field of `RaceConfig`, in its order.
pub const RACE_FIELDS: &[Field] = &[SURFACE, START, OPTIMIZERS, MAX_STEPS_FIELD];

impl RacerConfig {
    fn hyperparams(&self) -> Hyperparams {
        Hyperparams::with(
            self.kind,
            self.learning_rate,
            self.momentum,
            self.alpha,
            self.beta1,
            self.beta2,
            self.epsilon,
        )
    }

    fn label(&self) -> String {
        self.label.clone().unwrap_or_else(|| format!("{} {}", self.kind.name(), self.learning_rate))
    }
}

choice_enum! {
    /// Where a racer is in its run. `diverged` is kept once reached: it climbed three steps in
    /// a row above its start value (it may still be moving), or a value stopped being finite.
    pub enum RacerState {
        Running = "running",
        Diverged = "diverged",
        /// Slid out of the box while going downhill: stopped, not diverged.
        LeftBox = "leftBox",
        /// Climbed out of the box: stopped and diverged.
        DivergedLeftBox = "divergedLeftBox",
        /// Took `maxSteps` steps.
        Finished = "finished",
    }
}

/// What a racer shows after its last step.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
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
    pub state: RacerState,
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
    state: RacerState,
    stopped: bool,
}

/// Optimizers racing on one surface from one start.
#[derive(Clone, Debug)]
pub struct Race {
    cfg: RaceConfig,
    start: [f64; 2],
    racers: Vec<Racer>,
}

/// What the lab's page needs to build its controls: the race's and a racer's fields, each
/// optimizer's hyperparameters and defaults, the limits and the error codes.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RaceSchema {
    #[tsify(type = "Field[]")]
    pub fields: &'static [Field],
    #[tsify(type = "Field[]")]
    pub racer_fields: &'static [Field],
    pub defaults: RaceConfig,
    pub racer_defaults: RacerConfig,
    pub optimizers: Vec<OptimizerInfo>,
    pub max_racers: usize,
    pub max_steps: u64,
    #[tsify(type = "Code[]")]
    pub error_codes: &'static [Code],
}

pub fn race_schema() -> RaceSchema {
    let racer = RacerConfig::default();
    RaceSchema {
        fields: RACE_FIELDS,
        racer_fields: RACER_FIELDS,
        defaults: RaceConfig::default(),
        optimizers: OptimizerInfo::all(racer.learning_rate),
        racer_defaults: racer,
        max_racers: MAX_RACERS,
        max_steps: MAX_STEPS,
        error_codes: Code::ALL,
    }
}

fn inside(b: [f64; 4], p: [f64; 2]) -> bool {
    p[0] >= b[0] && p[0] <= b[1] && p[1] >= b[2] && p[1] <= b[3]
}

impl Race {
    /// A race of `cfg`; errors name the field path (e.g. `optimizers[2].beta1`).
    pub fn new(cfg: RaceConfig) -> Result<Race> {
        OPTIMIZERS.check_len(cfg.optimizers.len())?;
        for (i, r) in cfg.optimizers.iter().enumerate() {
            r.hyperparams().check().map_err(|e| e.within(&format!("optimizers[{i}]")))?;
            if let Some(label) = &r.label {
                if label.chars().count() > 80 {
                    return Err(EngineError::too_long(&format!("optimizers[{i}].label"), label.chars().count(), 80));
                }
            }
        }
        MAX_STEPS_FIELD.check(cfg.max_steps as f64)?;
        let start = cfg.start.unwrap_or(cfg.surface.info().start);
        let mut d = Race { start, racers: Vec::new(), cfg };
        d.set_start(start[0], start[1])?;
        Ok(d)
    }

    pub fn config(&self) -> &RaceConfig {
        &self.cfg
    }

    pub fn surface(&self) -> Surface {
        self.cfg.surface
    }

    /// Moves the common start and restarts every racer from it.
    pub fn set_start(&mut self, x: f64, y: f64) -> Result<()> {
        let b = self.cfg.surface.info().r#box;
        Range::closed(b[0], b[1]).check("start[0]", x)?;
        Range::closed(b[2], b[3]).check("start[1]", y)?;
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
                opt: Optimizer::new(c.kind, c.hyperparams(), 2),
                config: c.clone(),
                pos: [x, y],
                path: vec![x, y],
                start_value: f0,
                last_value: f0,
                rising: 0,
                state: RacerState::Running,
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
                let before = (r.pos, r.opt.clone());
                r.opt.step(&mut r.pos, &g);
                let f = s.value(r.pos[0], r.pos[1]);
                let moments = r.opt.m.iter().chain(&r.opt.v).all(|v| v.is_finite());
                if !(g.iter().all(|v| v.is_finite()) && f.is_finite() && r.pos.iter().all(|p| p.is_finite()) && moments)
                {
                    // A step that overflows is not taken: the racer stays at its last finite
                    // point (so nothing drawn or shown is ∞ or NaN), diverged and stopped.
                    (r.pos, r.opt) = before;
                    r.state = RacerState::Diverged;
                    r.stopped = true;
                    break;
                }
                r.path.extend_from_slice(&r.pos);
                {
                    let climbing = f > r.start_value && f > r.last_value;
                    r.rising = if climbing { r.rising + 1 } else { 0 };
                    if r.rising >= 3 {
                        r.state = RacerState::Diverged;
                    }
                    if !inside(b, r.pos) {
                        let diverged = climbing || r.state == RacerState::Diverged;
                        r.state = if diverged { RacerState::DivergedLeftBox } else { RacerState::LeftBox };
                        r.stopped = true;
                    }
                }
                if r.opt.t >= self.cfg.max_steps && !r.stopped {
                    r.stopped = true;
                    if r.state == RacerState::Running {
                        r.state = RacerState::Finished;
                    }
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
                state: r.state,
                stopped: r.stopped,
            })
            .collect()
    }
}
