//! A fully connected network with one output unit, and the forward and backward passes over a
//! minibatch. Perceptron, Adaline and logistic regression are this network with no hidden layer.
//!
//! Layer l (0-based, L layers of weights) maps n_l inputs to n_{l+1} units:
//! z_{l+1} = W_l·a_l + b_l, a_{l+1} = f_l(z_{l+1}), with a_0 the point (x1, x2). Backpropagation
//! starts from δ_L = dLoss/dz_L and uses δ_l = (W_lᵀ·δ_{l+1}) ⊙ f'(z_l); the gradients are
//! ∂L/∂W_l = δ_{l+1}·a_lᵀ and ∂L/∂b_l = δ_{l+1}, summed over the samples of the batch.
//!
//! **Parameter order** (flat, as `parameter_names` spells it): for each layer l, the weights
//! `w[l][j,i]` (unit j of the layer's output, input i) row by row, then the biases `b[l][j]`.
//!
//! **Layout.** Activations are stored unit-major over the minibatch, `[unit][sample]`, so each
//! weight is loaded once per batch and feeds independent per-sample sums, two samples to a SIMD
//! register (`simd::F64x2`). Each per-sample sum is formed in the same order as in a one-sample
//! pass (b + w_0·a_0 + w_1·a_1 + …), and the gradient of each weight adds the samples' terms in
//! sample order, so stepping one sample at a time or a whole batch at once gives bit-identical
//! results, and so does any split of the samples or weights into register blocks: a block
//! changes which sums run side by side, never the order of the terms within a sum.
//! ndarray's general matrix product is not used: at 16 × 16 and below its packing is mostly
//! overhead; the per-layer kernels below are plain loops over contiguous slices.

use ndarray::{Array1, Array2};

use crate::activation::Activation;
use crate::loss::{class_score, Loss};
use crate::simd::{pair, F64x2};

/// A standard-layout ndarray as a flat slice (always `Some` for arrays built here; the empty
/// fallback only keeps this total).
pub(crate) fn flat<D: ndarray::Dimension>(a: &ndarray::Array<f64, D>) -> &[f64] {
    a.as_slice_memory_order().unwrap_or(&[])
}

pub(crate) fn flat_mut<D: ndarray::Dimension>(a: &mut ndarray::Array<f64, D>) -> &mut [f64] {
    a.as_slice_memory_order_mut().unwrap_or(&mut [])
}

#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// Units per layer, inputs first: [2, hidden…, 1].
    pub sizes: Vec<usize>,
    /// Activation of each hidden layer.
    pub hidden: Vec<Activation>,
    /// Activation of the output unit.
    pub output: Activation,
    pub loss: Loss,
    /// All weights and biases, in the documented flat order.
    pub params: Array1<f64>,
    /// Start of W_l in `params`; b_l follows W_l.
    offsets: Vec<usize>,
}

/// Buffers of one pass over up to `cap` samples, reused from batch to batch.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub cap: usize,
    /// a[l]: activations of layer l (a[0] = inputs), shape (units, cap).
    pub a: Vec<Array2<f64>>,
    /// z[l]: pre-activations of layer l + 1, shape (units, cap).
    pub z: Vec<Array2<f64>>,
    /// delta[l]: dLoss/dz[l], shape (units, cap).
    pub delta: Vec<Array2<f64>>,
    /// Loss of each sample of the last pass.
    pub loss: Vec<f64>,
    /// Scratch for one layer's activations transposed to [sample][unit] (see `backward_with`).
    at: Vec<f64>,
}

/// The widest block of lane pairs the kernels keep in registers: 10 sums, so that a batch of 10
/// (the default) or a layer of 10 units is one block, and one pass over the terms.
const MAX_PAIRS: usize = 5;

/// Splits `len` items (samples or weights) into the kernels' register blocks: 4 pairs at a time
/// while more than MAX_PAIRS pairs are left, then one block of the pairs left, then a single
/// item if `len` is odd. Calls `block(start, pairs)` for each block of pairs and returns where
/// the odd item is (`len` when there is none). Every term is loaded once per block, so fewer,
/// wider blocks mean fewer loads and less loop overhead; 8 and 10 sums fit the 16 SIMD
/// registers of x86-64 with room for the operands.
#[inline(always)]
fn for_each_block(len: usize, mut block: impl FnMut(usize, usize)) -> usize {
    let mut at = 0;
    while (len - at) / 2 > MAX_PAIRS {
        block(at, 4);
        at += 8;
    }
    let pairs = (len - at) / 2;
    if pairs > 0 {
        block(at, pairs);
    }
    at + 2 * pairs
}

/// out[s] = init + Σ_k c(k)·rows[k·cap + s] for every s < out.len(), the terms added in
/// ascending k — the same order as a one-sample pass. Samples go in blocks of lane pairs whose
/// sums stay in registers across all k (`for_each_block`), so each weight is loaded once per
/// block and the per-sample additions run side by side.
#[inline(always)]
fn combine(out: &mut [f64], init: f64, c: impl Fn(usize) -> f64, terms: usize, rows: &[f64], cap: usize) {
    let n = out.len();
    let odd = for_each_block(n, |s, pairs| match pairs {
        1 => combine_block::<1, 2>(out, s, init, &c, terms, rows, cap),
        2 => combine_block::<2, 4>(out, s, init, &c, terms, rows, cap),
        3 => combine_block::<3, 6>(out, s, init, &c, terms, rows, cap),
        4 => combine_block::<4, 8>(out, s, init, &c, terms, rows, cap),
        _ => combine_block::<5, 10>(out, s, init, &c, terms, rows, cap),
    });
    if odd < n {
        let mut acc = init;
        for k in 0..terms {
            acc += c(k) * rows[k * cap + odd];
        }
        out[odd] = acc;
    }
}

/// One block of B = 2P samples from s, as P lane pairs.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn combine_block<const P: usize, const B: usize>(
    out: &mut [f64],
    s: usize,
    init: f64,
    c: &impl Fn(usize) -> f64,
    terms: usize,
    rows: &[f64],
    cap: usize,
) {
    let mut acc = [F64x2::splat(init); P];
    // One check for the whole block: the loop below then indexes without any, which is a
    // good part of a term's cost in wasm.
    assert!(s + B <= cap, "a block inside a row");
    for (k, row) in rows[..terms * cap].chunks_exact(cap).enumerate() {
        let ck = F64x2::splat(c(k));
        let r: &[f64; B] = row[s..s + B].try_into().expect("B samples");
        for (t, a) in acc.iter_mut().enumerate() {
            *a = a.add_product(ck, pair(r, t));
        }
    }
    for (t, a) in acc.iter().enumerate() {
        out[s + 2 * t..s + 2 * t + 2].copy_from_slice(&a.lanes());
    }
}

/// g[i] += Σ_s d[s]·at[s·n_in + i] for every i < n_in, each weight adding its samples' terms in
/// ascending s (the order of a one-sample-at-a-time pass). Weights go in blocks of lane pairs
/// whose sums stay in registers across all samples, so each gradient is loaded and stored once
/// per batch rather than once per sample.
#[inline(always)]
fn accumulate_outer(g: &mut [f64], d: &[f64], at: &[f64], n_in: usize) {
    let odd = for_each_block(n_in, |i, pairs| match pairs {
        1 => outer_block::<1, 2>(g, i, d, at, n_in),
        2 => outer_block::<2, 4>(g, i, d, at, n_in),
        3 => outer_block::<3, 6>(g, i, d, at, n_in),
        4 => outer_block::<4, 8>(g, i, d, at, n_in),
        _ => outer_block::<5, 10>(g, i, d, at, n_in),
    });
    if odd < n_in {
        let mut acc = g[odd];
        for (row, &ds) in at.chunks_exact(n_in).zip(d) {
            acc += ds * row[odd];
        }
        g[odd] = acc;
    }
}

/// One block of B = 2P weights from i, as P lane pairs.
#[inline(always)]
fn outer_block<const P: usize, const B: usize>(g: &mut [f64], i: usize, d: &[f64], at: &[f64], n_in: usize) {
    let g0: &[f64; B] = g[i..i + B].try_into().expect("B weights");
    let mut acc: [F64x2; P] = std::array::from_fn(|t| pair(g0, t));
    // One check for the whole block, as in `combine_block`.
    assert!(i + B <= n_in, "a block inside a row");
    for (row, &ds) in at.chunks_exact(n_in).zip(d) {
        let dv = F64x2::splat(ds);
        let r: &[f64; B] = row[i..i + B].try_into().expect("B inputs");
        for (t, a) in acc.iter_mut().enumerate() {
            *a = a.add_product(dv, pair(r, t));
        }
    }
    for (t, a) in acc.iter().enumerate() {
        g[i + 2 * t..i + 2 * t + 2].copy_from_slice(&a.lanes());
    }
}

/// Names of the parameters of a network with these layer sizes, in flat order: `w[l][j,i]`,
/// then `b[l][j]`, layer by layer.
pub fn parameter_names(sizes: &[usize]) -> Vec<String> {
    let mut names = Vec::new();
    for l in 0..sizes.len().saturating_sub(1) {
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

impl Network {
    /// A network with all parameters zero; see `model::build` for the initialisation.
    pub fn new(sizes: Vec<usize>, hidden: Vec<Activation>, output: Activation, loss: Loss) -> Self {
        let mut offsets = Vec::with_capacity(sizes.len());
        let mut n = 0;
        for l in 0..sizes.len().saturating_sub(1) {
            offsets.push(n);
            n += sizes[l + 1] * (sizes[l] + 1);
        }
        Network { sizes, hidden, output, loss, params: Array1::zeros(n), offsets }
    }

    /// Number of weight layers (hidden layers + the output layer).
    pub fn n_layers(&self) -> usize {
        self.sizes.len() - 1
    }

    pub fn n_params(&self) -> usize {
        self.params.len()
    }

    /// Activation of the units of layer l + 1 (the output of weight layer l).
    pub fn activation(&self, l: usize) -> Activation {
        self.hidden.get(l).copied().unwrap_or(self.output)
    }

    /// Ranges of W_l and b_l in the flat parameters.
    pub fn layer_ranges(&self, l: usize) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let (n_in, n_out) = (self.sizes[l], self.sizes[l + 1]);
        let w = self.offsets[l];
        (w..w + n_out * n_in, w + n_out * n_in..w + n_out * (n_in + 1))
    }

    /// Names of the parameters in flat order (see `parameter_names`).
    pub fn parameter_names(&self) -> Vec<String> {
        parameter_names(&self.sizes)
    }

    pub fn workspace(&self, cap: usize) -> Workspace {
        let cap = cap.max(1);
        Workspace {
            cap,
            a: self.sizes.iter().map(|&u| Array2::zeros((u, cap))).collect(),
            z: self.sizes[1..].iter().map(|&u| Array2::zeros((u, cap))).collect(),
            delta: self.sizes[1..].iter().map(|&u| Array2::zeros((u, cap))).collect(),
            loss: vec![0.0; cap],
            at: vec![0.0; cap * self.sizes.iter().copied().max().unwrap_or(1)],
        }
    }

    /// Writes the inputs of sample s (s < n ≤ cap) into the workspace.
    #[inline]
    pub fn set_input(ws: &mut Workspace, s: usize, x: [f64; 2]) {
        let cap = ws.cap;
        let a0 = flat_mut(&mut ws.a[0]);
        a0[s] = x[0];
        a0[cap + s] = x[1];
    }

    /// Forward pass over the first `n` samples of the workspace, with the given parameters.
    pub fn forward_with(&self, params: &[f64], ws: &mut Workspace, n: usize) {
        let cap = ws.cap;
        for l in 0..self.n_layers() {
            let (n_in, n_out) = (self.sizes[l], self.sizes[l + 1]);
            let (wr, br) = self.layer_ranges(l);
            let (w, b) = (&params[wr], &params[br]);
            let act = self.activation(l);
            let (before, after) = ws.a.split_at_mut(l + 1);
            let a_in = flat(&before[l]);
            let a_out = flat_mut(&mut after[0]);
            let z = flat_mut(&mut ws.z[l]);
            for j in 0..n_out {
                let zr = &mut z[j * cap..j * cap + n];
                let wj = &w[j * n_in..(j + 1) * n_in];
                combine(zr, b[j], |i| wj[i], n_in, a_in, cap);
                act.apply(zr, &mut a_out[j * cap..j * cap + n]);
            }
        }
    }

    pub fn forward(&self, ws: &mut Workspace, n: usize) {
        self.forward_with(flat(&self.params), ws, n);
    }

    /// Loss of each of the first `n` samples (labels ±1 in `y`) into `ws.loss`, and the output
    /// error dLoss/dz_L into `ws.delta`. Returns the sum of the losses. Needs `forward` first.
    pub fn output_loss(&self, ws: &mut Workspace, y: &[f64]) -> f64 {
        let last = self.n_layers() - 1;
        let n = y.len();
        let z = &flat(&ws.z[last])[..n];
        let a = &flat(&ws.a[last + 1])[..n];
        let d = &mut flat_mut(&mut ws.delta[last])[..n];
        let mut sum = 0.0;
        for s in 0..n {
            let (l, g) = self.loss.value_and_grad(self.output, z[s], a[s], y[s]);
            ws.loss[s] = l;
            d[s] = g;
            sum += l;
        }
        sum
    }

    /// Backpropagates the output error of the first `n` samples and adds their parameter
    /// gradients (sums, not means) to `grad`, sample by sample in order.
    pub fn backward_with(&self, params: &[f64], ws: &mut Workspace, n: usize, grad: &mut [f64]) {
        let cap = ws.cap;
        for l in (0..self.n_layers()).rev() {
            let (n_in, n_out) = (self.sizes[l], self.sizes[l + 1]);
            let (wr, br) = self.layer_ranges(l);
            let (w_off, b_off) = (wr.start, br.start);
            let a_in = flat(&ws.a[l]);
            // ∂L/∂W_l[j, ·] += δ[j][s]·a_l[·][s], sample after sample: with the activations
            // transposed to [sample][input], each sample adds a contiguous row to the row's
            // gradients, held in registers across the batch (`accumulate_outer`), and every
            // weight still sums its samples in order.
            let at = &mut ws.at[..n * n_in];
            for i in 0..n_in {
                for (s, &a) in a_in[i * cap..i * cap + n].iter().enumerate() {
                    at[s * n_in + i] = a;
                }
            }
            {
                let d_out = flat(&ws.delta[l]);
                for j in 0..n_out {
                    let dr = &d_out[j * cap..j * cap + n];
                    let g = &mut grad[w_off + j * n_in..w_off + (j + 1) * n_in];
                    accumulate_outer(g, dr, at, n_in);
                    let mut acc = grad[b_off + j];
                    for &d in dr {
                        acc += d;
                    }
                    grad[b_off + j] = acc;
                }
            }
            if l == 0 {
                break;
            }
            // δ_l = (W_lᵀ·δ_{l+1}) ⊙ f'(z_l), row by row over the batch.
            let w = &params[wr];
            let (lower, upper) = ws.delta.split_at_mut(l);
            let d_in = flat_mut(&mut lower[l - 1]);
            let d_out = flat(&upper[0]);
            let z_in = flat(&ws.z[l - 1]);
            let act = self.activation(l - 1);
            for i in 0..n_in {
                let row = &mut d_in[i * cap..i * cap + n];
                combine(row, 0.0, |j| w[j * n_in + i], n_out, d_out, cap);
                act.scale_by_derivative(&z_in[i * cap..i * cap + n], &a_in[i * cap..i * cap + n], row);
            }
        }
    }

    pub fn backward(&self, ws: &mut Workspace, n: usize, grad: &mut [f64]) {
        self.backward_with(flat(&self.params), ws, n, grad);
    }

    /// The output unit's pre-activation z for the first `n` samples after `forward` (what the
    /// divergence checks read: an activation such as tanh or a step can hide an infinite z).
    pub fn output_z<'a>(&self, ws: &'a Workspace, n: usize) -> &'a [f64] {
        &flat(&ws.z[self.n_layers() - 1])[..n]
    }

    /// Output of sample s after `forward`: (pre-activation z, activation a).
    pub fn output_of(&self, ws: &Workspace, s: usize) -> (f64, f64) {
        let last = self.n_layers() - 1;
        (flat(&ws.z[last])[s], flat(&ws.a[last + 1])[s])
    }

    /// Class-+1 score in [0, 1] of sample s after `forward` (0.5 is the decision boundary).
    pub fn score_of(&self, ws: &Workspace, s: usize) -> f64 {
        class_score(self.output, self.output_of(ws, s).1)
    }

    /// Loss and parameter gradient of one point, with the current parameters (allocates; for
    /// tests and one-sample traces).
    pub fn sample_gradient(&self, x: [f64; 2], y: f64) -> (f64, Vec<f64>) {
        let mut ws = self.workspace(1);
        Network::set_input(&mut ws, 0, x);
        self.forward(&mut ws, 1);
        let loss = self.output_loss(&mut ws, &[y]);
        let mut grad = vec![0.0; self.n_params()];
        self.backward(&mut ws, 1, &mut grad);
        (loss, grad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

    fn random_net(hidden: &[usize], act: Activation, loss: Loss, seed: u64) -> Network {
        let mut sizes = vec![2];
        sizes.extend_from_slice(hidden);
        sizes.push(1);
        let mut net = Network::new(sizes, vec![act; hidden.len()], loss.mlp_output(), loss);
        let mut rng = Rng::new(seed, Stream::Init);
        net.params.iter_mut().for_each(|p| *p = rng.range(-1.0, 1.0));
        net
    }

    /// Every parameter's gradient against the central difference of the loss, relative error
    /// < 1e-5, for an MLP with each hidden activation (step has zero gradient everywhere, which
    /// the numeric derivative confirms away from its jump).
    #[test]
    #[allow(clippy::needless_range_loop)] // p indexes the probe network and the gradient alike
    fn mlp_gradients_match_central_differences() {
        let acts = [
            Activation::Linear,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::LeakyRelu(0.1),
            Activation::Step,
        ];
        let losses = [Loss::Mse, Loss::CrossEntropy, Loss::Hinge, Loss::Perceptron];
        let mut checked = 0;
        for (k, &act) in acts.iter().enumerate() {
            for (m, &loss) in losses.iter().enumerate() {
                let net = random_net(&[3, 4], act, loss, (10 * k + m) as u64);
                let (x, y) = ([0.7, -1.3], if m % 2 == 0 { 1.0 } else { -1.0 });
                let (_, grad) = net.sample_gradient(x, y);
                let h = 1e-6;
                for p in 0..net.n_params() {
                    let at = |delta: f64| {
                        let mut probe = net.clone();
                        probe.params[p] += delta;
                        probe.sample_gradient(x, y).0
                    };
                    let numeric = (at(h) - at(-h)) / (2.0 * h);
                    let scale = numeric.abs().max(grad[p].abs());
                    if scale < 1e-7 {
                        continue; // both vanish (a dead unit, a satisfied margin, a step)
                    }
                    let rel = (numeric - grad[p]).abs() / scale;
                    assert!(rel < 1e-5, "{act:?}/{loss:?} param {p}: numeric {numeric}, analytic {}", grad[p]);
                    checked += 1;
                }
            }
        }
        assert!(checked > 300, "only {checked} gradients were non-zero");
    }

    #[test]
    fn batch_and_sample_by_sample_passes_are_bit_identical() {
        let net = random_net(&[5, 3], Activation::Tanh, Loss::Mse, 3);
        let xs = [[0.5, -2.0], [1.5, 3.0], [-4.0, 0.25], [2.0, 2.0], [-1.0, -5.5]];
        let ys = [1.0, -1.0, 1.0, -1.0, 1.0];
        let mut ws = net.workspace(5);
        for (s, &x) in xs.iter().enumerate() {
            Network::set_input(&mut ws, s, x);
        }
        net.forward(&mut ws, 5);
        let batch_loss = net.output_loss(&mut ws, &ys);
        let mut batch = vec![0.0; net.n_params()];
        net.backward(&mut ws, 5, &mut batch);

        let mut one = net.workspace(1);
        let mut single = vec![0.0; net.n_params()];
        let mut single_loss = 0.0;
        for (s, &x) in xs.iter().enumerate() {
            Network::set_input(&mut one, 0, x);
            net.forward(&mut one, 1);
            single_loss += net.output_loss(&mut one, &ys[s..s + 1]);
            net.backward(&mut one, 1, &mut single);
        }
        assert_eq!(batch_loss.to_bits(), single_loss.to_bits());
        for (a, b) in batch.iter().zip(&single) {
            assert_eq!(a.to_bits(), b.to_bits());
        }
    }

    /// The register blocks: any split gives the same bits (the tests above and the fixtures
    /// check the sums), so the split itself is stated here.
    #[test]
    fn blocks_are_wide_and_cover_every_item_once() {
        let blocks = |len: usize| {
            let mut v = Vec::new();
            let odd = for_each_block(len, |at, pairs| v.push((at, pairs)));
            (v, odd)
        };
        assert_eq!(blocks(0), (vec![], 0));
        assert_eq!(blocks(1), (vec![], 0));
        assert_eq!(blocks(2), (vec![(0, 1)], 2));
        assert_eq!(blocks(7), (vec![(0, 3)], 6));
        assert_eq!(blocks(8), (vec![(0, 4)], 8));
        assert_eq!(blocks(10), (vec![(0, 5)], 10));
        assert_eq!(blocks(11), (vec![(0, 5)], 10));
        assert_eq!(blocks(12), (vec![(0, 4), (8, 2)], 12));
        assert_eq!(blocks(16), (vec![(0, 4), (8, 4)], 16));
        assert_eq!(blocks(27), (vec![(0, 4), (8, 4), (16, 5)], 26));
    }

    /// Batch and sample-by-sample passes agree for every block width of the kernels: batches of
    /// 1 to 22 samples through layers of 1 to 12 units (odd and even, below and above a block).
    #[test]
    fn every_block_width_gives_the_one_sample_bits() {
        for (k, width) in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].into_iter().enumerate() {
            let net = random_net(&[width, 11 - width + 1], Activation::Tanh, Loss::Mse, 40 + k as u64);
            let n = 2 * k + 1 + (k % 3);
            let xs: Vec<[f64; 2]> =
                (0..n).map(|s| [(s as f64 * 0.37).sin() * 3.0, (s as f64 * 0.71).cos() * 2.0]).collect();
            let ys: Vec<f64> = (0..n).map(|s| if s % 3 == 0 { 1.0 } else { -1.0 }).collect();
            let mut ws = net.workspace(n + 3);
            for (s, &x) in xs.iter().enumerate() {
                Network::set_input(&mut ws, s, x);
            }
            net.forward(&mut ws, n);
            let batch_loss = net.output_loss(&mut ws, &ys);
            let mut batch = vec![0.0; net.n_params()];
            net.backward(&mut ws, n, &mut batch);
            let mut single = vec![0.0; net.n_params()];
            let mut single_loss = 0.0;
            for (s, &x) in xs.iter().enumerate() {
                let (loss, grad) = net.sample_gradient(x, ys[s]);
                single_loss += loss;
                single.iter_mut().zip(&grad).for_each(|(a, g)| *a += g);
            }
            assert_eq!(batch_loss.to_bits(), single_loss.to_bits(), "width {width}, {n} samples");
            for (p, (a, b)) in batch.iter().zip(&single).enumerate() {
                assert_eq!(a.to_bits(), b.to_bits(), "width {width}, {n} samples, parameter {p}");
            }
        }
    }

    #[test]
    fn parameter_names_follow_the_flat_order() {
        let net = random_net(&[3], Activation::Tanh, Loss::Mse, 1);
        let names = net.parameter_names();
        assert_eq!(names.len(), net.n_params());
        assert_eq!(names.len(), 3 * 2 + 3 + 3 + 1);
        assert_eq!(&names[..4], &["w[0][0,0]", "w[0][0,1]", "w[0][1,0]", "w[0][1,1]"]);
        assert_eq!(names[6], "b[0][0]");
        assert_eq!(names[9], "w[1][0,0]");
        assert_eq!(names[12], "b[1][0]");
    }
}
