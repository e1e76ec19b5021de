//! One error type for everything a user can get wrong, as data: a stable `code`, the `field`
//! (a JavaScript path such as `optimizers[2].beta1`, an argument name, or a CSV column), the
//! offending `value`, and what is allowed (a range, a set of names, a length, a limit), plus the
//! CSV line and column where there is one. The pages translate an error by its code and these
//! fields; the English `Display` text is kept for API users and the native tests.

use std::fmt;

use serde::Serialize;
use tsify::Tsify;

use crate::choice::choice_enum;

choice_enum! {
    /// What kind of mistake an error reports.
    pub enum Code {
        /// A value of the wrong JavaScript type (`expected` says which).
        Type = "type",
        /// An object key that is not a field (`values`: the known ones).
        UnknownField = "unknownField",
        /// A number outside its range (`min`, `max`, `minOpen`, `maxOpen`, `integer`).
        Range = "range",
        /// A name that is not one of `values`.
        Choice = "choice",
        /// A list of the wrong length (`min`, `max` items).
        Length = "length",
        /// A string longer than `max` characters.
        TooLong = "tooLong",
        /// An index past the end (`max` is the last valid index, −1 when there are none).
        Index = "index",
        /// Two bounds in the wrong order (e.g. from ≥ to).
        Order = "order",
        /// Two indices that must differ.
        Distinct = "distinct",
        /// Removing the only training point.
        LastTrainingPoint = "lastTrainingPoint",
        /// Adding a point past the `max` points a run may hold.
        Full = "full",
        /// A call that asks for more work than one call may do (`max`).
        TooMuchWork = "tooMuchWork",
        /// CSV: a line without 3 or 4 fields (`value`: the count).
        CsvColumns = "csvColumns",
        /// CSV: a double quote opened at `column` and never closed.
        CsvQuote = "csvQuote",
        /// CSV: a coordinate that is not a number.
        CsvNumber = "csvNumber",
        /// CSV: a coordinate outside the view box (`min`, `max`).
        CsvOutside = "csvOutside",
        /// CSV: a label other than 1, −1 or 0.
        CsvLabel = "csvLabel",
        /// CSV: a fourth field other than train / test.
        CsvSet = "csvSet",
        /// CSV: no points at all.
        CsvEmpty = "csvEmpty",
        /// CSV: more than `max` points.
        CsvTooMany = "csvTooMany",
        /// CSV: every point marked test.
        CsvAllTest = "csvAllTest",
        /// A saved state that is not JSON (`detail`).
        StateJson = "stateJson",
        /// A saved state of another format or version.
        StateFormat = "stateFormat",
        /// A saved state whose `field` disagrees with the rest (`detail`).
        StateInvalid = "stateInvalid",
        /// A method called on an object after its `free()` (raised by the JS glue).
        Freed = "freed",
    }
}

choice_enum! {
    /// A JavaScript type, as a `type` error names what was expected and what was given.
    pub enum JsType {
        Undefined = "undefined",
        Null = "null",
        Boolean = "boolean",
        Number = "number",
        /// A whole number.
        Integer = "integer",
        String = "string",
        Function = "function",
        Symbol = "symbol",
        Bigint = "bigint",
        List = "list",
        /// A list of numbers.
        Numbers = "numbers",
        /// A plain object (`{ … }`).
        Object = "object",
        /// An object that is not plain: a Map, a Date, a class instance.
        OtherObject = "otherObject",
        /// A value that threw when it was read (a getter, a Proxy trap) or nests too deeply.
        Unreadable = "unreadable",
    }
}

impl JsType {
    fn phrase(self) -> &'static str {
        match self {
            JsType::Undefined => "undefined",
            JsType::Null => "null",
            JsType::Boolean => "true or false",
            JsType::Number => "a number",
            JsType::Integer => "a whole number",
            JsType::String => "a string",
            JsType::Function => "a function",
            JsType::Symbol => "a symbol",
            JsType::Bigint => "a bigint",
            JsType::List => "a list",
            JsType::Numbers => "a list of numbers",
            JsType::Object => "a plain object",
            JsType::OtherObject => "an object that is not plain",
            JsType::Unreadable => "a value that cannot be read",
        }
    }
}

/// The offending value: a number, or a short text rendering of anything else. NaN and ±∞
/// leave as the strings "NaN", "Infinity" and "-Infinity" (JSON has no such numbers).
#[derive(Clone, Debug, PartialEq, Tsify)]
pub enum ErrorValue {
    #[tsify(type = "number | \"NaN\" | \"Infinity\" | \"-Infinity\"")]
    Number(f64),
    Text(String),
}

impl Serialize for ErrorValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            ErrorValue::Number(v) if v.is_finite() => s.serialize_f64(*v),
            ErrorValue::Number(v) => s.serialize_str(js_number(*v)),
            ErrorValue::Text(t) => s.serialize_str(t),
        }
    }
}

/// How JavaScript spells a non-finite number.
fn js_number(v: f64) -> &'static str {
    if v.is_nan() {
        "NaN"
    } else if v > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// Longest text value an error carries (long CSV fields are cut, with "…").
pub const MAX_VALUE_CHARS: usize = 40;

impl ErrorValue {
    pub fn text(s: &str) -> ErrorValue {
        if s.chars().count() > MAX_VALUE_CHARS {
            ErrorValue::Text(format!("{}…", s.chars().take(MAX_VALUE_CHARS).collect::<String>()))
        } else {
            ErrorValue::Text(s.to_string())
        }
    }
}

impl From<f64> for ErrorValue {
    fn from(v: f64) -> Self {
        ErrorValue::Number(v)
    }
}

impl From<usize> for ErrorValue {
    fn from(v: usize) -> Self {
        ErrorValue::Number(v as f64)
    }
}

impl fmt::Display for ErrorValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorValue::Number(v) if !v.is_finite() => f.write_str(js_number(*v)),
            ErrorValue::Number(v) => write!(f, "{v}"),
            ErrorValue::Text(s) => write!(f, "{s:?}"),
        }
    }
}

/// An allowed interval of numbers; `integer` asks for a whole number. Bounds of ±`f64::MAX`
/// mean "no bound" (every range also asks for a finite number).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Range {
    pub min: f64,
    pub max: f64,
    pub min_open: bool,
    pub max_open: bool,
    pub integer: bool,
}

impl Range {
    /// [min, max]
    pub const fn closed(min: f64, max: f64) -> Range {
        Range { min, max, min_open: false, max_open: false, integer: false }
    }

    /// [min, max)
    pub const fn below(min: f64, max: f64) -> Range {
        Range { min, max, min_open: false, max_open: true, integer: false }
    }

    /// (min, max]
    pub const fn above(min: f64, max: f64) -> Range {
        Range { min, max, min_open: true, max_open: false, integer: false }
    }

    /// Whole numbers min..=max.
    pub const fn whole(min: f64, max: f64) -> Range {
        Range { min, max, min_open: false, max_open: false, integer: true }
    }

    /// Any finite number.
    pub const ANY: Range = Range::closed(-f64::MAX, f64::MAX);
    /// Finite and > 0.
    pub const POSITIVE: Range = Range::above(0.0, f64::MAX);
    /// Finite and >= 0.
    pub const NON_NEGATIVE: Range = Range::closed(0.0, f64::MAX);
    /// [0, 1)
    pub const UNIT: Range = Range::below(0.0, 1.0);

    pub fn contains(&self, v: f64) -> bool {
        v.is_finite()
            && (if self.min_open { v > self.min } else { v >= self.min })
            && (if self.max_open { v < self.max } else { v <= self.max })
            && (!self.integer || v.fract() == 0.0)
    }

    /// `Ok` if `v` lies in the range, else a `range` error for `field`.
    pub fn check(&self, field: &str, v: f64) -> Result<()> {
        if self.contains(v) {
            Ok(())
        } else {
            Err(EngineError::range(field, v, *self))
        }
    }

    /// The range in words, e.g. "[0, 1)", "a whole number in 1..=2000", "> 0".
    pub fn describe(&self) -> String {
        let (lo, hi) = (self.min > -f64::MAX, self.max < f64::MAX);
        if self.integer {
            return match (lo, hi) {
                (true, true) => format!("a whole number in {}..={}", self.min, self.max),
                (true, false) => format!("a whole number >= {}", self.min),
                _ => "a whole number".into(),
            };
        }
        match (lo, hi) {
            (true, true) => format!(
                "a number in {}{}, {}{}",
                if self.min_open { "(" } else { "[" },
                self.min,
                self.max,
                if self.max_open { ")" } else { "]" }
            ),
            (true, false) => format!("a finite number {} {}", if self.min_open { ">" } else { ">=" }, self.min),
            (false, true) => format!("a finite number {} {}", if self.max_open { "<" } else { "<=" }, self.max),
            (false, false) => "a finite number".into(),
        }
    }
}

/// An error as data. Only the fields that apply to its code are set.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct EngineError {
    pub code: Code,
    /// A JavaScript path ("points", "hidden[1]", "optimizers[2].beta1"), an argument name ("n")
    /// or, for CSV, the column ("x1", "x2", "label", "set").
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<ErrorValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[tsify(optional)]
    pub min_open: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[tsify(optional)]
    pub max_open: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[tsify(optional)]
    pub integer: bool,
    /// The names allowed (`choice`, `unknownField`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// The JavaScript type expected and the one given (`type`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<JsType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub got: Option<JsType>,
    /// CSV line and column, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// More about a saved state's problem, in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// At most this many names are listed in a `choice` error (a big net has ~1,400 parameters).
const MAX_LISTED: usize = 24;

impl EngineError {
    pub fn new(code: Code, field: &str) -> EngineError {
        EngineError {
            code,
            field: field.to_string(),
            value: None,
            min: None,
            max: None,
            min_open: false,
            max_open: false,
            integer: false,
            values: None,
            expected: None,
            got: None,
            line: None,
            column: None,
            detail: None,
        }
    }

    pub fn with_value(mut self, v: impl Into<ErrorValue>) -> EngineError {
        self.value = Some(v.into());
        self
    }

    pub fn with_text(mut self, s: &str) -> EngineError {
        self.value = Some(ErrorValue::text(s));
        self
    }

    pub fn with_max(mut self, max: f64) -> EngineError {
        self.max = Some(max);
        self
    }

    pub fn with_detail(mut self, d: impl Into<String>) -> EngineError {
        self.detail = Some(d.into());
        self
    }

    pub fn at_line(mut self, line: usize, column: Option<usize>) -> EngineError {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// `v` is outside `r` (an unbounded end is left out).
    pub fn range(field: &str, v: f64, r: Range) -> EngineError {
        let mut e = EngineError::new(Code::Range, field).with_value(v);
        e.min = (r.min > -f64::MAX).then_some(r.min);
        e.max = (r.max < f64::MAX).then_some(r.max);
        e.min_open = r.min_open;
        e.max_open = r.max_open;
        e.integer = r.integer;
        e
    }

    /// `got` is not one of `names`.
    pub fn choice(field: &str, got: &str, names: &[impl AsRef<str>]) -> EngineError {
        let mut e = EngineError::new(Code::Choice, field).with_text(got);
        e.values = Some(names.iter().take(MAX_LISTED).map(|n| n.as_ref().to_string()).collect());
        e
    }

    /// `key`, at `path`, is not one of the `known` fields.
    pub fn unknown_field(path: &str, key: &str, known: &[&str]) -> EngineError {
        let mut e = EngineError::new(Code::UnknownField, path).with_text(key);
        e.values = Some(known.iter().map(|k| k.to_string()).collect());
        e
    }

    /// `field` should be of JavaScript type `expected` and is of type `got`.
    pub fn wrong_type(field: &str, expected: JsType, got: JsType) -> EngineError {
        let mut e = EngineError::new(Code::Type, field);
        e.expected = Some(expected);
        e.got = Some(got);
        e
    }

    /// A string of `got` characters where at most `max` are allowed.
    pub fn too_long(field: &str, got: usize, max: usize) -> EngineError {
        EngineError::new(Code::TooLong, field).with_value(got).with_max(max as f64)
    }

    /// A list of `got` items where min..=max are allowed.
    pub fn length(field: &str, got: usize, min: usize, max: usize) -> EngineError {
        let mut e = EngineError::new(Code::Length, field).with_value(got);
        e.min = Some(min as f64);
        e.max = Some(max as f64);
        e
    }

    /// Index `index` into `len` items.
    pub fn index(field: &str, index: f64, len: usize) -> EngineError {
        let mut e = EngineError::new(Code::Index, field).with_value(index);
        e.min = Some(0.0);
        e.max = Some(len as f64 - 1.0);
        e
    }

    pub fn state(field: &str, detail: impl Into<String>) -> EngineError {
        EngineError::new(Code::StateInvalid, field).with_detail(detail)
    }

    /// The same error with `prefix` put before its field: "beta1" within "optimizers[2]" is
    /// "optimizers[2].beta1"; "[3]" within "hidden" is "hidden[3]".
    pub fn within(mut self, prefix: &str) -> EngineError {
        self.field = if self.field.is_empty() {
            prefix.to_string()
        } else if self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            format!("{prefix}.{}", self.field)
        };
        self
    }

    fn value_text(&self) -> String {
        self.value.as_ref().map_or_else(|| "nothing".into(), |v| v.to_string())
    }

    fn range_text(&self) -> String {
        Range {
            min: self.min.unwrap_or(-f64::MAX),
            max: self.max.unwrap_or(f64::MAX),
            min_open: self.min_open,
            max_open: self.max_open,
            integer: self.integer,
        }
        .describe()
    }

    fn list(&self) -> String {
        self.values.as_deref().unwrap_or_default().join(", ")
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (field, got) = (&self.field, self.value_text());
        let count = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v}"));
        if let Some(line) = self.line {
            write!(f, "CSV line {line}")?;
            if let Some(c) = self.column {
                write!(f, ", column {c}")?;
            }
            write!(f, ": ")?;
        }
        match self.code {
            Code::Type => {
                let phrase = |t: Option<JsType>| t.map_or("something else", JsType::phrase);
                write!(f, "{field}: must be {}, got {}", phrase(self.expected), phrase(self.got))?;
                match &self.value {
                    Some(v) => write!(f, " ({v})"),
                    None => Ok(()),
                }
            }
            Code::UnknownField => write!(f, "{field}: unknown field (known fields: {})", self.list()),
            Code::Range => write!(f, "{field}: must be {}, got {got}", self.range_text()),
            Code::Choice => write!(f, "{field}: must be one of {}; got {got}", self.list()),
            Code::Length => {
                let (lo, hi) = (count(self.min), count(self.max));
                if lo == hi {
                    write!(f, "{field}: must hold {hi} items, got {got}")
                } else {
                    write!(f, "{field}: must hold {lo} to {hi} items, got {got}")
                }
            }
            Code::Index => match self.max {
                Some(m) if m >= 0.0 => write!(f, "{field}: index {got} is out of range 0..={m}"),
                _ => write!(f, "{field}: index {got} is out of range: there are none"),
            },
            Code::Order => write!(f, "{field}: needs min < max, got {got}"),
            Code::Distinct => write!(f, "{field}: must differ from the other index (both are {got})"),
            Code::LastTrainingPoint => write!(f, "{field}: point {got} is the last training point"),
            Code::Full => write!(f, "{field}: already at the maximum of {} points", count(self.max)),
            Code::TooMuchWork => {
                write!(f, "{field}: {got} is more work than one call may do (at most {})", count(self.max))
            }
            Code::CsvColumns => write!(f, "expected 3 or 4 comma-separated values (x1,x2,label[,set]), got {got}"),
            Code::CsvQuote => write!(f, "a quote is opened and never closed: {got}"),
            Code::CsvNumber => write!(f, "{field} is not a number: {got}"),
            Code::CsvOutside => {
                write!(f, "{field} = {got} is outside the view box [{}, {}]", count(self.min), count(self.max))
            }
            Code::CsvLabel => write!(f, "label must be 1, -1 or 0, got {got}"),
            Code::CsvSet => write!(f, "set must be \"train\" or \"test\", got {got}"),
            Code::CsvEmpty => write!(f, "no points found"),
            Code::CsvTooMany => write!(f, "more than {} points", count(self.max)),
            Code::CsvAllTest => write!(f, "every point is marked test; at least one must train"),
            Code::StateJson => write!(f, "state: not JSON ({})", self.detail.as_deref().unwrap_or("")),
            Code::StateFormat => write!(f, "state: {got} is not a state this version can read"),
            Code::TooLong => write!(f, "{field}: at most {} characters, got {got}", count(self.max)),
            Code::StateInvalid if field == "state" => {
                write!(f, "state: {}", self.detail.as_deref().unwrap_or("invalid"))
            }
            Code::StateInvalid => write!(f, "state.{field}: {}", self.detail.as_deref().unwrap_or("invalid")),
            Code::Freed => write!(f, "{field}: this object was freed"),
        }
    }
}

impl std::error::Error for EngineError {}

pub type Result<T> = std::result::Result<T, EngineError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_include_and_exclude_their_ends() {
        assert!(Range::UNIT.contains(0.0) && !Range::UNIT.contains(1.0));
        assert!(!Range::POSITIVE.contains(0.0) && Range::POSITIVE.contains(1e300));
        assert!(!Range::ANY.contains(f64::NAN) && !Range::ANY.contains(f64::INFINITY));
        assert!(Range::whole(1.0, 5.0).contains(5.0) && !Range::whole(1.0, 5.0).contains(2.5));
        assert_eq!(Range::above(0.0, 1.0).describe(), "a number in (0, 1]");
        assert_eq!(Range::whole(1.0, 2000.0).describe(), "a whole number in 1..=2000");
        assert_eq!(Range::POSITIVE.describe(), "a finite number > 0");
    }

    #[test]
    fn messages_name_the_field_the_value_and_what_is_allowed() {
        let e = Range::below(0.0, 1.0).check("optimizers[2].beta1", 1.0).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (Code::Range, "optimizers[2].beta1"));
        assert_eq!(e.to_string(), "optimizers[2].beta1: must be a number in [0, 1), got 1");
        let e = EngineError::choice("dataset", "swirl", &["xor", "spiral"]);
        assert_eq!(e.to_string(), "dataset: must be one of xor, spiral; got \"swirl\"");
        let e = EngineError::new(Code::CsvNumber, "x2").with_text("abc").at_line(3, Some(2));
        assert_eq!(e.to_string(), "CSV line 3, column 2: x2 is not a number: \"abc\"");
        assert_eq!(EngineError::index("i", 5.0, 0).to_string(), "i: index 5 is out of range: there are none");
    }

    #[test]
    fn paths_compose_and_long_values_are_cut() {
        assert_eq!(EngineError::new(Code::Range, "beta1").within("optimizers[2]").field, "optimizers[2].beta1");
        assert_eq!(EngineError::new(Code::Range, "[3]").within("hidden").field, "hidden[3]");
        let long = "x".repeat(1000);
        match EngineError::new(Code::CsvNumber, "x1").with_text(&long).value {
            Some(ErrorValue::Text(t)) => assert_eq!(t.chars().count(), MAX_VALUE_CHARS + 1),
            other => panic!("{other:?}"),
        }
    }
}
