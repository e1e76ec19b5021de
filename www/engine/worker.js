// A Trainer living in a Web Worker: the wasm module is instantiated here, and results go back
// to the page as transferable typed arrays. Protocol: the page posts { id, op, args }; the
// worker answers { id, result } or { id, error }.
//   op "create"    args [config]          -> the full config
//   op "fromState" args [json]            -> the full config
//   op "frame"     args [frameOptions]    -> runFrame's result (see frame.js)
//   op "call"      args [method, ...rest] -> whatever Trainer.prototype[method] returns
//   op "static"    args [method, ...rest] -> whatever Trainer[method] returns (no trainer needed)
import init, { Trainer } from "../pkg/dl_playground.js";
import { runFrame } from "./frame.js";

const ready = init();
let trainer = null;

function handle(op, args) {
  switch (op) {
    case "create":
      trainer?.free();
      trainer = new Trainer(args[0]);
      return { result: trainer.config(), transfer: [] };
    case "fromState":
      trainer?.free();
      trainer = Trainer.fromState(args[0]);
      return { result: trainer.config(), transfer: [] };
    case "frame": {
      const { out, transfer } = runFrame(trainer, args[0]);
      return { result: out, transfer };
    }
    case "call": {
      const [method, ...rest] = args;
      const value = typeof trainer[method] === "function" ? trainer[method](...rest) : trainer[method];
      const transfer = ArrayBuffer.isView(value) ? [value.buffer] : [];
      return { result: value, transfer };
    }
    case "static": {
      const [method, ...rest] = args;
      const value = Trainer[method](...rest);
      return { result: value, transfer: ArrayBuffer.isView(value) ? [value.buffer] : [] };
    }
    default:
      throw new Error(`unknown operation ${op}`);
  }
}

self.onmessage = async ({ data: { id, op, args } }) => {
  await ready;
  try {
    if (!["create", "fromState", "static"].includes(op) && !trainer) throw new Error("no trainer yet");
    const { result, transfer } = handle(op, args);
    self.postMessage({ id, result }, transfer);
  } catch (e) {
    self.postMessage({ id, error: String(e?.message ?? e) });
  }
};
