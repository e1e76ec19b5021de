//! Two-dimensional objectives for the gradient-descent lab, each with its analytic gradient,
//! a default view box and start point, and its minima (exact, so the tests can check that they
//! are stationary points).
//!
//! | name | f(x, y) | minima | what it shows |
//! |---|---|---|---|
//! | bowl | x² + y² | (0, 0) | convex; ∇f is 2-Lipschitz, so GD diverges for a learning rate above 2/L = 1 |
//! | ravine | 0.05·x² + 5·y² | (0, 0) | ill-conditioned (curvatures 0.1 and 10): GD zig-zags across y while crawling along x |
//! | rosenbrock | (1 − x)² + 100·(y − x²)² | (1, 1) | a curved, flat-bottomed valley |
//! | minima | g(x) + h(y), g(x) = x⁴ − x³/3 − 4.5x² + 2.25x, h(y) = y⁴ + 8y³/15 − 4.5y² − 3.6y | (±1.5, ±1.5) | four basins of different depths: the start decides the end |
//! | plateau | 1 − exp(−(x² + y²)/8) | (0, 0) | far from the well the gradient is nearly 0 and plain GD stalls |
//! | saddle | x² + y⁴/4 − y²/2 | (0, ±1) | a saddle at (0, 0): a path started on y = 0 walks into it and waits |
//!
//! The `minima` surface is built from g'(x) = 4(x + 1.5)(x − 0.25)(x − 1.5) and
//! h'(y) = 4(y + 1.5)(y + 0.4)(y − 1.5), so its minima are exactly at ±1.5 with depths
//! f(−1.5, 1.5) = −15.975 (global), f(1.5, 1.5) = −11.475, f(−1.5, −1.5) = −8.775 and
//! f(1.5, −1.5) = −4.275.

use serde::Serialize;
use tsify::Tsify;

use crate::choice::choice_enum;

choice_enum! {
    /// The lab's surfaces by their JavaScript names.
    pub enum Surface {
        Bowl = "bowl",
        Ravine = "ravine",
        Rosenbrock = "rosenbrock",
        Minima = "minima",
        Plateau = "plateau",
        Saddle = "saddle",
    }
}

/// What the lab and the page need to know about a surface.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SurfaceInfo {
    pub name: Surface,
    #[tsify(type = "string")]
    pub formula: &'static str,
    /// [xmin, xmax, ymin, ymax]
    #[tsify(type = "[number, number, number, number]")]
    pub r#box: [f64; 4],
    #[tsify(type = "[number, number][]")]
    pub minima: Vec<[f64; 2]>,
    #[tsify(type = "[number, number]")]
    pub start: [f64; 2],
    /// Whether the contour map reads better on a log scale (values spanning decades).
    pub log_scale: bool,
}

impl Surface {
    pub fn value(self, x: f64, y: f64) -> f64 {
        match self {
            Surface::Bowl => x * x + y * y,
            Surface::Ravine => 0.05 * x * x + 5.0 * y * y,
            Surface::Rosenbrock => (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x),
            Surface::Minima => {
                let g = x * x * x * x - x * x * x / 3.0 - 4.5 * x * x + 2.25 * x;
                let h = y * y * y * y + 8.0 * y * y * y / 15.0 - 4.5 * y * y - 3.6 * y;
                g + h
            }
            Surface::Plateau => 1.0 - libm::exp(-(x * x + y * y) / 8.0),
            Surface::Saddle => x * x + y * y * y * y / 4.0 - y * y / 2.0,
        }
    }

    pub fn gradient(self, x: f64, y: f64) -> [f64; 2] {
        match self {
            Surface::Bowl => [2.0 * x, 2.0 * y],
            Surface::Ravine => [0.1 * x, 10.0 * y],
            Surface::Rosenbrock => [-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)],
            Surface::Minima => {
                [4.0 * x * x * x - x * x - 9.0 * x + 2.25, 4.0 * y * y * y + 1.6 * y * y - 9.0 * y - 3.6]
            }
            Surface::Plateau => {
                let e = libm::exp(-(x * x + y * y) / 8.0);
                [x / 4.0 * e, y / 4.0 * e]
            }
            Surface::Saddle => [2.0 * x, y * y * y - y],
        }
    }

    pub fn info(self) -> SurfaceInfo {
        let (formula, bx, minima, start, log_scale): (&str, [f64; 4], Vec<[f64; 2]>, [f64; 2], bool) = match self {
            Surface::Bowl => ("x² + y²", [-5.0, 5.0, -5.0, 5.0], vec![[0.0, 0.0]], [-4.0, 3.0], false),
            Surface::Ravine => ("0.05·x² + 5·y²", [-5.0, 5.0, -2.5, 2.5], vec![[0.0, 0.0]], [-4.0, 2.0], true),
            Surface::Rosenbrock => {
                ("(1 − x)² + 100·(y − x²)²", [-2.0, 2.0, -1.0, 3.0], vec![[1.0, 1.0]], [-1.5, 2.0], true)
            }
            Surface::Minima => (
                "x⁴ − x³/3 − 4.5x² + 2.25x + y⁴ + 8y³/15 − 4.5y² − 3.6y",
                [-2.5, 2.5, -2.5, 2.5],
                vec![[-1.5, 1.5], [1.5, 1.5], [-1.5, -1.5], [1.5, -1.5]],
                [-0.5, -1.0],
                false,
            ),
            Surface::Plateau => ("1 − exp(−(x² + y²)/8)", [-8.0, 8.0, -8.0, 8.0], vec![[0.0, 0.0]], [6.0, 4.5], false),
            Surface::Saddle => {
                ("x² + y⁴/4 − y²/2", [-2.0, 2.0, -2.0, 2.0], vec![[0.0, 1.0], [0.0, -1.0]], [-1.8, 0.01], false)
            }
        };
        SurfaceInfo { name: self, formula, r#box: bx, minima, start, log_scale }
    }

    /// Values at the centres of a res × res grid over `bx`, row-major, row 0 at the top.
    pub fn grid(self, res: usize, bx: [f64; 4], out: &mut Vec<f64>) {
        out.clear();
        let (w, h) = ((bx[1] - bx[0]) / res as f64, (bx[3] - bx[2]) / res as f64);
        for r in 0..res {
            let y = bx[3] - (r as f64 + 0.5) * h;
            for c in 0..res {
                out.push(self.value(bx[0] + (c as f64 + 0.5) * w, y));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradients_match_central_differences() {
        let h = 1e-6;
        for &s in Surface::ALL {
            let bx = s.info().r#box;
            for i in 0..7 {
                for j in 0..7 {
                    let x = bx[0] + (bx[1] - bx[0]) * (i as f64 + 0.37) / 7.0;
                    let y = bx[2] + (bx[3] - bx[2]) * (j as f64 + 0.61) / 7.0;
                    let g = s.gradient(x, y);
                    let n = [
                        (s.value(x + h, y) - s.value(x - h, y)) / (2.0 * h),
                        (s.value(x, y + h) - s.value(x, y - h)) / (2.0 * h),
                    ];
                    for k in 0..2 {
                        let scale = g[k].abs().max(n[k].abs()).max(1e-3);
                        assert!((g[k] - n[k]).abs() / scale < 1e-5, "{s:?} at ({x}, {y}): {g:?} vs {n:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn documented_minima_are_stationary_and_lower_than_their_neighbourhood() {
        for &s in Surface::ALL {
            for [x, y] in s.info().minima {
                let g = s.gradient(x, y);
                assert!(g[0].abs() < 1e-12 && g[1].abs() < 1e-12, "{s:?} ({x}, {y}): gradient {g:?}");
                let f = s.value(x, y);
                for (dx, dy) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3), (1e-3, 1e-3)] {
                    assert!(s.value(x + dx, y + dy) > f, "{s:?}: ({x}, {y}) is not a minimum");
                }
            }
        }
    }

    #[test]
    fn the_four_basins_have_the_documented_depths() {
        let depths: Vec<f64> =
            Surface::Minima.info().minima.iter().map(|m| Surface::Minima.value(m[0], m[1])).collect();
        let want = [-15.975, -11.475, -8.775, -4.275];
        for (d, w) in depths.iter().zip(want) {
            assert!((d - w).abs() < 1e-12, "{d} vs {w}");
        }
    }

    #[test]
    fn the_saddle_point_is_stationary_but_not_a_minimum() {
        assert_eq!(Surface::Saddle.gradient(0.0, 0.0), [0.0, 0.0]);
        assert!(Surface::Saddle.value(0.0, 0.1) < 0.0);
        assert!(Surface::Saddle.value(0.1, 0.0) > 0.0);
    }

    #[test]
    fn starts_lie_inside_their_boxes() {
        for &s in Surface::ALL {
            let i = s.info();
            let b = i.r#box;
            assert!(b[0] < i.start[0] && i.start[0] < b[1] && b[2] < i.start[1] && i.start[1] < b[3], "{s:?}");
        }
    }
}
