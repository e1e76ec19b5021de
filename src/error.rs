//! One error type for everything a user can get wrong. Every message names the field (by its
//! JavaScript name), the CSV line or the index, and the offending value.

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// A config field out of range or of the wrong kind.
    Config { field: String, message: String },
    /// A CSV line that cannot be read; lines count from 1.
    Csv { line: usize, message: String },
    /// An index outside the points or parameters.
    Index { what: &'static str, index: usize, len: usize },
    /// A saved state that cannot be restored.
    State(String),
}

impl Error {
    pub fn config(field: &str, message: impl Into<String>) -> Self {
        Error::Config { field: field.to_string(), message: message.into() }
    }

    /// The JS field, CSV line or index the error is about (for tests and the page).
    pub fn subject(&self) -> String {
        match self {
            Error::Config { field, .. } => field.clone(),
            Error::Csv { line, .. } => format!("line {line}"),
            Error::Index { what, .. } => what.to_string(),
            Error::State(_) => "state".into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { field, message } => write!(f, "{field}: {message}"),
            Error::Csv { line, message } => write!(f, "CSV line {line}: {message}"),
            Error::Index { what, index, len } => {
                if *len == 0 {
                    write!(f, "{what} {index} is out of range: there are none")
                } else {
                    write!(f, "{what} {index} is out of range 0..={}", len - 1)
                }
            }
            Error::State(message) => write!(f, "state: {message}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
