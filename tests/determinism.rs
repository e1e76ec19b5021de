//! Native half of the native == wasm determinism check. It checks determinism, not
//! correctness: the fixture is whatever the engine computed when it was last regenerated, so a
//! bug present then is in the fixture too. Whether the numbers are *right* is stated by the
//! behaviour tests (`engine_behaviour.rs`, `engine_inspect.rs`, `engine_rules.rs`, the unit
//! tests); this file only holds every platform to the same bits.
//!
//! `tests/fixtures/history.json` holds configs and the bit patterns of the loss history they
//! produce. `loss_histories_match_the_shared_fixture` trains each config natively and requires
//! the same bits; the browser test `web_trainer::loss_history_equals_the_native_run_bit_for_bit`
//! trains the same configs through the JS API in Firefox and requires them too. No test writes
//! the fixture: after an intended change to the numbers, `scripts/update-fixtures.sh`
//! regenerates it (through the ignored test below, which writes to `target/tmp/`) and shows the
//! diff to review before committing.
#![cfg(not(target_arch = "wasm32"))]

use dl_playground::{Budget, Engine, TrainerConfig};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/history.json");

fn cases() -> Vec<(serde_json::Value, u64)> {
    let configs = [
        (
            r#"{"dataset":"spiral","points":200,"seed":11,"hidden":[6,6],"activation":"tanh","loss":"crossEntropy","optimizer":"adam","learningRate":0.03,"batchSize":8}"#,
            30,
        ),
        (
            r#"{"dataset":"moons","points":150,"noise":0.2,"seed":5,"hidden":[5,3],"activations":["sigmoid","relu"],"loss":"mse","optimizer":"rmsprop","learningRate":0.01,"batchSize":1,"regularization":"l2","regularizationRate":0.001}"#,
            10,
        ),
        (
            r#"{"dataset":"gauss","seed":3,"model":"logistic","optimizer":"nesterov","learningRate":0.05,"batchSize":25,"regularization":"l1","regularizationRate":0.01}"#,
            40,
        ),
    ];
    configs.iter().map(|(c, e)| (serde_json::from_str(c).unwrap(), *e)).collect()
}

fn history_bits(config: &serde_json::Value, epochs: u64) -> Vec<String> {
    let cfg: TrainerConfig = serde_json::from_value(config.clone()).expect("fixture config");
    let mut e = Engine::new(cfg.check().expect("valid"));
    e.advance(Budget::Epochs(epochs));
    e.history().iter().map(|v| format!("{:016x}", v.to_bits())).collect()
}

/// The fixture as this build computes it, in the file's format.
fn fresh() -> Vec<serde_json::Value> {
    cases()
        .into_iter()
        .map(|(config, epochs)| {
            let bits = history_bits(&config, epochs);
            serde_json::json!({ "config": config, "epochs": epochs, "history": bits })
        })
        .collect()
}

#[test]
fn loss_histories_match_the_shared_fixture() {
    let stored: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap();
    assert_eq!(
        stored,
        fresh(),
        "the native run differs from {FIXTURE}; if the change of numbers is intended, run \
         scripts/update-fixtures.sh and review its diff"
    );
    // The histories really moved (not a constant that would match anything).
    for case in &stored {
        let h = case["history"].as_array().unwrap();
        assert!(h.len() >= 22 && h[0] != h[h.len() - 2]);
    }
}

/// Writes the fixture as this build computes it to `target/tmp/history.json` (never to
/// `tests/fixtures/`): `scripts/update-fixtures.sh` runs it, copies the file over the fixture
/// and prints the diff.
#[test]
#[ignore = "run by scripts/update-fixtures.sh"]
fn write_the_fixture_to_target_tmp() {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("history.json");
    std::fs::write(&out, serde_json::to_string_pretty(&fresh()).unwrap() + "\n").unwrap();
    println!("wrote {}", out.display());
}
