//! What a run shows: metrics, grids over the view box, gradient norms, dead units, one-sample
//! traces, loss landscapes over two parameters and the path the parameters took.

use serde::Serialize;
use tsify::Tsify;

use super::{Divergence, Engine, Split, EVAL_CHUNK};
use crate::activation::ActivationKind;
use crate::data::VIEW_HALF;
use crate::error::{Code, EngineError, Range, Result};
use crate::loss::{class_score, Loss};
use crate::model::mlp::flat;
use crate::model::{Network, MAX_HIDDEN_LAYERS, MAX_UNITS};

/// Largest grid side accepted by `predict_grid`, `neuron_grids` and `landscape`.
pub const MAX_GRID: usize = 512;

/// How a run is doing: loss and accuracy on both sets, dead units, and the divergence that
/// stopped it, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Metrics {
    /// Mean loss over the training set (no regularization penalty).
    pub train_loss: f64,
    /// Mean loss over the test set; null without test points.
    pub test_loss: Option<f64>,
    /// Share of training points classified right, 0..=1.
    pub train_accuracy: f64,
    pub test_accuracy: Option<f64>,
    /// Per weight layer: dead units, whose activation's derivative f′(z) is exactly 0 on every
    /// training point (ReLU with z ≤ 0 everywhere, step always, saturated sigmoid/tanh; never
    /// linear or Leaky ReLU with α ≠ 0; the output layer is not counted).
    pub dead_units: Vec<u32>,
    /// Why training stopped, or null.
    pub divergence: Option<Divergence>,
}

/// The weights and biases of one layer: `w[j][i]` from input i to unit j.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
pub struct LayerWeights {
    pub w: Vec<Vec<f64>>,
    pub b: Vec<f64>,
}

/// Every layer's weights and biases, inputs first.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
pub struct Weights {
    pub layers: Vec<LayerWeights>,
}

/// One layer of a one-sample trace.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TraceLayer {
    pub activation: ActivationKind,
    /// W (units × inputs) and b as they are now.
    pub w: Vec<Vec<f64>>,
    pub b: Vec<f64>,
    /// z = W·a_in + b and a = f(z) of this sample.
    pub z: Vec<f64>,
    pub a: Vec<f64>,
    /// dLoss/dz of this layer's units.
    pub delta: Vec<f64>,
    /// dLoss/dW and dLoss/db for this sample alone (with the regularization term).
    pub grad_w: Vec<Vec<f64>>,
    pub grad_b: Vec<f64>,
    /// The change the optimizer would make if this sample alone were the next batch.
    pub update_w: Vec<Vec<f64>>,
    pub update_b: Vec<f64>,
}

/// Everything about one sample: the forward pass, the loss, every gradient and the update.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    pub index: usize,
    #[tsify(type = "[number, number]")]
    pub inputs: [f64; 2],
    pub label: i8,
    pub test: bool,
    pub layers: Vec<TraceLayer>,
    /// The output unit's z and a, and a on the 0..1 class scale.
    pub output_z: f64,
    pub output: f64,
    pub score: f64,
    /// Predicted class (±1) and whether it is wrong.
    pub prediction: i8,
    pub mistake: bool,
    pub loss: f64,
    pub loss_name: Loss,
}

/// Loss and accuracy of both sets and the dead units, as cached between weight changes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Evaluation {
    pub train_loss: f64,
    pub train_accuracy: f64,
    /// (loss, accuracy) of the test set, if there is one.
    pub test: Option<(f64, f64)>,
    pub dead: [u32; MAX_LAYERS],
    /// Every output and loss on both sets is finite (else the run has diverged).
    pub finite: bool,
}

/// Weight layers at most (hidden layers + the output layer).
const MAX_LAYERS: usize = MAX_HIDDEN_LAYERS + 1;

/// Grid sides accepted by the grid and landscape calls.
pub const GRID_RANGE: Range = Range::whole(1.0, MAX_GRID as f64);

fn check_grid(res: usize) -> Result<()> {
    GRID_RANGE.check("res", res as f64)
}

/// Centre of cell (r, c) of a res × res grid over [x0, x1] × [y0, y1], row 0 at the top.
#[inline]
fn cell(res: usize, r: usize, c: usize, bx: [f64; 4]) -> [f64; 2] {
    let (w, h) = ((bx[1] - bx[0]) / res as f64, (bx[3] - bx[2]) / res as f64);
    [bx[0] + (c as f64 + 0.5) * w, bx[3] - (r as f64 + 0.5) * h]
}

const VIEW_BOX: [f64; 4] = [-VIEW_HALF, VIEW_HALF, -VIEW_HALF, VIEW_HALF];

/// An activation for drawing: f32, with values past f32's range held at its largest finite
/// value (a unit of a diverging net can reach 1e74 while every weight is still finite) and NaN
/// drawn as 0.
fn to_f32(v: f64) -> f32 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-(f32::MAX as f64), f32::MAX as f64) as f32
    }
}

/// A loss for drawing: an overflow (or an undefined loss) shown as the largest finite number,
/// so a landscape is drawn whatever box it is asked for.
fn saturate(loss: f64) -> f64 {
    if loss.is_nan() {
        f64::MAX
    } else {
        loss.clamp(-f64::MAX, f64::MAX)
    }
}

/// ‖g‖₂ without overflow: the sum of squares is taken of g / max|g|, so entries up to f64's
/// largest still give a finite norm (as long as the norm itself fits).
fn l2_norm(g: &[f64]) -> f64 {
    let scale = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    let sum: f64 = g.iter().map(|v| (v / scale) * (v / scale)).sum();
    saturate(scale * libm::sqrt(sum))
}

impl Engine {
    /// Loss and accuracy on both sets and the dead-unit counts (cached until the weights or the
    /// data change).
    pub fn metrics(&mut self) -> Metrics {
        let e = self.evaluation();
        let layers = self.net.n_layers();
        Metrics {
            train_loss: e.train_loss,
            test_loss: e.test.map(|t| t.0),
            train_accuracy: e.train_accuracy,
            test_accuracy: e.test.map(|t| t.1),
            dead_units: e.dead[..layers].to_vec(),
            divergence: self.diverged.clone(),
        }
    }

    /// The cached evaluation, computed if the weights or data changed since. Allocation-free.
    pub(super) fn evaluation(&mut self) -> Evaluation {
        if let Some(e) = self.metrics {
            return e;
        }
        let params = std::mem::take(&mut self.net.params);
        let mut dead = [0u32; MAX_LAYERS];
        let (train_loss, train_accuracy, train_finite) = self.evaluate(flat(&params), Set::Train, Some(&mut dead));
        let test = (self.test.len() > 0).then(|| self.evaluate(flat(&params), Set::Test, None));
        self.net.params = params;
        let finite = train_finite && train_loss.is_finite() && test.is_none_or(|t| t.2 && t.0.is_finite());
        let e = Evaluation { train_loss, train_accuracy, test: test.map(|t| (t.0, t.1)), dead, finite };
        self.metrics = Some(e);
        e
    }

    /// Mean loss and accuracy of `params` on a set, and whether every output was finite;
    /// counts dead units when asked.
    fn evaluate(&mut self, params: &[f64], set: Set, dead: Option<&mut [u32; MAX_LAYERS]>) -> (f64, f64, bool) {
        let split: &Split = match set {
            Set::Train => &self.train,
            Set::Test => &self.test,
        };
        let n = split.len();
        if n == 0 {
            return (f64::NAN, f64::NAN, true);
        }
        let mut finite = true;
        let layers = self.net.n_layers();
        // alive[l][j]: unit j of hidden layer l had f′(z) ≠ 0 on some point.
        let mut alive = [[false; MAX_UNITS]; MAX_LAYERS];
        let count_dead = dead.is_some();
        let (mut loss, mut correct) = (0.0, 0usize);
        let cap = self.eval_ws.cap;
        let mut start = 0;
        while start < n {
            let k = (n - start).min(EVAL_CHUNK);
            for s in 0..k {
                Network::set_input(&mut self.eval_ws, s, [split.x[[start + s, 0]], split.x[[start + s, 1]]]);
                self.y_eval[s] = split.y[start + s];
            }
            self.net.forward_with(params, &mut self.eval_ws, k);
            finite &= self.net.output_z(&self.eval_ws, k).iter().all(|z| z.is_finite());
            loss += self.net.output_loss(&mut self.eval_ws, &self.y_eval[..k]);
            for s in 0..k {
                let positive = self.net.score_of(&self.eval_ws, s) >= 0.5;
                correct += usize::from(positive == (self.y_eval[s] > 0.0));
            }
            if count_dead {
                // Every layer, the output's too (one unit, never reported: it costs nothing).
                for (l, alive_l) in alive.iter_mut().enumerate().take(layers) {
                    // Dead: f′(z) = 0 exactly on every point. ReLU units die when z ≤ 0
                    // everywhere, step units always are (f′ = 0), sigmoid and tanh ones when they
                    // saturate so far that f′ rounds to 0; linear and leaky units (α ≠ 0) never.
                    let act = self.net.activation(l);
                    let (z, a) = (flat(&self.eval_ws.z[l]), flat(&self.eval_ws.a[l + 1]));
                    for (j, alive) in alive_l.iter_mut().enumerate().take(self.net.sizes[l + 1]) {
                        let row = j * cap..j * cap + k;
                        *alive =
                            *alive || z[row.clone()].iter().zip(&a[row]).any(|(&z, &a)| act.derivative(z, a) != 0.0);
                    }
                }
            }
            start += k;
        }
        if let Some(dead) = dead {
            for l in 0..layers - 1 {
                dead[l] = alive[l][..self.net.sizes[l + 1]].iter().filter(|a| !**a).count() as u32;
            }
        }
        (loss / n as f64, correct as f64 / n as f64, finite)
    }

    /// Class-+1 scores (0..1, 0.5 = boundary) at the centres of a res × res grid over the view
    /// box, row-major, row 0 at the top (x2 = +6). The buffer is reused from call to call.
    pub fn predict_grid(&mut self, res: usize) -> Result<&[f32]> {
        check_grid(res)?;
        self.grid.resize(res * res, 0.0);
        let params = std::mem::take(&mut self.net.params);
        let mut done = 0;
        while done < res * res {
            let k = (res * res - done).min(EVAL_CHUNK);
            for s in 0..k {
                let i = done + s;
                Network::set_input(&mut self.eval_ws, s, cell(res, i / res, i % res, VIEW_BOX));
            }
            self.net.forward_with(flat(&params), &mut self.eval_ws, k);
            for s in 0..k {
                let (_, a) = self.net.output_of(&self.eval_ws, s);
                // An output that is not a number has no class: it is drawn on the boundary.
                let score = class_score(self.net.output, a);
                self.grid[done + s] = if score.is_nan() { 0.5 } else { score as f32 };
            }
            done += k;
        }
        self.net.params = params;
        Ok(&self.grid)
    }

    /// Number of hidden units (all hidden layers).
    pub fn hidden_units(&self) -> usize {
        self.net.sizes[1..self.net.sizes.len() - 1].iter().sum()
    }

    /// Every hidden unit's activation over the same grid as `predict_grid`: units × res × res,
    /// layer by layer, unit by unit.
    pub fn neuron_grids(&mut self, res: usize) -> Result<&[f32]> {
        check_grid(res)?;
        let cells = res * res;
        self.grid.resize(self.hidden_units() * cells, 0.0);
        let params = std::mem::take(&mut self.net.params);
        let cap = self.eval_ws.cap;
        let mut done = 0;
        while done < cells {
            let k = (cells - done).min(EVAL_CHUNK);
            for s in 0..k {
                let i = done + s;
                Network::set_input(&mut self.eval_ws, s, cell(res, i / res, i % res, VIEW_BOX));
            }
            self.net.forward_with(flat(&params), &mut self.eval_ws, k);
            let mut unit = 0;
            for l in 1..self.net.sizes.len() - 1 {
                let a = flat(&self.eval_ws.a[l]);
                for j in 0..self.net.sizes[l] {
                    let out = &mut self.grid[unit * cells + done..unit * cells + done + k];
                    for (o, &v) in out.iter_mut().zip(&a[j * cap..j * cap + k]) {
                        *o = to_f32(v);
                    }
                    unit += 1;
                }
            }
            done += k;
        }
        self.net.params = params;
        Ok(&self.grid)
    }

    /// Per weight layer, the L2 norm of the last batch's mean gradient of its weights
    /// (regularization included); zeros before the first step.
    pub fn gradient_norms(&self) -> Vec<f64> {
        let g = flat(&self.last_grad);
        (0..self.net.n_layers()).map(|l| l2_norm(&g[self.net.layer_ranges(l).0])).collect()
    }

    /// The forward pass, loss, gradients and would-be update of point `i` (an index into
    /// `points()`), with the current weights.
    pub fn trace(&self, i: usize) -> Result<Trace> {
        let n = self.points.len();
        let p = self.points.get(i).ok_or_else(|| EngineError::index("i", i as f64, n))?;
        let net = &self.net;
        let params = flat(&net.params);
        let mut ws = net.workspace(1);
        Network::set_input(&mut ws, 0, p.x);
        net.forward(&mut ws, 1);
        let loss = net.output_loss(&mut ws, &[p.label as f64]);
        let mut grad = vec![0.0; net.n_params()];
        net.backward(&mut ws, 1, &mut grad);
        self.add_regularization(&mut grad, params);
        let update = self.opt.preview(params, &grad);
        let rows = |v: &[f64], l: usize| -> Vec<Vec<f64>> {
            let (n_in, r) = (net.sizes[l], net.layer_ranges(l).0);
            v[r].chunks(n_in.max(1)).map(<[f64]>::to_vec).collect()
        };
        let col = |m: &ndarray::Array2<f64>| m.column(0).to_vec();
        let layers = (0..net.n_layers())
            .map(|l| {
                let b = net.layer_ranges(l).1;
                TraceLayer {
                    activation: net.activation(l).kind(),
                    w: rows(params, l),
                    b: params[b.clone()].to_vec(),
                    z: col(&ws.z[l]),
                    a: col(&ws.a[l + 1]),
                    delta: col(&ws.delta[l]),
                    grad_w: rows(&grad, l),
                    grad_b: grad[b.clone()].to_vec(),
                    update_w: rows(&update, l),
                    update_b: update[b].to_vec(),
                }
            })
            .collect();
        let (z, a) = net.output_of(&ws, 0);
        let score = class_score(net.output, a);
        let prediction = if score >= 0.5 { 1 } else { -1 };
        Ok(Trace {
            index: i,
            inputs: p.x,
            label: p.label,
            test: p.test,
            layers,
            output_z: z,
            output: a,
            score,
            prediction,
            mistake: prediction != p.label,
            loss,
            loss_name: net.loss,
        })
    }

    fn check_param(&self, name: &str, p: usize) -> Result<()> {
        let n = self.net.n_params();
        if p < n {
            Ok(())
        } else {
            Err(EngineError::index(name, p as f64, n))
        }
    }

    /// Mean training loss (no penalty) with parameters p and q set to every cell centre of a
    /// res × res grid over `bx` = [p_min, p_max, q_min, q_max] (p across, q up; row 0 at the
    /// top), all other parameters as they are now.
    pub fn landscape(&mut self, p: usize, q: usize, res: usize, bx: [f64; 4]) -> Result<Vec<f64>> {
        self.check_param("p", p)?;
        self.check_param("q", q)?;
        if p == q {
            return Err(EngineError::new(Code::Distinct, "q").with_value(p));
        }
        check_grid(res)?;
        for (i, &v) in bx.iter().enumerate() {
            Range::ANY.check(&format!("box[{i}]"), v)?;
        }
        if bx[0] >= bx[1] || bx[2] >= bx[3] {
            return Err(EngineError::new(Code::Order, "box").with_text(&format!("{bx:?}")));
        }
        let mut probe = flat(&self.net.params).to_vec();
        let mut out = Vec::with_capacity(res * res);
        for r in 0..res {
            for c in 0..res {
                let [vp, vq] = cell(res, r, c, bx);
                probe[p] = vp;
                probe[q] = vq;
                out.push(saturate(self.evaluate(&probe, Set::Train, None).0));
            }
        }
        Ok(out)
    }

    /// Mean training loss (no penalty) with parameters p and q set to `vp` and `vq`, all others
    /// as they are now, and its exact gradient with respect to p and q (by backpropagation):
    /// the value and slope under the cursor of a loss landscape. The value equals the
    /// landscape's at the same point, bit for bit (same chunks, same order).
    pub fn loss_at(&mut self, p: usize, q: usize, vp: f64, vq: f64) -> Result<(f64, [f64; 2])> {
        self.check_param("p", p)?;
        self.check_param("q", q)?;
        if p == q {
            return Err(EngineError::new(Code::Distinct, "q").with_value(p));
        }
        Range::ANY.check("vp", vp)?;
        Range::ANY.check("vq", vq)?;
        let n = self.train.len();
        if n == 0 {
            return Ok((f64::NAN, [f64::NAN; 2]));
        }
        let mut probe = flat(&self.net.params).to_vec();
        probe[p] = vp;
        probe[q] = vq;
        let mut grad = vec![0.0; probe.len()];
        let mut loss = 0.0;
        let mut start = 0;
        while start < n {
            let k = (n - start).min(EVAL_CHUNK);
            for s in 0..k {
                Network::set_input(&mut self.eval_ws, s, [self.train.x[[start + s, 0]], self.train.x[[start + s, 1]]]);
                self.y_eval[s] = self.train.y[start + s];
            }
            self.net.forward_with(&probe, &mut self.eval_ws, k);
            loss += self.net.output_loss(&mut self.eval_ws, &self.y_eval[..k]);
            self.net.backward_with(&probe, &mut self.eval_ws, k, &mut grad);
            start += k;
        }
        let n = n as f64;
        // Held finite like the landscape; a slope that is not a number is shown as flat.
        let slope = |g: f64| if g.is_nan() { 0.0 } else { g.clamp(-f64::MAX, f64::MAX) };
        Ok((saturate(loss / n), [slope(grad[p] / n), slope(grad[q] / n)]))
    }

    /// Every layer's weights and biases.
    pub fn weights(&self) -> Weights {
        let net = &self.net;
        let params = flat(&net.params);
        let layers = (0..net.n_layers())
            .map(|l| {
                let (w, b) = net.layer_ranges(l);
                LayerWeights { w: params[w].chunks(net.sizes[l]).map(<[f64]>::to_vec).collect(), b: params[b].to_vec() }
            })
            .collect();
        Weights { layers }
    }

    /// Values of parameters p and q after every step so far (decimated past 2^15 numbers; see
    /// `ParamPath`), ending at the current values: p0, q0, p1, q1, …
    pub fn parameter_path(&self, p: usize, q: usize) -> Result<Vec<f64>> {
        self.check_param("p", p)?;
        self.check_param("q", q)?;
        let n = self.net.n_params();
        let mut out: Vec<f64> = self.path.data.chunks(n).flat_map(|s| [s[p], s[q]]).collect();
        let now = flat(&self.net.params);
        if out.len() < 2 || out[out.len() - 2] != now[p] || out[out.len() - 1] != now[q] {
            out.extend_from_slice(&[now[p], now[q]]);
        }
        Ok(out)
    }
}

#[derive(Clone, Copy)]
enum Set {
    Train,
    Test,
}
