//! The `Trainer` class that pages and course notes program against.
//!
//! Every method takes its arguments as `JsValue`s and checks them (see `convert`): a wrong type,
//! a bad index or an out-of-range number throws an `EngineError` carrying `code`, `field` and `value`,
//! and the run is left exactly as it was. Nothing here can panic. Bulk data leaves as typed
//! arrays copied out of buffers the engine reuses.

use js_sys::{Array, Float32Array, Float64Array, Int8Array, Object, Uint32Array, Uint8Array};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::convert::{
    from_json, index, number, number_in, numbers, object, object_json, optional_whole, set, text as read_text, to_js,
    work, OrThrow,
};
use crate::activation::{Activation, ActivationKind};
use crate::config::{TrainerConfig, FIELDS, LEAKY_ALPHA};
use crate::engine::{trainer_schema, Budget, Engine, MAX_GRID, MAX_STEPS_PER_CALL};
use crate::error::{Code, EngineError, Range};
use crate::loss::Loss;

/// A training run: data, model, optimizer and everything they show.
#[wasm_bindgen]
pub struct Trainer {
    engine: Engine,
}

/// Every point of a run as typed arrays: coordinates (x1, x2 per point), labels ±1, and 1 for
/// the test points.
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Points {
    #[tsify(type = "Float64Array")]
    pub x: Float64Array,
    #[tsify(type = "Int8Array")]
    pub label: Int8Array,
    #[tsify(type = "Uint8Array")]
    pub is_test: Uint8Array,
}

/// Longest CSV text `importCsv` reads: 2,000 points of long decimals fit many times over.
const MAX_CSV_CHARS: u32 = 1 << 20;
/// Longest state JSON `fromState` reads.
const MAX_STATE_CHARS: u32 = 1 << 26;
/// Most samples of an activation curve.
const MAX_CURVE: f64 = 10_000.0;

fn grid_side(v: &JsValue) -> Result<usize, JsValue> {
    Ok(number_in("res", v, Range::whole(1.0, MAX_GRID as f64)).or_throw()? as usize)
}

impl Trainer {
    fn step(&mut self, n: &JsValue, budget: fn(u64) -> Budget) -> Result<f64, JsValue> {
        let n = work("n", n, MAX_STEPS_PER_CALL as f64).or_throw()?;
        self.engine.check_advance(budget(n)).or_throw()?;
        Ok(self.engine.advance(budget(n)))
    }

    fn param(&self, name: &str, v: &JsValue) -> Result<usize, JsValue> {
        index(name, v, self.engine.network().n_params()).or_throw()
    }
}

#[wasm_bindgen]
impl Trainer {
    /// Every config field (name, kind, range), the defaults, each optimizer's hyperparameters
    /// and torch defaults, each model's output and loss, the limits and the error codes.
    #[wasm_bindgen(unchecked_return_type = "TrainerSchema")]
    pub fn schema() -> Result<JsValue, JsValue> {
        to_js(&trainer_schema())
    }

    /// An activation function and its derivative at `n` evenly spaced z from `from` to `to`:
    /// [f(z0), …, f(z_{n−1}), f'(z0), …, f'(z_{n−1})]. `name` as in the config's `activation`.
    #[wasm_bindgen(js_name = activationCurve)]
    pub fn activation_curve(
        #[wasm_bindgen(unchecked_param_type = "ActivationKind")] name: JsValue,
        #[wasm_bindgen(js_name = leakyAlpha, unchecked_param_type = "number")] leaky_alpha: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<Float64Array, JsValue> {
        let name = read_text("name", &name, 64).or_throw()?;
        let kind = ActivationKind::from_name(&name)
            .ok_or_else(|| EngineError::choice("name", &name, ActivationKind::NAMES))
            .or_throw()?;
        let alpha = number("leakyAlpha", &leaky_alpha).or_throw()?;
        LEAKY_ALPHA.check(alpha).or_throw()?;
        let from = number_in("from", &from, Range::ANY).or_throw()?;
        let to = number_in("to", &to, Range::ANY).or_throw()?;
        if from >= to {
            return Err(EngineError::new(Code::Order, "to").with_value(to)).or_throw();
        }
        let n = number_in("n", &n, Range::whole(2.0, MAX_CURVE)).or_throw()? as usize;
        let act = Activation::from_kind(kind, alpha);
        let mut out = vec![0.0; 2 * n];
        for i in 0..n {
            let z = from + (to - from) * i as f64 / (n - 1) as f64;
            let a = act.value(z);
            out[i] = a;
            out[n + i] = act.derivative(z, a);
        }
        Ok(Float64Array::from(&out[..]))
    }

    /// A loss against the margin m = y·z at `n` evenly spaced m from `from` to `to` (with the
    /// output an MLP pairs with it): lesson 8's chart. `name` as in the config's `loss`.
    #[wasm_bindgen(js_name = lossCurve)]
    pub fn loss_curve(
        #[wasm_bindgen(unchecked_param_type = "Loss")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<Float64Array, JsValue> {
        let name = read_text("name", &name, 64).or_throw()?;
        let loss = Loss::from_name(&name).ok_or_else(|| EngineError::choice("name", &name, Loss::NAMES)).or_throw()?;
        let from = number_in("from", &from, Range::ANY).or_throw()?;
        let to = number_in("to", &to, Range::ANY).or_throw()?;
        if from >= to {
            return Err(EngineError::new(Code::Order, "to").with_value(to)).or_throw();
        }
        let n = number_in("n", &n, Range::whole(2.0, MAX_CURVE)).or_throw()? as usize;
        let out: Vec<f64> = (0..n).map(|i| loss.at_margin(from + (to - from) * i as f64 / (n - 1) as f64)).collect();
        Ok(Float64Array::from(&out[..]))
    }

    /// Creates a run from a plain object of settings (all optional; see `schema()`). Throws
    /// an `EngineError` with `code`, `field` and `value` when one is unknown, of the wrong type or out
    /// of range.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "TrainerConfig | undefined")] config: JsValue,
    ) -> Result<Trainer, JsValue> {
        let cfg: TrainerConfig = object(&config, FIELDS).or_throw()?;
        Ok(Trainer { engine: Engine::new(cfg.check().or_throw()?) })
    }

    /// Trains `n` more samples (the update happens whenever a batch completes); returns the
    /// training loss afterwards.
    #[wasm_bindgen(js_name = stepSamples)]
    pub fn step_samples(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<f64, JsValue> {
        self.step(&n, Budget::Samples)
    }

    /// Trains until `n` more batches (optimizer steps) have completed — the first finishes the
    /// batch in progress, if any; returns the training loss afterwards.
    #[wasm_bindgen(js_name = stepBatches)]
    pub fn step_batches(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<f64, JsValue> {
        self.step(&n, Budget::Batches)
    }

    /// Trains until `n` more epochs have ended — the first finishes the epoch in progress, if
    /// any; returns the training loss afterwards. Each call runs synchronously: keep `n` to what
    /// a frame can afford (or run the trainer in a Web Worker).
    #[wasm_bindgen(js_name = stepEpochs)]
    pub fn step_epochs(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue) -> Result<f64, JsValue> {
        self.step(&n, Budget::Epochs)
    }

    /// Completed epochs.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> f64 {
        self.engine.counters().epoch as f64
    }

    /// Completed batches (optimizer steps).
    #[wasm_bindgen(getter)]
    pub fn iteration(&self) -> f64 {
        self.engine.counters().iteration as f64
    }

    /// Training samples processed so far.
    #[wasm_bindgen(getter, js_name = samplesSeen)]
    pub fn samples_seen(&self) -> f64 {
        self.engine.counters().samples_seen as f64
    }

    /// Batches per epoch: ceil(training points / batch size).
    #[wasm_bindgen(getter, js_name = iterationsPerEpoch)]
    pub fn iterations_per_epoch(&self) -> f64 {
        self.engine.iterations_per_epoch() as f64
    }

    /// Samples per batch in effect (the batch size, or the training-set size if smaller).
    #[wasm_bindgen(getter, js_name = batchSize)]
    pub fn batch_size(&self) -> f64 {
        self.engine.batch_size() as f64
    }

    /// Samples done in the current epoch.
    #[wasm_bindgen(getter, js_name = epochProgress)]
    pub fn epoch_progress(&self) -> f64 {
        self.engine.position().0 as f64
    }

    /// Samples in the current (unfinished) batch.
    #[wasm_bindgen(getter, js_name = batchProgress)]
    pub fn batch_progress(&self) -> f64 {
        self.engine.position().1 as f64
    }

    /// The seed in use (picked at random when the config gave none).
    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> u32 {
        self.engine.seed()
    }

    /// Whether training stopped because it diverged (`metrics().divergence` says how).
    #[wasm_bindgen(getter)]
    pub fn diverged(&self) -> bool {
        self.engine.diverged().is_some()
    }

    /// Whether the points were added, removed or imported by hand since they were generated
    /// (a new `trainRatio` re-splits generated points and leaves this false).
    #[wasm_bindgen(getter)]
    pub fn edited(&self) -> bool {
        self.engine.edited()
    }

    /// The whole current config, every field filled in (seed included).
    #[wasm_bindgen(unchecked_return_type = "TrainerConfig")]
    pub fn config(&self) -> Result<JsValue, JsValue> {
        to_js(self.engine.config())
    }

    /// Loss and accuracy on the training and test sets, dead units, and the divergence that
    /// stopped training (or null).
    #[wasm_bindgen(unchecked_return_type = "Metrics")]
    pub fn metrics(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.engine.metrics())
    }

    /// Train and test loss of every recorded epoch from epoch 0 (see `historyEpochs`):
    /// [train0, test0, train1, test1, …] (test entries are NaN without test points, and both
    /// while `recordHistory` is off).
    #[wasm_bindgen(js_name = lossHistory)]
    pub fn loss_history(&self) -> Float64Array {
        Float64Array::from(&self.engine.history()[..])
    }

    /// The epoch of each entry of `lossHistory` and `accuracyHistory`: 0, 1, 2, … while the
    /// record holds every epoch (up to 4,096), then every 2nd, 4th, … epoch, and always the
    /// latest epoch last — so a run of any length keeps a bounded record.
    #[wasm_bindgen(js_name = historyEpochs)]
    pub fn history_epochs(&self) -> Float64Array {
        Float64Array::from(&self.engine.history_epochs()[..])
    }

    /// Epochs between the kept entries of the record: 1, then 2, 4, … as a long run thins it.
    #[wasm_bindgen(getter, js_name = historyStride)]
    pub fn history_stride(&self) -> f64 {
        self.engine.history_stride() as f64
    }

    /// Train and test accuracy (0..1) after every epoch from epoch 0, like `lossHistory`.
    #[wasm_bindgen(js_name = accuracyHistory)]
    pub fn accuracy_history(&self) -> Float64Array {
        Float64Array::from(&self.engine.accuracy_history()[..])
    }

    /// Every point: coordinates (x1, x2 per point), labels ±1, and 1 for test points.
    #[wasm_bindgen(unchecked_return_type = "Points")]
    pub fn points(&self) -> JsValue {
        let pts = self.engine.points();
        let x: Vec<f64> = pts.iter().flat_map(|p| p.x).collect();
        let label: Vec<i8> = pts.iter().map(|p| p.label).collect();
        let test: Vec<u8> = pts.iter().map(|p| u8::from(p.test)).collect();
        let p = Points {
            x: Float64Array::from(&x[..]),
            label: Int8Array::from(&label[..]),
            is_test: Uint8Array::from(&test[..]),
        };
        let o = Object::new();
        set(&o, "x", p.x);
        set(&o, "label", p.label);
        set(&o, "isTest", p.is_test);
        o.into()
    }

    /// Class-+1 scores (0..1; 0.5 is the decision boundary) at the centres of a res × res grid
    /// over the view box [-6, 6]², row-major, row 0 at the top (x2 = +6). `res` in 1..=512, with
    /// res² × parameters within one call's work (`tooMuchWork` names the largest res).
    #[wasm_bindgen(js_name = predictGrid)]
    pub fn predict_grid(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] res: JsValue,
    ) -> Result<Float32Array, JsValue> {
        let res = grid_side(&res)?;
        self.engine.check_grid_work(res).or_throw()?;
        self.engine.predict_grid(res).map(Float32Array::from).or_throw()
    }

    /// Every hidden unit's activation over the same grid as `predictGrid`: units × res × res,
    /// layer by layer, unit by unit (empty without hidden layers).
    #[wasm_bindgen(js_name = neuronGrids)]
    pub fn neuron_grids(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] res: JsValue,
    ) -> Result<Float32Array, JsValue> {
        let res = grid_side(&res)?;
        self.engine.check_grid_work(res).or_throw()?;
        self.engine.neuron_grids(res).map(Float32Array::from).or_throw()
    }

    /// Units per layer, inputs first, e.g. [2, 4, 1].
    #[wasm_bindgen(js_name = layerSizes)]
    pub fn layer_sizes(&self) -> Uint32Array {
        let sizes: Vec<u32> = self.engine.network().sizes.iter().map(|&s| s as u32).collect();
        Uint32Array::from(&sizes[..])
    }

    /// Weights and biases of every layer: `w[j][i]` from input i to unit j.
    #[wasm_bindgen(unchecked_return_type = "Weights")]
    pub fn weights(&self) -> Result<JsValue, JsValue> {
        to_js(&self.engine.weights())
    }

    /// Per layer, the L2 norm of the last batch's mean weight gradient.
    #[wasm_bindgen(js_name = gradientNorms)]
    pub fn gradient_norms(&self) -> Float64Array {
        Float64Array::from(&self.engine.gradient_norms()[..])
    }

    /// Per layer, the ReLU / Leaky ReLU units whose pre-activation is ≤ 0 on every training
    /// point (0 for other activations and for the output layer).
    #[wasm_bindgen(js_name = deadUnits)]
    pub fn dead_units(&mut self) -> Uint32Array {
        Uint32Array::from(&self.engine.metrics().dead_units[..])
    }

    /// The numbers of one point (an index into `points()`): inputs, z and a per layer, loss,
    /// every gradient, and the update the optimizer would make if it alone were the next batch.
    #[wasm_bindgen(unchecked_return_type = "Trace")]
    pub fn trace(&self, #[wasm_bindgen(unchecked_param_type = "number")] i: JsValue) -> Result<JsValue, JsValue> {
        let i = index("i", &i, self.engine.points().len()).or_throw()?;
        to_js(&self.engine.trace(i).or_throw()?)
    }

    /// The point (an index into `points()`) the next sample step trains on, or undefined
    /// without training points: lesson 1 shows that sample's three steps.
    #[wasm_bindgen(js_name = nextSample)]
    pub fn next_sample(&self) -> Option<u32> {
        self.engine.next_sample().map(|i| i as u32)
    }

    /// Names of the parameters in their flat order: `w[l][j,i]` (layer l, unit j, input i),
    /// then `b[l][j]`, layer by layer. `landscape` and `parameterPath` take indices into it.
    #[wasm_bindgen(js_name = parameterNames, unchecked_return_type = "string[]")]
    pub fn parameter_names(&self) -> Array {
        self.engine.network().parameter_names().into_iter().map(JsValue::from).collect()
    }

    /// Mean training loss over a res × res grid of values of parameters p (across) and q (up),
    /// each within ±span of its current value, all other parameters as they are; row-major,
    /// row 0 at the top (q largest).
    pub fn landscape(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] p: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] q: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] res: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] span: JsValue,
    ) -> Result<Float64Array, JsValue> {
        let (p, q) = (self.param("p", &p)?, self.param("q", &q)?);
        let res = grid_side(&res)?;
        self.engine.check_landscape_work(res).or_throw()?;
        let span = number_in("span", &span, Range::POSITIVE).or_throw()?;
        let (cp, cq) = (self.engine.params()[p], self.engine.params()[q]);
        let grid = self.engine.landscape(p, q, res, [cp - span, cp + span, cq - span, cq + span]).or_throw()?;
        Ok(Float64Array::from(&grid[..]))
    }

    /// Like `landscape`, over an explicit box [pMin, pMax, qMin, qMax].
    #[wasm_bindgen(js_name = landscapeBox)]
    pub fn landscape_box(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] p: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] q: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] res: JsValue,
        #[wasm_bindgen(js_name = box, unchecked_param_type = "[number, number, number, number]")] bx: JsValue,
    ) -> Result<Float64Array, JsValue> {
        let (p, q) = (self.param("p", &p)?, self.param("q", &q)?);
        let res = grid_side(&res)?;
        self.engine.check_landscape_work(res).or_throw()?;
        let b = numbers("box", &bx, 4).or_throw()?;
        let grid = self.engine.landscape(p, q, res, [b[0], b[1], b[2], b[3]]).or_throw()?;
        Ok(Float64Array::from(&grid[..]))
    }

    /// The mean training loss with parameters p and q set to `vp` and `vq` (the others as they
    /// are) and its exact gradient with respect to them: `{ value, gradient: [dp, dq] }`. The
    /// value equals `landscapeBox`'s at that point.
    #[wasm_bindgen(js_name = lossAt, unchecked_return_type = "{ value: number; gradient: [number, number] }")]
    pub fn loss_at(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] p: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] q: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] vp: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] vq: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (p, q) = (self.param("p", &p)?, self.param("q", &q)?);
        let (vp, vq) = (number("vp", &vp).or_throw()?, number("vq", &vq).or_throw()?);
        let (value, gradient) = self.engine.loss_at(p, q, vp, vq).or_throw()?;
        let o = Object::new();
        set(&o, "value", value);
        set(&o, "gradient", to_js(&gradient)?);
        Ok(o.into())
    }

    /// Values of parameters p and q after every step so far, ending at the current ones:
    /// p0, q0, p1, q1, … (every step while the record fits 2^15 numbers, then every 2nd, 4th, …).
    #[wasm_bindgen(js_name = parameterPath)]
    pub fn parameter_path(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] p: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] q: JsValue,
    ) -> Result<Float64Array, JsValue> {
        let (p, q) = (self.param("p", &p)?, self.param("q", &q)?);
        let path = self.engine.parameter_path(p, q).or_throw()?;
        Ok(Float64Array::from(&path[..]))
    }

    /// Changes some settings (a partial config). Data settings regenerate the points and reset
    /// the weights; `trainRatio` alone re-splits; model settings reset the weights; optimizer,
    /// learning rate, batch size and regularization keep the weights. `seed: null` picks a new
    /// random seed. Says what was reset. On error nothing changes.
    #[wasm_bindgen(js_name = setConfig, unchecked_return_type = "ConfigChange")]
    pub fn set_config(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "TrainerConfig")] partial: JsValue,
    ) -> Result<JsValue, JsValue> {
        let changes = object_json(&partial, FIELDS).or_throw()?;
        let mut merged = serde_json::to_value(self.engine.config()).unwrap_or_default();
        if let (Some(m), serde_json::Value::Object(c)) = (merged.as_object_mut(), changes) {
            m.extend(c);
        }
        let cfg: TrainerConfig = from_json(merged).or_throw()?;
        let changed = self.engine.set_config(cfg.check().or_throw()?);
        to_js(&changed)
    }

    /// Restarts training from the seed's initial weights on the same points (edits kept); with
    /// a new `seed`, regenerates the points from it first.
    pub fn reset(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number | undefined")] seed: JsValue,
    ) -> Result<(), JsValue> {
        let seed = optional_whole("seed", &seed, u32::MAX as f64).or_throw()?;
        self.engine.reset(seed.map(|s| s as u32));
        Ok(())
    }

    /// Adds a training point of class `label` (1, or −1 / 0) inside the view box; the weights
    /// are kept and the epoch restarts.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] label: JsValue,
    ) -> Result<(), JsValue> {
        let (x, y) = (number("x", &x).or_throw()?, number("y", &y).or_throw()?);
        let label = number("label", &label).or_throw()?;
        if ![1.0, -1.0, 0.0].contains(&label) {
            return Err(EngineError::choice("label", &label.to_string(), &["1", "-1", "0"])).or_throw();
        }
        self.engine.add_point(x, y, label as i32).or_throw()
    }

    /// Removes point `i` (an index into `points()`); the weights are kept and the epoch restarts.
    #[wasm_bindgen(js_name = removePoint)]
    pub fn remove_point(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] i: JsValue) -> Result<(), JsValue> {
        let i = index("i", &i, self.engine.points().len()).or_throw()?;
        self.engine.remove_point(i).or_throw()
    }

    /// Replaces the points with CSV text `x1,x2,label[,set]` (header optional, labels 1/-1 or
    /// 1/0, set "train"/"test") and restarts training. A bad line throws naming it; the current
    /// points stay.
    #[wasm_bindgen(js_name = importCsv)]
    pub fn import_csv(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<(), JsValue> {
        let csv = read_text("text", &text, MAX_CSV_CHARS).or_throw()?;
        self.engine.import_csv(&csv).or_throw()
    }

    /// The points as CSV with the header `x1,x2,label,set`.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self) -> String {
        self.engine.export_csv()
    }

    /// The complete state as JSON: config, points, weights, optimizer, shuffle and position,
    /// counters, history and path. `Trainer.fromState` continues it bit for bit.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> String {
        self.engine.export_json()
    }

    /// A run restored from `exportState`'s JSON. Throws naming the field on malformed input.
    #[wasm_bindgen(js_name = fromState)]
    pub fn from_state(#[wasm_bindgen(unchecked_param_type = "string")] json: JsValue) -> Result<Trainer, JsValue> {
        let json = read_text("json", &json, MAX_STATE_CHARS).or_throw()?;
        Ok(Trainer { engine: Engine::import_json(&json).or_throw()? })
    }
}
