//! How much work one call from JavaScript may ask for. A call runs synchronously: one that asks
//! for minutes of training freezes the page (or its worker) for minutes. So a call's cost is
//! estimated before it starts, in parameter-samples — one parameter used for one sample in one
//! pass: a forward pass of n samples through P parameters costs n·P, a training sample about
//! 3·P with its backward pass and gradient — and a call past `MAX_WORK` is refused with a
//! `tooMuchWork` error naming the largest count this run allows (`max`).
//!
//! `MAX_WORK` is 5·10⁷ parameter-samples: at most about 0.3 s in wasm on this project's 2-core
//! machine (measured: the largest `stepEpochs` the default Trainer allows took 0.32 s in V8; a
//! tiny net is the slowest per parameter). A script's call may take that long; the pages ask
//! for a frame's worth (one epoch, a 64 × 64 grid) and stay far below it.

use super::{Budget, Engine, MAX_STEPS_PER_CALL};
use crate::error::{Code, EngineError, Result};

/// Most parameter-samples one call may cost.
pub const MAX_WORK: f64 = 5e7;

fn too_much(field: &str, asked: f64, max: f64) -> EngineError {
    EngineError::new(Code::TooMuchWork, field).with_value(asked).with_max(max)
}

impl Engine {
    fn params_f64(&self) -> f64 {
        self.net.n_params() as f64
    }

    /// Cost of training one sample: forward, backward and the gradient sum.
    fn sample_cost(&self) -> f64 {
        3.0 * self.params_f64()
    }

    /// Cost of an epoch's end: both sets evaluated for the record (nothing while it is off).
    fn epoch_end_cost(&self) -> f64 {
        if self.cfg.record_history {
            (self.train.len() + self.test.len()) as f64 * self.params_f64()
        } else {
            0.0
        }
    }

    /// Refuses a step count past what one call may do (see the module documentation).
    pub fn check_advance(&self, budget: Budget) -> Result<()> {
        let n_train = self.train.len().max(1) as f64;
        let (n, per) = match budget {
            Budget::Samples(n) => (n, self.sample_cost() + self.epoch_end_cost() / n_train),
            Budget::Batches(n) => {
                let b = self.batch_size() as f64;
                (n, b * self.sample_cost() + self.epoch_end_cost() * b / n_train)
            }
            Budget::Epochs(n) => (n, n_train * self.sample_cost() + self.epoch_end_cost()),
        };
        let max = (MAX_WORK / per).floor().clamp(1.0, MAX_STEPS_PER_CALL as f64);
        if n as f64 > max {
            return Err(too_much("n", n as f64, max));
        }
        Ok(())
    }

    /// Refuses a grid (`predict_grid`, `neuron_grids`) of side `res` costing more than one call may.
    pub fn check_grid_work(&self, res: usize) -> Result<()> {
        let max = (MAX_WORK / self.params_f64()).sqrt().floor().max(1.0);
        if res as f64 > max {
            return Err(too_much("res", res as f64, max));
        }
        Ok(())
    }

    /// Refuses a landscape of side `res`: every cell evaluates the whole training set.
    pub fn check_landscape_work(&self, res: usize) -> Result<()> {
        let per = self.train.len().max(1) as f64 * self.params_f64();
        let max = (MAX_WORK / per).sqrt().floor().max(1.0);
        if res as f64 > max {
            return Err(too_much("res", res as f64, max));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::MAX_WORK;
    use crate::config::TrainerConfig;
    use crate::engine::{Budget, Engine};
    use crate::error::Code;

    fn engine(hidden: Vec<usize>, points: usize) -> Engine {
        Engine::new(TrainerConfig { seed: Some(1), hidden, points, ..TrainerConfig::default() }.check().unwrap())
    }

    /// The calls the issue found blocking for minutes are refused, naming what is allowed.
    #[test]
    fn calls_that_would_block_for_minutes_are_refused_with_the_largest_allowed() {
        let small = engine(vec![4], 200);
        for budget in [Budget::Epochs(10_000_000), Budget::Batches(10_000_000)] {
            let e = small.check_advance(budget).unwrap_err();
            assert_eq!((e.code, e.field.as_str()), (Code::TooMuchWork, "n"));
            let max = e.max.unwrap() as u64;
            assert!(max >= 1000, "a useful amount is still allowed: {max}");
            let allowed = match budget {
                Budget::Epochs(_) => Budget::Epochs(max),
                _ => Budget::Batches(max),
            };
            assert!(small.check_advance(allowed).is_ok());
        }
        let big = engine(vec![16; 6], 2000);
        assert_eq!(big.check_advance(Budget::Samples(10_000_000)).unwrap_err().code, Code::TooMuchWork);
        let e = big.check_landscape_work(100).unwrap_err();
        assert_eq!((e.field.as_str(), e.max), ("res", Some(5.0)));
        assert!(big.check_landscape_work(5).is_ok());
        assert!(big.check_grid_work(64).is_ok() && big.check_grid_work(512).is_err());
        assert!(small.check_grid_work(512).is_ok());
    }

    /// The limits follow the documented cost model exactly: a training sample costs 3·P, an
    /// epoch's end (P per point of both sets) is shared by the samples of the epoch; each count
    /// is allowed up to floor(MAX_WORK / cost of one) and refused one past it.
    #[test]
    fn each_limit_is_the_work_budget_over_the_documented_cost() {
        for record_history in [true, false] {
            let cfg = TrainerConfig {
                seed: Some(1),
                hidden: vec![4],
                points: 200,
                train_ratio: 0.7,
                batch_size: 8,
                record_history,
                ..TrainerConfig::default()
            };
            let e = Engine::new(cfg.check().unwrap());
            let p = e.params().len() as f64;
            assert_eq!(p, 17.0, "2·4 + 4 weights and biases, then 4 + 1");
            let (n_train, n_all) = (e.train.len() as f64, e.points().len() as f64);
            assert_eq!((n_train, n_all), (140.0, 200.0));
            let end = if record_history { n_all * p } else { 0.0 };
            let limits = [
                (Budget::Samples as fn(u64) -> Budget, 3.0 * p + end / n_train),
                (Budget::Batches, 8.0 * 3.0 * p + end * 8.0 / n_train),
                (Budget::Epochs, n_train * 3.0 * p + end),
            ];
            for (budget, cost) in limits {
                let max = (MAX_WORK / cost).floor() as u64;
                assert!(e.check_advance(budget(max)).is_ok(), "{:?} at its limit", budget(max));
                let err = e.check_advance(budget(max + 1)).unwrap_err();
                assert_eq!((err.code, err.max), (Code::TooMuchWork, Some(max as f64)), "{:?}", budget(max + 1));
            }
            let side = (MAX_WORK / p).sqrt().floor() as usize;
            assert!(e.check_grid_work(side).is_ok(), "a grid of side {side} is at the limit");
            assert_eq!(e.check_grid_work(side + 1).unwrap_err().max, Some(side as f64));
        }
    }

    /// An epoch is always allowed, even of the largest net on the most points.
    #[test]
    fn one_epoch_is_always_allowed() {
        assert!(engine(vec![16; 6], 2000).check_advance(Budget::Epochs(1)).is_ok());
    }
}
