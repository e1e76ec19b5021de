//! Gradient-descent optimizers: one call, one step, on a flat slice of parameters.
//!
//! The update rules and default hyperparameters follow the documentation of PyTorch's
//! `torch.optim` (SGD with `momentum`/`nesterov`, `Adagrad`, `RMSprop`, `Adam`, without weight
//! decay — regularization is added to the gradient by the trainer), so a learner can compare
//! with the framework they will use next. With g the gradient, θ the parameters, γ the learning
//! rate and t the step number (from 1):
//!
//! - **sgd**: θ ← θ − γ·g
//! - **momentum** (torch `SGD(momentum=μ)`, dampening 0): b ← μ·b + g (b = g at t = 1); θ ← θ − γ·b
//! - **nesterov** (torch `SGD(momentum=μ, nesterov=True)`): b as above; θ ← θ − γ·(g + μ·b)
//! - **adagrad** (torch `Adagrad`, lr_decay 0, initial accumulator 0): s ← s + g²;
//!   θ ← θ − γ·g / (√s + ε), ε = 1e-10
//! - **rmsprop** (torch `RMSprop`, not centered): v ← α·v + (1 − α)·g²; with μ = 0:
//!   θ ← θ − γ·g / (√v + ε); with μ > 0: b ← μ·b + g / (√v + ε), θ ← θ − γ·b. α = 0.99, ε = 1e-8
//! - **adam** (torch `Adam`, amsgrad off): m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
//!   m̂ = m / (1 − β1^t); v̂ = v / (1 − β2^t); θ ← θ − γ·m̂ / (√v̂ + ε). β1 = 0.9, β2 = 0.999, ε = 1e-8
//!
//! The same code moves the Trainer's weights and the descent lab's points on 2D surfaces.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::choice::choice_enum;
use crate::error::{Range, Result};
use crate::schema::Field;

choice_enum! {
    /// The optimizers by their JavaScript names.
    pub enum OptimizerKind {
        Sgd = "sgd",
        Momentum = "momentum",
        Nesterov = "nesterov",
        Adagrad = "adagrad",
        Rmsprop = "rmsprop",
        Adam = "adam",
    }
}

/// The hyperparameter fields, shared by a run's config and the lab's racers. `momentum` and
/// `epsilon` are nullable: `null` (or leaving them out) means torch's default for the kind.
pub const LEARNING_RATE: Field = Field::number("learningRate", Range::POSITIVE);
pub const MOMENTUM: Field = Field::number("momentum", Range::UNIT).nullable();
pub const ALPHA: Field = Field::number("alpha", Range::UNIT);
pub const BETA1: Field = Field::number("beta1", Range::UNIT);
pub const BETA2: Field = Field::number("beta2", Range::UNIT);
pub const EPSILON: Field = Field::number("epsilon", Range::POSITIVE).nullable();

/// Hyperparameters of one optimizer, with torch's names.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Hyperparams {
    pub learning_rate: f64,
    pub momentum: f64,
    pub alpha: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub epsilon: f64,
}

impl Hyperparams {
    /// torch's defaults for `kind`, except the learning rate (given) and the momentum of
    /// `momentum`/`nesterov` (0.9, since torch's 0 would make them plain SGD).
    pub fn defaults(kind: OptimizerKind, learning_rate: f64) -> Self {
        Hyperparams {
            learning_rate,
            momentum: match kind {
                OptimizerKind::Momentum | OptimizerKind::Nesterov => 0.9,
                _ => 0.0,
            },
            alpha: 0.99,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: match kind {
                OptimizerKind::Adagrad => 1e-10,
                _ => 1e-8,
            },
        }
    }

    /// Given values, with `defaults` for the momentum and epsilon left out.
    pub fn with(
        kind: OptimizerKind,
        learning_rate: f64,
        momentum: Option<f64>,
        alpha: f64,
        beta1: f64,
        beta2: f64,
        epsilon: Option<f64>,
    ) -> Self {
        let d = Hyperparams::defaults(kind, learning_rate);
        Hyperparams {
            momentum: momentum.unwrap_or(d.momentum),
            alpha,
            beta1,
            beta2,
            epsilon: epsilon.unwrap_or(d.epsilon),
            ..d
        }
    }

    /// Range checks of every hyperparameter; errors name the field ("learningRate", …).
    pub fn check(&self) -> Result<()> {
        LEARNING_RATE.check(self.learning_rate)?;
        MOMENTUM.check(self.momentum)?;
        ALPHA.check(self.alpha)?;
        BETA1.check(self.beta1)?;
        BETA2.check(self.beta2)?;
        EPSILON.check(self.epsilon)
    }
}

impl OptimizerKind {
    /// The hyperparameters (besides the learning rate) this optimizer reads, by field name.
    pub fn uses(self) -> &'static [&'static str] {
        match self {
            OptimizerKind::Sgd => &[],
            OptimizerKind::Momentum | OptimizerKind::Nesterov => &["momentum"],
            OptimizerKind::Adagrad => &["epsilon"],
            OptimizerKind::Rmsprop => &["momentum", "alpha", "epsilon"],
            OptimizerKind::Adam => &["beta1", "beta2", "epsilon"],
        }
    }
}

/// An optimizer with its per-parameter state: `m` holds the momentum buffer, AdaGrad's sum or
/// Adam's first moment; `v` holds RMSProp's and Adam's second moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Optimizer {
    pub kind: OptimizerKind,
    pub hyper: Hyperparams,
    /// Steps taken so far (t after a step).
    pub t: u64,
    pub m: Vec<f64>,
    pub v: Vec<f64>,
}

impl Optimizer {
    pub fn new(kind: OptimizerKind, hyper: Hyperparams, n_params: usize) -> Self {
        Optimizer { kind, hyper, t: 0, m: vec![0.0; n_params], v: vec![0.0; n_params] }
    }

    /// One step: moves `params` against `grads` and advances the state.
    pub fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        self.t += 1;
        let h = self.hyper;
        let lr = h.learning_rate;
        let first = self.t == 1;
        let (m, v) = (&mut self.m, &mut self.v);
        match self.kind {
            OptimizerKind::Sgd => {
                for (p, &g) in params.iter_mut().zip(grads) {
                    *p -= lr * g;
                }
            }
            OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                let nesterov = self.kind == OptimizerKind::Nesterov;
                for ((p, &g), b) in params.iter_mut().zip(grads).zip(m.iter_mut()) {
                    *b = if first { g } else { h.momentum * *b + g };
                    let d = if nesterov { g + h.momentum * *b } else { *b };
                    *p -= lr * d;
                }
            }
            OptimizerKind::Adagrad => {
                for ((p, &g), s) in params.iter_mut().zip(grads).zip(m.iter_mut()) {
                    *s += g * g;
                    *p -= lr * g / (s.sqrt() + h.epsilon);
                }
            }
            OptimizerKind::Rmsprop => {
                for (((p, &g), b), sq) in params.iter_mut().zip(grads).zip(m.iter_mut()).zip(v.iter_mut()) {
                    *sq = h.alpha * *sq + (1.0 - h.alpha) * g * g;
                    let scaled = g / (sq.sqrt() + h.epsilon);
                    if h.momentum > 0.0 {
                        *b = h.momentum * *b + scaled;
                        *p -= lr * *b;
                    } else {
                        *p -= lr * scaled;
                    }
                }
            }
            OptimizerKind::Adam => {
                let t = self.t as f64;
                let c1 = 1.0 - libm::pow(h.beta1, t);
                let c2 = 1.0 - libm::pow(h.beta2, t);
                for (((p, &g), m1), m2) in params.iter_mut().zip(grads).zip(m.iter_mut()).zip(v.iter_mut()) {
                    *m1 = h.beta1 * *m1 + (1.0 - h.beta1) * g;
                    *m2 = h.beta2 * *m2 + (1.0 - h.beta2) * g * g;
                    *p -= lr * (*m1 / c1) / ((*m2 / c2).sqrt() + h.epsilon);
                }
            }
        }
    }

    /// The change `step` would make to `params` for `grads`, without changing anything.
    pub fn preview(&self, params: &[f64], grads: &[f64]) -> Vec<f64> {
        let mut probe = self.clone();
        let mut moved = params.to_vec();
        probe.step(&mut moved, grads);
        moved.iter().zip(params).map(|(a, b)| a - b).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two steps from θ = (1, −2) with the fixed gradients (0.5, −1) then (0.25, 2), learning
    /// rate 0.1; the expected values are worked out by hand in each comment.
    fn two_steps(kind: OptimizerKind, hyper: Hyperparams) -> [[f64; 2]; 2] {
        let mut opt = Optimizer::new(kind, hyper, 2);
        let mut p = [1.0, -2.0];
        opt.step(&mut p, &[0.5, -1.0]);
        let first = p;
        opt.step(&mut p, &[0.25, 2.0]);
        [first, p]
    }

    fn close(a: [[f64; 2]; 2], b: [[f64; 2]; 2]) {
        for s in 0..2 {
            for i in 0..2 {
                assert!((a[s][i] - b[s][i]).abs() < 1e-12, "step {s} param {i}: {} vs {}", a[s][i], b[s][i]);
            }
        }
    }

    #[test]
    fn sgd_first_steps() {
        // θ1 = (1 − 0.05, −2 + 0.1); θ2 = θ1 − 0.1·(0.25, 2)
        close(
            two_steps(OptimizerKind::Sgd, Hyperparams::defaults(OptimizerKind::Sgd, 0.1)),
            [[0.95, -1.9], [0.925, -2.1]],
        );
    }

    #[test]
    fn momentum_first_steps() {
        // b1 = g1 = (0.5, −1) → θ1 = (0.95, −1.9)
        // b2 = 0.9·b1 + g2 = (0.7, 1.1) → θ2 = (0.95 − 0.07, −1.9 − 0.11)
        let h = Hyperparams::defaults(OptimizerKind::Momentum, 0.1);
        close(two_steps(OptimizerKind::Momentum, h), [[0.95, -1.9], [0.88, -2.01]]);
    }

    #[test]
    fn nesterov_first_steps() {
        // b1 = (0.5, −1); d1 = g1 + 0.9·b1 = (0.95, −1.9) → θ1 = (0.905, −1.81)
        // b2 = (0.7, 1.1); d2 = g2 + 0.9·b2 = (0.88, 2.99) → θ2 = (0.817, −2.109)
        let h = Hyperparams::defaults(OptimizerKind::Nesterov, 0.1);
        close(two_steps(OptimizerKind::Nesterov, h), [[0.905, -1.81], [0.817, -2.109]]);
    }

    #[test]
    fn adagrad_first_steps() {
        // s1 = (0.25, 1) → θ1 = θ0 − 0.1·(0.5/(0.5 + ε), −1/(1 + ε)), ε = 1e-10
        // s2 = (0.3125, 5) → θ2 = θ1 − 0.1·(0.25/(√0.3125 + ε), 2/(√5 + ε))
        let h = Hyperparams::defaults(OptimizerKind::Adagrad, 0.1);
        let eps = 1e-10;
        let t1 = [1.0 - 0.05 / (0.5 + eps), -2.0 + 0.1 / (1.0 + eps)];
        let e = [t1, [t1[0] - 0.025 / (0.3125f64.sqrt() + eps), t1[1] - 0.2 / (5f64.sqrt() + eps)]];
        close(two_steps(OptimizerKind::Adagrad, h), e);
    }

    #[test]
    fn rmsprop_first_steps() {
        // v1 = 0.01·g1² = (0.0025, 0.01) → √v1 = (0.05, 0.1) → θ1 ≈ θ0 − 0.1·(10, −10) = (0, −1)
        // v2 = 0.99·v1 + 0.01·g2² = (0.0031, 0.0499) → θ2 = θ1 − 0.1·(0.25/√0.0031, 2/√0.0499)
        // (each denominator + ε, ε = 1e-8)
        let h = Hyperparams::defaults(OptimizerKind::Rmsprop, 0.1);
        let eps = 1e-8;
        let t1 = [1.0 - 0.05 / (0.05 + eps), -2.0 + 0.1 / (0.1 + eps)];
        let e = [t1, [t1[0] - 0.025 / (0.0031f64.sqrt() + eps), t1[1] - 0.2 / (0.0499f64.sqrt() + eps)]];
        close(two_steps(OptimizerKind::Rmsprop, h), e);
    }

    #[test]
    fn adam_first_steps() {
        // t=1: m̂ = g1, v̂ = g1² → θ1 = θ0 − 0.1·g1/(|g1| + ε) ≈ (0.9, −1.9)
        // t=2: m = 0.9·0.1·g1 + 0.1·g2 = (0.07, 0.11); m̂ = m / 0.19
        //      v = 0.999·0.001·g1² + 0.001·g2² = (0.00031225, 0.004999); v̂ = v / 0.001999
        let h = Hyperparams::defaults(OptimizerKind::Adam, 0.1);
        let step = |m: f64, v: f64| 0.1 * (m / 0.19) / ((v / 0.001999f64).sqrt() + 1e-8);
        let t1 = [1.0 - 0.05 / (0.5 + 1e-8), -2.0 + 0.1 / (1.0 + 1e-8)];
        let e = [t1, [t1[0] - step(0.07, 0.00031225), t1[1] - step(0.11, 0.004999)]];
        close(two_steps(OptimizerKind::Adam, h), e);
    }

    #[test]
    fn preview_changes_nothing_and_matches_the_step() {
        let mut opt = Optimizer::new(OptimizerKind::Adam, Hyperparams::defaults(OptimizerKind::Adam, 0.1), 2);
        let mut p = [1.0, -2.0];
        opt.step(&mut p, &[0.5, -1.0]);
        let before = opt.clone();
        let delta = opt.preview(&p, &[0.25, 2.0]);
        assert_eq!(opt, before);
        let old = p;
        opt.step(&mut p, &[0.25, 2.0]);
        assert_eq!(delta, vec![p[0] - old[0], p[1] - old[1]]);
    }
}
