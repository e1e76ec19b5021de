//! Divergence as data: when and how training stopped because a number stopped being finite.

use std::fmt;

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::choice::choice_enum;

choice_enum! {
    /// What became non-finite.
    pub enum Cause {
        /// A model output on a training or test point.
        Output = "output",
        /// A gradient entry of the batch just trained (`parameter` names it).
        Gradient = "gradient",
        /// A weight or bias after an optimizer step (`parameter` names it).
        Weight = "weight",
        /// The mean loss of the batch just trained.
        BatchLoss = "batchLoss",
        /// The training loss measured at an epoch's end.
        TrainLoss = "trainLoss",
    }
}

/// Why and where a run stopped. Kept in `metrics()` and in the saved state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[tsify(missing_as_null)]
pub struct Divergence {
    /// Completed epochs and iterations when it happened.
    pub epoch: u64,
    pub iteration: u64,
    pub cause: Cause,
    /// The parameter that became non-finite (cause `weight`), e.g. "w[1][0,3]".
    pub parameter: Option<String>,
    /// What it became: "NaN", "Infinity" or "-Infinity" (as text, which JSON can hold).
    #[serde(with = "non_finite")]
    #[tsify(type = "string")]
    pub value: f64,
    /// The learning rate in effect.
    pub learning_rate: f64,
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.cause {
            Cause::Output => format!("a model output became {}", self.value),
            Cause::Gradient => {
                format!("the gradient of {} became {}", self.parameter.as_deref().unwrap_or("?"), self.value)
            }
            Cause::Weight => format!("weight {} became {}", self.parameter.as_deref().unwrap_or("?"), self.value),
            Cause::BatchLoss => format!("the batch loss became {}", self.value),
            Cause::TrainLoss => format!("the training loss became {}", self.value),
        };
        write!(
            f,
            "Training diverged at epoch {}, iteration {}: {what}. The learning rate {} is too large for this model; \
             lower it and reset.",
            self.epoch, self.iteration, self.learning_rate
        )
    }
}

/// An f64 as JavaScript spells it, in a string: "NaN", "Infinity", "-Infinity" or the number.
mod non_finite {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        let text = if v.is_nan() {
            "NaN".to_string()
        } else if v.is_infinite() {
            if *v > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
        } else {
            format!("{v}")
        };
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let text = String::deserialize(d)?;
        match text.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            other => other.parse().map_err(|_| D::Error::custom(format!("not a number: {other:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json_with_its_non_finite_value() {
        for value in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
            let d = Divergence {
                epoch: 3,
                iteration: 40,
                cause: Cause::Weight,
                parameter: Some("w[0][1,0]".into()),
                value,
                learning_rate: 10.0,
            };
            let json = serde_json::to_string(&d).unwrap();
            let back: Divergence = serde_json::from_str(&json).unwrap();
            assert!(back.value.to_bits() == value.to_bits() || (value.is_nan() && back.value.is_nan()));
            assert_eq!((back.epoch, back.cause, back.parameter.as_deref()), (3, Cause::Weight, Some("w[0][1,0]")));
        }
        let d = Divergence {
            epoch: 1,
            iteration: 2,
            cause: Cause::BatchLoss,
            parameter: None,
            value: f64::NAN,
            learning_rate: 5.0,
        };
        assert!(serde_json::to_string(&d).unwrap().contains(r#""value":"NaN""#));
        assert!(d.to_string().contains("the batch loss became NaN"));
    }
}
