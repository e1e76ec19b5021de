// The engine's Web Worker: instantiates the wasm module and serves the playground's and the lab's
// host objects by method name (rpc.js). Only the methods those objects list can be called.
import init from "../pkg/dl_playground.js";
import { serve } from "./rpc.js";
import { playgroundApi } from "./playground-host.js";
import { labApi } from "./lab-host.js";

serve({ ...playgroundApi, ...labApi }, init());
