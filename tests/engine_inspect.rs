//! What a run shows, on hand-built runs whose every number can be worked out on paper: the
//! orientation of the grids and of the loss landscape, the dead units, the gradient norms, the
//! trace's regularization term, the test metrics and the order of the history.
//!
//! Each run is built from CSV points, and its parameters are set through a saved state
//! (`to_state` → edit `params` → `from_state`), as a page restores a run. The flat parameter
//! order is, per layer, the weights `w[l][j,i]` row by row (unit j, input i), then the biases.
#![cfg(not(target_arch = "wasm32"))]

use dl_playground::{
    ActivationKind, Budget, Cause, Engine, Loss, ModelKind, OptimizerKind, Regularization, TrainerConfig,
};

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// ln(1 + e^(−m)): the cross-entropy of a logit whose signed margin y·z is m.
fn ce(m: f64) -> f64 {
    (-m).exp().ln_1p()
}

/// A run of `cfg` on the points of `csv` (`x1,x2,label[,set]`), with its parameters set to
/// `params` through a saved state.
fn hand_built(cfg: TrainerConfig, csv: &str, params: &[f64]) -> Engine {
    let mut e = Engine::new(TrainerConfig { seed: Some(1), ..cfg }.check().expect("valid config"));
    e.import_csv(csv).expect("valid CSV");
    let mut s = e.to_state();
    assert_eq!(s.params.len(), params.len(), "the hand-set parameters must fit the model");
    s.params = params.to_vec();
    let e = Engine::from_state(s).expect("the edited state restores");
    assert_eq!(e.params(), params);
    e
}

fn logistic(params: [f64; 3]) -> Engine {
    hand_built(TrainerConfig { model: ModelKind::Logistic, ..TrainerConfig::default() }, "1,1,1\n-1,-1,0\n", &params)
}

#[track_caller]
fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!((got - want).abs() <= tol, "{what}: got {got}, want {want}");
}

/// Logistic regression with w = (0, 1), b = 0 scores σ(x2): on a 4 × 4 grid over [−6, 6]² the
/// cell centres lie at x2 = 4.5, 1.5, −1.5, −4.5 from row 0 down, so the top rows score above
/// 0.5 and the bottom rows below. With w = (1, 0) the score follows x1 = −4.5 … 4.5 from column
/// 0 to the right, the same in every row (not transposed).
#[test]
fn predict_grid_puts_row_0_at_the_top_and_column_0_at_the_left() {
    let mut up = logistic([0.0, 1.0, 0.0]);
    let g = up.predict_grid(4).unwrap().to_vec();
    assert_eq!(g.len(), 16);
    for r in 0..4 {
        let x2 = 4.5 - 3.0 * r as f64;
        for c in 0..4 {
            close(g[4 * r + c] as f64, sigmoid(x2), 1e-6, &format!("w = (0, 1), cell ({r}, {c})"));
        }
    }
    assert!(g[..8].iter().all(|&s| s > 0.5) && g[8..].iter().all(|&s| s < 0.5), "{g:?}");

    let mut right = logistic([1.0, 0.0, 0.0]);
    let g = right.predict_grid(4).unwrap().to_vec();
    for r in 0..4 {
        for c in 0..4 {
            let x1 = -4.5 + 3.0 * c as f64;
            close(g[4 * r + c] as f64, sigmoid(x1), 1e-6, &format!("w = (1, 0), cell ({r}, {c})"));
        }
    }
    // An odd side puts the middle row on the boundary x2 = 0 exactly.
    let g = up.predict_grid(3).unwrap().to_vec();
    assert_eq!(&g[3..6], &[0.5, 0.5, 0.5]);
    close(g[0] as f64, sigmoid(4.0), 1e-6, "res 3, top row");
}

/// Linear hidden units that copy the inputs show the grid's coordinates themselves: unit 0 of
/// layer 1 is x2 (4.5 in row 0, −4.5 in row 3), unit 1 is x1 (−4.5 in column 0, 4.5 in column
/// 3), and the one unit of layer 2 is x2 − x1 + 0.5; units come layer by layer, unit by unit.
#[test]
fn neuron_grids_list_the_units_in_order_with_row_0_at_the_top() {
    let cfg = TrainerConfig {
        hidden: vec![2, 1],
        activation: ActivationKind::Linear,
        loss: Loss::CrossEntropy,
        ..TrainerConfig::default()
    };
    #[rustfmt::skip]
    let params = [
        0.0, 1.0, 1.0, 0.0, 0.0, 0.0, // layer 0: unit 0 = x2, unit 1 = x1
        1.0, -1.0, 0.5,               // layer 1: x2 − x1 + 0.5 (inputs: unit 0, unit 1)
        1.0, 0.0,                     // output
    ];
    let mut e = hand_built(cfg, "1,1,1\n-1,-1,0\n", &params);
    assert_eq!(e.hidden_units(), 3);
    let g = e.neuron_grids(4).unwrap().to_vec();
    assert_eq!(g.len(), 3 * 16);
    for r in 0..4 {
        for c in 0..4 {
            let (x1, x2) = (-4.5 + 3.0 * c as f64, 4.5 - 3.0 * r as f64);
            let cell = 4 * r + c;
            assert_eq!(g[cell] as f64, x2, "unit 0 at ({r}, {c})");
            assert_eq!(g[16 + cell] as f64, x1, "unit 1 at ({r}, {c})");
            assert_eq!(g[32 + cell] as f64, x2 - x1 + 0.5, "unit 2 at ({r}, {c})");
        }
    }
}

/// Two training points (1, 2) of class +1 and (−1, −2) of class −1, logistic regression with
/// b = 0: both have the margin m = w1 + 2·w2, so the mean loss is ln(1 + e^(−m)). Over the box
/// w1 ∈ [−1, 3] (columns, left to right) × w2 ∈ [−2, 2] (rows, top = largest), every cell is
/// that value at its centre; the top-right cell is the lowest and the bottom-left the highest.
#[test]
fn the_loss_landscape_puts_the_largest_q_in_row_0_and_the_smallest_p_in_column_0() {
    let mut e = hand_built(
        TrainerConfig { model: ModelKind::Logistic, ..TrainerConfig::default() },
        "1,2,1\n-1,-2,0\n",
        &[0.3, -0.2, 0.0],
    );
    let grid = e.landscape(0, 1, 4, [-1.0, 3.0, -2.0, 2.0]).unwrap();
    assert_eq!(grid.len(), 16);
    for r in 0..4 {
        let q = 1.5 - r as f64; // centres 1.5, 0.5, −0.5, −1.5
        for c in 0..4 {
            let p = -0.5 + c as f64; // centres −0.5, 0.5, 1.5, 2.5
            close(grid[4 * r + c], ce(p + 2.0 * q), 1e-12, &format!("cell ({r}, {c}) at w = ({p}, {q})"));
        }
    }
    let (lowest, highest) = (grid[3], grid[12]);
    assert!(grid.iter().all(|&v| lowest <= v && v <= highest), "{grid:?}");
    // The parameters themselves are untouched by drawing the landscape.
    assert_eq!(e.params(), &[0.3, -0.2, 0.0]);
}

/// Dead units are counted per layer on the training points: f′(z) = 0 exactly on all of them.
/// Training points (1, 1) and (−1, 2); a test point (5, −3) is ignored.
/// Layer 0: unit 0 has z = −x2 (negative on both training points; positive on the test point
/// only): dead; unit 1 has z = x1 (1 on the first point): alive; unit 2 has z = 0 exactly: dead;
/// unit 3 has z = 1: alive. Layer 1 sees a = (0, relu(x1), 0, 1): unit 0 has z = −a3 = −1: dead;
/// unit 1 has z = a1 (1 on the first point): alive. The output layer is never counted.
/// Leaky ReLU passes α·(dL/da) where z ≤ 0, so none of its units is dead; nor is a linear one.
/// Step units always are (f′ = 0); tanh units with these small z are not.
#[test]
fn dead_units_are_those_whose_derivative_is_zero_on_every_training_point() {
    #[rustfmt::skip]
    let params = [
        0.0, -1.0,  1.0, 0.0,  0.0, 0.0,  0.0, 0.0,   0.0, 0.0, 0.0, 1.0, // layer 0: W (4 × 2), b
        0.0, 0.0, 0.0, -1.0,  0.0, 1.0, 0.0, 0.0,     0.0, 0.0,           // layer 1: W (2 × 4), b
        1.0, 1.0, 0.0,                                                     // output
    ];
    let csv = "1,1,1,train\n-1,2,0,train\n5,-3,1,test\n";
    let run = |activation, leaky_alpha| {
        let cfg = TrainerConfig { hidden: vec![4, 2], activation, leaky_alpha, ..TrainerConfig::default() };
        hand_built(cfg, csv, &params).metrics().dead_units
    };
    assert_eq!(run(ActivationKind::Relu, 0.01), vec![2, 1, 0]);
    assert_eq!(run(ActivationKind::LeakyRelu, 0.01), vec![0, 0, 0], "a leaky unit still passes gradient");
    assert_eq!(run(ActivationKind::LeakyRelu, 0.0), vec![2, 1, 0], "α = 0 is ReLU");
    assert_eq!(run(ActivationKind::Tanh, 0.01), vec![0, 0, 0]);
    assert_eq!(run(ActivationKind::Linear, 0.01), vec![0, 0, 0]);
    assert_eq!(run(ActivationKind::Step, 0.01), vec![4, 2, 0], "the step function's derivative is 0 everywhere");
    // The output layer is never counted, not even a perceptron's step output (f′ = 0 too).
    let perceptron = TrainerConfig { model: ModelKind::Perceptron, ..TrainerConfig::default() };
    assert_eq!(hand_built(perceptron, csv, &[1.0, 0.0, 0.0]).metrics().dead_units, vec![0]);
}

/// A sigmoid unit driven to z = ±800 on every point has σ′(z) = σ(1 − σ) = 0 exactly in f64:
/// it is as dead as a silent ReLU. One at z = ±8 is saturated but alive (σ′ ≈ 3·10⁻⁴).
#[test]
fn a_saturated_sigmoid_unit_is_dead_only_when_its_derivative_is_exactly_zero() {
    let csv = "1,1,1,train\n-1,2,0,train\n";
    let run = |w: f64| {
        let cfg = TrainerConfig { hidden: vec![1], activation: ActivationKind::Sigmoid, ..TrainerConfig::default() };
        // The hidden unit's z = w (bias only), the output reads it.
        hand_built(cfg, csv, &[0.0, 0.0, w, 1.0, 0.0]).metrics().dead_units
    };
    assert_eq!(run(800.0), vec![1, 0]);
    assert_eq!(run(-800.0), vec![1, 0]);
    assert_eq!(run(8.0), vec![0, 0]);
}

/// One training point x = (1, 2) of class +1 through 2 → 2 (ReLU) → 1 (sigmoid):
/// unit 0 has z = −1 (a = 0), unit 1 has z = 2·x1 = 2 (a = 2); the output z = a0 + a1 = 2, so
/// δ = σ(2) − 1. Output weights: ∂L/∂w = δ·a = (0, 2δ), norm 2|δ|. Hidden: δ_h = (0, δ) (unit 0
/// is off), ∂L/∂W = δ_h·xᵀ = [[0, 0], [δ, 2δ]], norm √5·|δ|. (The biases' norms would be |δ|
/// and |δ|.) With L2 at λ = 0.5 the weight gradients gain λ·w: the hidden row 1 becomes
/// (δ + 1, 2δ) and the output weights (0.5, 2δ + 0.5).
#[test]
fn gradient_norms_are_the_weight_gradients_of_the_last_batch_per_layer() {
    let params = [0.0, 0.0, 2.0, 0.0, -1.0, 0.0, 1.0, 1.0, 0.0];
    let cfg = TrainerConfig { hidden: vec![2], activation: ActivationKind::Relu, ..TrainerConfig::default() };
    let mut e = hand_built(cfg.clone(), "1,2,1\n", &params);
    assert_eq!(e.gradient_norms(), vec![0.0, 0.0], "zeros before the first step");
    e.advance(Budget::Batches(1));
    let d = sigmoid(2.0) - 1.0;
    let norms = e.gradient_norms();
    assert_eq!(norms.len(), 2);
    close(norms[0], 5f64.sqrt() * d.abs(), 1e-12, "hidden layer");
    close(norms[1], 2.0 * d.abs(), 1e-12, "output layer");

    let l2 = TrainerConfig { regularization: Regularization::L2, regularization_rate: 0.5, ..cfg };
    let mut e = hand_built(l2, "1,2,1\n", &params);
    e.advance(Budget::Batches(1));
    let norms = e.gradient_norms();
    close(norms[0], ((d + 1.0).powi(2) + 4.0 * d * d).sqrt(), 1e-12, "hidden layer with L2");
    close(norms[1], (0.25 + (2.0 * d + 0.5).powi(2)).sqrt(), 1e-12, "output layer with L2");
}

/// Logistic regression w = (0.5, −2), b = 0.3 on x = (1, 2), y = +1: z = −3.2, p = σ(−3.2), and
/// the data gradient is (p − 1)·(1, 2) for w and p − 1 for b. The trace adds λ·w (L2) or
/// λ·sign(w) (L1) to the weights' gradient and nothing to the bias's; SGD's update is −lr times
/// the gradient, and a training step on that one point makes exactly that update.
#[test]
fn the_trace_adds_the_regularization_term_to_the_weight_gradients_only() {
    let w = [0.5, -2.0, 0.3];
    let d = sigmoid(-3.2) - 1.0;
    let cases = [
        (Regularization::None, [d, 2.0 * d]),
        (Regularization::L2, [d + 0.1 * 0.5, 2.0 * d + 0.1 * -2.0]),
        (Regularization::L1, [d + 0.1, 2.0 * d - 0.1]),
    ];
    for (regularization, grad_w) in cases {
        let cfg = TrainerConfig {
            model: ModelKind::Logistic,
            optimizer: OptimizerKind::Sgd,
            learning_rate: 0.1,
            regularization,
            regularization_rate: 0.1,
            ..TrainerConfig::default()
        };
        let mut e = hand_built(cfg, "1,2,1\n", &w);
        let t = e.trace(0).unwrap();
        close(t.output_z, -3.2, 1e-15, "z");
        let layer = &t.layers[0];
        for (i, &g) in grad_w.iter().enumerate() {
            close(layer.grad_w[0][i], g, 1e-14, &format!("{regularization:?} gradW[{i}]"));
            close(layer.update_w[0][i], -0.1 * g, 1e-14, &format!("{regularization:?} updateW[{i}]"));
        }
        close(layer.grad_b[0], d, 1e-14, &format!("{regularization:?} gradB (no penalty on biases)"));
        close(layer.update_b[0], -0.1 * d, 1e-14, &format!("{regularization:?} updateB"));
        e.advance(Budget::Batches(1));
        for (i, want) in [w[0] - 0.1 * grad_w[0], w[1] - 0.1 * grad_w[1], w[2] - 0.1 * d].into_iter().enumerate() {
            close(e.params()[i], want, 1e-14, &format!("{regularization:?} parameter {i} after the step"));
        }
    }
}

/// Logistic regression with w = (1, 0), b = 0, every parameter frozen. Training points (1, 0)
/// of class +1 and (−1, 0) of class −1: both right with margin 1, loss ln(1 + e^(−1)) each. Test
/// points (2, 0) of class −1 (wrong, margin −2) and (0, 3) of class +1 (z = 0, p = 0.5, counted
/// as class +1: right, loss ln 2): test loss (ln(1 + e²) + ln 2)/2, test accuracy 0.5.
fn frozen_two_sets() -> Engine {
    let cfg = TrainerConfig {
        model: ModelKind::Logistic,
        frozen: vec!["w[0][0,0]".into(), "w[0][0,1]".into(), "b[0][0]".into()],
        ..TrainerConfig::default()
    };
    hand_built(cfg, "1,0,1,train\n2,0,0,test\n-1,0,0,train\n0,3,1,test\n", &[1.0, 0.0, 0.0])
}

#[test]
fn test_metrics_are_measured_on_the_test_points() {
    let mut e = frozen_two_sets();
    let m = e.metrics();
    close(m.train_loss, ce(1.0), 1e-15, "train loss");
    assert_eq!(m.train_accuracy, 1.0);
    close(m.test_loss.unwrap(), (ce(-2.0) + 2f64.ln()) / 2.0, 1e-15, "test loss");
    assert_eq!(m.test_accuracy, Some(0.5));
}

/// After every epoch the history appends [train, test]: history[2k] is the training loss and
/// history[2k + 1] the test loss (the same for the accuracy history).
#[test]
fn the_history_holds_train_then_test_for_every_epoch() {
    let mut e = frozen_two_sets();
    e.advance(Budget::Epochs(3));
    assert_eq!(e.params(), &[1.0, 0.0, 0.0], "frozen parameters do not move");
    let (h, acc) = (e.history().to_vec(), e.accuracy_history().to_vec());
    assert_eq!((h.len(), acc.len()), (8, 8), "epochs 0..=3");
    // Entries 0 and 1 are the state's epoch 0 (the weights before they were set by hand).
    for k in 1..4 {
        close(h[2 * k], ce(1.0), 1e-15, &format!("history[{}] (train)", 2 * k));
        close(h[2 * k + 1], (ce(-2.0) + 2f64.ln()) / 2.0, 1e-15, &format!("history[{}] (test)", 2 * k + 1));
        assert_eq!((acc[2 * k], acc[2 * k + 1]), (1.0, 0.5), "accuracy history at epoch {k}");
    }
}

// The perceptron criterion max(0, −y·z) is 0 for an output of +∞ on a point of class +1: a loss
// that is finite although the model's output is not. The two tests below use that to check that
// the evaluation judges the outputs themselves, on both sets, and not only the losses.
fn perceptron() -> TrainerConfig {
    TrainerConfig { model: ModelKind::Perceptron, ..TrainerConfig::default() }
}

#[test]
fn an_infinite_test_output_with_a_zero_loss_is_a_divergence() {
    // w1 = 10^308: the training points give z = ±5·10^307 (finite, both right), the test point
    // at x1 = 5 gives z = +∞ with label +1, so its loss is 0.
    let csv = "0.5,0,1,train\n-0.5,0,-1,train\n5,0,1,test\n";
    let mut e = hand_built(perceptron(), csv, &[1e308, 0.0, 0.0]);
    e.advance(Budget::Epochs(1));
    let d = e.diverged().expect("an output of +inf on a test point stops the run");
    assert_eq!(d.cause, Cause::Output);
    assert_eq!(d.epoch, 1);
}

#[test]
fn divergence_skips_back_over_weights_whose_training_outputs_are_infinite() {
    // The path holds a good snapshot, then the current weights, under which the training point
    // at x1 = 5 has z = +∞ (label +1, loss 0). The first batch meets that output and stops the
    // run; going back, the newest snapshot must be refused for its output, not kept for its loss.
    let csv = "5,0,1,train\n-0.5,0,-1,train\n0,1,1,test\n";
    let good = [1.0, 0.0, 0.0];
    let bad = [1e308, 0.0, 0.0];
    let mut e = Engine::new(TrainerConfig { seed: Some(1), ..perceptron() }.check().unwrap());
    e.import_csv(csv).unwrap();
    let mut s = e.to_state();
    s.params = bad.to_vec();
    s.path = [good, bad].concat();
    s.path_stride = 1;
    s.path_since = 0;
    let mut e = Engine::from_state(s).expect("the edited state restores");
    e.advance(Budget::Batches(1));
    assert_eq!(e.diverged().expect("the output +inf stops the run").cause, Cause::Output);
    assert_eq!(e.params(), good, "back to the newest weights whose every output is finite");
}

#[test]
fn loss_at_gives_the_exact_slope_of_the_landscape() {
    // Logistic regression on (1, 1) → +1 and (−1, −1) → −1, bias 0: the loss of (w1, w2) is
    // the cross-entropy of the margin w1 + w2 on both points, so each slope is −σ(−(w1 + w2)).
    let mut e = logistic([0.0, 0.0, 0.0]);
    for (w1, w2) in [(0.3, -0.7), (-2.0, 0.5), (1.5, 1.0)] {
        let (value, slope) = e.loss_at(0, 1, w1, w2).unwrap();
        let m = w1 + w2;
        close(value, ce(m), 1e-12, "value");
        let want = -sigmoid(-m);
        close(slope[0], want, 1e-12, &format!("dL/dw1 at ({w1}, {w2})"));
        close(slope[1], want, 1e-12, &format!("dL/dw2 at ({w1}, {w2})"));
    }
    assert_eq!(e.params(), [0.0, 0.0, 0.0], "the weights themselves are not moved");
}
