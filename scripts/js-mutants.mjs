// Hand-made mutants of the pages' JavaScript: does the Chromium suite notice a small, realistic
// bug in the page code? Run by hand, not by ./scripts/test.sh (about 20 minutes on 2 cores):
//
//   node scripts/js-mutants.mjs                      every mutant
//   node scripts/js-mutants.mjs heatmap-rows-flipped link-ignores-optimizer   some of them
//   node scripts/js-mutants.mjs --list               their names
//
// The pages are copied to target/js-mutants/www and the tests serve that copy (E2E_WWW, read by
// tests/e2e/helpers.mjs): the checkout is never changed, so people editing or testing in it at the
// same time see nothing of this. The tests themselves are the checkout's.
//
// For each mutant: its file in the copy is read and kept in memory, the one change made (the text
// it replaces must occur exactly once, else the mutant is reported as stale and skipped), the
// relevant e2e test files run against it, and in a finally block the original bytes are written
// back and read again to check they are identical. A mutant is caught when a test fails that
// passed on the unmutated copy (that baseline run comes first; tests failing there are listed and
// cannot count). Prints one line per mutant as it goes and a table at the end; exits non-zero if
// a mutant was missed.
import { spawn } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const COPY = join(ROOT, "target/js-mutants/www");
const PG = { file: "tests/e2e/playground.test.mjs" };
const LAB = { file: "tests/e2e/descent.test.mjs" };

/**
 * Each mutant: a file under www/, the text replaced and its replacement, and the e2e test files
 * that should notice (a name pattern limits a long file to its relevant tests).
 */
const MUTANTS = [
  {
    name: "heatmap-rows-flipped",
    what: "the decision heatmap drawn upside down (grid row 0 at the bottom)",
    file: "playground/views/dataview.js",
    from: "scoreColour(this.grid[i], this.discretize, d, 4 * i)",
    to: "scoreColour(this.grid[(res - 1 - Math.floor(i / res)) * res + (i % res)], this.discretize, d, 4 * i)",
    tests: [PG],
  },
  {
    name: "point-markers-mirrored",
    what: "points drawn mirrored left to right (x1 axis reversed in toPixel)",
    file: "playground/views/dataview.js",
    from: "return [((x + this.half) / (2 * this.half)) * w,",
    to: "return [((this.half - x) / (2 * this.half)) * w,",
    tests: [PG],
  },
  {
    name: "colour-bar-reversed",
    what: "the map's colour bar runs orange (0) to blue (1)",
    file: "playground/views/dataview.js",
    from: "scoreColour(i / (x1 - x0 - 1), this.discretize, img.data, 4 * i)",
    to: "scoreColour(1 - i / (x1 - x0 - 1), this.discretize, img.data, 4 * i)",
    tests: [PG, { file: "tests/e2e/a11y.test.mjs", pattern: "names and contrast" }],
  },
  {
    name: "link-ignores-optimizer",
    what: "the hash reader drops the link's optimizer (the default is used)",
    file: "shared/hash.js",
    from: "if (parsed.ok) state[key] = parsed.value;",
    to: 'if (parsed.ok && key !== "optimizer") state[key] = parsed.value;',
    tests: [PG],
  },
  {
    name: "link-config-dropped",
    what: "the trainer is made without the link's dataset, hidden layers and optimizer",
    file: "playground/state.js",
    from: "for (const key of keys) if (state[key] !== null && state[key] !== undefined) cfg[key] = state[key];",
    to: 'for (const key of keys) if (state[key] !== null && state[key] !== undefined && !["dataset", "hidden", "optimizer"].includes(key)) cfg[key] = state[key];',
    tests: [PG],
  },
  {
    name: "loss-chart-test-is-train",
    what: "the loss chart plots the training loss as the test series",
    file: "playground/render.js",
    from: "lossChart.set(losses, 2,",
    to: "lossChart.set(losses.map((v, i) => losses[i - (i % 2)]), 2,",
    tests: [PG],
  },
  {
    name: "step-buttons-step-twice",
    what: "each step button (sample, batch, epoch) takes two steps",
    file: "playground/main.js",
    from: "await advance({ [kind]: 1 });",
    to: "await advance({ [kind]: 2 });",
    tests: [PG],
  },
  {
    name: "shortcut-in-text-field",
    what: "S and R act while a text field has the focus",
    file: "shared/dom.js",
    from: '(key === "space" ? usesSpace(el) : typing(el))',
    to: '(key === "space" && usesSpace(el))',
    tests: [PG, { file: "tests/e2e/a11y.test.mjs", pattern: "shortcuts never act|keyboard only" }],
  },
  {
    name: "redraw-stalls-45ms",
    what: "every redraw of the map blocks the main thread for 45 ms",
    file: "playground/render.js",
    from: "export function drawView() {\n  if (!app.frame) return;\n",
    to: "export function drawView() {\n  if (!app.frame) return;\n  for (const end = performance.now() + 45; performance.now() < end; );\n",
    tests: [PG],
  },
  {
    name: "worker-budget-250ms",
    what: "at top speed the worker trains 250 ms per frame instead of about 12 ms (4 frames/s)",
    file: "engine/playback.js",
    from: "export const FRAME_BUDGET_MS = 16;",
    to: "export const FRAME_BUDGET_MS = 250;",
    // No page test plays long at top speed (frame rates are the bench's); the pace's rules are
    // tested in Node.
    tests: [PG, { file: "tests/e2e/playback.test.mjs" }],
  },
  {
    name: "lab-legend-colours-swapped",
    what: "the lab's legend draws each racer's marker in the next racer's colour",
    file: "descent/views/legend.js",
    from: "item(markerSvg(r.shape, r.colour), r.text, {",
    to: "item(markerSvg(r.shape, racers[(i + 1) % racers.length].colour), r.text, {",
    tests: [LAB],
  },
  {
    name: "lab-contours-upside-down",
    what: "the lab's contour map drawn upside down (grid row 0 at the bottom)",
    file: "descent/views/surface.js",
    from: "const gy = Math.min(res - 1, Math.max(0, ((py + 0.5) / ph) * res - 0.5));",
    to: "const gy = res - 1 - Math.min(res - 1, Math.max(0, ((py + 0.5) / ph) * res - 0.5));",
    tests: [LAB],
  },
];

/** Runs test files against the copy; resolves to the names of the tests that failed (or the run's error). */
function runTests({ file, pattern }) {
  const args = ["--test", "--test-reporter=tap", ...(pattern ? [`--test-name-pattern=${pattern}`] : []), file];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, E2E_WWW: COPY },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (out += b));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20 * 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const failed = [...out.matchAll(/^not ok \d+ - (.*)$/gm)].map((m) => m[1].replace(/ # .*$/, ""));
      const ran = [...out.matchAll(/^ok \d+ - (.*)$/gm)].filter((m) => !/# SKIP/.test(m[1])).length + failed.length;
      if (code !== 0 && failed.length === 0) failed.push(`(${file} exited with ${code} and reported no failing test)`);
      done({ failed, ran });
    });
  });
}

const key = (t) => `${t.file}${t.pattern ? ` /${t.pattern}/` : ""}`;

/** The file currently mutated, so that Ctrl+C puts it back too. */
let current = null;
function restore() {
  if (!current) return;
  writeFileSync(current.path, current.original);
  if (!readFileSync(current.path).equals(current.original)) throw new Error(`${current.path} was not restored`);
  current = null;
}
process.on("SIGINT", () => {
  restore();
  process.exit(130);
});

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("--list")) {
    for (const m of MUTANTS) console.log(`${m.name.padEnd(28)} ${m.what}`);
    return 0;
  }
  const unknown = args.filter((a) => !MUTANTS.some((m) => m.name === a));
  if (unknown.length) throw new Error(`no such mutant: ${unknown.join(", ")} (see --list)`);
  const chosen = args.length ? MUTANTS.filter((m) => args.includes(m.name)) : MUTANTS;

  rmSync(join(ROOT, "target/js-mutants"), { recursive: true, force: true });
  mkdirSync(join(ROOT, "target/js-mutants"), { recursive: true });
  cpSync(join(ROOT, "www"), COPY, { recursive: true });
  console.log(`pages copied to ${COPY}`);

  // The unmutated copy first: what fails here cannot catch a mutant.
  const baseline = new Map();
  for (const t of new Map(chosen.flatMap((m) => m.tests).map((t) => [key(t), t])).values()) {
    const r = await runTests(t);
    baseline.set(key(t), new Set(r.failed));
    console.log(
      `baseline ${key(t)}: ${r.ran} tests, ${r.failed.length ? `FAILING: ${r.failed.join("; ")}` : "all pass"}`,
    );
  }

  const results = [];
  for (const m of chosen) {
    const path = join(COPY, m.file);
    const original = readFileSync(path);
    const text = original.toString("utf8");
    const n = text.split(m.from).length - 1;
    if (n !== 1) {
      results.push({ m, result: "stale", by: [`the text to replace occurs ${n} times in www/${m.file}`] });
      console.log(`${m.name}: stale (the text to replace occurs ${n} times)`);
      continue;
    }
    const by = [];
    try {
      current = { path, original };
      writeFileSync(
        path,
        text.replace(m.from, () => m.to),
      );
      for (const t of m.tests) {
        const r = await runTests(t);
        by.push(
          ...r.failed.filter((f) => !baseline.get(key(t)).has(f)).map((f) => `${t.file.split("/").at(-1)}: ${f}`),
        );
      }
    } finally {
      restore();
    }
    const result = by.length ? "caught" : "MISSED";
    results.push({ m, result, by });
    console.log(`${m.name}: ${result}${by.length ? ` by ${by.length} test(s)` : ""}`);
  }

  console.log("\n| mutant | file | result | failing tests |\n|---|---|---|---|");
  for (const { m, result, by } of results)
    console.log(`| ${m.name}: ${m.what} | www/${m.file} | ${result} | ${by.join("<br>") || "—"} |`);
  const caught = results.filter((r) => r.result === "caught").length;
  console.log(`\n${caught} of ${results.length} mutants caught.`);
  return results.some((r) => r.result !== "caught") ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    restore();
    console.error(e);
    process.exit(2);
  },
);
