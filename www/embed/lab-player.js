// The gradient descent lab as an embed: its races (or lesson 15's model) in a worker of its own,
// set up from the same hash as the lab page, drawn with the lab's own map slots, legend and
// readout into the parts the embed shows. The map reads out the value under the pointer or the
// keyboard crosshair; the embed changes no setting (the full lab is one link away).
import { LabEngine, startWorker } from "../engine/remote.js";
import { init, readHash, baseOf } from "../descent/state.js";
import { specOf, attach, finished, stepsOf, divergedState } from "../descent/run.js";
import { MapSlot } from "../descent/maps.js";
import { DASHES } from "../descent/views/surface.js";
import { renderLegend } from "../descent/views/legend.js";
import { renderReadout } from "../descent/views/readout.js";
import { stateKey, STATE_TEXT, kindKey } from "../descent/panels.js";
import { Player, el } from "./shell.js";

export class LabPlayer extends Player {
  /**
   * @param {HTMLElement} root
   * @param {import("./shell.js").Translator} tr
   * @param {import("./options.js").EmbedOptions} options
   * @param {URL} site  the folder of the pages (for the link to the full lab)
   */
  constructor(root, tr, options, site) {
    super(root, tr);
    this.options = options;
    this.site = site;
    this.lab = new LabEngine(startWorker());
    this.cleanups.push(() => this.lab.terminate());
    /** @type {any[]} */
    this.snap = [];
    /** Steps asked for and not yet back; the last of them, which the next one waits for. */
    this.pending = 0;
    this.turn = Promise.resolve();
    this.carry = 0;
    this.lastTime = 0;
    this.width = 0;
  }

  async start() {
    const t = this.tr.t;
    init(await this.lab.schema());
    const { state, ignored } = readHash(this.options.hash);
    const left = [...this.options.ignored, ...ignored.map((i) => i.key)];
    let run = specOf(state);
    let built;
    try {
      built = await this.lab.build(run.spec);
    } catch (e) {
      // What the engine refuses as a whole: the lesson's (or the lab's default) run instead.
      left.push(String(/** @type {any} */ (e).field ?? "config"));
      run = specOf(baseOf(state));
      built = await this.lab.build(run.spec);
    }
    this.state = state;
    this.run = run;
    run.grid = built.grid;
    this.snap = attach(built.snapshot, run);
    const parts = this.options.parts;
    const n = this.options.lesson;
    /** @type {HTMLElement[]} */
    const shown = [];
    this.cursor = el("p", { class: "dlp-hint dlp-cursor", "aria-live": "polite" });
    this.slots = run.maps.map((m) => {
      const canvas = el("canvas", { width: 600, height: 317, tabindex: 0, role: "application" });
      const tip = el("div", { class: "dlp-tip", hidden: true });
      const cap = el("figcaption");
      const fig = el("figure", { class: "dlp-map" }, cap, el("div", { class: "dlp-canvas" }, canvas, tip));
      return new MapSlot(
        m.index,
        {
          point: async (/** @type {number} */ x, /** @type {number} */ y) => {
            const text = await this.cursorText(x, y);
            this.cursor.textContent = text;
            return text;
          },
          read: (/** @type {number} */ x, /** @type {number} */ y) => this.cursorText(x, y),
          pick: () => {},
          home: () => this.run.starts[0],
          redraw: () => this.drawMaps(),
        },
        { canvas, tip, cap, fig, maxHeight: 380 },
      );
    });
    if (parts.includes("map")) {
      this.modelLine = el("p", { class: "dlp-hint", hidden: !run.model });
      this.mapsBox = el("div", { class: "dlp-maps" }, ...this.slots.map((s) => s.fig));
      shown.push(
        el("div", { class: "dlp-part dlp-lab-map", "data-part": "map" }, this.mapsBox, this.cursor, this.modelLine),
      );
    }
    if (parts.includes("legend")) {
      this.legend = el("ul", { class: "dlp-legend", "aria-label": t("descent.legend") });
      shown.push(el("div", { class: "dlp-part", "data-part": "legend" }, this.legend));
    }
    if (parts.includes("table")) {
      this.tbody = el("tbody");
      const head = [
        "descent.colOptimizer",
        "descent.colSteps",
        run.model ? "descent.colLossModel" : "descent.colLoss",
        "descent.colState",
      ];
      shown.push(
        el(
          "div",
          {
            class: "dlp-part dlp-table",
            "data-part": "table",
            role: "region",
            tabindex: 0,
            "aria-label": t("descent.readoutTable"),
          },
          el(
            "table",
            { class: "dlp-numbers" },
            el("thead", {}, el("tr", {}, ...head.map((k) => el("th", { scope: "col", text: t(k) })))),
            this.tbody,
          ),
        ),
      );
    }
    const title = n ? t("lesson.option", { n, title: t(`lesson.${n}.title`) }) : t("embed.freeLab");
    this.root.setAttribute("aria-label", t("embed.label", { title }));
    this.root.replaceChildren(
      ...(n && parts.includes("lesson") ? [this.lessonCard(n)] : []),
      this.runBar({
        step: t("common.step"),
        counters: [[t("embed.steps"), "steps"]],
        open: new URL(`descent.html${this.options.hash}`, this.site).href,
        openText: t("embed.openLab"),
      }),
      el("div", { class: "dlp-parts" }, ...shown),
      this.status,
      this.notice(left),
    );
    this.captions();
    if (this.mapsBox) {
      // Only a change of width lays the maps out again (their height follows from it).
      const sized = new ResizeObserver(([e]) => {
        const w = Math.round(e.contentRect.width);
        if (w === this.width) return;
        this.width = w;
        for (const s of this.slots) s.relayout();
        this.drawMaps();
      });
      sized.observe(this.mapsBox);
      this.cleanups.push(() => sized.disconnect());
    }
    this.render();
  }

  async cursorText(/** @type {number} */ x, /** @type {number} */ y) {
    const { t, fmtSig } = this.tr;
    const { value, gradient } = await this.lab.valueAt(x, y);
    return t(this.run.model ? "descent.cursorModel" : "descent.cursor", {
      x: fmtSig(x, 3),
      y: fmtSig(y, 3),
      f: fmtSig(value, 4),
      gx: fmtSig(gradient[0], 3),
      gy: fmtSig(gradient[1], 3),
    });
  }

  /** The optimizer's name as the lab gives it (plain GD on a surface, SGD on the model). */
  kind(/** @type {string} */ k) {
    return this.tr.t(kindKey(k, this.run.model));
  }

  lr(/** @type {number} */ v) {
    return this.tr.fmt(v, { maximumSignificantDigits: 6 });
  }

  /** Captions and the legend: they change only with the run. */
  captions() {
    const { t, fmt } = this.tr;
    const run = this.run;
    const surface = t(`descent.surface.${run.surface}`);
    const pair = run.maps.length > 1;
    for (const m of run.maps) {
      const r = m.racers[0];
      this.slots[m.index].cap.textContent = pair
        ? t("descent.pairCaption", {
            side: t(m.index === 0 ? "descent.leftSide" : "descent.rightSide"),
            kind: this.kind(r.kind),
            lr: this.lr(r.lr),
          })
        : run.model
          ? t("descent.captionModel", { surface })
          : t("descent.caption", { surface, formula: run.info.formula });
    }
    if (this.legend) {
      renderLegend(
        this.legend,
        run.maps.flatMap((m) =>
          m.racers.map((r) => ({
            colour: r.colour,
            shape: r.shape,
            kind: r.kind,
            text: t("descent.racerLabel", { kind: this.kind(r.kind), lr: this.lr(r.lr) }),
          })),
        ),
        run.starts.map(([x, y], i) => ({
          dash: DASHES[i],
          text: t("descent.startItem", { n: i + 1, x: fmt(x), y: fmt(y) }),
        })),
      );
    }
  }

  drawMaps() {
    if (!this.mapsBox) return;
    const { t, fmt } = this.tr;
    const run = this.run;
    const snap = this.snap;
    // The model starts where its seed puts the weights: the first point of its path.
    const starts = run.model ? [[snap[0].path[0], snap[0].path[1]]] : run.starts;
    const labels = run.model
      ? { x: t("descent.axisW1"), y: t("descent.axisW2") }
      : { x: t("descent.axisX"), y: t("descent.axisY") };
    for (const m of run.maps)
      this.slots[m.index].draw(
        run.grid,
        starts,
        snap.filter((e) => e.map === m.index),
        labels,
        (/** @type {number} */ v) => fmt(v, { maximumFractionDigits: 2 }),
      );
  }

  /** The counters, the maps' descriptions, the table and the model's line: what changes as it plays. */
  render() {
    const { t, fmt, fmtSig } = this.tr;
    const snap = this.snap;
    const steps = stepsOf(snap);
    this.counter.steps.textContent = fmt(steps);
    this.root.dataset.steps = String(steps);
    this.drawMaps();
    const row = (/** @type {any} */ e) => {
      let name = t("descent.rowLabel", { kind: this.kind(e.racer.kind), lr: this.lr(e.racer.lr) });
      if (this.run.starts.length > 1)
        name = t("descent.rowWhere", { name, where: t("descent.startN", { n: e.start + 1 }) });
      if (this.run.maps.length > 1)
        name = t("descent.rowWhere", { name, where: t(e.map === 0 ? "descent.leftMap" : "descent.rightMap") });
      return name;
    };
    for (const m of this.run.maps) {
      const paths = snap
        .filter((e) => e.map === m.index)
        .map((e) =>
          t("descent.altPath", {
            name: row(e),
            steps: fmt(e.status.steps),
            x: fmtSig(e.status.position[0], 3),
            y: fmtSig(e.status.position[1], 3),
            f: fmtSig(e.status.loss, 4),
            state: t(STATE_TEXT[stateKey(e.status)]),
          }),
        );
      this.slots[m.index].canvas.setAttribute(
        "aria-label",
        t("descent.mapAlt", { surface: t(`descent.surface.${this.run.surface}`), paths: paths.join(" ") }),
      );
    }
    if (this.tbody) {
      renderReadout(
        this.tbody,
        snap.map((e) => {
          const key = stateKey(e.status);
          return {
            key: `${e.map}:${e.start}:${e.racerIndex}:${e.racer.kind}`,
            colour: e.racer.colour,
            shape: e.racer.shape,
            name: row(e),
            cells: [fmt(e.status.steps), fmtSig(e.status.loss, 4)],
            state: key,
            stateText: t(STATE_TEXT[key]),
            data: {
              map: e.map,
              start: e.start,
              kind: e.racer.kind,
              steps: e.status.steps,
              loss: e.status.loss,
              x: e.status.position[0],
              y: e.status.position[1],
            },
          };
        }),
      );
    }
    const model = snap[0]?.model;
    if (this.modelLine && model) {
      this.modelLine.textContent = t("descent.modelSummary", {
        epoch: fmt(model.epoch),
        iteration: fmt(snap[0].status.steps),
        loss: fmtSig(model.metrics.trainLoss, 6),
        mapLoss: fmtSig(model.mapLoss, 6),
        accuracy: fmt(model.metrics.trainAccuracy, { style: "percent", maximumFractionDigits: 1 }),
      });
    }
    this.root.dataset.diverged = String(snap.some((e) => divergedState(e.status.state)));
  }

  /**
   * `n` steps, after any asked for before: a Step pressed while a step is in the worker counts,
   * in order, instead of being dropped. Playback skips a tick while one is pending.
   * @param {number} n
   */
  advance(n) {
    this.pending++;
    const turn = this.turn.then(async () => {
      try {
        this.snap = attach(await this.lab.advance(n), this.run);
      } finally {
        this.pending--;
      }
      if (!this.destroyed) this.render();
    });
    this.turn = turn.catch(() => {});
    return turn;
  }

  play() {
    if (this.playing || this.destroyed) return;
    if (finished(this.snap)) return this.say("descent.statusAllStopped");
    this.setPlaying(true);
    this.say("descent.statusPlaying");
    this.lastTime = performance.now();
    this.carry = 0;
    const tick = async (/** @type {number} */ now) => {
      if (!this.playing) return;
      // The hash's speed in steps per second, whatever the frame rate.
      this.carry += Number(this.state.speed) * Math.max(0, Math.min(0.25, (now - this.lastTime) / 1000));
      this.lastTime = now;
      const n = Math.floor(this.carry);
      if (n > 0 && !this.pending) {
        this.carry -= n;
        await this.advance(n);
        if (finished(this.snap)) {
          this.setPlaying(false);
          return this.say("descent.statusFinished", { steps: this.tr.fmt(stepsOf(this.snap)) });
        }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  pause(key = "descent.statusPaused") {
    if (!this.playing) return;
    this.setPlaying(false);
    this.say(key, { steps: this.tr.fmt(stepsOf(this.snap)) });
  }

  async stepOnce() {
    this.resumeOnView = false;
    if (this.playing) this.pause();
    await this.turn;
    if (finished(this.snap)) return this.say("descent.statusAllStopped");
    await this.advance(1);
    this.say(finished(this.snap) ? "descent.statusFinished" : "descent.statusStep", {
      steps: this.tr.fmt(stepsOf(this.snap)),
    });
  }

  async resetRun() {
    this.resumeOnView = false;
    if (this.playing) this.pause();
    this.snap = attach(await this.lab.reset(), this.run);
    this.render();
    this.say("descent.statusReset");
  }
}
