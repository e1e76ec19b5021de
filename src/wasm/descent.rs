//! The wasm boundary of the gradient-descent lab: the `Descent` class (beside `Trainer`).

use js_sys::{Array, Float64Array, Object};
use wasm_bindgen::prelude::*;

use crate::wasm::convert::{check_fields, js_error, parse_object, set, to_js, whole};
use crate::descent::{self, DescentConfig, RacerConfig, DESCENT_FIELDS, RACER_FIELDS};
use crate::error::Error;
use crate::surface::{Surface, ALL};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export type SurfaceName = "bowl" | "ravine" | "rosenbrock" | "minima" | "plateau" | "saddle";

/** One optimizer of a race; defaults in brackets (torch.optim's, learning rate excepted). */
export interface RacerConfig {
  /** ["sgd"] */ kind?: OptimizerName;
  /** > 0 [0.1] */ learningRate?: number;
  /** [0, 1) [0.9 for momentum/nesterov, 0 for rmsprop] */ momentum?: number;
  /** [0, 1) [0.99] */ alpha?: number;
  /** [0, 1) [0.9] */ beta1?: number;
  /** [0, 1) [0.999] */ beta2?: number;
  /** > 0 [1e-10 adagrad, 1e-8 otherwise] */ epsilon?: number;
  /** Legend text [kind and learning rate]. */ label?: string;
}

export interface DescentConfig {
  /** ["bowl"] */ surface?: SurfaceName;
  /** [the surface's default start] */ start?: [number, number];
  /** 1..=8 racers [[{ kind: "sgd" }]] */ optimizers?: RacerConfig[];
  /** 1..=100000 [10000] */ maxSteps?: number;
}

export interface SurfaceInfo {
  name: SurfaceName; formula: string;
  box: [number, number, number, number];
  minima: [number, number][]; start: [number, number]; logScale: boolean;
}

export interface RacerStatus {
  label: string; kind: OptimizerName; learningRate: number; steps: number;
  position: [number, number]; loss: number; gradient: [number, number];
  /** Momentum buffer / AdaGrad sum / Adam first moment. */ m: [number, number];
  /** RMSProp / Adam second moment. */ v: [number, number];
  diverged: boolean; leftBox: boolean; stopped: boolean;
}
"#;

fn surface_named(name: &str) -> Result<Surface, Error> {
    serde_wasm_bindgen::from_value::<Surface>(JsValue::from_str(name)).map_err(|_| {
        let known: Vec<String> = ALL.iter().map(|s| format!("{:?}", s).to_lowercase()).collect();
        Error::config("surface", format!("unknown surface {name:?} (known: {})", known.join(", ")))
    })
}

fn parse_config(value: &JsValue) -> Result<DescentConfig, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(DescentConfig::default());
    }
    // Racers first, so that their problems are named down to the racer's field.
    let list =
        if value.is_object() { js_sys::Reflect::get(value, &JsValue::from_str("optimizers")).ok() } else { None };
    if let Some(list) = list {
        if Array::is_array(&list) {
            for (i, r) in Array::from(&list).iter().enumerate() {
                check_fields::<RacerConfig>(&format!("optimizers[{i}]"), &r, RACER_FIELDS).map_err(|e| match e {
                    Error::Config { field, message } if !field.starts_with("optimizers") => {
                        Error::config(&format!("optimizers[{i}].{field}"), message)
                    }
                    other => other,
                })?;
            }
        }
    }
    check_fields::<DescentConfig>("config", value, DESCENT_FIELDS)?;
    parse_object::<DescentConfig>("config", value, DESCENT_FIELDS)
}

/// Optimizers racing on a 2D surface from one start point.
#[wasm_bindgen]
pub struct Descent {
    inner: descent::Descent,
    grid: Vec<f64>,
}

#[wasm_bindgen]
impl Descent {
    /// Every surface: name, formula, view box, exact minima, default start, log-scale hint.
    #[wasm_bindgen(unchecked_return_type = "SurfaceInfo[]")]
    pub fn surfaces() -> Result<JsValue, JsError> {
        let infos: Vec<_> = ALL.iter().map(|s| s.info()).collect();
        to_js(&infos)
    }

    /// The value and gradient of a surface at (x, y) — also the cursor readout.
    #[wasm_bindgen(unchecked_return_type = "{ value: number, gradient: [number, number] }")]
    pub fn evaluate(name: &str, x: f64, y: f64) -> Result<JsValue, JsError> {
        let s = surface_named(name).map_err(js_error)?;
        for (field, v) in [("x", x), ("y", y)] {
            if !v.is_finite() {
                return Err(js_error(Error::config(field, format!("must be a finite number, got {v}"))));
            }
        }
        let o = Object::new();
        set(&o, "value", s.value(x, y));
        set(&o, "gradient", to_js(&s.gradient(x, y))?);
        Ok(o.into())
    }

    /// A race from a plain object (all fields optional). Throws naming the field on bad input.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "DescentConfig")] config: JsValue) -> Result<Descent, JsError> {
        let cfg = parse_config(&config).map_err(js_error)?;
        Ok(Descent { inner: descent::Descent::new(cfg).map_err(js_error)?, grid: Vec::new() })
    }

    /// The whole config in effect (start filled in).
    #[wasm_bindgen(unchecked_return_type = "Required<DescentConfig>")]
    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.config())
    }

    /// Advances every racer that has not stopped by `n` steps (0..=100000).
    pub fn step(&mut self, n: f64) -> Result<(), JsError> {
        let n = whole("n", n, descent::MAX_STEPS as f64).map_err(js_error)?;
        self.inner.step(n);
        Ok(())
    }

    /// One `Float64Array` per racer: x0, y0, x1, y1, … from the start.
    #[wasm_bindgen(unchecked_return_type = "Float64Array[]")]
    pub fn paths(&self) -> Array {
        self.inner.paths().into_iter().map(|p| JsValue::from(Float64Array::from(p))).collect()
    }

    /// Surface values at the centres of a res × res grid over the box, row-major, row 0 at the
    /// top (y largest). `res` in 1..=512.
    pub fn grid(&mut self, res: f64) -> Result<Float64Array, JsError> {
        let res = whole("res", res, 512.0).map_err(js_error)? as usize;
        if res == 0 {
            return Err(js_error(Error::config("res", "must be 1..=512, got 0")));
        }
        let s = self.inner.surface();
        s.grid(res, s.info().r#box, &mut self.grid);
        Ok(Float64Array::from(&self.grid[..]))
    }

    /// Per racer: steps, position, loss, gradient, optimizer moments, and whether it diverged,
    /// left the box or stopped.
    #[wasm_bindgen(unchecked_return_type = "RacerStatus[]")]
    pub fn status(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.status())
    }

    /// Moves the common start (inside the box) and restarts every racer.
    #[wasm_bindgen(js_name = setStart)]
    pub fn set_start(&mut self, x: f64, y: f64) -> Result<(), JsError> {
        self.inner.set_start(x, y).map_err(js_error)
    }

    /// Every racer back at the start.
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}
