//! Losses of one sample, as a function of the output unit's pre-activation z, for a label
//! y ∈ {−1, +1}. Each comes with dL/dz, the error signal that backpropagation starts from.
//!
//! | loss | output a | L | dL/dz |
//! |---|---|---|---|
//! | mse | tanh (MLP) or linear (Adaline) | (a − y)² | 2(a − y)·f'(z) |
//! | crossEntropy | sigmoid, p = σ(z) | −t ln p − (1 − t) ln(1 − p), t = (y + 1)/2 | p − t |
//! | perceptron | linear (or the perceptron's step) | max(0, −y·z) | −y if y·z ≤ 0, else 0 |
//! | hinge | linear | max(0, 1 − y·z) | −y if y·z < 1, else 0 |
//!
//! MSE follows torch's `MSELoss` (no ½). Cross-entropy is computed from the logit as
//! max(z, 0) − z·t + ln(1 + e^{−|z|}), which equals the formula above but never takes the log of
//! 0 nor overflows, however large |z| grows. The perceptron criterion counts y·z = 0 as a mistake,
//! so a perceptron starting from w = 0 still learns.

use crate::activation::Activation;
use crate::choice::choice_enum;
use crate::math;

choice_enum! {
    /// The losses by their JavaScript names.
    pub enum Loss {
        Mse = "mse",
        CrossEntropy = "crossEntropy",
        Perceptron = "perceptron",
        Hinge = "hinge",
    }
}

choice_enum! {
    /// A penalty on the weights (not the biases) added to the loss: λ·Σ|w| (`l1`) or λ/2·Σw²
    /// (`l2`), so its gradient is λ·sign(w) or λ·w.
    pub enum Regularization {
        None = "none",
        L1 = "l1",
        L2 = "l2",
    }
}

impl Loss {
    /// The output activation an MLP pairs with this loss: tanh for MSE (its range is the
    /// labels' range, as in TensorFlow Playground), sigmoid for cross-entropy, linear for the
    /// margin losses.
    pub fn mlp_output(&self) -> Activation {
        match self {
            Loss::Mse => Activation::Tanh,
            Loss::CrossEntropy => Activation::Sigmoid,
            Loss::Perceptron | Loss::Hinge => Activation::Linear,
        }
    }

    /// The loss of a point against its margin m = y·z, with the output an MLP pairs with this
    /// loss: for y = ±1 every loss here depends on y and z only through m (MSE: (tanh z − y)² =
    /// (1 − tanh m)², as tanh is odd), so a class-+1 point at z = m gives the curve.
    pub fn at_margin(&self, m: f64) -> f64 {
        let out = self.mlp_output();
        self.value_and_grad(out, m, out.value(m), 1.0).0
    }

    /// (L, dL/dz) for pre-activation `z`, output `a = out(z)` and label `y` = ±1.
    #[inline]
    pub fn value_and_grad(&self, out: Activation, z: f64, a: f64, y: f64) -> (f64, f64) {
        match self {
            Loss::Mse => {
                let e = a - y;
                (e * e, 2.0 * e * out.derivative(z, a))
            }
            Loss::CrossEntropy => {
                let t = 0.5 * (y + 1.0);
                let value = z.max(0.0) - z * t + math::ln_1p(math::exp(-z.abs()));
                // σ(z) − 1 for class +1 is written −σ(−z): the same number, without the
                // cancellation that makes σ(z) − 1 exactly 0 above z ≈ 37.
                (value, if t > 0.5 { -math::sigmoid(-z) } else { math::sigmoid(z) })
            }
            // A margin loss of an output that is not a number is not a number: a NaN must not
            // pass as a satisfied margin (loss 0, gradient 0).
            Loss::Perceptron => {
                let m = y * z;
                if m.is_nan() {
                    return (f64::NAN, f64::NAN);
                }
                (if m < 0.0 { -m } else { 0.0 }, if m <= 0.0 { -y } else { 0.0 })
            }
            Loss::Hinge => {
                let m = y * z;
                if m.is_nan() {
                    (f64::NAN, f64::NAN)
                } else if m < 1.0 {
                    (1.0 - m, -y)
                } else {
                    (0.0, 0.0)
                }
            }
        }
    }
}

/// The model's output on a 0..1 "class +1" scale, so that 0.5 is always the decision boundary:
/// a sigmoid output is already a probability; ±1-ranged outputs (tanh, step) map by (a + 1)/2;
/// a linear output maps the same way, clamped to [0, 1].
#[inline]
pub fn class_score(out: Activation, a: f64) -> f64 {
    match out {
        Activation::Sigmoid => a,
        _ => (0.5 * (a + 1.0)).clamp(0.0, 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAIRS: [(Loss, Activation); 6] = [
        (Loss::Mse, Activation::Tanh),
        (Loss::Mse, Activation::Linear),
        (Loss::Mse, Activation::Sigmoid),
        (Loss::CrossEntropy, Activation::Sigmoid),
        (Loss::Perceptron, Activation::Linear),
        (Loss::Hinge, Activation::Linear),
    ];

    #[test]
    fn gradients_match_central_differences() {
        let h = 1e-6;
        for (loss, out) in PAIRS {
            for &y in &[-1.0, 1.0] {
                // Avoid the kinks of the margin losses (y·z = 0 and y·z = 1).
                for &z in &[-2.3, -0.6, 0.4, 1.7, 3.2] {
                    let l = |z: f64| loss.value_and_grad(out, z, out.value(z), y).0;
                    let numeric = (l(z + h) - l(z - h)) / (2.0 * h);
                    let analytic = loss.value_and_grad(out, z, out.value(z), y).1;
                    let rel = (numeric - analytic).abs() / numeric.abs().max(analytic.abs()).max(1e-12);
                    assert!(
                        rel < 1e-5 || (numeric.abs() < 1e-9 && analytic == 0.0),
                        "{loss:?}/{out:?} y={y} z={z}: numeric {numeric}, analytic {analytic}"
                    );
                }
            }
        }
    }

    #[test]
    fn cross_entropy_equals_the_textbook_form_and_survives_large_logits() {
        for &(z, y) in &[(0.3, 1.0), (-1.2, 1.0), (2.0, -1.0)] {
            let p = math::sigmoid(z);
            let t: f64 = 0.5 * (y + 1.0);
            let textbook = -t * p.ln() - (1.0 - t) * (1.0 - p).ln();
            let (v, _) = Loss::CrossEntropy.value_and_grad(Activation::Sigmoid, z, p, y);
            assert!((v - textbook).abs() < 1e-12, "{v} vs {textbook}");
        }
        let (v, g) = Loss::CrossEntropy.value_and_grad(Activation::Sigmoid, -800.0, 0.0, 1.0);
        assert_eq!(v, 800.0);
        assert_eq!(g, -1.0);
    }

    /// The exact gradient at class +1 is −σ(−z) = −e^(−z)/(1 + e^(−z)).
    #[test]
    fn cross_entropy_gradient_keeps_its_precision_for_large_logits() {
        for z in [25.0f64, 40.0, 100.0, 700.0] {
            let (_, g) = Loss::CrossEntropy.value_and_grad(Activation::Sigmoid, z, math::sigmoid(z), 1.0);
            let exact = -(-z).exp() / (1.0 + (-z).exp());
            assert!(g < 0.0, "z = {z}: the gradient is not 0 but {g}");
            assert!(((g - exact) / exact).abs() < 1e-14, "z = {z}: {g} vs {exact}");
            let (_, g) = Loss::CrossEntropy.value_and_grad(Activation::Sigmoid, -z, math::sigmoid(-z), -1.0);
            assert!(((g + exact) / exact).abs() < 1e-14, "class −1 at −z = {}: {g}", -z);
        }
    }

    #[test]
    fn margin_losses_of_a_nan_output_are_nan() {
        for loss in [Loss::Perceptron, Loss::Hinge] {
            let (v, g) = loss.value_and_grad(Activation::Linear, f64::NAN, f64::NAN, 1.0);
            assert!(v.is_nan() && g.is_nan(), "{loss:?}: {v}, {g}");
        }
    }

    #[test]
    fn margin_losses_at_their_kinks() {
        // The perceptron criterion treats y·z = 0 as a mistake; hinge is flat from y·z = 1 on.
        assert_eq!(Loss::Perceptron.value_and_grad(Activation::Linear, 0.0, 0.0, 1.0), (0.0, -1.0));
        assert_eq!(Loss::Perceptron.value_and_grad(Activation::Linear, 0.5, 0.5, 1.0), (0.0, 0.0));
        assert_eq!(Loss::Perceptron.value_and_grad(Activation::Linear, 0.5, 0.5, -1.0), (0.5, 1.0));
        assert_eq!(Loss::Hinge.value_and_grad(Activation::Linear, 1.0, 1.0, 1.0), (0.0, 0.0));
        assert_eq!(Loss::Hinge.value_and_grad(Activation::Linear, 0.25, 0.25, 1.0), (0.75, -1.0));
    }

    /// The margin curves are the textbook ones, and a class −1 point at −z scores the same.
    #[test]
    fn losses_against_the_margin() {
        for m in [-2.0, -0.5, 0.0, 0.5, 1.0, 3.0] {
            assert_eq!(Loss::Perceptron.at_margin(m), f64::max(0.0, -m));
            assert_eq!(Loss::Hinge.at_margin(m), f64::max(0.0, 1.0 - m));
            assert!((Loss::CrossEntropy.at_margin(m) - (1.0 + (-m).exp()).ln()).abs() < 1e-15, "{m}");
            assert!((Loss::Mse.at_margin(m) - (1.0 - m.tanh()).powi(2)).abs() < 1e-15, "{m}");
            for loss in [Loss::Mse, Loss::CrossEntropy, Loss::Perceptron, Loss::Hinge] {
                let out = loss.mlp_output();
                let neg = loss.value_and_grad(out, -m, out.value(-m), -1.0).0;
                assert!((loss.at_margin(m) - neg).abs() < 1e-15, "{loss:?} at {m}");
            }
        }
    }

    #[test]
    fn class_scores_put_the_boundary_at_one_half() {
        assert_eq!(class_score(Activation::Sigmoid, 0.5), 0.5);
        assert_eq!(class_score(Activation::Tanh, 0.0), 0.5);
        assert_eq!(class_score(Activation::Linear, 7.0), 1.0);
        assert_eq!(class_score(Activation::Step, -1.0), 0.0);
    }
}
