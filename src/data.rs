//! Two-class point sets in the fixed view box [-6, 6] × [-6, 6].
//!
//! Every generator has one signature, `generate(spec, seed)`: `n` points, half of each class
//! (class +1 at even indices), seeded, with `noise` in [0, 1]. The models see the coordinates as
//! drawn (no standardisation) because the page always shows this same box; generated points sit
//! within ±5 and jitter is clamped to the box. Labels are ±1 (class +1 is "positive").
//!
//! | dataset | shape | what `noise` does |
//! |---|---|---|
//! | xor | uniform in the four quadrants, label = sign(x1·x2), 0.3 gap at the axes | Gaussian jitter σ = 2·noise |
//! | linear | uniform, split by a line through 0 with normal at `angle`, empty band of width `margin` | jitter |
//! | gauss | two Gaussian blobs centred at ±(2, 2) | widens the blobs: σ = 0.5 + 2.5·noise |
//! | circle | class +1 in the disc r < 2, class −1 in the ring 3 < r < 5 | jitter |
//! | spiral | two interleaved spirals of 1.75 turns, r up to 5 | jitter |
//! | moons | two interleaved half-circles (radius 3) | jitter |
//!
//! The train/test split shuffles the indices with its own stream of the seed and takes the
//! first round(n·ratio) (at least one) for training.

use serde::{Deserialize, Serialize};

use crate::choice::choice_enum;
use crate::config::TrainerConfig;
use crate::rng::{Rng, Stream};

/// Half-width of the square view box that every dataset lives in and every grid covers.
pub const VIEW_HALF: f64 = 6.0;
/// Most points a dataset may hold (generated or edited). Keeps a full-batch step and a
/// 100 × 100 landscape cheap enough for a frame.
pub const MAX_POINTS: usize = 2000;

choice_enum! {
    /// The dataset generators by their JavaScript names.
    pub enum DatasetKind {
        Xor = "xor",
        Linear = "linear",
        Gauss = "gauss",
        Circle = "circle",
        Spiral = "spiral",
        Moons = "moons",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: [f64; 2],
    /// +1 or −1.
    pub label: i8,
    /// Held out from training.
    pub test: bool,
}

/// What to generate: the dataset-related fields of a config.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DataSpec {
    pub kind: DatasetKind,
    pub n: usize,
    pub noise: f64,
    pub train_ratio: f64,
    /// `linear`: normal direction in degrees.
    pub angle: f64,
    /// `linear`: width of the empty band.
    pub margin: f64,
}

impl DataSpec {
    pub fn from_config(cfg: &TrainerConfig) -> Self {
        DataSpec {
            kind: cfg.dataset,
            n: cfg.points,
            noise: cfg.noise,
            train_ratio: cfg.train_ratio,
            angle: cfg.angle,
            margin: cfg.margin,
        }
    }
}

/// Generates the points of `spec` for `seed` and marks the test set.
pub fn generate(spec: &DataSpec, seed: u32) -> Vec<Point> {
    let mut rng = Rng::new(seed as u64, Stream::Data);
    let mut points: Vec<Point> = (0..spec.n)
        .map(|i| {
            let label: i8 = if i % 2 == 0 { 1 } else { -1 };
            let x = match spec.kind {
                DatasetKind::Xor => xor(label, &mut rng),
                DatasetKind::Linear => linear(label, spec.angle, spec.margin, &mut rng),
                DatasetKind::Gauss => gauss(label, spec.noise, &mut rng),
                DatasetKind::Circle => circle(label, &mut rng),
                DatasetKind::Spiral => spiral(label, &mut rng),
                DatasetKind::Moons => moons(label, &mut rng),
            };
            let sigma = if spec.kind == DatasetKind::Gauss { 0.0 } else { 2.0 * spec.noise };
            Point { x: jitter(x, sigma, &mut rng), label, test: false }
        })
        .collect();
    mark_test_set(&mut points, spec.train_ratio, seed);
    points
}

/// Marks all but round(n·ratio) (at least one) points as test points, chosen by the seed.
pub fn mark_test_set(points: &mut [Point], train_ratio: f64, seed: u32) {
    let n = points.len();
    let n_train = ((n as f64 * train_ratio).round() as usize).clamp(1.min(n), n);
    let mut order: Vec<usize> = (0..n).collect();
    Rng::new(seed as u64, Stream::Split).shuffle(&mut order);
    for (rank, &i) in order.iter().enumerate() {
        points[i].test = rank >= n_train;
    }
}

fn jitter(x: [f64; 2], sigma: f64, rng: &mut Rng) -> [f64; 2] {
    if sigma == 0.0 {
        return x;
    }
    let j = [rng.normal(), rng.normal()];
    [(x[0] + sigma * j[0]).clamp(-VIEW_HALF, VIEW_HALF), (x[1] + sigma * j[1]).clamp(-VIEW_HALF, VIEW_HALF)]
}

/// Rejection-samples a uniform point of [-5, 5]² until `accept` holds (bounded; the regions
/// used here cover at least a fifth of the square, so 10 000 tries never all fail in practice,
/// and the last try is taken either way to keep the function total).
fn uniform_where(rng: &mut Rng, accept: impl Fn([f64; 2]) -> bool) -> [f64; 2] {
    let mut x = [0.0; 2];
    for _ in 0..10_000 {
        x = [rng.range(-5.0, 5.0), rng.range(-5.0, 5.0)];
        if accept(x) {
            break;
        }
    }
    x
}

fn xor(label: i8, rng: &mut Rng) -> [f64; 2] {
    // Quadrants with x1·x2 > 0 are class +1; keep 0.3 away from the axes.
    let mut x = [rng.range(0.3, 5.0), rng.range(0.3, 5.0)];
    let flip = rng.uniform() < 0.5;
    if flip {
        x[0] = -x[0];
        x[1] = -x[1];
    }
    if label < 0 {
        x[0] = -x[0];
    }
    x
}

fn linear(label: i8, angle_deg: f64, margin: f64, rng: &mut Rng) -> [f64; 2] {
    let a = angle_deg.to_radians();
    let normal = [libm::cos(a), libm::sin(a)];
    let half = 0.5 * margin;
    let s = label as f64;
    uniform_where(rng, |x| s * (normal[0] * x[0] + normal[1] * x[1]) >= half)
}

fn gauss(label: i8, noise: f64, rng: &mut Rng) -> [f64; 2] {
    let sigma = 0.5 + 2.5 * noise;
    let c = 2.0 * label as f64;
    let p = [c + sigma * rng.normal(), c + sigma * rng.normal()];
    [p[0].clamp(-VIEW_HALF, VIEW_HALF), p[1].clamp(-VIEW_HALF, VIEW_HALF)]
}

fn circle(label: i8, rng: &mut Rng) -> [f64; 2] {
    // Uniform over the area: r = sqrt of a uniform draw between the squared radii.
    let (r0, r1) = if label > 0 { (0.0, 2.0) } else { (3.0, 5.0) };
    let r = libm::sqrt(rng.range(r0 * r0, r1 * r1));
    let t = rng.range(0.0, std::f64::consts::TAU);
    [r * libm::cos(t), r * libm::sin(t)]
}

fn spiral(label: i8, rng: &mut Rng) -> [f64; 2] {
    let u = rng.uniform();
    let r = 5.0 * u;
    let t = 1.75 * std::f64::consts::TAU * u + if label > 0 { 0.0 } else { std::f64::consts::PI };
    [r * libm::sin(t), r * libm::cos(t)]
}

fn moons(label: i8, rng: &mut Rng) -> [f64; 2] {
    // Upper moon (class +1) centred at (−1.5, −0.75) after the shift, lower moon mirrored.
    let t = rng.range(0.0, std::f64::consts::PI);
    let (c, s) = (libm::cos(t), libm::sin(t));
    if label > 0 {
        [3.0 * c - 1.5, 3.0 * s - 0.75]
    } else {
        [1.5 - 3.0 * c, 0.75 - 3.0 * s]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: DatasetKind, n: usize, noise: f64) -> DataSpec {
        DataSpec { kind, n, noise, train_ratio: 0.5, angle: 30.0, margin: 1.0 }
    }

    const ALL: [DatasetKind; 6] = [
        DatasetKind::Xor,
        DatasetKind::Linear,
        DatasetKind::Gauss,
        DatasetKind::Circle,
        DatasetKind::Spiral,
        DatasetKind::Moons,
    ];

    #[test]
    fn every_dataset_is_deterministic_per_seed_and_in_the_box() {
        for kind in ALL {
            let a = generate(&spec(kind, 300, 0.3), 5);
            assert_eq!(a, generate(&spec(kind, 300, 0.3), 5), "{kind:?}");
            assert_ne!(a, generate(&spec(kind, 300, 0.3), 6), "{kind:?}");
            assert_eq!(a.len(), 300);
            assert_eq!(a.iter().filter(|p| p.label == 1).count(), 150, "{kind:?} balanced");
            assert!(a.iter().all(|p| p.x.iter().all(|c| c.abs() <= VIEW_HALF)), "{kind:?} in box");
        }
    }

    #[test]
    fn xor_without_noise_labels_by_quadrant() {
        for p in generate(&spec(DatasetKind::Xor, 500, 0.0), 1) {
            assert_eq!(p.label == 1, p.x[0] * p.x[1] > 0.0);
            assert!(p.x[0].abs() >= 0.3 && p.x[1].abs() >= 0.3);
        }
    }

    #[test]
    fn linear_split_keeps_its_margin_and_angle() {
        let s = DataSpec { angle: 120.0, margin: 2.0, ..spec(DatasetKind::Linear, 400, 0.0) };
        let n = [libm::cos(120f64.to_radians()), libm::sin(120f64.to_radians())];
        for p in generate(&s, 3) {
            let d = p.label as f64 * (n[0] * p.x[0] + n[1] * p.x[1]);
            assert!(d >= 1.0, "signed distance {d}");
        }
    }

    #[test]
    fn circle_classes_are_separated_by_radius() {
        for p in generate(&spec(DatasetKind::Circle, 400, 0.0), 2) {
            let r = p.x[0].hypot(p.x[1]);
            assert!(if p.label > 0 { r <= 2.0 } else { (3.0..=5.0).contains(&r) }, "r = {r}");
        }
    }

    #[test]
    fn circle_points_are_uniform_over_the_disc_and_the_ring() {
        // Uniform over an area: the share of points with r² below the middle of [r0², r1²] is ½.
        let pts = generate(&spec(DatasetKind::Circle, 4000, 0.0), 3);
        for (label, r0, r1) in [(1, 0.0f64, 2.0f64), (-1, 3.0, 5.0)] {
            let r2: Vec<f64> =
                pts.iter().filter(|p| p.label == label).map(|p| p.x[0].powi(2) + p.x[1].powi(2)).collect();
            let mid = (r0 * r0 + r1 * r1) / 2.0;
            let inner = r2.iter().filter(|&&v| v < mid).count() as f64 / r2.len() as f64;
            assert!((inner - 0.5).abs() < 0.04, "class {label}: {inner} of the points inside r² = {mid}");
            let (lo, hi) = r2.iter().fold((f64::MAX, 0.0f64), |(lo, hi), &v| (lo.min(v), hi.max(v)));
            assert!(lo < r0 * r0 + 0.1 && hi > r1 * r1 - 0.1, "class {label}: r² spans [{lo}, {hi}]");
        }
    }

    #[test]
    fn spiral_points_lie_on_their_own_arm() {
        // Arm +1: (r sin t, r cos t) with t = 1.75·2π·r/5; arm −1 is the same turned by π.
        for p in generate(&spec(DatasetKind::Spiral, 400, 0.0), 4) {
            let r = p.x[0].hypot(p.x[1]);
            let t = 1.75 * std::f64::consts::TAU * r / 5.0 + if p.label == 1 { 0.0 } else { std::f64::consts::PI };
            assert!((p.x[0] - r * t.sin()).abs() < 1e-9 && (p.x[1] - r * t.cos()).abs() < 1e-9, "{p:?}");
        }
    }

    #[test]
    fn moons_are_half_circles_of_radius_3_facing_each_other() {
        for p in generate(&spec(DatasetKind::Moons, 400, 0.0), 5) {
            let (c, up) = if p.label == 1 { ([-1.5, -0.75], 1.0) } else { ([1.5, 0.75], -1.0) };
            let (dx, dy) = (p.x[0] - c[0], p.x[1] - c[1]);
            assert!((dx.hypot(dy) - 3.0).abs() < 1e-9, "{p:?} is on the circle around {c:?}");
            assert!(up * dy >= 0.0, "{p:?} is on the open side of its moon");
        }
    }

    #[test]
    fn gauss_blobs_overlap_more_as_noise_grows() {
        // Points on the wrong side of the line x1 + x2 = 0, which separates the two centres.
        let wrong = |noise| {
            generate(&spec(DatasetKind::Gauss, 1000, noise), 4)
                .iter()
                .filter(|p| (p.x[0] + p.x[1]) * p.label as f64 <= 0.0)
                .count()
        };
        let (calm, wild) = (wrong(0.0), wrong(1.0));
        assert!(calm == 0 && wild > 100, "{calm} vs {wild}");
    }

    #[test]
    fn split_follows_the_ratio_and_keeps_one_training_point() {
        let pts = generate(&DataSpec { train_ratio: 0.7, ..spec(DatasetKind::Moons, 200, 0.1) }, 9);
        assert_eq!(pts.iter().filter(|p| !p.test).count(), 140);
        let tiny = generate(&DataSpec { train_ratio: 0.01, ..spec(DatasetKind::Xor, 10, 0.1) }, 9);
        assert_eq!(tiny.iter().filter(|p| !p.test).count(), 1);
    }
}
