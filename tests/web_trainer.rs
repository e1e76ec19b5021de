//! Browser tests of the wasm boundary, run by `wasm-pack test --headless --firefox`.
#![cfg(target_arch = "wasm32")]

use dl_playground::Trainer;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn config(js: &str) -> JsValue {
    js_sys::eval(&format!("({js})")).expect("test config is valid JS")
}

fn error_message(v: JsValue) -> String {
    v.dyn_into::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default()
}

#[wasm_bindgen_test]
fn runs_in_a_real_browser() {
    let window = web_sys::window().expect("a browser window");
    assert!(window.performance().expect("performance").now() > 0.0);
}

#[wasm_bindgen_test]
fn accepts_a_plain_config_object() {
    let t = Trainer::new(config("{ points: 120, noise: 0.05, seed: 9, learningRate: 0.1 }")).unwrap();
    assert_eq!(t.seed(), 9);
    assert_eq!(t.points_x().len(), 240);
    assert_eq!(t.points_label().len(), 120);
    assert_eq!(t.epoch(), 0);
}

#[wasm_bindgen_test]
fn bad_config_is_a_js_error_not_a_panic() {
    let err = Trainer::new(config("{ learningRate: -1 }")).err().expect("rejected");
    let msg = error_message(err.into());
    assert!(msg.contains("learningRate") && msg.contains("-1"), "{msg}");
    let err = Trainer::new(config("{ pionts: 10 }")).err().expect("unknown field rejected");
    assert!(error_message(err.into()).contains("pionts"));
    // The module is still alive: a good config works afterwards.
    assert!(Trainer::new(config("{ seed: 1 }")).is_ok());
}

#[wasm_bindgen_test]
fn a_step_changes_the_loss() {
    let mut t = Trainer::new(config("{ seed: 4 }")).unwrap();
    let before = t.loss();
    let after = t.step_epochs(1);
    assert_eq!(t.epoch(), 1);
    assert!(after.is_finite() && after != before, "{before} -> {after}");
}

#[wasm_bindgen_test]
fn predict_grid_is_probabilities() {
    let t = Trainer::new(config("{ seed: 2 }")).unwrap();
    let g = t.predict_grid(16);
    assert_eq!(g.len(), 256);
    assert!(g.iter().all(|p| (0.0..=1.0).contains(p)));
}

#[wasm_bindgen_test]
fn a_wrong_type_names_the_field_and_value() {
    let err = Trainer::new(config("{ points: 'many' }")).err().expect("rejected");
    let msg = error_message(err.into());
    assert!(msg.contains("points") && msg.contains("many"), "{msg}");
}
