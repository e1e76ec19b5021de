//! Activation functions a = f(z) and their derivatives f'(z).
//!
//! | name | f(z) | f'(z) |
//! |---|---|---|
//! | step | +1 if z >= 0, else −1 (sign) | 0 (it has no useful gradient: why the perceptron needs its own rule) |
//! | linear | z | 1 |
//! | sigmoid | 1 / (1 + e^{−z}) | a·(1 − a), at most 1/4: the root of vanishing gradients |
//! | tanh | (e^{z} − e^{−z}) / (e^{z} + e^{−z}) | 1 − a², at most 1 |
//! | relu | max(0, z) | 1 if z > 0, else 0 (a unit whose z stays ≤ 0 is "dead") |
//! | leakyRelu | z if z > 0, else α·z | 1 if z > 0, else α (the small slope revives dead units) |
//!
//! Derivatives are written in terms of the output `a` where that is cheaper (sigmoid, tanh);
//! at the kink z = 0, ReLU and Leaky ReLU take the left derivative (0 and α).

use crate::choice::choice_enum;
use crate::math;

choice_enum! {
    /// The activation functions by their JavaScript names.
    pub enum ActivationKind {
        Step = "step",
        Linear = "linear",
        Sigmoid = "sigmoid",
        Tanh = "tanh",
        Relu = "relu",
        LeakyRelu = "leakyRelu",
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    Step,
    Linear,
    Sigmoid,
    Tanh,
    Relu,
    /// Leaky ReLU with slope α for z ≤ 0.
    LeakyRelu(f64),
}

impl Activation {
    pub fn from_kind(kind: ActivationKind, leaky_alpha: f64) -> Self {
        match kind {
            ActivationKind::Step => Activation::Step,
            ActivationKind::Linear => Activation::Linear,
            ActivationKind::Sigmoid => Activation::Sigmoid,
            ActivationKind::Tanh => Activation::Tanh,
            ActivationKind::Relu => Activation::Relu,
            ActivationKind::LeakyRelu => Activation::LeakyRelu(leaky_alpha),
        }
    }

    pub fn kind(&self) -> ActivationKind {
        match self {
            Activation::Step => ActivationKind::Step,
            Activation::Linear => ActivationKind::Linear,
            Activation::Sigmoid => ActivationKind::Sigmoid,
            Activation::Tanh => ActivationKind::Tanh,
            Activation::Relu => ActivationKind::Relu,
            Activation::LeakyRelu(_) => ActivationKind::LeakyRelu,
        }
    }

    #[inline]
    pub fn value(&self, z: f64) -> f64 {
        match *self {
            Activation::Step => {
                if z >= 0.0 {
                    1.0
                } else {
                    -1.0
                }
            }
            Activation::Linear => z,
            Activation::Sigmoid => math::sigmoid(z),
            Activation::Tanh => math::tanh(z),
            Activation::Relu => {
                if z > 0.0 {
                    z
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu(alpha) => {
                if z > 0.0 {
                    z
                } else {
                    alpha * z
                }
            }
        }
    }

    /// f'(z), given z and a = f(z).
    #[inline]
    pub fn derivative(&self, z: f64, a: f64) -> f64 {
        match *self {
            Activation::Step => 0.0,
            Activation::Linear => 1.0,
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu(alpha) => {
                if z > 0.0 {
                    1.0
                } else {
                    alpha
                }
            }
        }
    }

    /// a[s] = f(z[s]) for a whole row; one `match` per row keeps the inner loop branch-free.
    #[inline]
    pub fn apply(&self, z: &[f64], a: &mut [f64]) {
        match *self {
            Activation::Tanh => a.iter_mut().zip(z).for_each(|(a, &z)| *a = math::tanh(z)),
            Activation::Linear => a.copy_from_slice(z),
            Activation::Relu => a.iter_mut().zip(z).for_each(|(a, &z)| *a = if z > 0.0 { z } else { 0.0 }),
            act => a.iter_mut().zip(z).for_each(|(a, &z)| *a = act.value(z)),
        }
    }

    /// delta[s] *= f'(z[s]) for a whole row.
    #[inline]
    pub fn scale_by_derivative(&self, z: &[f64], a: &[f64], delta: &mut [f64]) {
        match *self {
            Activation::Tanh => delta.iter_mut().zip(a).for_each(|(d, &a)| *d *= 1.0 - a * a),
            Activation::Linear => {}
            act => delta.iter_mut().zip(z.iter().zip(a)).for_each(|(d, (&z, &a))| *d *= act.derivative(z, a)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Activation; 6] = [
        Activation::Step,
        Activation::Linear,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu(0.1),
    ];

    /// Central difference (f(z+h) − f(z−h)) / 2h against the analytic derivative, away from
    /// the kinks (z = 0) where the derivative is one-sided.
    #[test]
    fn derivatives_match_central_differences() {
        let h = 1e-6;
        for act in ALL {
            for &z in &[-3.1, -0.7, -0.2, 0.3, 0.9, 2.4] {
                let numeric = (act.value(z + h) - act.value(z - h)) / (2.0 * h);
                let analytic = act.derivative(z, act.value(z));
                let scale = numeric.abs().max(analytic.abs()).max(1e-12);
                let rel = (numeric - analytic).abs() / scale;
                let ok = rel < 1e-5 || (numeric == 0.0 && analytic == 0.0);
                assert!(ok, "{act:?} at {z}: numeric {numeric}, analytic {analytic}");
            }
        }
    }

    #[test]
    fn row_forms_equal_the_scalar_forms() {
        let z = [-2.0, -0.5, 0.0, 0.5, 2.0];
        for act in ALL {
            let mut a = [0.0; 5];
            act.apply(&z, &mut a);
            let mut d = [1.5; 5];
            act.scale_by_derivative(&z, &a, &mut d);
            for i in 0..5 {
                assert_eq!(a[i].to_bits(), act.value(z[i]).to_bits(), "{act:?}");
                assert_eq!(d[i].to_bits(), (1.5 * act.derivative(z[i], a[i])).to_bits(), "{act:?}");
            }
        }
    }

    #[test]
    fn known_values() {
        assert_eq!(Activation::Step.value(0.0), 1.0);
        assert_eq!(Activation::Step.value(-1e-9), -1.0);
        assert_eq!(Activation::Sigmoid.value(0.0), 0.5);
        assert_eq!(Activation::Sigmoid.derivative(0.0, 0.5), 0.25);
        assert_eq!(Activation::Relu.value(-3.0), 0.0);
        assert_eq!(Activation::LeakyRelu(0.01).value(-3.0), -0.03);
        assert!((Activation::Tanh.value(1.0) - 0.761_594_155_955_764_9).abs() < 1e-15);
    }
}
