// The catalogue: every label, tooltip, message and error the pages show, in Korean and
// English. Split by page into files (the lessons' texts come from the lesson registry); merged here
// into one table per language.
import { COMMON } from "./common.js";
import { PLAYGROUND } from "./playground.js";
import { DESCENT } from "./descent.js";
import { LESSON_TEXT } from "./lessons.js";
import { EMBED } from "./embed.js";

function merge(...parts) {
  const out = { ko: {}, en: {} };
  for (const part of parts) {
    for (const lang of ["ko", "en"]) {
      for (const [k, v] of Object.entries(part[lang])) {
        if (k in out[lang]) throw new Error(`duplicate string key ${k}`);
        out[lang][k] = v;
      }
    }
  }
  return out;
}

export const CATALOGUE = merge(COMMON, PLAYGROUND, DESCENT, LESSON_TEXT, EMBED);

/**
 * Words that stay in Latin letters in Korean text: names of functions, optimizers, formats and
 * symbols a Korean course uses as they are. The language test allows exactly these.
 */
export const TECHNICAL_TERMS = [
  "XOR",
  "MLP",
  "NumPy",
  "ReLU",
  "Leaky",
  "tanh",
  "sigmoid",
  "MSE",
  "SGD",
  "GD",
  "Nesterov",
  "AdaGrad",
  "RMSProp",
  "Adam",
  "L1",
  "L2",
  "CSV",
  "PNG",
  "JSON",
  "URL",
  "x",
  "y",
  "x1",
  "x2",
  "w",
  "b",
  "z",
  "a",
  "f",
  "g",
  "m",
  "v",
  "α",
  "β1",
  "β2",
  "ε",
  "λ",
  "μ",
  "Rosenbrock",
  "dl",
  "playground",
  "dl-playground",
  "WebAssembly",
  "Rust",
  "e",
  "p",
  "q",
  "ln",
  "English",
  "S",
  "R",
  "I",
  "exp",
  "iframe",
  "HTML",
  "Ctrl",
  // Compare mode names its runs A, B, C and D in both languages.
  "D",
  "Home",
  "End",
  "C",
];
