// Calls across a Worker boundary by method name. The worker side serves one object whose own
// methods are the allow-list; the page side sends { id, method, args } and gets back
// { id, value } or { id, error }. Errors keep their data: `postMessage` would drop an Error's
// own properties (code, field, value, …), so they travel as plain objects and become Errors
// again here. Typed arrays in a result (top level, or one level down in an object or array)
// are transferred, not copied.

/** @param {any} e */
function errorData(e) {
  if (e && typeof e === "object") return { ...e, message: String(e.message ?? e), name: e.name };
  return { message: String(e) };
}

/**
 * The Error again, with exactly the data that crossed. JavaScriptCore (Safari) gives every Error
 * its own `line` and `column`, where it was made (here): left in place they read as the engine's
 * CSV position, and every error the page showed began "CSV line 63, column 60".
 * @param {any} data
 */
function errorFrom(data) {
  const e = /** @type {any} */ (new Error(data.message));
  for (const k of ["line", "column"]) if (!Object.hasOwn(data, k)) delete e[k];
  return Object.assign(e, data);
}

/** A reply's value, or its error thrown. @param {{ value?: any, error?: any }} data */
function answer(data) {
  if ("error" in data) throw errorFrom(data.error);
  return data.value;
}

/** @param {any} value */
function transferables(value) {
  const out = new Set();
  const take = (/** @type {any} */ v) => {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  };
  take(value);
  if (value && typeof value === "object" && !ArrayBuffer.isView(value)) {
    for (const v of Object.values(value)) {
      take(v);
      if (Array.isArray(v)) v.forEach(take);
    }
  }
  return [...out];
}

/**
 * Worker side: answers calls to the own methods of `api` once `ready` has resolved.
 * @param {Record<string, Function>} api
 * @param {Promise<unknown>} ready
 */
export function serve(api, ready) {
  /** The worker's postMessage (not a window's, which takes a target origin). */
  const post = /** @type {(message: any, transfer?: Transferable[]) => void} */ (self.postMessage.bind(self));
  self.onmessage = async ({ data }) => {
    const { id, method, args } = data ?? {};
    try {
      await ready;
      if (typeof method !== "string" || !Object.hasOwn(api, method)) throw new Error(`unknown method ${method}`);
      const value = await api[method](...(Array.isArray(args) ? args : []));
      post({ id, value }, transferables(value));
    } catch (e) {
      post({ id, error: errorData(e) });
    }
  };
}

/** Page side: one connection to a worker started with `serve`. */
export class Rpc {
  /** @param {Worker} worker */
  constructor(worker) {
    this.worker = worker;
    /** @type {Map<number, {resolve: (v: any) => void, reject: (e: any) => void}>} */
    this.pending = new Map();
    this.nextId = 1;
    worker.onmessage = ({ data }) => {
      const p = this.pending.get(data.id);
      if (!p) return;
      this.pending.delete(data.id);
      try {
        p.resolve(answer(data));
      } catch (e) {
        p.reject(e);
      }
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      for (const p of this.pending.values()) p.reject(new Error(e.message || "the engine worker failed"));
      this.pending.clear();
    };
  }

  /**
   * `method` with no arguments, answered from call 0 if the page's boot script already made it
   * on this worker (engine/boot.js); else an ordinary call. Call 0 is taken once.
   * @param {string} method
   * @returns {Promise<any>}
   */
  first(method) {
    const g = /** @type {any} */ (globalThis);
    const early = g.__engineFirst;
    if (!early || early.worker !== this.worker || early.method !== method) return this.call(method);
    g.__engineFirst = null;
    return early.reply.then(answer);
  }

  /**
   * @param {string} method
   * @param {...any} args
   * @returns {Promise<any>}
   */
  call(method, ...args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, args });
    });
  }

  terminate() {
    this.worker.terminate();
  }
}
