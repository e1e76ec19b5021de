//! The per-epoch record of a run — train and test loss and accuracy — in bounded memory.
//!
//! Every epoch is kept while the record holds fewer than `HISTORY_CAP` entries; when it is full,
//! every other entry is dropped (epoch 0 stays) and the stride doubles, the same halving scheme
//! as the parameter path. Entries therefore sit at epochs 0, s, 2s, … for the current stride s,
//! and the latest epoch is always shown too: when it is not a multiple of s it is kept apart as
//! the last entry until the next multiple replaces it. A run of any length keeps at most
//! `HISTORY_CAP + 1` entries, so copying the record per frame and saving it stay cheap.

/// Most entries kept before the record halves.
pub const HISTORY_CAP: usize = 4096;

/// One epoch's train loss, test loss, train accuracy and test accuracy (test values NaN
/// without a test set, all NaN while recording is off).
pub type Entry = [f64; 4];

#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Entries at epochs 0, stride, 2·stride, …
    kept: Vec<Entry>,
    stride: u64,
    /// The latest epoch's entry when it is not a multiple of the stride.
    last: Option<(u64, Entry)>,
}

impl Default for Record {
    fn default() -> Self {
        Record { kept: Vec::new(), stride: 1, last: None }
    }
}

impl Record {
    pub fn clear(&mut self) {
        *self = Record::default();
    }

    /// Records epoch `epoch` (epochs arrive in order, from 0).
    pub fn push(&mut self, epoch: u64, entry: Entry) {
        if epoch % self.stride != 0 {
            self.last = Some((epoch, entry));
            return;
        }
        if self.kept.len() == HISTORY_CAP {
            // Every other entry, moved down in place (no allocation per halving).
            for k in 1..HISTORY_CAP / 2 {
                self.kept[k] = self.kept[2 * k];
            }
            self.kept.truncate(HISTORY_CAP / 2);
            self.stride *= 2;
            if epoch % self.stride != 0 {
                self.last = Some((epoch, entry));
                return;
            }
        }
        self.kept.push(entry);
        self.last = None;
    }

    /// Replaces the latest entry (after a divergence rolled the weights back).
    pub fn replace_latest(&mut self, entry: Entry) {
        match (&mut self.last, self.kept.last_mut()) {
            (Some((_, e)), _) => *e = entry,
            (None, Some(e)) => *e = entry,
            (None, None) => {}
        }
    }

    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// The entries in order, the latest included.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.kept.iter().chain(self.last.as_ref().map(|(_, e)| e))
    }

    /// The epoch of each entry, in order.
    pub fn epochs(&self) -> Vec<f64> {
        let s = self.stride;
        (0..self.kept.len() as u64).map(|k| (k * s) as f64).chain(self.last.map(|(e, _)| e as f64)).collect()
    }

    /// Columns `a` and `b` of every entry, interleaved: [a0, b0, a1, b1, …].
    pub fn pairs(&self, a: usize, b: usize) -> Vec<f64> {
        self.entries().flat_map(|e| [e[a], e[b]]).collect()
    }

    /// How many entries a record of a run at `epoch` holds with this stride.
    pub fn expected_len(epoch: u64, stride: u64) -> u64 {
        epoch / stride + 1 + u64::from(epoch % stride != 0)
    }

    /// Rebuilds a record from its saved parts (see `state.rs`, which checks them first).
    pub fn from_parts(entries: Vec<Entry>, stride: u64, epoch: u64) -> Record {
        let mut kept = entries;
        let last = if epoch % stride != 0 { kept.pop().map(|e| (epoch, e)) } else { None };
        Record { kept, stride, last }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(epoch: u64) -> Entry {
        [epoch as f64, 0.0, 0.0, 0.0]
    }

    #[test]
    fn keeps_every_epoch_until_full_then_halves_and_always_shows_the_latest() {
        let mut r = Record::default();
        for e in 0..HISTORY_CAP as u64 {
            r.push(e, entry(e));
        }
        assert_eq!((r.entries().count(), r.stride()), (HISTORY_CAP, 1));
        r.push(HISTORY_CAP as u64, entry(HISTORY_CAP as u64));
        assert_eq!(r.stride(), 2);
        let epochs = r.epochs();
        assert_eq!(epochs.len(), HISTORY_CAP / 2 + 1);
        assert_eq!(*epochs.last().unwrap(), HISTORY_CAP as f64);
        // Each entry is the epoch it says it is.
        for (e, v) in epochs.iter().zip(r.entries()) {
            assert_eq!(*e, v[0]);
        }
        r.push(HISTORY_CAP as u64 + 1, entry(HISTORY_CAP as u64 + 1));
        assert_eq!(*r.epochs().last().unwrap(), HISTORY_CAP as f64 + 1.0, "the latest, apart");
        assert_eq!(r.entries().count(), HISTORY_CAP / 2 + 2);
        assert_eq!(Record::expected_len(HISTORY_CAP as u64 + 1, 2), r.entries().count() as u64);
    }

    #[test]
    fn a_million_epochs_stay_within_the_cap() {
        let mut r = Record::default();
        for e in 0..1_000_000u64 {
            r.push(e, entry(e));
        }
        assert!(r.entries().count() <= HISTORY_CAP + 1);
        for (e, v) in r.epochs().iter().zip(r.entries()) {
            assert_eq!(*e, v[0]);
        }
        let rebuilt = Record::from_parts(r.entries().copied().collect(), r.stride(), 999_999);
        assert_eq!(rebuilt, r);
    }
}
