// <dl-playground> and <dl-lab>: dl-playground's embeds as HTML elements, for course notes that
// are HTML pages. Load this module once, from this site or from a package CDN:
//   <script type="module" src="https://…/embed/element.js"></script>
//   <dl-playground lesson="7" lang="ko" parts="map,loss"></dl-playground>
//   <dl-lab hash="surface=rosenbrock&opt=adam&lr=0.05"></dl-lab>
// Attributes: `lesson` (1–15; the lesson decides the page), `hash` (the pages' hash, for any
// state: settings, seed, edited points), `lang` (ko or en; else the page's), `parts` (which
// parts, comma-separated; else the lesson's). Each element has its own engine worker and run,
// starts it when it comes near the screen, and runs only while it is on screen.
import { mount } from "./player.js";

const STYLE = new URL("./embed.css", import.meta.url).href;

class Embed extends HTMLElement {
  static observedAttributes = ["lesson", "hash", "lang", "parts"];
  /** The page its hash belongs to when no lesson says (`dl-lab`: the lab). @type {string | null} */
  kind = null;
  /** @type {any} */
  player = null;
  loads = 0;
  /** Resolves to the player once the embed has drawn its first frame. @type {Promise<any> | null} */
  ready = null;

  /** Resolves when the element first comes near the screen. @type {Promise<void> | null} */
  near = null;

  /** @type {(() => void) | null} */
  unwatch = null;

  connectedCallback() {
    // Laid out at once (an empty box of about its size), filled in when its engine is ready.
    if (!this.shadowRoot) this.attachShadow({ mode: "open" }).append(this.stylesheet(), this.placeholder());
    // A page of notes may hold many embeds: each starts its engine once it comes within a
    // screen's height of being seen, not all of them at once.
    let seen = () => {};
    this.near = new Promise((ok) => (seen = ok));
    const watch = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        watch.disconnect();
        seen();
      },
      { rootMargin: "100% 0px" },
    );
    watch.observe(this);
    this.unwatch = () => watch.disconnect();
    this.near.then(() => this.isConnected && this.load());
  }

  disconnectedCallback() {
    this.unwatch?.();
    this.loads++;
    this.player?.destroy();
    this.player = null;
    this.ready = null;
  }

  attributeChangedCallback() {
    if (this.ready) this.load();
  }

  stylesheet() {
    return Object.assign(document.createElement("link"), { rel: "stylesheet", href: STYLE });
  }

  placeholder() {
    return Object.assign(document.createElement("div"), { className: "dlp dlp-waiting" });
  }

  load() {
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    const root = document.createElement("div");
    shadow.replaceChildren(this.stylesheet(), root);
    this.player?.destroy();
    this.player = null;
    const token = ++this.loads;
    this.ready = mount(root, this, this.getAttribute("hash") ?? "", {
      kind: this.kind,
      lesson: this.getAttribute("lesson"),
      lang: this.getAttribute("lang"),
      parts: this.getAttribute("parts"),
    }).then((player) => {
      // Attributes changed (or the element left the page) while it loaded: this one is stale.
      if (token !== this.loads) player.destroy();
      else this.player = player;
      return player;
    });
    this.ready.catch(() => {});
  }
}

class PlaygroundElement extends Embed {}

class LabElement extends Embed {
  kind = "lab";
}

if (!customElements.get("dl-playground")) customElements.define("dl-playground", PlaygroundElement);
if (!customElements.get("dl-lab")) customElements.define("dl-lab", LabElement);
