//! Helpers shared by the browser test files (each includes this with `mod support;`).
#![allow(dead_code)]

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsError, JsValue};

/// A JS value from an expression, e.g. a config object literal.
pub fn js(code: &str) -> JsValue {
    js_sys::eval(&format!("({code})")).expect("test JS is valid")
}

pub fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).expect("property")
}

pub fn num(obj: &JsValue, key: &str) -> f64 {
    get(obj, key).as_f64().unwrap_or(f64::NAN)
}

pub fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    v.dyn_into::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default()
}

/// The call fails with an `Error` whose message contains every one of `parts`.
#[track_caller]
pub fn fails<T>(r: Result<T, JsError>, parts: &[&str]) {
    let msg = message(r.err().unwrap_or_else(|| panic!("the call should throw ({parts:?})")));
    for p in parts {
        assert!(msg.contains(p), "{msg:?} lacks {p:?}");
    }
}
