// The engine reports problems in English with a fixed shape ("field: …, got value",
// "CSV line N: …", "Training diverged at epoch …"). This turns them into catalogue text in the
// current language, keeping the field, line and value.
import { t, has } from "./i18n.js";

const CSV_DETAILS = [
  [/^(x1|x2) is not a number: "(.*)"$/, (m) => t("err.csv.notNumber", { name: m[1], value: m[2] })],
  [/^expected 3 or 4 comma-separated values .*, got (\d+)/, (m) => t("err.csv.columns", { count: m[1] })],
  [/^label must be 1, -1 or 0, got "(.*)"$/, (m) => t("err.csv.label", { value: m[1] })],
  [/^(x1|x2) = (\S+) is outside the view box/, (m) => t("err.csv.box", { name: m[1], value: m[2] })],
  [/^set must be "train" or "test", got "(.*)"$/, (m) => t("err.csv.set", { value: m[1] })],
  [/^no points found$/, () => t("err.csv.none")],
  [/^more than (\d+) points$/, (m) => t("err.csv.tooMany", { max: m[1] })],
  [/^every point is marked test/, () => t("err.csv.allTest")],
];

const DIVERGED_WHAT = [
  [/^weight (\S+) became (\S+)$/, (m) => t("div.weight", { name: m[1], value: m[2] })],
  [/^the batch loss became (\S+)$/, (m) => t("div.batchLoss", { value: m[1] })],
  [/^the training loss became (\S+)$/, (m) => t("div.trainLoss", { value: m[1] })],
];

function firstMatch(table, text) {
  for (const [re, f] of table) {
    const m = text.match(re);
    if (m) return f(m);
  }
  return text;
}

/** The divergence message of `metrics().message`, translated. */
export function divergedText(message) {
  const m = message.match(/^Training diverged at epoch (\d+), iteration (\d+): (.*)\. The learning rate (\S+) is too large/);
  if (!m) return t("err.unknown", { message });
  return t("div.message", { epoch: m[1], iteration: m[2], what: firstMatch(DIVERGED_WHAT, m[3]), lr: m[4] });
}

/** Any error message from the engine, translated. */
export function errorText(error) {
  const message = String(error?.message ?? error);
  let m = message.match(/^CSV line (\d+): (.*)$/);
  if (m) return t("err.csvLine", { line: m[1], detail: firstMatch(CSV_DETAILS, m[2]) });
  if (/is the last training point/.test(message)) return t("err.lastPoint");
  if (/already at the maximum/.test(message)) return t("err.full");
  m = message.match(/^(\w+): .*?got (.*?)(?: \(.*\))?$/s);
  if (m) {
    const field = has(`field.${m[1]}`) ? t(`field.${m[1]}`) : m[1];
    return t("err.config", { field, value: m[2] });
  }
  return t("err.unknown", { message });
}
