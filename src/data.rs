//! Two-class point sets in the fixed view box [-6, 6] × [-6, 6].
//!
//! Labels are ±1 (class 1 = +1). The page always shows the same box, so the points are not
//! rescaled: the models see the coordinates as drawn.

use crate::rng::Rng;

/// Half-width of the square view box that every dataset lives in and every grid covers.
pub const VIEW_HALF: f64 = 6.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub x: [f64; 2],
    /// +1 or -1.
    pub label: i8,
}

/// XOR: uniform in [-5, 5]², label = sign(x1 · x2) of the clean position, then Gaussian jitter
/// of standard deviation `2 · noise` (clamped to the box). Points within 0.3 of an axis are
/// pushed away so that at `noise = 0` the quadrants are cleanly separated.
pub fn xor(n: usize, noise: f64, rng: &mut Rng) -> Vec<Point> {
    (0..n)
        .map(|_| {
            let mut x = [rng.range(-5.0, 5.0), rng.range(-5.0, 5.0)];
            for c in &mut x {
                *c += if *c > 0.0 { 0.3 } else { -0.3 };
            }
            let label = if x[0] * x[1] >= 0.0 { 1 } else { -1 };
            for c in &mut x {
                *c = (*c + 2.0 * noise * rng.normal()).clamp(-VIEW_HALF, VIEW_HALF);
            }
            Point { x, label }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;

    #[test]
    fn xor_is_deterministic_per_seed() {
        let a = xor(100, 0.2, &mut Rng::new(5, Stream::Data));
        let b = xor(100, 0.2, &mut Rng::new(5, Stream::Data));
        let c = xor(100, 0.2, &mut Rng::new(6, Stream::Data));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn xor_without_noise_labels_by_quadrant() {
        let pts = xor(500, 0.0, &mut Rng::new(1, Stream::Data));
        let pos = pts.iter().filter(|p| p.label == 1).count();
        assert!(pos > 200 && pos < 300, "{pos} positives of 500");
        for p in &pts {
            assert_eq!(p.label == 1, p.x[0] * p.x[1] > 0.0);
            assert!(p.x[0].abs() >= 0.3 && p.x[1].abs() >= 0.3);
        }
    }
}
