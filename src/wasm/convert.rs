//! Helpers shared by the two exported classes (`Trainer`, `Descent`): reading plain JS objects
//! with errors that name the field, checking numbers that come from JavaScript, and turning Rust
//! values into plain JS objects.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::Error;

/// A JS `Error` carrying one of our messages.
pub fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// A short rendering of a JS value for error messages.
pub fn describe(v: &JsValue) -> String {
    if v.is_undefined() {
        return "undefined".into();
    }
    if let Some(n) = v.as_f64() {
        return format!("{n}");
    }
    match js_sys::JSON::stringify(v) {
        Ok(s) => {
            let s = String::from(s);
            if s.chars().count() > 80 {
                format!("{}…", s.chars().take(80).collect::<String>())
            } else {
                s
            }
        }
        Err(_) => format!("{v:?}"),
    }
}

/// Reads a plain JS object into `T`; `undefined`/`null` give `T::default()`.
///
/// serde-wasm-bindgen neither rejects unknown keys nor says which field had the wrong type, so
/// every key is first checked against `known` and then read on its own.
pub fn parse_object<T: DeserializeOwned + Default>(what: &str, value: &JsValue, known: &[&str]) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    check_fields::<T>(what, value, known)?;
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| Error::config(what, e.to_string()))
}

/// Checks that `value` is a plain object whose keys are all in `known` and each of which
/// deserialises into `T` on its own.
pub fn check_fields<T: DeserializeOwned>(what: &str, value: &JsValue, known: &[&str]) -> Result<(), Error> {
    if !value.is_object() || js_sys::Array::is_array(value) || value.is_function() {
        return Err(Error::config(what, format!("must be a plain object, got {}", describe(value))));
    }
    let obj = js_sys::Object::from(value.clone());
    for entry in js_sys::Object::entries(&obj).iter() {
        let pair = js_sys::Array::from(&entry);
        let key = pair.get(0).as_string().unwrap_or_default();
        let field_value = pair.get(1);
        if !known.contains(&key.as_str()) {
            return Err(Error::config(&key, format!("unknown field (known fields: {})", known.join(", "))));
        }
        if field_value.is_undefined() {
            continue;
        }
        let single = js_sys::Object::new();
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&single, &JsValue::from_str(&key), &field_value);
        if let Err(e) = serde_wasm_bindgen::from_value::<T>(single.into()) {
            return Err(Error::config(&key, format!("{e} (got {})", describe(&field_value))));
        }
    }
    Ok(())
}

/// A plain JS object (not a `Map`) from a Rust value.
pub fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(js_error)
}

/// A whole number in 0..=max given to a method, e.g. a step count or an index.
pub fn whole(name: &str, v: f64, max: f64) -> Result<u64, Error> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= max {
        Ok(v as u64)
    } else {
        Err(Error::config(name, format!("must be a whole number in 0..={max}, got {v}")))
    }
}

/// Sets `key` on a plain object (cannot fail for a fresh object).
pub fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), &value.into());
}
