// Starts the engine worker as the page begins loading (this module is loaded `async`), so the
// wasm download and compile overlap the page's own modules; the page's controller adopts it.
const w = /** @type {any} */ (window);
w.__engineWorker ??= new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
