//! The four models of the curriculum, all one network type (`mlp::Network`): the perceptron,
//! Adaline and logistic regression are single neurons (no hidden layer) that differ only in
//! their output activation and loss; an MLP adds 0–6 hidden layers.
//!
//! **Initialisation** (seeded, stream `Init` of the seed): weights uniform in [−s, s] with
//! Glorot's s = √(6 / (fan_in + fan_out)) (He's s = √(6 / fan_in) for ReLU and Leaky ReLU
//! layers, which halve the variance they pass on), drawn layer by layer in the flat parameter
//! order; biases start at 0.

pub mod adaline;
pub mod logistic;
pub mod mlp;
pub mod perceptron;

pub use mlp::{Network, Workspace};

use crate::activation::{Activation, ActivationKind};
use crate::choice::choice_enum;
use crate::config::TrainerConfig;
use crate::loss::Loss;
use crate::rng::{Rng, Stream};

/// Most hidden layers of an MLP.
pub const MAX_HIDDEN_LAYERS: usize = 6;
/// Most units in a hidden layer.
pub const MAX_UNITS: usize = 16;
/// Most parameters a network can have: 2 → 16 → … (6 hidden layers of 16) → 1.
pub const MAX_PARAMS: usize =
    (2 + 1) * MAX_UNITS + (MAX_UNITS + 1) * MAX_UNITS * (MAX_HIDDEN_LAYERS - 1) + MAX_UNITS + 1;

choice_enum! {
    /// The models by their JavaScript names.
    pub enum ModelKind {
        Perceptron = "perceptron",
        Adaline = "adaline",
        Logistic = "logistic",
        Mlp = "mlp",
    }
}

impl ModelKind {
    /// The output activation and the loss the model trains with; an MLP pairs `mlp_loss` with
    /// the output that suits it (see `Loss::mlp_output`), the single neurons fix both.
    pub fn output_and_loss(self, mlp_loss: Loss) -> (Activation, Loss) {
        match self {
            ModelKind::Perceptron => perceptron::OUTPUT,
            ModelKind::Adaline => adaline::OUTPUT,
            ModelKind::Logistic => logistic::OUTPUT,
            ModelKind::Mlp => (mlp_loss.mlp_output(), mlp_loss),
        }
    }
}

/// Units per layer of the network a config describes, inputs first: [2, hidden…, 1].
pub fn layer_sizes(cfg: &TrainerConfig) -> Vec<usize> {
    let mut sizes = vec![2];
    sizes.extend_from_slice(cfg.hidden_layers());
    sizes.push(1);
    sizes
}

/// The network a checked config describes, with its seeded initial weights.
pub fn build(cfg: &TrainerConfig, seed: u32) -> Network {
    let (output, loss) = cfg.model.output_and_loss(cfg.loss);
    let hidden: Vec<Activation> = (0..cfg.hidden_layers().len())
        .map(|i| Activation::from_kind(cfg.hidden_activation(i), cfg.leaky_alpha))
        .collect();
    let mut net = Network::new(layer_sizes(cfg), hidden, output, loss);
    initialise(&mut net, seed);
    net
}

/// Draws the initial weights (see the module documentation); biases are set to 0.
pub fn initialise(net: &mut Network, seed: u32) {
    let mut rng = Rng::new(seed as u64, Stream::Init);
    for l in 0..net.n_layers() {
        let (fan_in, fan_out) = (net.sizes[l] as f64, net.sizes[l + 1] as f64);
        let s = match net.activation(l).kind() {
            ActivationKind::Relu | ActivationKind::LeakyRelu => libm::sqrt(6.0 / fan_in),
            _ => libm::sqrt(6.0 / (fan_in + fan_out)),
        };
        let (w, b) = net.layer_ranges(l);
        for p in w {
            net.params[p] = rng.range(-s, s);
        }
        for p in b {
            net.params[p] = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_shapes_the_config_asks_for() {
        let cfg = TrainerConfig { hidden: vec![8, 8, 3], loss: Loss::Mse, ..TrainerConfig::default() };
        let net = build(&cfg, 1);
        assert_eq!(net.sizes, vec![2, 8, 8, 3, 1]);
        assert_eq!(net.n_params(), 8 * 3 + 8 * 9 + 3 * 9 + 4);
        assert_eq!(net.output, Activation::Tanh);
        let single = build(&TrainerConfig { model: ModelKind::Logistic, ..cfg }, 1);
        assert_eq!(single.sizes, vec![2, 1]);
        assert_eq!(single.output, Activation::Sigmoid);
    }

    #[test]
    fn initial_weights_are_seeded_and_within_glorot_bounds() {
        let cfg = TrainerConfig { hidden: vec![16], ..TrainerConfig::default() };
        let (a, b, c) = (build(&cfg, 4), build(&cfg, 4), build(&cfg, 5));
        assert_eq!(a.params, b.params);
        assert_ne!(a.params, c.params);
        let s = (6.0f64 / 18.0).sqrt();
        let (w, bias) = a.layer_ranges(0);
        assert!(w.clone().all(|p| a.params[p].abs() <= s));
        assert!(w.clone().any(|p| a.params[p].abs() > 0.5 * s));
        assert!(bias.clone().all(|p| a.params[p] == 0.0));
    }
}

#[cfg(test)]
mod gradient_checks {
    use super::*;

    /// The single-neuron models against central differences, away from the perceptron's kink.
    #[test]
    #[allow(clippy::needless_range_loop)] // p indexes the probe network and the gradient alike
    fn classic_models_match_central_differences() {
        for model in [ModelKind::Perceptron, ModelKind::Adaline, ModelKind::Logistic] {
            let net = build(&TrainerConfig { model, ..TrainerConfig::default() }, 3);
            for (x, y) in [([1.5, -0.5], 1.0), ([-2.0, 3.0], -1.0), ([0.3, 4.0], 1.0)] {
                let (_, grad) = net.sample_gradient(x, y);
                for p in 0..net.n_params() {
                    let at = |d: f64| {
                        let mut probe = net.clone();
                        probe.params[p] += d;
                        probe.sample_gradient(x, y).0
                    };
                    let numeric = (at(1e-6) - at(-1e-6)) / 2e-6;
                    let scale = numeric.abs().max(grad[p].abs()).max(1e-12);
                    assert!(
                        (numeric - grad[p]).abs() / scale < 1e-5 || scale < 1e-9,
                        "{model:?} p{p}: {numeric} vs {}",
                        grad[p]
                    );
                }
            }
        }
    }
}
