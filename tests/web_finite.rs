//! The engine's invariant through the JS API in Firefox (the native sweep is tests/finite.rs):
//! every number handed out for drawing is finite, or the run reports a divergence.
#![cfg(target_arch = "wasm32")]

mod support;

use dl_playground::{Descent, Trainer};
use support::{get, js, n};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every number a page draws from `t`, non-finite ones named.
fn non_finite(t: &mut Trainer) -> Vec<String> {
    let mut bad = Vec::new();
    let mut check = |what: &str, values: Vec<f64>| {
        if let Some(v) = values.into_iter().find(|v| !v.is_finite()) {
            bad.push(format!("{what} {v}"));
        }
    };
    check("predictGrid", t.predict_grid(n(12.0)).unwrap().to_vec().into_iter().map(f64::from).collect());
    check("neuronGrids", t.neuron_grids(n(6.0)).unwrap().to_vec().into_iter().map(f64::from).collect());
    let m = t.metrics().unwrap();
    check(
        "metrics",
        ["trainLoss", "testLoss", "trainAccuracy", "testAccuracy"]
            .iter()
            .map(|k| get(&m, k).as_f64().unwrap_or(f64::NAN))
            .collect(),
    );
    check("gradientNorms", t.gradient_norms().to_vec());
    check("history", t.loss_history().to_vec().into_iter().chain(t.accuracy_history().to_vec()).collect());
    let weights = js_sys::JSON::stringify(&t.weights().unwrap()).unwrap().as_string().unwrap();
    if weights.contains("null") {
        bad.push("weights null".into());
    }
    bad
}

#[wasm_bindgen_test]
fn every_drawing_value_is_finite_or_the_run_has_diverged() {
    let (mut checks, mut diverged, mut failures) = (0, 0, Vec::new());
    for seed in [1, 2] {
        for lr in [0.03, 10.0, 1e100] {
            for optimizer in ["sgd", "adam"] {
                for activation in ["step", "linear", "sigmoid", "tanh", "relu", "leakyRelu"] {
                    for loss in ["mse", "crossEntropy", "perceptron", "hinge"] {
                        let cfg = format!(
                            "{{ seed: {seed}, points: 40, learningRate: {lr}, optimizer: '{optimizer}', activation: '{activation}', loss: '{loss}', hidden: [6, 6] }}"
                        );
                        let mut t = Trainer::new(js(&cfg)).unwrap();
                        for _ in 0..4 {
                            t.step_epochs(n(1.0)).unwrap();
                            checks += 1;
                            let bad = non_finite(&mut t);
                            if !bad.is_empty() {
                                failures.push(format!("{cfg} diverged={}: {bad:?}", t.diverged()));
                            }
                        }
                        diverged += usize::from(t.diverged());
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checks}: {:?}", failures.len(), &failures[..failures.len().min(5)]);
    assert!(diverged > 20, "the sweep reaches the hostile corner: {diverged} runs diverged");
}

#[wasm_bindgen_test]
fn the_lab_at_huge_learning_rates_is_finite() {
    for surface in ["bowl", "ravine", "rosenbrock", "minima", "plateau", "saddle"] {
        let cfg = format!("{{ surface: '{surface}', optimizers: [{{ learningRate: 1e6 }}, {{ kind: 'adam', learningRate: 1e300 }}, {{ kind: 'momentum', learningRate: 1e100 }}] }}");
        let mut d = Descent::new(js(&cfg)).unwrap();
        d.step(n(40.0)).unwrap();
        let text = js_sys::JSON::stringify(&d.status().unwrap()).unwrap().as_string().unwrap();
        assert!(!text.contains("null"), "{surface}: {text}");
        for p in d.paths().iter() {
            let p: js_sys::Float64Array = p.into();
            assert!(p.to_vec().iter().all(|v| v.is_finite()), "{surface}");
        }
    }
}
