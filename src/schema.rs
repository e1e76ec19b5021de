//! The shape of every object JavaScript hands the engine (a run's config, a race and its
//! racers), written once: each field's name, kind and allowed values. The same table
//!
//! - reads a value that came from JavaScript (`read_object`): wrong types, unknown keys and
//!   out-of-range numbers become errors naming the field path, before serde builds the struct;
//! - range-checks the typed struct natively (`Field::check`, used by `TrainerConfig::check`);
//! - is what `Trainer.schema()` / `Descent.schema()` hand the pages, which build their option
//!   lists, input ranges and URL-hash schema from it.

use serde::Serialize;
use serde_json::Value as Json;
use tsify::Tsify;

use crate::error::{EngineError, JsType, Range, Result};

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum FieldKind {
    /// A finite number in the range (a whole number when `integer`).
    Number(Range),
    /// One of the names.
    #[serde(rename_all = "camelCase")]
    Choice {
        #[tsify(type = "string[]")]
        values: &'static [&'static str],
    },
    Bool,
    #[serde(rename_all = "camelCase")]
    Text {
        max_chars: usize,
    },
    /// A list of `min_items..=max_items` items of one kind.
    #[serde(rename_all = "camelCase")]
    List {
        #[tsify(type = "FieldKind")]
        item: &'static FieldKind,
        min_items: usize,
        max_items: usize,
    },
    /// A plain object with these fields.
    #[serde(rename_all = "camelCase")]
    Object {
        #[tsify(type = "Field[]")]
        fields: &'static [Field],
    },
}

/// One field of an object: its name, whether it takes `null`, and its kind's own properties
/// beside them (`type`, `min`, `values`, …).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
// TypeScript cannot extend a union: the flattened kind becomes an intersection.
#[tsify(type = "{ name: string; nullable: boolean } & FieldKind")]
pub struct Field {
    pub name: &'static str,
    #[serde(flatten)]
    pub kind: FieldKind,
    /// `null` is allowed and means "the default" (e.g. a random seed, torch's momentum).
    pub nullable: bool,
}

impl Field {
    pub const fn new(name: &'static str, kind: FieldKind) -> Field {
        Field { name, kind, nullable: false }
    }

    pub const fn number(name: &'static str, range: Range) -> Field {
        Field::new(name, FieldKind::Number(range))
    }

    pub const fn choice(name: &'static str, values: &'static [&'static str]) -> Field {
        Field::new(name, FieldKind::Choice { values })
    }

    pub const fn nullable(self) -> Field {
        Field { nullable: true, ..self }
    }

    /// Range-checks a number of this field (the native half of the same rule `read_object`
    /// applies to JavaScript input).
    pub fn check(&self, v: f64) -> Result<()> {
        self.check_at(self.name, v)
    }

    /// Like `check`, for the element of a list field at `path` (e.g. "hidden[2]").
    pub fn check_at(&self, path: &str, v: f64) -> Result<()> {
        match self.kind {
            FieldKind::Number(r) => r.check(path, v),
            FieldKind::List { item: FieldKind::Number(r), .. } => r.check(path, v),
            _ => Ok(()),
        }
    }

    /// Checks the length of a list field.
    pub fn check_len(&self, len: usize) -> Result<()> {
        match self.kind {
            FieldKind::List { min_items, max_items, .. } if !(min_items..=max_items).contains(&len) => {
                Err(EngineError::length(self.name, len, min_items, max_items))
            }
            _ => Ok(()),
        }
    }
}

/// A value as it came from JavaScript, before it is checked: JSON's shapes, numbers that JSON
/// cannot hold (NaN, ±∞), and `Other` for what JSON has no shape for (a function, a symbol, a
/// bigint, `undefined` inside a list, an object that threw when read), by its type.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<Input>),
    /// Keys in the object's own order; properties that are `undefined` are left out.
    Object(Vec<(String, Input)>),
    Other(JsType),
}

impl Input {
    /// The JavaScript type of the value.
    pub fn js_type(&self) -> JsType {
        match self {
            Input::Null => JsType::Null,
            Input::Bool(_) => JsType::Boolean,
            Input::Number(_) => JsType::Number,
            Input::Text(_) => JsType::String,
            Input::List(_) => JsType::List,
            Input::Object(_) => JsType::Object,
            Input::Other(t) => *t,
        }
    }

    /// A `type` error at `path`: `expected` was wanted; numbers and strings also show the value.
    pub fn type_error(&self, path: &str, expected: JsType) -> EngineError {
        let e = EngineError::wrong_type(path, expected, self.js_type());
        match self {
            Input::Number(v) => e.with_value(*v),
            Input::Text(s) => e.with_text(s),
            _ => e,
        }
    }
}

impl From<&Json> for Input {
    fn from(v: &Json) -> Self {
        match v {
            Json::Null => Input::Null,
            Json::Bool(b) => Input::Bool(*b),
            Json::Number(n) => Input::Number(n.as_f64().unwrap_or(f64::NAN)),
            Json::String(s) => Input::Text(s.clone()),
            Json::Array(a) => Input::List(a.iter().map(Input::from).collect()),
            Json::Object(m) => Input::Object(m.iter().map(|(k, v)| (k.clone(), Input::from(v))).collect()),
        }
    }
}

impl FieldKind {
    /// The JavaScript type this kind expects, for `type` errors.
    fn expected(&self) -> JsType {
        match self {
            FieldKind::Number(r) if r.integer => JsType::Integer,
            FieldKind::Number(_) => JsType::Number,
            FieldKind::Choice { .. } | FieldKind::Text { .. } => JsType::String,
            FieldKind::Bool => JsType::Boolean,
            FieldKind::List { .. } => JsType::List,
            FieldKind::Object { .. } => JsType::Object,
        }
    }
}

fn read_kind(kind: &FieldKind, input: &Input, path: &str, nullable: bool) -> Result<Json> {
    match (kind, input) {
        (_, Input::Null) if nullable => Ok(Json::Null),
        (FieldKind::Number(r), Input::Number(v)) => {
            r.check(path, *v)?;
            // Whole numbers go on as JSON integers, so serde can read them into integer fields.
            Ok(if r.integer && *v >= 0.0 { Json::from(*v as u64) } else { Json::from(*v) })
        }
        (FieldKind::Choice { values }, Input::Text(s)) => {
            if values.contains(&s.as_str()) {
                Ok(Json::from(s.as_str()))
            } else {
                Err(EngineError::choice(path, s, values))
            }
        }
        (FieldKind::Bool, Input::Bool(b)) => Ok(Json::from(*b)),
        (FieldKind::Text { max_chars }, Input::Text(s)) => {
            let n = s.chars().count();
            if n > *max_chars {
                return Err(EngineError::too_long(path, n, *max_chars));
            }
            Ok(Json::from(s.as_str()))
        }
        (FieldKind::List { item, min_items, max_items }, Input::List(items)) => {
            if !(*min_items..=*max_items).contains(&items.len()) {
                return Err(EngineError::length(path, items.len(), *min_items, *max_items));
            }
            let out: Result<Vec<Json>> =
                items.iter().enumerate().map(|(i, x)| read_kind(item, x, &format!("{path}[{i}]"), false)).collect();
            Ok(Json::Array(out?))
        }
        (FieldKind::Object { fields }, Input::Object(_)) => read_object(input, fields, path),
        (kind, other) => Err(other.type_error(path, kind.expected())),
    }
}

/// Checks a JavaScript object against `fields` and returns it as JSON for serde: every key must
/// be a field, every value of the field's kind and in its range. `path` is the object's own
/// path ("" for a top-level config, "optimizers[2]" for a racer); fields left out stay out, so
/// serde's defaults apply.
pub fn read_object(input: &Input, fields: &[Field], path: &str) -> Result<Json> {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    let Input::Object(entries) = input else {
        let what = if path.is_empty() { "config" } else { path };
        return Err(input.type_error(what, JsType::Object));
    };
    let mut out = serde_json::Map::new();
    for (key, value) in entries {
        let Some(field) = fields.iter().find(|f| f.name == key) else {
            let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
            return Err(EngineError::unknown_field(&join(key), key, &names));
        };
        out.insert(key.clone(), read_kind(&field.kind, value, &join(key), field.nullable)?);
    }
    Ok(Json::Object(out))
}

/// Names of a table's fields.
pub fn names(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    const ITEM: FieldKind = FieldKind::Number(Range::whole(1.0, 16.0));
    const FIELDS: &[Field] = &[
        Field::number("rate", Range::POSITIVE),
        Field::number("seed", Range::whole(0.0, 9.0)).nullable(),
        Field::choice("kind", &["a", "b"]),
        Field::new("sizes", FieldKind::List { item: &ITEM, min_items: 0, max_items: 3 }),
    ];

    fn read(json: &str) -> Result<Json> {
        read_object(&Input::from(&serde_json::from_str::<Json>(json).unwrap()), FIELDS, "")
    }

    #[test]
    fn accepts_what_the_table_allows() {
        let v = read(r#"{"rate": 0.5, "seed": null, "kind": "b", "sizes": [1, 16]}"#).unwrap();
        assert_eq!(v["sizes"][1], Json::from(16u64));
        assert!(v["sizes"][1].is_u64(), "whole numbers become JSON integers");
    }

    #[test]
    fn errors_name_the_path_and_the_value() {
        let cases = [
            (r#"{"rate": 0}"#, Code::Range, "rate"),
            (r#"{"rate": "fast"}"#, Code::Type, "rate"),
            (r#"{"seed": 2.5}"#, Code::Range, "seed"),
            (r#"{"kind": "c"}"#, Code::Choice, "kind"),
            (r#"{"sizes": [1, 17]}"#, Code::Range, "sizes[1]"),
            (r#"{"sizes": [1, 2, 3, 4]}"#, Code::Length, "sizes"),
            (r#"{"sizes": 3}"#, Code::Type, "sizes"),
            (r#"{"raet": 1}"#, Code::UnknownField, "raet"),
            (r#"[1]"#, Code::Type, "config"),
        ];
        for (json, code, field) in cases {
            let e = read(json).unwrap_err();
            assert_eq!((e.code, e.field.as_str()), (code, field), "{json}: {e}");
        }
        let nan = Input::Object(vec![("rate".into(), Input::Number(f64::NAN))]);
        assert_eq!(read_object(&nan, FIELDS, "").unwrap_err().code, Code::Range);
        let f = Input::Object(vec![("rate".into(), Input::Other(JsType::Function))]);
        let e = read_object(&f, FIELDS, "optimizers[1]").unwrap_err();
        assert_eq!((e.code, e.field.as_str(), e.got), (Code::Type, "optimizers[1].rate", Some(JsType::Function)));
        assert_eq!(e.to_string(), "optimizers[1].rate: must be a number, got a function");
        let e = read(r#"{"rate": "fast"}"#).unwrap_err();
        assert_eq!(e.to_string(), "rate: must be a number, got a string (\"fast\")");
    }
}
