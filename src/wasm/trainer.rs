//! The wasm boundary: the `Trainer` class that pages and course notes program against.
//!
//! Every method checks what JavaScript passes (numbers, indices, objects, text) and answers bad
//! input with a thrown `Error` that names the field, line or index and the value; the run is
//! left exactly as it was. Nothing here can panic. Bulk data leaves as typed arrays copied out
//! of buffers the engine reuses, so per-frame calls allocate nothing on the Rust side.

use js_sys::{Array, Float32Array, Float64Array, Int8Array, Object, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::wasm::convert::{check_fields, describe, js_error, parse_object, set, to_js, whole};
use crate::config::{Config, FIELDS};
use crate::engine::{Budget, Engine, EngineState};
use crate::error::Error;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Dataset generators; every one lives in the view box [-6, 6] x [-6, 6]. */
export type DatasetName = "xor" | "linear" | "gauss" | "circle" | "spiral" | "moons";
export type ModelName = "perceptron" | "adaline" | "logistic" | "mlp";
export type ActivationName = "step" | "linear" | "sigmoid" | "tanh" | "relu" | "leakyRelu";
export type LossName = "mse" | "crossEntropy" | "perceptron" | "hinge";
export type OptimizerName = "sgd" | "momentum" | "nesterov" | "adagrad" | "rmsprop" | "adam";
export type RegularizationName = "none" | "l1" | "l2";

/** Settings of a run. Every field is optional; defaults in brackets. */
export interface TrainerConfig {
  /** ["xor"] */ dataset?: DatasetName;
  /** Number of points, 1..=2000 [200]. */ points?: number;
  /** 0..=1: jitter (sd 2*noise), or blob width for "gauss" [0.1]. */ noise?: number;
  /** Share of points used for training, (0, 1] [0.5]. */ trainRatio?: number;
  /** 0..=4294967295 [random, then reported by `seed`]. */ seed?: number;
  /** "linear" only: direction of the separating line's normal, degrees [30]. */ angle?: number;
  /** "linear" only: width of the empty band, 0..=4 [1]. */ margin?: number;
  /** ["mlp"] */ model?: ModelName;
  /** "mlp" only: units per hidden layer, 0..=6 layers of 1..=16 [[4]]. */ hidden?: number[];
  /** "mlp" only: activation of every hidden layer ["tanh"]. */ activation?: ActivationName;
  /** "mlp" only: one activation per hidden layer, overriding `activation` [[]]. */ activations?: ActivationName[];
  /** Leaky ReLU slope for z < 0, [0, 1) [0.01]. */ leakyAlpha?: number;
  /** "mlp" only; the other models fix their loss ["crossEntropy"]. */ loss?: LossName;
  /** ["sgd"] */ optimizer?: OptimizerName;
  /** Finite, > 0 [0.03]. */ learningRate?: number;
  /** >= 1; at or above the training-set size means full batch [10]. */ batchSize?: number;
  /** Applies to weights, not biases ["none"]. */ regularization?: RegularizationName;
  /** >= 0 [0]. */ regularizationRate?: number;
  /** torch.optim's momentum, [0, 1) [0.9 for momentum/nesterov, 0 for rmsprop]. */ momentum?: number;
  /** RMSProp's smoothing constant, [0, 1) [0.99]. */ alpha?: number;
  /** Adam's beta1, [0, 1) [0.9]. */ beta1?: number;
  /** Adam's beta2, [0, 1) [0.999]. */ beta2?: number;
  /** > 0 [1e-10 for adagrad, 1e-8 for rmsprop and adam]. */ epsilon?: number;
  /** Evaluate train and test loss at every epoch end for lossHistory() [true]; off trains faster (NaN entries). */ recordHistory?: boolean;
  /** Parameters training leaves in place, by name from parameterNames(), e.g. ["b[0][0]"] [[]]. */ frozen?: string[];
}

export interface Metrics {
  trainLoss: number;
  /** null without test points. */ testLoss: number | null;
  trainAccuracy: number;
  testAccuracy: number | null;
  diverged: boolean;
  /** Why training stopped, or "". */ message: string;
}

export interface Points { x: Float64Array; label: Int8Array; isTest: Uint8Array; }
export interface Weights { layers: { w: number[][]; b: number[] }[]; }
export interface ConfigChange { dataReset: boolean; weightsReset: boolean; }

export interface TraceLayer {
  activation: ActivationName;
  w: number[][]; b: number[];
  z: number[]; a: number[]; delta: number[];
  gradW: number[][]; gradB: number[];
  updateW: number[][]; updateB: number[];
}
export interface Trace {
  index: number; inputs: [number, number]; label: number; test: boolean;
  layers: TraceLayer[];
  outputZ: number; output: number; score: number;
  prediction: number; mistake: boolean; loss: number; lossName: LossName;
}
"#;

/// A training run: data, model, optimizer and everything they show.
#[wasm_bindgen]
pub struct Trainer {
    engine: Engine,
}

/// Largest step count accepted by one `step*` call.
const MAX_STEPS: f64 = 1e7;

fn config_from(value: &JsValue) -> Result<Config, Error> {
    parse_object::<Config>("config", value, FIELDS)
}

impl Trainer {
    /// The engine behind the class, for Rust-side tests.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    fn step(&mut self, name: &str, n: f64, budget: fn(u64) -> Budget) -> Result<f64, JsError> {
        let n = whole(name, n, MAX_STEPS).map_err(js_error)?;
        Ok(self.engine.advance(budget(n)))
    }

    fn param_index(&self, name: &str, v: f64) -> Result<usize, JsError> {
        let n = self.engine.network().n_params();
        whole(name, v, (n - 1) as f64).map(|i| i as usize).map_err(js_error)
    }
}

#[wasm_bindgen]
impl Trainer {
    /// An activation function and its derivative at `n` evenly spaced z from `from` to `to`:
    /// [f(z0), …, f(z_{n−1}), f'(z0), …, f'(z_{n−1})]. `name` as in the config's `activation`.
    #[wasm_bindgen(js_name = activationCurve)]
    pub fn activation_curve(name: &str, leaky_alpha: f64, from: f64, to: f64, n: f64) -> Result<Float64Array, JsError> {
        let kind: crate::config::ActivationKind = serde_wasm_bindgen::from_value(JsValue::from_str(name))
            .map_err(|e| js_error(Error::config("activation", format!("{e} (got {name:?})"))))?;
        crate::config::in_range("leakyAlpha", leaky_alpha, 0.0, 1.0, true).map_err(js_error)?;
        if !(from.is_finite() && to.is_finite() && from < to) {
            return Err(js_error(Error::config("from", format!("needs finite from < to, got {from} and {to}"))));
        }
        let n = whole("n", n, 10_000.0).map_err(js_error)?.max(2) as usize;
        let act = crate::activation::Activation::from_kind(kind, leaky_alpha);
        let mut out = vec![0.0; 2 * n];
        for i in 0..n {
            let z = from + (to - from) * i as f64 / (n - 1) as f64;
            let a = act.value(z);
            out[i] = a;
            out[n + i] = act.derivative(z, a);
        }
        Ok(Float64Array::from(&out[..]))
    }

    /// Creates a run from a plain object of settings (all optional). Throws an `Error` naming
    /// the field and value when one is unknown, of the wrong type or out of range.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "TrainerConfig")] config: JsValue) -> Result<Trainer, JsError> {
        let cfg = config_from(&config).map_err(js_error)?;
        Ok(Trainer { engine: Engine::new(cfg).map_err(js_error)? })
    }

    /// Trains `n` more samples (the update happens whenever a batch completes); returns the
    /// training loss afterwards.
    #[wasm_bindgen(js_name = stepSamples)]
    pub fn step_samples(&mut self, n: f64) -> Result<f64, JsError> {
        self.step("n", n, Budget::Samples)
    }

    /// Trains until `n` more batches (optimizer steps) have completed — the first finishes the
    /// batch in progress, if any; returns the training loss afterwards.
    #[wasm_bindgen(js_name = stepBatches)]
    pub fn step_batches(&mut self, n: f64) -> Result<f64, JsError> {
        self.step("n", n, Budget::Batches)
    }

    /// Trains until `n` more epochs have ended — the first finishes the epoch in progress, if
    /// any; returns the training loss afterwards. Each call runs synchronously: keep `n` to what
    /// a frame can afford (or run the trainer in a Web Worker).
    #[wasm_bindgen(js_name = stepEpochs)]
    pub fn step_epochs(&mut self, n: f64) -> Result<f64, JsError> {
        self.step("n", n, Budget::Epochs)
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

    /// Samples done in the current epoch, and in the current (unfinished) batch.
    #[wasm_bindgen(getter, js_name = epochProgress)]
    pub fn epoch_progress(&self) -> f64 {
        self.engine.position().0 as f64
    }

    #[wasm_bindgen(getter, js_name = batchProgress)]
    pub fn batch_progress(&self) -> f64 {
        self.engine.position().1 as f64
    }

    /// The seed in use (picked at random when the config gave none).
    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> u32 {
        self.engine.seed()
    }

    /// Whether training stopped because it diverged (`metrics().message` says why).
    #[wasm_bindgen(getter)]
    pub fn diverged(&self) -> bool {
        self.engine.diverged().is_some()
    }

    /// Whether the points were edited, imported or re-split by hand since they were generated.
    #[wasm_bindgen(getter)]
    pub fn edited(&self) -> bool {
        self.engine.edited()
    }

    /// The whole current config, every field filled in (seed included).
    #[wasm_bindgen(unchecked_return_type = "TrainerConfig")]
    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(self.engine.config())
    }

    /// Loss and accuracy on the training and test sets, and whether training diverged.
    #[wasm_bindgen(unchecked_return_type = "Metrics")]
    pub fn metrics(&mut self) -> Result<JsValue, JsError> {
        let m = self.engine.metrics();
        let o = Object::new();
        set(&o, "trainLoss", m.train_loss);
        set(&o, "testLoss", m.test_loss.map_or(JsValue::NULL, JsValue::from));
        set(&o, "trainAccuracy", m.train_accuracy);
        set(&o, "testAccuracy", m.test_accuracy.map_or(JsValue::NULL, JsValue::from));
        set(&o, "diverged", self.engine.diverged().is_some());
        set(&o, "message", self.engine.diverged().unwrap_or(""));
        Ok(o.into())
    }

    /// Train and test loss after every epoch from epoch 0: [train0, test0, train1, test1, …]
    /// (test entries are NaN without test points).
    #[wasm_bindgen(js_name = lossHistory)]
    pub fn loss_history(&self) -> Float64Array {
        Float64Array::from(self.engine.history())
    }

    /// Train and test accuracy (0..1) after every epoch from epoch 0, like `lossHistory`.
    #[wasm_bindgen(js_name = accuracyHistory)]
    pub fn accuracy_history(&self) -> Float64Array {
        Float64Array::from(self.engine.accuracy_history())
    }

    /// Every point: coordinates (x1, x2 per point), labels ±1, and 1 for test points.
    #[wasm_bindgen(unchecked_return_type = "Points")]
    pub fn points(&self) -> JsValue {
        let pts = self.engine.points();
        let x: Vec<f64> = pts.iter().flat_map(|p| p.x).collect();
        let label: Vec<i8> = pts.iter().map(|p| p.label).collect();
        let test: Vec<u8> = pts.iter().map(|p| u8::from(p.test)).collect();
        let o = Object::new();
        set(&o, "x", Float64Array::from(&x[..]));
        set(&o, "label", Int8Array::from(&label[..]));
        set(&o, "isTest", Uint8Array::from(&test[..]));
        o.into()
    }

    /// Class-+1 scores (0..1; 0.5 is the decision boundary) at the centres of a res × res grid
    /// over the view box [-6, 6]², row-major, row 0 at the top (x2 = +6). `res` in 1..=512.
    #[wasm_bindgen(js_name = predictGrid)]
    pub fn predict_grid(&mut self, res: f64) -> Result<Float32Array, JsError> {
        let res = whole("res", res, 512.0).map_err(js_error)? as usize;
        self.engine.predict_grid(res).map(Float32Array::from).map_err(js_error)
    }

    /// Every hidden unit's activation over the same grid as `predictGrid`: units × res × res,
    /// layer by layer, unit by unit (empty without hidden layers).
    #[wasm_bindgen(js_name = neuronGrids)]
    pub fn neuron_grids(&mut self, res: f64) -> Result<Float32Array, JsError> {
        let res = whole("res", res, 512.0).map_err(js_error)? as usize;
        self.engine.neuron_grids(res).map(Float32Array::from).map_err(js_error)
    }

    /// Units per layer, inputs first, e.g. [2, 4, 1].
    #[wasm_bindgen(js_name = layerSizes)]
    pub fn layer_sizes(&self) -> Uint32Array {
        let sizes: Vec<u32> = self.engine.network().sizes.iter().map(|&s| s as u32).collect();
        Uint32Array::from(&sizes[..])
    }

    /// Weights and biases of every layer: `w[j][i]` from input i to unit j.
    #[wasm_bindgen(unchecked_return_type = "Weights")]
    pub fn weights(&self) -> Result<JsValue, JsError> {
        let net = self.engine.network();
        let params = self.engine.params();
        let layers = Array::new();
        for l in 0..net.n_layers() {
            let (w, b) = net.layer_ranges(l);
            let n_in = net.sizes[l];
            let rows: Vec<Vec<f64>> = params[w].chunks(n_in).map(<[f64]>::to_vec).collect();
            let o = Object::new();
            set(&o, "w", to_js(&rows)?);
            set(&o, "b", to_js(&params[b])?);
            layers.push(&o);
        }
        let o = Object::new();
        set(&o, "layers", layers);
        Ok(o.into())
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
    pub fn trace(&self, i: f64) -> Result<JsValue, JsError> {
        let n = self.engine.points().len();
        let i = whole("i", i, n.saturating_sub(1) as f64)
            .map_err(|_| js_error(format!("i: point index {i} is out of range 0..={}", n.saturating_sub(1))))?;
        to_js(&self.engine.trace(i as usize).map_err(js_error)?)
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
    pub fn landscape(&mut self, p: f64, q: f64, res: f64, span: f64) -> Result<Float64Array, JsError> {
        let (p, q) = (self.param_index("p", p)?, self.param_index("q", q)?);
        let res = whole("res", res, 512.0).map_err(js_error)? as usize;
        if !(span.is_finite() && span > 0.0) {
            return Err(js_error(Error::config("span", format!("must be finite and > 0, got {span}"))));
        }
        let (cp, cq) = (self.engine.params()[p], self.engine.params()[q]);
        let grid = self.engine.landscape(p, q, res, [cp - span, cp + span, cq - span, cq + span]).map_err(js_error)?;
        Ok(Float64Array::from(&grid[..]))
    }

    /// Like `landscape`, over an explicit box [pMin, pMax, qMin, qMax].
    #[wasm_bindgen(js_name = landscapeBox)]
    pub fn landscape_box(&mut self, p: f64, q: f64, res: f64, bx: Vec<f64>) -> Result<Float64Array, JsError> {
        let (p, q) = (self.param_index("p", p)?, self.param_index("q", q)?);
        let res = whole("res", res, 512.0).map_err(js_error)? as usize;
        let b: [f64; 4] = bx.as_slice().try_into().map_err(|_| {
            js_error(Error::config("box", format!("must be [pMin, pMax, qMin, qMax], got {} numbers", bx.len())))
        })?;
        let grid = self.engine.landscape(p, q, res, b).map_err(js_error)?;
        Ok(Float64Array::from(&grid[..]))
    }

    /// Values of parameters p and q after every step so far, ending at the current ones:
    /// p0, q0, p1, q1, … (every step while the record fits 2^20 numbers, then every 2nd, 4th, …).
    #[wasm_bindgen(js_name = parameterPath)]
    pub fn parameter_path(&self, p: f64, q: f64) -> Result<Float64Array, JsError> {
        let (p, q) = (self.param_index("p", p)?, self.param_index("q", q)?);
        let path = self.engine.parameter_path(p, q).map_err(js_error)?;
        Ok(Float64Array::from(&path[..]))
    }

    /// Changes some settings (a partial config). Data settings regenerate the points and reset
    /// the weights; `trainRatio` alone re-splits; model settings reset the weights; optimizer,
    /// learning rate, batch size and regularization keep the weights. Says what was reset.
    #[wasm_bindgen(js_name = setConfig, unchecked_return_type = "ConfigChange")]
    pub fn set_config(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "TrainerConfig")] partial: JsValue,
    ) -> Result<JsValue, JsError> {
        check_fields::<Config>("config", &partial, FIELDS).map_err(js_error)?;
        let merged = to_js(self.engine.config())?;
        // Fields given as `undefined` count as not given.
        for entry in Object::entries(&Object::from(partial)).iter() {
            let pair = Array::from(&entry);
            if !pair.get(1).is_undefined() {
                let _ = js_sys::Reflect::set(&merged, &pair.get(0), &pair.get(1));
            }
        }
        let cfg = config_from(&merged).map_err(js_error)?;
        let c = self.engine.set_config(cfg).map_err(js_error)?;
        let o = Object::new();
        set(&o, "dataReset", c.data_reset);
        set(&o, "weightsReset", c.weights_reset);
        Ok(o.into())
    }

    /// Restarts training from the seed's initial weights on the same points (edits kept); with
    /// a new `seed`, regenerates the points from it first.
    pub fn reset(&mut self, seed: Option<f64>) -> Result<(), JsError> {
        let seed = seed.map(|s| whole("seed", s, u32::MAX as f64).map(|s| s as u32)).transpose().map_err(js_error)?;
        self.engine.reset(seed);
        Ok(())
    }

    /// Adds a training point of class `label` (1, or −1 / 0) inside the view box; the weights
    /// are kept and the epoch restarts.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(&mut self, x: f64, y: f64, label: f64) -> Result<(), JsError> {
        if label.fract() != 0.0 || !label.is_finite() || label.abs() > 1.0 {
            return Err(js_error(Error::config("label", format!("must be 1, -1 or 0, got {label}"))));
        }
        self.engine.add_point(x, y, label as i32).map_err(js_error)
    }

    /// Removes point `i` (an index into `points()`); the weights are kept and the epoch restarts.
    #[wasm_bindgen(js_name = removePoint)]
    pub fn remove_point(&mut self, i: f64) -> Result<(), JsError> {
        let n = self.engine.points().len();
        if !(i.is_finite() && i >= 0.0 && i.fract() == 0.0) {
            return Err(js_error(format!("i: point index must be a whole number, got {i}")));
        }
        self.engine.remove_point(i.min(usize::MAX as f64) as usize).map_err(|e| match e {
            Error::Index { .. } => js_error(format!("i: point index {i} is out of range 0..={}", n.saturating_sub(1))),
            other => js_error(other),
        })
    }

    /// Replaces the points with CSV text `x1,x2,label[,set]` (header optional, labels 1/-1 or
    /// 1/0, set "train"/"test") and restarts training. A bad line throws naming it; the current
    /// points stay.
    #[wasm_bindgen(js_name = importCsv)]
    pub fn import_csv(&mut self, text: &str) -> Result<(), JsError> {
        self.engine.import_csv(text).map_err(js_error)
    }

    /// The points as CSV with the header `x1,x2,label,set`.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self) -> String {
        self.engine.export_csv()
    }

    /// The complete state as JSON: config, points, weights, optimizer, shuffle and position,
    /// counters, history and path. `Trainer.fromState` continues it bit for bit.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Result<String, JsError> {
        let v = to_js(&self.engine.to_state())?;
        js_sys::JSON::stringify(&v).map(String::from).map_err(|_| js_error("state: could not be written as JSON"))
    }

    /// A run restored from `exportState`'s JSON. Throws naming the field on malformed input.
    #[wasm_bindgen(js_name = fromState)]
    pub fn from_state(json: &str) -> Result<Trainer, JsError> {
        let v = js_sys::JSON::parse(json).map_err(|e| js_error(Error::State(format!("not JSON: {}", describe(&e)))))?;
        let state: EngineState =
            serde_wasm_bindgen::from_value(v).map_err(|e| js_error(Error::State(e.to_string())))?;
        Ok(Trainer { engine: Engine::from_state(state).map_err(js_error)? })
    }
}
