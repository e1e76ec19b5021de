//! Rosenblatt's perceptron: z = w·x + b, output sign(z) ∈ {−1, +1}.
//!
//! Its learning rule changes the weights only when a point is misclassified (y·z ≤ 0):
//! w ← w + η·y·x, b ← b + η·y. That is gradient descent on the perceptron criterion
//! max(0, −y·z), whose gradient is −y·x on a mistake and 0 otherwise — so with plain SGD and
//! batch size 1 this model is exactly the classic algorithm (the textbook form η·(y − ŷ)·x is
//! the same rule with the learning rate doubled). The update uses the step output only to
//! decide *whether* to update, never *how much*: there is no continuous error to minimise,
//! which is what Adaline changes.

use crate::activation::Activation;
use crate::loss::Loss;

/// Output activation (used to predict) and loss (used to learn).
pub const OUTPUT: (Activation, Loss) = (Activation::Step, Loss::Perceptron);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Network;

    fn perceptron(w: [f64; 2], b: f64) -> Network {
        let mut net = Network::new(vec![2, 1], vec![], OUTPUT.0, OUTPUT.1);
        net.params[0] = w[0];
        net.params[1] = w[1];
        net.params[2] = b;
        net
    }

    #[test]
    fn learns_only_from_mistakes_by_the_rosenblatt_rule() {
        let net = perceptron([0.5, -1.0], 0.2);
        // z = 0.5·2 − 1·1 + 0.2 = 0.2 > 0: class +1 is right, so no gradient at all.
        let (loss, g) = net.sample_gradient([2.0, 1.0], 1.0);
        assert_eq!((loss, g), (0.0, vec![0.0, 0.0, 0.0]));
        // The same point labelled −1 is a mistake: the step −η·g equals +η·y·x = −η·(2, 1, 1).
        let (loss, g) = net.sample_gradient([2.0, 1.0], -1.0);
        assert!((loss - 0.2).abs() < 1e-15);
        assert_eq!(g, vec![2.0, 1.0, 1.0]);
    }

    #[test]
    fn predicts_with_the_step_function() {
        let net = perceptron([1.0, 0.0], 0.0);
        let mut ws = net.workspace(2);
        Network::set_input(&mut ws, 0, [-0.5, 3.0]);
        Network::set_input(&mut ws, 1, [0.5, 3.0]);
        net.forward(&mut ws, 2);
        assert_eq!(net.output_of(&ws, 0).1, -1.0);
        assert_eq!(net.output_of(&ws, 1).1, 1.0);
    }
}
