// Starts the engine worker as the page begins loading. A classic script at the top of <head>
// (not an `async` module: that one ran only once the parser yielded, about 200 ms into a cold
// load), so the worker's own start-up, its module fetches and the wasm download and compile
// overlap everything else the page loads; the page's controller adopts the worker.
//
// The page's first call (its schema: `data-first` on this script) is made here too, as call 0:
// the worker answers it the moment its wasm is ready, while the page's modules are still loading,
// and the controller takes the answer (Rpc.first) instead of asking once it has started.
{
  const w = /** @type {any} */ (window);
  const script = /** @type {HTMLScriptElement} */ (document.currentScript);
  if (!w.__engineWorker) {
    // The worker's script, relative to this file: `data-worker` (the pages: the bundled worker).
    const worker = new Worker(new URL(script.dataset.worker ?? "worker.js", script.src), { type: "module" });
    w.__engineWorker = worker;
    const method = script.dataset.first;
    if (method) {
      const reply = new Promise((resolve) => {
        const on = (/** @type {MessageEvent} */ { data }) => {
          if (data?.id !== 0) return;
          done();
          resolve(data);
        };
        // A worker that fails to start (its script not fetched, a module that does not load)
        // never answers: call 0 then carries the failure, and the page says so instead of
        // waiting for ever.
        const failed = (/** @type {ErrorEvent} */ e) => {
          done();
          resolve({ id: 0, error: { message: e.message || "the engine worker did not start" } });
        };
        const done = () => {
          worker.removeEventListener("message", on);
          worker.removeEventListener("error", failed);
        };
        worker.addEventListener("message", on);
        worker.addEventListener("error", failed);
      });
      worker.postMessage({ id: 0, method, args: [] });
      w.__engineFirst = { worker, method, reply };
    }
  }
}
