//! Engine benchmark: `cargo run --release --example bench`.
//!
//! Trains the two reference nets on XOR (250 training points, tanh hidden layers, MSE, SGD
//! learning rate 0.03, batch 10) and prints median training samples/s over 7 rounds of about
//! 0.3 s each, after a warm-up — training alone, then with the per-epoch loss evaluation the
//! page's loss chart needs; then the median time of a 100 × 100 `predict_grid` of the deeper
//! net. Figures depend on the machine; BENCHMARKS.md records ours.

use std::time::Instant;

use dl_playground::{ActivationKind, Budget, Engine, Loss, OptimizerKind, TrainerConfig};

/// `record_history: false`: training alone, the work the browser bench compares with its peers.
fn config(hidden: Vec<usize>) -> TrainerConfig {
    TrainerConfig {
        record_history: false,
        points: 250,
        train_ratio: 1.0,
        noise: 0.1,
        seed: Some(1),
        hidden,
        activation: ActivationKind::Tanh,
        loss: Loss::Mse,
        optimizer: OptimizerKind::Sgd,
        learning_rate: 0.03,
        batch_size: 10,
        ..TrainerConfig::default()
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn samples_per_second(hidden: Vec<usize>, record_history: bool) -> f64 {
    let mut e = Engine::new(TrainerConfig { record_history, ..config(hidden) }.check().expect("valid bench config"));
    e.advance(Budget::Epochs(50)); // warm-up
    let per_round = {
        let t = Instant::now();
        e.advance(Budget::Epochs(20));
        ((20.0 * 0.3 / t.elapsed().as_secs_f64()) as u64).max(1)
    };
    let rounds: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            e.advance(Budget::Epochs(per_round));
            (per_round * 250) as f64 / t.elapsed().as_secs_f64()
        })
        .collect();
    median(rounds)
}

fn main() {
    for (name, hidden) in [("2-4-2-1", vec![4, 2]), ("2-8-8-8-8-8-8-1", vec![8; 6])] {
        let alone = samples_per_second(hidden.clone(), false);
        let with_history = samples_per_second(hidden, true);
        println!("train {name:<16} {alone:>12.0} samples/s   (with per-epoch history: {with_history:.0})");
    }
    let mut e = Engine::new(config(vec![8; 6]).check().expect("valid bench config"));
    for _ in 0..20 {
        let _ = e.predict_grid(100);
    }
    let times: Vec<f64> = (0..31)
        .map(|_| {
            let t = Instant::now();
            let _ = e.predict_grid(100);
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    println!("predict_grid(100) on 2-8-8-8-8-8-8-1  {:>8.2} ms", median(times));
}
