//! Every input the fuzzers (fuzz/) ever crashed on, kept under fuzz/regressions/<target>/ and
//! run again here, natively, through the same functions (`dl_playground::fuzz`), with a few
//! hand-written seeds of each kind so the replay is never empty.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

fn replay(target: &str, run: fn(&[u8]), seeds: &[&str]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_file() && path.file_name().is_some_and(|f| f != ".gitkeep") {
            run(&std::fs::read(&path).unwrap());
            n += 1;
        }
    }
    for seed in seeds {
        run(seed.as_bytes());
    }
    println!("{target}: {n} kept crash inputs, {} seeds", seeds.len());
}

#[test]
fn config_reader_regressions() {
    replay(
        "config",
        dl_playground::fuzz::config,
        &[r#"{"seed":1,"hidden":[16,16,16,16,16,16],"points":2000}"#, r#"{"learningRate":1e308,"seed":2}"#, "[]", "{"],
    );
}

#[test]
fn csv_reader_regressions() {
    replay(
        "csv",
        dl_playground::fuzz::csv,
        &["\u{feff}1,2,1\r\n\"-3\",\"2e-1\",0,\"test\"\n", "\"1,2,1\n", "x1,x2,label\n"],
    );
}

#[test]
fn state_reader_regressions() {
    replay("state", dl_playground::fuzz::state, &["", "{}", "null", r#"{"format":"dl-playground-state","version":2}"#]);
}
