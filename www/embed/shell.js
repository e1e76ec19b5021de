// What the playground's and the lab's embeds share: building their DOM (never from markup: text
// is set as text), the lesson card, the run bar, the status line and the notice, and the rules an
// embed lives by on someone else's page — it never starts by itself, never moves the focus or
// scrolls the page, and pauses while it is out of view or its tab is hidden (a run the reader
// started resumes when it comes back into view).
import { bindShortcuts } from "../shared/dom.js";

/** @typedef {ReturnType<typeof import("../shared/i18n.js").translator>} Translator */

/**
 * An element: `tag` with properties (`class`, `text`, `data-*`, `aria-*` and other attributes)
 * and children.
 * @param {string} tag @param {Record<string, any>} [props] @param {...(Node | string)} children
 * @returns {any}
 */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k === "hidden") e.hidden = true;
    else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role" || k === "lang" || k === "tabindex")
      e.setAttribute(k, String(v));
    else /** @type {any} */ (e)[k] = v;
  }
  e.append(...children);
  return e;
}

/** A canvas with its tooltip, in a figure captioned `caption`; `part` names it for the hash. */
export function figure(part, caption, width, height) {
  const canvas = el("canvas", { width, height, role: "img" });
  const tip = el("div", { class: "dlp-tip", hidden: true });
  const fig = el(
    "figure",
    { class: `dlp-part dlp-${part}`, "data-part": part },
    el("figcaption", { text: caption }),
    el("div", { class: "dlp-canvas" }, canvas, tip),
  );
  return { fig, canvas, tip };
}

/** The common part of both embeds. Subclasses draw, step and reset; this one plays and pauses. */
export class Player {
  /**
   * @param {HTMLElement} root  the embed's own element (the page's body, or the custom element's shadow root's child)
   * @param {Translator} tr  the embed's language
   */
  constructor(root, tr) {
    this.root = root;
    this.tr = tr;
    this.playing = false;
    /** Paused because it went out of view (or its tab was hidden): resumes when it is back. */
    this.resumeOnView = false;
    this.visible = true;
    this.destroyed = false;
    /** @type {(() => void)[]} */
    this.cleanups = [];
  }

  /** The card with the lesson's title, what to watch and what to try. */
  lessonCard(/** @type {string} */ n) {
    const t = this.tr.t;
    return el(
      "section",
      { class: "dlp-part dlp-lesson", "data-part": "lesson" },
      el("h2", { text: t("lesson.option", { n, title: t(`lesson.${n}.title`) }) }),
      el("p", { text: t(`lesson.${n}.watch`) }),
      el("p", {}, el("strong", { text: t("lesson.tryLabel") }), " ", t(`lesson.${n}.try`)),
    );
  }

  /**
   * The run bar: play/pause, the subclass's step and reset buttons, the counters, and a link to
   * the full page. `counters` are [name, key] pairs; their values go into `this.counter[key]`.
   * @param {{ step: string, counters: [string, string][], open: string, openText: string }} o
   */
  runBar(o) {
    const t = this.tr.t;
    this.playButton = el("button", { type: "button", class: "primary", "data-act": "play", text: t("common.play") });
    this.stepButton = el("button", { type: "button", "data-act": "step", text: o.step });
    this.resetButton = el("button", { type: "button", "data-act": "reset", text: t("common.reset") });
    /** @type {Record<string, HTMLElement>} */
    this.counter = {};
    const counters = o.counters.map(([name, key]) => {
      this.counter[key] = el("b", { "data-counter": key, text: "–" });
      return el("span", { class: "dlp-counter" }, el("span", { text: name }), " ", this.counter[key]);
    });
    this.playButton.addEventListener("click", () => this.toggle());
    this.stepButton.addEventListener("click", () => this.stepOnce());
    this.resetButton.addEventListener("click", () => this.resetRun());
    this.status = el("p", { class: "dlp-status", role: "status" });
    return el(
      "div",
      { class: "dlp-run", role: "group", "aria-label": t("embed.run") },
      el("div", { class: "dlp-buttons" }, this.playButton, this.stepButton, this.resetButton),
      el("div", { class: "dlp-counters" }, ...counters),
      el("a", { class: "dlp-open", href: o.open, target: "_blank", rel: "noopener", text: o.openText }),
    );
  }

  /** The notice of what the hash asked for and the embed left out. */
  notice(/** @type {string[]} */ ignored) {
    return el("p", {
      class: "dlp-notice",
      role: "note",
      hidden: !ignored.length,
      text: ignored.length ? this.tr.t("embed.ignored", { list: ignored.join(", ") }) : "",
    });
  }

  /** Says `key` on the status line (a live region, read out by screen readers). */
  say(/** @type {string} */ key, params = {}) {
    this.status.textContent = this.tr.t(key, params);
  }

  /** Space, S and R while the focus is inside the embed (after the reader clicked into it). */
  listen(/** @type {HTMLElement} */ host) {
    bindShortcuts(this.root, {
      toggle: () => this.toggle(),
      step: () => this.stepOnce(),
      reset: () => this.resetRun(),
    });
    // Only what is on screen runs: out of view (or in a hidden tab) a playing run pauses.
    let onScreen = true;
    const tab = () => this.setVisible(onScreen && !document.hidden);
    const seen = new IntersectionObserver((entries) => {
      onScreen = /** @type {IntersectionObserverEntry} */ (entries.at(-1)).isIntersecting;
      tab();
    });
    seen.observe(host);
    document.addEventListener("visibilitychange", tab);
    this.cleanups.push(
      () => seen.disconnect(),
      () => document.removeEventListener("visibilitychange", tab),
    );
  }

  setVisible(/** @type {boolean} */ on) {
    if (on === this.visible || this.destroyed) return;
    this.visible = on;
    this.root.dataset.visible = String(on);
    if (!on && this.playing) {
      this.resumeOnView = true;
      this.pause("embed.outOfView");
    } else if (on && this.resumeOnView) {
      this.resumeOnView = false;
      this.play();
    }
  }

  toggle() {
    this.resumeOnView = false;
    if (this.playing) this.pause();
    else this.play();
  }

  /** Shows the play button's state; subclasses start and stop their loops around it. */
  setPlaying(/** @type {boolean} */ on) {
    this.playing = on;
    this.root.dataset.playing = String(on);
    this.playButton.textContent = this.tr.t(on ? "common.pause" : "common.play");
  }

  play() {}
  /** @param {string} [key] */
  pause(key) {}
  stepOnce() {}
  resetRun() {}

  /** Stops everything and lets the engine's worker go. */
  destroy() {
    this.destroyed = true;
    this.playing = false;
    for (const f of this.cleanups) f();
  }
}
