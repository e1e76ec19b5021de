//! What a page needs to know to build its controls for a run: every config field with its kind
//! and range, the defaults (torch's optimizer defaults included), how each model maps to its
//! output and loss, the limits of a call, and the error codes to translate. `Trainer.schema()`
//! returns this; no page writes a limit, default or name list of its own.

use serde::Serialize;
use tsify::Tsify;

use super::inspect::GRID_RANGE;
use super::step::MAX_STEPS_PER_CALL;
use super::MAX_WORK;
use crate::activation::ActivationKind;
use crate::config::{TrainerConfig, FIELDS};
use crate::data::{MAX_POINTS, VIEW_HALF};
use crate::error::Code;
use crate::loss::Loss;
use crate::model::{ModelKind, MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::optimizer::{Hyperparams, OptimizerKind};
use crate::schema::Field;

/// An optimizer: the hyperparameters it reads and torch's defaults for them.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct OptimizerInfo {
    pub name: OptimizerKind,
    /// Hyperparameter fields besides `learningRate`, e.g. ["beta1", "beta2", "epsilon"].
    #[tsify(type = "string[]")]
    pub uses: &'static [&'static str],
    /// Every hyperparameter's default (the learning rate is the given default).
    pub defaults: Hyperparams,
}

impl OptimizerInfo {
    pub fn all(learning_rate: f64) -> Vec<OptimizerInfo> {
        OptimizerKind::ALL
            .iter()
            .map(|&k| OptimizerInfo { name: k, uses: k.uses(), defaults: Hyperparams::defaults(k, learning_rate) })
            .collect()
    }
}

/// A model: its output activation, the loss it trains with (for an MLP, the `loss` chosen),
/// and whether it has hidden layers.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ModelInfo {
    pub name: ModelKind,
    /// Output activation and loss; null where the config's `loss` decides (MLP).
    pub output: Option<ActivationKind>,
    pub loss: Option<Loss>,
    pub hidden: bool,
}

/// An MLP's loss and the output activation it pairs with.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LossInfo {
    pub name: Loss,
    pub output: ActivationKind,
}

/// The limits of a run and of one call.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub max_points: usize,
    pub max_hidden_layers: usize,
    pub max_units: usize,
    /// Largest side of `predictGrid`, `neuronGrids` and the landscapes.
    pub max_grid: usize,
    /// Most samples, batches or epochs one `step*` call accepts.
    pub max_steps_per_call: u64,
    /// Every point lies in [-viewHalf, viewHalf]².
    pub view_half: f64,
    /// Most parameter-samples one call may cost (see `tooMuchWork`).
    pub max_work: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TrainerSchema {
    #[tsify(type = "Field[]")]
    pub fields: &'static [Field],
    /// Every field's default (seed and the optimizer's momentum and epsilon are null:
    /// random, and the optimizer's own default from `optimizers`).
    pub defaults: TrainerConfig,
    pub optimizers: Vec<OptimizerInfo>,
    pub models: Vec<ModelInfo>,
    pub losses: Vec<LossInfo>,
    pub limits: Limits,
    /// Every code an error can carry, for the pages' translations.
    #[tsify(type = "Code[]")]
    pub error_codes: &'static [Code],
}

pub fn trainer_schema() -> TrainerSchema {
    let defaults = TrainerConfig::default();
    TrainerSchema {
        fields: FIELDS,
        optimizers: OptimizerInfo::all(defaults.learning_rate),
        models: ModelKind::ALL
            .iter()
            .map(|&m| {
                let mlp = m == ModelKind::Mlp;
                let (output, loss) = m.output_and_loss(defaults.loss);
                ModelInfo { name: m, output: (!mlp).then(|| output.kind()), loss: (!mlp).then_some(loss), hidden: mlp }
            })
            .collect(),
        losses: Loss::ALL.iter().map(|&l| LossInfo { name: l, output: l.mlp_output().kind() }).collect(),
        limits: Limits {
            max_points: MAX_POINTS,
            max_hidden_layers: MAX_HIDDEN_LAYERS,
            max_units: MAX_UNITS,
            max_grid: GRID_RANGE.max as usize,
            max_steps_per_call: MAX_STEPS_PER_CALL,
            view_half: VIEW_HALF,
            max_work: MAX_WORK,
        },
        error_codes: Code::ALL,
        defaults,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_covers_every_optimizer_model_and_loss() {
        let s = trainer_schema();
        assert_eq!(s.optimizers.len(), OptimizerKind::ALL.len());
        assert_eq!(s.optimizers[1].defaults.momentum, 0.9, "momentum's default is 0.9, not torch's 0");
        assert_eq!(s.optimizers[3].defaults.epsilon, 1e-10, "adagrad's epsilon");
        let perceptron = &s.models[0];
        assert_eq!((perceptron.output, perceptron.loss), (Some(ActivationKind::Step), Some(Loss::Perceptron)));
        assert_eq!(s.losses.iter().find(|l| l.name == Loss::Mse).unwrap().output, ActivationKind::Tanh);
        assert!(serde_json::to_string(&s).is_ok());
    }
}
