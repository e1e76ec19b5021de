//! Random calls with random arguments on the public Rust API never panic.
//!
//! In the browser a panic kills the page, and the wasm boundary (`src/wasm/`) only checks the
//! *types* of what JavaScript passes before it calls exactly these native functions. So every
//! function JavaScript can reach must answer every value it may be handed — NaN, ±∞, ±huge,
//! −0.0, indices past the end, malformed CSV, truncated or doctored saved states — with `Ok` or
//! an `Err`, never a panic. A small seeded generator draws configs, sequences of calls and
//! mutated texts, so every run makes the same calls and a failure names its seed.
//!
//! A test that only ever sees errors (or only successes) proves little: every test counts the
//! `Ok` and `Err` outcomes of each fallible call and asserts that both happened often. Beyond
//! "no panic", the sequences check a few properties that cost nothing to state: an `Err` leaves
//! the run exactly as it was, inspecting a run never changes it, and CSV and state exports
//! read back to the same points and the same state.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use dl_playground::{
    ActivationKind, Budget, DatasetKind, Engine, Loss, ModelKind, OptimizerKind, Race, RaceConfig, RacerConfig, Range,
    Regularization, Surface, TrainerConfig, ValidConfig,
};
use serde_json::Value;

/// Limits the wasm boundary enforces before it calls the engine (`src/wasm/`): the test keeps
/// to them where the boundary does, and goes past them where the engine checks for itself.
const MAX_GRID: usize = 512;
const MAX_POINTS: usize = 2000;
const VIEW_HALF: f64 = 6.0;
const MAX_RACE_STEPS: u64 = 100_000;
/// Largest counter a saved state may hold (2^53, exact in a JavaScript number).
const MAX_COUNT: u64 = 1 << 53;

// ---------------------------------------------------------------------------------------------
// A deterministic generator of arguments
// ---------------------------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea & Flood, 2014): 64 bits of state, a fixed odd increment and an
/// avalanching finaliser; plenty for drawing test arguments, and the same on every machine.
struct Gen(u64);

/// Numbers where arithmetic and range checks go wrong: NaN (both signs), infinities, signed
/// zeros, the extremes of f64, subnormals, integers around 2^53, 2^63 and 2^64 (where casts to
/// u64/usize saturate), and the edges of the view box and of the unit interval.
const EDGE_F64: &[f64] = &[
    f64::NAN,
    -f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.0,
    -0.0,
    f64::MAX,
    -f64::MAX,
    f64::MIN_POSITIVE,
    -f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    1e-300,
    1e300,
    -1e300,
    f64::EPSILON,
    0.5,
    1.0,
    -1.0,
    0.999_999_999_999_999_9,
    1.000_000_000_000_000_2,
    2.5,
    9_007_199_254_740_992.0,
    9_223_372_036_854_775_808.0,
    18_446_744_073_709_551_616.0,
    4_294_967_296.0,
    6.0,
    -6.0,
    6.000_000_000_000_001,
    -6.000_000_000_000_001,
    512.0,
    513.0,
];

impl Gen {
    fn new(seed: u64) -> Gen {
        // Mix the seed so that seeds 0, 1, 2, … start far apart.
        let mut g = Gen(seed ^ 0x5DEE_CE66_D1CE_4E5B);
        g.u64();
        g
    }

    fn u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn u32(&mut self) -> u32 {
        (self.u64() >> 32) as u32
    }

    /// Uniform in 0..n (0 when n is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.u64() % n
        }
    }

    /// Uniform in lo..=hi.
    fn int(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn usize(&mut self, lo: usize, hi: usize) -> usize {
        self.int(lo as u64, hi as u64) as usize
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// 10^e for e uniform in [lo, hi): a scale drawn evenly across decades.
    fn decades(&mut self, lo: f64, hi: f64) -> f64 {
        10f64.powf(self.range(lo, hi))
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize].clone()
    }

    /// Any f64 at all: an edge value, raw random bits (every exponent, NaN payloads), or an
    /// ordinary number of any size.
    fn any_f64(&mut self) -> f64 {
        match self.below(4) {
            0 | 1 => self.pick(EDGE_F64),
            2 => f64::from_bits(self.u64()),
            _ => {
                let sign = if self.chance(0.5) { -1.0 } else { 1.0 };
                sign * self.decades(-8.0, 8.0)
            }
        }
    }

    /// A number for a field allowed in `range`: outside it when `bad`, else mostly `typical`
    /// and sometimes an edge value that lies inside (−0.0, subnormals, 1 − ε, …).
    fn number(&mut self, bad: bool, range: Range, typical: f64) -> f64 {
        if bad {
            (0..200).map(|_| self.any_f64()).find(|v| !range.contains(*v)).unwrap_or(f64::NAN)
        } else if self.chance(0.15) {
            (0..200).map(|_| self.any_f64()).find(|v| range.contains(*v)).unwrap_or(typical)
        } else {
            typical
        }
    }

    /// A coordinate the way a page may send one: inside the view box, exactly on its edge, or
    /// anything at all.
    fn coordinate(&mut self) -> f64 {
        match self.below(10) {
            0..=5 => self.range(-VIEW_HALF, VIEW_HALF),
            6 => self.pick(&[VIEW_HALF, -VIEW_HALF, 0.0, -0.0]),
            _ => self.any_f64(),
        }
    }

    /// An index into `len` items: usually valid, else just past the end or far beyond.
    fn index(&mut self, len: usize) -> usize {
        if len > 0 && self.chance(0.75) {
            self.below(len as u64) as usize
        } else {
            self.pick(&[len, len + 1, len + 1000, usize::MAX, usize::MAX - 1, 1 << 53, u32::MAX as usize])
        }
    }

    /// A random string: ASCII, punctuation that matters to CSV and JSON, multibyte
    /// characters, a BOM, control characters.
    fn text(&mut self, max_chars: usize) -> String {
        const ALPHABET: &[char] = &[
            'a', 'x', 'Z', '0', '1', '6', '9', '-', '+', '.', 'e', 'E', ',', ';', ' ', '\t', '\n', '\r', '"', '\\',
            '{', '}', '[', ']', ':', '\0', '\u{feff}', 'é', 'ß', 'λ', '∞', '−', '😀', '\u{200b}', '\u{7f}',
        ];
        let n = self.usize(0, max_chars);
        (0..n).map(|_| self.pick(ALPHABET)).collect()
    }
}

/// One of the expressions, chosen uniformly; only the chosen one is evaluated, so each may draw
/// from the generator itself (`g.pick(&[g.u32(), 0])` would borrow it twice).
macro_rules! one_of {
    ($g:ident; $e:expr) => { $e };
    ($g:ident; $e:expr, $($rest:expr),+) => {{
        let n = 1 + [$(stringify!($rest)),+].len() as u64;
        if $g.below(n) == 0 { $e } else { one_of!($g; $($rest),+) }
    }};
}

// ---------------------------------------------------------------------------------------------
// Counting outcomes
// ---------------------------------------------------------------------------------------------

/// Ok and Err outcomes per call name, to prove that both paths of every fallible call ran.
#[derive(Default)]
struct Tally(BTreeMap<&'static str, [u64; 2]>);

impl Tally {
    fn ok(&mut self, name: &'static str) {
        self.0.entry(name).or_default()[0] += 1;
    }

    fn err(&mut self, name: &'static str) {
        self.0.entry(name).or_default()[1] += 1;
    }

    fn count<T, E>(&mut self, name: &'static str, r: &Result<T, E>) {
        if r.is_ok() {
            self.ok(name)
        } else {
            self.err(name)
        }
    }

    fn calls(&self) -> u64 {
        self.0.values().map(|[o, e]| o + e).sum()
    }

    fn merge(&mut self, other: Tally) {
        for (k, [o, e]) in other.0 {
            let c = self.0.entry(k).or_default();
            c[0] += o;
            c[1] += e;
        }
    }

    fn print(&self, title: &str) {
        println!("{title}: {} calls", self.calls());
        for (name, [ok, err]) in &self.0 {
            println!("  {name:<22} ok {ok:>6}  err {err:>6}");
        }
    }

    /// Each named call returned both `Ok` and `Err`, each at least `min` times.
    #[track_caller]
    fn assert_both(&self, names: &[&str], min: u64) {
        for name in names {
            let [ok, err] = self.0.get(name).copied().unwrap_or_default();
            assert!(ok >= min && err >= min, "{name}: only {ok} Ok and {err} Err outcomes (want {min} of each)");
        }
    }

    #[track_caller]
    fn assert_ran(&self, names: &[&str], min: u64) {
        for name in names {
            let [ok, err] = self.0.get(name).copied().unwrap_or_default();
            assert!(ok + err >= min, "{name}: called only {} times (want {min})", ok + err);
        }
    }
}

/// Runs `body` and, if it panics, fails with the seed and the last calls it made, so the
/// failure can be replayed.
fn replay_on_panic(what: &str, seed: u64, body: impl FnOnce(&mut Vec<String>)) {
    let mut log = Vec::new();
    let r = catch_unwind(AssertUnwindSafe(|| body(&mut log)));
    if r.is_err() {
        let tail = log.len().saturating_sub(40);
        panic!("{what} with seed {seed} panicked; its last calls:\n  {}", log[tail..].join("\n  "));
    }
}

// ---------------------------------------------------------------------------------------------
// Random configs
// ---------------------------------------------------------------------------------------------

/// The fields of `TrainerConfig` that have invalid values (enums and booleans have none).
#[derive(Clone, Copy)]
enum F {
    Points,
    Noise,
    TrainRatio,
    Angle,
    Margin,
    Hidden,
    Activations,
    LeakyAlpha,
    LearningRate,
    BatchSize,
    RegularizationRate,
    Momentum,
    Alpha,
    Beta1,
    Beta2,
    Epsilon,
    Frozen,
}

const N_FIELDS: u64 = 17;

/// Which fields to make invalid: none half the time, else one to three of them.
fn bad_fields(g: &mut Gen) -> u32 {
    if g.chance(0.5) {
        return 0;
    }
    (0..g.int(1, 3)).fold(0, |m, _| m | 1 << g.below(N_FIELDS))
}

/// Parameter names of the network `cfg` describes (the documented `w[l][j,i]`, `b[l][j]`),
/// capped at the largest legal shape so that an invalid `hidden` cannot make this loop long.
fn parameter_names(cfg: &TrainerConfig) -> Vec<String> {
    let mut sizes = vec![2];
    sizes.extend(cfg.hidden_layers().iter().take(6).map(|&u| u.min(16)));
    sizes.push(1);
    let mut names = Vec::new();
    for l in 0..sizes.len() - 1 {
        for j in 0..sizes[l + 1] {
            for i in 0..sizes[l] {
                names.push(format!("w[{l}][{j},{i}]"));
            }
        }
        for j in 0..sizes[l + 1] {
            names.push(format!("b[{l}][{j}]"));
        }
    }
    names
}

/// A config whose every field is drawn from valid values (ordinary ones and edge ones such as
/// −0.0, a subnormal learning rate or 1 − ε for β2) or, for the fields in `bad_fields`, from
/// invalid ones (NaN, ±∞, negative, huge, 0, lists too long, names that are no parameter).
/// Kept small (≤ 60 points mostly) so that hundreds of sequences run in seconds in debug.
fn random_config(g: &mut Gen) -> TrainerConfig {
    let bad_mask = bad_fields(g);
    let bad = |f: F| bad_mask & (1 << f as u32) != 0;
    let mut c = TrainerConfig { dataset: g.pick(DatasetKind::ALL), ..TrainerConfig::default() };
    c.points = if bad(F::Points) {
        g.pick(&[0, MAX_POINTS + 1, usize::MAX, 1 << 53, 1 << 63])
    } else if g.chance(0.03) {
        g.pick(&[MAX_POINTS, 1000])
    } else {
        one_of!(g; 1, 2, 3, g.usize(1, 60), g.usize(4, 60))
    };
    let noise = one_of!(g; 0.0, 1.0, g.unit(), 0.1);
    c.noise = g.number(bad(F::Noise), Range::closed(0.0, 1.0), noise);
    let ratio = one_of!(g; 1.0, 0.5, g.range(0.01, 1.0), 1e-9);
    c.train_ratio = g.number(bad(F::TrainRatio), Range::above(0.0, 1.0), ratio);
    c.seed = if g.chance(0.1) { None } else { Some(one_of!(g; 0, 1, u32::MAX, g.u32())) };
    let angle = g.range(-720.0, 720.0);
    c.angle = g.number(bad(F::Angle), Range::ANY, angle);
    let margin = g.range(0.0, 4.0);
    c.margin = g.number(bad(F::Margin), Range::closed(0.0, 4.0), margin);
    c.model = g.pick(ModelKind::ALL);
    let layers = one_of!(g; 0, 1, 1, 2, 2, 3, g.usize(0, 6));
    c.hidden = (0..layers).map(|_| if g.chance(0.1) { 16 } else { g.usize(1, 5) }).collect();
    if bad(F::Hidden) {
        if g.chance(0.5) {
            c.hidden = vec![g.usize(1, 4); g.usize(7, 40)];
        } else {
            let units = g.pick(&[0, 17, usize::MAX, 1 << 40]);
            let at = g.usize(0, c.hidden.len());
            c.hidden.insert(at, units);
        }
    }
    c.activation = g.pick(ActivationKind::ALL);
    if bad(F::Activations) {
        c.activations = vec![g.pick(ActivationKind::ALL); c.hidden.len() + g.usize(1, 3)];
    } else if g.chance(0.3) {
        c.activations = (0..c.hidden.len()).map(|_| g.pick(ActivationKind::ALL)).collect();
    }
    let alpha = one_of!(g; 0.01, 0.0, g.unit());
    c.leaky_alpha = g.number(bad(F::LeakyAlpha), Range::UNIT, alpha);
    c.loss = g.pick(Loss::ALL);
    c.optimizer = g.pick(OptimizerKind::ALL);
    let lr = if g.chance(0.05) { g.pick(&[10.0, 1e3, 1e300]) } else { g.decades(-4.0, 0.5) };
    c.learning_rate = g.number(bad(F::LearningRate), Range::POSITIVE, lr);
    c.batch_size = if bad(F::BatchSize) {
        g.pick(&[0, MAX_POINTS + 1, usize::MAX])
    } else {
        one_of!(g; 1, 2, 10, g.usize(1, 70), MAX_POINTS)
    };
    c.regularization = g.pick(Regularization::ALL);
    let rate = one_of!(g; 0.0, g.decades(-5.0, 0.0), 1e6);
    c.regularization_rate = g.number(bad(F::RegularizationRate), Range::NON_NEGATIVE, rate);
    let unit_typical = |g: &mut Gen, d: f64| one_of!(g; d, 0.0, g.unit());
    c.momentum = if bad(F::Momentum) || g.chance(0.5) {
        let m = unit_typical(g, 0.9);
        Some(g.number(bad(F::Momentum), Range::UNIT, m))
    } else {
        None
    };
    let a = unit_typical(g, 0.99);
    c.alpha = g.number(bad(F::Alpha), Range::UNIT, a);
    let b1 = unit_typical(g, 0.9);
    c.beta1 = g.number(bad(F::Beta1), Range::UNIT, b1);
    let b2 = unit_typical(g, 0.999);
    c.beta2 = g.number(bad(F::Beta2), Range::UNIT, b2);
    c.epsilon = if bad(F::Epsilon) || g.chance(0.5) {
        let e = g.decades(-12.0, 0.0);
        Some(g.number(bad(F::Epsilon), Range::POSITIVE, e))
    } else {
        None
    };
    c.record_history = g.chance(0.8);
    let names = parameter_names(&c);
    c.frozen = if bad(F::Frozen) {
        let wrong = one_of!(g;
            "w[0][0,2]".to_string(),
            format!("b[{}][0]", c.hidden_layers().len() + 1),
            "b[0][16]".into(),
            String::new(),
            "w[0][0,0] ".into(),
            "W[0][0,0]".into(),
            "x".repeat(10_000),
            g.text(12)
        );
        let mut f: Vec<String> = (0..g.usize(0, 2)).map(|_| g.pick(&names)).collect();
        let at = g.usize(0, f.len());
        f.insert(at, wrong);
        f
    } else if g.chance(0.02) {
        (0..3000).map(|_| g.pick(&names)).collect()
    } else if g.chance(0.3) {
        (0..g.usize(1, 3)).map(|_| g.pick(&names)).collect()
    } else {
        Vec::new()
    };
    c
}

/// A checked config with a seed from the generator when it had none (`check` would pick one
/// at random, and every run of this test must make the same calls).
fn seeded(v: ValidConfig, had_seed: bool, g: &mut Gen) -> ValidConfig {
    if had_seed {
        v
    } else {
        v.with_seed(g.u32())
    }
}

/// `base` with a random subset of fields taken from `other`: what the page's partial
/// `setConfig` does after merging.
fn merge(base: &TrainerConfig, other: &TrainerConfig, g: &mut Gen) -> TrainerConfig {
    let mut c = base.clone();
    let p = g.pick(&[0.05, 0.1, 0.3]);
    macro_rules! take {
        ($($f:ident),*) => { $( if g.chance(p) { c.$f = other.$f.clone(); } )* };
    }
    take!(
        dataset,
        points,
        noise,
        train_ratio,
        seed,
        angle,
        margin,
        model,
        hidden,
        activation,
        activations,
        leaky_alpha,
        loss,
        optimizer,
        learning_rate,
        batch_size,
        regularization,
        regularization_rate,
        momentum,
        alpha,
        beta1,
        beta2,
        epsilon,
        record_history,
        frozen
    );
    c
}

// ---------------------------------------------------------------------------------------------
// Random CSV and JSON text
// ---------------------------------------------------------------------------------------------

fn coordinate_text(g: &mut Gen) -> String {
    let v = g.range(-VIEW_HALF, VIEW_HALF);
    match g.below(8) {
        0 => format!("{v}"),
        1 => format!("{v:.3}"),
        2 => format!("{v:e}"),
        3 => format!("+{}", v.abs()),
        4 => g.pick(&["6", "-6", "-0", "0", ".5", "-.5", "6.0", "-6.000", "5e0", "0.6E1"]).to_string(),
        5 => format!("{}", v as i32),
        _ => format!("{v:.1}"),
    }
}

/// A CSV text the importer should accept (unless every point is marked test): optional header
/// (with or without a BOM), 3 or 4 columns, padded fields, blank lines, LF or CRLF.
fn valid_csv(g: &mut Gen) -> String {
    let eol = if g.chance(0.3) { "\r\n" } else { "\n" };
    let four = g.chance(0.5);
    let mut out = String::new();
    if g.chance(0.6) {
        out += g.pick(&["x1,x2,label", "x1,x2,label,set", "\u{feff}x1,x2,label", "a,b,c", "X1 , X2 , Label"]);
        out += eol;
    }
    let n = if g.chance(0.02) { g.pick(&[MAX_POINTS, MAX_POINTS + 1]) } else { g.usize(1, 40) };
    for _ in 0..n {
        let pad = if g.chance(0.1) { " " } else { "" };
        let label = g.pick(&["1", "+1", "1.0", "-1", "0", "-1.0", "0.0"]);
        let (x1, x2) = (coordinate_text(g), coordinate_text(g));
        out += &format!("{pad}{x1}{pad},{pad}{x2},{label}");
        if four {
            out += ",";
            out += g.pick(&["train", "train", "train", "test", "TRAIN", "Test", ""]);
        }
        out += eol;
        if g.chance(0.05) {
            out += eol;
        }
    }
    if g.chance(0.3) {
        out.truncate(out.trim_end().len());
    }
    out
}

/// `s` with a few random edits at character boundaries: characters replaced, inserted or
/// deleted, tokens that read as numbers out of range, the text cut short.
fn mutate_text(g: &mut Gen, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..g.int(1, 4) {
        let at = g.usize(0, chars.len());
        match g.below(6) {
            0 => chars.truncate(at),
            1 => {
                let t = g.text(3);
                chars.splice(at..at, t.chars());
            }
            2 if at < chars.len() => {
                let end = g.usize(at, chars.len().min(at + 20));
                chars.drain(at..end);
            }
            3 if at < chars.len() => chars[at] = g.pick(&['9', '-', ',', '.', 'e', 'x', '\n', '"', '}', ']', '😀']),
            4 => {
                let token = g.pick(&["e999", "nan", "NaN", "inf", "-inf", "1e308", "0x10", ",,", "--", "\u{feff}"]);
                chars.splice(at..at, token.chars());
            }
            _ => {
                let token = g.pick(&["18446744073709551616", "-128", "9007199254740993", "1e-400", "-0"]);
                chars.splice(at..at, token.chars());
            }
        }
    }
    chars.into_iter().collect()
}

/// Text for `importCsv`: valid, mutated, random characters or random bytes, or one of the
/// classic edge cases.
fn random_csv(g: &mut Gen) -> String {
    match g.below(10) {
        0..=3 => valid_csv(g),
        4..=6 => {
            let v = valid_csv(g);
            mutate_text(g, &v)
        }
        7 => g.text(200),
        8 => {
            let bytes: Vec<u8> = (0..g.usize(0, 200)).map(|_| g.u64() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => g
            .pick(&[
                "",
                "\n\n\n",
                "   ",
                "\u{feff}",
                "\u{feff}1,2,1\n",
                "x1,x2,label\n",
                "1,2,1,test\n",
                "nan,0,1\n",
                "inf,0,1\n",
                "1e999,0,1\n",
                "0,0,1,train,extra\n",
                ",,\n",
                "1,2,1\r\n3,4,-1\r\n",
                "1,2,1\r",
                "−1,2,1\n",
                "1,2,٣\n",
            ])
            .to_string(),
    }
}

/// Values a doctored state may put anywhere: other JSON types, and numbers at the edges of the
/// integer types the state holds (u64 counters, usize indices, i8 labels).
fn odd_json(g: &mut Gen) -> Value {
    match g.below(14) {
        0 => Value::Null,
        1 => Value::Bool(g.chance(0.5)),
        2 => Value::from(g.text(10)),
        3 => Value::Array(vec![]),
        4 => serde_json::json!({}),
        5 => Value::from(u64::MAX),
        6 => Value::from(u64::MAX - 1),
        7 => Value::from(1u64 << 63),
        8 => Value::from(i64::MIN),
        9 => Value::from(g.pick(&[-1i64, -128, 127, 128, 255, 0, 1, 2, 1 << 53, (1 << 53) + 1])),
        10 => Value::from(g.pick(&[1.5, -0.0, 1e308, -1e308, 5e-324, 6.000_000_000_000_001])),
        11 => Value::from(g.u64()),
        12 => Value::from(g.pick(&["NaN", "Infinity", "ffffffffffffffff", "zz", "", "0123456789abcdef0"])),
        _ => Value::from(g.range(-10.0, 10.0)),
    }
}

/// Every node of a JSON tree, as the list of steps to reach it.
fn node_paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                here.push(Step::Index(i));
                node_paths(x, here, out);
                here.pop();
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                here.push(Step::Key(k.clone()));
                node_paths(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn node_mut<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// A JSON text with one or two random doctorings: a field deleted, a value replaced by another
/// type or by an integer at its type's edge, a list shortened, emptied or lengthened, two
/// top-level fields swapped, or the text cut or garbled. Half the edits aim at a top-level
/// field (the counters, cursor, stride…), half at any node (a label, a coordinate, a param).
fn mutate_json(g: &mut Gen, json: &str) -> (String, String) {
    let Ok(mut v) = serde_json::from_str::<Value>(json) else {
        return (mutate_text(g, json), "garbled".into());
    };
    let mut what = Vec::new();
    for _ in 0..g.int(1, 2) {
        if g.chance(0.15) {
            let text = mutate_text(g, &v.to_string());
            what.push("garbled text".to_string());
            return (text, what.join("; "));
        }
        let path = if g.chance(0.5) {
            let keys: Vec<String> = v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
            if keys.is_empty() {
                vec![]
            } else {
                vec![Step::Key(g.pick(&keys))]
            }
        } else {
            let mut all = Vec::new();
            node_paths(&v, &mut Vec::new(), &mut all);
            g.pick(&all)
        };
        let op = g.below(6);
        what.push(format!("op {op} at {path:?}"));
        match op {
            0 => {
                // Delete the node from its parent.
                if let Some((last, parent)) = path.split_last() {
                    match (node_mut(&mut v, parent), last) {
                        (Value::Object(m), Step::Key(k)) => {
                            m.remove(k);
                        }
                        (Value::Array(a), Step::Index(i)) => {
                            a.remove(*i);
                        }
                        _ => {}
                    }
                }
            }
            1 | 2 => *node_mut(&mut v, &path) = odd_json(g),
            3 => {
                if let Value::Array(a) = node_mut(&mut v, &path) {
                    match g.below(3) {
                        0 => a.clear(),
                        1 => {
                            a.pop();
                        }
                        _ => {
                            if let Some(last) = a.last().cloned() {
                                a.push(last);
                            } else {
                                a.push(Value::from(0));
                            }
                        }
                    }
                } else {
                    *node_mut(&mut v, &path) = odd_json(g);
                }
            }
            4 => {
                if let Some(m) = v.as_object_mut() {
                    let keys: Vec<String> = m.keys().cloned().collect();
                    if keys.len() >= 2 {
                        let (a, b) = (g.pick(&keys), g.pick(&keys));
                        let va = m[&a].clone();
                        let vb = std::mem::replace(m.get_mut(&b).unwrap(), va);
                        m.insert(a, vb);
                    }
                }
            }
            _ => {
                // A number nudged: to another finite value, to its negation, or to a huge one.
                let node = node_mut(&mut v, &path);
                if let Some(x) = node.as_f64() {
                    *node = Value::from(g.pick(&[x + 1.0, -x, x * 1e300, 0.0, (x as i64).saturating_add(1) as f64]));
                } else {
                    *node = odd_json(g);
                }
            }
        }
    }
    (v.to_string(), what.join("; "))
}

// ---------------------------------------------------------------------------------------------
// What must hold across calls
// ---------------------------------------------------------------------------------------------

/// Everything about a run that a call may change, compared bit for bit (NaN-safe).
#[derive(Debug, PartialEq)]
struct Snapshot {
    config: TrainerConfig,
    seed: u32,
    points: Vec<([u64; 2], i8, bool)>,
    params: Vec<u64>,
    counters: [u64; 3],
    position: (usize, usize),
    history: Vec<u64>,
    diverged: bool,
    edited: bool,
}

fn snapshot(e: &Engine) -> Snapshot {
    let c = e.counters();
    Snapshot {
        config: e.config().clone(),
        seed: e.seed(),
        points: e.points().iter().map(|p| ([p.x[0].to_bits(), p.x[1].to_bits()], p.label, p.test)).collect(),
        params: e.params().iter().map(|p| p.to_bits()).collect(),
        counters: [c.samples_seen, c.iteration, c.epoch],
        position: e.position(),
        history: e.history().iter().map(|h| h.to_bits()).collect(),
        diverged: e.diverged().is_some(),
        edited: e.edited(),
    }
}

/// Invariants that hold after every call, whatever happened before.
#[track_caller]
fn check_invariants(e: &Engine) {
    let n = e.network().n_params();
    assert_eq!(e.params().len(), n);
    assert_eq!(e.network().parameter_names().len(), n);
    assert_eq!(e.gradient_norms().len(), e.network().sizes.len() - 1);
    assert!(!e.points().is_empty() && e.points().len() <= MAX_POINTS, "{} points", e.points().len());
    assert!(e.n_train() >= 1, "a run always keeps a training point");
    assert!(e.batch_size() >= 1 && e.iterations_per_epoch() >= 1);
    let (cursor, in_batch) = e.position();
    assert!(in_batch <= cursor && cursor <= e.n_train(), "position {cursor}/{in_batch} of {}", e.n_train());
    assert_eq!(e.history().len(), e.accuracy_history().len());
    assert_eq!(e.history().len() as u64, 2 * (e.counters().epoch + 1), "two history entries per epoch");
}

/// How much work a call may do, so that the largest configs stay cheap in debug builds.
fn heavy(e: &Engine) -> bool {
    e.n_train() * e.network().n_params() > 20_000
}

// ---------------------------------------------------------------------------------------------
// One random call on a run
// ---------------------------------------------------------------------------------------------

/// Makes one random call on `e` (maybe replacing it by an imported run), counting the outcome.
fn random_call(g: &mut Gen, e: &mut Engine, t: &mut Tally, log: &mut Vec<String>) {
    let before = snapshot(e);
    let n_params = e.network().n_params();
    let n_points = e.points().len();
    let heavy = heavy(e);
    // The call's Result, reduced to whether it failed and whether it may change the run.
    let mut outcome: Option<(bool, bool)> = None;
    match g.below(100) {
        0..=11 => {
            let n = if e.diverged().is_some() && g.chance(0.3) {
                // A stopped run must return at once, however much is asked.
                g.pick(&[u64::MAX, 10_000_000])
            } else {
                one_of!(g; 0, 1, 2, g.int(0, if heavy { 8 } else { 64 }))
            };
            log.push(format!("advance(Samples({n}))"));
            e.advance(Budget::Samples(n));
            t.ok("advance");
        }
        12..=19 => {
            let n =
                if e.diverged().is_some() && g.chance(0.3) { u64::MAX } else { g.int(0, if heavy { 2 } else { 8 }) };
            log.push(format!("advance(Batches({n}))"));
            e.advance(Budget::Batches(n));
            t.ok("advance");
        }
        20..=24 => {
            let n =
                if e.diverged().is_some() && g.chance(0.3) { u64::MAX } else { g.int(0, if heavy { 1 } else { 2 }) };
            log.push(format!("advance(Epochs({n}))"));
            e.advance(Budget::Epochs(n));
            t.ok("advance");
        }
        25..=32 => {
            let other = random_config(g);
            let merged = merge(e.config(), &other, g);
            log.push(format!("set_config({merged:?})"));
            let had_seed = merged.seed.is_some();
            match merged.check() {
                Ok(v) => {
                    t.ok("set_config");
                    let v = seeded(v, had_seed, g);
                    e.set_config(v);
                }
                Err(_) => t.err("set_config"),
            }
        }
        33..=35 => {
            let seed = one_of!(g; None, Some(e.seed()), Some(g.u32()), Some(0), Some(u32::MAX));
            log.push(format!("reset({seed:?})"));
            e.reset(seed);
            t.ok("reset");
        }
        36..=42 => {
            let (x, y) = (g.coordinate(), g.coordinate());
            let label = if g.chance(0.85) { g.pick(&[1, -1, 0]) } else { g.pick(&[2, -2, i32::MIN, i32::MAX, 127]) };
            log.push(format!("add_point({x:?}, {y:?}, {label})"));
            let r = e.add_point(x, y, label);
            t.count("add_point", &r);
            outcome = Some((r.is_err(), true));
        }
        43..=49 => {
            let i = g.index(n_points);
            log.push(format!("remove_point({i})"));
            let r = e.remove_point(i);
            t.count("remove_point", &r);
            outcome = Some((r.is_err(), true));
        }
        50..=55 => {
            let text = random_csv(g);
            log.push(format!("import_csv({:?})", text.chars().take(300).collect::<String>()));
            let r = e.import_csv(&text);
            t.count("import_csv", &r);
            outcome = Some((r.is_err(), true));
        }
        56..=57 => {
            log.push("export_csv → import_csv".into());
            let text = e.export_csv();
            let points = e.points().to_vec();
            e.import_csv(&text).expect("exported CSV reads back");
            assert_eq!(e.points(), &points[..], "CSV round trip changes no point");
            t.ok("csv_round_trip");
        }
        58..=62 => {
            let res = grid_side(g, heavy);
            let neurons = g.chance(0.5);
            log.push(format!("{}({res})", if neurons { "neuron_grids" } else { "predict_grid" }));
            let units = e.hidden_units();
            if neurons {
                let r = e.neuron_grids(res).map(|grid| grid.len());
                if let Ok(len) = r {
                    assert_eq!(len, units * res * res);
                }
                t.count("neuron_grids", &r);
                outcome = Some((r.is_err(), false));
            } else {
                let r = e.predict_grid(res).map(|grid| (grid.len(), grid.iter().all(|s| !(*s < 0.0 || *s > 1.0))));
                if let Ok((len, in_unit)) = r {
                    assert_eq!(len, res * res);
                    assert!(in_unit, "class scores lie in 0..=1 (or are NaN)");
                }
                t.count("predict_grid", &r);
                outcome = Some((r.is_err(), false));
            }
        }
        63..=67 => {
            let i = g.index(n_points);
            log.push(format!("trace({i})"));
            let r = e.trace(i);
            if let Ok(tr) = &r {
                assert_eq!((tr.index, tr.layers.len()), (i, e.network().sizes.len() - 1));
            }
            t.count("trace", &r);
        }
        68..=72 => {
            let (p, q) = param_pair(g, n_params);
            let res = if g.chance(0.85) { g.usize(1, if heavy { 2 } else { 6 }) } else { grid_side(g, heavy) };
            let bx = landscape_box(g, e, p, q);
            log.push(format!("landscape({p}, {q}, {res}, {bx:?})"));
            let r = e.landscape(p, q, res, bx);
            if let Ok(grid) = &r {
                assert_eq!(grid.len(), res * res);
            }
            t.count("landscape", &r);
            outcome = Some((r.is_err(), false));
        }
        73..=77 => {
            let (p, q) = param_pair(g, n_params);
            let (vp, vq) =
                if g.chance(0.7) { (g.range(-10.0, 10.0), g.range(-10.0, 10.0)) } else { (g.any_f64(), g.any_f64()) };
            log.push(format!("loss_at({p}, {q}, {vp:?}, {vq:?})"));
            let r = e.loss_at(p, q, vp, vq);
            t.count("loss_at", &r);
            outcome = Some((r.is_err(), false));
        }
        78..=81 => {
            let (p, q) = param_pair(g, n_params);
            log.push(format!("parameter_path({p}, {q})"));
            let r = e.parameter_path(p, q);
            if let Ok(path) = &r {
                assert!(path.len() >= 2 && path.len() % 2 == 0);
            }
            t.count("parameter_path", &r);
        }
        82..=86 => {
            log.push("metrics, weights, getters".into());
            let m = e.metrics();
            assert_eq!(m.dead_units.len(), e.network().sizes.len() - 1);
            assert_eq!(m.divergence.is_some(), e.diverged().is_some());
            let w = e.weights();
            assert_eq!(w.layers.len(), e.network().sizes.len() - 1);
            let _ = (e.gradient_norms(), e.hidden_units(), e.iterations_per_epoch(), e.batch_size(), e.seed());
            let _ = serde_json::to_string(&m).expect("metrics serialise");
            t.ok("inspect");
            outcome = Some((false, false));
        }
        87..=90 => {
            log.push("export_json → import_json".into());
            let json = e.export_json();
            match Engine::import_json(&json) {
                Ok(back) => {
                    assert_eq!(back.export_json(), json, "state round trip is exact");
                    *e = back;
                    t.ok("state_round_trip");
                }
                Err(err) => {
                    // Only a run restored from a doctored state near the counting limit may
                    // have counted past what a state may hold.
                    let s = e.to_state();
                    let counters = [s.optimizer_step, s.samples_seen, s.iteration, s.epoch, s.path_stride];
                    assert!(counters.iter().any(|&c| c > MAX_COUNT), "exported state does not read back: {err}");
                    t.err("state_round_trip");
                }
            }
        }
        _ => {
            let (text, what) = mutate_json(g, &e.export_json());
            log.push(format!("import_json(doctored: {what})"));
            let r = Engine::import_json(&text);
            t.count("import_json", &r);
            if let Ok(back) = r {
                check_invariants(&back);
                if g.chance(0.7) {
                    *e = back;
                    return;
                }
            }
        }
    }
    match outcome {
        // An error leaves the run exactly as it was.
        Some((true, _)) => assert_eq!(snapshot(e), before, "an Err changed the run"),
        // Inspecting (grids, landscapes, loss_at, metrics) never changes the run.
        Some((false, false)) => assert_eq!(snapshot(e), before, "an inspection changed the run"),
        _ => {}
    }
    check_invariants(e);
}

/// A grid side: usually a small valid one, sometimes one the engine must refuse.
fn grid_side(g: &mut Gen, heavy: bool) -> usize {
    if g.chance(0.8) {
        g.usize(1, if heavy { 4 } else { 12 })
    } else if g.chance(0.1) && !heavy {
        g.usize(13, 48)
    } else {
        g.pick(&[0, MAX_GRID + 1, usize::MAX, 1 << 32, 1 << 53])
    }
}

fn param_pair(g: &mut Gen, n: usize) -> (usize, usize) {
    let p = g.index(n);
    let q = if g.chance(0.1) { p } else { g.index(n) };
    (p, q)
}

/// A landscape box: around the current values (what `landscape` sends), a random one, an
/// inverted or empty one, or one with a non-finite corner.
fn landscape_box(g: &mut Gen, e: &Engine, p: usize, q: usize) -> [f64; 4] {
    let at = |i: usize| e.params().get(i).copied().unwrap_or(0.0);
    let (cp, cq) = (at(p), at(q));
    let span = g.decades(-3.0, 3.0);
    match g.below(10) {
        0..=5 => [cp - span, cp + span, cq - span, cq + span],
        6 => [cp + span, cp - span, cq - span, cq + span],
        7 => [cp, cp, cq - span, cq + span],
        _ => [g.any_f64(), g.any_f64(), g.any_f64(), g.any_f64()],
    }
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

const ENGINE_SEQUENCES: u64 = 360;

/// Random configs, each checked (`Ok` or `Err`, never a panic); every valid one becomes a run
/// that takes 20–50 random calls.
#[test]
fn random_call_sequences_on_random_runs_never_panic() {
    let mut total = Tally::default();
    for seed in 0..ENGINE_SEQUENCES {
        let mut t = Tally::default();
        replay_on_panic("engine sequence", seed, |log| {
            let mut g = Gen::new(seed);
            let valid = loop {
                let cfg = random_config(&mut g);
                log.push(format!("check({cfg:?})"));
                let had_seed = cfg.seed.is_some();
                match cfg.check() {
                    Ok(v) => {
                        t.ok("check");
                        break seeded(v, had_seed, &mut g);
                    }
                    Err(_) => t.err("check"),
                }
            };
            let mut e = Engine::new(valid);
            check_invariants(&e);
            for _ in 0..g.int(20, 50) {
                random_call(&mut g, &mut e, &mut t, log);
            }
        });
        total.merge(t);
    }
    total.print(&format!("{ENGINE_SEQUENCES} random call sequences"));
    total.assert_both(
        &[
            "check",
            "set_config",
            "add_point",
            "remove_point",
            "import_csv",
            "predict_grid",
            "neuron_grids",
            "trace",
            "landscape",
            "loss_at",
            "parameter_path",
            "import_json",
        ],
        20,
    );
    total.assert_ran(&["advance", "reset", "csv_round_trip", "state_round_trip", "inspect"], 100);
    assert!(total.calls() > 10_000, "only {} calls", total.calls());
}

/// The sequences keep grids small for speed; the largest side the pages may ask for (512) is
/// drawn in full once, and one more is refused.
#[test]
fn the_largest_grids_are_drawn_and_one_more_is_refused() {
    let cfg = TrainerConfig { points: 20, hidden: vec![2], seed: Some(9), ..TrainerConfig::default() };
    let mut e = Engine::new(cfg.check().unwrap());
    assert_eq!(e.predict_grid(MAX_GRID).map(<[f32]>::len), Ok(MAX_GRID * MAX_GRID));
    assert_eq!(e.neuron_grids(MAX_GRID).map(<[f32]>::len), Ok(2 * MAX_GRID * MAX_GRID));
    for res in [0, MAX_GRID + 1, usize::MAX] {
        assert!(e.predict_grid(res).is_err() && e.neuron_grids(res).is_err(), "res {res}");
        assert!(e.landscape(0, 1, res, [-1.0, 1.0, -1.0, 1.0]).is_err(), "res {res}");
    }
}

/// Saved states doctored at random (fields deleted, retyped, set to the edges of their integer
/// types, lists cut or grown, the text garbled); those that still import run a few random calls.
#[test]
fn doctored_states_are_refused_or_run_without_panicking() {
    let mut t = Tally::default();
    for seed in 0..200 {
        let mut local = Tally::default();
        replay_on_panic("doctored state", seed, |log| {
            let mut g = Gen::new(1_000_000 + seed);
            let cfg = TrainerConfig {
                points: g.usize(1, 40),
                hidden: vec![g.usize(1, 4); g.usize(0, 2)],
                batch_size: g.usize(1, 12),
                optimizer: g.pick(OptimizerKind::ALL),
                seed: Some(g.u32()),
                ..TrainerConfig::default()
            };
            let mut e = Engine::new(cfg.check().expect("a valid config"));
            e.advance(Budget::Samples(g.int(0, 100)));
            for _ in 0..5 {
                let (text, what) = mutate_json(&mut g, &e.export_json());
                log.push(format!("import_json(doctored: {what})"));
                let r = Engine::import_json(&text);
                local.count("import_json", &r);
                if let Ok(mut back) = r {
                    check_invariants(&back);
                    for _ in 0..8 {
                        random_call(&mut g, &mut back, &mut local, log);
                    }
                }
            }
            // Plain garbage and truncations of a real state.
            let json = e.export_json();
            let cut = g.usize(0, json.len());
            for text in [g.text(100), prefix(&json, cut).to_string(), String::new()] {
                log.push(format!("import_json({:?})", text.chars().take(100).collect::<String>()));
                local.count("import_json", &Engine::import_json(&text));
            }
        });
        t.merge(local);
    }
    t.print("doctored states");
    t.assert_both(&["import_json"], 50);
}

/// The text cut at byte `i`, or at the character boundary just before it.
fn prefix(s: &str, i: usize) -> &str {
    let end = (0..=i.min(s.len())).rev().find(|&j| s.is_char_boundary(j)).unwrap_or(0);
    &s[..end]
}

/// Every integer field of a saved state at the edges of its type. Counters near u64::MAX must
/// be refused or keep counting without overflow; a label of −128 must be refused, not negated.
#[test]
fn saved_state_integers_at_their_limits_never_panic() {
    let cfg = TrainerConfig {
        points: 12,
        batch_size: 4,
        optimizer: OptimizerKind::Adam,
        seed: Some(3),
        ..TrainerConfig::default()
    };
    let mut e = Engine::new(cfg.check().unwrap());
    e.advance(Budget::Samples(5));
    let state: Value = serde_json::from_str(&e.export_json()).unwrap();
    let fields = ["optimizerStep", "cursor", "inBatch", "samplesSeen", "iteration", "epoch", "pathStride", "pathSince"];
    let values = [
        Value::from(0),
        Value::from(1),
        Value::from(2),
        Value::from(1u64 << 53),
        Value::from((1u64 << 53) + 1),
        Value::from(1u64 << 62),
        Value::from(1u64 << 63),
        Value::from(u64::MAX - 1),
        Value::from(u64::MAX),
        Value::from(-1),
        Value::from(1.5),
    ];
    let mut t = Tally::default();
    let mut g = Gen::new(77);
    for field in fields {
        for value in &values {
            replay_on_panic(&format!("state with {field} = {value}"), 0, |log| {
                let mut s = state.clone();
                s[field] = value.clone();
                log.push(format!("import_json({field} = {value})"));
                let r = Engine::import_json(&s.to_string());
                t.count("import_json", &r);
                if let Ok(mut back) = r {
                    for budget in [Budget::Samples(7), Budget::Batches(3), Budget::Epochs(2)] {
                        log.push(format!("advance({budget:?})"));
                        back.advance(budget);
                    }
                    for _ in 0..10 {
                        random_call(&mut g, &mut back, &mut t, log);
                    }
                }
            });
        }
    }
    for label in [-128, -2, 0, 2, 127] {
        replay_on_panic(&format!("state with a label {label}"), 0, |log| {
            let mut s = state.clone();
            s["points"][0]["label"] = Value::from(label);
            log.push(format!("import_json(points[0].label = {label})"));
            let r = Engine::import_json(&s.to_string());
            assert!(r.is_err(), "a label of {label} is refused");
            t.count("import_json", &r);
        });
    }
    t.print("saved-state integers at their limits");
    t.assert_both(&["import_json"], 10);
}

/// Random JSON configs (a config's JSON with random doctorings), read by serde as the wasm
/// boundary does after its own checks, then checked; valid ones run a few random calls.
#[test]
fn configs_read_from_doctored_json_never_panic() {
    let mut t = Tally::default();
    for seed in 0..300 {
        let mut local = Tally::default();
        replay_on_panic("config from JSON", seed, |log| {
            let mut g = Gen::new(2_000_000 + seed);
            let base = random_config(&mut g);
            let json = serde_json::to_string(&base).expect("a config serialises");
            let (text, what) = if g.chance(0.2) { (json, "as is".into()) } else { mutate_json(&mut g, &json) };
            log.push(format!("config from {what}: {text}"));
            let parsed = serde_json::from_str::<TrainerConfig>(&text);
            local.count("deserialize", &parsed);
            let Ok(cfg) = parsed else { return };
            let had_seed = cfg.seed.is_some();
            let checked = cfg.check();
            local.count("check", &checked);
            if let Ok(v) = checked {
                let mut e = Engine::new(seeded(v, had_seed, &mut g));
                for _ in 0..5 {
                    random_call(&mut g, &mut e, &mut local, log);
                }
            }
        });
        t.merge(local);
    }
    t.print("configs from doctored JSON");
    t.assert_both(&["deserialize", "check"], 20);
}

// ---------------------------------------------------------------------------------------------
// The descent lab
// ---------------------------------------------------------------------------------------------

fn random_racer(g: &mut Gen, bad: bool) -> RacerConfig {
    // One invalid field when `bad`: which one is drawn here.
    let which = if bad { g.below(7) } else { 99 };
    let (unit, positive) = (Range::UNIT, Range::POSITIVE);
    let lr = if g.chance(0.1) { g.pick(&[1.0, 1.5, 100.0, 1e300]) } else { g.decades(-3.0, 0.3) };
    let typical_unit = |g: &mut Gen, d: f64| one_of!(g; d, 0.0, g.unit());
    let m = typical_unit(g, 0.9);
    let (a, b1, b2) = (typical_unit(g, 0.99), typical_unit(g, 0.9), typical_unit(g, 0.999));
    let eps = g.decades(-12.0, 0.0);
    RacerConfig {
        kind: g.pick(OptimizerKind::ALL),
        learning_rate: g.number(which == 0, positive, lr),
        momentum: if which == 1 || g.chance(0.5) { Some(g.number(which == 1, unit, m)) } else { None },
        alpha: g.number(which == 2, unit, a),
        beta1: g.number(which == 3, unit, b1),
        beta2: g.number(which == 4, unit, b2),
        epsilon: if which == 5 || g.chance(0.5) { Some(g.number(which == 5, positive, eps)) } else { None },
        label: if which == 6 {
            Some("λ".repeat(g.usize(81, 200)))
        } else if g.chance(0.5) {
            Some(one_of!(g; String::new(), "λ".repeat(80), g.text(40)))
        } else {
            None
        },
    }
}

/// A start point: inside the surface's box, on its corners, outside, or not finite.
fn start_point(g: &mut Gen, bx: [f64; 4]) -> [f64; 2] {
    match g.below(8) {
        0..=3 => [g.range(bx[0], bx[1]), g.range(bx[2], bx[3])],
        4 => [g.pick(&[bx[0], bx[1]]), g.pick(&[bx[2], bx[3]])],
        5 => [bx[1] + g.decades(-12.0, 3.0), g.range(bx[2], bx[3])],
        _ => [g.any_f64(), g.any_f64()],
    }
}

fn random_race_config(g: &mut Gen) -> RaceConfig {
    let surface = g.pick(Surface::ALL);
    let bx = surface.info().r#box;
    // Which part to make invalid: none half the time.
    let bad = if g.chance(0.5) { 99 } else { g.below(4) };
    let count = if bad == 0 { g.pick(&[0, 9, 10, 50]) } else { g.usize(1, 8) };
    let bad_racer = if bad == 1 { g.below(count as u64) as usize } else { usize::MAX };
    RaceConfig {
        surface,
        start: if bad == 2 {
            Some(g.pick(&[[f64::NAN, 0.0], [bx[1] + 1e-9, bx[2]], [bx[0], f64::INFINITY], [-1e300, 1e300]]))
        } else if g.chance(0.4) {
            None
        } else {
            let p = [g.range(bx[0], bx[1]), g.range(bx[2], bx[3])];
            Some(g.pick(&[p, [bx[0], bx[3]], [bx[1], bx[2]], [-0.0, -0.0]]))
        },
        optimizers: (0..count).map(|i| random_racer(g, i == bad_racer)).collect(),
        max_steps: if bad == 3 {
            g.pick(&[0, MAX_RACE_STEPS + 1, u64::MAX, 1 << 53])
        } else {
            one_of!(g; 1, 2, g.int(1, 300), g.int(1, 3000), MAX_RACE_STEPS)
        },
    }
}

/// Random races, `Race::new` `Ok` or `Err`; valid ones take random steps, restarts and reads.
#[test]
fn random_races_never_panic() {
    let mut t = Tally::default();
    for seed in 0..400 {
        let mut local = Tally::default();
        replay_on_panic("race", seed, |log| {
            let mut g = Gen::new(3_000_000 + seed);
            let cfg = random_race_config(&mut g);
            log.push(format!("Race::new({cfg:?})"));
            let r = Race::new(cfg.clone());
            local.count("Race::new", &r);
            let Ok(mut race) = r else { return };
            let bx = race.surface().info().r#box;
            let mut grid = Vec::new();
            for _ in 0..g.int(10, 30) {
                match g.below(7) {
                    0 | 1 => {
                        // Whole runs only when they stop soon (few steps allowed, or few racers).
                        let n = if race.config().max_steps <= 3000 && g.chance(0.2) {
                            MAX_RACE_STEPS
                        } else {
                            one_of!(g; 0, 1, g.int(0, 60))
                        };
                        log.push(format!("step({n})"));
                        race.step(n);
                        local.ok("step");
                    }
                    2 => {
                        let [x, y] = start_point(&mut g, bx);
                        log.push(format!("set_start({x:?}, {y:?})"));
                        let before = race.config().clone();
                        let r = race.set_start(x, y);
                        if r.is_err() {
                            assert_eq!(race.config(), &before, "a refused start changes nothing");
                        }
                        local.count("set_start", &r);
                    }
                    3 => {
                        log.push("reset()".into());
                        race.reset();
                        assert!(race.status().iter().all(|s| s.steps == 0 && !s.stopped));
                        local.ok("reset");
                    }
                    4 => {
                        let res = g.usize(1, 24);
                        log.push(format!("grid({res})"));
                        race.surface().grid(res, bx, &mut grid);
                        assert_eq!(grid.len(), res * res);
                        local.ok("grid");
                    }
                    _ => {
                        log.push("status, paths, config".into());
                        let _ = serde_json::to_string(race.config()).expect("config serialises");
                        local.ok("status");
                    }
                }
                // Every path holds the start and one point per step taken; none passes maxSteps.
                let (status, paths) = (race.status(), race.paths());
                assert_eq!(status.len(), race.config().optimizers.len());
                for (s, p) in status.iter().zip(&paths) {
                    assert_eq!(p.len() as u64, 2 * (s.steps + 1), "{}", s.label);
                    assert!(s.steps <= race.config().max_steps);
                }
            }
        });
        t.merge(local);
    }
    t.print("random races");
    t.assert_both(&["Race::new", "set_start"], 50);
    t.assert_ran(&["step", "reset", "grid", "status"], 100);
}

/// `Surface::value`/`gradient` (the lab's `evaluate`) at any point at all, and `grid` over any
/// box; inside a surface's box every value and gradient is finite.
#[test]
fn surfaces_answer_any_point_and_any_grid() {
    let mut g = Gen::new(4_000_000);
    let mut finite = 0;
    let mut out = Vec::new();
    for _ in 0..20_000 {
        let s = g.pick(Surface::ALL);
        let bx = s.info().r#box;
        let (x, y) =
            if g.chance(0.5) { (g.range(bx[0], bx[1]), g.range(bx[2], bx[3])) } else { (g.any_f64(), g.any_f64()) };
        let (v, d) = (s.value(x, y), s.gradient(x, y));
        if (bx[0]..=bx[1]).contains(&x) && (bx[2]..=bx[3]).contains(&y) {
            assert!(v.is_finite() && d.iter().all(|d| d.is_finite()), "{s:?} at ({x}, {y}): {v}, {d:?}");
            finite += 1;
        }
    }
    assert!(finite > 5_000, "only {finite} points inside the boxes");
    for _ in 0..2_000 {
        let s = g.pick(Surface::ALL);
        let res = g.usize(0, 20);
        let bx = if g.chance(0.5) { s.info().r#box } else { [g.any_f64(), g.any_f64(), g.any_f64(), g.any_f64()] };
        s.grid(res, bx, &mut out);
        assert_eq!(out.len(), res * res);
    }
}

/// Every name a page may send for an enum reads as its variant or as nothing.
#[test]
fn names_from_random_strings_read_or_are_refused() {
    let mut g = Gen::new(5_000_000);
    let mut known = 0;
    for _ in 0..5_000 {
        let name = if g.chance(0.3) {
            let names = g.pick(&[ActivationKind::NAMES, Surface::NAMES, OptimizerKind::NAMES, ModelKind::NAMES]);
            g.pick(names).to_string()
        } else {
            g.text(12)
        };
        let hits = [
            ActivationKind::from_name(&name).is_some(),
            Surface::from_name(&name).is_some(),
            OptimizerKind::from_name(&name).is_some(),
            ModelKind::from_name(&name).is_some(),
            DatasetKind::from_name(&name).is_some(),
            Loss::from_name(&name).is_some(),
            Regularization::from_name(&name).is_some(),
        ];
        known += usize::from(hits.iter().any(|h| *h));
    }
    assert!(known > 500, "{known} names were known");
}
