// The pages' scripts as served: one file per page and per worker, made by esbuild from the
// modules in www/ (which stay as they are: the embeds, the tests and the type check use them).
//
// Why: a cold load of the playground fetched 35 modules over HTTP/1.1's six connections, the
// engine worker's own script waited behind them, the lesson registry (a JSON module) was found
// only once its importer was parsed, and the main thread compiled each module as it landed,
// behind the page's first layout. One file per page took the median first frame from about
// 420 ms to about 320 ms here (BENCHMARKS.md, "Load").
//
// Files, all in www/dist/ (one folder below www/, as shared/ and engine/ are, so the modules'
// `new URL("../…", import.meta.url)` and `new URL("./worker.js", import.meta.url)` still name
// the right files from inside a bundle):
//   dist/playground.js   index.html's script (playground/main.js)
//   dist/lab.js          descent.html's script (descent/main.js)
//   dist/worker.js       the engine worker (engine/worker.js with the wasm-bindgen glue)
//   dist/links-worker.js the network view's links worker (playground/views/links-worker.js)
// each with its source map. `scripts/serve.mjs` serves them from memory, built again whenever a
// source file changed; `scripts/static.mjs` writes them into the static site.
import { build } from "esbuild";
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const ENTRIES = {
  playground: "playground/main.js",
  lab: "descent/main.js",
  worker: "engine/worker.js",
  "links-worker": "playground/views/links-worker.js",
};

/**
 * Builds the bundles of the pages in `www`. Resolves to a map from a path under www ("dist/…")
 * to its bytes, and the source files read (for `stale`).
 * @param {string} www
 */
export async function bundle(dir) {
  // Taken before reading: a file saved during the build counts as changed after it.
  const builtAt = Date.now();
  return collect(dir, await build(options(dir)), builtAt);
}

/**
 * The wasm-bindgen glue's default path of the wasm module is next to the glue; from inside
 * dist/worker.js it is ../pkg/. (worker.js always passes the module it fetched, so the default
 * is never used; it is rewritten so that no file in dist/ names a file that is not there.)
 * @type {import("esbuild").Plugin}
 */
const wasmBesideGlue = {
  name: "wasm-beside-glue",
  setup(b) {
    b.onLoad({ filter: /[\\/]pkg[\\/]dl_playground\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const from = "new URL('dl_playground_bg.wasm', import.meta.url)";
      if (!text.includes(from)) throw new Error(`${args.path}: the glue no longer has ${from}`);
      return { contents: text.replace(from, "new URL('../pkg/dl_playground_bg.wasm', import.meta.url)"), loader: "js" };
    });
  },
};

/** @param {string} dir @returns {import("esbuild").BuildOptions & { write: false, metafile: true }} */
function options(dir) {
  const www = resolve(dir);
  return {
    absWorkingDir: www,
    entryPoints: ENTRIES,
    outdir: join(www, "dist"),
    bundle: true,
    format: "esm",
    // What the pages need anyway (top-level await, class fields, `??=`); no down-levelling.
    target: "es2022",
    sourcemap: "linked",
    // Readable in the browser's debugger; minifying saved no measurable load time here.
    minify: false,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [wasmBesideGlue],
  };
}

/** @param {string} dir @param {import("esbuild").BuildResult<{ write: false, metafile: true }>} result @param {number} builtAt */
function collect(dir, result, builtAt) {
  const www = resolve(dir);
  /** @type {Map<string, Uint8Array>} */
  const files = new Map();
  for (const f of result.outputFiles) files.set(`dist/${f.path.slice(join(www, "dist").length + 1)}`, f.contents);
  const inputs = Object.keys(result.metafile.inputs).map((p) => join(www, p));
  return { files, inputs, builtAt };
}

/** Whether a source file changed (or went away) since `b` was built. @param {{ inputs: string[], builtAt: number }} b */
export function stale(b) {
  return b.inputs.some((p) => {
    try {
      return statSync(p).mtimeMs >= b.builtAt;
    } catch {
      return true;
    }
  });
}

/**
 * A bundle of `www` kept fresh: `get()` builds on first use and again after a source changed.
 * A failed build rejects with esbuild's messages (file, line, text).
 * @param {string} www
 */
export function bundler(www) {
  /** @type {Promise<Awaited<ReturnType<typeof bundle>>> | null} */
  let current = null;
  return {
    async get() {
      if (current) {
        const b = await current.catch(() => null);
        if (!b || stale(b)) current = null;
      }
      current ??= bundle(www);
      return current;
    },
  };
}

/** esbuild's error as one readable text. @param {any} e */
export function bundleError(e) {
  const list = e?.errors?.length
    ? e.errors.map((/** @type {any} */ m) => `${m.location ? `${m.location.file}:${m.location.line}: ` : ""}${m.text}`)
    : [String(e?.message ?? e)];
  return `the pages' scripts could not be bundled:\n  ${list.join("\n  ")}\n`;
}
