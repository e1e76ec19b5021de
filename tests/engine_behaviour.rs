//! Behaviour of the training engine with fixed seeds, checked natively. Where a test needs a
//! lesson's run it takes the lesson's settings from the registry (tests/lessons.rs asserts each
//! lesson's outcome; these tests check more of the same runs).
#![cfg(not(target_arch = "wasm32"))]

use dl_playground::{
    lessons, ActivationKind, Budget, DatasetKind, Engine, Loss, ModelKind, OptimizerKind, TrainerConfig,
};

fn engine(cfg: TrainerConfig) -> Engine {
    Engine::new(cfg.check().expect("valid config"))
}

/// A run of playground lesson `n` with `with` laid over its registry settings.
fn lesson(n: u32, with: serde_json::Value) -> Engine {
    let with = with.as_object().cloned().unwrap_or_default();
    Engine::new(lessons::lesson(n).expect("the registry reads").settings.trainer(&with).expect("valid settings"))
}

fn base() -> TrainerConfig {
    TrainerConfig { seed: Some(7), ..TrainerConfig::default() }
}

/// Lesson 1: once every point is on its side, no point violates the perceptron criterion.
#[test]
fn perceptron_reaches_full_accuracy_on_a_linear_split() {
    let mut e = lesson(1, serde_json::json!({}));
    let mut epochs = 0;
    while e.metrics().train_accuracy < 1.0 && epochs < 100 {
        e.advance(Budget::Epochs(1));
        epochs += 1;
    }
    let m = e.metrics();
    assert_eq!(m.train_accuracy, 1.0, "after {epochs} epochs");
    assert_eq!(m.train_loss, 0.0, "no point violates the perceptron criterion");
}

/// Weights moved from `from` to `to`: the Euclidean distance.
fn distance(from: &[f64], to: &[f64]) -> f64 {
    from.iter().zip(to).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt()
}

/// The perceptron keeps making mistakes on XOR, so it keeps moving (every epoch, measured 0.07
/// at least) without ever getting past 3 points in 4. A model that never trains would stay at
/// its initial accuracy: the liveness checks rule that out.
#[test]
fn perceptron_never_exceeds_75_percent_on_xor() {
    let mut e = lesson(2, serde_json::json!({}));
    let mut best: f64 = 0.0;
    let initial = e.params().to_vec();
    let mut before = initial.clone();
    for epoch in 1..=200 {
        e.advance(Budget::Epochs(1));
        let moved = distance(&before, e.params());
        assert!(moved > 0.01, "the perceptron stopped learning in epoch {epoch} (moved {moved})");
        before = e.params().to_vec();
        best = best.max(e.metrics().train_accuracy);
    }
    assert!(distance(&initial, e.params()) > 0.5, "the weights moved by a real amount");
    assert!(best <= 0.75, "best accuracy {best}");
    assert!(e.diverged().is_none());
}

/// Lesson 4 (two Gaussian blobs, 400 points): its outcome checks the test accuracy against the
/// best possible; the reported test metrics must be those of the test points — the mean of
/// their one-point losses and the share of them classified right, each point traced on its own
/// (the accuracy band alone also accepted the training accuracy reported as the test accuracy).
#[test]
fn logistic_regression_reports_the_test_points_own_loss_and_accuracy() {
    let mut e = lesson(4, serde_json::json!({}));
    e.advance(Budget::Epochs(50));
    let m = e.metrics();
    let test = m.test_accuracy.unwrap();
    assert!(m.train_accuracy < 0.99, "the blobs overlap: {}", m.train_accuracy);
    for (set, loss, accuracy) in [(true, m.test_loss.unwrap(), test), (false, m.train_loss, m.train_accuracy)] {
        let traces: Vec<_> =
            (0..e.points().len()).filter(|&i| e.points()[i].test == set).map(|i| e.trace(i).unwrap()).collect();
        assert_eq!(traces.len(), 200);
        let mean = traces.iter().map(|t| t.loss).sum::<f64>() / 200.0;
        let right = traces.iter().filter(|t| !t.mistake).count() as f64 / 200.0;
        let name = if set { "test" } else { "train" };
        assert!((loss - mean).abs() < 1e-12, "{name} loss {loss} vs the mean over its points {mean}");
        assert_eq!(accuracy, right, "{name} accuracy");
    }
    assert_ne!(m.test_accuracy, Some(m.train_accuracy), "two sets of 200 points, two accuracies");
}

/// Lesson 7's net with the activation `name`.
fn xor_net(name: &str) -> Engine {
    lesson(7, serde_json::json!({ "activation": name }))
}

#[test]
fn a_tanh_hidden_layer_solves_xor() {
    let mut tanh = xor_net("tanh");
    tanh.advance(Budget::Epochs(200));
    let acc = tanh.metrics().train_accuracy;
    assert!(acc >= 0.98, "tanh: {acc}");
}

/// The same net with a linear hidden layer is a linear model: it learns all a linear model can
/// (its loss falls to about ln 2, measured 0.95 → 0.69, and its weights move by about 2) and
/// still never gets past 3 points in 4.
#[test]
fn a_linear_hidden_layer_trains_but_cannot_solve_xor() {
    let mut linear = xor_net("linear");
    let (initial, loss0) = (linear.params().to_vec(), linear.metrics().train_loss);
    let mut best: f64 = 0.0;
    for _ in 0..200 {
        linear.advance(Budget::Epochs(1));
        best = best.max(linear.metrics().train_accuracy);
    }
    let moved = distance(&initial, linear.params());
    assert!(moved > 0.5, "the linear net did not train: its weights moved {moved}");
    let loss = linear.metrics().train_loss;
    assert!(loss < loss0 - 0.1, "the linear net did not train: loss {loss0} -> {loss}");
    assert!(best <= 0.75, "linear: {best}");
}

fn deep(activation: ActivationKind) -> Vec<f64> {
    let mut e = engine(TrainerConfig { hidden: vec![8; 6], activation, loss: Loss::CrossEntropy, ..base() });
    e.advance(Budget::Batches(1));
    e.gradient_norms()
}

#[test]
fn deep_sigmoid_gradients_vanish_toward_the_input_and_relu_ones_do_not() {
    let sig = deep(ActivationKind::Sigmoid);
    assert_eq!(sig.len(), 7);
    let ratio = sig[6] / sig[0];
    assert!(ratio >= 100.0, "sigmoid last/first = {ratio} ({sig:?})");
    let relu = deep(ActivationKind::Relu);
    let ratio = relu[6] / relu[0];
    assert!(ratio < 10.0, "relu last/first = {ratio} ({relu:?})");
}

#[test]
fn a_learning_rate_of_ten_on_mse_is_reported_as_diverged() {
    let mut e = engine(TrainerConfig { model: ModelKind::Adaline, learning_rate: 10.0, ..base() });
    let loss = e.advance(Budget::Epochs(50));
    let d = e.diverged().expect("diverged").clone();
    assert!(!d.value.is_finite() && d.learning_rate == 10.0, "{d:?}");
    assert!(d.to_string().contains("diverged"), "{d}");
    assert_eq!(e.metrics().divergence, Some(d), "metrics carry the divergence as data");
    assert!(loss.is_finite(), "the reported loss stays finite: {loss}");
    assert!(e.params().iter().all(|p| p.is_finite()));
    let before = e.counters();
    e.advance(Budget::Epochs(5));
    assert_eq!(e.counters(), before, "a diverged run does not step");
    e.reset(None);
    assert!(e.diverged().is_none());
}

#[test]
fn iterations_per_epoch_follow_the_batch_size() {
    for (batch, expected) in [(1, 100), (10, 10), (7, 15), (2000, 1)] {
        let mut e = engine(TrainerConfig { points: 200, train_ratio: 0.5, batch_size: batch, ..base() });
        assert_eq!(e.n_train(), 100);
        assert_eq!(e.iterations_per_epoch(), expected);
        e.advance(Budget::Epochs(1));
        let c = e.counters();
        assert_eq!((c.epoch, c.iteration, c.samples_seen), (1, expected as u64, 100), "batch {batch}");
    }
}

#[test]
fn same_seed_gives_bit_identical_weights_after_100_epochs() {
    let cfg =
        TrainerConfig { hidden: vec![6, 4], optimizer: OptimizerKind::Adam, dataset: DatasetKind::Spiral, ..base() };
    let (mut a, mut b) = (engine(cfg.clone()), engine(cfg));
    a.advance(Budget::Epochs(100));
    b.advance(Budget::Epochs(100));
    let bits = |e: &Engine| e.params().iter().map(|p| p.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a), bits(&b));
    assert_eq!(a.history(), b.history());
}

#[test]
fn stepping_by_samples_batches_or_epochs_is_bit_identical() {
    let cfg = TrainerConfig { hidden: vec![5, 3], batch_size: 7, optimizer: OptimizerKind::Momentum, ..base() };
    let (mut by_epoch, mut by_batch, mut by_sample) = (engine(cfg.clone()), engine(cfg.clone()), engine(cfg));
    by_epoch.advance(Budget::Epochs(3));
    let batches = 3 * by_batch.iterations_per_epoch() as u64;
    for _ in 0..batches {
        by_batch.advance(Budget::Batches(1));
    }
    // Uneven sample chunks that cut across batches and epochs.
    let total = 3 * by_sample.n_train() as u64;
    let mut done = 0;
    for chunk in [1u64, 5, 3, 11, 2].iter().cycle() {
        let k = (*chunk).min(total - done);
        by_sample.advance(Budget::Samples(k));
        done += k;
        if done == total {
            break;
        }
    }
    let bits = |e: &Engine| e.params().iter().map(|p| p.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&by_epoch), bits(&by_batch));
    assert_eq!(bits(&by_epoch), bits(&by_sample));
    assert_eq!(by_epoch.counters(), by_sample.counters());
    assert_eq!(by_epoch.history(), by_sample.history());
}

#[test]
fn a_saved_state_continues_bit_identically() {
    let cfg = TrainerConfig { hidden: vec![4, 4], optimizer: OptimizerKind::Adam, batch_size: 9, ..base() };
    let mut a = engine(cfg);
    a.advance(Budget::Epochs(3));
    a.advance(Budget::Samples(13)); // stop inside a batch
    let mut b = Engine::from_state(a.to_state()).expect("restores");
    assert_eq!(b.to_state(), a.to_state());
    a.advance(Budget::Epochs(4));
    b.advance(Budget::Epochs(4));
    assert_eq!(a.to_state(), b.to_state());
}

/// Floats must survive the JSON text exactly (serde_json's default float parser is not
/// correctly rounded; the crate turns on `float_roundtrip`).
#[test]
fn exported_json_restores_to_the_same_text_and_continues_identically() {
    let cfg =
        TrainerConfig { hidden: vec![5, 3], optimizer: OptimizerKind::Adam, batch_size: 7, train_ratio: 1.0, ..base() };
    let mut a = engine(cfg);
    a.advance(Budget::Epochs(3));
    a.advance(Budget::Samples(5));
    let json = a.export_json();
    let mut b = Engine::import_json(&json).expect("restores");
    assert_eq!(b.export_json(), json);
    a.advance(Budget::Epochs(2));
    b.advance(Budget::Epochs(2));
    assert_eq!(a.export_json(), b.export_json());
}

#[test]
fn config_changes_reset_only_what_they_must() {
    let mut e = engine(base());
    e.advance(Budget::Epochs(2));
    let w = e.params().to_vec();
    let c = e.set_config(TrainerConfig { learning_rate: 0.1, ..e.config().clone() }.check().unwrap());
    assert!(!c.data_reset && !c.weights_reset);
    assert_eq!(e.params(), &w[..]);
    let c = e.set_config(TrainerConfig { hidden: vec![3], ..e.config().clone() }.check().unwrap());
    assert!(!c.data_reset && c.weights_reset);
    assert_eq!(e.counters().epoch, 0);
    let c = e.set_config(TrainerConfig { noise: 0.3, ..e.config().clone() }.check().unwrap());
    assert!(c.data_reset && c.weights_reset);
    let err = TrainerConfig { learning_rate: -1.0, ..e.config().clone() }.check().unwrap_err();
    assert_eq!(err.field, "learningRate");
}

#[test]
fn editing_points_keeps_weights_and_bad_csv_keeps_points() {
    let mut e = engine(base());
    e.advance(Budget::Epochs(1));
    let w = e.params().to_vec();
    let n = e.points().len();
    e.add_point(1.5, -2.0, 0).unwrap();
    assert_eq!(e.points().len(), n + 1);
    assert_eq!(e.points()[n].label, -1);
    assert_eq!(e.params(), &w[..]);
    assert_eq!(e.add_point(9.0, 0.0, 1).unwrap_err().field, "x");
    assert_eq!(e.add_point(0.0, 0.0, 3).unwrap_err().field, "label");
    e.remove_point(0).unwrap();
    assert_eq!(e.points().len(), n);
    let err = e.remove_point(5000).unwrap_err().to_string();
    assert!(err.contains("5000"), "{err}");
    let before = e.points().to_vec();
    let err = e.import_csv("x1,x2,label\n1,2,1\n3,oops,0\n").unwrap_err();
    assert_eq!((err.line, err.column, err.field.as_str()), (Some(3), Some(2), "x2"));
    assert!(err.to_string().contains("oops"));
    assert_eq!(e.points(), &before[..]);
    let text = e.export_csv();
    e.import_csv(&text).unwrap();
    assert_eq!(e.points(), &before[..]);
}

#[test]
fn trace_shows_the_perceptron_rule_on_a_mistake() {
    let mut e = engine(TrainerConfig { model: ModelKind::Perceptron, batch_size: 1, learning_rate: 0.5, ..base() });
    let m = e.metrics();
    assert!(m.train_accuracy < 1.0);
    let i = (0..e.points().len()).find(|&i| e.trace(i).unwrap().mistake).expect("a mistake");
    let t = e.trace(i).unwrap();
    let p = e.points()[i].clone();
    let layer = &t.layers[0];
    // z = w·x + b, the update is +η·y·x on the weights and +η·y on the bias.
    let z = layer.w[0][0] * p.x[0] + layer.w[0][1] * p.x[1] + layer.b[0];
    assert!((z - t.output_z).abs() < 1e-12);
    let y = p.label as f64;
    assert!((layer.update_w[0][0] - 0.5 * y * p.x[0]).abs() < 1e-12);
    assert!((layer.update_w[0][1] - 0.5 * y * p.x[1]).abs() < 1e-12);
    assert!((layer.update_b[0] - 0.5 * y).abs() < 1e-12);
    assert!(e.trace(10_000).is_err());
}

#[test]
fn landscape_and_path_cover_the_trained_parameters() {
    let mut e = engine(TrainerConfig { model: ModelKind::Logistic, ..base() });
    e.advance(Budget::Epochs(5));
    let path = e.parameter_path(0, 1).unwrap();
    assert_eq!(path.len(), 2 * (1 + 5 * e.iterations_per_epoch()));
    let now = [e.params()[0], e.params()[1]];
    assert_eq!(&path[path.len() - 2..], &now);
    let grid = e.landscape(0, 1, 21, [now[0] - 1.0, now[0] + 1.0, now[1] - 1.0, now[1] + 1.0]).unwrap();
    assert_eq!(grid.len(), 441);
    // The centre cell is the current parameters: the current training loss.
    assert!((grid[220] - e.metrics().train_loss).abs() < 1e-12);
    // Every cell, corners included, is the loss at its centre: p across from the left, q down
    // from the top (a box that is not square and not centred, so a flip or a transposition
    // shows).
    let bx = [now[0] - 2.0, now[0] + 1.0, now[1] - 0.5, now[1] + 1.5];
    let (res, w, h) = (7, 3.0 / 7.0, 2.0 / 7.0);
    let grid = e.landscape(0, 1, res, bx).unwrap();
    for r in 0..res {
        for c in 0..res {
            let (p, q) = (bx[0] + (c as f64 + 0.5) * w, bx[3] - (r as f64 + 0.5) * h);
            let (at, _) = e.loss_at(0, 1, p, q).unwrap();
            assert!((grid[r * res + c] - at).abs() < 1e-12, "cell ({r}, {c}): {} vs {at}", grid[r * res + c]);
        }
    }
    assert_ne!(grid[0], grid[res * res - 1]);
    assert_ne!(grid[res - 1], grid[res * (res - 1)]);
    assert!(e.landscape(0, 0, 10, [-1.0, 1.0, -1.0, 1.0]).is_err());
    assert!(e.landscape(0, 99, 10, [-1.0, 1.0, -1.0, 1.0]).is_err());
}

#[test]
fn dead_relu_units_are_counted_and_leaky_relu_has_none() {
    let dead = |activation| {
        let cfg = TrainerConfig { hidden: vec![16, 16], activation, leaky_alpha: 0.1, learning_rate: 0.3, ..base() };
        let mut e = engine(cfg);
        e.advance(Budget::Epochs(60));
        e.metrics().dead_units
    };
    let relu = dead(ActivationKind::Relu);
    assert_eq!(relu.len(), 3);
    assert_eq!(relu[2], 0, "the output layer is never counted");
    let leaky = dead(ActivationKind::LeakyRelu);
    assert!(relu.iter().sum::<u32>() > 0, "{relu:?}");
    assert_eq!(leaky, vec![0, 0, 0], "a leaky unit always passes gradient");
    let none = dead(ActivationKind::Tanh);
    assert_eq!(none, vec![0, 0, 0]);
}

#[test]
fn recording_history_changes_nothing_but_the_history() {
    let cfg = TrainerConfig { hidden: vec![5], optimizer: OptimizerKind::Adam, ..base() };
    let (mut on, mut off) = (engine(cfg.clone()), engine(TrainerConfig { record_history: false, ..cfg }));
    on.advance(Budget::Epochs(10));
    off.advance(Budget::Epochs(10));
    assert_eq!(on.params(), off.params());
    assert_eq!(off.history().len(), on.history().len());
    assert!(off.history()[2..].iter().all(|v| v.is_nan()));
    assert!(on.history().iter().all(|v| v.is_finite()));
}

#[test]
fn frozen_parameters_stay_put_and_unknown_names_are_rejected() {
    let cfg = TrainerConfig {
        model: ModelKind::Logistic,
        optimizer: OptimizerKind::Momentum,
        frozen: vec!["b[0][0]".into()],
        ..base()
    };
    let mut e = engine(cfg.clone());
    let b0 = e.params()[2];
    let w0 = e.params()[0];
    e.advance(Budget::Epochs(5));
    assert_eq!(e.params()[2], b0);
    assert_ne!(e.params()[0], w0);
    // Freezing a weight later keeps it even though its momentum buffer is not zero.
    let w_now = e.params()[0];
    let c = e.set_config(TrainerConfig { frozen: vec!["w[0][0,0]".into()], ..cfg.clone() }.check().unwrap());
    assert!(!c.weights_reset);
    e.advance(Budget::Epochs(2));
    assert_eq!(e.params()[0], w_now);
    assert_ne!(e.params()[2], b0, "the bias is free again");
    let err = TrainerConfig { frozen: vec!["b[1][0]".into()], ..cfg }.check().unwrap_err().to_string();
    assert!(err.starts_with("frozen[0]") && err.contains("b[1][0]") && err.contains("w[0][0,1]"), "{err}");
}

/// `next_sample` names the point the next one-sample step trains on — across epoch starts,
/// where the order is reshuffled — and peeking changes nothing. Checked by the update itself:
/// with plain gradient descent on one sample, the step moves the parameters by −η times that
/// point's own gradient (taken before the step), and by no other point's.
#[test]
fn next_sample_names_the_point_the_next_step_trains_on() {
    let cfg = TrainerConfig { model: ModelKind::Logistic, batch_size: 1, learning_rate: 0.3, points: 24, ..base() };
    let (mut e, mut quiet) = (engine(cfg.clone()), engine(cfg));
    let n_train = e.n_train();
    assert!(n_train > 2 && e.points().len() > n_train, "some test points too");
    for _ in 0..(2 * n_train + 3) {
        let i = e.next_sample().expect("there are training points");
        assert_eq!(e.next_sample(), Some(i), "peeking twice gives the same point");
        let p = e.points()[i].clone();
        assert!(!p.test, "a training point");
        let (_, grad) = e.network().sample_gradient(p.x, p.label as f64);
        let before = e.params().to_vec();
        e.advance(Budget::Samples(1));
        quiet.advance(Budget::Samples(1));
        for (k, ((a, b), g)) in e.params().iter().zip(&before).zip(&grad).enumerate() {
            assert!((a - (b - 0.3 * g)).abs() < 1e-12, "parameter {k}: {b} -> {a}, gradient {g}");
        }
        assert_eq!(e.params(), quiet.params(), "peeking changed the run");
    }
}
