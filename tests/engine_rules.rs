//! The documented rules of a run's state, each checked exactly: how the train/test split is
//! sized and re-made, what a batch-size change in the middle of a batch does, what importing
//! points restarts, where divergence puts the weights back, that every epoch has its own order,
//! that a penalty never moves the biases, and the initial weights' bounds.
#![cfg(not(target_arch = "wasm32"))]

use dl_playground::{
    ActivationKind, Budget, Code, DatasetKind, Engine, Loss, ModelKind, OptimizerKind, Regularization, TrainerConfig,
};

fn engine(cfg: TrainerConfig) -> Engine {
    Engine::new(cfg.check().expect("valid config"))
}

fn base() -> TrainerConfig {
    TrainerConfig { seed: Some(7), ..TrainerConfig::default() }
}

fn counters(e: &Engine) -> (u64, u64, u64) {
    let c = e.counters();
    (c.samples_seen, c.iteration, c.epoch)
}

fn n_train_points(e: &Engine) -> usize {
    e.points().iter().filter(|p| !p.test).count()
}

/// The training set holds round(n·ratio) points (half away from zero), at least one.
#[test]
fn the_split_rounds_the_training_share_to_the_nearest_count() {
    // (points, ratio, training points): each of the first four differs from floor(n·ratio).
    for (points, ratio, want) in [(7, 0.5, 4), (25, 0.5, 13), (10, 0.25, 3), (3, 0.5, 2), (10, 0.01, 1), (8, 0.5, 4)] {
        let e = engine(TrainerConfig { points, train_ratio: ratio, ..base() });
        assert_eq!((e.n_train(), n_train_points(&e)), (want, want), "{points} points × {ratio}");
    }
}

/// A new `trainRatio` alone re-splits the same points (coordinates and labels kept, only the
/// test marks change), says so (`dataReset` and `weightsReset`), and restarts training from the
/// seed's initial weights: the run equals a fresh one made with that ratio.
#[test]
fn a_new_train_ratio_alone_re_splits_the_same_points_and_restarts() {
    let mut e = engine(TrainerConfig { points: 7, train_ratio: 0.9, ..base() });
    let coords: Vec<([f64; 2], i8)> = e.points().iter().map(|p| (p.x, p.label)).collect();
    e.advance(Budget::Epochs(2));
    let c = e.set_config(TrainerConfig { train_ratio: 0.5, ..e.config().clone() }.check().unwrap());
    assert!(c.data_reset && c.weights_reset, "{c:?}");
    assert_eq!((e.n_train(), n_train_points(&e)), (4, 4), "round(7 × 0.5) = 4");
    assert_eq!(e.points().iter().map(|p| (p.x, p.label)).collect::<Vec<_>>(), coords, "same points");
    assert!(!e.edited(), "a re-split is not an edit");
    assert_eq!(counters(&e), (0, 0, 0));
    assert_eq!(e.history().len(), 2, "the history restarts at epoch 0");
    let fresh = engine(TrainerConfig { points: 7, train_ratio: 0.5, ..base() });
    assert_eq!(e.points(), fresh.points(), "the same split as a fresh run with that ratio");
    assert_eq!(e.params(), fresh.params(), "the seed's initial weights");
    assert_eq!(e.history(), fresh.history());
}

/// The training rows of a run as indices into `points()`.
fn training_points(e: &Engine) -> Vec<usize> {
    e.points().iter().enumerate().filter(|(_, p)| !p.test).map(|(i, _)| i).collect()
}

/// The flat gradient of one point as `trace` reports it (per layer: weights row by row, then
/// biases).
fn trace_gradient(e: &Engine, point: usize) -> Vec<f64> {
    let t = e.trace(point).unwrap();
    t.layers.iter().flat_map(|l| l.grad_w.iter().flatten().chain(&l.grad_b).copied().collect::<Vec<_>>()).collect()
}

/// Batch size 10, 13 samples in: one batch done and 3 samples of the next accumulated. Changing
/// the batch size to 4 discards those 3 and rewinds to the batch start (position 10), so they
/// are processed again in the new size: the accumulator empties, the next batch is
/// `order[10..14]`, and the run continues exactly as one that made the change at the batch
/// boundary (position 10), having processed 3 samples more.
#[test]
fn a_batch_size_change_mid_batch_processes_the_unfinished_samples_again() {
    let cfg = TrainerConfig { points: 200, batch_size: 10, hidden: vec![3], ..base() };
    let four = |e: &Engine| TrainerConfig { batch_size: 4, ..e.config().clone() }.check().unwrap();
    let mut mid = engine(cfg.clone());
    mid.advance(Budget::Samples(13));
    assert_eq!(mid.position(), (13, 3));
    let c = mid.set_config(four(&mid));
    assert!(!c.data_reset && !c.weights_reset);
    assert_eq!(mid.position(), (10, 0), "back to the start of the unfinished batch");
    assert_eq!(counters(&mid), (13, 1, 0), "the samples already processed stay counted");
    assert!(mid.to_state().grad_acc.iter().all(|&g| g == 0.0), "the partial gradient is discarded");

    let mut boundary = engine(cfg);
    boundary.advance(Budget::Batches(1));
    boundary.set_config(four(&boundary));
    assert_eq!(boundary.position(), (10, 0));
    assert_eq!(mid.params(), boundary.params());
    let order = mid.to_state().order;
    assert_eq!(order, boundary.to_state().order);

    // Two samples into the new batch: the accumulated gradient is that of order[10] and
    // order[11], as `trace` computes them one by one.
    mid.advance(Budget::Samples(2));
    boundary.advance(Budget::Samples(2));
    let acc = mid.to_state().grad_acc;
    assert_eq!(acc, boundary.to_state().grad_acc);
    let rows = training_points(&mid);
    let (g10, g11) = (trace_gradient(&mid, rows[order[10]]), trace_gradient(&mid, rows[order[11]]));
    for (k, &a) in acc.iter().enumerate() {
        assert!((a - (g10[k] + g11[k])).abs() < 1e-12, "parameter {k}: {a} vs {}", g10[k] + g11[k]);
    }
    mid.advance(Budget::Batches(1));
    boundary.advance(Budget::Batches(1));
    assert_eq!(mid.params(), boundary.params(), "the same samples made the same step");
    assert_eq!(mid.position(), (14, 0));
    assert_eq!(counters(&mid), (17, 2, 0), "13 + 4: the 3 discarded samples count again");
    assert_eq!(counters(&boundary), (14, 2, 0));
}

/// Importing points replaces them and restarts training: counters, position and history at 0,
/// the seed's initial weights, no divergence, and epoch 0 of the history measured on the new
/// points.
#[test]
fn importing_csv_replaces_the_points_and_restarts_training() {
    let cfg = TrainerConfig { hidden: vec![3], ..base() };
    let mut e = engine(cfg.clone());
    e.advance(Budget::Epochs(3));
    e.advance(Budget::Samples(4));
    assert_eq!(counters(&e).2, 3);
    e.import_csv("x1,x2,label,set\n1,2,1,train\n-3,0.5,0,train\n2,-2,1,test\n0,4,1,train\n-1,-1,-1,test\n").unwrap();
    assert_eq!(e.points().len(), 5);
    assert_eq!(e.points()[1].x, [-3.0, 0.5]);
    assert_eq!((e.points()[1].label, e.points()[2].test), (-1, true));
    assert_eq!(e.n_train(), 3);
    assert!(e.edited());
    assert_eq!(counters(&e), (0, 0, 0));
    assert_eq!(e.position(), (0, 0));
    assert!(e.diverged().is_none());
    assert_eq!(e.params(), engine(cfg).params(), "the seed's initial weights");
    assert_eq!(e.parameter_path(0, 1).unwrap().len(), 2, "the path restarts at the initial weights");
    let m = e.metrics();
    assert_eq!(e.history(), &[m.train_loss, m.test_loss.unwrap()], "epoch 0, on the new points");
    assert_eq!(e.accuracy_history(), &[m.train_accuracy, m.test_accuracy.unwrap()]);
}

/// Adaline trains for 5 epochs at a safe rate, then the rate jumps to 10 (the weights are kept)
/// and the weights blow up. Divergence must put back the newest weights the run went through
/// whose outputs and losses on the training and test points are finite (`stop_diverged`,
/// walking `ParamPath` from its newest snapshot; for Adaline a finite squared error means a
/// finite output). Recorded here after every batch, they are neither the initial weights nor
/// those at the change of rate, and the newest weights before the stop had an infinite loss.
#[test]
fn divergence_restores_the_newest_weights_with_a_finite_loss() {
    let mut e = engine(TrainerConfig {
        model: ModelKind::Adaline,
        dataset: DatasetKind::Gauss,
        learning_rate: 0.001,
        batch_size: 10,
        ..base()
    });
    let initial = e.params().to_vec();
    e.advance(Budget::Epochs(5));
    assert!(e.diverged().is_none());
    let safe = e.params().to_vec();
    assert!(safe != initial, "it trained");
    e.set_config(TrainerConfig { learning_rate: 10.0, ..e.config().clone() }.check().unwrap());
    assert_eq!(e.params(), &safe[..], "a new rate keeps the weights");
    // Every set of weights the run passed through after the change, with its training loss.
    let losses = |e: &mut Engine| {
        let m = e.metrics();
        (m.train_loss, m.test_loss.unwrap())
    };
    let mut seen: Vec<(Vec<f64>, (f64, f64))> = vec![(safe.clone(), losses(&mut e))];
    let mut steps = 0;
    while e.diverged().is_none() {
        assert!(steps < 10_000, "never diverged");
        e.advance(Budget::Batches(1));
        steps += 1;
        if e.diverged().is_none() {
            let l = losses(&mut e);
            seen.push((e.params().to_vec(), l));
        }
    }
    let finite = |l: &(f64, f64)| l.0.is_finite() && l.1.is_finite();
    let (want, loss) = seen.iter().rev().find(|(_, l)| finite(l)).expect("a finite snapshot").clone();
    assert!(!finite(&seen[seen.len() - 1].1), "the run went through weights with an infinite loss");
    assert!(seen.len() > 3, "several steps at the high rate before it diverged: {}", seen.len());
    assert_eq!(e.params(), &want[..], "the newest weights with a finite loss");
    assert!(want != safe && want != initial);
    assert_eq!(losses(&mut e), loss);
    let d = e.diverged().unwrap();
    assert_eq!((d.learning_rate, d.epoch >= 5), (10.0, true), "{d:?}");
    assert!(!d.value.is_finite());
}

/// Every epoch is shuffled anew (seeded): the orders of epochs 1, 2 and 3 are permutations of
/// the training rows, and all differ.
#[test]
fn every_epoch_visits_the_training_points_in_a_new_order() {
    let mut e = engine(TrainerConfig { points: 40, ..base() });
    let n = e.n_train();
    let mut orders = Vec::new();
    for _ in 0..3 {
        e.advance(Budget::Samples(1)); // the first sample of an epoch draws its order
        let order = e.to_state().order;
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, (0..n).collect::<Vec<_>>(), "a permutation");
        orders.push(order);
        e.advance(Budget::Epochs(1));
    }
    assert!(orders[0] != (0..n).collect::<Vec<_>>(), "shuffled");
    assert!(orders[0] != orders[1] && orders[1] != orders[2] && orders[0] != orders[2], "{orders:?}");
    // Seeded: a second run draws the same orders.
    let mut again = engine(TrainerConfig { points: 40, ..base() });
    again.advance(Budget::Epochs(1));
    again.advance(Budget::Samples(1));
    assert_eq!(again.to_state().order, orders[1]);
}

/// A perceptron with w = (1, 0), b = 0.5 classifies (2, 0) as +1 and (−2, 0) as −1 with room to
/// spare, so the data gradient is zero and only the penalty moves anything. SGD at lr 0.1 with
/// λ = 0.5: L2 multiplies the weights by 0.95 per step, L1 takes 0.05 off |w| per step (and
/// leaves w = 0 at 0); the bias stays 0.5 exactly.
#[test]
fn a_penalty_shrinks_the_weights_and_never_moves_the_biases() {
    let cases =
        [(Regularization::L2, [0.95, 0.95 * 0.95, 0.95 * 0.95 * 0.95]), (Regularization::L1, [0.95, 0.9, 0.85])];
    for (regularization, want) in cases {
        let cfg = TrainerConfig {
            model: ModelKind::Perceptron,
            optimizer: OptimizerKind::Sgd,
            learning_rate: 0.1,
            batch_size: 2,
            regularization,
            regularization_rate: 0.5,
            ..base()
        };
        let mut e = engine(cfg);
        e.import_csv("2,0,1\n-2,0,0\n").unwrap();
        let mut s = e.to_state();
        s.params = vec![1.0, 0.0, 0.5];
        let mut e = Engine::from_state(s).unwrap();
        for (k, w) in want.into_iter().enumerate() {
            e.advance(Budget::Batches(1));
            let p = e.params();
            assert!((p[0] - w).abs() < 1e-15, "{regularization:?} step {}: w1 = {}, want {w}", k + 1, p[0]);
            assert_eq!((p[1], p[2]), (0.0, 0.5), "{regularization:?} step {}: w2 and the bias", k + 1);
        }
        assert_eq!(e.metrics().train_loss, 0.0, "the points stayed classified right");
    }
}

/// Initial weights are uniform in [−s, s]: He's s = √(6 / fan_in) for ReLU and Leaky ReLU
/// layers, Glorot's s = √(6 / (fan_in + fan_out)) for the others; biases start at 0. A ReLU
/// layer's weights therefore stay within He's bound and some exceed Glorot's.
#[test]
fn relu_layers_start_within_the_he_bound_and_beyond_the_glorot_bound() {
    for activation in [ActivationKind::Relu, ActivationKind::LeakyRelu, ActivationKind::Tanh] {
        let e = engine(TrainerConfig { hidden: vec![16, 16], activation, ..base() });
        let w = e.weights();
        let relu = activation != ActivationKind::Tanh;
        for (l, (fan_in, fan_out)) in [(2.0, 16.0), (16.0, 16.0), (16.0, 1.0)].into_iter().enumerate() {
            let glorot = (6.0f64 / (fan_in + fan_out)).sqrt();
            let he = (6.0f64 / fan_in).sqrt();
            let bound = if relu && l < 2 { he } else { glorot };
            let layer = &w.layers[l];
            let largest = layer.w.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
            assert!(largest <= bound, "{activation:?} layer {l}: {largest} > {bound}");
            if relu && l < 2 {
                assert!(largest > glorot, "{activation:?} layer {l}: {largest} within Glorot's {glorot}, not He's");
            }
            assert!(largest > 0.75 * bound, "{activation:?} layer {l}: {largest} fills too little of {bound}");
            assert!(layer.b.iter().all(|&b| b == 0.0));
        }
    }
}

/// A new learning rate keeps the optimizer's state; a new optimizer kind starts a fresh one
/// (step 0, empty buffers) on the same weights and counters. Proof that Adam starts fresh: its
/// first bias-corrected step moves every parameter with a gradient by the learning rate itself
/// (m̂ / √v̂ = ±1).
#[test]
fn a_new_optimizer_kind_starts_a_fresh_optimizer_state_on_the_same_weights() {
    let mut e = engine(TrainerConfig { optimizer: OptimizerKind::Momentum, hidden: vec![3], ..base() });
    e.advance(Budget::Epochs(1));
    let s = e.to_state();
    assert!(s.optimizer_step > 0 && s.optimizer_m.iter().any(|&m| m != 0.0));
    e.set_config(TrainerConfig { learning_rate: 0.05, ..e.config().clone() }.check().unwrap());
    let kept = e.to_state();
    assert_eq!((kept.optimizer_step, &kept.optimizer_m), (s.optimizer_step, &s.optimizer_m), "same kind: kept");
    let c = e.set_config(
        TrainerConfig { optimizer: OptimizerKind::Adam, learning_rate: 0.01, ..e.config().clone() }.check().unwrap(),
    );
    assert!(!c.data_reset && !c.weights_reset);
    let fresh = e.to_state();
    assert_eq!(fresh.optimizer_step, 0);
    assert!(fresh.optimizer_m.iter().chain(&fresh.optimizer_v).all(|&v| v == 0.0));
    assert_eq!((fresh.params, counters(&e)), (s.params.clone(), (s.samples_seen, s.iteration, s.epoch)));
    e.advance(Budget::Batches(1));
    let g = e.to_state().last_grad;
    let mut checked = 0;
    for (k, (now, was)) in e.params().iter().zip(&s.params).enumerate() {
        if g[k].abs() > 1e-4 {
            let step = (now - was).abs();
            assert!((step - 0.01).abs() < 1e-6, "parameter {k} moved {step}, not lr = 0.01");
            checked += 1;
        }
    }
    assert!(checked > 5, "only {checked} parameters had a gradient");
}

/// A run reports the seed it uses: the config's, or the one it picked; a run built again from
/// the reported seed is the same run (what the page's link relies on).
#[test]
fn the_reported_seed_reproduces_the_run() {
    for seed in [0u32, 1, 42, u32::MAX] {
        assert_eq!(engine(TrainerConfig { seed: Some(seed), ..base() }).seed(), seed);
    }
    let mut picked = engine(TrainerConfig { seed: None, ..base() });
    let mut again = engine(TrainerConfig { seed: Some(picked.seed()), ..base() });
    assert_eq!(picked.points(), again.points(), "the same points");
    picked.advance(Budget::Epochs(3));
    again.advance(Budget::Epochs(3));
    assert_eq!(picked.export_json(), again.export_json(), "the same three epochs, bit for bit");
}

/// Which fields make new points: each data field changed alone regenerates them (and resets the
/// weights); `angle` and `margin` only for the linear split, the one dataset that reads them;
/// a field that is not a data field leaves the points alone.
#[test]
fn each_data_field_alone_regenerates_the_points_and_only_those() {
    type Edit = fn(&mut TrainerConfig);
    let cases: [(&str, DatasetKind, Edit, bool); 10] = [
        ("dataset", DatasetKind::Xor, |c| c.dataset = DatasetKind::Circle, true),
        ("points", DatasetKind::Xor, |c| c.points = 120, true),
        ("noise", DatasetKind::Xor, |c| c.noise = 0.4, true),
        ("seed", DatasetKind::Xor, |c| c.seed = Some(8), true),
        ("angle on linear", DatasetKind::Linear, |c| c.angle = 75.0, true),
        ("margin on linear", DatasetKind::Linear, |c| c.margin = 2.5, true),
        ("angle on xor", DatasetKind::Xor, |c| c.angle = 75.0, false),
        ("margin on xor", DatasetKind::Xor, |c| c.margin = 2.5, false),
        ("learning rate", DatasetKind::Linear, |c| c.learning_rate = 0.5, false),
        ("batch size", DatasetKind::Xor, |c| c.batch_size = 4, false),
    ];
    for (name, dataset, edit, regenerates) in cases {
        let before = TrainerConfig { dataset, ..base() };
        let mut e = engine(before.clone());
        e.advance(Budget::Epochs(2));
        let points = e.points().to_vec();
        let mut after = before.clone();
        edit(&mut after);
        let change = e.set_config(after.clone().check().unwrap());
        assert_eq!(change.data_reset, regenerates, "{name}: data reset");
        assert_eq!(e.points() != points.as_slice(), regenerates, "{name}: new points");
        if regenerates {
            assert!(change.weights_reset, "{name}: the weights start again");
            assert_eq!(e.points(), engine(after).points(), "{name}: the points of the new config");
        } else {
            assert_eq!(e.counters().epoch, 2, "{name}: the run goes on");
        }
    }
}

#[test]
fn each_model_field_alone_restarts_the_weights_on_the_same_points() {
    type Edit = fn(&mut TrainerConfig);
    // A leaky-ReLU MLP, so that the slope of its negative side is one of the model's fields.
    let mlp =
        || TrainerConfig { model: ModelKind::Mlp, hidden: vec![4, 3], activation: ActivationKind::LeakyRelu, ..base() };
    let cases: [(&str, Edit, bool); 10] = [
        ("model", |c| c.model = ModelKind::Logistic, true),
        ("hidden sizes", |c| c.hidden = vec![4, 4], true),
        ("activation", |c| c.activation = ActivationKind::Tanh, true),
        ("one layer's activation", |c| c.activations = vec![ActivationKind::LeakyRelu, ActivationKind::Sigmoid], true),
        ("leaky slope", |c| c.leaky_alpha = 0.2, true),
        ("loss", |c| c.loss = Loss::Hinge, true),
        ("learning rate", |c| c.learning_rate = 0.5, false),
        ("optimizer", |c| c.optimizer = OptimizerKind::Adam, false),
        (
            "regularization",
            |c| {
                c.regularization = Regularization::L2;
                c.regularization_rate = 0.01;
            },
            false,
        ),
        ("batch size", |c| c.batch_size = 4, false),
    ];
    for (name, edit, resets) in cases {
        let before = mlp();
        let mut e = engine(before.clone());
        e.advance(Budget::Epochs(2));
        let (points, trained) = (e.points().to_vec(), e.params().to_vec());
        let mut after = before.clone();
        edit(&mut after);
        let change = e.set_config(after.clone().check().unwrap());
        assert!(!change.data_reset, "{name}: the points stay");
        assert_eq!(e.points(), points.as_slice(), "{name}: the same points");
        assert_eq!(change.weights_reset, resets, "{name}: weights reset");
        if resets {
            assert_eq!(e.counters().epoch, 0, "{name}: the run starts again");
            assert_eq!(e.params(), engine(after).params(), "{name}: the seed's initial weights of the new model");
        } else {
            assert_eq!(e.counters().epoch, 2, "{name}: the run goes on");
            assert_eq!(e.params(), trained.as_slice(), "{name}: the trained weights are kept");
        }
    }
}

#[test]
fn reset_with_a_new_seed_draws_its_points_and_with_the_same_seed_keeps_the_edits() {
    let mut e = engine(base());
    e.add_point(0.5, 0.5, 1).unwrap();
    let edited = e.points().to_vec();
    e.advance(Budget::Epochs(1));
    e.reset(Some(7));
    assert_eq!(e.points(), edited.as_slice(), "the same seed keeps the hand-edited points");
    assert_eq!(e.counters().epoch, 0);
    e.reset(Some(8));
    let fresh = engine(TrainerConfig { seed: Some(8), ..base() });
    assert_eq!(e.points(), fresh.points(), "a new seed draws that seed's points");
    assert_eq!(e.params(), fresh.params(), "and that seed's initial weights");
    assert_eq!(e.seed(), 8);
}

#[test]
fn a_training_point_can_be_removed_but_not_the_last_one() {
    let mut e = engine(TrainerConfig { points: 4, train_ratio: 0.5, ..base() });
    let train_at = |e: &Engine| e.points().iter().position(|p| !p.test).unwrap();
    let test_at = |e: &Engine| e.points().iter().position(|p| p.test).unwrap();
    let i = train_at(&e);
    e.remove_point(i).expect("a training point goes while another one is left");
    assert_eq!(e.points().len(), 3);
    let last = train_at(&e);
    let err = e.remove_point(last).expect_err("the last training point stays");
    assert_eq!(err.code, Code::LastTrainingPoint);
    assert_eq!(e.points().len(), 3);
    e.remove_point(test_at(&e)).expect("a test point can go while one training point is left");
    assert_eq!(e.points().len(), 2);
}
