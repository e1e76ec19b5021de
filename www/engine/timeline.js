// Replay of a run's past epochs, in the worker. A run is deterministic (the same state and the
// same steps give bit-identical weights), so the past need not be stored epoch by epoch: the
// timeline keeps whole engine snapshots (exportState) within a fixed budget, and any epoch in
// between is recomputed exactly from the nearest earlier snapshot.
//
// Budget: at most `budget` + 1 snapshots. Snapshots are taken at the end of a frame once the run
// is `stride` epochs past the last one; when the budget overflows, every other one is dropped
// (the first one stays) and the stride doubles, or grows to the kept ones' mean spacing. So
// memory stays bounded for any run length, and the epochs to recompute for any target stay
// within about 2·(run length)/budget, plus the epochs of one frame (snapshots are taken between
// frames, never inside the engine's loop).

/** Snapshots kept at most (each is one exportState: the points, the weights, the record). */
export const SNAPSHOT_BUDGET = 48;

/**
 * @typedef {{ epoch: number, exact: boolean, state: string }} Snapshot
 *   `exact`: taken at an epoch's end (not in the middle of an epoch or of a batch)
 * @typedef {{ epoch: number, epochProgress: number, batchProgress: number, diverged: any,
 *   exportState(): string, stepEpochs(n: number): any, free(): void }} Steppable
 */

export class Timeline {
  /** @param {(state: string) => Steppable} restore  a trainer from a snapshot's state */
  constructor(restore, budget = SNAPSHOT_BUDGET) {
    this.restore = restore;
    this.budget = budget;
    /** @type {Snapshot[]} oldest first */
    this.snaps = [];
    this.stride = 1;
    /** @type {Steppable | null} the trainer of the last replay, kept for the next one */
    this.replay = null;
  }

  /** The run changed (a new run, new settings or points): its past starts over from `t`'s state. */
  restart(/** @type {Steppable} */ t) {
    this.snaps = [];
    this.stride = 1;
    this.replay?.free();
    this.replay = null;
    this.take(t);
  }

  /** The first epoch the timeline can show, or null before any snapshot. */
  get from() {
    const s = this.snaps[0];
    return s ? s.epoch + (s.exact ? 0 : 1) : null;
  }

  /** After a frame of the live run: a snapshot when it is a stride past the last one. */
  after(/** @type {Steppable} */ t) {
    const last = this.snaps.at(-1);
    if (!last) return this.take(t);
    if (t.epochProgress !== 0 || t.batchProgress !== 0 || t.epoch - last.epoch < this.stride) return;
    this.take(t);
    if (this.snaps.length > this.budget) {
      this.snaps = this.snaps.filter((_, i) => i % 2 === 0);
      // The next snapshots keep the spacing of the kept ones (frames of many epochs make it
      // wider than the stride asked for).
      const kept = this.snaps;
      this.stride = Math.max(2 * this.stride, (kept.at(-1).epoch - kept[0].epoch) / (kept.length - 1));
    }
  }

  take(/** @type {Steppable} */ t) {
    this.snaps.push({ epoch: t.epoch, exact: t.epochProgress === 0 && t.batchProgress === 0, state: t.exportState() });
  }

  /**
   * The run as it was at the end of epoch `k`, recomputed from the nearest snapshot before it
   * (or null when `k` is before the timeline's start). The trainer stays the timeline's: the next
   * replay at or after its epoch steps on from it instead of starting again.
   * @param {number} k
   * @returns {Steppable | null}
   */
  at(k) {
    /** @type {Snapshot | null} */
    let base = null;
    for (const s of this.snaps) if (s.epoch < k || (s.epoch === k && s.exact)) base = s;
    if (!base) return null;
    const r = this.replay;
    // The kept trainer serves if it stands at an epoch's end between the snapshot and k:
    // stepping on from it is then shorter.
    if (!r || r.epoch > k || r.epoch < base.epoch || r.epochProgress !== 0 || r.batchProgress !== 0) {
      this.replay?.free();
      this.replay = this.restore(base.state);
    }
    const t = /** @type {Steppable} */ (this.replay);
    // One call may do only so much (the engine says how much with a tooMuchWork error).
    let perCall = Infinity;
    while (t.epoch < k && !t.diverged) {
      try {
        t.stepEpochs(Math.min(k - t.epoch, perCall));
      } catch (e) {
        if (/** @type {any} */ (e)?.code !== "tooMuchWork") throw e;
        perCall = Math.max(1, /** @type {any} */ (e).max);
      }
    }
    return t;
  }
}
