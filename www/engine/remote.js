// The page's handle on a Trainer running in a Web Worker (see worker.js). Every method returns a
// promise; errors thrown in the worker reject with an Error carrying the same message.
export class RemoteTrainer {
  /** `worker`: an already started engine/worker.js (a page may start it early), or none. */
  constructor(worker = null) {
    this.worker = worker ?? new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.pending = new Map();
    this.nextId = 1;
    this.worker.onmessage = ({ data }) => {
      const p = this.pending.get(data.id);
      if (!p) return;
      this.pending.delete(data.id);
      if ("error" in data) p.reject(new Error(data.error));
      else p.resolve(data.result);
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(e.message || "worker failed"));
      this.pending.clear();
    };
  }

  request(op, ...args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  create(config) { return this.request("create", config); }
  fromState(json) { return this.request("fromState", json); }
  frame(options) { return this.request("frame", options); }
  call(method, ...args) { return this.request("call", method, ...args); }
  callStatic(method, ...args) { return this.request("static", method, ...args); }
  terminate() { this.worker.terminate(); }
}
