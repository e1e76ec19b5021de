//! Advancing a run by samples, batches or epochs — one loop for all three.

use super::{Cause, Divergence, Engine};
use crate::model::mlp::{flat, flat_mut};

/// Most samples, batches or epochs one `advance` call accepts from JavaScript.
pub const MAX_STEPS_PER_CALL: u64 = 10_000_000;

/// How far to advance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    Samples(u64),
    Batches(u64),
    Epochs(u64),
}

impl Engine {
    /// Advances training; stops early if it diverges. Returns the training loss afterwards
    /// (mean over the training set, without the regularization penalty).
    pub fn advance(&mut self, budget: Budget) -> f64 {
        let mut left = match budget {
            Budget::Samples(n) | Budget::Batches(n) | Budget::Epochs(n) => n,
        };
        let n_train = self.train.len();
        while left > 0 && self.diverged.is_none() && n_train > 0 {
            if self.cursor == 0 && self.in_batch == 0 {
                self.shuffle.shuffle(&mut self.order);
            }
            let batch_start = self.cursor - self.in_batch;
            let this_batch = self.batch_size().min(n_train - batch_start);
            let mut k = this_batch - self.in_batch;
            if let Budget::Samples(_) = budget {
                k = k.min(left as usize);
            }
            self.run_samples(k);
            if let Budget::Samples(_) = budget {
                left -= k as u64;
            }
            if self.in_batch == this_batch {
                self.finish_batch();
                if let Budget::Batches(_) = budget {
                    left -= 1;
                }
            }
            if self.diverged.is_some() {
                break;
            }
            if self.cursor == n_train && self.in_batch == 0 {
                self.cursor = 0;
                self.counters.epoch += 1;
                self.record_history();
                if let Budget::Epochs(_) = budget {
                    left -= 1;
                }
            }
        }
        self.evaluation().train_loss
    }

    /// Forward and backward passes of the next `k` samples of the epoch, adding their
    /// gradients to the batch accumulator.
    fn run_samples(&mut self, k: usize) {
        let cap = self.ws.cap;
        let x = flat(&self.train.x);
        let inputs = flat_mut(&mut self.ws.a[0]);
        for (s, &row) in self.order[self.cursor..self.cursor + k].iter().enumerate() {
            inputs[s] = x[2 * row];
            inputs[cap + s] = x[2 * row + 1];
            self.y_batch[s] = self.train.y[row];
        }
        self.net.forward(&mut self.ws, k);
        if self.batch_output.is_none() {
            // An output that overflowed can still give a finite margin loss (a right answer by
            // an infinite margin): it is caught here, not by the loss.
            let z = self.net.output_z(&self.ws, k);
            self.batch_output = z.iter().copied().find(|v| !v.is_finite());
        }
        self.batch_loss += self.net.output_loss(&mut self.ws, &self.y_batch[..k]);
        self.net.backward(&mut self.ws, k, flat_mut(&mut self.grad_acc));
        self.cursor += k;
        self.in_batch += k;
        self.counters.samples_seen += k as u64;
    }

    /// The update of a complete batch: mean gradient, regularization, optimizer step, then the
    /// divergence check.
    fn finish_batch(&mut self) {
        let n = self.in_batch as f64;
        {
            let acc = flat(&self.grad_acc);
            let g = flat_mut(&mut self.last_grad);
            for (g, &a) in g.iter_mut().zip(acc) {
                *g = a / n;
            }
        }
        let mut grad = std::mem::take(&mut self.last_grad);
        self.add_regularization(flat_mut(&mut grad), flat(&self.net.params));
        self.last_grad = grad;
        let loss = self.batch_loss / n;
        let output = self.batch_output;
        self.discard_partial_batch();
        self.metrics = None;
        if let Some(z) = output {
            self.stop_diverged(Cause::Output, None, z);
            return;
        }
        if !loss.is_finite() {
            self.stop_diverged(Cause::BatchLoss, None, loss);
            return;
        }
        if let Some(p) = flat(&self.last_grad).iter().position(|g| !g.is_finite()) {
            let (name, value) = (self.net.parameter_names().swap_remove(p), self.last_grad[p]);
            self.stop_diverged(Cause::Gradient, Some(name), value);
            return;
        }
        // Frozen parameters get no gradient, but a momentum buffer from before they were frozen
        // could still move them: they are put back after the step.
        let frozen = self.cfg.frozen();
        self.frozen_keep.clear();
        self.frozen_keep.extend(frozen.iter().map(|&p| self.net.params[p]));
        self.opt.step(flat_mut(&mut self.net.params), flat(&self.last_grad));
        for (&p, &v) in frozen.iter().zip(&self.frozen_keep) {
            self.net.params[p] = v;
        }
        self.counters.iteration += 1;
        if let Some(p) = flat(&self.net.params).iter().position(|p| !p.is_finite()) {
            let (name, value) = (self.net.parameter_names().swap_remove(p), self.net.params[p]);
            self.stop_diverged(Cause::Weight, Some(name), value);
            return;
        }
        self.path.record(flat(&self.net.params));
    }

    /// Stops training: the weights go back to the most recent recorded ones (see `ParamPath`)
    /// whose every output on the training and test points is finite, the last gradient is
    /// forgotten (zeros), and `diverged()` says what happened.
    pub(super) fn stop_diverged(&mut self, cause: Cause, parameter: Option<String>, value: f64) {
        let n = self.net.n_params().max(1);
        let snapshots = self.path.data.len() / n;
        for k in (0..snapshots).rev() {
            flat_mut(&mut self.net.params).copy_from_slice(&self.path.data[k * n..(k + 1) * n]);
            self.metrics = None;
            if self.evaluation().finite {
                break;
            }
        }
        self.last_grad.fill(0.0);
        self.diverged = Some(Divergence {
            epoch: self.counters.epoch,
            iteration: self.counters.iteration,
            cause,
            parameter,
            value,
            learning_rate: self.cfg.learning_rate,
        });
    }

    /// Records this epoch's train and test loss and accuracy (test values NaN without a test
    /// set, all NaN while `recordHistory` is off). A non-finite measurement is a divergence, and
    /// the entry then shows the rolled-back weights instead.
    pub(super) fn record_history(&mut self) {
        let epoch = self.counters.epoch;
        if !self.cfg.record_history {
            self.record.push(epoch, [f64::NAN; 4]);
            return;
        }
        let e = self.evaluation();
        self.record.push(epoch, entry(&e));
        if !e.finite && self.diverged.is_none() {
            let (cause, value) = if e.train_loss.is_finite() {
                (Cause::Output, e.test.map_or(f64::NAN, |t| t.0))
            } else {
                (Cause::TrainLoss, e.train_loss)
            };
            self.stop_diverged(cause, None, value);
            let after = self.evaluation();
            self.record.replace_latest(entry(&after));
        }
    }
}

/// The record's entry for an evaluation.
fn entry(e: &super::inspect::Evaluation) -> super::record::Entry {
    let (test_loss, test_accuracy) = e.test.unwrap_or((f64::NAN, f64::NAN));
    [e.train_loss, test_loss, e.train_accuracy, test_accuracy]
}
