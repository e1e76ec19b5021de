// The playground's page state, owned by the controller (main.js): the hash state, the engine's
// schema and the config it reported, the last frame, playback and the selection. render.js and
// controls.js read it; only main.js and the controls' own page options write to it.

export const app = {
  /** @type {Record<string, any>} the hash state (see state.js) */
  state: {},
  /** @type {import("../pkg/dl_playground.js").TrainerSchema} the engine's schema */
  schema: /** @type {any} */ (null),
  /** @type {{ config: any[], keys: string[], all: any[] }} the hash schema built from it */
  hash: { config: [], keys: [], all: [] },
  /** @type {import("../pkg/dl_playground.js").TrainerConfig & Record<string, any>} the trainer's full config as it reported it */
  config: /** @type {any} */ ({}),
  /** @type {any} the frame the page shows: the live run's last one, or a replayed epoch's */
  frame: null,
  /** @type {any} the live run's last frame (the same as `frame` unless replaying) */
  live: null,
  /** @type {number | null} the epoch a replay shows, or null for the live run */
  replay: null,
  /** @type {any} compare mode's panel (compare-panel.js); its `runs` are empty outside compare mode */
  compare: null,
  /** The run's record so far, appended frame by frame: [train, test] pairs and their epochs. */
  history: {
    losses: /** @type {number[]} */ ([]),
    accuracy: /** @type {number[]} */ ([]),
    epochs: /** @type {number[]} */ ([]),
    stride: 1,
  },
  playing: false,
  /** A request to the engine is in flight. */
  busy: false,
  selectedPoint: -1,
  /** @type {number[] | null} [layer, unit] */
  selectedUnit: null,
};

/** Resolution of the decision heatmap and of the unit thumbnails. */
export const GRID_RES = 64;
export const UNIT_RES = 24;

/** The schema's entry for an optimizer (which hyperparameters it reads, torch's defaults). */
export function optimizerInfo(/** @type {string} */ kind) {
  return app.schema.optimizers.find((o) => o.name === kind);
}

/** The schema's entry for a model (output activation and loss; whether it has hidden layers). */
export function modelInfo(/** @type {string} */ name) {
  return app.schema.models.find((m) => m.name === name);
}
