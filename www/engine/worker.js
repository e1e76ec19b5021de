// The engine's Web Worker: instantiates the wasm module and serves the playground's and the lab's
// host objects by method name (rpc.js). Only the methods those objects list can be called.
//
// The wasm download starts first, before the rest of the engine's modules are fetched: with
// static imports it would wait for the whole module graph (three round trips deep). Calls that
// arrive meanwhile wait in `serve` until everything is ready.
import { serve } from "./rpc.js";

const wasm = fetch(new URL("../pkg/dl_playground_bg.wasm", import.meta.url));
/** @type {Record<string, Function>} filled once the hosts are loaded */
const api = {};
const ready = Promise.all([
  import("../pkg/dl_playground.js"),
  import("./playground-host.js"),
  import("./lab-host.js"),
]).then(async ([engine, { playgroundApi }, { labApi }]) => {
  await engine.default({ module_or_path: wasm });
  Object.assign(api, playgroundApi, labApi);
});
serve(api, ready);
