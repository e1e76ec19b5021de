//! The lesson registry, `www/lessons/registry.json`: the one definition of each of the
//! curriculum's 15 lessons — the page it lives on, its full settings (every field, so a change of
//! an engine default cannot change a lesson), the parts an embed of it shows, the controls it
//! locks, its Korean and English texts, and the outcome it demonstrates with the figure's
//! threshold. The pages and embeds import the same file; here it is compiled in
//! (`include_str!`), read strictly (every key known, every settings object complete) and each
//! lesson's outcome is run with exactly its settings (`outcomes.rs`).
//!
//! `cargo run --release --example lessons` prints the figures; `tests/lessons.rs` asserts each
//! lesson in its own test.

mod outcomes;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::config::{TrainerConfig, FIELDS};
use crate::race::{Race, RaceConfig, RacerConfig, RACER_FIELDS};
use crate::schema::names;
use crate::surface::Surface;

pub use outcomes::{Measure, Outcome};

/// The registry's text, as the pages load it.
pub const REGISTRY: &str = include_str!("../../www/lessons/registry.json");

/// The playground's own settings beside the trainer's (its hash entries).
const VIEW_FIELDS: &[&str] = &["speed", "stopEpochs", "stopLoss", "discretize", "lossLog", "cmp"];
/// The playground's playback speeds.
const SPEEDS: &[&str] = &["slow", "frame", "fast", "max"];
/// A lab lesson's settings.
const LAB_FIELDS: &[&str] =
    &["surface", "starts", "racers", "pair", "lr2", "steps", "speed", "seed", "batchSize", "model"];
/// The lab's steps per second.
const LAB_SPEEDS: &[u32] = &[1, 2, 5, 10, 20, 50, 100, 200, 500];
/// The trainer fields lesson 15's model takes from the lab's own settings (its seed, batch size
/// and first racer) rather than from `model`.
const LAB_RUN_FIELDS: &[&str] =
    &["seed", "batchSize", "optimizer", "learningRate", "momentum", "alpha", "beta1", "beta2", "epsilon"];
/// Parts an embed can show, by page.
pub const PLAYGROUND_PARTS: &[&str] =
    &["lesson", "map", "network", "loss", "accuracy", "gradients", "dead", "activation"];
pub const LAB_PARTS: &[&str] = &["lesson", "map", "table", "legend"];

/// A text in both languages.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub ko: String,
}

/// Where a lesson lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Page {
    /// `index.html`: a Trainer on a dataset.
    Playground,
    /// `descent.html`: optimizers on a surface, or lesson 15's model.
    Lab,
}

/// One lesson as the registry defines it.
#[derive(Clone, Debug)]
pub struct Lesson {
    pub number: u32,
    pub page: Page,
    pub title: Text,
    pub watch: Text,
    pub try_this: Text,
    pub checks: Option<Texts>,
    pub uses: Vec<String>,
    pub settings: Settings,
    pub parts: Vec<String>,
    pub locked: Vec<String>,
    pub outcome: Measure,
}

/// A lesson's settings: the playground's trainer and view, or the lab's run.
#[derive(Clone, Debug)]
pub enum Settings {
    Playground { trainer: Map<String, Value>, view: Map<String, Value> },
    Lab(Lab),
}

/// A lab lesson's run: the surface (or the model), one path per start point and racer, or — with
/// `pair` — the first racer on two maps, at its own learning rate and at `lr2`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Lab {
    pub surface: String,
    pub starts: Vec<[f64; 2]>,
    pub racers: Vec<RacerConfig>,
    pub pair: bool,
    pub lr2: f64,
    pub steps: u64,
    pub speed: u32,
    pub seed: u32,
    pub batch_size: usize,
    pub model: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct File {
    #[serde(rename = "//")]
    _about: String,
    parts: Parts,
    free_parts: Parts,
    lessons: Vec<Value>,
}

/// Parts an embed can show, by page.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Parts {
    playground: Vec<String>,
    lab: Vec<String>,
}

impl Parts {
    fn of(&self, page: Page) -> &[String] {
        match page {
            Page::Playground => &self.playground,
            Page::Lab => &self.lab,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLesson {
    lesson: u32,
    page: Page,
    title: Text,
    watch: Text,
    #[serde(rename = "try")]
    try_this: Text,
    /// What to look for now: two or three checkpoints, as many in each language.
    #[serde(default)]
    checks: Option<Texts>,
    /// The page's controls the lesson's text asks the learner to use (the rest start folded).
    #[serde(default)]
    uses: Vec<String>,
    settings: Map<String, Value>,
    parts: Vec<String>,
    locked: Vec<String>,
    outcome: Measure,
}

/// Texts in both languages, one list per language.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub en: Vec<String>,
    pub ko: Vec<String>,
}

/// Every lesson of the registry, in order; the first problem found is an error naming the
/// lesson and the field.
pub fn lessons() -> Result<Vec<Lesson>, String> {
    parse(REGISTRY)
}

/// Lesson `n`.
pub fn lesson(n: u32) -> Result<Lesson, String> {
    lessons()?.into_iter().find(|l| l.number == n).ok_or_else(|| format!("the registry has no lesson {n}"))
}

/// The registry in `text`, read strictly.
pub fn parse(text: &str) -> Result<Vec<Lesson>, String> {
    let file: File = serde_json::from_str(text).map_err(|e| format!("registry: {e}"))?;
    for page in [Page::Playground, Page::Lab] {
        let (all, free) = (file.parts.of(page), file.free_parts.of(page));
        if let Some(p) = free.iter().find(|p| !all.contains(p)) {
            return Err(format!("freeParts: \"{p}\" is not one of the {page:?} parts {all:?}"));
        }
    }
    let mut out: Vec<Lesson> = Vec::new();
    for (i, value) in file.lessons.into_iter().enumerate() {
        let raw: RawLesson = serde_json::from_value(value).map_err(|e| format!("lessons[{i}]: {e}"))?;
        let n = raw.lesson;
        let at = |what: String| format!("lesson {n}: {what}");
        if n as usize != i + 1 {
            return Err(at(format!("is number {} in the list; lessons are numbered 1, 2, … in order", i + 1)));
        }
        let settings = match raw.page {
            Page::Playground => playground_settings(raw.settings).map_err(at)?,
            Page::Lab => Settings::Lab(lab_settings(raw.settings).map_err(at)?),
        };
        let parts = file.parts.of(raw.page);
        if let Some(p) = raw.parts.iter().find(|p| !parts.contains(p)) {
            return Err(at(format!("parts: \"{p}\" is not one of {parts:?}")));
        }
        for (what, text) in [("title", &raw.title), ("watch", &raw.watch), ("try", &raw.try_this)] {
            if text.en.trim().is_empty() || text.ko.trim().is_empty() {
                return Err(at(format!("{what}: both texts, en and ko, are needed")));
            }
        }
        if let Some(c) = &raw.checks {
            if c.en.is_empty() || c.en.len() != c.ko.len() || c.en.iter().chain(&c.ko).any(|t| t.trim().is_empty()) {
                return Err(at("checks: as many non-empty checkpoints in en as in ko".into()));
            }
        }
        out.push(Lesson {
            number: n,
            page: raw.page,
            title: raw.title,
            watch: raw.watch,
            try_this: raw.try_this,
            checks: raw.checks,
            uses: raw.uses,
            settings,
            parts: raw.parts,
            locked: raw.locked,
            outcome: raw.outcome,
        });
    }
    Ok(out)
}

/// `object` has exactly the keys `expected` (a lesson defines every setting, no default filled
/// in for it); `what` names the object in the error.
fn exact_keys(what: &str, object: &Map<String, Value>, expected: &[&str]) -> Result<(), String> {
    if let Some(missing) = expected.iter().find(|k| !object.contains_key(**k)) {
        return Err(format!("{what} lacks \"{missing}\" (every field is given, defaults included)"));
    }
    if let Some(extra) = object.keys().find(|k| !expected.contains(&k.as_str())) {
        return Err(format!("{what} has the unknown field \"{extra}\"; the fields are {expected:?}"));
    }
    Ok(())
}

fn object(what: &str, value: Option<&Value>) -> Result<Map<String, Value>, String> {
    match value {
        Some(Value::Object(m)) => Ok(m.clone()),
        other => Err(format!("{what} must be an object, not {}", other.map_or("nothing".into(), Value::to_string))),
    }
}

fn playground_settings(s: Map<String, Value>) -> Result<Settings, String> {
    exact_keys("settings", &s, &["trainer", "view"])?;
    let trainer = object("settings.trainer", s.get("trainer"))?;
    exact_keys("settings.trainer", &trainer, &names(FIELDS))?;
    // Read the way JavaScript's config is read: types and ranges checked, errors name the field.
    let cfg = TrainerConfig::from_json(&Value::Object(trainer.clone()).to_string())
        .and_then(TrainerConfig::check)
        .map_err(|e| format!("settings.trainer.{e}"))?;
    if cfg.config().seed.is_none() {
        return Err("settings.trainer.seed: a lesson has a fixed seed".into());
    }
    let view = object("settings.view", s.get("view"))?;
    exact_keys("settings.view", &view, VIEW_FIELDS)?;
    let speed = view.get("speed").and_then(Value::as_str).unwrap_or("");
    if !SPEEDS.contains(&speed) {
        return Err(format!("settings.view.speed: \"{speed}\" is not one of {SPEEDS:?}"));
    }
    Ok(Settings::Playground { trainer, view })
}

fn lab_settings(s: Map<String, Value>) -> Result<Lab, String> {
    exact_keys("settings", &s, LAB_FIELDS)?;
    if let Some(Value::Array(racers)) = s.get("racers") {
        let fields: Vec<&str> = names(RACER_FIELDS).into_iter().filter(|&f| f != "label").collect();
        for (i, r) in racers.iter().enumerate() {
            exact_keys(&format!("settings.racers[{i}]"), &object("racer", Some(r))?, &fields)?;
        }
    }
    let lab: Lab = serde_json::from_value(Value::Object(s)).map_err(|e| format!("settings: {e}"))?;
    if !LAB_SPEEDS.contains(&lab.speed) {
        return Err(format!("settings.speed: {} is not one of {LAB_SPEEDS:?}", lab.speed));
    }
    if lab.racers.is_empty() {
        return Err("settings.racers: a lab lesson races at least one optimizer".into());
    }
    match (lab.surface(), &lab.model) {
        (None, Some(model)) => {
            let fields: Vec<&str> = names(FIELDS).into_iter().filter(|f| !LAB_RUN_FIELDS.contains(f)).collect();
            exact_keys("settings.model", model, &fields)?;
            lab.trainer_config().map_err(|e| format!("settings.model: {e}"))?;
        }
        (None, None) => return Err("settings.model: the model surface needs the model's settings".into()),
        (Some(_), Some(_)) => return Err("settings.model: only the model surface has a model (null here)".into()),
        (Some(_), None) => {
            if lab.starts.is_empty() {
                return Err("settings.starts: a surface lesson gives its start points".into());
            }
            for lane in 0..lab.lanes().len() {
                for &start in &lab.starts {
                    lab.race(lane, start)?;
                }
            }
        }
    }
    if lab.surface.as_str() != "model" && lab.surface().is_none() {
        return Err(format!("settings.surface: \"{}\" is not a surface nor \"model\"", lab.surface));
    }
    Ok(lab)
}

impl Settings {
    /// A playground lesson's trainer config with `with` laid over its settings (a lesson's
    /// "try this" variants), checked.
    pub fn trainer(&self, with: &Map<String, Value>) -> Result<crate::ValidConfig, String> {
        match self {
            Settings::Playground { trainer, .. } => {
                let mut cfg = trainer.clone();
                cfg.extend(with.iter().map(|(k, v)| (k.clone(), v.clone())));
                TrainerConfig::from_json(&Value::Object(cfg).to_string())
                    .and_then(TrainerConfig::check)
                    .map_err(|e| e.to_string())
            }
            Settings::Lab(lab) => lab.trainer_config(),
        }
    }
}

impl Lab {
    /// The surface, or `None` for the model's loss landscape.
    pub fn surface(&self) -> Option<Surface> {
        Surface::from_name(&self.surface)
    }

    /// The racers of each map: one map with every racer, or with `pair` two maps each with the
    /// first racer, at its learning rate on the left and at `lr2` on the right.
    pub fn lanes(&self) -> Vec<Vec<RacerConfig>> {
        match self.racers.first() {
            Some(first) if self.pair => {
                vec![vec![first.clone()], vec![RacerConfig { learning_rate: self.lr2, ..first.clone() }]]
            }
            _ => vec![self.racers.clone()],
        }
    }

    /// The race of map `lane` from `start`.
    pub fn race(&self, lane: usize, start: [f64; 2]) -> Result<Race, String> {
        let surface = self.surface().ok_or_else(|| format!("\"{}\" is not a surface", self.surface))?;
        let optimizers = self.lanes().get(lane).cloned().ok_or_else(|| format!("there is no map {lane}"))?;
        Race::new(RaceConfig { surface, start: Some(start), optimizers, max_steps: self.steps })
            .map_err(|e| format!("settings.{e}"))
    }

    /// Lesson 15's trainer: the model's settings with the lab's seed, batch size and first racer.
    pub fn trainer_config(&self) -> Result<crate::ValidConfig, String> {
        let mut cfg = self.model.clone().ok_or("this lesson has no model")?;
        let r = self.racers.first().ok_or("this lesson has no racer")?;
        let run = [
            ("seed", Value::from(self.seed)),
            ("batchSize", Value::from(self.batch_size)),
            ("optimizer", Value::from(r.kind.name())),
            ("learningRate", Value::from(r.learning_rate)),
            ("momentum", r.momentum.map_or(Value::Null, Value::from)),
            ("alpha", Value::from(r.alpha)),
            ("beta1", Value::from(r.beta1)),
            ("beta2", Value::from(r.beta2)),
            ("epsilon", r.epsilon.map_or(Value::Null, Value::from)),
        ];
        cfg.extend(run.into_iter().map(|(k, v)| (k.to_string(), v)));
        TrainerConfig::from_json(&Value::Object(cfg).to_string())
            .and_then(TrainerConfig::check)
            .map_err(|e| e.to_string())
    }
}

/// Runs lesson `n`'s outcome with its registry settings.
pub fn run(n: u32) -> Outcome {
    match lesson(n) {
        Ok(l) => outcomes::measure(&l),
        Err(e) => Outcome { number: n, name: String::new(), figure: e, pass: false },
    }
}

/// Every lesson's outcome, in curriculum order (one failed outcome if the registry is broken).
pub fn all() -> Vec<Outcome> {
    match lessons() {
        Ok(list) => list.iter().map(outcomes::measure).collect(),
        Err(e) => vec![Outcome { number: 0, name: "the registry".into(), figure: e, pass: false }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registry with `edit` applied to lesson `n` (1-based).
    fn edited(n: usize, edit: impl FnOnce(&mut Map<String, Value>)) -> Result<Vec<Lesson>, String> {
        let mut file: Value = serde_json::from_str(REGISTRY).unwrap();
        let lesson = file["lessons"][n - 1].as_object_mut().unwrap();
        edit(lesson);
        parse(&file.to_string())
    }

    fn settings(l: &mut Map<String, Value>) -> &mut Map<String, Value> {
        l.get_mut("settings").and_then(Value::as_object_mut).unwrap()
    }

    #[test]
    fn the_registry_reads() {
        assert_eq!(lessons().unwrap().len(), 15);
    }

    #[test]
    fn a_missing_setting_is_named() {
        let e = edited(3, |l| {
            settings(l)["trainer"].as_object_mut().unwrap().remove("angle");
        })
        .unwrap_err();
        assert_eq!(e, "lesson 3: settings.trainer lacks \"angle\" (every field is given, defaults included)");
        let e = edited(12, |l| {
            settings(l)["racers"][1].as_object_mut().unwrap().remove("epsilon");
        })
        .unwrap_err();
        assert!(e.starts_with("lesson 12: settings.racers[1] lacks \"epsilon\""), "{e}");
    }

    #[test]
    fn an_unknown_key_is_named() {
        let e = edited(5, |l| {
            settings(l)["view"].as_object_mut().unwrap().insert("speeed".into(), Value::from("fast"));
        })
        .unwrap_err();
        assert!(e.starts_with("lesson 5: settings.view has the unknown field \"speeed\""), "{e}");
        let e = edited(1, |l| {
            l.insert("tryy".into(), Value::Null);
        })
        .unwrap_err();
        assert!(e.starts_with("lessons[0]: unknown field `tryy`"), "{e}");
    }

    #[test]
    fn a_value_out_of_range_is_named_with_the_value() {
        let e = edited(7, |l| {
            settings(l)["trainer"]["learningRate"] = Value::from(-1);
        })
        .unwrap_err();
        assert!(e.starts_with("lesson 7: settings.trainer.learningRate: ") && e.ends_with("got -1"), "{e}");
        let e = edited(10, |l| {
            settings(l)["speed"] = Value::from(7);
        })
        .unwrap_err();
        assert!(e.starts_with("lesson 10: settings.speed: 7"), "{e}");
        let e = edited(4, |l| {
            l.insert("parts".into(), serde_json::json!(["map", "table"]));
        })
        .unwrap_err();
        assert!(e.starts_with("lesson 4: parts: \"table\""), "{e}");
    }

    #[test]
    fn only_the_model_surface_has_a_model_and_it_has_every_model_field() {
        let model = lesson(15).unwrap();
        let Settings::Lab(lab) = &model.settings else { panic!("lesson 15 is a lab lesson") };
        let m = lab.model.clone().unwrap();
        let e = edited(11, |l| {
            settings(l).insert("model".into(), Value::Object(m.clone()));
        })
        .unwrap_err();
        assert!(e.starts_with("lesson 11: settings.model: only the model surface"), "{e}");
        let e = edited(15, |l| {
            settings(l)["model"].as_object_mut().unwrap().insert("seed".into(), Value::from(3));
        })
        .unwrap_err();
        assert!(e.starts_with("lesson 15: settings.model has the unknown field \"seed\""), "{e}");
        // Its seed, batch size and optimizer are the lab's own.
        let cfg = lab.trainer_config().unwrap();
        assert_eq!((cfg.seed(), cfg.batch_size, cfg.learning_rate), (lab.seed, lab.batch_size, 0.05));
    }

    #[test]
    fn checkpoints_come_in_pairs_of_non_empty_texts() {
        assert_eq!(lesson(1).unwrap().checks.map(|c| c.ko.len()), Some(3));
        let e = |checks: Value| {
            edited(2, |l| {
                l.insert("checks".into(), checks);
            })
            .unwrap_err()
        };
        let want = "lesson 2: checks: as many non-empty checkpoints in en as in ko";
        assert_eq!(e(serde_json::json!({"en": ["a", "b"], "ko": ["가"]})), want);
        assert_eq!(e(serde_json::json!({"en": [], "ko": []})), want);
        assert_eq!(e(serde_json::json!({"en": ["a"], "ko": [" "]})), want);
        assert_eq!(e(serde_json::json!({"en": [""], "ko": ["가"]})), want);
        assert!(edited(2, |l| {
            l.insert("checks".into(), serde_json::json!({"en": ["a"], "ko": ["가"]}));
        })
        .is_ok());
    }

    #[test]
    fn every_text_is_needed_in_both_languages() {
        for (n, key, lang) in [(1, "title", "ko"), (8, "watch", "en"), (13, "try", "ko")] {
            let e = edited(n, |l| l[key][lang] = Value::from("  ")).unwrap_err();
            assert_eq!(e, format!("lesson {n}: {key}: both texts, en and ko, are needed"));
        }
    }

    #[test]
    fn lessons_are_numbered_in_order() {
        let e = edited(2, |l| {
            l["lesson"] = Value::from(9);
        })
        .unwrap_err();
        assert!(e.starts_with("lesson 9: is number 2 in the list"), "{e}");
    }
}
