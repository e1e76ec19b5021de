//! Points as CSV: `x1,x2,label[,set]`, one point per line.
//!
//! Reading: an optional header (a first line whose first field is not a number), blank lines
//! ignored, labels 1 / −1 or 1 / 0 (0 means class −1), an optional fourth column `train` or
//! `test` (without it every point trains), coordinates finite and inside the view box. The
//! first bad line stops the read with an error naming the line (from 1) and the value, and
//! nothing is returned — the caller's data stays as it was.
//!
//! Writing: the header `x1,x2,label,set`, labels ±1, and each coordinate in Rust's shortest
//! form that reads back to the same f64, so export → import is exact.

use crate::config::MAX_POINTS;
use crate::data::{Point, VIEW_HALF};
use crate::error::{Error, Result};

pub fn parse(text: &str) -> Result<Vec<Point>> {
    let mut points = Vec::new();
    let mut first_row = true;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let row = raw.trim();
        if row.is_empty() {
            continue;
        }
        let fields: Vec<&str> = row.split(',').map(str::trim).collect();
        let header = first_row && !looks_numeric(fields[0]);
        first_row = false;
        if header {
            continue;
        }
        let err = |message: String| Error::Csv { line, message };
        if fields.len() != 3 && fields.len() != 4 {
            return Err(err(format!(
                "expected 3 or 4 comma-separated values (x1,x2,label[,set]), got {}: {row:?}",
                fields.len()
            )));
        }
        let mut x = [0.0; 2];
        for (k, name) in ["x1", "x2"].iter().enumerate() {
            let v: f64 = fields[k].parse().map_err(|_| err(format!("{name} is not a number: {:?}", fields[k])))?;
            if !v.is_finite() || v.abs() > VIEW_HALF {
                return Err(err(format!("{name} = {v} is outside the view box [-{VIEW_HALF}, {VIEW_HALF}]")));
            }
            x[k] = v;
        }
        let label = match fields[2] {
            "1" | "+1" | "1.0" => 1,
            "-1" | "0" | "-1.0" | "0.0" => -1,
            other => return Err(err(format!("label must be 1, -1 or 0, got {other:?}"))),
        };
        let test = match fields.get(3).map(|s| s.to_ascii_lowercase()) {
            None => false,
            Some(s) if s == "train" || s.is_empty() => false,
            Some(s) if s == "test" => true,
            Some(s) => return Err(err(format!("set must be \"train\" or \"test\", got {s:?}"))),
        };
        if points.len() == MAX_POINTS {
            return Err(err(format!("more than {MAX_POINTS} points")));
        }
        points.push(Point { x, label, test });
    }
    if points.is_empty() {
        return Err(Error::Csv { line: text.lines().count().max(1), message: "no points found".into() });
    }
    if points.iter().all(|p| p.test) {
        return Err(Error::Csv { line: 1, message: "every point is marked test; at least one must train".into() });
    }
    Ok(points)
}

/// A field that starts like a number but did not parse (e.g. "1.2.3") is a bad value, not a header.
fn looks_numeric(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')
}

pub fn format(points: &[Point]) -> String {
    let mut out = String::with_capacity(24 * points.len() + 16);
    out.push_str("x1,x2,label,set\n");
    for p in points {
        let set = if p.test { "test" } else { "train" };
        out.push_str(&format!("{},{},{},{}\n", p.x[0], p.x[1], p.label, set));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_with_or_without_header_and_both_label_codings() {
        let a = parse("x1,x2,label\n1,2,1\n-3.5,0.25,0\n").unwrap();
        let b = parse("1,2,1\r\n\n-3.5,0.25,-1\n").unwrap();
        assert_eq!(a, b);
        assert_eq!(a[1], Point { x: [-3.5, 0.25], label: -1, test: false });
    }

    #[test]
    fn export_then_import_is_exact() {
        let pts = vec![
            Point { x: [0.1 + 0.2, -5.999999999999999], label: 1, test: false },
            Point { x: [1e-300, 3.0], label: -1, test: true },
        ];
        assert_eq!(parse(&format(&pts)).unwrap(), pts);
    }

    #[test]
    fn errors_name_the_line_and_the_value() {
        let cases = [
            ("x1,x2,label\n1,2,1\n1,abc,1\n", 3, "abc"),
            ("1,2,1\n1,2\n", 2, "got 2"),
            ("1,2,1\n1,2,5\n", 2, "\"5\""),
            ("1,2,1\n\n7.5,0,1\n", 3, "7.5"),
            ("1,2,1,train\n1,2,1,maybe\n", 2, "maybe"),
            ("1.2.3,2,1\n", 1, "1.2.3"),
            ("x1,x2,label\nx1,x2,label\n", 2, "x1"),
        ];
        for (text, line, value) in cases {
            let err = parse(text).unwrap_err();
            let msg = err.to_string();
            assert_eq!(err.subject(), format!("line {line}"), "{msg}");
            assert!(msg.contains(value), "{msg} lacks {value}");
        }
        assert!(parse("x1,x2,label\n").unwrap_err().to_string().contains("no points"));
    }
}
