//! Browser tests of the `Trainer` boundary, run by `wasm-pack test --headless --firefox`.
//! Every member, every error path, state round-trips and native == wasm determinism.
#![cfg(target_arch = "wasm32")]

mod support;

use dl_playground::Trainer;
use support::{fails, get, js, num};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn trainer(code: &str) -> Trainer {
    Trainer::new(js(code)).expect("valid config")
}

#[wasm_bindgen_test]
fn runs_in_a_real_browser() {
    let window = web_sys::window().expect("a browser window");
    assert!(window.performance().expect("performance").now() > 0.0);
}

#[wasm_bindgen_test]
fn constructor_takes_a_plain_object_or_nothing() {
    let t = Trainer::new(JsValue::UNDEFINED).unwrap();
    assert_eq!(num(&t.config().unwrap(), "seed"), t.seed() as f64, "a random seed is picked and reported");
    let t = trainer("{ dataset: 'circle', points: 120, noise: 0.05, seed: 9, model: 'mlp', hidden: [3, 2], activation: 'relu', loss: 'hinge', optimizer: 'rmsprop', learningRate: 0.01, batchSize: 4, regularization: 'l2', regularizationRate: 0.001, alpha: 0.9, epsilon: 1e-6 }");
    assert_eq!(t.seed(), 9);
    let cfg = t.config().unwrap();
    assert_eq!(get(&cfg, "dataset").as_string().unwrap(), "circle");
    assert_eq!(num(&cfg, "alpha"), 0.9);
    assert_eq!(t.layer_sizes().to_vec(), vec![2, 3, 2, 1]);
    assert_eq!(t.batch_size(), 4.0);
}

#[wasm_bindgen_test]
fn constructor_errors_name_the_field_and_the_value() {
    fails(Trainer::new(js("{ pionts: 10 }")), &["pionts", "unknown field"]);
    fails(Trainer::new(js("{ points: 'many' }")), &["points", "many"]);
    fails(Trainer::new(js("{ points: 5000 }")), &["points", "5000"]);
    fails(Trainer::new(js("{ learningRate: -1 }")), &["learningRate", "-1"]);
    fails(Trainer::new(js("{ dataset: 'swirl' }")), &["dataset", "swirl", "spiral"]);
    fails(Trainer::new(js("{ optimizer: 'adamw' }")), &["optimizer", "adamw", "adam"]);
    fails(Trainer::new(js("{ hidden: [4, 40] }")), &["hidden", "40"]);
    fails(Trainer::new(js("{ seed: -3 }")), &["seed", "-3"]);
    fails(Trainer::new(js("[1, 2]")), &["config", "plain object"]);
    fails(Trainer::new(js("42")), &["config", "42"]);
    // The module is still alive afterwards.
    assert!(Trainer::new(js("{ seed: 1 }")).is_ok());
}

#[wasm_bindgen_test]
fn stepping_moves_the_counters_by_sample_batch_and_epoch() {
    let mut t = trainer("{ seed: 2, points: 100, trainRatio: 0.5, batchSize: 10 }");
    assert_eq!(t.iterations_per_epoch(), 5.0);
    let loss = t.step_samples(3.0).unwrap();
    assert_eq!((t.samples_seen(), t.iteration(), t.epoch(), t.batch_progress()), (3.0, 0.0, 0.0, 3.0));
    assert_eq!(loss, num(&t.metrics().unwrap(), "trainLoss"));
    t.step_batches(1.0).unwrap();
    assert_eq!((t.samples_seen(), t.iteration(), t.batch_progress()), (10.0, 1.0, 0.0));
    // Runs until two more epochs have ended: the rest of epoch 1, then epoch 2.
    t.step_epochs(2.0).unwrap();
    assert_eq!((t.samples_seen(), t.iteration(), t.epoch(), t.epoch_progress()), (100.0, 10.0, 2.0, 0.0));
    assert_eq!(t.loss_history().length(), 6, "epochs 0, 1, 2: train and test each");
}

#[wasm_bindgen_test]
fn bad_step_counts_throw_and_change_nothing() {
    let mut t = trainer("{ seed: 2 }");
    for bad in [-1.0, 1.5, f64::NAN, 1e12] {
        fails(t.step_epochs(bad), &["n", &format!("{bad}")]);
        fails(t.step_batches(bad), &["n"]);
        fails(t.step_samples(bad), &["n"]);
    }
    assert_eq!((t.samples_seen(), t.epoch()), (0.0, 0.0));
}

#[wasm_bindgen_test]
fn metrics_and_history_report_both_sets() {
    let mut t = trainer("{ seed: 3, trainRatio: 0.5 }");
    t.step_epochs(3.0).unwrap();
    let m = t.metrics().unwrap();
    for k in ["trainLoss", "testLoss", "trainAccuracy", "testAccuracy"] {
        assert!(num(&m, k).is_finite(), "{k}");
    }
    assert_eq!(get(&m, "diverged").as_bool(), Some(false));
    assert!(!t.diverged());
    assert_eq!(get(&m, "message").as_string().unwrap(), "");
    let h = t.loss_history().to_vec();
    assert_eq!(h.len(), 8);
    assert_eq!(h[6], num(&m, "trainLoss"));
    assert_eq!(h[7], num(&m, "testLoss"));
    let acc = t.accuracy_history().to_vec();
    assert_eq!(acc.len(), 8);
    assert_eq!((acc[6], acc[7]), (num(&m, "trainAccuracy"), num(&m, "testAccuracy")));
    let mut all_train = trainer("{ seed: 3, trainRatio: 1 }");
    assert!(get(&all_train.metrics().unwrap(), "testLoss").is_null());
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
    let g = t.predict_grid(20.0).unwrap().to_vec();
    assert_eq!(g.len(), 400);
    assert!(g.iter().all(|p| (0.0..=1.0).contains(p)));
    let n = t.neuron_grids(10.0).unwrap();
    assert_eq!(n.length(), 5 * 100);
    for bad in [0.0, 513.0, 2.5, -1.0] {
        fails(t.predict_grid(bad), &["res"]);
        fails(t.neuron_grids(bad), &["res"]);
    }
    let mut single = trainer("{ seed: 5, model: 'logistic' }");
    assert_eq!(single.neuron_grids(10.0).unwrap().length(), 0);
}

#[wasm_bindgen_test]
fn weights_norms_and_dead_units_have_one_entry_per_layer() {
    let mut t = trainer("{ seed: 6, hidden: [4, 3], activation: 'relu' }");
    t.step_batches(1.0).unwrap();
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
    let tr = t.trace(0.0).unwrap();
    let inputs = js_sys::Array::from(&get(&tr, "inputs"));
    let layer = js_sys::Array::from(&get(&tr, "layers")).get(0);
    let w = js_sys::Array::from(&js_sys::Array::from(&get(&layer, "w")).get(0));
    let b = js_sys::Array::from(&get(&layer, "b")).get(0).as_f64().unwrap();
    let (x1, x2) = (inputs.get(0).as_f64().unwrap(), inputs.get(1).as_f64().unwrap());
    let z = w.get(0).as_f64().unwrap() * x1 + w.get(1).as_f64().unwrap() * x2 + b;
    assert!((z - num(&tr, "outputZ")).abs() < 1e-12);
    assert_eq!(get(&tr, "lossName").as_string().unwrap(), "perceptron");
    assert!(get(&layer, "updateW").is_object() && get(&layer, "gradB").is_object());
    fails(t.trace(200.0), &["i", "200", "0..=199"]);
    fails(t.trace(-1.0), &["i", "-1"]);
}

#[wasm_bindgen_test]
fn landscape_and_path_follow_two_parameters() {
    let mut t = trainer("{ seed: 9, model: 'logistic' }");
    t.step_batches(7.0).unwrap();
    let g = t.landscape(0.0, 1.0, 11.0, 0.5).unwrap().to_vec();
    assert_eq!(g.len(), 121);
    assert!((g[60] - num(&t.metrics().unwrap(), "trainLoss")).abs() < 1e-12, "centre = current loss");
    let b = t.landscape_box(0.0, 2.0, 5.0, vec![-1.0, 1.0, -2.0, 2.0]).unwrap();
    assert_eq!(b.length(), 25);
    let path = t.parameter_path(0.0, 1.0).unwrap().to_vec();
    assert_eq!(path.len(), 2 * 8);
    fails(t.landscape(0.0, 3.0, 11.0, 0.5), &["q", "3"]);
    fails(t.landscape(1.0, 1.0, 11.0, 0.5), &["q", "differ"]);
    fails(t.landscape(0.0, 1.0, 11.0, 0.0), &["span", "0"]);
    fails(t.landscape_box(0.0, 1.0, 5.0, vec![1.0, 0.0, 0.0, 1.0]), &["box"]);
    fails(t.landscape_box(0.0, 1.0, 5.0, vec![1.0]), &["box", "1 numbers"]);
    fails(t.parameter_path(7.0, 0.0), &["p", "7"]);
}

#[wasm_bindgen_test]
fn set_config_says_what_it_reset_and_rejects_bad_values() {
    let mut t = trainer("{ seed: 10 }");
    t.step_epochs(2.0).unwrap();
    let c = t.set_config(js("{ learningRate: 0.1, optimizer: 'adam', batchSize: 3 }")).unwrap();
    assert_eq!((get(&c, "dataReset").as_bool(), get(&c, "weightsReset").as_bool()), (Some(false), Some(false)));
    assert_eq!(t.epoch(), 2.0);
    let c = t.set_config(js("{ hidden: [2, 2] }")).unwrap();
    assert_eq!(get(&c, "weightsReset").as_bool(), Some(true));
    assert_eq!(t.epoch(), 0.0);
    let c = t.set_config(js("{ dataset: 'moons' }")).unwrap();
    assert_eq!(get(&c, "dataReset").as_bool(), Some(true));
    let before = t.export_state().unwrap();
    fails(t.set_config(js("{ batchSize: 0 }")), &["batchSize", "0"]);
    fails(t.set_config(js("{ activation: 'swish' }")), &["activation", "swish"]);
    fails(t.set_config(js("{ lr: 0.1 }")), &["lr", "unknown field"]);
    fails(t.set_config(JsValue::UNDEFINED), &["config"]);
    assert_eq!(t.export_state().unwrap(), before, "a rejected change changes nothing");
    t.set_config(js("{ learningRate: undefined, noise: 0.2 }")).unwrap();
    assert_eq!(num(&t.config().unwrap(), "learningRate"), 0.1, "undefined means not given");
}

#[wasm_bindgen_test]
fn reset_restarts_and_a_new_seed_regenerates() {
    let mut t = trainer("{ seed: 12 }");
    let first = t.predict_grid(8.0).unwrap().to_vec();
    let points = t.points();
    t.step_epochs(3.0).unwrap();
    t.reset(None).unwrap();
    assert_eq!(t.epoch(), 0.0);
    assert_eq!(t.predict_grid(8.0).unwrap().to_vec(), first, "same seed, same initial weights");
    t.reset(Some(13.0)).unwrap();
    assert_eq!(t.seed(), 13);
    let x_before: js_sys::Float64Array = get(&points, "x").dyn_into().unwrap();
    let x_after: js_sys::Float64Array = get(&t.points(), "x").dyn_into().unwrap();
    assert_ne!(x_before.to_vec(), x_after.to_vec());
    fails(t.reset(Some(-1.0)), &["seed", "-1"]);
    fails(t.reset(Some(5e9)), &["seed"]);
}

#[wasm_bindgen_test]
fn points_can_be_added_and_removed() {
    let mut t = trainer("{ seed: 14, points: 10, trainRatio: 0.5 }");
    t.add_point(1.0, -2.0, 0.0).unwrap();
    assert_eq!(js_sys::Int8Array::from(get(&t.points(), "label")).get_index(10), -1);
    assert!(t.edited());
    fails(t.add_point(7.0, 0.0, 1.0), &["x", "7"]);
    fails(t.add_point(0.0, f64::NAN, 1.0), &["y", "NaN"]);
    fails(t.add_point(0.0, 0.0, 2.0), &["label", "2"]);
    t.remove_point(10.0).unwrap();
    fails(t.remove_point(10.0), &["i", "10", "0..=9"]);
    fails(t.remove_point(-2.0), &["i", "-2"]);
    // Remove training points until one is left; the last one cannot go.
    let mut t = trainer("{ seed: 14, points: 2, trainRatio: 0.5 }");
    let test = js_sys::Uint8Array::from(get(&t.points(), "isTest")).to_vec();
    let train_index = test.iter().position(|&v| v == 0).unwrap();
    fails(t.remove_point(train_index as f64), &["last training point"]);
}

#[wasm_bindgen_test]
fn csv_round_trips_and_bad_lines_are_named() {
    let mut t = trainer("{ seed: 15, points: 30 }");
    let csv = t.export_csv();
    assert!(csv.starts_with("x1,x2,label,set\n"));
    t.import_csv(&csv).unwrap();
    assert_eq!(t.export_csv(), csv);
    fails(t.import_csv("x1,x2,label\n1,2,1\n3,oops,0\n"), &["line 3", "oops"]);
    fails(t.import_csv("1,2,7\n"), &["line 1", "7"]);
    fails(t.import_csv(""), &["no points"]);
    assert_eq!(t.export_csv(), csv, "a failed import keeps the points");
    t.import_csv("1,1,1\n-1,-1,0\n2,2,1,test\n").unwrap();
    assert_eq!(js_sys::Int8Array::from(get(&t.points(), "label")).to_vec(), vec![1, -1, 1]);
}

#[wasm_bindgen_test]
fn exported_state_continues_bit_identically() {
    let mut a = trainer("{ seed: 16, hidden: [5, 3], optimizer: 'adam', batchSize: 7, trainRatio: 1 }");
    a.step_epochs(3.0).unwrap();
    a.step_samples(5.0).unwrap();
    let json = a.export_state().unwrap();
    let mut b = Trainer::from_state(&json).unwrap();
    assert_eq!(b.export_state().unwrap(), json);
    a.step_epochs(4.0).unwrap();
    b.step_epochs(4.0).unwrap();
    assert_eq!(a.export_state().unwrap(), b.export_state().unwrap());
    let bits = |t: &Trainer| t.loss_history().to_vec().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a), bits(&b));
}

#[wasm_bindgen_test]
fn malformed_state_is_rejected_naming_what_is_wrong() {
    let t = trainer("{ seed: 17 }");
    let json = t.export_state().unwrap();
    fails(Trainer::from_state("{ not json"), &["state", "not JSON"]);
    fails(Trainer::from_state("[]"), &["state"]);
    fails(Trainer::from_state(&json.replace("\"params\"", "\"parameters\"")), &["state", "params"]);
    let short = js(&json);
    let params: js_sys::Array = get(&short, "params").dyn_into().unwrap();
    params.pop();
    let text = String::from(js_sys::JSON::stringify(&short).unwrap());
    fails(Trainer::from_state(&text), &["params", "17"]);
    let bad_cfg = json.replace("\"learningRate\":0.03", "\"learningRate\":-2");
    fails(Trainer::from_state(&bad_cfg), &["learningRate", "-2"]);
}

#[wasm_bindgen_test]
fn divergence_is_a_state_with_a_message_not_nans() {
    let mut t = trainer("{ seed: 18, model: 'adaline', learningRate: 10 }");
    let loss = t.step_epochs(50.0).unwrap();
    let m = t.metrics().unwrap();
    assert_eq!(get(&m, "diverged").as_bool(), Some(true));
    assert!(t.diverged(), "the getter agrees");
    let msg = get(&m, "message").as_string().unwrap();
    assert!(msg.contains("diverged") && msg.contains("10"), "{msg}");
    assert!(loss.is_finite());
    assert!(t.predict_grid(10.0).unwrap().to_vec().iter().all(|v| v.is_finite()));
}

/// The same configs as `tests/determinism.rs`, through the JS API in Firefox, must give the
/// bit patterns the native run stored in the shared fixture.
#[wasm_bindgen_test]
fn loss_history_equals_the_native_run_bit_for_bit() {
    let fixture = js(include_str!("fixtures/history.json"));
    let cases = js_sys::Array::from(&fixture);
    assert_eq!(cases.length(), 3);
    for case in cases.iter() {
        let mut t = Trainer::new(get(&case, "config")).unwrap();
        t.step_epochs(num(&case, "epochs")).unwrap();
        let got: Vec<String> = t.loss_history().to_vec().iter().map(|v| format!("{:016x}", v.to_bits())).collect();
        let want: Vec<String> =
            js_sys::Array::from(&get(&case, "history")).iter().map(|v| v.as_string().unwrap()).collect();
        assert_eq!(got, want);
    }
}

#[wasm_bindgen_test]
fn activation_curves_come_with_their_derivatives() {
    let c = Trainer::activation_curve("sigmoid", 0.01, -2.0, 2.0, 5.0).unwrap().to_vec();
    assert_eq!(c.len(), 10);
    assert_eq!(c[2], 0.5);
    assert_eq!(c[7], 0.25);
    let r = Trainer::activation_curve("leakyRelu", 0.1, -1.0, 1.0, 3.0).unwrap().to_vec();
    assert_eq!(r, vec![-0.1, 0.0, 1.0, 0.1, 0.1, 1.0]);
    fails(Trainer::activation_curve("swish", 0.01, -1.0, 1.0, 3.0), &["activation", "swish"]);
    fails(Trainer::activation_curve("tanh", 0.01, 1.0, -1.0, 3.0), &["from"]);
}
