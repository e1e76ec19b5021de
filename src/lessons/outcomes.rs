//! What each lesson demonstrates, measured: the registry's `outcome` names a measure and its
//! thresholds, and the measure runs the lesson's own settings (and the "try this" variants the
//! registry lists beside them) with their fixed seeds, down to one figure and a verdict.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Lab, Lesson, Settings};
use crate::engine::{Budget, Engine};
use crate::race::RacerState;

/// One lesson's result: the figure that proves it, in words, and whether it holds.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub number: u32,
    pub name: String,
    pub figure: String,
    pub pass: bool,
}

/// A variant of a lesson's settings (`with` laid over them) and the training accuracy it must
/// reach at the end (`finalAtLeast`) or never pass (`bestAtMost`).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Variant {
    pub with: Map<String, Value>,
    pub final_at_least: Option<f64>,
    pub best_at_most: Option<f64>,
}

/// Dead ReLUs: the variant `with` and the Leaky ReLU one, trained for `epochs`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Dead {
    pub with: Map<String, Value>,
    pub leaky: Map<String, Value>,
    pub epochs: u64,
}

/// Iterations per epoch expected at one batch size.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PerEpoch {
    pub batch_size: usize,
    pub iterations: u64,
}

/// The outcome a lesson demonstrates, by the number it is about.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "measure", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Measure {
    /// The training accuracy reaches 100% within `within_epochs`.
    FullAccuracy { within_epochs: u64 },
    /// In `epochs` the training accuracy never passes `at_most`, and the weights still move
    /// after epoch `moving_from` (a model that stopped learning would pass the first part).
    StuckBelow { epochs: u64, at_most: f64, moving_from: u64 },
    /// Over `epochs`, on the same points in the same order: the lesson's loss never rises by
    /// more than `max_rise` of its range (smooth), while the `compare` variant's count of
    /// misclassified training points rises in at least `min_rises` epochs (jumpy).
    SmoothVersusJumpy { epochs: u64, compare: Map<String, Value>, max_rise: f64, min_rises: usize },
    /// After `epochs` the test accuracy is within `tolerance` of `best_accuracy` (the Bayes
    /// rate of the data), and at least `min_graded` of the grid² heatmap cells are strictly
    /// between 0.05 and 0.95.
    Probabilities { epochs: u64, best_accuracy: f64, tolerance: f64, grid: usize, min_graded: usize },
    /// Each variant's accuracy after `epochs`.
    Variants { epochs: u64, variants: Vec<Variant> },
    /// After one batch the last/first layer gradient-norm ratio is at least `min_ratio`, and
    /// under `max_relu_ratio` with the `relu` variant; some units die in `dead.with` and none in
    /// `dead.leaky` (a leaky unit always passes gradient).
    Vanishing { min_ratio: f64, relu: Map<String, Value>, max_relu_ratio: f64, dead: Dead },
    /// Iterations per epoch at each batch size, over `epochs` epochs.
    Iterations { epochs: u64, per_epoch: Vec<PerEpoch> },
    /// The left map's racer diverges within `diverge_within` steps; the right one takes every
    /// step, goes downhill and still ends farther than `crawl_distance` from the minimum.
    PairedRates { diverge_within: u64, crawl_distance: f64 },
    /// Every start ends in a different minimum (within 10⁻³), at a different depth.
    Basins,
    /// After the lesson's steps the `stalled` racers are still above `flat`, the `crossed` ones
    /// below it.
    Plateau { flat: f64, stalled: Vec<usize>, crossed: Vec<usize> },
    /// The first racer's step across the ravine (y) flips sign at least `min_flips` times in a
    /// row; the second gets within `near` of the minimum in fewer steps.
    Ravine { min_flips: usize, near: f64 },
    /// Every racer ends below `below_fraction` of the start's value, none diverged.
    Race { below_fraction: f64 },
    /// Lesson 15: the path has more than `min_path` points; its last point's value on the map
    /// is the trainer's loss, below its first, and within `tolerance` of the lowest value of a
    /// grid² map around the path.
    Landscape { grid: usize, min_path: usize, tolerance: f64 },
}

/// Runs `lesson`'s measure on its settings.
pub fn measure(lesson: &Lesson) -> Outcome {
    let result = match (&lesson.outcome, &lesson.settings) {
        (Measure::FullAccuracy { within_epochs }, s) => full_accuracy(s, *within_epochs),
        (Measure::StuckBelow { epochs, at_most, moving_from }, s) => stuck_below(s, *epochs, *at_most, *moving_from),
        (Measure::SmoothVersusJumpy { epochs, compare, max_rise, min_rises }, s) => {
            smooth_versus_jumpy(s, *epochs, compare, *max_rise, *min_rises)
        }
        (Measure::Probabilities { epochs, best_accuracy, tolerance, grid, min_graded }, s) => {
            probabilities(s, *epochs, *best_accuracy, *tolerance, *grid, *min_graded)
        }
        (Measure::Variants { epochs, variants }, s) => each_variant(s, *epochs, variants),
        (Measure::Vanishing { min_ratio, relu, max_relu_ratio, dead }, s) => {
            vanishing(s, *min_ratio, relu, *max_relu_ratio, dead)
        }
        (Measure::Iterations { epochs, per_epoch }, s) => iterations(s, *epochs, per_epoch),
        (Measure::PairedRates { diverge_within, crawl_distance }, Settings::Lab(lab)) => {
            paired_rates(lab, *diverge_within, *crawl_distance)
        }
        (Measure::Basins, Settings::Lab(lab)) => basins(lab),
        (Measure::Plateau { flat, stalled, crossed }, Settings::Lab(lab)) => plateau(lab, *flat, stalled, crossed),
        (Measure::Ravine { min_flips, near }, Settings::Lab(lab)) => ravine(lab, *min_flips, *near),
        (Measure::Race { below_fraction }, Settings::Lab(lab)) => race(lab, *below_fraction),
        (Measure::Landscape { grid, min_path, tolerance }, s) => landscape(s, *grid, *min_path, *tolerance),
        (m, _) => Err(format!("the measure {m:?} needs a lab lesson")),
    };
    let (figure, pass) = result.unwrap_or_else(|e| (format!("cannot run: {e}"), false));
    Outcome { number: lesson.number, name: lesson.title.en.clone(), figure, pass }
}

type Measured = Result<(String, bool), String>;

fn engine(s: &Settings, with: &Map<String, Value>) -> Result<Engine, String> {
    Ok(Engine::new(s.trainer(with)?))
}

fn own(s: &Settings) -> Result<Engine, String> {
    engine(s, &Map::new())
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt()
}

fn full_accuracy(s: &Settings, within: u64) -> Measured {
    let mut e = own(s)?;
    let mut epochs = 0;
    while e.metrics().train_accuracy < 1.0 && epochs < within {
        e.advance(Budget::Epochs(1));
        epochs += 1;
    }
    let acc = e.metrics().train_accuracy;
    Ok((format!("training accuracy {acc:.3} after {epochs} epochs (100% needed within {within})"), acc == 1.0))
}

fn stuck_below(s: &Settings, epochs: u64, at_most: f64, moving_from: u64) -> Measured {
    let mut e = own(s)?;
    let (mut best, mut least_move) = (0.0f64, f64::INFINITY);
    for epoch in 1..=epochs {
        let before = e.params().to_vec();
        e.advance(Budget::Epochs(1));
        best = best.max(e.metrics().train_accuracy);
        if epoch > moving_from {
            least_move = least_move.min(distance(&before, e.params()));
        }
    }
    Ok((
        format!("best training accuracy {best:.3} in {epochs} epochs (at most {at_most}); the weights still move by at least {least_move:.3} per epoch after epoch {moving_from}"),
        best <= at_most && least_move > 0.0 && e.diverged().is_none(),
    ))
}

fn smooth_versus_jumpy(
    s: &Settings,
    epochs: u64,
    compare: &Map<String, Value>,
    max_rise: f64,
    min_rises: usize,
) -> Measured {
    let mut own = own(s)?;
    let mut other = engine(s, compare)?;
    let n = own.n_train() as f64;
    let (mut loss, mut errors) = (vec![own.metrics().train_loss], vec![(1.0 - other.metrics().train_accuracy) * n]);
    for _ in 0..epochs {
        own.advance(Budget::Epochs(1));
        other.advance(Budget::Epochs(1));
        loss.push(own.metrics().train_loss);
        // A count of points: the accuracy is a multiple of 1/n, rounded back to a whole number.
        errors.push(((1.0 - other.metrics().train_accuracy) * n).round());
    }
    let range =
        loss.iter().copied().fold(f64::NEG_INFINITY, f64::max) - loss.iter().copied().fold(f64::INFINITY, f64::min);
    let worst = loss.windows(2).map(|w| w[1] - w[0]).fold(0.0, f64::max) / range;
    let rises = errors.windows(2).filter(|w| w[1] > w[0]).count();
    Ok((
        format!(
            "loss {:.3} -> {:.3}, its largest rise {:.2}% of its range (at most {}%); with {} the error count rose in {rises} of {epochs} epochs (at least {min_rises})",
            loss[0],
            loss[loss.len() - 1],
            worst * 100.0,
            max_rise * 100.0,
            Value::Object(compare.clone()),
        ),
        loss.iter().all(|v| v.is_finite()) && range > 0.0 && worst <= max_rise && rises >= min_rises,
    ))
}

fn probabilities(s: &Settings, epochs: u64, best: f64, tolerance: f64, grid: usize, min_graded: usize) -> Measured {
    let mut e = own(s)?;
    e.advance(Budget::Epochs(epochs));
    let acc = e.metrics().test_accuracy.ok_or("the lesson has no test set")?;
    let cells = e.predict_grid(grid).map_err(|e| e.to_string())?;
    let graded = cells.iter().filter(|&&p| p > 0.05 && p < 0.95).count();
    Ok((
        format!("test accuracy {acc:.3} (best possible {best}, ± {tolerance}); {graded} of {} map cells strictly between 0.05 and 0.95 (at least {min_graded})", grid * grid),
        (acc - best).abs() <= tolerance && graded >= min_graded,
    ))
}

fn each_variant(s: &Settings, epochs: u64, variants: &[Variant]) -> Measured {
    let mut parts = Vec::new();
    let mut pass = true;
    for v in variants {
        let mut e = engine(s, &v.with)?;
        let (start, loss0) = (e.params().to_vec(), e.metrics().train_loss);
        let mut best: f64 = 0.0;
        for _ in 0..epochs {
            e.advance(Budget::Epochs(1));
            best = best.max(e.metrics().train_accuracy);
        }
        let m = e.metrics();
        let name = if v.with.is_empty() { "as set".to_string() } else { Value::Object(v.with.clone()).to_string() };
        if let Some(min) = v.final_at_least {
            pass &= m.train_accuracy >= min;
            parts.push(format!("{name}: {:.3} (>= {min})", m.train_accuracy));
        }
        if let Some(max) = v.best_at_most {
            // A variant that cannot get there must still have trained: its loss fell.
            let trained = m.train_loss < loss0 && distance(&start, e.params()) > 0.0;
            pass &= best <= max && trained;
            parts.push(format!("{name}: best {best:.3} (<= {max}), loss {loss0:.3} -> {:.3}", m.train_loss));
        }
    }
    Ok((format!("training accuracy after {epochs} epochs: {}", parts.join("; ")), pass && !variants.is_empty()))
}

fn vanishing(s: &Settings, min_ratio: f64, relu: &Map<String, Value>, max_relu: f64, dead: &Dead) -> Measured {
    let ratio = |with: &Map<String, Value>| -> Result<f64, String> {
        let mut e = engine(s, with)?;
        e.advance(Budget::Batches(1));
        let g = e.gradient_norms();
        Ok(g.last().copied().unwrap_or(f64::NAN) / g.first().copied().unwrap_or(f64::NAN))
    };
    let (own_ratio, relu_ratio) = (ratio(&Map::new())?, ratio(relu)?);
    let count = |with: &Map<String, Value>| -> Result<u32, String> {
        let mut e = engine(s, with)?;
        e.advance(Budget::Epochs(dead.epochs));
        Ok(e.metrics().dead_units.iter().sum())
    };
    let (dead_relu, dead_leaky) = (count(&dead.with)?, count(&dead.leaky)?);
    Ok((
        format!(
            "last/first layer gradient norm after one batch: {own_ratio:.0}x (>= {min_ratio}), with ReLU {relu_ratio:.1}x (< {max_relu}); dead units after {} epochs: ReLU {dead_relu}, Leaky ReLU {dead_leaky}",
            dead.epochs
        ),
        own_ratio >= min_ratio && relu_ratio < max_relu && dead_relu > 0 && dead_leaky == 0,
    ))
}

fn iterations(s: &Settings, epochs: u64, per_epoch: &[PerEpoch]) -> Measured {
    let mut parts = Vec::new();
    let mut pass = !per_epoch.is_empty();
    for p in per_epoch {
        let mut with = Map::new();
        with.insert("batchSize".into(), Value::from(p.batch_size));
        let mut e = engine(s, &with)?;
        e.advance(Budget::Epochs(epochs));
        let c = e.counters();
        let n = e.n_train() as u64;
        pass &= c.epoch == epochs && c.iteration == epochs * p.iterations && c.samples_seen == epochs * n;
        parts.push(format!("batch {}: {} iterations in {epochs} epochs of {n} samples", p.batch_size, c.iteration));
    }
    Ok((parts.join("; "), pass))
}

fn paired_rates(lab: &Lab, diverge_within: u64, crawl: f64) -> Measured {
    let start = *lab.starts.first().ok_or("no start point")?;
    let surface = lab.surface().ok_or("no surface")?;
    let minimum = *surface.info().minima.first().ok_or("the surface has no minimum")?;
    let f0 = surface.value(start[0], start[1]);
    let mut left = lab.race(0, start)?;
    let mut right = lab.race(1, start)?;
    left.step(lab.steps);
    right.step(lab.steps);
    let (l, r) = (&left.status()[0], &right.status()[0]);
    let far = distance(&r.position, &minimum);
    let diverged = matches!(l.state, RacerState::Diverged | RacerState::DivergedLeftBox);
    Ok((
        format!(
            "from f = {f0}: left diverged: {diverged} after {} steps (within {diverge_within}); right after {} steps f = {:.3}, {far:.3} from the minimum (more than {crawl})",
            l.steps, r.steps, r.loss
        ),
        diverged
            && l.steps <= diverge_within
            && r.steps == lab.steps
            && r.state == RacerState::Finished
            && r.loss < f0
            && far > crawl,
    ))
}

fn basins(lab: &Lab) -> Measured {
    let minima = lab.surface().ok_or("no surface")?.info().minima;
    let mut ends = Vec::new();
    for &start in &lab.starts {
        let mut d = lab.race(0, start)?;
        d.step(lab.steps);
        let st = &d.status()[0];
        let which = minima.iter().position(|m| distance(m, &st.position) < 1e-3);
        ends.push((which, st.loss));
    }
    let mut found: Vec<usize> = ends.iter().filter_map(|e| e.0).collect();
    found.sort();
    found.dedup();
    let mut depths: Vec<String> = ends.iter().map(|e| format!("{:.3}", e.1)).collect();
    let shown = depths.join(", ");
    depths.sort();
    depths.dedup();
    Ok((
        format!("{} starts end in {} different minima, at f = {shown}", ends.len(), found.len()),
        ends.len() > 1 && found.len() == ends.len() && depths.len() == ends.len(),
    ))
}

fn plateau(lab: &Lab, flat: f64, stalled: &[usize], crossed: &[usize]) -> Measured {
    let start = *lab.starts.first().ok_or("no start point")?;
    let mut d = lab.race(0, start)?;
    d.step(lab.steps);
    let s = d.status();
    let loss = |i: usize| s.get(i).map(|r| r.loss).ok_or(format!("there is no racer {i}"));
    let mut pass = !crossed.is_empty();
    for &i in stalled {
        pass &= loss(i)? > flat;
    }
    for &i in crossed {
        pass &= loss(i)? < flat;
    }
    let list: Vec<String> = s.iter().map(|r| format!("{} f = {:.4}", r.label, r.loss)).collect();
    Ok((format!("after {} steps (plateau: f > {flat}): {}", lab.steps, list.join(", ")), pass))
}

fn ravine(lab: &Lab, min_flips: usize, near: f64) -> Measured {
    let start = *lab.starts.first().ok_or("no start point")?;
    let minimum = *lab.surface().ok_or("no surface")?.info().minima.first().ok_or("no minimum")?;
    let mut d = lab.race(0, start)?;
    let mut arrived: Vec<Option<u64>> = vec![None; lab.lanes()[0].len()];
    for step in 1..=lab.steps {
        d.step(1);
        for (i, r) in d.status().iter().enumerate() {
            if arrived[i].is_none() && distance(&r.position, &minimum) < near {
                arrived[i] = Some(step);
            }
        }
    }
    let ys: Vec<f64> = d.paths().first().ok_or("no path")?.chunks(2).map(|p| p[1]).collect();
    let dy: Vec<f64> = ys.windows(2).map(|w| w[1] - w[0]).collect();
    let flips = dy.windows(2).take_while(|w| w[0] * w[1] < 0.0).count();
    let (first, second) = (arrived.first().copied().flatten(), arrived.get(1).copied().flatten());
    Ok((
        format!("the first racer's y step flips sign {flips} times in a row (at least {min_flips}); within {near} of the minimum after {first:?} and {second:?} steps"),
        flips >= min_flips && matches!((first, second), (Some(a), Some(b)) if b < a),
    ))
}

fn race(lab: &Lab, below: f64) -> Measured {
    let start = *lab.starts.first().ok_or("no start point")?;
    let f0 = lab.surface().ok_or("no surface")?.value(start[0], start[1]);
    let mut d = lab.race(0, start)?;
    d.step(lab.steps);
    let s = d.status();
    let parts: Vec<String> = s.iter().map(|r| format!("{} {:.2e}", r.label, r.loss)).collect();
    Ok((
        format!("f after {} steps from {f0:.1} (each below {}): {}", lab.steps, below * f0, parts.join(", ")),
        s.iter().all(|r| r.loss.is_finite() && r.loss < below * f0 && r.state != RacerState::Diverged),
    ))
}

fn landscape(s: &Settings, res: usize, min_path: usize, tolerance: f64) -> Measured {
    let steps = match s {
        Settings::Lab(lab) => lab.steps,
        Settings::Playground { .. } => return Err("the landscape lesson is a lab lesson".into()),
    };
    let mut e = own(s)?;
    e.advance(Budget::Batches(steps));
    let path = e.parameter_path(0, 1).map_err(|e| e.to_string())?;
    let n = path.len() / 2;
    let (lo, hi) = path.chunks(2).fold(([f64::MAX; 2], [f64::MIN; 2]), |(lo, hi), p| {
        ([lo[0].min(p[0]), lo[1].min(p[1])], [hi[0].max(p[0]), hi[1].max(p[1])])
    });
    let pad = 0.5;
    let bx = [lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad];
    let grid = e.landscape(0, 1, res, bx).map_err(|e| e.to_string())?;
    let grid_min = grid.iter().copied().fold(f64::INFINITY, f64::min);
    let mut at = |p: &[f64]| e.loss_at(0, 1, p[0], p[1]).map(|(v, _)| v).map_err(|e| e.to_string());
    let first = at(&path[..2])?;
    let last = at(&path[path.len() - 2..])?;
    let now = e.metrics().train_loss;
    Ok((
        format!("{n} points on the (w1, w2) path; loss {first:.4} -> {last:.4} (the trainer reports {now:.4}); lowest of a {res}x{res} map around the path {grid_min:.4}"),
        n > min_path && (last - now).abs() < 1e-9 && last < first && last <= grid_min + tolerance,
    ))
}
