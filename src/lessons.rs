//! The curriculum's outcomes, each run with a fixed seed and reduced to one figure and a
//! verdict. `cargo run --release --example lessons` prints them; a test asserts them all.
//!
//! Lessons 1–10 and 15 run on the training engine; 11–14 (local minima, plateau, oscillation,
//! optimizers) on the descent lab's surfaces.

use crate::activation::ActivationKind;
use crate::config::TrainerConfig;
use crate::data::DatasetKind;
use crate::engine::{Budget, Engine};
use crate::loss::Loss;
use crate::model::ModelKind;
use crate::optimizer::OptimizerKind;
use crate::race::{Race, RaceConfig, RacerConfig};
use crate::surface::Surface;

/// One lesson's result: the figure that proves it, in words, and whether it holds.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub number: u32,
    pub name: &'static str,
    pub figure: String,
    pub pass: bool,
}

fn run(cfg: TrainerConfig) -> Engine {
    // Every config below is valid: an invalid one is a bug in this file, and panics.
    Engine::new(cfg.check().unwrap_or_else(|e| panic!("lesson config: {e}")))
}

fn base() -> TrainerConfig {
    TrainerConfig { seed: Some(7), ..TrainerConfig::default() }
}

fn perceptron(dataset: DatasetKind) -> TrainerConfig {
    TrainerConfig {
        model: ModelKind::Perceptron,
        dataset,
        noise: 0.0,
        batch_size: 1,
        learning_rate: 0.1,
        points: 400,
        ..base()
    }
}

fn lesson1() -> Outcome {
    let mut e = run(perceptron(DatasetKind::Linear));
    let mut epochs = 0;
    while e.metrics().train_accuracy < 1.0 && epochs < 100 {
        e.advance(Budget::Epochs(1));
        epochs += 1;
    }
    let acc = e.metrics().train_accuracy;
    Outcome {
        number: 1,
        name: "perceptron converges on a linear split",
        figure: format!("100% train accuracy after {epochs} epochs (accuracy {:.3})", acc),
        pass: acc == 1.0,
    }
}

fn lesson2() -> Outcome {
    let mut e = run(perceptron(DatasetKind::Xor));
    let (mut best, mut moved_late): (f64, f64) = (0.0, 0.0);
    for epoch in 0..200 {
        let before = e.params().to_vec();
        e.advance(Budget::Epochs(1));
        best = best.max(e.metrics().train_accuracy);
        if epoch >= 150 {
            let d: f64 = e.params().iter().zip(&before).map(|(a, b)| (a - b).abs()).sum();
            moved_late = moved_late.max(d);
        }
    }
    Outcome {
        number: 2,
        name: "perceptron cannot learn XOR",
        figure: format!("best accuracy {:.3} in 200 epochs; weights still change by {:.3} per epoch", best, moved_late),
        pass: best <= 0.75 && moved_late > 0.0,
    }
}

fn lesson3() -> Outcome {
    let gauss = |model| TrainerConfig {
        model,
        dataset: DatasetKind::Gauss,
        noise: 0.3,
        batch_size: 2000,
        learning_rate: 0.005,
        ..base()
    };
    let mut ada = run(gauss(ModelKind::Adaline));
    ada.advance(Budget::Epochs(100));
    let mse: Vec<f64> = ada.history().iter().step_by(2).copied().collect();
    let monotone = mse.windows(2).all(|w| w[1] < w[0]);
    // On overlapping blobs no line is perfect, so the perceptron never settles.
    let mut per = run(TrainerConfig { batch_size: 1, learning_rate: 0.1, noise: 0.6, ..gauss(ModelKind::Perceptron) });
    let mut errors = Vec::new();
    for _ in 0..30 {
        per.advance(Budget::Epochs(1));
        errors.push(1.0 - per.metrics().train_accuracy);
    }
    let rises = errors.windows(2).filter(|w| w[1] > w[0]).count();
    Outcome {
        number: 3,
        name: "Adaline's MSE falls smoothly; the perceptron's error jumps",
        figure: format!(
            "Adaline MSE {:.3} -> {:.3}, monotone: {monotone}; perceptron error rate rose in {rises} of 29 epochs",
            mse[0],
            mse[mse.len() - 1]
        ),
        pass: monotone && rises > 0,
    }
}

fn lesson4() -> Outcome {
    let blobs = |model| TrainerConfig {
        model,
        dataset: DatasetKind::Gauss,
        noise: 0.5,
        points: 1000,
        learning_rate: 0.05,
        ..base()
    };
    let mut lr = run(blobs(ModelKind::Logistic));
    lr.advance(Budget::Epochs(50));
    let acc = lr.metrics().test_accuracy.unwrap_or(0.0);
    let graded =
        |e: &mut Engine| e.predict_grid(50).map(|g| g.iter().filter(|&&p| p > 0.05 && p < 0.95).count()).unwrap_or(0);
    let soft = graded(&mut lr);
    let mut per = run(TrainerConfig { batch_size: 1, ..blobs(ModelKind::Perceptron) });
    per.advance(Budget::Epochs(5));
    let hard = graded(&mut per);
    Outcome {
        number: 4,
        name: "logistic regression gives probabilities",
        figure: format!(
            "test accuracy {acc:.3} (best possible 0.947); {soft} of 2500 heatmap cells strictly between 0.05 and 0.95, perceptron: {hard}"
        ),
        pass: (acc - 0.947).abs() < 0.03 && soft > 100 && hard == 0,
    }
}

fn lesson5() -> Outcome {
    let mut parts = Vec::new();
    let mut pass = true;
    for act in [
        ActivationKind::Sigmoid,
        ActivationKind::Tanh,
        ActivationKind::Relu,
        ActivationKind::LeakyRelu,
        ActivationKind::Linear,
        ActivationKind::Step,
    ] {
        let mut e = run(TrainerConfig {
            dataset: DatasetKind::Circle,
            hidden: vec![6],
            activation: act,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.03,
            ..base()
        });
        e.advance(Budget::Epochs(150));
        let acc = e.metrics().train_accuracy;
        let nonlinear = !matches!(act, ActivationKind::Linear | ActivationKind::Step);
        pass &= if nonlinear { acc >= 0.95 } else { acc <= 0.8 };
        parts.push(format!("{act:?} {acc:.2}"));
    }
    Outcome {
        number: 5,
        name: "the same net with each activation (circle)",
        figure: format!("train accuracy: {}", parts.join(", ")),
        pass,
    }
}

fn lesson6() -> Outcome {
    let norms = |act| {
        let mut e = run(TrainerConfig { hidden: vec![8; 6], activation: act, ..base() });
        e.advance(Budget::Batches(1));
        let g = e.gradient_norms();
        g[g.len() - 1] / g[0]
    };
    let (sig, tanh, relu) = (norms(ActivationKind::Sigmoid), norms(ActivationKind::Tanh), norms(ActivationKind::Relu));
    let dead = |act| {
        let mut e = run(TrainerConfig {
            hidden: vec![16, 16],
            activation: act,
            leaky_alpha: 0.1,
            learning_rate: 0.3,
            ..base()
        });
        e.advance(Budget::Epochs(60));
        e.metrics().dead_units.iter().sum::<u32>()
    };
    let (dead_relu, dead_leaky) = (dead(ActivationKind::Relu), dead(ActivationKind::LeakyRelu));
    Outcome {
        number: 6,
        name: "vanishing gradients and dead ReLUs",
        figure: format!(
            "last/first layer gradient norm: sigmoid {sig:.0}x, tanh {tanh:.1}x, ReLU {relu:.1}x; units with z <= 0 on every point after 60 epochs: ReLU {dead_relu}, Leaky ReLU (0.1) {dead_leaky}"
        ),
        pass: sig >= 100.0 && relu < 10.0 && dead_relu > dead_leaky,
    }
}

fn lesson7() -> Outcome {
    let xor = |act| {
        let mut e = run(TrainerConfig {
            hidden: vec![4],
            activation: act,
            points: 400,
            noise: 0.0,
            optimizer: OptimizerKind::Adam,
            ..base()
        });
        let mut best: f64 = 0.0;
        for _ in 0..200 {
            e.advance(Budget::Epochs(1));
            best = best.max(e.metrics().train_accuracy);
        }
        (e.metrics().train_accuracy, best)
    };
    let (tanh, _) = xor(ActivationKind::Tanh);
    let (_, linear_best) = xor(ActivationKind::Linear);
    Outcome {
        number: 7,
        name: "XOR needs a non-linear hidden layer",
        figure: format!("2-4-1 tanh: {tanh:.3}; 2-4-1 linear: best {linear_best:.3}"),
        pass: tanh >= 0.98 && linear_best <= 0.75,
    }
}

fn lesson8() -> Outcome {
    let mut parts = Vec::new();
    let mut pass = true;
    for loss in [Loss::Mse, Loss::CrossEntropy, Loss::Perceptron, Loss::Hinge] {
        let mut e = run(TrainerConfig {
            dataset: DatasetKind::Circle,
            hidden: vec![6],
            loss,
            optimizer: OptimizerKind::Adam,
            ..base()
        });
        e.advance(Budget::Epochs(150));
        let m = e.metrics();
        pass &= m.train_accuracy >= 0.95;
        parts.push(format!("{loss:?} loss {:.3} acc {:.2}", m.train_loss, m.train_accuracy));
    }
    Outcome { number: 8, name: "four losses, one model (circle, 2-6-1 tanh)", figure: parts.join("; "), pass }
}

fn lesson9() -> Outcome {
    let mut parts = Vec::new();
    let mut pass = true;
    for batch in [1usize, 10, 2000] {
        let mut e = run(TrainerConfig { points: 200, batch_size: batch, ..base() });
        e.advance(Budget::Epochs(2));
        let c = e.counters();
        let n = e.n_train() as u64;
        let want = n.div_ceil(batch.min(n as usize) as u64);
        pass &= c.iteration == 2 * want && c.samples_seen == 2 * n;
        parts.push(format!("batch {batch}: {} iterations/epoch", c.iteration / 2));
    }
    Outcome { number: 9, name: "batch, iteration, epoch", figure: format!("{} (n = 100)", parts.join(", ")), pass }
}

fn lesson10() -> Outcome {
    let ada = |lr| {
        let mut e = run(TrainerConfig { model: ModelKind::Adaline, batch_size: 2000, learning_rate: lr, ..base() });
        e.advance(Budget::Epochs(100));
        let h = e.history();
        (h[0], e.metrics().train_loss, e.diverged().is_some())
    };
    let (start, tiny, _) = ada(1e-5);
    let (_, good, _) = ada(0.005);
    let (_, _, diverged) = ada(10.0);
    Outcome {
        number: 10,
        name: "learning rate too small / right / too large (Adaline)",
        figure: format!(
            "after 100 epochs from MSE {start:.3}: lr 1e-5 -> {tiny:.3} (crawl), lr 0.005 -> {good:.3}, lr 10 diverged: {diverged}"
        ),
        pass: tiny > 0.9 * start && good < 0.5 * start && diverged,
    }
}

/// Every lesson the engine covers, in curriculum order.
pub fn engine_lessons() -> Vec<Outcome> {
    vec![lesson1(), lesson2(), lesson3(), lesson4(), lesson5(), lesson6(), lesson7(), lesson8(), lesson9(), lesson10()]
}

fn race(surface: Surface, start: [f64; 2], optimizers: &[(OptimizerKind, f64)]) -> Race {
    let optimizers = optimizers
        .iter()
        .map(|&(kind, learning_rate)| RacerConfig { kind, learning_rate, ..RacerConfig::default() })
        .collect();
    Race::new(RaceConfig { surface, start: Some(start), optimizers, ..RaceConfig::default() })
        .unwrap_or_else(|e| panic!("lesson race: {e}"))
}

fn lesson11() -> Outcome {
    let mut ends = Vec::new();
    for start in [[-0.5, -1.0], [1.0, 1.0]] {
        let mut d = race(Surface::Minima, start, &[(OptimizerKind::Sgd, 0.02)]);
        d.step(2000);
        let st = &d.status()[0];
        ends.push((start, st.position, st.loss));
    }
    let fmt = |(s, p, l): &([f64; 2], [f64; 2], f64)| {
        format!("({}, {}) -> ({:.3}, {:.3}) f = {:.3}", s[0], s[1], p[0], p[1], l)
    };
    let far = (ends[0].1[0] - ends[1].1[0]).hypot(ends[0].1[1] - ends[1].1[1]);
    Outcome {
        number: 11,
        name: "local minima: the start decides the end",
        figure: format!("GD 0.02: {}; {}", fmt(&ends[0]), fmt(&ends[1])),
        pass: far > 1.0 && (ends[0].2 - ends[1].2).abs() > 1.0,
    }
}

fn lesson12() -> Outcome {
    let start = Surface::Plateau.info().start;
    let mut d = race(
        Surface::Plateau,
        start,
        &[(OptimizerKind::Sgd, 0.1), (OptimizerKind::Momentum, 0.1), (OptimizerKind::Adam, 0.1)],
    );
    d.step(200);
    let s = d.status();
    Outcome {
        number: 12,
        name: "plateau: GD stalls where the gradient vanishes",
        figure: format!(
            "after 200 steps (plateau: f > 0.99): GD f = {:.4}, momentum f = {:.4}, Adam f = {:.4}",
            s[0].loss, s[1].loss, s[2].loss
        ),
        pass: s[0].loss > 0.99 && s[2].loss < 0.99,
    }
}

fn lesson13() -> Outcome {
    let start = [-4.0, 2.0];
    let mut d = race(Surface::Ravine, start, &[(OptimizerKind::Sgd, 0.15)]);
    d.step(30);
    let ys: Vec<f64> = d.paths()[0].chunks(2).map(|p| p[1]).collect();
    let dy: Vec<f64> = ys.windows(2).map(|w| w[1] - w[0]).collect();
    let flips = dy.windows(2).take_while(|w| w[0] * w[1] < 0.0).count();
    let reach = |kind| {
        let mut d = race(Surface::Ravine, start, &[(kind, 0.15)]);
        (1..=5000u64).find(|_| {
            d.step(1);
            let p = d.status()[0].position;
            p[0].hypot(p[1]) < 0.05
        })
    };
    let (gd, mo) = (reach(OptimizerKind::Sgd), reach(OptimizerKind::Momentum));
    Outcome {
        number: 13,
        name: "oscillation in a ravine; momentum damps it",
        figure: format!("GD 0.15: the y step flips sign {flips} times in a row; within 0.05 of the minimum: GD {gd:?} steps, momentum {mo:?}"),
        pass: flips >= 10 && matches!((gd, mo), (Some(g), Some(m)) if m < g),
    }
}

fn lesson14() -> Outcome {
    let field = [
        (OptimizerKind::Sgd, 0.15),
        (OptimizerKind::Momentum, 0.05),
        (OptimizerKind::Nesterov, 0.05),
        (OptimizerKind::Adagrad, 0.5),
        (OptimizerKind::Rmsprop, 0.05),
        (OptimizerKind::Adam, 0.2),
    ];
    let mut d = race(Surface::Ravine, [-4.0, 2.0], &field);
    let f0 = Surface::Ravine.value(-4.0, 2.0);
    d.step(150);
    let s = d.status();
    let parts: Vec<String> = s.iter().map(|r| format!("{} {:.2e}", r.label, r.loss)).collect();
    Outcome {
        number: 14,
        name: "six optimizers race on the ravine",
        figure: format!("loss after 150 steps from {f0:.1}: {}", parts.join(", ")),
        pass: s
            .iter()
            .all(|r| r.loss.is_finite() && r.loss < 0.05 * f0 && r.state != crate::race::RacerState::Diverged),
    }
}

fn lesson15() -> Outcome {
    // Logistic regression with its bias frozen has exactly two parameters, w1 and w2.
    let cfg = TrainerConfig {
        model: ModelKind::Logistic,
        dataset: DatasetKind::Gauss,
        noise: 1.0,
        frozen: vec!["b[0][0]".into()],
        learning_rate: 0.05,
        ..base()
    };
    let mut e = run(cfg);
    e.advance(Budget::Epochs(100));
    let path = e.parameter_path(0, 1).unwrap_or_default();
    let n = path.len() / 2;
    let (lo, hi) = path.chunks(2).fold(([f64::MAX; 2], [f64::MIN; 2]), |(lo, hi), p| {
        ([lo[0].min(p[0]), lo[1].min(p[1])], [hi[0].max(p[0]), hi[1].max(p[1])])
    });
    let pad = 0.5;
    let bx = [lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad];
    let grid = e.landscape(0, 1, 60, bx).unwrap_or_default();
    let grid_min = grid.iter().copied().fold(f64::INFINITY, f64::min);
    let at = |e: &mut Engine, p: &[f64]| {
        e.landscape(0, 1, 1, [p[0] - 1e-9, p[0] + 1e-9, p[1] - 1e-9, p[1] + 1e-9]).map(|g| g[0]).unwrap_or(f64::NAN)
    };
    let first = at(&mut e, &path[..2]);
    let last = at(&mut e, &path[path.len() - 2..]);
    let now = e.metrics().train_loss;
    Outcome {
        number: 15,
        name: "the real model's landscape (logistic, bias frozen)",
        figure: format!(
            "{n} points on the (w1, w2) path; loss {first:.4} -> {last:.4} (trainer reports {now:.4}); lowest of a 60x60 grid around it {grid_min:.4}"
        ),
        pass: n > 100 && (last - now).abs() < 1e-9 && last < first && last <= grid_min + 0.01,
    }
}

/// Every lesson, in curriculum order.
pub fn all() -> Vec<Outcome> {
    let mut v = engine_lessons();
    v.extend([lesson11(), lesson12(), lesson13(), lesson14(), lesson15()]);
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_lesson_passes() {
        for o in super::all() {
            assert!(o.pass, "lesson {} ({}) failed: {}", o.number, o.name, o.figure);
        }
    }
}
