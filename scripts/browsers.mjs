// The three browser engines the page tests and the frame bench run in, behind one page interface:
// the part of Playwright's Page API they use. Chromium is Debian's, driven by playwright-core (its
// pages are Playwright's own); Firefox is Debian's firefox-esr, driven by puppeteer-core over
// WebDriver BiDi (Playwright cannot drive it); WebKit is WebKitGTK's MiniBrowser, driven by
// WebKitWebDriver over plain W3C WebDriver HTTP, under an Xvfb display of its own. None of them
// downloads a browser.
//
// Firefox and WebKit pages get the same Playwright-shaped methods from one class: script runs in
// the page, while clicks, mouse moves and keys go through the engine's real input path (BiDi
// input actions, WebDriver Element Click and the Actions API), as a user's would, never as events
// dispatched from a script. `fill` types its text key by key (Playwright inserts it in one input
// event). `selectOption` clicks the option in WebKit (WebDriver's way of choosing one); in Firefox
// it sets the value and fires input and change, as Playwright does. Timeouts are longer in the
// two: their drivers add a round trip per step and they are slower here.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { launchChromium } from "./chromium.mjs";

export const ENGINES = /** @type {const} */ (["chromium", "firefox", "webkit"]);
export const ENGINE_NAMES = { chromium: "Chromium", firefox: "Firefox", webkit: "WebKit" };

/** The engine chosen by E2E_BROWSER (chromium, firefox or webkit; chromium when unset). */
export function engineFromEnv() {
  const e = (process.env.E2E_BROWSER || "chromium").toLowerCase();
  if (!ENGINES.includes(/** @type {any} */ (e))) throw new Error(`E2E_BROWSER=${e}: not one of ${ENGINES.join(", ")}`);
  return /** @type {(typeof ENGINES)[number]} */ (e);
}

/**
 * Starts `engine`; resolves to `{ engine, name, newPage({ viewport }), close() }`. For Chromium
 * `newPage` gives Playwright's own page, for the others a page with the same methods.
 * @param {(typeof ENGINES)[number]} engine
 */
export async function launchBrowser(engine) {
  // Chromium's is Playwright's Browser itself, so that Chromium-only tests keep all of it.
  if (engine === "chromium") return Object.assign(await launchChromium(), { engine, name: ENGINE_NAMES.chromium });
  if (engine === "firefox") return launchFirefox();
  if (engine === "webkit") return launchWebKit();
  throw new Error(`unknown engine ${engine}`);
}

const DEFAULT_VIEWPORT = { width: 1280, height: 720 };
/**
 * The narrowest viewport each engine's window can have, in CSS px: MiniBrowser's window is never
 * narrower than its toolbar (447 px measured here with WebKitGTK 2.50 under Xvfb), and WebDriver
 * has no device emulation to go below it.
 */
export const MIN_VIEWPORT_WIDTH = { chromium: 0, firefox: 0, webkit: 447 };
/** Playwright's default wait; Firefox and WebKit wait SLOW times as long, explicit timeouts too. */
const DEFAULT_TIMEOUT = 30_000;
const SLOW = 3;
const sleep = (/** @type {number} */ ms) => new Promise((ok) => setTimeout(ok, ms));

/**
 * A script that calls the function `src` with `args` in the page and resolves to a JSON string of
 * `{ v, e, href, errs }`: its value or error, the page's address, and (with `collect`) the errors
 * the page reported since the last call. Numbers JSON cannot carry (NaN, ±Infinity, −0) travel as
 * `{ $n }`, so that a value compares bit for bit with what Chromium's driver returns.
 */
function pageScript(/** @type {string} */ src, /** @type {unknown[]} */ args, collect = false) {
  return `(async () => {
  const revive = (k, v) => (v && typeof v === "object" && typeof v.$n === "string" && Object.keys(v).length === 1 ? Number(v.$n) : v);
  const encode = (k, v) => (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? { $n: Object.is(v, -0) ? "-0" : String(v) } : v);
  ${collect ? COLLECTOR : ""}
  const args = JSON.parse(${JSON.stringify(JSON.stringify(args, encodeNumber))}, revive);
  const out = {};
  try {
    out.v = await (${src})(...args);
  } catch (e) {
    out.e = String((e && e.stack) || e);
  }
  out.href = location.href;
  ${collect ? "out.errs = window.__e2ePageErrors.splice(0);" : ""}
  return JSON.stringify(out, encode);
})()`;
}
const encodeNumber = (/** @type {string} */ _k, /** @type {unknown} */ v) =>
  typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? { $n: Object.is(v, -0) ? "-0" : String(v) } : v;
const reviveNumber = (/** @type {string} */ _k, /** @type {any} */ v) =>
  v && typeof v === "object" && typeof v.$n === "string" && Object.keys(v).length === 1 ? Number(v.$n) : v;

// WebDriver has no page-error event, and MiniBrowser's option to print console messages does not
// reach the pages an automation session opens. So the first script the test runs in a document
// installs listeners for uncaught errors, unhandled rejections and console.error, and every later
// script hands their reports back. The limit: what the page reports before that first script
// (while it loads, up to the load event WebDriver's navigation waits for) is not seen. A page that
// fails while loading never sets body[data-ready], which every suite waits for. Counted are what
// the other drivers' page-error events carry, exceptions; not the ResizeObserver loop notice,
// an error event without an exception (WebKit sent it under heavy load).
const COLLECTOR = `if (!window.__e2ePageErrors) {
    const errs = (window.__e2ePageErrors = []);
    addEventListener("error", (e) => {
      if (e.error == null && /^ResizeObserver loop/.test(e.message)) return;
      errs.push(["pageerror", String(e.message)]);
    });
    addEventListener("unhandledrejection", (e) => errs.push(["pageerror", String((e.reason && e.reason.message) || e.reason)]));
    const original = console.error;
    console.error = function (...a) {
      errs.push(["console", a.map(String).join(" ")]);
      return original.apply(this, a);
    };
  }`;

/** Playwright key names of keys that are not characters, as WebDriver's key codes. */
const WEBDRIVER_KEYS = {
  Enter: "\uE007",
  Tab: "\uE004",
  Escape: "\uE00C",
  Backspace: "\uE003",
  Delete: "\uE017",
  Home: "\uE011",
  End: "\uE010",
  PageUp: "\uE00E",
  PageDown: "\uE00F",
  ArrowLeft: "\uE012",
  ArrowUp: "\uE013",
  ArrowRight: "\uE014",
  ArrowDown: "\uE015",
  Space: " ",
  Shift: "\uE008",
  Control: "\uE009",
  Alt: "\uE00A",
  Meta: "\uE03D",
};

/**
 * Source text as a function for `_call`: returning the value of an expression, or running
 * statements (a library's source, evaluated through the driver where the pages' policy forbids
 * inline scripts). Node's parser tells which it is; no page code runs here.
 */
function sourceAsFunction(/** @type {string} */ code) {
  try {
    new Function(`return (${code}\n);`);
    return `() => (${code}\n)`;
  } catch {
    return `() => {\n${code}\n}`;
  }
}

/** "Shift+Tab" → ["Shift", "Tab"]; a lone "+" is the plus key. */
const keyChord = (/** @type {string} */ key) => (key.length > 1 && key.includes("+") ? key.split("+") : [key]);

/**
 * What Firefox and WebKit pages share: Playwright's page methods built on a handful of
 * engine-specific steps (`_run` a page script, `_clickElement`, `_mouse`, `_keys`, `_type`,
 * `_select`, `_screenshot`, `_goto`, `_close`).
 */
class DriverPage {
  constructor() {
    /** @type {Map<string, Function[]>} */
    this._listeners = new Map();
    this._url = "about:blank";
    this.keyboard = { press: (/** @type {string} */ key) => this._keys(keyChord(key)) };
    this.mouse = {
      click: (/** @type {number} */ x, /** @type {number} */ y) => this._mouse("click", x, y),
      move: (/** @type {number} */ x, /** @type {number} */ y) => this._mouse("move", x, y),
    };
  }

  /** @param {"pageerror" | "console"} event @param {Function} fn */
  on(event, fn) {
    this._listeners.set(event, [...(this._listeners.get(event) ?? []), fn]);
    return this;
  }
  _emit(/** @type {string} */ event, /** @type {unknown} */ value) {
    for (const fn of this._listeners.get(event) ?? []) fn(value);
  }

  url() {
    return this._url;
  }

  async goto(/** @type {string} */ url) {
    await this._goto(url);
    this._url = url;
  }

  /** Runs `src` (a function's source) with `args` in the page; its value, or its error thrown here. */
  async _call(/** @type {string} */ src, /** @type {unknown[]} */ args) {
    const out = JSON.parse(await this._run(src, args), reviveNumber);
    this._url = out.href;
    for (const [kind, text] of out.errs ?? []) {
      if (kind === "pageerror") this._emit("pageerror", new Error(text));
      else this._emit("console", { type: () => "error", text: () => text });
    }
    if ("e" in out) throw new Error(`in the page: ${out.e}`);
    return out.v;
  }

  /** A function with its argument, or source text: an expression's value, or statements run. */
  evaluate(/** @type {Function | string} */ fn, /** @type {unknown} */ arg) {
    return typeof fn === "string" ? this._call(sourceAsFunction(fn), []) : this._call(String(fn), [arg]);
  }

  /**
   * Polls `fn(arg)` in the page at every animation frame (every 16 ms in a hidden page, where
   * frames stop), as Playwright does, until it returns a truthy value; resolves to that value.
   * @param {Function | string} fn @param {unknown} [arg] @param {{ timeout?: number }} [opts]
   */
  async waitForFunction(fn, arg, opts = {}) {
    const src = typeof fn === "string" ? sourceAsFunction(fn) : String(fn);
    const timeout = SLOW * (opts.timeout ?? DEFAULT_TIMEOUT);
    const end = Date.now() + timeout;
    const poll = `async (arg, slice) => {
      const f = (${src});
      const end = performance.now() + slice;
      for (;;) {
        const v = await f(arg);
        if (v) return { v };
        if (performance.now() > end) return null;
        await new Promise((ok) => (document.hidden ? setTimeout(ok, 16) : requestAnimationFrame(ok)));
      }
    }`;
    for (;;) {
      const got = await this._call(poll, [arg, Math.max(0, Math.min(1000, end - Date.now()))]);
      if (got) return got.v;
      if (Date.now() >= end)
        throw new Error(
          `waitForFunction timed out after ${timeout} ms: ${src.slice(0, 200)}; the page then: ${await this._state()}`,
        );
    }
  }

  /**
   * What the page was doing, for a timeout's message: its address and load state, the body's
   * data-* flags (ready, busy, playing), whether the engine's first call is still unanswered, the
   * notice shown, if any, and the status line.
   */
  async _state() {
    try {
      return JSON.stringify(
        await this._call(
          String(() => ({
            href: location.href,
            readyState: document.readyState,
            body: { ...document.body?.dataset },
            firstCall: /** @type {any} */ (window).__engineFirst ? "unanswered" : "taken or none",
            notice: document.querySelector("#notice:not([hidden])")?.textContent?.trim().slice(0, 200) ?? "",
            status: document.getElementById("status")?.textContent?.trim().slice(0, 200) ?? "",
          })),
          [],
        ),
      );
    } catch (e) {
      return `(not readable: ${/** @type {Error} */ (e).message})`;
    }
  }

  /** @param {string} selector @param {{ state?: "attached" | "detached" | "visible" | "hidden", timeout?: number }} [opts] */
  async waitForSelector(selector, opts = {}) {
    const state = opts.state ?? "visible";
    try {
      await this.waitForFunction(
        ([sel, state]) => {
          const el = document.querySelector(sel);
          const r = el?.getBoundingClientRect();
          const visible = !!el && r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
          return { attached: !!el, detached: !el, visible, hidden: !visible }[state];
        },
        [selector, state],
        { timeout: opts.timeout },
      );
    } catch (e) {
      throw new Error(`waitForSelector ${selector} (${state}): ${/** @type {Error} */ (e).message}`);
    }
    return null;
  }

  /** Runs `fn(element, arg)` on the first match of `selector`, once it exists. */
  async _onElement(/** @type {string} */ selector, /** @type {string} */ fn, /** @type {unknown} */ arg) {
    await this.waitForSelector(selector, { state: "attached" });
    return this._call(
      `(sel, arg) => {
        const el = document.querySelector(sel);
        if (!el) throw new Error("no element matches " + sel);
        return (${fn})(el, arg);
      }`,
      [selector, arg],
    );
  }

  textContent(/** @type {string} */ selector) {
    return this._onElement(selector, "(el) => el.textContent");
  }
  inputValue(/** @type {string} */ selector) {
    return this._onElement(
      selector,
      "(el) => { if (!('value' in el)) throw new Error('not an input'); return el.value; }",
    );
  }
  getAttribute(/** @type {string} */ selector, /** @type {string} */ name) {
    return this._onElement(selector, "(el, name) => el.getAttribute(name)", name);
  }
  isChecked(/** @type {string} */ selector) {
    return this._onElement(selector, "(el) => el.checked");
  }
  isDisabled(/** @type {string} */ selector) {
    return this._onElement(selector, "(el) => el.disabled === true");
  }
  /** Like Playwright's: no waiting; a box of some size and not visibility: hidden. */
  isVisible(/** @type {string} */ selector) {
    return this._call(
      `(sel) => {
        const el = document.querySelector(sel);
        const r = el?.getBoundingClientRect();
        return !!el && r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
      }`,
      [selector],
    );
  }
  async focus(/** @type {string} */ selector) {
    await this._onElement(selector, "(el) => el.focus()");
  }
  $eval(/** @type {string} */ selector, /** @type {Function} */ fn, /** @type {unknown} */ arg) {
    return this._call(
      `(sel, arg) => {
        const el = document.querySelector(sel);
        if (!el) throw new Error("no element matches " + sel);
        return (${fn})(el, arg);
      }`,
      [selector, arg],
    );
  }
  $$eval(/** @type {string} */ selector, /** @type {Function} */ fn, /** @type {unknown} */ arg) {
    return this._call(`(sel, arg) => (${fn})([...document.querySelectorAll(sel)], arg)`, [selector, arg]);
  }

  async click(/** @type {string} */ selector, /** @type {{ timeout?: number }} */ opts = {}) {
    await this.waitForSelector(selector, { timeout: opts.timeout });
    await this._clickElement(selector, Date.now() + SLOW * (opts.timeout ?? DEFAULT_TIMEOUT));
  }
  async check(/** @type {string} */ selector) {
    if (!(await this.isChecked(selector))) await this.click(selector);
    if (!(await this.isChecked(selector))) throw new Error(`check: ${selector} did not become checked`);
  }
  /** Focuses the field, selects what it holds and types `value` over it, one key at a time. */
  async fill(/** @type {string} */ selector, /** @type {string} */ value) {
    await this.waitForSelector(selector);
    await this._onElement(
      selector,
      `(el) => {
        el.focus();
        if (typeof el.select === "function") el.select();
      }`,
    );
    if (value === "") await this._keys(["Delete"]);
    else await this._type(value);
  }
  async press(/** @type {string} */ selector, /** @type {string} */ key) {
    await this.focus(selector);
    await this.keyboard.press(key);
  }
  async selectOption(/** @type {string} */ selector, /** @type {string} */ value) {
    await this.waitForSelector(selector);
    const index = await this._onElement(
      selector,
      "(el, v) => [...el.options].findIndex((o) => o.value === v || o.label === v)",
      value,
    );
    if (index < 0) throw new Error(`selectOption: ${selector} has no option ${value}`);
    await this._select(selector, index);
    return [value];
  }

  /** The part of Playwright's Locator the tests use. */
  locator(/** @type {string} */ selector) {
    const page = this;
    const box = async () => {
      await page.waitForSelector(selector);
      return page._call(
        `(sel) => {
          const el = document.querySelector(sel);
          const r = el.getBoundingClientRect();
          if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
            el.scrollIntoView({ block: "center", inline: "center" });
          }
          const s = el.getBoundingClientRect();
          return { x: s.x, y: s.y, width: s.width, height: s.height };
        }`,
        [selector],
      );
    };
    return {
      boundingBox: box,
      /** Scrolls the element into view when it is not (as the bounding box does). */
      scrollIntoViewIfNeeded: async () => {
        await box();
      },
      isVisible: () => page.isVisible(selector),
      isDisabled: () => page.isDisabled(selector),
      /** At `position` from the element's top-left corner (its centre by default), scrolled into view. */
      async click(/** @type {{ position?: { x: number, y: number } }} */ opts = {}) {
        const b = await box();
        const at = opts.position ?? { x: b.width / 2, y: b.height / 2 };
        await page._mouse("click", b.x + at.x, b.y + at.y);
      },
    };
  }

  async screenshot(/** @type {{ path?: string, fullPage?: boolean }} */ opts = {}) {
    const png = await this._screenshot(opts);
    if (opts.path) writeFileSync(opts.path, png);
    return png;
  }

  waitForTimeout(/** @type {number} */ ms) {
    return sleep(ms);
  }

  close() {
    return this._close();
  }
}

// ---------------------------------------------------------------------------------------------
// Firefox: puppeteer-core over WebDriver BiDi.

async function launchFirefox() {
  const { default: puppeteer } = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
    headless: true,
    protocolTimeout: 10 * 60_000,
  });
  return {
    engine: "firefox",
    name: ENGINE_NAMES.firefox,
    /** @param {{ viewport?: { width: number, height: number } }} [opts] */
    async newPage(opts = {}) {
      // A window of its own, not a tab: a background tab is a hidden page, where the pages pause
      // (Chromium's headless pages and WebKit's windows are all visible).
      const page = await browser.newPage({ type: "window" });
      await page.setViewport(opts.viewport ?? DEFAULT_VIEWPORT);
      return new FirefoxPage(page);
    },
    close: () => browser.close(),
  };
}

class FirefoxPage extends DriverPage {
  constructor(/** @type {import("puppeteer-core").Page} */ page) {
    super();
    this._page = page;
    page.on("pageerror", (e) => this._emit("pageerror", e));
    page.on("console", (m) => this._emit("console", { type: () => m.type(), text: () => m.text() }));
  }
  url() {
    return this._page.url();
  }
  async _goto(/** @type {string} */ url) {
    await this._page.goto(url, { timeout: SLOW * DEFAULT_TIMEOUT });
  }
  async _run(/** @type {string} */ src, /** @type {unknown[]} */ args) {
    return this._page.evaluate(pageScript(src, args));
  }
  async _clickElement(/** @type {string} */ selector, /** @type {number} */ end) {
    for (;;) {
      const handle = await this._page.$(selector);
      try {
        if (!handle) throw new Error(`no element matches ${selector}`);
        await handle.click();
        return;
      } catch (e) {
        if (Date.now() > end) throw e;
        await sleep(100);
      } finally {
        await handle?.dispose();
      }
    }
  }
  async _mouse(/** @type {"click" | "move"} */ kind, /** @type {number} */ x, /** @type {number} */ y) {
    if (kind === "click") await this._page.mouse.click(x, y);
    else await this._page.mouse.move(x, y);
  }
  async _keys(/** @type {string[]} */ chord) {
    const k = this._page.keyboard;
    for (const key of chord.slice(0, -1)) await k.down(/** @type {any} */ (key));
    await k.press(/** @type {any} */ (chord.at(-1)));
    for (const key of chord.slice(0, -1).reverse()) await k.up(/** @type {any} */ (key));
  }
  async _type(/** @type {string} */ text) {
    await this._page.keyboard.type(text);
  }
  async _select(/** @type {string} */ selector, /** @type {number} */ index) {
    const value = await this._onElement(selector, "(el, i) => el.options[i].value", index);
    await this._page.select(selector, value);
  }
  async _screenshot(/** @type {{ fullPage?: boolean }} */ opts) {
    return Buffer.from(await this._page.screenshot({ fullPage: !!opts.fullPage }));
  }
  async _close() {
    await this._page.close();
  }
}

// ---------------------------------------------------------------------------------------------
// WebKit: WebKitGTK's MiniBrowser under WebKitWebDriver (W3C WebDriver over HTTP), on an Xvfb
// display. Xvfb and the driver are started here and stopped by their process ids.

/** Xvfb's screen for WebKit: larger than any viewport the tests ask for plus MiniBrowser's toolbar. */
const SCREEN = { width: 2200, height: 1800 };
const MINIBROWSER = process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** A free TCP port on 127.0.0.1 (free when asked; the driver takes it right after). */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (s.address());
      s.close(() => ok(port));
    });
  });
}

async function launchWebKit() {
  /** @type {import("node:child_process").ChildProcess[]} */
  const children = [];
  const stop = () => {
    for (const c of children.reverse()) if (c.exitCode === null && c.signalCode === null) c.kill();
  };
  // If the run ends without close() (a crash, an interrupted or timed-out test), the children go
  // with it; a signal is then raised again, so that it ends the process as it would have.
  const onSignal = (/** @type {NodeJS.Signals} */ sig) => {
    stop();
    process.kill(process.pid, sig);
  };
  process.once("exit", stop);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    // Xvfb picks a free display itself and writes its number to fd 3.
    const xvfb = spawn(
      "Xvfb",
      ["-displayfd", "3", "-screen", "0", `${SCREEN.width}x${SCREEN.height}x24`, "-nolisten", "tcp"],
      {
        stdio: ["ignore", "ignore", "pipe", "pipe"],
      },
    );
    children.push(xvfb);
    const display = await new Promise((ok, fail) => {
      let xerr = "";
      xvfb.stderr?.on("data", (d) => (xerr += d));
      xvfb.stdio[3]?.once("data", (d) => ok(String(d).trim()));
      xvfb.once("exit", (code) => fail(new Error(`Xvfb exited (${code}): ${xerr.slice(-500)}`)));
      xvfb.once("error", fail);
    });
    const port = await freePort();
    // Without compositing WebKit paints in software, as Chromium does here with --disable-gpu.
    // Composited, it goes through Mesa's software GL on Xvfb: the playing playground then got 8
    // animation frames a second (37 without), whichever of its views were shown.
    const driver = spawn("WebKitWebDriver", [`--port=${port}`, "--host=127.0.0.1"], {
      env: { ...process.env, DISPLAY: `:${display}`, WEBKIT_DISABLE_COMPOSITING_MODE: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    children.push(driver);
    let driverLog = "";
    driver.stderr?.on("data", (d) => (driverLog = (driverLog + d).slice(-2000)));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited: ${driverLog}`);
      try {
        if ((await fetch(`${base}/status`)).ok) break;
      } catch {
        if (i > 100) throw new Error(`WebKitWebDriver did not answer on ${base}: ${driverLog}`);
      }
      await sleep(100);
    }
    const session = await WebDriverSession.create(base);
    return {
      engine: "webkit",
      name: ENGINE_NAMES.webkit,
      /** @param {{ viewport?: { width: number, height: number } }} [opts] */
      async newPage(opts = {}) {
        const page = new WebKitPage(session, await session.openWindow());
        await page._setViewport(opts.viewport ?? DEFAULT_VIEWPORT);
        return page;
      },
      async close() {
        try {
          await session.delete();
        } finally {
          stop();
          process.removeListener("exit", stop);
          process.removeListener("SIGINT", onSignal);
          process.removeListener("SIGTERM", onSignal);
        }
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}

/** One W3C WebDriver session: its commands run one at a time, each in the window it is for. */
class WebDriverSession {
  static async create(/** @type {string} */ base) {
    const s = new WebDriverSession(base);
    const caps = {
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
    };
    const r = await s.cmd("POST", "/session", { capabilities: { alwaysMatch: caps } });
    s.id = r.sessionId;
    // Scripts may run as long as the bench's measurement; loads as long as a slow first load.
    await s.cmd("POST", `/session/${s.id}/timeouts`, { script: 10 * 60_000, pageLoad: 2 * 60_000, implicit: 0 });
    /** @type {string | null} the window the session starts with, until a page takes it */
    s.spare = await s.cmd("GET", `/session/${s.id}/window`);
    s.current = s.spare;
    return s;
  }
  constructor(/** @type {string} */ base) {
    this.base = base;
    this.id = "";
    /** @type {string | null} */
    this.spare = null;
    /** @type {string | null} */
    this.current = null;
    /** @type {Set<string>} */
    this.windows = new Set();
    this.queue = Promise.resolve();
  }

  /** Sends one command; resolves to its value, or throws WebDriver's error with its name. */
  async cmd(/** @type {string} */ method, /** @type {string} */ path, /** @type {unknown} */ body) {
    const r = await fetch(this.base + path, {
      method,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: body === undefined ? (method === "POST" ? "{}" : undefined) : JSON.stringify(body),
    });
    const json = await r.json();
    if (!r.ok || json.value?.error) {
      const err = new Error(
        `WebDriver ${method} ${path.replace(/^\/session\/[^/]+/, "")}: ${json.value?.error}: ${json.value?.message}`,
      );
      /** @type {any} */ (err).code = json.value?.error;
      throw err;
    }
    return json.value;
  }
  /** `cmd` under this session's id. */
  s(/** @type {string} */ method, /** @type {string} */ path, /** @type {unknown} */ body) {
    return this.cmd(method, `/session/${this.id}${path}`, body);
  }

  /** Runs `fn` once the commands before it are done, with `handle` the current window. */
  run(/** @type {string} */ handle, /** @type {() => Promise<any>} */ fn) {
    const next = this.queue.then(async () => {
      if (this.current !== handle) {
        await this.s("POST", "/window", { handle });
        this.current = handle;
      }
      return fn();
    });
    this.queue = next.catch(() => {});
    return next;
  }

  /** A window for a new page: the spare one, else a new top-level window. */
  openWindow() {
    const next = this.queue.then(async () => {
      let handle = this.spare;
      this.spare = null;
      if (!handle) handle = (await this.s("POST", "/window/new", { type: "window" })).handle;
      this.windows.add(/** @type {string} */ (handle));
      return /** @type {string} */ (handle);
    });
    this.queue = next.catch(() => {});
    return next;
  }

  /** Closes a page's window; the session's last window stays open, blank, as the spare. */
  closeWindow(/** @type {string} */ handle) {
    return this.run(handle, async () => {
      this.windows.delete(handle);
      if (this.windows.size === 0 && this.spare === null) {
        await this.s("POST", "/url", { url: "about:blank" });
        this.spare = handle;
      } else {
        // WebDriver opens a new window only from an open current one: switch to one that is left.
        const left = await this.s("DELETE", "/window");
        await this.s("POST", "/window", { handle: left[0] });
        this.current = left[0];
      }
    });
  }

  async delete() {
    await this.queue;
    await this.cmd("DELETE", `/session/${this.id}`).catch(() => {});
  }
}

class WebKitPage extends DriverPage {
  constructor(/** @type {WebDriverSession} */ session, /** @type {string} */ handle) {
    super();
    this._session = session;
    this._handle = handle;
  }
  /** @param {string} method @param {string} path @param {unknown} [body] */
  _cmd(method, path, body) {
    return this._session.run(this._handle, () => this._session.s(method, path, body));
  }
  /**
   * Sizes the window so that the page's viewport is `viewport` (MiniBrowser adds its toolbar), and
   * centres it on the screen. Without a window manager the keyboard goes to the window under the
   * pointer, which rests at the screen's centre: a window left at the corner and narrower than
   * half the screen would not get the keys (its page: no focus, no :focus style).
   */
  async _setViewport(/** @type {{ width: number, height: number }} */ viewport) {
    let { width, height } = viewport;
    for (let i = 0; i < 5; i++) {
      const x = Math.max(0, Math.round((SCREEN.width - width) / 2));
      const y = Math.max(0, Math.round((SCREEN.height - height) / 2));
      await this._cmd("POST", "/window/rect", { width, height, x, y });
      // The page sees a resize a little after the window has it: wait until its size settles.
      let inner = [0, 0];
      for (let k = 0; k < 20; k++) {
        const now = await this._cmd("POST", "/execute/sync", { script: "return [innerWidth, innerHeight]", args: [] });
        if (now[0] === inner[0] && now[1] === inner[1]) break;
        inner = now;
        await sleep(50);
      }
      if (inner[0] === viewport.width && inner[1] === viewport.height) return;
      width += viewport.width - inner[0];
      height += viewport.height - inner[1];
    }
    throw new Error(
      `WebKit: could not size the viewport to ${viewport.width} × ${viewport.height} (MIN_VIEWPORT_WIDTH is ${MIN_VIEWPORT_WIDTH.webkit})`,
    );
  }
  async _goto(/** @type {string} */ url) {
    await this._cmd("POST", "/url", { url });
  }
  _run(/** @type {string} */ src, /** @type {unknown[]} */ args) {
    return this._cmd("POST", "/execute/sync", { script: `return ${pageScript(src, args, true)};`, args: [] });
  }
  async _clickElement(/** @type {string} */ selector, /** @type {number} */ end) {
    for (;;) {
      try {
        await this._session.run(this._handle, async () => {
          const el = await this._session.s("POST", "/element", { using: "css selector", value: selector });
          await this._session.s("POST", `/element/${el[ELEMENT]}/click`);
        });
        return;
      } catch (e) {
        const code = /** @type {any} */ (e).code;
        const retry = [
          "element click intercepted",
          "element not interactable",
          "stale element reference",
          "no such element",
        ];
        if (!retry.includes(code) || Date.now() > end) throw e;
        await sleep(100);
      }
    }
  }
  _actions(/** @type {unknown[]} */ actions) {
    return this._session.run(this._handle, async () => {
      await this._session.s("POST", "/actions", { actions });
      await this._session.s("DELETE", "/actions");
    });
  }
  async _mouse(/** @type {"click" | "move"} */ kind, /** @type {number} */ x, /** @type {number} */ y) {
    const steps = [{ type: "pointerMove", x: Math.round(x), y: Math.round(y), origin: "viewport", duration: 0 }];
    if (kind === "click") steps.push({ type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 });
    await this._actions([{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: steps }]);
  }
  /** Keys pressed together (modifiers first), released in reverse. */
  async _keys(/** @type {string[]} */ chord) {
    const codes = chord.map((k) => /** @type {Record<string, string>} */ (WEBDRIVER_KEYS)[k] ?? k);
    const steps = [
      ...codes.map((value) => ({ type: "keyDown", value })),
      ...codes.reverse().map((value) => ({ type: "keyUp", value })),
    ];
    await this._actions([{ type: "key", id: "keyboard", actions: steps }]);
  }
  async _type(/** @type {string} */ text) {
    const steps = [...text].flatMap((c) => {
      const value = c === "\n" ? WEBDRIVER_KEYS.Enter : c;
      return [
        { type: "keyDown", value },
        { type: "keyUp", value },
      ];
    });
    await this._actions([{ type: "key", id: "keyboard", actions: steps }]);
  }
  /** WebDriver chooses an option by clicking it (the engine fires input and change). */
  async _select(/** @type {string} */ selector, /** @type {number} */ index) {
    await this._session.run(this._handle, async () => {
      const els = await this._session.s("POST", "/elements", { using: "css selector", value: `${selector} option` });
      await this._session.s("POST", `/element/${els[index][ELEMENT]}/click`);
    });
  }
  /** WebKit's WebDriver screenshot (its viewport): a full-page one is not offered. */
  async _screenshot() {
    return Buffer.from(await this._cmd("GET", "/screenshot"), "base64");
  }
  async _close() {
    await this._session.closeWindow(this._handle);
  }
}
