//! The one config of a training run: what JavaScript passes as a plain object, with every
//! field optional, and the single place where every field is range-checked.
//!
//! Field names are the JavaScript ones (camelCase). Defaults follow TensorFlow Playground where
//! it has one (points, noise, learning rate 0.03, batch size 10, one tanh layer) and
//! `torch.optim` for the optimizer hyperparameters.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Most points a dataset may hold (generated or edited). Keeps a full-batch step and a
/// 100 × 100 landscape cheap enough for a frame.
pub const MAX_POINTS: usize = 2000;
/// Most hidden layers of an MLP.
pub const MAX_HIDDEN_LAYERS: usize = 6;
/// Most units in a hidden layer.
pub const MAX_UNITS: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DatasetKind {
    Xor,
    Linear,
    Gauss,
    Circle,
    Spiral,
    Moons,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ModelKind {
    Perceptron,
    Adaline,
    Logistic,
    Mlp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ActivationKind {
    Step,
    Linear,
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LossKind {
    Mse,
    CrossEntropy,
    Perceptron,
    Hinge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OptimizerKind {
    Sgd,
    Momentum,
    Nesterov,
    Adagrad,
    Rmsprop,
    Adam,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Regularization {
    None,
    L1,
    L2,
}

/// Every setting of a run. All fields are optional in JavaScript; the defaults are listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Config {
    /// `xor` (default), `linear`, `gauss`, `circle`, `spiral`, `moons`.
    pub dataset: DatasetKind,
    /// Number of generated points, 1..=2000. Default 200.
    pub points: usize,
    /// 0..=1. Jitter of the points (standard deviation 2·noise in view-box units); for `gauss`
    /// it widens the blobs instead. Default 0.1.
    pub noise: f64,
    /// Share of the points used for training, in (0, 1]; the rest is the test set. Default 0.5.
    pub train_ratio: f64,
    /// Seed of every random choice (0..=4294967295). Default: picked at random, then reported.
    pub seed: Option<u32>,
    /// `linear` only: direction of the separating line's normal, in degrees. Default 30.
    pub angle: f64,
    /// `linear` only: width of the empty band around the separating line, 0..=4. Default 1.
    pub margin: f64,
    /// `perceptron`, `adaline`, `logistic` or `mlp` (default).
    pub model: ModelKind,
    /// `mlp` only: units per hidden layer, 0..=6 layers of 1..=16 units. Default [4].
    pub hidden: Vec<usize>,
    /// `mlp` only: the activation of every hidden layer. Default `tanh`.
    pub activation: ActivationKind,
    /// `mlp` only: one activation per hidden layer, overriding `activation`. Default [] (none).
    pub activations: Vec<ActivationKind>,
    /// Slope of Leaky ReLU for z < 0, in [0, 1). Default 0.01.
    pub leaky_alpha: f64,
    /// `mlp` only: `mse`, `crossEntropy` (default), `perceptron` or `hinge`. The other models
    /// fix their own loss (perceptron criterion, MSE, cross-entropy).
    pub loss: LossKind,
    /// `sgd` (default), `momentum`, `nesterov`, `adagrad`, `rmsprop`, `adam`.
    pub optimizer: OptimizerKind,
    /// Step size, finite and > 0. Default 0.03 for every optimizer.
    pub learning_rate: f64,
    /// Samples per gradient step, >= 1; 1 is stochastic GD, and a size at or above the
    /// training-set size is full-batch GD. Default 10.
    pub batch_size: usize,
    /// `none` (default), `l1` or `l2`; applies to weights, not biases.
    pub regularization: Regularization,
    /// Rate λ of the penalty (λ·Σ|w| or λ/2·Σw²), finite and >= 0. Default 0.
    pub regularization_rate: f64,
    /// Momentum μ of `momentum`, `nesterov` and `rmsprop`, in [0, 1). Default 0.9 for momentum
    /// and Nesterov (torch's default 0 would be plain SGD), 0 for RMSProp (as torch).
    pub momentum: Option<f64>,
    /// RMSProp's smoothing constant α, in [0, 1). Default 0.99 (torch).
    pub alpha: f64,
    /// Adam's β1, in [0, 1). Default 0.9 (torch).
    pub beta1: f64,
    /// Adam's β2, in [0, 1). Default 0.999 (torch).
    pub beta2: f64,
    /// Added to the denominator of AdaGrad, RMSProp and Adam; finite and > 0. Default 1e-10
    /// for AdaGrad, 1e-8 for RMSProp and Adam (torch).
    pub epsilon: Option<f64>,
    /// Evaluate the train and test loss at every epoch's end for the loss history. Default true;
    /// turning it off trains faster when no chart needs the history (those epochs get NaN).
    pub record_history: bool,
    /// Parameters that training leaves where they are, by name (see `parameterNames()`, e.g.
    /// "b[0][0]"): with logistic regression's bias frozen, the loss is a surface over (w1, w2)
    /// alone. Default [] (none).
    pub frozen: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dataset: DatasetKind::Xor,
            points: 200,
            noise: 0.1,
            train_ratio: 0.5,
            seed: None,
            angle: 30.0,
            margin: 1.0,
            model: ModelKind::Mlp,
            hidden: vec![4],
            activation: ActivationKind::Tanh,
            activations: Vec::new(),
            leaky_alpha: 0.01,
            loss: LossKind::CrossEntropy,
            optimizer: OptimizerKind::Sgd,
            learning_rate: 0.03,
            batch_size: 10,
            regularization: Regularization::None,
            regularization_rate: 0.0,
            momentum: None,
            alpha: 0.99,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: None,
            record_history: true,
            frozen: Vec::new(),
        }
    }
}

/// Names of every field, as JavaScript spells them (for unknown-field errors).
pub const FIELDS: &[&str] = &[
    "dataset",
    "points",
    "noise",
    "trainRatio",
    "seed",
    "angle",
    "margin",
    "model",
    "hidden",
    "activation",
    "activations",
    "leakyAlpha",
    "loss",
    "optimizer",
    "learningRate",
    "batchSize",
    "regularization",
    "regularizationRate",
    "momentum",
    "alpha",
    "beta1",
    "beta2",
    "epsilon",
    "recordHistory",
    "frozen",
];

fn check(ok: bool, field: &str, message: impl FnOnce() -> String) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::config(field, message()))
    }
}

/// A finite number in [lo, hi] (or [lo, hi) when `open_hi`).
pub(crate) fn in_range(field: &str, v: f64, lo: f64, hi: f64, open_hi: bool) -> Result<()> {
    let ok = v.is_finite() && v >= lo && if open_hi { v < hi } else { v <= hi };
    let close = if open_hi { ")" } else { "]" };
    check(ok, field, || format!("must be a number in [{lo}, {hi}{close}, got {v}"))
}

impl Config {
    /// Checks every field; the first problem found is returned, naming the field and value.
    pub fn validate(&self) -> Result<()> {
        check((1..=MAX_POINTS).contains(&self.points), "points", || {
            format!("must be 1..={MAX_POINTS}, got {}", self.points)
        })?;
        in_range("noise", self.noise, 0.0, 1.0, false)?;
        check(self.train_ratio.is_finite() && self.train_ratio > 0.0 && self.train_ratio <= 1.0, "trainRatio", || {
            format!("must be in (0, 1], got {}", self.train_ratio)
        })?;
        check(self.angle.is_finite(), "angle", || format!("must be a finite number of degrees, got {}", self.angle))?;
        in_range("margin", self.margin, 0.0, 4.0, false)?;
        check(self.hidden.len() <= MAX_HIDDEN_LAYERS, "hidden", || {
            format!("at most {MAX_HIDDEN_LAYERS} hidden layers, got {} ({:?})", self.hidden.len(), self.hidden)
        })?;
        for (i, &units) in self.hidden.iter().enumerate() {
            check((1..=MAX_UNITS).contains(&units), "hidden", || {
                format!("layer {i} must have 1..={MAX_UNITS} units, got {units} ({:?})", self.hidden)
            })?;
        }
        check(self.activations.is_empty() || self.activations.len() == self.hidden.len(), "activations", || {
            format!("must list one activation per hidden layer ({}), got {}", self.hidden.len(), self.activations.len())
        })?;
        in_range("leakyAlpha", self.leaky_alpha, 0.0, 1.0, true)?;
        crate::optimizer::Hyper::from_config(self).validate("")?;
        check((1..=MAX_POINTS).contains(&self.batch_size), "batchSize", || {
            format!(
                "must be 1..={MAX_POINTS} (at or above the training-set size means full batch), got {}",
                self.batch_size
            )
        })?;
        check(self.regularization_rate.is_finite() && self.regularization_rate >= 0.0, "regularizationRate", || {
            format!("must be finite and >= 0, got {}", self.regularization_rate)
        })?;
        Ok(())
    }

    /// The hidden layers the model actually has: none for the single-neuron models.
    pub fn hidden_layers(&self) -> &[usize] {
        match self.model {
            ModelKind::Mlp => &self.hidden,
            _ => &[],
        }
    }

    /// The activation of hidden layer `i`.
    pub fn hidden_activation(&self, i: usize) -> ActivationKind {
        self.activations.get(i).copied().unwrap_or(self.activation)
    }

    /// The loss that is minimised: the MLP's `loss`, or the one the classic model defines.
    pub fn effective_loss(&self) -> LossKind {
        match self.model {
            ModelKind::Perceptron => LossKind::Perceptron,
            ModelKind::Adaline => LossKind::Mse,
            ModelKind::Logistic => LossKind::CrossEntropy,
            ModelKind::Mlp => self.loss,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejects(cfg: Config, field: &str, value: &str) {
        let err = cfg.validate().expect_err("config should be rejected");
        let msg = err.to_string();
        assert_eq!(err.subject(), field, "{msg}");
        assert!(msg.starts_with(&format!("{field}:")), "{msg}");
        assert!(msg.contains(value), "message {msg:?} lacks the value {value}");
    }

    #[test]
    fn default_config_is_valid() {
        Config::default().validate().unwrap();
    }

    #[test]
    fn rejects_bad_points() {
        rejects(Config { points: 0, ..Config::default() }, "points", "0");
        rejects(Config { points: 2001, ..Config::default() }, "points", "2001");
    }

    #[test]
    fn rejects_bad_noise() {
        rejects(Config { noise: -0.5, ..Config::default() }, "noise", "-0.5");
        rejects(Config { noise: f64::NAN, ..Config::default() }, "noise", "NaN");
    }

    #[test]
    fn rejects_bad_train_ratio() {
        rejects(Config { train_ratio: 0.0, ..Config::default() }, "trainRatio", "0");
        rejects(Config { train_ratio: 1.5, ..Config::default() }, "trainRatio", "1.5");
    }

    #[test]
    fn rejects_bad_angle_and_margin() {
        rejects(Config { angle: f64::INFINITY, ..Config::default() }, "angle", "inf");
        rejects(Config { margin: 7.0, ..Config::default() }, "margin", "7");
    }

    #[test]
    fn rejects_too_many_hidden_units_or_layers() {
        rejects(Config { hidden: vec![17], ..Config::default() }, "hidden", "17");
        rejects(Config { hidden: vec![4, 0], ..Config::default() }, "hidden", "0");
        rejects(Config { hidden: vec![2; 7], ..Config::default() }, "hidden", "7");
    }

    #[test]
    fn rejects_activation_list_of_wrong_length() {
        let cfg = Config { hidden: vec![3, 3], activations: vec![ActivationKind::Relu], ..Config::default() };
        rejects(cfg, "activations", "1");
    }

    #[test]
    fn rejects_bad_leaky_alpha() {
        rejects(Config { leaky_alpha: 1.0, ..Config::default() }, "leakyAlpha", "1");
    }

    #[test]
    fn rejects_bad_learning_rate() {
        rejects(Config { learning_rate: 0.0, ..Config::default() }, "learningRate", "0");
        rejects(Config { learning_rate: -0.1, ..Config::default() }, "learningRate", "-0.1");
        rejects(Config { learning_rate: f64::INFINITY, ..Config::default() }, "learningRate", "inf");
    }

    #[test]
    fn rejects_bad_batch_size() {
        rejects(Config { batch_size: 0, ..Config::default() }, "batchSize", "0");
    }

    #[test]
    fn rejects_bad_regularization_rate() {
        rejects(Config { regularization_rate: -1.0, ..Config::default() }, "regularizationRate", "-1");
    }

    #[test]
    fn rejects_bad_optimizer_hyperparameters() {
        rejects(Config { momentum: Some(1.0), ..Config::default() }, "momentum", "1");
        rejects(Config { alpha: -0.1, ..Config::default() }, "alpha", "-0.1");
        rejects(Config { beta1: 1.0, ..Config::default() }, "beta1", "1");
        rejects(Config { beta2: 2.0, ..Config::default() }, "beta2", "2");
        rejects(Config { epsilon: Some(0.0), ..Config::default() }, "epsilon", "0");
    }

    #[test]
    fn classic_models_fix_their_loss_and_have_no_hidden_layers() {
        let cfg = Config { model: ModelKind::Adaline, loss: LossKind::Hinge, ..Config::default() };
        assert_eq!(cfg.effective_loss(), LossKind::Mse);
        assert!(cfg.hidden_layers().is_empty());
    }
}
