// "Show the code": the current playground run as a self-contained NumPy script that repeats the
// engine's arithmetic — the same training points, the same seeded initial weights, the same
// shuffling, the same updates — so that its weights after a few epochs equal the engine's to
// rounding. Pure: takes the run's config, layer sizes and training points, returns text.
//
// What must match the engine exactly, and how the script does it:
// - Random numbers: SplitMix64 with the engine's stream constants (src/rng.rs), in Python's
//   unbounded integers masked to 64 bits. Initial weights are uniform in [−s, s] drawn in the
//   flat parameter order (Glorot's s, He's for ReLU layers); biases start at 0.
// - Shuffling: one Fisher–Yates pass over the previous epoch's order at the start of every
//   epoch, j = ⌊(top 32 bits of the next number) · (i + 1) / 2³²⌋ (Lemire's multiply-shift).
// - Every loss gives dL/dz as the engine does (src/loss.rs); the gradient is the batch mean;
//   L1/L2 penalties go on weights, not biases; optimizers follow torch.optim, as the engine.
// The sums run in NumPy's order rather than the engine's, so the two agree to rounding (about
// 1e-15 relative), not bit for bit. The playground never freezes parameters (the lab does), so
// `frozen` is not part of the script.

import { MLP_OUTPUT } from "./output.js";

/** Comment lines in both languages; `{…}` are filled in. */
const TEXT = {
  en: {
    title: "dl-playground: this run as a NumPy script ({model}, {dataset}, seed {seed}).",
    repeats: "It repeats the engine's arithmetic: the same points, initial weights, shuffling and updates (float64).",
    run: "Run: python3 {file} [epochs]  (default 3; the page was at epoch {epoch}).",
    data: "The {n} training points (x1, x2) and their labels ±1, in the engine's order.",
    settings: "Settings of the run.",
    rng: "SplitMix64, the engine's random numbers: one stream draws the weights, another shuffles.",
    acts: "Activation functions f(z) and their derivatives f'(z, a), a = f(z).",
    sigmoid: "1 / (1 + e^-z), written so that e^x never overflows.",
    loss: "Loss of each point and dL/dz of the output unit, for labels y = ±1.",
    init: "All parameters in one vector, layer by layer: W (units × inputs, row by row), then b.",
    glorot: "Uniform in [-s, s]: s = √(6 / (inputs + units)), or √(6 / inputs) before ReLU (He).",
    forward: "Forward pass over a batch; returns each layer's input and z.",
    backward: "The batch's mean gradient, by backpropagation: δ = dL/dz, from the output back.",
    penalty: "The {kind} penalty on the weights (not the biases), rate λ.",
    optimizer: "One {name} step (as torch.optim.{torch}).",
    loop: "Epochs: shuffle the order (Fisher–Yates, as the engine), then one step per batch.",
    result: "The weights after the last epoch, and the mean training loss.",
  },
  ko: {
    title: "dl-playground: 이 실행을 NumPy 스크립트로 옮긴 것 ({model}, {dataset}, 시드 {seed}).",
    repeats: "엔진과 같은 계산을 되풀이합니다: 같은 점, 같은 초기 가중치, 같은 섞기, 같은 갱신 (float64).",
    run: "실행: python3 {file} [에포크 수]  (기본 3; 페이지는 에포크 {epoch}에 있었습니다).",
    data: "학습용 점 {n}개 (x1, x2)와 레이블 ±1, 엔진과 같은 순서.",
    settings: "이 실행의 설정.",
    rng: "SplitMix64, 엔진의 난수: 한 흐름은 가중치를 뽑고, 다른 흐름은 순서를 섞습니다.",
    acts: "활성화 함수 f(z)와 도함수 f'(z, a), a = f(z).",
    sigmoid: "1 / (1 + e^-z), e^x가 넘치지 않게 쓴 형태.",
    loss: "점마다의 손실과 출력 유닛의 dL/dz (레이블 y = ±1).",
    init: "모든 매개변수를 한 벡터에 층 순서로: W (유닛 × 입력, 행 순서), 그다음 b.",
    glorot: "[-s, s]에서 균등하게: s = √(6 / (입력 수 + 유닛 수)), ReLU 앞이면 √(6 / 입력 수) (He).",
    forward: "배치의 순전파: 층마다 입력과 z를 돌려줍니다.",
    backward: "배치의 평균 기울기, 역전파로 구합니다: δ = dL/dz를 출력에서 거꾸로.",
    penalty: "가중치(편향 제외)에 거는 {kind} 벌점, 비율 λ.",
    optimizer: "{name} 한 걸음 (torch.optim.{torch}와 같음).",
    loop: "에포크: 순서를 섞고 (엔진과 같은 Fisher–Yates), 배치마다 한 걸음.",
    result: "마지막 에포크 뒤의 가중치와 학습 손실의 평균.",
  },
};

/** Activations: Python for f(z) and f'(z, a), by the engine's names. */
const ACTIVATIONS = {
  step: ["lambda z: np.where(z >= 0, 1.0, -1.0)", "lambda z, a: 0 * z"],
  linear: ["lambda z: z", "lambda z, a: 1 + 0 * z"],
  sigmoid: ["sigmoid", "lambda z, a: a * (1 - a)"],
  tanh: ["np.tanh", "lambda z, a: 1 - a * a"],
  relu: ["lambda z: np.where(z > 0, z, 0.0)", "lambda z, a: np.where(z > 0, 1.0, 0.0)"],
  leakyRelu: ["lambda z: np.where(z > 0, z, ALPHA_LEAKY * z)", "lambda z, a: np.where(z > 0, 1.0, ALPHA_LEAKY)"],
};

/** Loss value and dL/dz of the output unit (z, a = f(z), y = ±1), as src/loss.rs. */
const LOSSES = {
  mse: ["def loss(z, a, y):", "    return (a - y) ** 2, 2 * (a - y) * F[ACT[-1]][1](z, a)"],
  crossEntropy: [
    "def loss(z, a, y):",
    "    t = (y + 1) / 2",
    "    value = np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))",
    "    return value, np.where(t > 0.5, -sigmoid(-z), sigmoid(z))",
  ],
  perceptron: ["def loss(z, a, y):", "    m = y * z", "    return np.where(m < 0, -m, 0.0), np.where(m <= 0, -y, 0.0)"],
  hinge: ["def loss(z, a, y):", "    m = y * z", "    return np.where(m < 1, 1 - m, 0.0), np.where(m < 1, -y, 0.0)"],
};

/** The output activation and loss of each model (src/model/*.rs); an MLP's follow its loss. */
const OUTPUT = {
  perceptron: ["step", "perceptron"],
  adaline: ["linear", "mse"],
  logistic: ["sigmoid", "crossEntropy"],
};

/** Each optimizer's state and step, on the flat vectors theta and g (src/optimizer.rs). */
const OPTIMIZERS = {
  sgd: { torch: "SGD", state: [], step: ["theta -= LR * g"] },
  momentum: {
    torch: "SGD(momentum=MU)",
    state: ["buf = np.zeros_like(theta)"],
    step: ["buf = g.copy() if t == 1 else MU * buf + g", "theta -= LR * buf"],
  },
  nesterov: {
    torch: "SGD(momentum=MU, nesterov=True)",
    state: ["buf = np.zeros_like(theta)"],
    step: ["buf = g.copy() if t == 1 else MU * buf + g", "theta -= LR * (g + MU * buf)"],
  },
  adagrad: {
    torch: "Adagrad",
    state: ["s = np.zeros_like(theta)"],
    step: ["s += g * g", "theta -= LR * g / (np.sqrt(s) + EPS)"],
  },
  rmsprop: {
    torch: "RMSprop",
    state: ["v, buf = np.zeros_like(theta), np.zeros_like(theta)"],
    step: [
      "v = ALPHA * v + (1 - ALPHA) * g * g",
      "scaled = g / (np.sqrt(v) + EPS)",
      "if MU > 0:",
      "    buf = MU * buf + scaled",
      "    theta -= LR * buf",
      "else:",
      "    theta -= LR * scaled",
    ],
  },
  adam: {
    torch: "Adam",
    state: ["m, v = np.zeros_like(theta), np.zeros_like(theta)"],
    step: [
      "m = B1 * m + (1 - B1) * g",
      "v = B2 * v + (1 - B2) * g * g",
      "theta -= LR * (m / (1 - B1**t)) / (np.sqrt(v / (1 - B2**t)) + EPS)",
    ],
  },
};

/** A float as Python reads it back exactly (JavaScript's shortest round-trip form). */
const py = (/** @type {number} */ v) => {
  const s = String(v);
  return Number.isInteger(v) && !s.includes("e") ? `${s}.0` : s;
};

/** `items` joined by ", " on lines of at most `width` characters, each indented by `indent`. */
function wrap(/** @type {string[]} */ items, indent = "    ", width = 80) {
  const lines = [];
  let line = "";
  for (const item of items) {
    if (line && line.length + item.length + 2 > width) {
      lines.push(`${indent}${line},`);
      line = item;
    } else line = line ? `${line}, ${item}` : item;
  }
  if (line) lines.push(`${indent}${line},`);
  return lines;
}

/**
 * The script for a run.
 * @param {object} run
 * @param {Record<string, any>} run.config  the trainer's whole config (seed included)
 * @param {number[]} run.sizes  units per layer, inputs first: [2, hidden…, 1]
 * @param {{ x: ArrayLike<number>, label: ArrayLike<number>, isTest: ArrayLike<number> }} run.points
 * @param {number} run.epoch  the run's epoch now (said in a comment)
 * @param {"en" | "ko"} lang  the language of the comments
 * @param {{ model: string, dataset: string }} names  the model's and the data set's names, translated
 * @param {string} file  the script's file name
 * @returns {string}
 */
export function numpyScript(run, lang, names, file) {
  const c = run.config;
  const T = TEXT[lang] ?? TEXT.en;
  const say = (/** @type {keyof typeof TEXT.en} */ key, /** @type {Record<string, any>} */ p = {}) =>
    `# ${T[key].replace(/\{(\w+)\}/g, (_, k) => String(p[k]))}`;
  const [outAct, lossName] = OUTPUT[c.model] ?? [MLP_OUTPUT[c.loss], c.loss];
  const hidden = run.sizes.slice(1, -1);
  const acts = [...hidden.map((_, i) => c.activations?.[i] ?? c.activation), outAct];
  const used = [...new Set(acts)];
  const opt = OPTIMIZERS[c.optimizer];
  const penalty = c.regularization !== "none" && c.regularizationRate > 0 ? c.regularization : null;

  const train = [];
  for (let i = 0; i < run.points.label.length; i++) if (!run.points.isTest[i]) train.push(i);
  const X = wrap(train.map((i) => `[${py(run.points.x[2 * i])}, ${py(run.points.x[2 * i + 1])}]`));
  const Y = wrap(train.map((i) => String(run.points.label[i])));

  // Hyperparameters the optimizer reads, with the engine's defaults filled in (src/optimizer.rs).
  const mu = c.momentum ?? (c.optimizer === "momentum" || c.optimizer === "nesterov" ? 0.9 : 0);
  const eps = c.epsilon ?? (c.optimizer === "adagrad" ? 1e-10 : 1e-8);
  const hyper =
    {
      momentum: [`MU = ${py(mu)}`],
      nesterov: [`MU = ${py(mu)}`],
      adagrad: [`EPS = ${py(eps)}`],
      rmsprop: [`ALPHA, MU, EPS = ${py(c.alpha)}, ${py(mu)}, ${py(eps)}`],
      adam: [`B1, B2, EPS = ${py(c.beta1)}, ${py(c.beta2)}, ${py(eps)}`],
    }[c.optimizer] ?? [];

  const lines = [
    say("title", { model: names.model, dataset: names.dataset, seed: c.seed }),
    say("repeats"),
    say("run", { file, epoch: run.epoch }),
    "import sys",
    "import numpy as np",
    "",
    say("settings"),
    "EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 3",
    `SEED, LR, BATCH = ${c.seed}, ${py(c.learningRate)}, ${c.batchSize}`,
    `SIZES = [${run.sizes.join(", ")}]`,
    `ACT = [${acts.map((a) => `"${a}"`).join(", ")}]`,
    ...(used.includes("leakyRelu") ? [`ALPHA_LEAKY = ${py(c.leakyAlpha)}`] : []),
    ...hyper,
    ...(penalty ? [`LAMBDA = ${py(c.regularizationRate)}`] : []),
    "",
    say("rng"),
    "MASK = 2**64 - 1",
    "class Rng:",
    "    def __init__(self, seed, stream):",
    "        self.s = (seed ^ stream * 0xD1B54A32D192ED03) & MASK",
    "        self.s = self.next()",
    "    def next(self):",
    "        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK",
    "        z = ((self.s ^ (self.s >> 30)) * 0xBF58476D1CE4E5B9) & MASK",
    "        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK",
    "        return z ^ (z >> 31)",
    "    def uniform(self, lo, hi):",
    "        return lo + (hi - lo) * ((self.next() >> 11) * 2.0**-53)",
    "    def below(self, n):",
    "        return ((self.next() >> 32) * n) >> 32",
    "",
    ...(used.includes("sigmoid") || lossName === "crossEntropy"
      ? [
          "def sigmoid(z):",
          `    ${say("sigmoid")}`,
          "    e = np.exp(-np.abs(z))",
          "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
        ]
      : []),
    say("acts"),
    "F = {",
    ...used.map((a) => `    "${a}": (${ACTIVATIONS[a][0]}, ${ACTIVATIONS[a][1]}),`),
    "}",
    say("loss"),
    ...LOSSES[lossName],
    "",
    say("init"),
    "theta = np.zeros(sum(n * (m + 1) for m, n in zip(SIZES, SIZES[1:])))",
    "layers, start, init = [], 0, Rng(SEED, 3)",
    ...(penalty ? ["is_weight = np.zeros(len(theta), dtype=bool)"] : []),
    "for (m, n), act in zip(zip(SIZES, SIZES[1:]), ACT):",
    "    W = theta[start:start + n * m].reshape(n, m)",
    "    b = theta[start + n * m:start + n * (m + 1)]",
    `    ${say("glorot")}`,
    '    s = np.sqrt(6 / m) if act in ("relu", "leakyRelu") else np.sqrt(6 / (m + n))',
    "    W.flat[:] = [init.uniform(-s, s) for _ in range(n * m)]",
    ...(penalty ? ["    is_weight[start:start + n * m] = True"] : []),
    "    layers.append((W, b))",
    "    start += n * (m + 1)",
    "",
    "def forward(x):",
    `    ${say("forward")}`,
    "    saved, a = [], x",
    "    for (W, b), act in zip(layers, ACT):",
    "        z = a @ W.T + b",
    "        saved.append((a, z))",
    "        a = F[act][0](z)",
    "    return saved, a",
    "",
    "def gradient(x, y):",
    `    ${say("backward")}`,
    "    saved, a = forward(x)",
    "    delta = loss(saved[-1][1][:, 0], a[:, 0], y)[1][:, None]",
    "    parts = []",
    "    for l in reversed(range(len(layers))):",
    "        a_in, z = saved[l]",
    "        parts = [(delta.T @ a_in).ravel(), delta.sum(axis=0)] + parts",
    "        if l > 0:",
    "            delta = (delta @ layers[l][0]) * F[ACT[l - 1]][1](saved[l - 1][1], a_in)",
    "    g = np.concatenate(parts) / len(y)",
    ...(penalty
      ? [
          `    ${say("penalty", { kind: penalty.toUpperCase() })}`,
          penalty === "l2"
            ? "    g[is_weight] += LAMBDA * theta[is_weight]"
            : "    g[is_weight] += LAMBDA * np.sign(theta[is_weight])",
        ]
      : []),
    "    return g",
    "",
    say("data", { n: train.length }),
    "X = np.array([",
    ...X,
    "])",
    "Y = np.array([",
    ...Y,
    "], dtype=float)",
    "",
    say("loop"),
    "order, shuffle, t = list(range(len(Y))), Rng(SEED, 4), 0",
    ...opt.state,
    "for epoch in range(EPOCHS):",
    "    for i in range(len(order) - 1, 0, -1):",
    "        j = shuffle.below(i + 1)",
    "        order[i], order[j] = order[j], order[i]",
    "    for first in range(0, len(order), BATCH):",
    "        batch = order[first:first + BATCH]",
    "        g = gradient(X[batch], Y[batch])",
    "        t += 1",
    `        ${say("optimizer", { name: c.optimizer, torch: opt.torch })}`,
    ...opt.step.map((l) => `        ${l}`),
    "",
    say("result"),
    "for l, (W, b) in enumerate(layers):",
    '    print(f"layer {l}: W =", W.tolist(), "b =", b.tolist())',
    "saved, a = forward(X)",
    'print("training loss:", loss(saved[-1][1][:, 0], a[:, 0], Y)[0].mean())',
  ];
  return lines.join("\n") + "\n";
}
