// The lab's run as the page sees it. The engine objects live in the worker (engine/lab-host.js);
// here a state becomes the spec the worker builds from (`specOf`), together with what the page
// draws the run with — the racers of each map with their colours and shapes, the start points —
// and the worker's snapshots get their racers attached. No wasm, no DOM.
import { COLOURS, SHAPES } from "./views/surface.js";
import { isModel, racersOf, startsOf, surfaceInfo, engineRacer } from "./state.js";
import { modelSettings } from "../lessons/registry.js";

/**
 * @typedef {import("./state.js").Racer & { colour: string, shape: string }} ShownRacer
 * @typedef {{ index: number, racers: ShownRacer[] }} MapRacers
 * @typedef {{ model: boolean, surface: string, info: any, starts: number[][], maps: MapRacers[], grid: any, spec: any }} RunView
 */

/**
 * The spec for the engine and the page's view of the run for state `s`: one map, or two when
 * comparing two learning rates (the first racer on the left, again at `lr2` on the right).
 * @returns {RunView}
 */
export function specOf(/** @type {any} */ s) {
  const model = isModel(s);
  const racers = racersOf(s).map((r, i) => ({ ...r, colour: COLOURS[i], shape: SHAPES[i] }));
  /** @type {MapRacers[]} */
  const maps = model
    ? [{ index: 0, racers: [racers[0]] }]
    : s.pair
      ? [
          { index: 0, racers: [racers[0]] },
          { index: 1, racers: [{ ...racers[0], lr: s.lr2, colour: COLOURS[1], shape: SHAPES[1] }] },
        ]
      : [{ index: 0, racers }];
  const starts = startsOf(s);
  const spec = {
    model,
    surface: s.surface,
    starts,
    steps: s.steps,
    seed: s.seed,
    batchSize: s.batch,
    // The model surface trains the registry's model (lesson 15's) with this state's racer.
    trainer: model ? modelSettings() : null,
    lanes: maps.map((m) => m.racers.map(engineRacer)),
  };
  return { model, surface: s.surface, info: model ? null : surfaceInfo(s.surface), starts, maps, grid: null, spec };
}

/** A worker snapshot with each entry's racer attached (colour, shape, hyperparameters). */
export function attach(/** @type {any[]} */ snap, /** @type {RunView} */ run) {
  for (const e of snap) e.racer = run.maps[e.map].racers[e.racerIndex];
  return snap;
}

/** Whether every path of a snapshot has stopped. */
export const finished = (/** @type {any[]} */ snap) => snap.every((e) => e.status.stopped);
/** The most steps any path of a snapshot has taken. */
export const stepsOf = (/** @type {any[]} */ snap) => Math.max(0, ...snap.map((e) => e.status.steps));
/** Whether a racer's state counts as diverged, and whether it left the box. */
export const divergedState = (/** @type {string} */ st) => st === "diverged" || st === "divergedLeftBox";
export const leftBoxState = (/** @type {string} */ st) => st === "leftBox" || st === "divergedLeftBox";
