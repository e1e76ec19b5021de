//! The one config of a training run: what JavaScript passes as a plain object, with every
//! field optional, and the single place where every field is range-checked.
//!
//! Field names are the JavaScript ones (camelCase). Defaults follow TensorFlow Playground where
//! it has one (points, noise, learning rate 0.03, batch size 10, one tanh layer) and
//! `torch.optim` for the optimizer hyperparameters.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::activation::ActivationKind;
use crate::data::{DatasetKind, MAX_POINTS};
use crate::error::{EngineError, JsType, Range, Result};
use crate::loss::{Loss, Regularization};
use crate::model::mlp::parameter_names;
use crate::model::{layer_sizes, ModelKind, MAX_HIDDEN_LAYERS, MAX_PARAMS, MAX_UNITS};
use crate::optimizer::{Hyperparams, OptimizerKind, ALPHA, BETA1, BETA2, EPSILON, LEARNING_RATE, MOMENTUM};
use crate::rng::random_seed;
use crate::schema::{read_object, Field, FieldKind, Input};

/// Every setting of a run. All fields are optional in JavaScript; the defaults are listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
#[tsify(missing_as_null)]
pub struct TrainerConfig {
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
    pub loss: Loss,
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

impl Default for TrainerConfig {
    fn default() -> Self {
        TrainerConfig {
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
            loss: Loss::CrossEntropy,
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

const UNITS: FieldKind = FieldKind::Number(Range::whole(1.0, MAX_UNITS as f64));
const ACTIVATION_NAME: FieldKind = FieldKind::Choice { values: ActivationKind::NAMES };
const PARAMETER_NAME: FieldKind = FieldKind::Text { max_chars: 32 };

pub const DATASET: Field = Field::choice("dataset", DatasetKind::NAMES);
pub const POINTS: Field = Field::number("points", Range::whole(1.0, MAX_POINTS as f64));
pub const NOISE: Field = Field::number("noise", Range::closed(0.0, 1.0));
pub const TRAIN_RATIO: Field = Field::number("trainRatio", Range::above(0.0, 1.0));
pub const SEED: Field = Field::number("seed", Range::whole(0.0, u32::MAX as f64)).nullable();
pub const ANGLE: Field = Field::number("angle", Range::ANY);
pub const MARGIN: Field = Field::number("margin", Range::closed(0.0, 4.0));
pub const MODEL: Field = Field::choice("model", ModelKind::NAMES);
pub const HIDDEN: Field =
    Field::new("hidden", FieldKind::List { item: &UNITS, min_items: 0, max_items: MAX_HIDDEN_LAYERS });
pub const ACTIVATION: Field = Field::choice("activation", ActivationKind::NAMES);
pub const ACTIVATIONS: Field =
    Field::new("activations", FieldKind::List { item: &ACTIVATION_NAME, min_items: 0, max_items: MAX_HIDDEN_LAYERS });
pub const LEAKY_ALPHA: Field = Field::number("leakyAlpha", Range::UNIT);
pub const LOSS: Field = Field::choice("loss", Loss::NAMES);
pub const OPTIMIZER: Field = Field::choice("optimizer", OptimizerKind::NAMES);
pub const BATCH_SIZE: Field = Field::number("batchSize", Range::whole(1.0, MAX_POINTS as f64));
pub const REGULARIZATION: Field = Field::choice("regularization", Regularization::NAMES);
pub const REGULARIZATION_RATE: Field = Field::number("regularizationRate", Range::NON_NEGATIVE);
pub const RECORD_HISTORY: Field = Field::new("recordHistory", FieldKind::Bool);
pub const FROZEN: Field =
    Field::new("frozen", FieldKind::List { item: &PARAMETER_NAME, min_items: 0, max_items: MAX_PARAMS });

/// Every field of `TrainerConfig`, in its order, as JavaScript spells them: the one table the JS
/// reader, the range checks and `Trainer.schema()` share (a test ties it to the struct).
pub const FIELDS: &[Field] = &[
    DATASET,
    POINTS,
    NOISE,
    TRAIN_RATIO,
    SEED,
    ANGLE,
    MARGIN,
    MODEL,
    HIDDEN,
    ACTIVATION,
    ACTIVATIONS,
    LEAKY_ALPHA,
    LOSS,
    OPTIMIZER,
    LEARNING_RATE,
    BATCH_SIZE,
    REGULARIZATION,
    REGULARIZATION_RATE,
    MOMENTUM,
    ALPHA,
    BETA1,
    BETA2,
    EPSILON,
    RECORD_HISTORY,
    FROZEN,
];

/// A config whose every field was checked, with what checking worked out: the seed (picked at
/// random when the config gave none), the optimizer's effective hyperparameters (torch's
/// defaults filled in) and the indices of the frozen parameters. The engine takes only this
/// type, so nothing downstream checks again.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidConfig {
    config: TrainerConfig,
    seed: u32,
    hyper: Hyperparams,
    frozen: Vec<usize>,
}

impl ValidConfig {
    /// The config, its seed filled in.
    pub fn config(&self) -> &TrainerConfig {
        &self.config
    }

    pub fn seed(&self) -> u32 {
        self.seed
    }

    pub fn hyperparams(&self) -> Hyperparams {
        self.hyper
    }

    /// Indices of the frozen parameters in the flat parameter order.
    pub fn frozen(&self) -> &[usize] {
        &self.frozen
    }

    /// The same config with another seed (every seed is valid).
    pub fn with_seed(mut self, seed: u32) -> ValidConfig {
        self.seed = seed;
        self.config.seed = Some(seed);
        self
    }
}

impl std::ops::Deref for ValidConfig {
    type Target = TrainerConfig;

    fn deref(&self) -> &TrainerConfig {
        &self.config
    }
}

impl TrainerConfig {
    /// A config from JSON text, read the way the wasm boundary reads a JS object: every key a
    /// field, every value of its field's kind and range (errors name the field path).
    pub fn from_json(text: &str) -> Result<TrainerConfig> {
        let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            EngineError::wrong_type("config", JsType::Object, JsType::Unreadable).with_detail(e.to_string())
        })?;
        let checked = read_object(&Input::from(&json), FIELDS, "")?;
        serde_json::from_value(checked).map_err(|e| {
            EngineError::wrong_type("config", JsType::Object, JsType::Unreadable).with_detail(e.to_string())
        })
    }

    /// Checks every field (the first problem found is returned, naming the field and value)
    /// and works out the seed, hyperparameters and frozen indices. A missing seed is picked at
    /// random here.
    pub fn check(mut self) -> Result<ValidConfig> {
        POINTS.check(self.points as f64)?;
        NOISE.check(self.noise)?;
        TRAIN_RATIO.check(self.train_ratio)?;
        ANGLE.check(self.angle)?;
        MARGIN.check(self.margin)?;
        HIDDEN.check_len(self.hidden.len())?;
        for (i, &units) in self.hidden.iter().enumerate() {
            HIDDEN.check_at(&format!("hidden[{i}]"), units as f64)?;
        }
        if !self.activations.is_empty() && self.activations.len() != self.hidden.len() {
            let n = self.hidden.len();
            return Err(EngineError::length("activations", self.activations.len(), n, n));
        }
        LEAKY_ALPHA.check(self.leaky_alpha)?;
        let hyper = self.hyperparams();
        hyper.check()?;
        BATCH_SIZE.check(self.batch_size as f64)?;
        REGULARIZATION_RATE.check(self.regularization_rate)?;
        let names = parameter_names(&layer_sizes(&self));
        let frozen = self
            .frozen
            .iter()
            .enumerate()
            .map(|(i, f)| {
                names.iter().position(|n| n == f).ok_or_else(|| EngineError::choice(&format!("frozen[{i}]"), f, &names))
            })
            .collect::<Result<Vec<usize>>>()?;
        let seed = *self.seed.get_or_insert_with(random_seed);
        Ok(ValidConfig { config: self, seed, hyper, frozen })
    }

    /// The optimizer's hyperparameters, torch's defaults filled in for what is left out.
    pub fn hyperparams(&self) -> Hyperparams {
        Hyperparams::with(
            self.optimizer,
            self.learning_rate,
            self.momentum,
            self.alpha,
            self.beta1,
            self.beta2,
            self.epsilon,
        )
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
    pub fn effective_loss(&self) -> Loss {
        self.model.output_and_loss(self.loss).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    fn rejects(cfg: TrainerConfig, field: &str, value: &str) {
        let err = cfg.check().expect_err("config should be rejected");
        let msg = err.to_string();
        assert_eq!(err.field, field, "{msg}");
        assert!(msg.starts_with(&format!("{field}:")), "{msg}");
        assert!(msg.contains(value), "message {msg:?} lacks the value {value}");
    }

    #[test]
    fn default_config_is_valid_and_gets_a_seed() {
        let v = TrainerConfig::default().check().unwrap();
        assert_eq!(v.config().seed, Some(v.seed()));
        assert_eq!(TrainerConfig { seed: Some(5), ..TrainerConfig::default() }.check().unwrap().seed(), 5);
    }

    /// The table JavaScript reads is the struct serde reads: same names, same order.
    #[test]
    fn the_field_table_lists_exactly_the_struct_fields() {
        let json = serde_json::to_value(TrainerConfig::default()).unwrap();
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        let mut table = crate::schema::names(FIELDS);
        let mut sorted = keys.clone();
        sorted.sort();
        table.sort();
        assert_eq!(table, sorted);
    }

    #[test]
    fn rejects_bad_points() {
        rejects(TrainerConfig { points: 0, ..TrainerConfig::default() }, "points", "0");
        rejects(TrainerConfig { points: 2001, ..TrainerConfig::default() }, "points", "2001");
    }

    #[test]
    fn rejects_bad_noise() {
        rejects(TrainerConfig { noise: -0.5, ..TrainerConfig::default() }, "noise", "-0.5");
        rejects(TrainerConfig { noise: f64::NAN, ..TrainerConfig::default() }, "noise", "NaN");
    }

    #[test]
    fn rejects_bad_train_ratio() {
        rejects(TrainerConfig { train_ratio: 0.0, ..TrainerConfig::default() }, "trainRatio", "0");
        rejects(TrainerConfig { train_ratio: 1.5, ..TrainerConfig::default() }, "trainRatio", "1.5");
    }

    #[test]
    fn rejects_bad_angle_and_margin() {
        rejects(TrainerConfig { angle: f64::INFINITY, ..TrainerConfig::default() }, "angle", "Infinity");
        rejects(TrainerConfig { margin: 7.0, ..TrainerConfig::default() }, "margin", "7");
    }

    #[test]
    fn rejects_too_many_hidden_units_or_layers() {
        rejects(TrainerConfig { hidden: vec![17], ..TrainerConfig::default() }, "hidden[0]", "17");
        rejects(TrainerConfig { hidden: vec![4, 0], ..TrainerConfig::default() }, "hidden[1]", "0");
        rejects(TrainerConfig { hidden: vec![2; 7], ..TrainerConfig::default() }, "hidden", "7");
    }

    #[test]
    fn rejects_activation_list_of_wrong_length() {
        let cfg =
            TrainerConfig { hidden: vec![3, 3], activations: vec![ActivationKind::Relu], ..TrainerConfig::default() };
        rejects(cfg, "activations", "1");
    }

    #[test]
    fn rejects_bad_leaky_alpha() {
        rejects(TrainerConfig { leaky_alpha: 1.0, ..TrainerConfig::default() }, "leakyAlpha", "1");
    }

    #[test]
    fn rejects_bad_learning_rate() {
        rejects(TrainerConfig { learning_rate: 0.0, ..TrainerConfig::default() }, "learningRate", "0");
        rejects(TrainerConfig { learning_rate: -0.1, ..TrainerConfig::default() }, "learningRate", "-0.1");
        rejects(TrainerConfig { learning_rate: f64::INFINITY, ..TrainerConfig::default() }, "learningRate", "Infinity");
    }

    #[test]
    fn rejects_bad_batch_size() {
        rejects(TrainerConfig { batch_size: 0, ..TrainerConfig::default() }, "batchSize", "0");
    }

    #[test]
    fn rejects_bad_regularization_rate() {
        rejects(TrainerConfig { regularization_rate: -1.0, ..TrainerConfig::default() }, "regularizationRate", "-1");
    }

    #[test]
    fn rejects_bad_optimizer_hyperparameters() {
        rejects(TrainerConfig { momentum: Some(1.0), ..TrainerConfig::default() }, "momentum", "1");
        rejects(TrainerConfig { alpha: -0.1, ..TrainerConfig::default() }, "alpha", "-0.1");
        rejects(TrainerConfig { beta1: 1.0, ..TrainerConfig::default() }, "beta1", "1");
        rejects(TrainerConfig { beta2: 2.0, ..TrainerConfig::default() }, "beta2", "2");
        rejects(TrainerConfig { epsilon: Some(0.0), ..TrainerConfig::default() }, "epsilon", "0");
    }

    #[test]
    fn rejects_frozen_names_that_are_not_parameters() {
        let cfg = TrainerConfig {
            model: ModelKind::Logistic,
            frozen: vec!["b[0][0]".into(), "w[1][0,0]".into()],
            ..TrainerConfig::default()
        };
        let e = cfg.check().unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (Code::Choice, "frozen[1]"));
        assert_eq!(e.values.unwrap(), vec!["w[0][0,0]", "w[0][0,1]", "b[0][0]"]);
        let ok =
            TrainerConfig { model: ModelKind::Logistic, frozen: vec!["b[0][0]".into()], ..TrainerConfig::default() };
        assert_eq!(ok.check().unwrap().frozen(), &[2]);
    }

    #[test]
    fn classic_models_fix_their_loss_and_have_no_hidden_layers() {
        let cfg = TrainerConfig { model: ModelKind::Adaline, loss: Loss::Hinge, ..TrainerConfig::default() };
        assert_eq!(cfg.effective_loss(), Loss::Mse);
        assert!(cfg.hidden_layers().is_empty());
    }
}
