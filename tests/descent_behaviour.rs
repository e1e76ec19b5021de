//! The gradient-descent lab's behaviour with fixed settings.
#![cfg(not(target_arch = "wasm32"))]

use dl_playground::{OptimizerKind, Race, RaceConfig, RacerConfig, RacerState, Surface};

fn racer(kind: OptimizerKind, learning_rate: f64) -> RacerConfig {
    RacerConfig { kind, learning_rate, ..RacerConfig::default() }
}

fn race(surface: Surface, start: [f64; 2], optimizers: Vec<RacerConfig>) -> Race {
    Race::new(RaceConfig { surface, start: Some(start), optimizers, ..RaceConfig::default() }).expect("valid")
}

/// Steps until the racer is within `tol` of `target`, or None within `limit` steps.
fn steps_to(surface: Surface, start: [f64; 2], r: RacerConfig, target: [f64; 2], tol: f64, limit: u64) -> Option<u64> {
    let mut d = race(surface, start, vec![r]);
    for k in 1..=limit {
        d.step(1);
        let p = d.status()[0].position;
        if (p[0] - target[0]).hypot(p[1] - target[1]) < tol {
            return Some(k);
        }
    }
    None
}

#[test]
fn plain_gd_zig_zags_across_the_ravine_and_momentum_gets_there_sooner() {
    let mut d = race(Surface::Ravine, [-4.0, 2.0], vec![racer(OptimizerKind::Sgd, 0.15)]);
    d.step(12);
    let path = d.paths()[0].to_vec();
    let dy: Vec<f64> = path.chunks(2).collect::<Vec<_>>().windows(2).map(|w| w[1][1] - w[0][1]).collect();
    for w in dy.windows(2).take(11) {
        assert!(w[0] * w[1] < 0.0, "the y step keeps its sign: {dy:?}");
    }
    let gd = steps_to(Surface::Ravine, [-4.0, 2.0], racer(OptimizerKind::Sgd, 0.15), [0.0, 0.0], 0.05, 5000).unwrap();
    let mo =
        steps_to(Surface::Ravine, [-4.0, 2.0], racer(OptimizerKind::Momentum, 0.15), [0.0, 0.0], 0.05, 5000).unwrap();
    assert!(mo < gd, "momentum {mo} steps, GD {gd} steps");
}

// GD stalling on the plateau where Adam leaves it is lesson 12, asserted from the lesson
// registry by tests/lessons.rs.

#[test]
fn different_starts_end_in_different_minima() {
    let mut ends = Vec::new();
    for start in [[-0.5, -1.0], [1.0, 1.0]] {
        let mut d = race(Surface::Minima, start, vec![racer(OptimizerKind::Sgd, 0.02)]);
        d.step(2000);
        let p = d.status()[0].position;
        let m = Surface::Minima.info().minima.into_iter().find(|m| (p[0] - m[0]).hypot(p[1] - m[1]) < 1e-6);
        ends.push(m.expect("ends at a documented minimum"));
    }
    assert_eq!(ends, vec![[-1.5, -1.5], [1.5, 1.5]]);
}

#[test]
fn a_step_size_above_two_over_l_diverges_on_the_bowl() {
    // ∇(x² + y²) is 2-Lipschitz: GD multiplies the position by (1 − 2·lr).
    let mut d =
        race(Surface::Bowl, [-4.0, 3.0], vec![racer(OptimizerKind::Sgd, 1.05), racer(OptimizerKind::Sgd, 0.95)]);
    d.step(300);
    let s = d.status();
    assert!(s[0].state == RacerState::DivergedLeftBox && s[0].stopped, "{:?}", s[0]);
    assert!(s[1].state == RacerState::Running && s[1].loss < 1e-6, "{:?}", s[1]);
}

/// From (1, −2) on the bowl, where ∇f = (2x, 2y), learning rate 0.1; values worked by hand.
#[test]
fn first_two_steps_on_the_bowl_match_hand_computation() {
    let two = |kind| {
        let mut d = race(Surface::Bowl, [1.0, -2.0], vec![racer(kind, 0.1)]);
        d.step(2);
        let p = d.paths()[0].to_vec();
        [[p[2], p[3]], [p[4], p[5]]]
    };
    let (e8, e10) = (1e-8, 1e-10);
    let cases: Vec<(OptimizerKind, [[f64; 2]; 2])> = vec![
        // g0 = (2, −4): θ1 = (0.8, −1.6); g1 = (1.6, −3.2): θ2 = (0.64, −1.28)
        (OptimizerKind::Sgd, [[0.8, -1.6], [0.64, -1.28]]),
        // b1 = g0 → θ1 = (0.8, −1.6); b2 = 0.9·b1 + g1 = (3.4, −6.8) → θ2 = (0.46, −0.92)
        (OptimizerKind::Momentum, [[0.8, -1.6], [0.46, -0.92]]),
        // d1 = g0 + 0.9·g0 = (3.8, −7.6) → θ1 = (0.62, −1.24); g1 = (1.24, −2.48);
        // b2 = (3.04, −6.08); d2 = g1 + 0.9·b2 = (3.976, −7.952) → θ2 = (0.2224, −0.4448)
        (OptimizerKind::Nesterov, [[0.62, -1.24], [0.2224, -0.4448]]),
        // s1 = (4, 16) → θ1 = (1 − 0.2/(2+ε), −2 + 0.4/(4+ε)); g1 = 2θ1; s2 = s1 + g1²
        (OptimizerKind::Adagrad, {
            let t1 = [1.0 - 0.2 / (2.0 + e10), -2.0 + 0.4 / (4.0 + e10)];
            let g1 = [2.0 * t1[0], 2.0 * t1[1]];
            let s2 = [4.0 + g1[0] * g1[0], 16.0 + g1[1] * g1[1]];
            [t1, [t1[0] - 0.1 * g1[0] / (s2[0].sqrt() + e10), t1[1] - 0.1 * g1[1] / (s2[1].sqrt() + e10)]]
        }),
        // v1 = 0.01·g0² = (0.04, 0.16) → θ1 = (1 − 0.2/(0.2+ε), −2 + 0.4/(0.4+ε)); v2 = 0.99·v1 + 0.01·g1²
        (OptimizerKind::Rmsprop, {
            let t1 = [1.0 - 0.2 / (0.2 + e8), -2.0 + 0.4 / (0.4 + e8)];
            let g1 = [2.0 * t1[0], 2.0 * t1[1]];
            let v2 = [0.99 * 0.04 + 0.01 * g1[0] * g1[0], 0.99 * 0.16 + 0.01 * g1[1] * g1[1]];
            [t1, [t1[0] - 0.1 * g1[0] / (v2[0].sqrt() + e8), t1[1] - 0.1 * g1[1] / (v2[1].sqrt() + e8)]]
        }),
        // t=1: θ1 = θ0 − 0.1·g0/(|g0| + ε); t=2: m = 0.09·g0 + 0.1·g1, v = 0.000999·g0² + 0.001·g1²,
        // θ2 = θ1 − 0.1·(m/0.19)/(√(v/0.001999) + ε)
        (OptimizerKind::Adam, {
            let t1 = [1.0 - 0.2 / (2.0 + e8), -2.0 + 0.4 / (4.0 + e8)];
            let g1 = [2.0 * t1[0], 2.0 * t1[1]];
            let g0 = [2.0, -4.0];
            let st = |k: usize| {
                let m = 0.09 * g0[k] + 0.1 * g1[k];
                let v = 0.000999 * g0[k] * g0[k] + 0.001 * g1[k] * g1[k];
                0.1 * (m / 0.19) / ((v / 0.001999f64).sqrt() + e8)
            };
            [t1, [t1[0] - st(0), t1[1] - st(1)]]
        }),
    ];
    for (kind, want) in cases {
        let got = two(kind);
        for s in 0..2 {
            for k in 0..2 {
                assert!(
                    (got[s][k] - want[s][k]).abs() < 1e-12,
                    "{kind:?} step {} coord {k}: {} vs {}",
                    s + 1,
                    got[s][k],
                    want[s][k]
                );
            }
        }
    }
}

#[test]
fn bad_configs_name_the_field() {
    let bad = |cfg: RaceConfig, field: &str| {
        let e = Race::new(cfg).unwrap_err();
        assert_eq!(e.field, field, "{e}");
    };
    bad(RaceConfig { optimizers: vec![], ..RaceConfig::default() }, "optimizers");
    bad(RaceConfig { optimizers: vec![racer(OptimizerKind::Sgd, 0.1); 9], ..RaceConfig::default() }, "optimizers");
    bad(
        RaceConfig {
            optimizers: vec![racer(OptimizerKind::Sgd, 0.1), racer(OptimizerKind::Adam, -1.0)],
            ..RaceConfig::default()
        },
        "optimizers[1].learningRate",
    );
    bad(
        RaceConfig {
            optimizers: vec![RacerConfig { beta2: 1.5, ..racer(OptimizerKind::Adam, 0.1) }],
            ..RaceConfig::default()
        },
        "optimizers[0].beta2",
    );
    bad(RaceConfig { start: Some([9.0, 0.0]), ..RaceConfig::default() }, "start[0]");
    bad(RaceConfig { max_steps: 0, ..RaceConfig::default() }, "maxSteps");
}

#[test]
fn one_overshoot_of_momentum_is_not_divergence() {
    // Momentum 0.9 on the ravine swings once above its starting value, then settles.
    let mut d = race(Surface::Ravine, [-4.0, 2.0], vec![racer(OptimizerKind::Momentum, 0.15)]);
    d.step(400);
    let s = &d.status()[0];
    assert!(s.state == RacerState::Running && s.loss < 1e-4, "{s:?}");
}

/// Rosenbrock from (1.9, 3) on the top edge of its box [−2, 2] × [−1, 3]: ∇f = (465.4, −122), so
/// descent moves up and to the left, toward the valley y = x², which leaves the box through the
/// top. At lr 0.0002 the first step lands at (1.80692, 3.0244), outside, where f ≈ 6.44 is far
/// below the start's 38.02: the racer slid out downhill, so it has left the box, stopped, but not
/// diverged. At lr 0.001 the step overshoots the valley to (1.4346, 3.122), where f ≈ 113.4 is
/// above the start and rising: it climbed out, which is divergence.
#[test]
fn sliding_downhill_out_of_the_box_is_leaving_it_and_climbing_out_is_divergence() {
    let start = [1.9, 3.0];
    let f = |p: [f64; 2]| Surface::Rosenbrock.value(p[0], p[1]);
    assert!((f(start) - 38.02).abs() < 1e-12);
    assert_eq!(Surface::Rosenbrock.gradient(1.9, 3.0).map(|g| (g * 1e9).round() / 1e9), [465.4, -122.0]);
    let mut d =
        race(Surface::Rosenbrock, start, vec![racer(OptimizerKind::Sgd, 0.0002), racer(OptimizerKind::Sgd, 0.001)]);
    d.step(5);
    let s = d.status();
    let (slid, climbed) = (&s[0], &s[1]);
    for (r, want) in [(slid, [1.80692, 3.0244]), (climbed, [1.4346, 3.122])] {
        assert_eq!(r.steps, 1, "stopped after the step that left the box: {r:?}");
        assert!(r.stopped, "{r:?}");
        assert!((r.position[0] - want[0]).abs() < 1e-12 && (r.position[1] - want[1]).abs() < 1e-12, "{r:?}");
        assert!(r.position[1] > 3.0, "outside the box: {r:?}");
    }
    assert!(slid.loss < 6.5 && slid.loss < f(start), "{slid:?}");
    assert_eq!(slid.state, RacerState::LeftBox, "downhill out of the box is not divergence");
    assert!(climbed.loss > 113.0 && climbed.loss > f(start), "{climbed:?}");
    assert_eq!(climbed.state, RacerState::DivergedLeftBox);
    assert_eq!(d.paths()[0].len(), 4, "the start and the one step");
}
