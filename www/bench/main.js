// The benchmark page: our Trainer (through its public API), convnetjs 0.3.0 and TensorFlow.js
// 4.22 (tfjs-core with the cpu and wasm backends) train the same XOR work; then the cost of a
// frame on the main thread vs in a Web Worker, and the heatmap. Results land in
// `window.benchResults` for scripts/bench.mjs and in a table on the page.
import init, { Trainer } from "../pkg/dl_playground.js";
import { runFrame } from "../engine/frame.js";
import { PlaygroundEngine } from "../engine/remote.js";

const NETS = { "2-4-2-1": [4, 2], "2-8-8-8-8-8-8-1": [8, 8, 8, 8, 8, 8] };
const ROUNDS = 5;
const ROUND_MS = 400;
const LR = 0.03;
const BATCH = 10;
const log = (s) => {
  document.getElementById("log").textContent += s + "\n";
};
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const nextFrame = () => new Promise((r) => setTimeout(r, 0));

function ourConfig(hidden, recordHistory = true) {
  return {
    dataset: "xor",
    points: 250,
    trainRatio: 1,
    noise: 0.1,
    seed: 1,
    hidden,
    activation: "tanh",
    loss: "mse",
    optimizer: "sgd",
    learningRate: LR,
    batchSize: BATCH,
    recordHistory,
  };
}

/** The XOR points every library trains on, from our generator. */
function xorData() {
  const t = new Trainer(ourConfig([4]));
  const { x, label } = t.points();
  t.free();
  return { x, y: Float64Array.from(label) };
}

function shuffled(n) {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

// Each runner: { epoch(): samples trained } — one epoch over the 250 points.
const runners = {
  // Training alone (the peers' work) — or, with `history`, also evaluating the loss over the
  // training set at every epoch's end, as the playground page does for its loss chart.
  ours(hidden, history) {
    const t = new Trainer(ourConfig(hidden, history));
    return {
      epoch: (k = 1) => {
        t.stepEpochs(k);
        return 250 * k;
      },
      free: () => t.free(),
    };
  },

  convnetjs(hidden, data) {
    // Closest equivalent: fc+tanh hidden layers, then a regression layer (a linear output unit
    // with loss ½(a − y)²); SGD without momentum (convnetjs defaults to 0.9) or weight decay.
    const layers = [{ type: "input", out_sx: 1, out_sy: 1, out_depth: 2 }];
    for (const h of hidden) layers.push({ type: "fc", num_neurons: h, activation: "tanh" });
    layers.push({ type: "regression", num_neurons: 1 });
    const net = new convnetjs.Net();
    net.makeLayers(layers);
    const trainer = new convnetjs.Trainer(net, {
      method: "sgd",
      learning_rate: LR,
      batch_size: BATCH,
      momentum: 0,
      l2_decay: 0,
    });
    const vols = Array.from({ length: 250 }, (_, i) => new convnetjs.Vol([data.x[2 * i], data.x[2 * i + 1]]));
    return {
      epoch: (k = 1) => {
        for (let e = 0; e < k; e++) for (const i of shuffled(250)) trainer.train(vols[i], [data.y[i]]);
        return 250 * k;
      },
      free: () => {},
    };
  },

  tfjs(hidden, data) {
    // tfjs-core ops only (no tfjs-layers): the same tanh layers and tanh output, mean squared
    // error over the batch, tf.train.sgd — the exact equivalent of our configuration.
    const sizes = [2, ...hidden, 1];
    const vars = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const s = Math.sqrt(6 / (sizes[l] + sizes[l + 1]));
      vars.push([
        tf.variable(tf.randomUniform([sizes[l], sizes[l + 1]], -s, s)),
        tf.variable(tf.zeros([sizes[l + 1]])),
      ]);
    }
    const predict = (x) => vars.reduce((a, [w, b]) => tf.tanh(tf.add(tf.matMul(a, w), b)), x);
    const opt = tf.train.sgd(LR);
    const xs = new Float32Array(data.x);
    const ys = new Float32Array(data.y);
    return {
      epoch: (k = 1) => {
        for (let e = 0; e < k; e++) {
          const order = shuffled(250);
          for (let s = 0; s < 250; s += BATCH) {
            const idx = order.slice(s, s + BATCH);
            const bx = new Float32Array(idx.length * 2);
            const by = new Float32Array(idx.length);
            idx.forEach((i, r) => {
              bx[2 * r] = xs[2 * i];
              bx[2 * r + 1] = xs[2 * i + 1];
              by[r] = ys[i];
            });
            tf.tidy(() => {
              const x = tf.tensor2d(bx, [idx.length, 2]);
              const y = tf.tensor2d(by, [idx.length, 1]);
              opt.minimize(() => tf.losses.meanSquaredError(y, predict(x)));
            });
          }
        }
        return 250 * k;
      },
      free: () => {
        vars.flat().forEach((v) => v.dispose());
        opt.dispose();
      },
    };
  },
};

const LIBS = [
  { name: "dl-playground", make: (h) => runners.ours(h, false) },
  { name: "dl-playground + history", make: (h) => runners.ours(h, true) },
  { name: "convnetjs 0.3.0", make: (h, d) => runners.convnetjs(h, d) },
  { name: "tfjs 4.22 cpu", backend: "cpu", make: (h, d) => runners.tfjs(h, d) },
  { name: "tfjs 4.22 wasm", backend: "wasm", make: (h, d) => runners.tfjs(h, d) },
];

/** Trains for about ROUND_MS after a warm-up; returns samples/s. */
async function measure(lib, hidden, data) {
  if (lib.backend) {
    await tf.setBackend(lib.backend);
    await tf.ready();
  }
  const r = lib.make(hidden, data);
  r.epoch(3); // warm-up: first calls run in the baseline tiers
  let samples = 0;
  const t0 = performance.now();
  let k = 1;
  while (performance.now() - t0 < ROUND_MS) {
    const t1 = performance.now();
    samples += r.epoch(k);
    // Doubling stops at 64 epochs a call: the engine refuses a call past its work limit (127
    // epochs of the 6 × 8 net with history on 250 points), and at 64 a call's overhead is nil.
    if (performance.now() - t1 < 20) k = Math.min(2 * k, 64);
  }
  const rate = samples / ((performance.now() - t0) / 1000);
  r.free();
  await nextFrame();
  return rate;
}

async function speed(data) {
  const rates = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [net, hidden] of Object.entries(NETS)) {
      for (const lib of LIBS) {
        const key = `${net}|${lib.name}`;
        (rates[key] ??= []).push(await measure(lib, hidden, data));
      }
    }
    log(`round ${round + 1}/${ROUNDS} done`);
  }
  const out = {};
  for (const net of Object.keys(NETS)) {
    out[net] = {};
    for (const lib of LIBS) out[net][lib.name] = median(rates[`${net}|${lib.name}`]);
  }
  return out;
}

/** Per-frame cost of stepping + a 50×50 heatmap + 20×20 unit maps, main thread vs worker. */
async function frames() {
  const config = ourConfig(NETS["2-8-8-8-8-8-8-1"]);
  const opts = { epochs: 4, gridRes: 50, neuronRes: 20, details: true };
  const N = 60;
  const local = new Trainer(config);
  for (let i = 0; i < 10; i++) runFrame(local, opts);
  const main = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    runFrame(local, opts);
    main.push(performance.now() - t0);
    await nextFrame();
  }
  local.free();
  const remote = new PlaygroundEngine();
  await remote.create(config);
  for (let i = 0; i < 10; i++) await remote.frame(opts);
  const roundTrip = [],
    busy = [],
    inWorker = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const p = remote.frame(opts);
    const posted = performance.now() - t0;
    const out = await p;
    const t1 = performance.now();
    // Main-thread work of a worker frame: posting, and receiving the transferred arrays.
    busy.push(posted + (performance.now() - t1) + 0);
    roundTrip.push(t1 - t0);
    inWorker.push(out.frameMs);
  }
  remote.terminate();
  return {
    mainThreadFrameMs: median(main),
    workerRoundTripMs: median(roundTrip),
    workerComputeMs: median(inWorker),
    workerOverheadMs: median(roundTrip) - median(inWorker),
    workerMainThreadBusyMs: median(busy),
  };
}

function heatmap() {
  const t = new Trainer(ourConfig(NETS["2-8-8-8-8-8-8-1"]));
  for (let i = 0; i < 30; i++) t.predictGrid(100);
  const times = [];
  for (let i = 0; i < 51; i++) {
    const t0 = performance.now();
    t.predictGrid(100);
    times.push(performance.now() - t0);
  }
  t.free();
  return median(times);
}

function render(results) {
  const libs = LIBS.map((l) => l.name);
  let html = "<table><tr><th>net</th>" + libs.map((l) => `<th>${l}</th>`).join("") + "</tr>";
  for (const [net, row] of Object.entries(results.speed)) {
    html +=
      `<tr><td>${net}</td>` + libs.map((l) => `<td>${Math.round(row[l]).toLocaleString("en")}</td>`).join("") + "</tr>";
    html +=
      `<tr><td>our ratio</td>` +
      libs.map((l) => `<td>${(row["dl-playground"] / row[l]).toFixed(1)}×</td>`).join("") +
      "</tr>";
  }
  html += "</table>";
  const f = results.frames;
  html += `<p>Frame (6×8 net, 4 epochs + 50² heatmap + 20² unit maps): main thread ${f.mainThreadFrameMs.toFixed(2)} ms;
    worker ${f.workerComputeMs.toFixed(2)} ms of work, ${f.workerRoundTripMs.toFixed(2)} ms round trip,
    ${f.workerMainThreadBusyMs.toFixed(3)} ms of main-thread time.</p>
    <p>predictGrid(100) on the 6×8 net: ${results.heatmapMs.toFixed(2)} ms.</p>`;
  document.getElementById("results").innerHTML = html;
}

async function run() {
  document.getElementById("run").disabled = true;
  await init();
  tf.wasm.setWasmPaths("/vendor/@tensorflow/tfjs-backend-wasm/dist/");
  const data = xorData();
  log("training speed…");
  const results = { speed: await speed(data) };
  log("frames: main thread vs worker…");
  results.frames = await frames();
  results.heatmapMs = heatmap();
  results.userAgent = navigator.userAgent;
  render(results);
  window.benchResults = results;
  log("done");
}

document.getElementById("run").addEventListener("click", run);
if (new URLSearchParams(location.search).has("autorun")) run();
