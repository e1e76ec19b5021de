//! Runs every curriculum outcome with its fixed seed: `cargo run --release --example lessons`.
//! One line per lesson: number, name, the figure that proves it, PASS or FAIL. Exits 1 on a FAIL.

fn main() {
    let outcomes = dl_playground::lessons::all();
    for o in &outcomes {
        println!("{:>2}. {:<58} {}  {}", o.number, o.name, if o.pass { "PASS" } else { "FAIL" }, o.figure);
    }
    if outcomes.iter().any(|o| !o.pass) {
        std::process::exit(1);
    }
}
