// Debian's Chromium driven by playwright-core, as the tests and the benchmarks start it
// (Playwright's own browser downloads do not work here). As root Chromium needs --no-sandbox;
// the rest keeps a headless run quiet and repeatable: no GPU (software rendering, as in CI), no
// QUIC, no background fetches, updates or sync competing with the page being measured.
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches Chromium ($CHROMIUM, else /usr/bin/chromium) with those flags. */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}
