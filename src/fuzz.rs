//! What the fuzz targets (`fuzz/`) and their regression tests (`tests/fuzz_regressions.rs`)
//! run: each reader of untrusted input, from raw bytes, and a little work with whatever it
//! accepted. Every function must return without panicking for any input; a crash the fuzzer
//! finds is kept under `fuzz/regressions/<target>/` and replayed by the tests forever after.

use crate::config::TrainerConfig;
use crate::engine::{Budget, Engine};

/// A run's config as JSON (the JS object the boundary reads), then a batch of training.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(cfg) = TrainerConfig::from_json(text) {
        if let Ok(valid) = cfg.check() {
            let mut e = Engine::new(valid);
            if e.check_advance(Budget::Batches(1)).is_ok() {
                e.advance(Budget::Batches(1));
            }
            let _ = e.export_json();
        }
    }
}

/// A CSV import into a small run, then an epoch and an export that must read back.
pub fn csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let cfg = TrainerConfig { seed: Some(1), points: 10, ..TrainerConfig::default() };
    let Ok(valid) = cfg.check() else { return };
    let mut e = Engine::new(valid);
    if e.import_csv(text).is_ok() {
        e.advance(Budget::Epochs(1));
        let exported = e.export_csv();
        let points = e.points().to_vec();
        if e.import_csv(&exported).is_err() || e.points() != points {
            panic!("an exported CSV did not read back: {exported:?}");
        }
    }
}

/// A saved state, then a few steps and an export that must read back the same.
pub fn state(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(mut e) = Engine::import_json(text) {
        // A state may sit at the counters' limit (2^53, see state.rs): stepping past it would
        // make a state that import rightly refuses, which no real run can reach.
        let near_limit = e.counters().samples_seen > 1 << 52;
        if !near_limit && e.check_advance(Budget::Samples(3)).is_ok() {
            e.advance(Budget::Samples(3));
        }
        let _ = e.predict_grid(4);
        let json = e.export_json();
        match Engine::import_json(&json) {
            Ok(back) if back.export_json() == json => {}
            Ok(_) => panic!("a state did not export the same after reading back"),
            Err(err) => panic!("an exported state was refused: {err}"),
        }
    }
}
