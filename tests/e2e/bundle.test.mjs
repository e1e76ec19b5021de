// The pages' bundles as the project's server gives them (scripts/serve.mjs, scripts/bundle.mjs):
// built from the modules in www/, built again after any module changes (an edit shows on the
// next reload), and a module that does not parse gives a 500 naming the file and line, not a
// stale script. Runs on a copy of www/ (no browser).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../../scripts/serve.mjs";
import { ENTRIES } from "../../scripts/bundle.mjs";

const WWW = fileURLToPath(new URL("../../www", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "dlp-bundle-"));
/** @type {{ server: import("node:http").Server, url: string }} */
let srv;

before(async () => {
  cpSync(WWW, dir, { recursive: true });
  srv = await startServer({ port: 0, www: dir });
});
after(() => {
  srv?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (/** @type {string} */ path) => {
  const r = await fetch(srv.url + path);
  return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
};

test("each page's script and each worker is one file, with its source map, and the pages load them", async () => {
  for (const name of Object.keys(ENTRIES)) {
    const js = await get(`dist/${name}.js`);
    assert.equal(js.status, 200, name);
    assert.match(js.type ?? "", /^text\/javascript/);
    // No imports left: everything it needs is inside (the worker's wasm is fetched, not imported).
    assert.doesNotMatch(js.text, /^\s*import\s.*from\s/m, `${name} still imports`);
    assert.match(js.text, new RegExp(`//# sourceMappingURL=${name}\\.js\\.map`));
    const map = JSON.parse((await get(`dist/${name}.js.map`)).text);
    assert.ok(map.sources.length >= 1, `${name}: ${map.sources.length} sources`);
  }
  // The lesson registry (a JSON module) is inside the page's file, not fetched after it.
  assert.match((await get("dist/playground.js")).text, /freeParts/);
  for (const page of ["index.html", "descent.html"]) {
    const html = readFileSync(join(WWW, page), "utf8");
    const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(scripts, [page === "index.html" ? "dist/playground.js" : "dist/lab.js"], page);
    assert.doesNotMatch(html, /modulepreload/, `${page}: the bundle makes the preloads pointless`);
    assert.match(html, /<script src="engine\/boot\.js"[^>]* data-worker="\.\.\/dist\/worker\.js"/, page);
  }
  assert.equal((await get("dist/missing.js")).status, 404);
});

test("an edited module is in the next response; one that does not parse is a 500 naming it", async () => {
  const file = join(dir, "shared/i18n.js");
  const source = readFileSync(file, "utf8");
  assert.match((await get("dist/playground.js")).text, /dl-playground\.lang/);
  writeFileSync(file, source.replace('"dl-playground.lang"', '"dl-playground.language-edited"'));
  const edited = await get("dist/playground.js");
  assert.match(edited.text, /dl-playground\.language-edited/);
  assert.doesNotMatch(edited.text, /"dl-playground\.lang"/);
  writeFileSync(file, `${source}\nexport const broken = ;\n`);
  const broken = await get("dist/playground.js");
  assert.equal(broken.status, 500);
  assert.match(broken.text, /shared\/i18n\.js:\d+: /);
  writeFileSync(file, source);
  const fixed = await get("dist/playground.js");
  assert.equal(fixed.status, 200);
  assert.match(fixed.text, /dl-playground\.lang/);
});
