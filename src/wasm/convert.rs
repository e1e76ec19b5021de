//! Reading what JavaScript passes and writing what it gets back, for both exported classes.
//!
//! **Nothing from JavaScript may unwind through wasm.** A JS exception that crosses a wasm frame
//! skips its epilogue: the shadow-stack pointer and any `RefCell` borrow of the object are never
//! restored, and after a few hundred such calls the module is corrupt for the rest of the page.
//! So every argument arrives as a `JsValue` and is type-checked here before Rust uses it, and
//! every JS operation that can run user code — a getter, a `Proxy` trap, a `toJSON` — goes
//! through the `catch` imports below, which turn a throw into an `Err`. Objects are copied into a
//! plain Rust `Input` tree (never handed to serde-wasm-bindgen directly), checked against the
//! schema, and only then become Rust structs.
//!
//! **Errors leave as data**: a JS `EngineError` whose message is the English text and whose own
//! properties are the fields of `error::Error` (`code`, `field`, `value`, `min`, …).

use js_sys::{Array, JsString, Object};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{Code, EngineError, JsType, Range};
use crate::schema::{read_object, Field, Input};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = ownKeys)]
    fn own_keys(target: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = getPrototypeOf)]
    fn prototype_of(target: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// Deepest nesting read from an object (a racer inside the race's list is depth 3).
const MAX_DEPTH: u32 = 6;
/// Most keys read from one object and items from one list: more than any field allows, few
/// enough that a hostile `{ length: 1e9 }` or a huge array costs nothing.
const MAX_KEYS: usize = 64;
const MAX_ITEMS: usize = 4096;
/// Longest string read from an object (config strings are names and labels).
const MAX_CHARS: u32 = 4096;

/// The type of a JS value, for `type` errors (never runs user code).
fn js_type(v: &JsValue) -> JsType {
    if v.is_undefined() {
        JsType::Undefined
    } else if v.is_null() {
        JsType::Null
    } else if v.as_bool().is_some() {
        JsType::Boolean
    } else if v.as_f64().is_some() {
        JsType::Number
    } else if v.is_string() {
        JsType::String
    } else if v.is_function() {
        JsType::Function
    } else if v.is_symbol() {
        JsType::Symbol
    } else if v.is_bigint() {
        JsType::Bigint
    } else {
        match is_array(v) {
            Ok(true) => JsType::List,
            Ok(false) => JsType::Object,
            Err(_) => JsType::Unreadable,
        }
    }
}

/// A `type` error for argument `name`: `expected` was wanted, `v` was given.
fn type_error(name: &str, expected: JsType, v: &JsValue) -> EngineError {
    let e = EngineError::wrong_type(name, expected, js_type(v));
    match v.as_f64() {
        Some(n) => e.with_value(n),
        None if v.is_string() && JsString::from(v.clone()).length() <= 40 => {
            e.with_text(&String::from(JsString::from(v.clone())))
        }
        None => e,
    }
}

fn object_prototype() -> JsValue {
    Object::get_prototype_of(&Object::new().into()).into()
}

/// Copies a JS value into an `Input` tree, never running user code outside a `catch` import.
/// Errors are length errors (a list or object too big to read) at `path`.
fn read(v: &JsValue, path: &str, depth: u32) -> Result<Input, EngineError> {
    if v.is_null() {
        return Ok(Input::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Input::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        return Ok(Input::Number(n));
    }
    if v.is_string() {
        let s = JsString::from(v.clone());
        if s.length() > MAX_CHARS {
            return Err(EngineError::too_long(path, s.length() as usize, MAX_CHARS as usize));
        }
        return Ok(Input::Text(String::from(s)));
    }
    if !v.is_object() || v.is_function() {
        return Ok(Input::Other(js_type(v)));
    }
    if depth >= MAX_DEPTH {
        return Ok(Input::Other(JsType::Unreadable));
    }
    match is_array(v) {
        Err(_) => Ok(Input::Other(JsType::Unreadable)),
        Ok(true) => {
            let len = reflect_get(v, &"length".into()).ok().and_then(|l| l.as_f64()).unwrap_or(0.0);
            if len > MAX_ITEMS as f64 {
                return Err(EngineError::length(path, len as usize, 0, MAX_ITEMS));
            }
            let mut items = Vec::with_capacity(len as usize);
            for i in 0..len as u32 {
                let item = match reflect_get(v, &i.into()) {
                    Ok(x) => read(&x, &format!("{path}[{i}]"), depth + 1)?,
                    Err(_) => Input::Other(JsType::Unreadable),
                };
                items.push(item);
            }
            Ok(Input::List(items))
        }
        Ok(false) => {
            // Plain objects only: a Map, a Date or a class instance is not a config.
            match prototype_of(v) {
                Ok(p) if p.is_null() || p == object_prototype() => {}
                _ => return Ok(Input::Other(JsType::OtherObject)),
            }
            let Ok(keys) = own_keys(v) else {
                return Ok(Input::Other(JsType::Unreadable));
            };
            if keys.length() as usize > MAX_KEYS {
                return Err(EngineError::length(path, keys.length() as usize, 0, MAX_KEYS));
            }
            let mut entries = Vec::new();
            for key in keys.iter() {
                // A symbol key is never a field: it goes on under a name no field has, and the
                // schema reports it as unknown, with the fields it knows.
                let name = key.as_string().unwrap_or_else(|| "[symbol]".into());
                let value = match reflect_get(v, &key) {
                    Ok(x) if x.is_undefined() => continue,
                    Ok(x) => read(&x, &join(path, &name), depth + 1)?,
                    Err(_) => Input::Other(JsType::Unreadable),
                };
                entries.push((name, value));
            }
            Ok(Input::Object(entries))
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Reads a plain JS object (`undefined`/`null` read as `{}`) against `fields` into `T`.
pub fn object<T: DeserializeOwned>(value: &JsValue, fields: &[Field]) -> Result<T, EngineError> {
    let json = object_json(value, fields)?;
    from_json(json)
}

/// Reads a plain JS object against `fields` as checked JSON (for merging before serde).
pub fn object_json(value: &JsValue, fields: &[Field]) -> Result<serde_json::Value, EngineError> {
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    read_object(&read(value, "", 0)?, fields, "")
}

/// Builds `T` from JSON that the schema already checked (so serde's own errors are unexpected
/// and reported as a type error of the whole config).
pub fn from_json<T: DeserializeOwned>(json: serde_json::Value) -> Result<T, EngineError> {
    serde_json::from_value(json)
        .map_err(|e| EngineError::wrong_type("config", JsType::Object, JsType::Unreadable).with_detail(e.to_string()))
}

/// A number argument (a JS number, nothing else).
pub fn number(name: &str, v: &JsValue) -> Result<f64, EngineError> {
    v.as_f64().ok_or_else(|| type_error(name, JsType::Number, v))
}

/// A finite number argument in `range`.
pub fn number_in(name: &str, v: &JsValue, range: Range) -> Result<f64, EngineError> {
    let n = number(name, v)?;
    range.check(name, n)?;
    Ok(n)
}

/// A whole-number argument in 0..=max.
pub fn whole(name: &str, v: &JsValue, max: f64) -> Result<u64, EngineError> {
    Ok(number_in(name, v, Range::whole(0.0, max))? as u64)
}

/// A count of work (steps) for one call: a whole number ≥ 0; more than `max` is `tooMuchWork`.
pub fn work(name: &str, v: &JsValue, max: f64) -> Result<u64, EngineError> {
    let n = number_in(name, v, Range::whole(0.0, f64::MAX))?;
    if n > max {
        return Err(EngineError::new(Code::TooMuchWork, name).with_value(n).with_max(max));
    }
    Ok(n as u64)
}

/// An index argument into `len` items.
pub fn index(name: &str, v: &JsValue, len: usize) -> Result<usize, EngineError> {
    let n = number(name, v)?;
    if n.fract() != 0.0 || !(n >= 0.0 && n < len as f64) {
        return Err(EngineError::index(name, n, len));
    }
    Ok(n as usize)
}

/// An optional whole-number argument (`undefined` or `null` for none).
pub fn optional_whole(name: &str, v: &JsValue, max: f64) -> Result<Option<u64>, EngineError> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        whole(name, v, max).map(Some)
    }
}

/// A string argument of at most `max_chars` UTF-16 units (checked before it is copied).
pub fn text(name: &str, v: &JsValue, max_chars: u32) -> Result<String, EngineError> {
    if !v.is_string() {
        return Err(type_error(name, JsType::String, v));
    }
    let s = JsString::from(v.clone());
    if s.length() > max_chars {
        return Err(EngineError::too_long(name, s.length() as usize, max_chars as usize));
    }
    Ok(String::from(s))
}

/// A list of exactly `n` numbers (a JS array of numbers, read safely).
pub fn numbers(name: &str, v: &JsValue, n: usize) -> Result<Vec<f64>, EngineError> {
    match read(v, name, 0)? {
        Input::List(items) if items.len() == n => items
            .iter()
            .enumerate()
            .map(|(i, x)| match x {
                Input::Number(v) => Ok(*v),
                other => Err(other.type_error(&format!("{name}[{i}]"), JsType::Number)),
            })
            .collect(),
        Input::List(items) => Err(EngineError::length(name, items.len(), n, n)),
        other => Err(other.type_error(name, JsType::Numbers)),
    }
}

/// A plain JS object (not a `Map`) from a Rust value.
pub fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

/// The JS `EngineError` for one of our errors: the English message, and every field of `e` as an own
/// property (`code`, `field`, `value`, `min`, `max`, `values`, `line`, …).
pub fn js_error(e: EngineError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    // JavaScriptCore gives every Error its own `line` and `column` (where the glue made it),
    // non-enumerable: they would read as a CSV error's position, and the assignment below would
    // keep them non-enumerable, so a copy of the error (`{ ...e }`, postMessage) would lose ours.
    // Deleting them from this fresh object cannot run user code.
    for key in ["line", "column"] {
        let _ = js_sys::Reflect::delete_property(&err, &JsValue::from_str(key));
    }
    if let Ok(data) = to_js(&e) {
        // Both are plain objects made here: assigning cannot run user code.
        Object::assign(&err, &Object::from(data));
    }
    err.into()
}

/// Our errors as JS errors, for `?` in exported methods.
pub trait OrThrow<T> {
    fn or_throw(self) -> Result<T, JsValue>;
}

impl<T> OrThrow<T> for Result<T, EngineError> {
    fn or_throw(self) -> Result<T, JsValue> {
        self.map_err(js_error)
    }
}

/// Sets `key` on a fresh plain object made here (cannot fail, cannot run user code).
pub fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), &value.into());
}
