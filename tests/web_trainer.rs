//! Browser tests of the `Trainer` boundary, run by `wasm-pack test --headless --firefox`.
//! Every member, every error path, state round-trips and native == wasm determinism.
#![cfg(target_arch = "wasm32")]

mod support;

use dl_playground::Trainer;
use support::{fails, get, js, n, num, text};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn trainer(code: &str) -> Trainer {
    Trainer::new(js(code)).expect("valid config")
}

/// A trainer of `config` on the points of `csv`, with its parameters set to `params` through
/// its saved state (`exportState` → edit `params` → `fromState`), as a page restores a run.
fn hand_built(config: &str, csv: &str, params: &[f64]) -> Trainer {
    let mut t = trainer(config);
    t.import_csv(csv.into()).unwrap();
    let state = js(&t.export_state());
    let list: js_sys::Array = params.iter().map(|&p| n(p)).collect();
    assert_eq!(js_sys::Array::from(&get(&state, "params")).length(), list.length(), "parameter count");
    js_sys::Reflect::set(&state, &"params".into(), &list).unwrap();
    let json = String::from(js_sys::JSON::stringify(&state).unwrap());
    Trainer::from_state(json.into()).expect("the edited state restores")
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

#[track_caller]
fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!((got - want).abs() <= tol, "{what}: got {got}, want {want}");
}

#[wasm_bindgen_test]
fn runs_in_a_real_browser() {
    let window = web_sys::window().expect("a browser window");
    let ua = window.navigator().user_agent().expect("a user agent");
    assert!(ua.contains("Firefox"), "{ua}");
}

#[wasm_bindgen_test]
fn constructor_takes_a_plain_object_or_nothing() {
    let t = Trainer::new(JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&t.config().unwrap(), "seed"), t.seed() as f64, "a random seed is picked and reported");
    let t = trainer("{ dataset: 'circle', points: 120, noise: 0.05, seed: 9, model: 'mlp', hidden: [3, 2], activation: 'relu', loss: 'hinge', optimizer: 'rmsprop', learningRate: 0.01, batchSize: 4, regularization: 'l2', regularizationRate: 0.001, alpha: 0.9, epsilon: 1e-6 }");
    assert_eq!(t.seed(), 9);
    let cfg = t.config().unwrap();
    assert_eq!(text(&cfg, "dataset"), "circle");
    assert_eq!(num(&cfg, "alpha"), 0.9);
    assert_eq!(t.layer_sizes().to_vec(), vec![2, 3, 2, 1]);
    assert_eq!(t.batch_size(), 4.0);
}

#[wasm_bindgen_test]
fn constructor_errors_carry_code_field_value_and_what_is_allowed() {
    let e = fails(Trainer::new(js("{ pionts: 10 }")), "unknownField", "pionts");
    assert!(js_sys::Array::from(&get(&e, "values")).includes(&"points".into(), 0));
    fails(Trainer::new(js("{ points: 'many' }")), "type", "points");
    let e = fails(Trainer::new(js("{ points: 5000 }")), "range", "points");
    assert_eq!((num(&e, "value"), num(&e, "min"), num(&e, "max")), (5000.0, 1.0, 2000.0));
    assert_eq!(get(&e, "integer").as_bool(), Some(true));
    let e = fails(Trainer::new(js("{ learningRate: -1 }")), "range", "learningRate");
    assert_eq!(get(&e, "minOpen").as_bool(), Some(true));
    assert!(String::from(e.unchecked_into::<js_sys::Error>().message()).starts_with("learningRate: "));
    let e = fails(Trainer::new(js("{ dataset: 'swirl' }")), "choice", "dataset");
    assert_eq!(text(&e, "value"), "swirl");
    assert!(js_sys::Array::from(&get(&e, "values")).includes(&"spiral".into(), 0));
    fails(Trainer::new(js("{ optimizer: 'adamw' }")), "choice", "optimizer");
    fails(Trainer::new(js("{ hidden: [4, 40] }")), "range", "hidden[1]");
    fails(Trainer::new(js("{ hidden: [1, 1, 1, 1, 1, 1, 1] }")), "length", "hidden");
    fails(Trainer::new(js("{ seed: -3 }")), "range", "seed");
    fails(Trainer::new(js("{ recordHistory: 'yes' }")), "type", "recordHistory");
    fails(Trainer::new(js("[1, 2]")), "type", "config");
    fails(Trainer::new(js("42")), "type", "config");
    fails(Trainer::new(js("new Map([['points', 5]])")), "type", "config");
    fails(Trainer::new(js("{ points: () => 1 }")), "type", "points");
    fails(Trainer::new(js("{ points: Symbol('x') }")), "type", "points");
    fails(Trainer::new(js("{ get points() { throw new Error('boom') } }")), "type", "points");
    fails(Trainer::new(js("{ frozen: ['w[9][0,0]'] }")), "choice", "frozen[0]");
    // The module is still alive afterwards.
    assert!(Trainer::new(js("{ seed: 1 }")).is_ok());
}

#[wasm_bindgen_test]
fn arguments_of_the_wrong_type_are_errors_naming_the_argument() {
    let mut t = trainer("{ seed: 2 }");
    fails(t.step_epochs("5".into()), "type", "n");
    fails(t.step_epochs(JsValue::UNDEFINED), "type", "n");
    fails(t.predict_grid(js("{ valueOf() { return 8 } }")), "type", "res");
    fails(t.import_csv(n(123.0)), "type", "text");
    fails(t.import_csv(js("{ length: 3e8 }")), "type", "text");
    fails(t.landscape_box(n(0.0), n(1.0), n(4.0), js("{ length: 1e9 }")), "type", "box");
    fails(Trainer::from_state(js("{}")), "type", "json");
    fails(Trainer::activation_curve(js("{}"), n(0.0), n(-5.0), n(5.0), n(10.0)), "type", "name");
    assert_eq!(t.epoch(), 0.0);
}

#[wasm_bindgen_test]
fn stepping_moves_the_counters_by_sample_batch_and_epoch() {
    let mut t = trainer("{ seed: 2, points: 100, trainRatio: 0.5, batchSize: 10 }");
    assert_eq!(t.iterations_per_epoch(), 5.0);
    let loss = t.step_samples(n(3.0)).unwrap();
    assert_eq!((t.samples_seen(), t.iteration(), t.epoch(), t.batch_progress()), (3.0, 0.0, 0.0, 3.0));
    assert_eq!(loss, num(&t.metrics().unwrap(), "trainLoss"));
    t.step_batches(n(1.0)).unwrap();
    assert_eq!((t.samples_seen(), t.iteration(), t.batch_progress()), (10.0, 1.0, 0.0));
    // Runs until two more epochs have ended: the rest of epoch 1, then epoch 2.
    t.step_epochs(n(2.0)).unwrap();
    assert_eq!((t.samples_seen(), t.iteration(), t.epoch(), t.epoch_progress()), (100.0, 10.0, 2.0, 0.0));
    assert_eq!(t.loss_history().length(), 6, "epochs 0, 1, 2: train and test each");
}

#[wasm_bindgen_test]
fn bad_step_counts_throw_and_change_nothing() {
    let mut t = trainer("{ seed: 2 }");
    for bad in [-1.0, 1.5, f64::NAN] {
        fails(t.step_epochs(n(bad)), "range", "n");
        fails(t.step_batches(n(bad)), "range", "n");
        fails(t.step_samples(n(bad)), "range", "n");
    }
    let e = fails(t.step_epochs(n(1e12)), "tooMuchWork", "n");
    assert_eq!((num(&e, "value"), num(&e, "max")), (1e12, 1e7));
    fails(t.step_batches(n(1e12)), "tooMuchWork", "n");
    fails(t.step_samples(n(1e12)), "tooMuchWork", "n");
    assert_eq!((t.samples_seen(), t.epoch()), (0.0, 0.0));
}

#[wasm_bindgen_test]
fn metrics_and_history_report_both_sets() {
    let mut t = trainer("{ seed: 3, trainRatio: 0.5 }");
    t.step_epochs(n(3.0)).unwrap();
    let m = t.metrics().unwrap();
    for k in ["trainLoss", "testLoss", "trainAccuracy", "testAccuracy"] {
        assert!(num(&m, k).is_finite(), "{k}");
    }
    assert!(get(&m, "divergence").is_null() || get(&m, "divergence").is_undefined());
    assert!(!t.diverged());
    assert_eq!(js_sys::Array::from(&get(&m, "deadUnits")).length(), 2);
    let h = t.loss_history().to_vec();
    assert_eq!(h.len(), 8);
    assert_eq!(h[6], num(&m, "trainLoss"));
    assert_eq!(h[7], num(&m, "testLoss"));
    let acc = t.accuracy_history().to_vec();
    assert_eq!(acc.len(), 8);
    assert_eq!((acc[6], acc[7]), (num(&m, "trainAccuracy"), num(&m, "testAccuracy")));
    // Each set's metrics are those of its own points, each traced on its own: the mean of the
    // one-point losses and the share classified right.
    let is_test = js_sys::Uint8Array::from(get(&t.points(), "isTest")).to_vec();
    for (set, loss, accuracy) in [(1, "testLoss", "testAccuracy"), (0, "trainLoss", "trainAccuracy")] {
        let traces: Vec<JsValue> =
            (0..is_test.len()).filter(|&i| is_test[i] == set).map(|i| t.trace(n(i as f64)).unwrap()).collect();
        let k = traces.len() as f64;
        let mean = traces.iter().map(|tr| num(tr, "loss")).sum::<f64>() / k;
        let right = traces.iter().filter(|tr| get(tr, "mistake").as_bool() == Some(false)).count() as f64 / k;
        close(num(&m, loss), mean, 1e-12, loss);
        assert_eq!(num(&m, accuracy), right, "{accuracy}");
    }
    let mut all_train = trainer("{ seed: 3, trainRatio: 1 }");
    let m = all_train.metrics().unwrap();
    assert!(get(&m, "testLoss").is_null() || get(&m, "testLoss").is_undefined());
}

#[wasm_bindgen_test]
fn points_come_as_typed_arrays() {
    let t = trainer("{ seed: 4, points: 50, trainRatio: 0.6 }");
    let p = t.points();
    let x: js_sys::Float64Array = get(&p, "x").dyn_into().unwrap();
    let label: js_sys::Int8Array = get(&p, "label").dyn_into().unwrap();
    let test: js_sys::Uint8Array = get(&p, "isTest").dyn_into().unwrap();
    assert_eq!((x.length(), label.length(), test.length()), (100, 50, 50));
    assert_eq!(test.to_vec().iter().filter(|&&t| t == 0).count(), 30);
    assert!(label.to_vec().iter().all(|l| l.abs() == 1));
}

#[wasm_bindgen_test]
fn grids_cover_the_view_box() {
    let mut t = trainer("{ seed: 5, hidden: [3, 2] }");
    let g = t.predict_grid(n(20.0)).unwrap().to_vec();
    assert_eq!(g.len(), 400);
    assert!(g.iter().all(|p| (0.0..=1.0).contains(p)));
    let nr = t.neuron_grids(n(10.0)).unwrap();
    assert_eq!(nr.length(), 5 * 100);
    for bad in [0.0, 513.0, 2.5, -1.0] {
        fails(t.predict_grid(n(bad)), "range", "res");
        fails(t.neuron_grids(n(bad)), "range", "res");
    }
    let mut single = trainer("{ seed: 5, model: 'logistic' }");
    assert_eq!(single.neuron_grids(n(10.0)).unwrap().length(), 0);
}

/// Logistic regression with w = (0, 1), b = 0 scores σ(x2): on a 4 × 4 grid the cell centres
/// lie at x2 = 4.5, 1.5, −1.5, −4.5 from row 0 down (top rows above 0.5, bottom rows below);
/// with w = (1, 0) the score follows x1 = −4.5 … 4.5 from column 0 to the right.
#[wasm_bindgen_test]
fn predict_grid_puts_row_0_at_the_top_and_column_0_at_the_left() {
    let logistic = "{ seed: 1, model: 'logistic' }";
    let mut up = hand_built(logistic, "1,1,1\n-1,-1,0\n", &[0.0, 1.0, 0.0]);
    let g = up.predict_grid(n(4.0)).unwrap().to_vec();
    assert_eq!(g.len(), 16);
    for (k, &v) in g.iter().enumerate() {
        close(v as f64, sigmoid(4.5 - 3.0 * (k / 4) as f64), 1e-6, &format!("w = (0, 1), cell {k}"));
    }
    assert!(g[..8].iter().all(|&v| v > 0.5) && g[8..].iter().all(|&v| v < 0.5), "{g:?}");
    let mut right = hand_built(logistic, "1,1,1\n-1,-1,0\n", &[1.0, 0.0, 0.0]);
    let g = right.predict_grid(n(4.0)).unwrap().to_vec();
    for (k, &v) in g.iter().enumerate() {
        close(v as f64, sigmoid(-4.5 + 3.0 * (k % 4) as f64), 1e-6, &format!("w = (1, 0), cell {k}"));
    }
}

/// Linear hidden units copying the inputs show the grid's coordinates: unit 0 is x2 (4.5 in row
/// 0), unit 1 is x1 (−4.5 in column 0), and layer 2's unit is x2 − x1 + 0.5.
#[wasm_bindgen_test]
fn neuron_grids_list_the_units_in_order_with_row_0_at_the_top() {
    let params = [0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, -1.0, 0.5, 1.0, 0.0];
    let mut t = hand_built("{ seed: 1, hidden: [2, 1], activation: 'linear' }", "1,1,1\n-1,-1,0\n", &params);
    let g = t.neuron_grids(n(4.0)).unwrap().to_vec();
    assert_eq!(g.len(), 3 * 16);
    for r in 0..4 {
        for c in 0..4 {
            let (x1, x2) = (-4.5 + 3.0 * c as f64, 4.5 - 3.0 * r as f64);
            let cell = 4 * r + c;
            assert_eq!(
                (g[cell] as f64, g[16 + cell] as f64, g[32 + cell] as f64),
                (x2, x1, x2 - x1 + 0.5),
                "({r}, {c})"
            );
        }
    }
}

/// Points (1, 2) of class +1 and (−1, −2) of class −1, logistic regression with b = 0: both
/// have the margin m = w1 + 2·w2, so the mean loss is ln(1 + e^(−m)). Over w1 ∈ [−1, 3]
/// (across) × w2 ∈ [−2, 2] (row 0 = largest), every cell is that value at its centre.
#[wasm_bindgen_test]
fn the_loss_landscape_puts_the_largest_q_in_row_0() {
    let mut t = hand_built("{ seed: 1, model: 'logistic' }", "1,2,1\n-1,-2,0\n", &[0.3, -0.2, 0.0]);
    let g = t.landscape_box(n(0.0), n(1.0), n(4.0), js("[-1, 3, -2, 2]")).unwrap().to_vec();
    assert_eq!(g.len(), 16);
    for r in 0..4 {
        for c in 0..4 {
            let m = (-0.5 + c as f64) + 2.0 * (1.5 - r as f64);
            close(g[4 * r + c], (-m).exp().ln_1p(), 1e-12, &format!("cell ({r}, {c})"));
        }
    }
    assert!(g[3] < g[0] && g[0] < g[12] && g[3] < g[15] && g[15] < g[12], "top-right lowest, bottom-left highest");
}

/// Training points (1, 1) and (−1, 2), a test point (5, −3) that is ignored; layer 0 has units
/// with z = −x2 (dead), x1 (alive), 0 (dead: z ≤ 0), 1 (alive); layer 1 sees (0, relu(x1), 0, 1)
/// and has z = −1 (dead) and relu(x1) (alive): dead units [2, 1, 0].
#[wasm_bindgen_test]
fn dead_units_are_the_relu_units_silent_on_every_training_point() {
    #[rustfmt::skip]
    let params = [
        0.0, -1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0,
        0.0, 0.0, 0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0,
        1.0, 1.0, 0.0,
    ];
    let csv = "1,1,1,train\n-1,2,0,train\n5,-3,1,test\n";
    let mut t = hand_built("{ seed: 1, hidden: [4, 2], activation: 'relu' }", csv, &params);
    assert_eq!(t.dead_units().to_vec(), vec![2, 1, 0]);
    assert_eq!(js_sys::Array::from(&get(&t.metrics().unwrap(), "deadUnits")).to_vec(), vec![n(2.0), n(1.0), n(0.0)]);
}

/// x = (1, 2) of class +1 through 2 → 2 (ReLU) → 1 (sigmoid): hidden z = (−1, 2), output z = 2,
/// δ = σ(2) − 1. Output weights' gradient (0, 2δ), norm 2|δ|; hidden weights' [[0, 0], [δ, 2δ]],
/// norm √5·|δ| (the biases' norms would be |δ| and |δ|).
#[wasm_bindgen_test]
fn gradient_norms_are_the_weight_gradients_of_the_last_batch_per_layer() {
    let params = [0.0, 0.0, 2.0, 0.0, -1.0, 0.0, 1.0, 1.0, 0.0];
    let mut t = hand_built("{ seed: 1, hidden: [2], activation: 'relu' }", "1,2,1\n", &params);
    assert_eq!(t.gradient_norms().to_vec(), vec![0.0, 0.0], "zeros before the first step");
    t.step_batches(n(1.0)).unwrap();
    let d = (sigmoid(2.0) - 1.0).abs();
    let g = t.gradient_norms().to_vec();
    close(g[0], 5f64.sqrt() * d, 1e-12, "hidden layer");
    close(g[1], 2.0 * d, 1e-12, "output layer");
}

#[wasm_bindgen_test]
fn weights_norms_and_dead_units_have_one_entry_per_layer() {
    let mut t = trainer("{ seed: 6, hidden: [4, 3], activation: 'relu' }");
    t.step_batches(n(1.0)).unwrap();
    let w = t.weights().unwrap();
    let layers: js_sys::Array = get(&w, "layers").dyn_into().unwrap();
    assert_eq!(layers.length(), 3);
    let l1 = layers.get(1);
    let rows: js_sys::Array = get(&l1, "w").dyn_into().unwrap();
    assert_eq!(rows.length(), 3);
    assert_eq!(js_sys::Array::from(&rows.get(0)).length(), 4);
    assert_eq!(js_sys::Array::from(&get(&l1, "b")).length(), 3);
    assert_eq!(t.gradient_norms().length(), 3);
    assert!(t.gradient_norms().to_vec().iter().all(|g| *g > 0.0));
    assert_eq!(t.dead_units().length(), 3);
    assert_eq!(t.parameter_names().length(), 4 * 2 + 4 + 3 * 4 + 3 + 3 + 1);
    assert_eq!(t.parameter_names().get(0).as_string().unwrap(), "w[0][0,0]");
}

#[wasm_bindgen_test]
fn trace_shows_the_forward_pass_and_the_update() {
    let t = trainer("{ seed: 8, model: 'perceptron', batchSize: 1, learningRate: 0.5 }");
    let tr = t.trace(n(0.0)).unwrap();
    let inputs = js_sys::Array::from(&get(&tr, "inputs"));
    let layer = js_sys::Array::from(&get(&tr, "layers")).get(0);
    let w = js_sys::Array::from(&js_sys::Array::from(&get(&layer, "w")).get(0));
    let b = js_sys::Array::from(&get(&layer, "b")).get(0).as_f64().unwrap();
    let (x1, x2) = (inputs.get(0).as_f64().unwrap(), inputs.get(1).as_f64().unwrap());
    let z = w.get(0).as_f64().unwrap() * x1 + w.get(1).as_f64().unwrap() * x2 + b;
    assert!((z - num(&tr, "outputZ")).abs() < 1e-12);
    assert_eq!(text(&tr, "lossName"), "perceptron");
    // Plain SGD: the update is −lr times the gradient, and the gradient of the perceptron
    // criterion is −y·x (weights) and −y (bias) on a mistake, zero otherwise.
    let row = |key: &str| js_sys::Array::from(&js_sys::Array::from(&get(&layer, key)).get(0)).to_vec();
    let first = |key: &str| js_sys::Array::from(&get(&layer, key)).get(0).as_f64().unwrap();
    let (grad_w, update_w) = (row("gradW"), row("updateW"));
    let y = num(&tr, "label");
    let mistake = get(&tr, "mistake").as_bool().unwrap();
    let want = if mistake { [-y * x1, -y * x2, -y] } else { [0.0; 3] };
    for (k, g) in [grad_w[0].as_f64().unwrap(), grad_w[1].as_f64().unwrap(), first("gradB")].into_iter().enumerate() {
        close(g, want[k], 1e-12, &format!("gradient {k}"));
    }
    for k in 0..2 {
        close(update_w[k].as_f64().unwrap(), -0.5 * want[k], 1e-12, &format!("updateW[{k}]"));
    }
    close(first("updateB"), -0.5 * want[2], 1e-12, "updateB");
    let any_mistake = (0..200).any(|i| get(&t.trace(n(i as f64)).unwrap(), "mistake").as_bool().unwrap());
    assert!(any_mistake, "the untrained perceptron makes mistakes");
    let e = fails(t.trace(n(200.0)), "index", "i");
    assert_eq!((num(&e, "value"), num(&e, "max")), (200.0, 199.0));
    fails(t.trace(n(-1.0)), "index", "i");
}

#[wasm_bindgen_test]
fn landscape_and_path_follow_two_parameters() {
    let mut t = trainer("{ seed: 9, model: 'logistic' }");
    t.step_batches(n(7.0)).unwrap();
    let g = t.landscape(n(0.0), n(1.0), n(11.0), n(0.5)).unwrap().to_vec();
    assert_eq!(g.len(), 121);
    assert!((g[60] - num(&t.metrics().unwrap(), "trainLoss")).abs() < 1e-12, "centre = current loss");
    let b = t.landscape_box(n(0.0), n(2.0), n(5.0), js("[-1, 1, -2, 2]")).unwrap().to_vec();
    assert_eq!(b.len(), 25);
    // Every cell is the loss at its centre: p across from the left, q down from the top.
    for r in 0..5 {
        for c in 0..5 {
            let (p, q) = (-1.0 + (c as f64 + 0.5) * 0.4, 2.0 - (r as f64 + 0.5) * 0.8);
            let at = num(&t.loss_at(n(0.0), n(2.0), n(p), n(q)).unwrap(), "value");
            close(b[5 * r + c], at, 1e-12, &format!("cell ({r}, {c})"));
        }
    }
    let path = t.parameter_path(n(0.0), n(1.0)).unwrap().to_vec();
    assert_eq!(path.len(), 2 * 8);
    fails(t.landscape(n(0.0), n(3.0), n(11.0), n(0.5)), "index", "q");
    fails(t.landscape(n(1.0), n(1.0), n(11.0), n(0.5)), "distinct", "q");
    fails(t.landscape(n(0.0), n(1.0), n(11.0), n(0.0)), "range", "span");
    fails(t.landscape_box(n(0.0), n(1.0), n(5.0), js("[1, 0, 0, 1]")), "order", "box");
    fails(t.landscape_box(n(0.0), n(1.0), n(5.0), js("[1]")), "length", "box");
    fails(t.landscape_box(n(0.0), n(1.0), n(5.0), js("[0, 1, 'a', 2]")), "type", "box[2]");
    fails(t.parameter_path(n(7.0), n(0.0)), "index", "p");
}

/// The lab's cursor readout: the exact gradient of the landscape, not a finite difference.
#[wasm_bindgen_test]
fn loss_at_gives_the_landscape_value_and_its_exact_gradient() {
    let mut t = trainer("{ seed: 9, model: 'logistic', frozen: ['b[0][0]'] }");
    t.step_batches(n(20.0)).unwrap();
    let (w1, w2) = (0.3, -0.7);
    let at = t.loss_at(n(0.0), n(1.0), n(w1), n(w2)).unwrap();
    let e = 1e-9;
    let grid =
        t.landscape_box(n(0.0), n(1.0), n(1.0), js(&format!("[{}, {}, {}, {}]", w1 - e, w1 + e, w2 - e, w2 + e)));
    assert_eq!(num(&at, "value"), grid.unwrap().get_index(0));
    let g = js_sys::Array::from(&get(&at, "gradient"));
    let h = 1e-5;
    let mut value = |p: f64, q: f64| num(&t.loss_at(n(0.0), n(1.0), n(p), n(q)).unwrap(), "value");
    let d1 = (value(w1 + h, w2) - value(w1 - h, w2)) / (2.0 * h);
    let d2 = (value(w1, w2 + h) - value(w1, w2 - h)) / (2.0 * h);
    assert!((g.get(0).as_f64().unwrap() - d1).abs() < 1e-6, "{d1}");
    assert!((g.get(1).as_f64().unwrap() - d2).abs() < 1e-6, "{d2}");
    fails(t.loss_at(n(0.0), n(1.0), n(f64::INFINITY), n(0.0)), "range", "vp");
}

#[wasm_bindgen_test]
fn set_config_says_what_it_reset_and_rejects_bad_values() {
    let mut t = trainer("{ seed: 10 }");
    t.step_epochs(n(2.0)).unwrap();
    let c = t.set_config(js("{ learningRate: 0.1, optimizer: 'adam', batchSize: 3 }")).unwrap();
    assert_eq!((get(&c, "dataReset").as_bool(), get(&c, "weightsReset").as_bool()), (Some(false), Some(false)));
    assert_eq!(t.epoch(), 2.0);
    let c = t.set_config(js("{ hidden: [2, 2] }")).unwrap();
    assert_eq!(get(&c, "weightsReset").as_bool(), Some(true));
    assert_eq!(t.epoch(), 0.0);
    let c = t.set_config(js("{ dataset: 'moons' }")).unwrap();
    assert_eq!(get(&c, "dataReset").as_bool(), Some(true));
    let before = t.export_state();
    fails(t.set_config(js("{ batchSize: 0 }")), "range", "batchSize");
    fails(t.set_config(js("{ activation: 'swish' }")), "choice", "activation");
    fails(t.set_config(js("{ lr: 0.1 }")), "unknownField", "lr");
    fails(t.set_config(js("{ activations: ['relu'] }")), "length", "activations");
    fails(t.set_config(js("{ momentum: Symbol() }")), "type", "momentum");
    assert_eq!(t.export_state(), before, "a rejected change changes nothing");
    t.set_config(js("{ learningRate: undefined, noise: 0.2 }")).unwrap();
    assert_eq!(num(&t.config().unwrap(), "learningRate"), 0.1, "undefined means not given");
    t.set_config(JsValue::UNDEFINED).unwrap();
}

#[wasm_bindgen_test]
fn reset_restarts_and_a_new_seed_regenerates() {
    let mut t = trainer("{ seed: 12 }");
    let first = t.predict_grid(n(8.0)).unwrap().to_vec();
    let points = t.points();
    t.step_epochs(n(3.0)).unwrap();
    t.reset(JsValue::UNDEFINED).unwrap();
    assert_eq!(t.epoch(), 0.0);
    assert_eq!(t.predict_grid(n(8.0)).unwrap().to_vec(), first, "same seed, same initial weights");
    t.reset(n(13.0)).unwrap();
    assert_eq!(t.seed(), 13);
    let x_before: js_sys::Float64Array = get(&points, "x").dyn_into().unwrap();
    let x_after: js_sys::Float64Array = get(&t.points(), "x").dyn_into().unwrap();
    assert_ne!(x_before.to_vec(), x_after.to_vec());
    fails(t.reset(n(-1.0)), "range", "seed");
    fails(t.reset(n(5e9)), "range", "seed");
}

#[wasm_bindgen_test]
fn points_can_be_added_and_removed() {
    let mut t = trainer("{ seed: 14, points: 10, trainRatio: 0.5 }");
    t.add_point(n(1.0), n(-2.0), n(0.0)).unwrap();
    assert_eq!(js_sys::Int8Array::from(get(&t.points(), "label")).get_index(10), -1);
    assert!(t.edited());
    fails(t.add_point(n(7.0), n(0.0), n(1.0)), "range", "x");
    fails(t.add_point(n(0.0), n(f64::NAN), n(1.0)), "range", "y");
    fails(t.add_point(n(0.0), n(0.0), n(2.0)), "choice", "label");
    t.remove_point(n(10.0)).unwrap();
    let e = fails(t.remove_point(n(10.0)), "index", "i");
    assert_eq!(num(&e, "max"), 9.0);
    fails(t.remove_point(n(-2.0)), "index", "i");
    // Remove training points until one is left; the last one cannot go.
    let mut t = trainer("{ seed: 14, points: 2, trainRatio: 0.5 }");
    let test = js_sys::Uint8Array::from(get(&t.points(), "isTest")).to_vec();
    let train_index = test.iter().position(|&v| v == 0).unwrap();
    fails(t.remove_point(n(train_index as f64)), "lastTrainingPoint", "i");
}

#[wasm_bindgen_test]
fn csv_round_trips_and_bad_lines_are_named() {
    let mut t = trainer("{ seed: 15, points: 30 }");
    let csv = t.export_csv();
    assert!(csv.starts_with("x1,x2,label,set\n"));
    t.import_csv(csv.clone().into()).unwrap();
    assert_eq!(t.export_csv(), csv);
    let e = fails(t.import_csv("x1,x2,label\n1,2,1\n3,oops,0\n".into()), "csvNumber", "x2");
    assert_eq!((num(&e, "line"), num(&e, "column"), text(&e, "value")), (3.0, 2.0, "oops".into()));
    fails(t.import_csv("1,2,7\n".into()), "csvLabel", "label");
    fails(t.import_csv("".into()), "csvEmpty", "");
    assert_eq!(t.export_csv(), csv, "a failed import keeps the points");
    t.import_csv("1,1,1\n-1,-1,0\n2,2,1,test\n".into()).unwrap();
    assert_eq!(js_sys::Int8Array::from(get(&t.points(), "label")).to_vec(), vec![1, -1, 1]);
}

#[wasm_bindgen_test]
fn exported_state_continues_bit_identically() {
    let mut a = trainer("{ seed: 16, hidden: [5, 3], optimizer: 'adam', batchSize: 7, trainRatio: 1 }");
    a.step_epochs(n(3.0)).unwrap();
    a.step_samples(n(5.0)).unwrap();
    let json = a.export_state();
    let mut b = Trainer::from_state(json.clone().into()).unwrap();
    assert_eq!(b.export_state(), json);
    a.step_epochs(n(4.0)).unwrap();
    b.step_epochs(n(4.0)).unwrap();
    assert_eq!(a.export_state(), b.export_state());
    let bits = |t: &Trainer| t.loss_history().to_vec().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a), bits(&b));
}

#[wasm_bindgen_test]
fn malformed_state_is_rejected_naming_what_is_wrong() {
    let t = trainer("{ seed: 17 }");
    let json = t.export_state();
    fails(Trainer::from_state("{ not json".into()), "stateJson", "state");
    fails(Trainer::from_state("[]".into()), "stateInvalid", "state");
    let e = fails(Trainer::from_state(json.replace("\"params\"", "\"parameters\"").into()), "stateInvalid", "params");
    assert_eq!(text(&e, "detail"), "is missing");
    let short = js(&json);
    let params: js_sys::Array = get(&short, "params").dyn_into().unwrap();
    params.pop();
    let text_json = String::from(js_sys::JSON::stringify(&short).unwrap());
    fails(Trainer::from_state(text_json.into()), "stateInvalid", "params");
    let bad_cfg = json.replace("\"learningRate\":0.03", "\"learningRate\":-2");
    fails(Trainer::from_state(bad_cfg.into()), "range", "config.learningRate");
    let history = json.replace("\"history\":[", "\"history\":[\"x\",");
    fails(Trainer::from_state(history.into()), "stateInvalid", "history[0]");
}

#[wasm_bindgen_test]
fn divergence_is_data_not_nans() {
    let mut t = trainer("{ seed: 18, model: 'adaline', learningRate: 10 }");
    let loss = t.step_epochs(n(50.0)).unwrap();
    let m = t.metrics().unwrap();
    let d = get(&m, "divergence");
    assert!(d.is_object(), "metrics carry the divergence");
    assert!(t.diverged(), "the getter agrees");
    assert!(["weight", "batchLoss", "trainLoss"].contains(&text(&d, "cause").as_str()));
    assert!(["NaN", "Infinity", "-Infinity"].contains(&text(&d, "value").as_str()));
    assert_eq!(num(&d, "learningRate"), 10.0);
    assert!(num(&d, "iteration") > 0.0);
    assert!(loss.is_finite());
    // The weights went back to the newest finite ones on the path, not to the initial ones.
    let initial = trainer("{ seed: 18, model: 'adaline', learningRate: 10 }").export_state();
    let params = |json: &str| js_sys::Array::from(&get(&js(json), "params")).to_vec();
    let now = params(&t.export_state());
    assert_ne!(now, params(&initial), "rolled back to the initial weights");
    let path = t.parameter_path(n(0.0), n(1.0)).unwrap().to_vec();
    assert_eq!((path[path.len() - 2], path[path.len() - 1]), (now[0].as_f64().unwrap(), now[1].as_f64().unwrap()));
    assert!(t.predict_grid(n(10.0)).unwrap().to_vec().iter().all(|v| v.is_finite()));
    let saved = js(&t.export_state());
    assert_eq!(text(&get(&saved, "divergence"), "cause"), text(&d, "cause"), "saved state keeps it");
}

/// The same configs as `tests/determinism.rs`, through the JS API in Firefox, must give the
/// bit patterns the native run stored in the shared fixture. A determinism check (wasm ==
/// native), not a correctness check; `scripts/update-fixtures.sh` regenerates the fixture.
#[wasm_bindgen_test]
fn loss_history_equals_the_native_run_bit_for_bit() {
    let fixture = js(include_str!("fixtures/history.json"));
    let cases = js_sys::Array::from(&fixture);
    assert_eq!(cases.length(), 3);
    for case in cases.iter() {
        let mut t = Trainer::new(get(&case, "config")).unwrap();
        t.step_epochs(get(&case, "epochs")).unwrap();
        let got: Vec<String> = t.loss_history().to_vec().iter().map(|v| format!("{:016x}", v.to_bits())).collect();
        let want: Vec<String> =
            js_sys::Array::from(&get(&case, "history")).iter().map(|v| v.as_string().unwrap()).collect();
        assert_eq!(got, want);
    }
}

#[wasm_bindgen_test]
fn activation_curves_come_with_their_derivatives() {
    let c = Trainer::activation_curve("sigmoid".into(), n(0.01), n(-2.0), n(2.0), n(5.0)).unwrap().to_vec();
    assert_eq!(c.len(), 10);
    assert_eq!(c[2], 0.5);
    assert_eq!(c[7], 0.25);
    let r = Trainer::activation_curve("leakyRelu".into(), n(0.1), n(-1.0), n(1.0), n(3.0)).unwrap().to_vec();
    assert_eq!(r, vec![-0.1, 0.0, 1.0, 0.1, 0.1, 1.0]);
    fails(Trainer::activation_curve("swish".into(), n(0.01), n(-1.0), n(1.0), n(3.0)), "choice", "name");
    fails(Trainer::activation_curve("tanh".into(), n(0.01), n(1.0), n(-1.0), n(3.0)), "order", "to");
    fails(Trainer::activation_curve("tanh".into(), n(1.0), n(-1.0), n(1.0), n(3.0)), "range", "leakyAlpha");
}

#[wasm_bindgen_test]
fn loss_curves_are_drawn_against_the_margin() {
    let h = Trainer::loss_curve("hinge".into(), n(-1.0), n(2.0), n(4.0)).unwrap().to_vec();
    assert_eq!(h, vec![2.0, 1.0, 0.0, 0.0]);
    let p = Trainer::loss_curve("perceptron".into(), n(-1.0), n(2.0), n(4.0)).unwrap().to_vec();
    assert_eq!(p, vec![1.0, 0.0, 0.0, 0.0]);
    fails(Trainer::loss_curve("zeroOne".into(), n(-1.0), n(1.0), n(3.0)), "choice", "name");
    fails(Trainer::loss_curve("mse".into(), n(1.0), n(-1.0), n(3.0)), "order", "to");
    fails(Trainer::loss_curve("mse".into(), n(-1.0), n(1.0), n(1.0)), "range", "n");
}

#[wasm_bindgen_test]
fn next_sample_is_a_training_point_and_peeking_changes_nothing() {
    let t = trainer("{ seed: 2, points: 40, trainRatio: 0.5, batchSize: 1 }");
    let i = t.next_sample().expect("a training point") as usize;
    assert_eq!(t.next_sample(), Some(i as u32));
    assert!(i < 40);
    assert_eq!(t.samples_seen(), 0.0);
}

/// The pages build their controls from the schema: every field the trainer reports must be
/// in it, in the same order, and every error code listed.
#[wasm_bindgen_test]
fn the_schema_lists_every_config_field_the_trainer_reports() {
    let schema = Trainer::schema().unwrap();
    let fields: Vec<String> = js_sys::Array::from(&get(&schema, "fields")).iter().map(|f| text(&f, "name")).collect();
    let t = trainer("{ seed: 1 }");
    let keys: Vec<String> =
        js_sys::Object::keys(&t.config().unwrap().into()).iter().map(|k| k.as_string().unwrap()).collect();
    assert_eq!(fields, keys);
    let points = js_sys::Array::from(&get(&schema, "fields")).get(1);
    assert_eq!((text(&points, "type"), num(&points, "max")), ("number".into(), 2000.0));
    let codes = js_sys::Array::from(&get(&schema, "errorCodes"));
    assert!(codes.includes(&"csvNumber".into(), 0) && codes.includes(&"freed".into(), 0));
    let limits = get(&schema, "limits");
    assert_eq!((num(&limits, "maxUnits"), num(&limits, "maxHiddenLayers")), (16.0, 6.0));
}
