// Shared set-up of the Chromium end-to-end tests: a static server on a free port and Debian's
// Chromium driven by playwright-core (Playwright's own browser downloads do not work here).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "../../scripts/serve.mjs";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SHOTS = `${ROOT}target/screenshots`;
mkdirSync(SHOTS, { recursive: true });

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Starts the server and the browser; returns them with a `close()` for both. */
export async function launch() {
  const { server, url } = await startServer({ port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ARGS,
  });
  return {
    url, browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** Opens `path` and fails the test on any page error or console error. */
export async function openPage(env, path = "", viewport = { width: 1280, height: 900 }) {
  const page = await env.browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(env.url + path);
  return { page, errors };
}
