// The playground as an embed: a Trainer in a worker of its own (so that several embeds on one
// page never share a run), set up from the same hash as the playground page (a lesson, settings,
// seed and edited points), drawn with the page's own views into the parts the embed shows.
import { PlaygroundEngine, startWorker } from "../engine/remote.js";
import {
  Playback,
  stepOptions,
  continuous,
  newPace,
  emptyHistory,
  historyRequest,
  mergeHistory,
} from "../engine/playback.js";
import { hashSchema, readState, trainerConfig, decodePoints } from "../playground/state.js";
import { DataView } from "../playground/views/dataview.js";
import { NetworkView, inputGrids } from "../playground/views/network.js";
import { networkLabels } from "../playground/network-labels.js";
import { LineChart, BarChart, drawCurves } from "../playground/views/chart.js";
import { Player, el, figure } from "./shell.js";
import { parseValue } from "../shared/hash.js";
import {
  parseCompare,
  overlaidRows,
  valueNamer,
  RUN_COLOURS,
  RUN_NAMES,
  RUN_SHAPES,
  describeRun,
} from "../playground/compare.js";
import { CompareCards } from "../playground/views/compare-cards.js";
import { INK, TEST_GREY } from "../shared/colors.js";
import { outputActivation, legendTick } from "../playground/output.js";

/** Resolution of the decision map and of the network's unit thumbnails (as on the page). */
const GRID_RES = 64;
const UNIT_RES = 24;
/** Training and test series, as on the page. */
/** Training in ink, test in dashed grey (orange and blue mean the classes only). */
const SERIES = [INK, TEST_GREY];

export class PlaygroundPlayer extends Player {
  /**
   * @param {HTMLElement} root
   * @param {import("./shell.js").Translator} tr
   * @param {import("./options.js").EmbedOptions} options
   * @param {URL} site  the folder of the pages (for the link to the full playground)
   */
  constructor(root, tr, options, site) {
    super(root, tr);
    this.options = options;
    this.site = site;
    this.engine = new PlaygroundEngine(startWorker());
    this.cleanups.push(() => this.engine.terminate());
    this.history = emptyHistory();
    /** Compare mode (the hash's `cmp`): the compared runs' changes and records. @type {Record<string, any>[]} */
    this.compared = [];
    /** @type {ReturnType<typeof emptyHistory>[]} */
    this.comparedHistories = [];
    this.frame = /** @type {any} */ (null);
    /** The last frame asked for outside playback; the next one waits for it. */
    this.turn = Promise.resolve();
    this.pace = newPace();
    this.playback = new Playback({
      request: (options) => this.engine.frame(this.frameOptions(options)),
      accept: (f) => this.accept(f),
      draw: () => {
        if (!this.destroyed) this.draw();
      },
      next: () =>
        stepOptions(this.state.speed, this.epochsLeft(), this.pace, { untilEpoch: this.state.stopEpochs ?? undefined }),
      continuous: () => continuous(this.state.speed),
      stopReason: (f) =>
        f.metrics.divergence ? "status.diverged" : this.epochsLeft() === 0 ? "status.finishedEpochs" : null,
      stopped: (reason, error) => {
        // An engine error while playing (none is expected: the worker checks every call) stops
        // the run and is reported as an uncaught one would be.
        if (reason === "error") console.error(error);
        this.pause(reason === "error" ? "status.paused" : reason);
      },
    });
  }

  /** Builds the run from the hash, lays the embed out and draws its first frame. */
  async start() {
    const t = this.tr.t;
    const schema = await this.engine.schema();
    this.schema = schema;
    this.hash = hashSchema(schema);
    const { state, ignored } = readState(this.options.hash, this.hash);
    this.state = state;
    const left = [...this.options.ignored, ...ignored.map((i) => i.key)];
    try {
      this.config = await this.engine.create(trainerConfig(state, this.hash.keys));
    } catch (e) {
      left.push(String(/** @type {any} */ (e).field ?? "config"));
      this.config = await this.engine.create({ seed: state.seed ?? undefined });
    }
    if (state.pts) {
      try {
        await this.engine.importCsv(decodePoints(state.pts));
      } catch {
        left.push("pts");
      }
    }
    // Compare mode, as on the page: the runs start together; a run the engine refuses is left out.
    const cmp = parseCompare(state.cmp, new Map(this.hash.config.map((e) => [e.key, e])), parseValue);
    if (cmp.ignored.length) left.push("cmp");
    if (cmp.runs.length) {
      const out = await this.engine.compare(cmp.runs);
      this.compared = cmp.runs.filter((_, i) => "config" in out[i]);
      if (this.compared.length < cmp.runs.length && !left.includes("cmp")) left.push("cmp");
      this.comparedHistories = this.compared.map(() => emptyHistory());
    }
    const parts = this.options.parts;
    const n = this.options.lesson;
    const open = new URL(`index.html${this.options.hash}`, this.site).href;
    const half = schema.limits.viewHalf;
    /** @type {HTMLElement[]} */
    const shown = [];
    if (parts.includes("map") && this.compared.length) {
      // Compare mode: a card per run (its map, counters and gradient norms) in place of the map.
      const box = el("div", { class: "cmp-cards" });
      shown.push(
        el(
          "figure",
          { class: "dlp-part dlp-compare", "data-part": "map" },
          el("figcaption", { text: t("cmp.heading") }),
          box,
        ),
      );
      this.cards = new CompareCards(box, half);
      const fieldName = (/** @type {string} */ k) => t(`field.${k}`);
      const valueName = valueNamer(t, (v) => this.tr.fmt(v));
      this.cards.setRuns(
        [null, ...this.compared].map((r, i) => ({
          name: RUN_NAMES[i],
          colour: RUN_COLOURS[i],
          shape: RUN_SHAPES[i],
          title: r ? describeRun(r, fieldName, valueName) : t("cmp.ownRun"),
        })),
      );
    } else if (parts.includes("map")) {
      const { fig, canvas } = figure("map", t("pg.view"), 480, 480);
      const legend = el("canvas", { width: 480, height: 44, role: "img", "aria-label": t("view.legendAlt") });
      fig.append(legend);
      this.map = new DataView(canvas, legend, half);
      this.mapCanvas = canvas;
      shown.push(fig);
    }
    if (parts.includes("network")) {
      const box = el("div", { class: "dlp-network", role: "group" });
      const readout = el("p", { class: "dlp-hint", "aria-live": "polite" });
      shown.push(
        el(
          "figure",
          { class: "dlp-part dlp-network-part", "data-part": "network" },
          el("figcaption", { text: t("pg.network") }),
          box,
          readout,
        ),
      );
      this.network = new NetworkView(
        box,
        () => {},
        (/** @type {string} */ text) => (readout.textContent = text),
        half,
      );
      this.networkBox = box;
      this.inputs = inputGrids(UNIT_RES, half);
    }
    const chart = (/** @type {string} */ part, /** @type {string} */ key, /** @type {number} */ h) => {
      if (!parts.includes(part)) return null;
      const f = figure(part, t(key), 340, h);
      shown.push(f.fig);
      return f;
    };
    const loss = chart("loss", "chart.loss", 180);
    const acc = chart("accuracy", "chart.accuracy", 140);
    const norms = chart("gradients", "chart.gradNorms", 140);
    const dead = chart("dead", "chart.dead", 110);
    const act = chart("activation", "chart.activation", 150);
    this.charts = {
      loss: loss && { canvas: loss.canvas, view: new LineChart(loss.canvas, loss.tip, SERIES) },
      acc: acc && { canvas: acc.canvas, view: new LineChart(acc.canvas, acc.tip, SERIES) },
      norms: norms && { canvas: norms.canvas, view: new BarChart(norms.canvas, norms.tip, "#5b3f8f") },
      dead: dead && { canvas: dead.canvas, view: new BarChart(dead.canvas, dead.tip, "#8c6d1f") },
      act: act && { canvas: act.canvas },
    };
    // In the order the hash (or the lesson) names them: a teacher puts first what matters most.
    shown.sort((a, b) => parts.indexOf(a.dataset.part ?? "") - parts.indexOf(b.dataset.part ?? ""));
    const title = n ? t("lesson.option", { n, title: t(`lesson.${n}.title`) }) : t("embed.freePlayground");
    this.root.setAttribute("aria-label", t("embed.label", { title }));
    this.root.replaceChildren(
      ...(n && parts.includes("lesson") ? [this.lessonCard(n)] : []),
      this.runBar({
        step: t("pg.stepEpoch"),
        counters: [
          [t("counter.epoch"), "epoch"],
          [t("counter.iteration"), "iteration"],
          [t("metric.trainLoss"), "loss"],
          [t("metric.trainAcc"), "accuracy"],
        ],
        open,
        openText: t("embed.openPlayground"),
      }),
      el("div", { class: "dlp-parts" }, ...shown),
      this.status,
      this.notice(left),
    );
    this.points = await this.engine.points();
    this.map?.setPoints(this.points);
    this.cards?.setPoints(this.points);
    if (this.network) this.network.build(await this.engine.layerSizes(), this.networkLabels());
    if (this.charts.act) {
      const model = schema.models.find((m) => m.name === this.config.model);
      const name = this.config.model === "mlp" ? this.config.activation : model.output;
      this.curve = { name, values: await this.engine.activationCurve(name, this.config.leakyAlpha, -5, 5, 201) };
    }
    await this.advance({});
  }

  networkLabels() {
    return networkLabels(this.tr);
  }

  /** @param {Record<string, number>} options the frame's steps */
  frameOptions(options) {
    return {
      gridRes: this.map || this.network || this.cards ? GRID_RES : 0,
      neuronRes: this.network ? UNIT_RES : 0,
      details: true,
      ...historyRequest(this.history),
      ...(this.compared.length ? { comparedHistory: this.comparedHistories.map(historyRequest) } : {}),
      ...options,
    };
  }

  /** Takes a frame into the embed's state: its record entries and the frame itself. */
  accept(/** @type {any} */ f) {
    mergeHistory(this.history, f);
    (f.compared ?? []).forEach((/** @type {any} */ c, /** @type {number} */ i) => {
      if (this.comparedHistories[i]) mergeHistory(this.comparedHistories[i], c);
    });
    this.frame = f;
    this.pace.detailsMs = f.detailsMs;
  }

  /** One request for a frame (after `options`' steps) outside play, merged into the record and drawn. */
  /**
   * One frame, after any asked for before it: a Step pressed while the first frame (or the
   * previous step) is still in the worker counts, in order, instead of being dropped.
   * @param {Record<string, number>} options
   */
  advance(options) {
    const turn = this.turn.then(async () => {
      await this.playback.idle();
      this.accept(await this.engine.frame(this.frameOptions(options)));
      if (!this.destroyed) this.draw();
    });
    this.turn = turn.catch(() => {});
    return turn;
  }

  draw() {
    const { t, fmt, fmtSig } = this.tr;
    const f = this.frame;
    const m = f.metrics;
    const num = (/** @type {number} */ v) => fmtSig(v, 4);
    const pct = (/** @type {number | null} */ v) =>
      v === null || Number.isNaN(v) ? "–" : fmt(v, { style: "percent", maximumFractionDigits: 1 });
    this.counter.epoch.textContent = fmt(f.epoch);
    this.counter.iteration.textContent = fmt(f.iteration);
    this.counter.loss.textContent = num(m.trainLoss);
    this.counter.accuracy.textContent = pct(m.trainAccuracy);
    // The exact figures, for scripts and tests that compare runs.
    Object.assign(this.root.dataset, { epoch: String(f.epoch), trainLoss: String(m.trainLoss) });
    if (this.map) {
      this.map.discretize = this.state.discretize;
      this.map.setGrid(f.grid, GRID_RES);
      this.map.draw();
      const info = this.schema.models.find((/** @type {any} */ m) => m.name === this.config.model);
      const out = outputActivation(this.config, info);
      this.map.drawLegend(t(`view.legend.${out}`), legendTick(out, fmt));
      const test = this.points.isTest.reduce((s, v) => s + v, 0);
      this.mapCanvas.setAttribute(
        "aria-label",
        t("view.alt", { train: fmt(this.points.label.length - test), test: fmt(test), acc: pct(m.trainAccuracy) }),
      );
    }
    if (this.cards) this.drawCards(f, num, pct);
    if (this.network && f.weights) {
      const cfg = this.config;
      this.network.update({
        weights: f.weights,
        inputs: this.inputs,
        neurons: f.neurons,
        res: UNIT_RES,
        output: f.grid,
        outputRes: GRID_RES,
        activations: cfg.model === "mlp" ? cfg.hidden.map((_, i) => cfg.activations?.[i] ?? cfg.activation) : [],
      });
      this.networkBox.setAttribute("aria-label", t("net.alt", { sizes: f.sizes.join("-") }));
    }
    this.drawCharts(num, pct);
  }

  /** Compare mode's cards: each run's map, counters and gradient norms. */
  drawCards(
    /** @type {any} */ frame,
    /** @type {(v: number) => string} */ num,
    /** @type {(v: number) => string} */ pct,
  ) {
    this.cards?.drawRuns(frame, this.tr, num, pct);
  }

  drawCharts(/** @type {(v: number) => string} */ num, /** @type {(v: number) => string} */ pct) {
    const { t, fmt, fmtSig } = this.tr;
    const { losses, accuracy, epochs } = this.history;
    const c = this.charts;
    const n = losses.length;
    const line = (/** @type {(v: number) => string} */ value) => ({
      empty: t("chart.empty"),
      tick: (/** @type {number} */ v) => fmtSig(v, 3),
      xTitle: t("chart.epoch"),
      series: [t("chart.train"), t("chart.test")],
      hover: (/** @type {number} */ epoch, /** @type {number[]} */ v) =>
        t("chart.hover", { epoch: fmt(epoch), train: value(v[0]), test: value(v[1]) }),
    });
    // Compare mode: each run's training curve, in its colour and marker shape.
    const k = this.compared.length + 1;
    const runs = [this.history, ...this.comparedHistories];
    const look = { colors: RUN_COLOURS.slice(0, k), shapes: RUN_SHAPES.slice(0, k) };
    const overlaid = (/** @type {(v: number) => string} */ value) => ({
      ...line(value),
      series: RUN_NAMES.slice(0, k),
      hover: (/** @type {number} */ epoch, /** @type {number[]} */ v) =>
        t("cmp.hover", {
          epoch: fmt(epoch),
          list: RUN_NAMES.slice(0, k)
            .map((r, i) => `${r} ${value(v[i])}`)
            .join(", "),
        }),
    });
    if (c.loss && k > 1) {
      c.loss.view.set(overlaidRows(runs, "losses"), k, { log: this.state.lossLog, x: epochs, ...look });
      c.loss.view.draw(overlaid(num));
    } else if (c.loss) {
      c.loss.view.set(losses, 2, { log: this.state.lossLog, x: epochs });
      c.loss.view.draw(line(num));
      c.loss.canvas.setAttribute(
        "aria-label",
        t("chart.lossAlt", { train: num(losses[n - 2]), test: num(losses[n - 1]) }),
      );
    }
    if (c.acc && k > 1) {
      c.acc.view.set(overlaidRows(runs, "accuracy"), k, { fixed: [0, 1], x: epochs, ...look });
      c.acc.view.draw(overlaid(pct));
    } else if (c.acc) {
      c.acc.view.set(accuracy, 2, { fixed: [0, 1], x: epochs });
      c.acc.view.draw(line(pct));
      c.acc.canvas.setAttribute(
        "aria-label",
        t("chart.accAlt", { train: pct(accuracy[n - 2]), test: pct(accuracy[n - 1]) }),
      );
    }
    const layers = this.frame.gradientNorms.length;
    const layer = (/** @type {number} */ i) =>
      i === layers - 1 ? t("chart.outputLayer") : t("chart.layer", { n: i + 1 });
    if (c.norms) {
      c.norms.view.set(this.frame.gradientNorms, { log: true });
      c.norms.view.draw({
        empty: t("chart.empty"),
        tick: (/** @type {number} */ v) => fmtSig(v, 2),
        name: layer,
        hover: (/** @type {number} */ i, /** @type {number} */ v) =>
          t("chart.barHover", { layer: layer(i), value: num(v) }),
      });
      c.norms.canvas.setAttribute(
        "aria-label",
        t("chart.normsAlt", { list: Array.from(this.frame.gradientNorms, num).join(", ") }),
      );
    }
    if (c.dead) {
      c.dead.view.set(this.frame.deadUnits, { integer: true });
      c.dead.view.draw({
        empty: t("chart.empty"),
        tick: (/** @type {number} */ v) => fmt(v, { maximumFractionDigits: 0 }),
        name: layer,
        hover: (/** @type {number} */ i, /** @type {number} */ v) =>
          t("chart.barHover", { layer: layer(i), value: fmt(v) }),
      });
      c.dead.canvas.setAttribute(
        "aria-label",
        t("chart.deadAlt", { list: Array.from(this.frame.deadUnits, (v) => fmt(v)).join(", ") }),
      );
    }
    if (c.act && this.curve) {
      drawCurves(c.act.canvas, this.curve.values, -5, 5, SERIES, {
        tick: (/** @type {number} */ v) => fmtSig(v, 2),
        series: [t("chart.f"), t("chart.df")],
      });
      c.act.canvas.setAttribute("aria-label", t("chart.actAlt", { name: t(`activation.${this.curve.name}`) }));
    }
  }

  /** Epochs until the stop the hash set (if any). */
  epochsLeft() {
    const stop = this.state.stopEpochs;
    return stop === null ? Infinity : Math.max(0, stop - (this.frame?.epoch ?? 0));
  }

  play() {
    if (this.playing || this.destroyed) return;
    if (this.frame?.metrics.divergence) return this.say("status.diverged");
    if (this.epochsLeft() === 0) return this.say("status.finishedEpochs", { epoch: this.tr.fmt(this.frame.epoch) });
    this.setPlaying(true);
    this.say("status.playing");
    this.playback.play();
  }

  pause(key = "status.paused") {
    if (!this.playing) return;
    this.setPlaying(false);
    this.playback.pause();
    // The result in flight lands first; the status then says the epoch it stopped at, once.
    this.playback.idle().then(() => {
      if (!this.destroyed && !this.playing) this.say(key, { epoch: this.tr.fmt(this.frame?.epoch ?? 0) });
    });
  }

  async stepOnce() {
    this.resumeOnView = false;
    if (this.playing) this.pause();
    await this.advance({ epochs: 1 });
    this.say("status.stepped", {
      epoch: this.tr.fmt(this.frame.epoch),
      iteration: this.tr.fmt(this.frame.iteration),
      samples: this.tr.fmt(this.frame.samplesSeen),
    });
  }

  async resetRun() {
    this.resumeOnView = false;
    if (this.playing) this.pause();
    await this.engine.reset();
    this.history = emptyHistory();
    this.comparedHistories = this.compared.map(() => emptyHistory());
    await this.advance({});
    this.say("status.reset", { seed: this.tr.fmt(this.config.seed, { useGrouping: false }) });
  }
}
