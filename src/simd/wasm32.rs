//! `F64x2` as one wasm `simd128` register (see the parent module for the contract).

use core::arch::wasm32::{f64x2, f64x2_add, f64x2_extract_lane, f64x2_mul, f64x2_splat, v128};

#[derive(Clone, Copy)]
pub struct F64x2(v128);

impl F64x2 {
    #[inline(always)]
    pub fn splat(x: f64) -> Self {
        F64x2(f64x2_splat(x))
    }

    /// Two adjacent loads become one `v128.load`.
    #[inline(always)]
    pub fn new(a: f64, b: f64) -> Self {
        F64x2(f64x2(a, b))
    }

    /// self + b·c, lane by lane: `f64x2.mul` then `f64x2.add`, two roundings.
    #[inline(always)]
    pub fn add_product(self, b: Self, c: Self) -> Self {
        F64x2(f64x2_add(self.0, f64x2_mul(b.0, c.0)))
    }

    #[inline(always)]
    pub fn lanes(self) -> [f64; 2] {
        [f64x2_extract_lane::<0>(self.0), f64x2_extract_lane::<1>(self.0)]
    }
}
