// The pages' handles on the engine in its Web Worker: one method per engine operation, each
// returning a promise. Errors reject with an `Error` that keeps the engine's `code`, `field`,
// `value`, … (see rpc.js). Types come from the generated www/pkg/dl_playground.d.ts.
import { Rpc } from "./rpc.js";

/** @typedef {import("../pkg/dl_playground.js").TrainerConfig} TrainerConfig */
/** @typedef {import("../pkg/dl_playground.js").TrainerSchema} TrainerSchema */
/** @typedef {import("../pkg/dl_playground.js").Trace} Trace */
/** @typedef {import("../pkg/dl_playground.js").Points} Points */
/** @typedef {import("../pkg/dl_playground.js").ConfigChange} ConfigChange */
/** @typedef {ReturnType<typeof import("./frame.js").runFrame>} Frame */

/**
 * A new engine worker (a page may start one early and hand it to a handle). A page may load
 * these modules from another origin (course notes using the element from a package CDN), but a
 * Worker only starts from its page's own origin: then it starts from a same-origin blob that
 * imports the worker module (which the other origin must serve with CORS, as CDNs do).
 */
export function startWorker() {
  const url = new URL("./worker.js", import.meta.url);
  if (url.origin === location.origin) return new Worker(url, { type: "module" });
  const blob = new Blob([`import ${JSON.stringify(url.href)};\n`], { type: "text/javascript" });
  const local = URL.createObjectURL(blob);
  const worker = new Worker(local, { type: "module" });
  // Once the worker answers it has loaded its script: the blob's URL is not needed any more.
  worker.addEventListener("message", () => URL.revokeObjectURL(local), { once: true });
  return worker;
}

/** The playground's Trainer. */
export class PlaygroundEngine {
  /** @param {Worker} [worker] an already started engine worker */
  constructor(worker) {
    this.rpc = new Rpc(worker ?? startWorker());
  }

  /** @returns {Promise<TrainerSchema>} */
  schema() {
    return this.rpc.first("schema");
  }

  /** @param {TrainerConfig} config @returns {Promise<TrainerConfig>} the whole config in effect */
  create(config) {
    return this.rpc.call("create", config);
  }

  /** @param {object} options see frame.js @returns {Promise<Frame>} */
  frame(options) {
    return this.rpc.call("frame", options);
  }

  /**
   * Compare mode: the runs beside the page's own, by the settings each changes ([] ends it);
   * every run starts over. Each entry of the answer is the run's config, or the engine's error.
   * @param {Record<string, any>[]} runs
   * @returns {Promise<({ config: TrainerConfig } | { error: any })[]>}
   */
  compare(runs) {
    return this.rpc.call("compare", runs);
  }

  /** @returns {Promise<TrainerConfig>} */
  config() {
    return this.rpc.call("config");
  }

  /** @param {TrainerConfig} partial @returns {Promise<ConfigChange>} */
  setConfig(partial) {
    return this.rpc.call("setConfig", partial);
  }

  /** @param {number} [seed] */
  reset(seed) {
    return this.rpc.call("reset", seed);
  }

  /** @returns {Promise<Points>} */
  points() {
    return this.rpc.call("points");
  }

  /** @param {number} x @param {number} y @param {number} label */
  addPoint(x, y, label) {
    return this.rpc.call("addPoint", x, y, label);
  }

  /** @param {number} i */
  removePoint(i) {
    return this.rpc.call("removePoint", i);
  }

  /** @param {string} text */
  importCsv(text) {
    return this.rpc.call("importCsv", text);
  }

  /** @returns {Promise<string>} */
  exportCsv() {
    return this.rpc.call("exportCsv");
  }

  /** @returns {Promise<string>} */
  exportState() {
    return this.rpc.call("exportState");
  }

  /** @param {number} i @param {number} [epoch] at this epoch of the timeline (now without it) @returns {Promise<Trace>} */
  trace(i, epoch) {
    return epoch === undefined ? this.rpc.call("trace", i) : this.rpc.call("trace", i, epoch);
  }

  /**
   * The views' data of the run at the end of `epoch` (< the run's epoch, ≥ its timeline's start),
   * recomputed in the worker; the run itself is not touched.
   * @param {number} epoch @param {object} options see frame.js (the views' parts only) @returns {Promise<Frame>}
   */
  replay(epoch, options) {
    return this.rpc.call("replay", epoch, options);
  }

  /** The point (an index into `points()`) the next one-sample step trains on. @returns {Promise<number | null>} */
  nextSample() {
    return this.rpc.call("nextSample");
  }

  /** @returns {Promise<number[]>} */
  layerSizes() {
    return this.rpc.call("layerSizes");
  }

  /** Config, layer sizes, parameter names, weights, metrics and epoch, for the JSON export. */
  summary() {
    return this.rpc.call("summary");
  }

  /**
   * @param {string} name @param {number} alpha @param {number} from @param {number} to @param {number} n
   * @returns {Promise<Float64Array>}
   */
  activationCurve(name, alpha, from, to, n) {
    return this.rpc.call("activationCurve", name, alpha, from, to, n);
  }

  /**
   * A loss against the margin y·z at n points from `from` to `to`.
   * @param {string} name @param {number} from @param {number} to @param {number} n @returns {Promise<Float64Array>}
   */
  lossCurve(name, from, to, n) {
    return this.rpc.call("lossCurve", name, from, to, n);
  }

  terminate() {
    this.rpc.terminate();
  }
}

/** The lab's races (or lesson 15's Trainer); see lab-host.js for the spec and snapshots. */
export class LabEngine {
  /** @param {Worker} [worker] an already started engine worker */
  constructor(worker) {
    this.rpc = new Rpc(worker ?? startWorker());
  }

  /** The race's and the trainer's schemas, and the surfaces. */
  schema() {
    return this.rpc.first("labSchema");
  }

  /** @param {import("./lab-host.js").LabSpec} spec */
  build(spec) {
    return this.rpc.call("labBuild", spec);
  }

  /** @param {number} n */
  advance(n) {
    return this.rpc.call("labAdvance", n);
  }

  reset() {
    return this.rpc.call("labReset");
  }

  snapshot() {
    return this.rpc.call("labSnapshot");
  }

  /** @param {number} x @param {number} y @returns {Promise<{ value: number, gradient: number[] }>} */
  valueAt(x, y) {
    return this.rpc.call("labValueAt", x, y);
  }

  terminate() {
    this.rpc.terminate();
  }
}
