// Starts the engine worker as the page begins loading. A classic script at the top of <head>
// (not an `async` module: that one ran only once the parser yielded, about 200 ms into a cold
// load), so the worker's own start-up, its module fetches and the wasm download and compile
// overlap everything else the page loads; the page's controller adopts the worker.
{
  const w = /** @type {any} */ (window);
  const script = /** @type {HTMLScriptElement} */ (document.currentScript);
  w.__engineWorker ??= new Worker(new URL("worker.js", script.src), { type: "module" });
}
