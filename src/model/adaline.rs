//! Adaline (ADAptive LInear NEuron, Widrow & Hoff 1960): z = w·x + b with a *linear* output
//! during learning, trained on the squared error (z − y)², and a threshold (z ≥ 0 → +1) only to
//! predict.
//!
//! Because the error is measured before the threshold, the loss is a smooth function of the
//! weights and gradient descent applies: the delta rule w ← w + η·2(y − z)·x (torch's MSE has
//! no ½, hence the 2). Every point moves the weights, not just the mistakes, and the loss curve
//! falls smoothly where the perceptron's error count jumps.

use crate::activation::Activation;
use crate::loss::Loss;

/// Output activation and loss: linear output, mean squared error against y = ±1.
pub const OUTPUT: (Activation, Loss) = (Activation::Linear, Loss::Mse);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Network;

    #[test]
    fn gradient_is_the_delta_rule() {
        let mut net = Network::new(vec![2, 1], vec![], OUTPUT.0, OUTPUT.1);
        net.params.assign(&ndarray::arr1(&[0.5, -1.0, 0.2]));
        let x = [2.0, 1.0];
        // z = 0.2, y = +1: a correctly classified point still teaches: dL/dw = 2(z − y)·x.
        let (loss, g) = net.sample_gradient(x, 1.0);
        let e: f64 = 0.2 - 1.0;
        assert!((loss - e * e).abs() < 1e-15);
        for (gi, xi) in g.iter().zip([x[0], x[1], 1.0]) {
            assert!((gi - 2.0 * e * xi).abs() < 1e-15);
        }
    }
}
