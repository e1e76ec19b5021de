//! Browser tests of the `Descent` boundary, run by `wasm-pack test --headless --firefox`.
#![cfg(target_arch = "wasm32")]

mod support;

use dl_playground::Descent;
use support::{fails, get, js, n, num, text};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn surfaces_are_listed_with_their_minima() {
    let list = js_sys::Array::from(&Descent::surfaces().unwrap());
    assert_eq!(list.length(), 6);
    let names: Vec<String> = list.iter().map(|s| text(&s, "name")).collect();
    assert_eq!(names, ["bowl", "ravine", "rosenbrock", "minima", "plateau", "saddle"]);
    let minima = js_sys::Array::from(&get(&list.get(3), "minima"));
    assert_eq!(minima.length(), 4);
    assert_eq!(js_sys::Array::from(&get(&list.get(2), "box")).length(), 4);
}

#[wasm_bindgen_test]
fn evaluate_gives_value_and_gradient() {
    let r = Descent::evaluate("ravine".into(), n(2.0), n(1.0)).unwrap();
    assert_eq!(get(&r, "value").as_f64(), Some(0.05 * 4.0 + 5.0));
    let g = js_sys::Array::from(&get(&r, "gradient"));
    assert_eq!((g.get(0).as_f64(), g.get(1).as_f64()), (Some(0.2), Some(10.0)));
    let e = fails(Descent::evaluate("valley".into(), n(0.0), n(0.0)), "choice", "name");
    assert!(js_sys::Array::from(&get(&e, "values")).includes(&"rosenbrock".into(), 0));
    fails(Descent::evaluate("bowl".into(), n(f64::NAN), n(0.0)), "range", "x");
    fails(Descent::evaluate("bowl".into(), "1".into(), n(0.0)), "type", "x");
}

#[wasm_bindgen_test]
fn a_race_steps_every_optimizer_and_reports_it() {
    let mut d = Descent::new(js("{ surface: 'ravine', start: [-4, 2], optimizers: [{ kind: 'sgd', learningRate: 0.1 }, { kind: 'momentum', learningRate: 0.1, momentum: 0.9 }, { kind: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }] }")).unwrap();
    d.step(n(10.0)).unwrap();
    let paths = d.paths();
    assert_eq!(paths.length(), 3);
    for p in paths.iter() {
        assert_eq!(p.dyn_into::<js_sys::Float64Array>().unwrap().length(), 22);
    }
    let status = js_sys::Array::from(&d.status().unwrap());
    let adam = status.get(2);
    assert_eq!(num(&adam, "steps"), 10.0);
    assert_eq!(text(&adam, "label"), "adam 0.1");
    assert_eq!(text(&adam, "state"), "running");
    // SGD at lr 0.1 on 0.05·x² + 5·y² multiplies x by 0.99 per step and sends y to 0 at once.
    let sgd = status.get(0);
    let pos = js_sys::Array::from(&get(&sgd, "position")).to_vec();
    let x = -4.0 * 0.99f64.powi(10);
    assert!((pos[0].as_f64().unwrap() - x).abs() < 1e-12 && pos[1].as_f64() == Some(0.0), "{pos:?}");
    assert!((num(&sgd, "loss") - 0.05 * x * x).abs() < 1e-12);
    assert_eq!(js_sys::Array::from(&get(&sgd, "m")).to_vec(), vec![n(0.0), n(0.0)], "plain SGD keeps no moments");
    // Adam keeps both moments, on both coordinates: after 10 steps neither is zero.
    let (m, v) = (js_sys::Array::from(&get(&adam, "m")).to_vec(), js_sys::Array::from(&get(&adam, "v")).to_vec());
    for k in 0..2 {
        let (m, v) = (m[k].as_f64().unwrap(), v[k].as_f64().unwrap());
        assert!(v > 0.0 && m != 0.0 && m.is_finite() && v.is_finite(), "coordinate {k}: m {m}, v {v}");
    }
    assert_eq!(d.grid(n(8.0)).unwrap().length(), 64);
    d.set_start(n(1.0), n(1.0)).unwrap();
    assert_eq!(
        js_sys::Array::from(&d.paths()).get(0).dyn_into::<js_sys::Float64Array>().unwrap().to_vec(),
        vec![1.0, 1.0]
    );
    d.step(n(3.0)).unwrap();
    d.reset();
    assert_eq!(num(&js_sys::Array::from(&d.status().unwrap()).get(0), "steps"), 0.0);
}

#[wasm_bindgen_test]
fn divergence_on_the_bowl_is_one_state() {
    let mut d = Descent::new(js("{ surface: 'bowl', optimizers: [{ learningRate: 1.05 }] }")).unwrap();
    d.step(n(100.0)).unwrap();
    let s = js_sys::Array::from(&d.status().unwrap()).get(0);
    assert_eq!(text(&s, "state"), "divergedLeftBox");
    assert_eq!(get(&s, "stopped").as_bool(), Some(true));
}

/// Rosenbrock from (1.9, 3), on the top edge of the box: at lr 0.0002 the first step slides out
/// through the top to f ≈ 6.44, far below the start's 38.02 (left the box, not diverged); at lr
/// 0.001 it overshoots the valley to f ≈ 113.4, above the start and rising (diverged).
#[wasm_bindgen_test]
fn sliding_out_downhill_is_leaving_the_box_and_climbing_out_is_divergence() {
    let mut d = Descent::new(js(
        "{ surface: 'rosenbrock', start: [1.9, 3], optimizers: [{ learningRate: 0.0002 }, { learningRate: 0.001 }] }",
    ))
    .unwrap();
    d.step(n(5.0)).unwrap();
    let status = js_sys::Array::from(&d.status().unwrap());
    let (slid, climbed) = (status.get(0), status.get(1));
    assert_eq!((text(&slid, "state"), text(&climbed, "state")), ("leftBox".into(), "divergedLeftBox".into()));
    for s in [&slid, &climbed] {
        assert_eq!((num(s, "steps"), get(s, "stopped").as_bool()), (1.0, Some(true)));
        assert!(js_sys::Array::from(&get(s, "position")).get(1).as_f64().unwrap() > 3.0, "outside the box");
    }
    assert!(num(&slid, "loss") < 6.5 && num(&climbed, "loss") > 113.0);
}

#[wasm_bindgen_test]
fn bad_configs_name_the_field_path_and_nothing_panics() {
    fails(Descent::new(js("{ surface: 'hill' }")), "choice", "surface");
    fails(Descent::new(js("{ optimizers: [{ kind: 'adamw' }] }")), "choice", "optimizers[0].kind");
    fails(Descent::new(js("{ optimizers: [{ kind: 'sgd', lr: 0.1 }] }")), "unknownField", "optimizers[0].lr");
    fails(Descent::new(js("{ optimizers: [{ learningRate: 0 }] }")), "range", "optimizers[0].learningRate");
    fails(Descent::new(js("{ optimizers: [{}, { kind: 'rmsprop', alpha: 1 }] }")), "range", "optimizers[1].alpha");
    fails(Descent::new(js("{ optimizers: [{}, {}, { kind: 'adam', beta1: 1 }] }")), "range", "optimizers[2].beta1");
    fails(Descent::new(js("{ optimizers: [] }")), "length", "optimizers");
    fails(Descent::new(js("{ start: [50, 0] }")), "range", "start[0]");
    fails(Descent::new(js("{ start: 'here' }")), "type", "start");
    fails(Descent::new(js("{ speed: 3 }")), "unknownField", "speed");
    let mut d = Descent::new(JsValue::UNDEFINED).unwrap();
    fails(d.step(n(-1.0)), "range", "n");
    fails(d.step(n(1e6)), "tooMuchWork", "n");
    fails(d.grid(n(0.0)), "range", "res");
    fails(d.set_start(n(0.0), n(99.0)), "range", "start[1]");
    d.step(n(1.0)).unwrap();
}

/// The lab builds its editor from this: a field missing here would be missing on the page.
#[wasm_bindgen_test]
fn the_schema_lists_every_field_of_the_race_and_its_racers() {
    let schema = Descent::schema().unwrap();
    let names = |key: &str| -> Vec<String> {
        js_sys::Array::from(&get(&schema, key)).iter().map(|f| text(&f, "name")).collect()
    };
    let d = Descent::new(JsValue::UNDEFINED).unwrap();
    let cfg = d.config().unwrap();
    let keys: Vec<String> = js_sys::Object::keys(&cfg.clone().into()).iter().map(|k| k.as_string().unwrap()).collect();
    assert_eq!(names("fields"), keys);
    let racer = js_sys::Array::from(&get(&cfg, "optimizers")).get(0);
    let racer_keys: Vec<String> = js_sys::Object::keys(&racer.into()).iter().map(|k| k.as_string().unwrap()).collect();
    assert_eq!(names("racerFields"), racer_keys);
    assert_eq!(num(&schema, "maxRacers"), 8.0);
}
