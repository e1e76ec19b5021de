// What the playground's modules share: the page state (mirrored in the URL hash), the handle
// on the worker-hosted trainer, the last frame it sent, and the selection.
export const app = {
  /** The hash state (see playground-state.js). */
  state: null,
  /** The RemoteTrainer. */
  remote: null,
  /** The last frame from the worker (see engine/frame.js). */
  frame: null,
  /** The trainer's full config as it reported it. */
  trainerCfg: {},
  playing: false,
  /** A request to the worker is in flight. */
  busy: false,
  selectedPoint: -1,
  /** [layer, unit] or null. */
  selectedUnit: null,
};

export const $ = (id) => document.getElementById(id);
/** Resolution of the decision heatmap and of the unit thumbnails. */
export const GRID_RES = 64;
export const UNIT_RES = 24;
