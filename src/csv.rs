//! Points as CSV: `x1,x2,label[,set]`, one point per line.
//!
//! Reading: an optional header (a first line whose first field is not a number), blank lines
//! ignored, labels 1 / −1 or 1 / 0 (0 means class −1), an optional fourth column `train` or
//! `test` (without it every point trains), coordinates finite and inside the view box, in any
//! notation Rust reads (`1.5`, `-2`, `3e-1`). What spreadsheets write is accepted too: a UTF-8
//! byte-order mark, CRLF line ends, and fields in double quotes (`"1.5"`, with `""` for a quote
//! inside). The first bad line stops the read with an error naming the line and column (from 1)
//! and the value (cut to 40 characters), and nothing is returned — the caller's data stays as
//! it was.
//!
//! Writing: the header `x1,x2,label,set`, labels ±1, and each coordinate in Rust's shortest
//! form that reads back to the same f64, so export → import is exact.

use crate::data::{Point, MAX_POINTS, VIEW_HALF};
use crate::error::{Code, EngineError, Range, Result};

pub fn parse(text: &str) -> Result<Vec<Point>> {
    // A byte-order mark would glue itself to the first field and make a data row a "header".
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut points = Vec::new();
    let mut first_row = true;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let row = raw.trim();
        if row.is_empty() {
            continue;
        }
        let at = |code: Code, field: &str, column: Option<usize>| EngineError::new(code, field).at_line(line, column);
        let owned = split_fields(row).map_err(|column| at(Code::CsvQuote, "", Some(column)).with_text(row))?;
        let fields: Vec<&str> = owned.iter().map(|f| f.trim()).collect();
        let header = first_row && !looks_numeric(fields[0]);
        first_row = false;
        if header {
            continue;
        }
        if fields.len() != 3 && fields.len() != 4 {
            return Err(at(Code::CsvColumns, "", None).with_value(fields.len()));
        }
        let mut x = [0.0; 2];
        for (k, name) in ["x1", "x2"].iter().enumerate() {
            let v: f64 = fields[k].parse().map_err(|_| at(Code::CsvNumber, name, Some(k + 1)).with_text(fields[k]))?;
            if !Range::closed(-VIEW_HALF, VIEW_HALF).contains(v) {
                let mut e = at(Code::CsvOutside, name, Some(k + 1)).with_value(v);
                e.min = Some(-VIEW_HALF);
                e.max = Some(VIEW_HALF);
                return Err(e);
            }
            x[k] = v;
        }
        let label = match fields[2] {
            "1" | "+1" | "1.0" => 1,
            "-1" | "0" | "-1.0" | "0.0" => -1,
            other => return Err(at(Code::CsvLabel, "label", Some(3)).with_text(other)),
        };
        let test = match fields.get(3).map(|s| s.to_ascii_lowercase()) {
            None => false,
            Some(s) if s == "train" || s.is_empty() => false,
            Some(s) if s == "test" => true,
            Some(s) => return Err(at(Code::CsvSet, "set", Some(4)).with_text(&s)),
        };
        if points.len() == MAX_POINTS {
            return Err(at(Code::CsvTooMany, "", None).with_max(MAX_POINTS as f64));
        }
        points.push(Point { x, label, test });
    }
    if points.is_empty() {
        return Err(EngineError::new(Code::CsvEmpty, "").at_line(text.lines().count().max(1), None));
    }
    if points.iter().all(|p| p.test) {
        return Err(EngineError::new(Code::CsvAllTest, "set").at_line(1, None));
    }
    Ok(points)
}

/// The comma-separated fields of a row; a field may be in double quotes (`"1,5"` is one field,
/// `""` inside quotes is a quote). Err(column) for a quote left open.
fn split_fields(row: &str) -> std::result::Result<Vec<String>, usize> {
    let mut fields = vec![String::new()];
    let mut chars = row.chars().peekable();
    let mut quoted = false;
    let mut opened_at = 0;
    while let Some(c) = chars.next() {
        let field = fields.last_mut().unwrap_or_else(|| unreachable!("fields is never empty"));
        match (quoted, c) {
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                opened_at = fields.len();
            }
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, ',') => fields.push(String::new()),
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err(opened_at);
    }
    Ok(fields)
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

    /// What spreadsheets write: a byte-order mark (the first point must not become a header),
    /// CRLF, quoted fields, exponents.
    #[test]
    fn reads_what_spreadsheets_write() {
        let pts = parse("\u{feff}1,2,1\r\n\"-3.5\",\"2.5e-1\",0,\"test\"\r\n").unwrap();
        assert_eq!(pts.len(), 2, "the first row after a BOM is a point");
        assert_eq!(pts[0], Point { x: [1.0, 2.0], label: 1, test: false });
        assert_eq!(pts[1], Point { x: [-3.5, 0.25], label: -1, test: true });
        let with_header = parse("\u{feff}x1,x2,label\n1,2,1\n").unwrap();
        assert_eq!(with_header.len(), 1);
        let e = parse("1,2,1\n\"1,2,1\n").unwrap_err();
        assert_eq!((e.code, e.line, e.column), (Code::CsvQuote, Some(2), Some(1)));
    }

    /// A long field is named, and echoed cut short.
    #[test]
    fn a_long_bad_field_is_echoed_cut_short() {
        let long = "9".repeat(10_000_000);
        let e = parse(&format!("1,{long}x,1\n")).unwrap_err();
        assert_eq!((e.code, e.line, e.column), (Code::CsvNumber, Some(1), Some(2)));
        assert!(e.to_string().chars().count() < 120, "{}", e.to_string().len());
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
            ("x1,x2,label\n1,2,1\n1,abc,1\n", 3, Code::CsvNumber, "abc"),
            ("1,2,1\n1,2\n", 2, Code::CsvColumns, "got 2"),
            ("1,2,1\n1,2,5\n", 2, Code::CsvLabel, "\"5\""),
            ("1,2,1\n\n7.5,0,1\n", 3, Code::CsvOutside, "7.5"),
            ("1,2,1,train\n1,2,1,maybe\n", 2, Code::CsvSet, "maybe"),
            ("1.2.3,2,1\n", 1, Code::CsvNumber, "1.2.3"),
            ("x1,x2,label\nx1,x2,label\n", 2, Code::CsvNumber, "x1"),
        ];
        for (text, line, code, value) in cases {
            let err = parse(text).unwrap_err();
            let msg = err.to_string();
            assert_eq!((err.line, err.code), (Some(line), code), "{msg}");
            assert!(msg.contains(value), "{msg} lacks {value}");
        }
        assert_eq!(parse("x1,x2,label\n").unwrap_err().code, Code::CsvEmpty);
    }

    #[test]
    fn quotes_open_a_field_only_at_its_start_and_double_inside_it() {
        let ok = |row: &str| split_fields(row).unwrap();
        // A quote after other text is part of the field (5" is five inches), not an opening.
        assert_eq!(ok(r#"5",2"#), ["5\"", "2"]);
        assert_eq!(ok(r#" "1,5",2"#), ["1,5", "2"], "spaces before the opening quote are dropped");
        // Inside quotes, "" stands for one quote.
        assert_eq!(ok(r#""a""b",2"#), ["a\"b", "2"]);
        assert_eq!(ok("\"\"\"\""), ["\""], "four quotes: open, one quote, close");
        assert_eq!(split_fields(r#"1,"2"#), Err(2), "the open quote's column");
    }
}
