//! Runs every lesson's outcome with its registry settings (www/lessons/registry.json):
//! `cargo run --release --example lessons`. One line per lesson: number, title, PASS or FAIL, the
//! figure that proves it. Exits 1 on a FAIL.

fn main() {
    let outcomes = dl_playground::lessons::all();
    for o in &outcomes {
        println!("{:>2}. {:<40} {}  {}", o.number, o.name, if o.pass { "PASS" } else { "FAIL" }, o.figure);
    }
    if outcomes.iter().any(|o| !o.pass) {
        std::process::exit(1);
    }
}
