//! Two f64 lanes, for the minibatch kernels of `model::mlp`.
//!
//! Each lane operation is the IEEE operation of one lane, rounded once, exactly as the scalar
//! code would do it, so a kernel written with `F64x2` computes the same bits as its scalar form,
//! in wasm and natively. There is no fused multiply-add: `a + b·c` rounds the product, then the
//! sum, like the scalar `a + b * c`.
//!
//! In wasm the lanes are one `simd128` register (`f64x2.mul`, `f64x2.add`, see `wasm32.rs`):
//! LLVM's own vectoriser left the forward pass's sums scalar for wasm32, half the speed, so the
//! kernels say which operations they want. Natively the lanes are a pair of doubles, which the
//! compiler maps to SSE2.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm32;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use wasm32::F64x2;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct F64x2([f64; 2]);

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl F64x2 {
    #[inline(always)]
    pub fn splat(x: f64) -> Self {
        F64x2([x, x])
    }

    #[inline(always)]
    pub fn new(a: f64, b: f64) -> Self {
        F64x2([a, b])
    }

    /// self + b·c, lane by lane (two roundings).
    #[inline(always)]
    pub fn add_product(self, b: Self, c: Self) -> Self {
        F64x2([self.0[0] + b.0[0] * c.0[0], self.0[1] + b.0[1] * c.0[1]])
    }

    #[inline(always)]
    pub fn lanes(self) -> [f64; 2] {
        self.0
    }
}

/// Items 2t and 2t + 1 of a block, as one pair of lanes.
#[inline(always)]
pub fn pair<const B: usize>(block: &[f64; B], t: usize) -> F64x2 {
    F64x2::new(block[2 * t], block[2 * t + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_are_the_scalar_operations() {
        let (a, b, c) = (F64x2::new(0.1, -3.0), F64x2::new(0.3, 2.5), F64x2::splat(1.0 / 3.0));
        assert_eq!(c.lanes(), [1.0 / 3.0, 1.0 / 3.0]);
        let expect = [0.1 + 0.3 * (1.0 / 3.0), -3.0 + 2.5 * (1.0 / 3.0)];
        assert_eq!(a.add_product(b, c).lanes().map(f64::to_bits), expect.map(f64::to_bits));
        // The product is rounded before the sum: a fused multiply-add gives other bits here.
        assert_ne!(expect[0].to_bits(), 0.3f64.mul_add(1.0 / 3.0, 0.1).to_bits());
        assert_eq!(pair(&[1.0, 2.0, 3.0, 4.0], 1).lanes(), [3.0, 4.0]);
    }
}
