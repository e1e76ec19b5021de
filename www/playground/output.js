// What a model's output is, which decides what the decision map's colour means: only a sigmoid
// output is a probability. The perceptron answers ±1 through the step function, Adaline and the
// margin losses' MLPs give a linear z, an MLP trained with MSE a tanh in (−1, 1). The map shows
// the class score the engine computes from it (src/loss.rs `class_score`): σ(z) itself, else
// (a + 1)/2 clipped to [0, 1], so 0.5 is the boundary in every case.

/** The output activation an MLP pairs with each loss (src/loss.rs `mlp_output`). */
export const MLP_OUTPUT = { mse: "tanh", crossEntropy: "sigmoid", perceptron: "linear", hinge: "linear" };

/**
 * The output activation of a trainer config: the schema's for a model without hidden layers
 * (`info.output`), else the one its loss pairs with.
 * @param {{ loss?: string }} config @param {{ output?: string | null }} info the schema's model entry
 * @returns {string} "step", "linear", "tanh" or "sigmoid"
 */
export function outputActivation(config, info) {
  return info.output ?? MLP_OUTPUT[/** @type {keyof MLP_OUTPUT} */ (config.loss ?? "")] ?? "sigmoid";
}

/**
 * The map legend's tick text at class score `v` (0, 0.25, …, 1) for output `out`: the
 * probability itself for a sigmoid, else the output value 2v − 1 (only ±1 for the step function,
 * which has no values between).
 * @param {string} out @param {(v: number) => string} fmt
 */
export const legendTick = (out, fmt) => (/** @type {number} */ v) =>
  out === "sigmoid" ? fmt(v) : out === "step" && v !== 0 && v !== 1 ? "" : fmt(2 * v - 1);
