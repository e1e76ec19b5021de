//! The transcendental functions every model uses, identical natively and in wasm.
//!
//! `f64::exp`/`ln`/`tanh` call the platform's C library natively but a port of musl's libm in
//! wasm, and the two differ in the last bits on a few percent of inputs — enough to make a
//! trained network differ between the browser and the tests. So every call goes through the
//! `libm` crate (the same code on both targets) or through plain IEEE arithmetic written here.

/// e^x (libm).
#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// ln(1 + x), accurate for small x (libm).
#[inline]
pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// Logistic sigmoid 1 / (1 + e^{−z}); for z < 0 it is written e^{z} / (1 + e^{z}) so that
/// e^{−z} never overflows and small outputs keep their relative precision.
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + exp(-z))
    } else {
        let e = exp(z);
        e / (1.0 + e)
    }
}

#[allow(clippy::excessive_precision)] // the digits of the exact double, as published with musl
const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-1; // ln 2 rounded to 32 bits: k·LN2_HI is exact
#[allow(clippy::excessive_precision)]
const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10; // ln 2 − LN2_HI
const INV_LN2: f64 = std::f64::consts::LOG2_E;
/// Adding and subtracting 1.5·2^52 rounds a double of magnitude < 2^51 to the nearest integer.
const ROUND: f64 = 6_755_399_441_055_744.0;

/// Hyperbolic tangent, written for speed and for agreement with libm's `tanh` to within 6 units
/// in the last place (relative error below 1.4e-15) (checked on millions of inputs by the tests below).
///
/// tanh x = (e^{2x} − 1) / (e^{2x} + 1). With y = 2|x| = k·ln 2 + r, |r| ≤ ln2/2, we get
/// e^y − 1 = 2^k·q + (2^k − 1) where q = e^r − 1 comes from its Taylor series to r^13
/// (truncation below 1e-17 relative). Computing e^y − 1 rather than e^y keeps full relative
/// precision for small |x|, where tanh x ≈ x. No branches on the data except the saturation
/// above |x| = 22, where tanh rounds to ±1.
#[inline]
pub fn tanh(x: f64) -> f64 {
    // y = min(2|x|, 44), written as the select that wasm's `f64x2.pmin` and x86's `minpd`
    // compute in one instruction. It picks what `|x| > 22` would for every input: doubling is
    // exact (or overflows to +∞, still above 44), and a NaN fails both comparisons and stays y.
    let y2 = 2.0 * x.abs();
    let y = if 44.0 < y2 { 44.0 } else { y2 };
    let k = (y * INV_LN2 + ROUND) - ROUND;
    let r = (y - k * LN2_HI) - k * LN2_LO;
    // Estrin's scheme: the same Taylor polynomial, evaluated as a tree of independent
    // multiply-adds instead of one long Horner chain (its latency, not its arithmetic, was the
    // cost); the sum is within the same few ulps.
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let p01 = 1.0 + r * (1.0 / 2.0);
    let p23 = 1.0 / 6.0 + r * (1.0 / 24.0);
    let p45 = 1.0 / 120.0 + r * (1.0 / 720.0);
    let p67 = 1.0 / 5040.0 + r * (1.0 / 40320.0);
    let p89 = 1.0 / 362_880.0 + r * (1.0 / 3_628_800.0);
    let p1011 = 1.0 / 39_916_800.0 + r * (1.0 / 479_001_600.0);
    let p03 = p01 + r2 * p23;
    let p47 = p45 + r2 * p67;
    let p811 = p89 + r2 * p1011;
    let p07 = p03 + r4 * p47;
    let p812 = p811 + r4 * (1.0 / 6_227_020_800.0);
    let q = r * (p07 + r8 * p812);
    // 0 ≤ k ≤ 64: adding 1023 + 2^52 puts k + 1023 in the low mantissa bits, and shifting them
    // into the exponent field builds 2^k exactly, with bit operations only (so the loop
    // vectorises; a float-to-int conversion would not).
    let two_k = f64::from_bits((k + (1023.0 + 4_503_599_627_370_496.0)).to_bits() << 52);
    let em1 = two_k * q + (two_k - 1.0);
    let t = em1 / (em1 + 2.0);
    t.copysign(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

    fn ulps(a: f64, b: f64) -> u64 {
        if a == b {
            return 0;
        }
        let (ia, ib) = (a.to_bits() as i64, b.to_bits() as i64);
        (ia - ib).unsigned_abs()
    }

    #[test]
    fn tanh_is_within_six_ulps_of_libm() {
        let mut rng = Rng::new(1, Stream::Data);
        let mut worst = 0;
        for i in 0..2_000_000 {
            // Half the inputs spread over [-25, 25], half log-spread down to 1e-12.
            let x = if i % 2 == 0 {
                rng.range(-25.0, 25.0)
            } else {
                let m = libm::pow(10.0, rng.range(-12.0, 0.5));
                if rng.uniform() < 0.5 {
                    -m
                } else {
                    m
                }
            };
            worst = worst.max(ulps(tanh(x), libm::tanh(x)));
        }
        assert!(worst <= 6, "worst error {worst} ulps");
    }

    #[test]
    fn tanh_edge_cases() {
        assert_eq!(tanh(0.0), 0.0);
        assert!(tanh(-0.0).is_sign_negative());
        assert_eq!(tanh(30.0), 1.0);
        assert_eq!(tanh(-1e300), -1.0);
        assert_eq!(tanh(f64::INFINITY), 1.0);
        assert!(tanh(f64::NAN).is_nan());
        assert_eq!(tanh(1e-300), 1e-300);
    }

    #[test]
    fn sigmoid_is_stable_at_the_extremes() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert_eq!(sigmoid(800.0), 1.0);
        assert!(sigmoid(-800.0) >= 0.0 && sigmoid(-800.0) < 1e-300);
        let z = -30.0;
        assert!((sigmoid(z) / libm::exp(z) - 1.0).abs() < 1e-12);
    }
}
