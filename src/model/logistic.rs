//! Logistic regression: Adaline with a sigmoid on its output, p = σ(w·x + b) read as
//! P(class +1 | x), trained on binary cross-entropy.
//!
//! The pairing makes the gradient as simple as the delta rule: dL/dz = p − t with t = (y + 1)/2,
//! so w ← w − η·(p − t)·x. The output is a probability, so the page can draw a graded heatmap
//! instead of a hard line; the decision boundary is p = 0.5, still a straight line.

use crate::activation::Activation;
use crate::loss::Loss;

/// Output activation and loss: sigmoid output, cross-entropy.
pub const OUTPUT: (Activation, Loss) = (Activation::Sigmoid, Loss::CrossEntropy);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math;
    use crate::model::Network;

    #[test]
    fn gradient_is_p_minus_t_times_x() {
        let mut net = Network::new(vec![2, 1], vec![], OUTPUT.0, OUTPUT.1);
        net.params.assign(&ndarray::arr1(&[0.5, -1.0, 0.2]));
        let x = [2.0, 1.0];
        let p = math::sigmoid(0.2);
        let (loss, g) = net.sample_gradient(x, -1.0);
        assert!((loss + (1.0 - p).ln()).abs() < 1e-12);
        for (gi, xi) in g.iter().zip([x[0], x[1], 1.0]) {
            assert!((gi - p * xi).abs() < 1e-15);
        }
    }
}
