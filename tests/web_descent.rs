//! Browser tests of the `Descent` boundary, run by `wasm-pack test --headless --firefox`.
#![cfg(target_arch = "wasm32")]

mod support;

use dl_playground::Descent;
use support::{fails, get, js};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn surfaces_are_listed_with_their_minima() {
    let list = js_sys::Array::from(&Descent::surfaces().unwrap());
    assert_eq!(list.length(), 6);
    let names: Vec<String> = list.iter().map(|s| get(&s, "name").as_string().unwrap()).collect();
    assert_eq!(names, ["bowl", "ravine", "rosenbrock", "minima", "plateau", "saddle"]);
    let minima = js_sys::Array::from(&get(&list.get(3), "minima"));
    assert_eq!(minima.length(), 4);
    assert_eq!(js_sys::Array::from(&get(&list.get(2), "box")).length(), 4);
}

#[wasm_bindgen_test]
fn evaluate_gives_value_and_gradient() {
    let r = Descent::evaluate("ravine", 2.0, 1.0).unwrap();
    assert_eq!(get(&r, "value").as_f64(), Some(0.05 * 4.0 + 5.0));
    let g = js_sys::Array::from(&get(&r, "gradient"));
    assert_eq!((g.get(0).as_f64(), g.get(1).as_f64()), (Some(0.2), Some(10.0)));
    fails(Descent::evaluate("valley", 0.0, 0.0), &["surface", "valley", "rosenbrock"]);
    fails(Descent::evaluate("bowl", f64::NAN, 0.0), &["x", "NaN"]);
}

#[wasm_bindgen_test]
fn a_race_steps_every_optimizer_and_reports_it() {
    let mut d = Descent::new(js("{ surface: 'ravine', start: [-4, 2], optimizers: [{ kind: 'sgd', learningRate: 0.1 }, { kind: 'momentum', learningRate: 0.1, momentum: 0.9 }, { kind: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }] }")).unwrap();
    d.step(10.0).unwrap();
    let paths = d.paths();
    assert_eq!(paths.length(), 3);
    for p in paths.iter() {
        assert_eq!(p.dyn_into::<js_sys::Float64Array>().unwrap().length(), 22);
    }
    let status = js_sys::Array::from(&d.status().unwrap());
    let adam = status.get(2);
    assert_eq!(get(&adam, "steps").as_f64(), Some(10.0));
    assert_eq!(get(&adam, "label").as_string().unwrap(), "adam 0.1");
    assert!(get(&adam, "v").is_object() && get(&adam, "m").is_object());
    assert_eq!(d.grid(8.0).unwrap().length(), 64);
    d.set_start(1.0, 1.0).unwrap();
    assert_eq!(
        js_sys::Array::from(&d.paths()).get(0).dyn_into::<js_sys::Float64Array>().unwrap().to_vec(),
        vec![1.0, 1.0]
    );
    d.step(3.0).unwrap();
    d.reset();
    assert_eq!(get(&js_sys::Array::from(&d.status().unwrap()).get(0), "steps").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn divergence_on_the_bowl_is_reported() {
    let mut d = Descent::new(js("{ surface: 'bowl', optimizers: [{ learningRate: 1.05 }] }")).unwrap();
    d.step(100.0).unwrap();
    let s = js_sys::Array::from(&d.status().unwrap()).get(0);
    assert_eq!(get(&s, "diverged").as_bool(), Some(true));
    assert_eq!(get(&s, "leftBox").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn bad_configs_name_the_field_and_nothing_panics() {
    fails(Descent::new(js("{ surface: 'hill' }")), &["surface", "hill"]);
    fails(Descent::new(js("{ optimizers: [{ kind: 'adamw' }] }")), &["optimizers[0]", "adamw"]);
    fails(Descent::new(js("{ optimizers: [{ kind: 'sgd', lr: 0.1 }] }")), &["optimizers[0].lr", "unknown field"]);
    fails(Descent::new(js("{ optimizers: [{ learningRate: 0 }] }")), &["optimizers[0].learningRate", "0"]);
    fails(Descent::new(js("{ optimizers: [{ kind: 'rmsprop', alpha: 1 }] }")), &["optimizers[0].alpha", "1"]);
    fails(Descent::new(js("{ optimizers: [] }")), &["optimizers", "0"]);
    fails(Descent::new(js("{ start: [50, 0] }")), &["start", "50"]);
    fails(Descent::new(js("{ start: 'here' }")), &["start", "here"]);
    fails(Descent::new(js("{ speed: 3 }")), &["speed", "unknown field"]);
    let mut d = Descent::new(JsValue::UNDEFINED).unwrap();
    fails(d.step(-1.0), &["n", "-1"]);
    fails(d.grid(0.0), &["res", "0"]);
    fails(d.set_start(0.0, 99.0), &["start", "99"]);
    d.step(1.0).unwrap();
}
