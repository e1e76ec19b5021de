// One sample, stepped: the three steps of a one-neuron model's update for the point just trained
// on, with its numbers — the weighted sum z = w·x + b, the output and whether the answer was
// right, and the weights before → after with the rule that moved them. `before` is the engine's
// trace of the point taken just before the step (so z, the answer and the rule's inputs are the
// ones the update used); `after` its trace just after (the weights the step left).
import { t, fmt, fmtSig } from "../shared/i18n.js";
import { $ } from "../shared/dom.js";

/** Each one-neuron model's update rule for one sample, as the page prints it. */
const RULE = { perceptron: "sample.rulePerceptron", adaline: "sample.ruleAdaline", logistic: "sample.ruleLogistic" };

const num = (/** @type {number} */ v) => fmtSig(v, 4);
/** A number in a product, bracketed when negative: 0.93·(−0.79). */
const factor = (/** @type {number} */ v) => (v < 0 ? `(${num(v)})` : num(v));
const signed = (/** @type {number} */ v) => (v > 0 ? `+${fmt(v)}` : fmt(v));

/**
 * Shows the step of point `i` for `model` at learning rate `rate`, the run's `seen`-th sample.
 * @param {number} i @param {any} before @param {any} after @param {string} model @param {number} rate
 * @param {number} seen
 */
export function showSampleStep(i, before, after, model, rate, seen) {
  const box = $("sample-step");
  const l0 = before.layers[0];
  const l1 = after.layers[0];
  const [x1, x2] = before.inputs;
  const [w1, w2] = l0.w[0];
  const b = l0.b[0];
  const z = l0.z[0];
  const y = before.label;
  const line = (/** @type {string} */ text, /** @type {string} */ cls = "") => {
    const p = document.createElement("p");
    p.textContent = text;
    if (cls) p.className = cls;
    return p;
  };
  const moved = [
    ["w₁", w1, l1.w[0][0]],
    ["w₂", w2, l1.w[0][1]],
    ["b", b, l1.b[0]],
  ];
  const changed = moved.some(([, a, c]) => a !== c);
  const answer =
    model === "perceptron"
      ? t("sample.answerStep", { z: num(z), a: signed(before.output) })
      : model === "logistic"
        ? t("sample.answerSigmoid", { z: num(z), a: num(before.output) })
        : t("sample.answerLinear", { a: num(before.output) });
  const heading = document.createElement("h3");
  heading.textContent = t("sample.heading");
  box.replaceChildren(
    heading,
    line(t("sample.head", { i: fmt(i), x1: num(x1), x2: num(x2), y: signed(y) }), "sample-head"),
    line(
      t("sample.sum", {
        expr: `${factor(w1)}·${factor(x1)} + ${factor(w2)}·${factor(x2)} + ${factor(b)}`,
        z: num(z),
      }),
    ),
    line(
      `${answer} ${t(before.mistake ? "sample.wrong" : "sample.right", { p: signed(before.prediction), y: signed(y) })}`,
    ),
    line(`${t(RULE[/** @type {keyof RULE} */ (model)] ?? "sample.ruleLogistic")} (η = ${fmt(rate)})`, "sample-rule"),
    ...(model === "perceptron" ? [line(t("sample.notBackprop"), "hint")] : []),
    line(
      changed
        ? moved
            .map(([name, a, c]) => `${name}: ${num(/** @type {number} */ (a))} → ${num(/** @type {number} */ (c))}`)
            .join(", ")
        : t("sample.unchanged"),
      "sample-weights",
    ),
  );
  box.dataset.point = String(i);
  box.dataset.samples = String(seen);
  box.dataset.changed = String(changed);
  box.hidden = false;
}

/** Hides the panel (another kind of step, a reset, a model with hidden layers). */
export function hideSampleStep() {
  $("sample-step").hidden = true;
}
