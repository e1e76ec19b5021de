// Lighthouse (npm) against both pages with Debian's Chromium, desktop and mobile presets: prints
// the scores, the paint timings and the layout shift; the reports go to target/lighthouse/. For
// audits by hand (`node scripts/lighthouse.mjs`), not part of the test command: the mobile
// figures use simulated throttling and move a little from run to run.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "./serve.mjs";

// Fetched by npx on first use rather than kept in package.json: it brings ~300 packages that the
// test command never needs.
const LIGHTHOUSE = "lighthouse@12.8.2";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = `${ROOT}target/lighthouse`;
mkdirSync(OUT, { recursive: true });
// As in tests/e2e/helpers.mjs; as root Chromium needs --no-sandbox.
const FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
].join(" ");

const { server, url } = await startServer({ port: 0 });
const rows = [];
try {
  for (const page of ["index.html", "descent.html"]) {
    for (const preset of ["desktop", "mobile"]) {
      const file = `${OUT}/${page.replace(".html", "")}-${preset}.json`;
      // Run asynchronously: the server lives in this process and must keep answering.
      const status = await new Promise((done) =>
        spawn(
          "npx",
          [
            "--yes",
            LIGHTHOUSE,
            url + page,
            ...(preset === "desktop" ? ["--preset=desktop"] : []),
            `--chrome-flags=${FLAGS}`,
            "--only-categories=performance,accessibility,best-practices,seo",
            "--output=json",
            `--output-path=${file}`,
            "--quiet",
          ],
          { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium" }, stdio: "inherit" },
        ).on("close", done),
      );
      if (status !== 0) throw new Error(`lighthouse failed on ${page} (${preset})`);
      const { categories: c, audits: a } = JSON.parse(readFileSync(file, "utf8"));
      const score = (k) => Math.round(c[k].score * 100);
      rows.push(
        `| ${page} | ${preset} | ${score("performance")} | ${score("accessibility")} | ${score("best-practices")} | ${score("seo")} | ` +
          `${a["first-contentful-paint"].displayValue} | ${a["largest-contentful-paint"].displayValue} | ` +
          `${a["total-blocking-time"].displayValue} | ${a["cumulative-layout-shift"].numericValue.toFixed(3)} |`,
      );
    }
  }
} finally {
  server.close();
}
console.log(
  "| page | preset | perf | a11y | best pr. | SEO | FCP | LCP | TBT | CLS |\n|---|---|---|---|---|---|---|---|---|---|",
);
console.log(rows.join("\n"));
