// Playing a run: what each frame asks the engine for at the chosen speed, and the loop that keeps
// the worker training while the main thread draws. Shared by the playground page and its embeds.
//
// The loop overlaps the two halves of a frame. A frame's request goes out before the previous
// result is drawn, so the worker trains during the drawing instead of after it; at "as fast as
// possible" the next request goes out the moment a result lands, so the worker never waits for a
// display frame. The display draws the newest result once per animation frame; results that land
// between two display frames still reach the record (the charts), only their maps are skipped.
// Results are typed arrays transferred from the worker (no copy); each frame brings only the
// record entries the page does not hold yet.

/** The worker's whole frame at "as fast as possible", in ms: training, then the views' data
 * (maps, weights). About one 60 Hz display frame, so that a result lands for nearly every display
 * frame; a shorter frame leaves the worker idle while the page draws (14 ms: 45–57 % of the
 * engine's own speed on the 6 × 8 net in Chromium; 16 ms: 50 %, at 53–55 frames/s either way). */
export const FRAME_BUDGET_MS = 16;
/** Training gets what the views' data leaves of the frame, but never less than this. */
const MIN_TRAIN_MS = 2;

/**
 * A run's pace: when "slow" last stepped, and what the views' data of the last frame cost in the
 * worker (a 6 × 16 net's maps cost several times a 2-4-1 net's; the training budget gives way).
 * @typedef {{ lastEpochAt: number, detailsMs: number }} Pace
 */

/** @returns {Pace} */
export const newPace = () => ({ lastEpochAt: 0, detailsMs: 0 });

/**
 * The work of the next frame at `speed`, or null to wait ("slow" is one epoch a second).
 * @param {string} speed "slow" | "frame" | "fast" | anything else: as fast as possible
 * @param {number} left epochs until the stop the user set (Infinity: none)
 * @param {Pace} pace (its `lastEpochAt` is updated here)
 * @param {{ untilEpoch?: number, stopLoss?: number }} [stops] the run's stops, which the worker
 *   applies itself at "as fast as possible" (where the request is written a frame ahead)
 */
export function stepOptions(speed, left, pace, stops = {}) {
  switch (speed) {
    case "slow": {
      const now = performance.now();
      if (now - pace.lastEpochAt < 1000) return null;
      pace.lastEpochAt = now;
      return { epochs: Math.min(1, left) };
    }
    case "frame":
      return { epochs: Math.min(1, left) };
    case "fast":
      return { epochs: Math.min(10, left) };
    default:
      return { budgetMs: Math.max(MIN_TRAIN_MS, FRAME_BUDGET_MS - pace.detailsMs), maxEpochs: left, ...stops };
  }
}

/** Whether frames at `speed` follow each other without waiting for the display. */
export const continuous = (/** @type {string} */ speed) => !["slow", "frame", "fast"].includes(speed);

/**
 * A run's record as a page holds it: [train, test] loss and accuracy pairs and their epochs, at
 * the engine record's stride.
 * @typedef {{ losses: number[], accuracy: number[], epochs: number[], stride: number }} History
 */

/** @returns {History} */
export const emptyHistory = () => ({ losses: [], accuracy: [], epochs: [], stride: 1 });

/**
 * The frame options that ask only for the record entries `h` lacks (its last entry may still
 * change, so from one before it).
 * @param {History} h
 */
export const historyRequest = (h) => ({ historyFrom: Math.max(0, h.epochs.length - 1), historyStride: h.stride });

/**
 * Appends a frame's record entries to `h`: they replace what `h` held from `historyStart` on
 * (everything, when the engine's record changed stride).
 * @param {History} h @param {any} f a frame from engine/frame.js
 */
export function mergeHistory(h, f) {
  const keep = f.historyStart;
  h.losses.length = 2 * keep;
  h.accuracy.length = 2 * keep;
  h.epochs.length = keep;
  for (const v of f.history) h.losses.push(v);
  for (const v of f.accuracy) h.accuracy.push(v);
  for (const v of f.historyEpochs) h.epochs.push(v);
  h.stride = f.historyStride;
}

/**
 * The play loop. The owner supplies:
 * - `request(options)`: asks the engine for a frame (a promise of it),
 * - `accept(frame)`: takes a result into the page's state (record, last frame); runs for every result,
 * - `draw()`: draws the page's state; runs at most once per animation frame, only when something new landed,
 * - `next()`: the options of the next frame, or null to wait (see `stepOptions`),
 * - `continuous()`: whether the next request may go out as soon as a result lands,
 * - `stopReason(frame)`: why the run must stop after this frame (a status key), or null,
 * - `stopped(reason, error?)`: called once when the loop stops by itself (a stop condition or an error).
 */
export class Playback {
  /**
   * @param {{
   *   request: (options: any) => Promise<any>,
   *   accept: (frame: any) => void,
   *   draw: () => void,
   *   next: () => any,
   *   continuous: () => boolean,
   *   stopReason: (frame: any) => string | null,
   *   stopped: (reason: string, error?: any) => void,
   * }} owner
   */
  constructor(owner) {
    this.owner = owner;
    this.playing = false;
    /** @type {Promise<void>[]} the requests in flight, oldest first (the worker answers in order) */
    this.inFlight = [];
    /** A result landed that is not drawn yet. */
    this.fresh = false;
    /** Draws are held back (reduced motion) until this time. */
    this.drawAfter = 0;
    this.drawEveryMs = 0;
    this.tick = this.tick.bind(this);
  }

  /** Starts playing; `drawEveryMs` > 0 draws at most that often (reduced motion). */
  play(drawEveryMs = 0) {
    if (this.playing) return;
    this.playing = true;
    this.drawEveryMs = drawEveryMs;
    this.send();
    requestAnimationFrame(this.tick);
  }

  /** Stops asking for frames; the results in flight still land and are drawn. */
  pause() {
    this.playing = false;
  }

  /** Resolves once no request is in flight (what the page shows is then the trainer's state). */
  async idle() {
    while (this.inFlight.length) await this.inFlight[this.inFlight.length - 1];
  }

  /**
   * Sends requests up to the depth the speed allows. At "as fast as possible" two are in flight
   * (double-buffered): the worker starts the second the moment it has posted the first, so the
   * message's way to the page and back, and the page's drawing, are never in the worker's path.
   * The second request's options are written before the first result lands; the stops the
   * worker applies itself (an epoch to stop at, a loss to stop below: see engine/frame.js) keep
   * a run's end exactly where a one-at-a-time loop would put it.
   */
  send() {
    const depth = this.owner.continuous() ? 2 : 1;
    while (this.playing && this.inFlight.length < depth) {
      const options = this.owner.next();
      if (!options) return;
      const done = this.owner.request(options).then(
        (frame) => {
          this.inFlight.shift();
          this.owner.accept(frame);
          this.fresh = true;
          const reason = this.playing ? this.owner.stopReason(frame) : null;
          if (reason) this.stop(reason);
          else if (this.owner.continuous()) this.send();
        },
        (error) => {
          this.inFlight.shift();
          this.stop("error", error);
        },
      );
      this.inFlight.push(done);
    }
  }

  /** @param {string} reason @param {any} [error] */
  stop(reason, error) {
    const was = this.playing;
    this.playing = false;
    if (this.fresh) this.drawNow();
    if (was) this.owner.stopped(reason, error);
  }

  drawNow() {
    this.fresh = false;
    this.owner.draw();
  }

  /** @param {number} now */
  tick(now) {
    // The next request first: the worker computes it while this frame draws.
    this.send();
    if (this.fresh && now >= this.drawAfter) {
      this.drawAfter = this.drawEveryMs > 0 ? now + this.drawEveryMs : 0;
      this.drawNow();
    }
    if (this.playing || this.inFlight.length || this.fresh) requestAnimationFrame(this.tick);
  }
}
