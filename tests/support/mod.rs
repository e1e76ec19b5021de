//! Helpers shared by the browser test files (each includes this with `mod support;`).
#![allow(dead_code)]

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// A JS value from an expression, e.g. a config object literal.
pub fn js(code: &str) -> JsValue {
    js_sys::eval(&format!("({code})")).expect("test JS is valid")
}

/// A JS number argument.
pub fn n(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

pub fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).expect("property")
}

pub fn num(obj: &JsValue, key: &str) -> f64 {
    get(obj, key).as_f64().unwrap_or(f64::NAN)
}

pub fn text(obj: &JsValue, key: &str) -> String {
    get(obj, key).as_string().unwrap_or_default()
}

/// The call throws a JS `EngineError` with this `code` and `field`; returns it for more checks.
#[track_caller]
pub fn fails<T>(r: Result<T, JsValue>, code: &str, field: &str) -> JsValue {
    let e = r.err().unwrap_or_else(|| panic!("the call should throw {code} on {field}"));
    assert!(e.is_instance_of::<js_sys::Error>(), "a real Error: {e:?}");
    let message = String::from(e.clone().unchecked_into::<js_sys::Error>().message());
    assert_eq!((text(&e, "code").as_str(), text(&e, "field").as_str()), (code, field), "{message}");
    e
}
