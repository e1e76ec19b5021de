//! The `Descent` class: the gradient-descent lab's race of optimizers on a 2D surface.

use js_sys::{Array, Float64Array, Object};
use wasm_bindgen::prelude::*;

use super::convert::{number, number_in, object, set, text, to_js, work, OrThrow};
use crate::error::{EngineError, Range};
use crate::race::{race_schema, Race, RaceConfig, MAX_STEPS, RACE_FIELDS};
use crate::surface::Surface;

fn surface_named(name: &JsValue) -> Result<Surface, JsValue> {
    let name = text("name", name, 64).or_throw()?;
    Surface::from_name(&name).ok_or_else(|| EngineError::choice("name", &name, Surface::NAMES)).or_throw()
}

/// Optimizers racing on a 2D surface from one start point.
#[wasm_bindgen]
pub struct Descent {
    race: Race,
    grid: Vec<f64>,
}

#[wasm_bindgen]
impl Descent {
    /// The race's fields and a racer's (name, kind, range), their defaults, each optimizer's
    /// hyperparameters and torch defaults, the limits and the error codes.
    #[wasm_bindgen(unchecked_return_type = "RaceSchema")]
    pub fn schema() -> Result<JsValue, JsValue> {
        to_js(&race_schema())
    }

    /// Every surface: name, formula, view box, exact minima, default start, log-scale hint.
    #[wasm_bindgen(unchecked_return_type = "SurfaceInfo[]")]
    pub fn surfaces() -> Result<JsValue, JsValue> {
        let infos: Vec<_> = Surface::ALL.iter().map(|s| s.info()).collect();
        to_js(&infos)
    }

    /// The value and gradient of a surface at (x, y) — also the cursor readout.
    #[wasm_bindgen(unchecked_return_type = "{ value: number; gradient: [number, number] }")]
    pub fn evaluate(
        #[wasm_bindgen(unchecked_param_type = "Surface")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
    ) -> Result<JsValue, JsValue> {
        let s = surface_named(&name)?;
        let x = number_in("x", &x, Range::ANY).or_throw()?;
        let y = number_in("y", &y, Range::ANY).or_throw()?;
        let o = Object::new();
        set(&o, "value", s.value(x, y));
        set(&o, "gradient", to_js(&s.gradient(x, y))?);
        Ok(o.into())
    }

    /// A race from a plain object (all fields optional; see `schema()`). Throws an `EngineError`
    /// with `code`, `field` (e.g. `optimizers[2].beta1`) and `value` on bad input.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RaceConfig | undefined")] config: JsValue,
    ) -> Result<Descent, JsValue> {
        let cfg: RaceConfig = object(&config, RACE_FIELDS).or_throw()?;
        Ok(Descent { race: Race::new(cfg).or_throw()?, grid: Vec::new() })
    }

    /// The whole config in effect (start filled in).
    #[wasm_bindgen(unchecked_return_type = "RaceConfig")]
    pub fn config(&self) -> Result<JsValue, JsValue> {
        to_js(self.race.config())
    }

    /// Advances every racer that has not stopped by `n` steps (0..=100000).
    pub fn step(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue) -> Result<(), JsValue> {
        let n = work("n", &n, MAX_STEPS as f64).or_throw()?;
        self.race.step(n);
        Ok(())
    }

    /// One `Float64Array` per racer: x0, y0, x1, y1, … from the start.
    #[wasm_bindgen(unchecked_return_type = "Float64Array[]")]
    pub fn paths(&self) -> Array {
        self.race.paths().into_iter().map(|p| JsValue::from(Float64Array::from(p))).collect()
    }

    /// Surface values at the centres of a res × res grid over the box, row-major, row 0 at the
    /// top (y largest). `res` in 1..=512.
    pub fn grid(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] res: JsValue,
    ) -> Result<Float64Array, JsValue> {
        let res = number_in("res", &res, Range::whole(1.0, 512.0)).or_throw()? as usize;
        let s = self.race.surface();
        s.grid(res, s.info().r#box, &mut self.grid);
        Ok(Float64Array::from(&self.grid[..]))
    }

    /// Per racer: steps, position, loss, gradient, optimizer moments, state and whether it
    /// has stopped.
    #[wasm_bindgen(unchecked_return_type = "RacerStatus[]")]
    pub fn status(&self) -> Result<JsValue, JsValue> {
        to_js(&self.race.status())
    }

    /// Moves the common start (inside the box) and restarts every racer.
    #[wasm_bindgen(js_name = setStart)]
    pub fn set_start(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
    ) -> Result<(), JsValue> {
        let (x, y) = (number("x", &x).or_throw()?, number("y", &y).or_throw()?);
        self.race.set_start(x, y).or_throw()
    }

    /// Every racer back at the start.
    pub fn reset(&mut self) {
        self.race.reset();
    }
}
