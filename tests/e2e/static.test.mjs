// dl-playground as static files, served by a plain static server that knows nothing of the
// project (Python's http.server): the folder scripts/static.mjs writes, from a sub-path of a
// course site (/course/playground/), and the npm package, packed with `npm pack`, unpacked and
// loaded by a page as a CDN would serve it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, openPage, ROOT } from "./helpers.mjs";
import { writeStatic, writePackage } from "../../scripts/static.mjs";

let env;
/** @type {{ proc: import("node:child_process").ChildProcess, url: string }[]} */
const servers = [];
const TMP = mkdtempSync(join(tmpdir(), "dl-playground-static-"));

before(async () => {
  env = await launch();
});
after(async () => {
  for (const s of servers) s.proc.kill();
  await env?.close();
  rmSync(TMP, { recursive: true, force: true });
});

/** `python3 -m http.server` on a free port, serving `dir`; resolves to its base URL. */
function pythonServer(dir) {
  const proc = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((ok, fail) => {
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      const port = out.match(/port (\d+)/)?.[1];
      if (port) {
        const s = { proc, url: `http://127.0.0.1:${port}/` };
        servers.push(s);
        ok(s.url);
      }
    });
    proc.once("exit", (code) => fail(new Error(`http.server exited (${code}): ${out}`)));
  });
}

const until = async (f, ok, what, timeout = 30_000) => {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

test("the static folder works from a sub-path of a plain static server", async (t) => {
  const site = join(TMP, "site");
  const list = await writeStatic(join(site, "course/playground"));
  assert.ok(!list.some((f) => f.startsWith("bench")), "the benchmark (served from node_modules) is left out");
  const base = `${await pythonServer(site)}course/playground/`;
  const wasm = await fetch(`${base}pkg/dl_playground_bg.wasm`);
  assert.equal(wasm.headers.get("content-type"), "application/wasm");
  const page = (path) => openPage({ ...env, url: base }, path);

  // The playground trains…
  const pg = await page("index.html#lesson=3&lang=en");
  await pg.page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  await pg.page.click("#play");
  const epochs = await until(
    () => pg.page.evaluate(() => window.__playground.frame()?.epoch ?? 0),
    (e) => e >= 3,
    "the playground's epochs",
  );
  await pg.page.click("#play");
  assert.deepEqual(pg.errors, []);
  await pg.page.close();

  // …the lab races…
  const lab = await page("descent.html#preset=14&lang=en");
  await lab.page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  await lab.page.click("#play");
  const steps = await until(
    () => lab.page.textContent("#step-count").then(Number),
    (s) => s >= 3,
    "the lab's steps",
  );
  assert.deepEqual(lab.errors, []);
  await lab.page.close();

  // …and the iframe embed, and the notes page's first element, run too.
  const embed = await page("embed.html#lesson=7&lang=ko&parts=map,network");
  await embed.page.waitForSelector("#embed[data-ready=true]", { timeout: 30_000 });
  await embed.page.click("[data-act=play]");
  const embedEpochs = await until(
    () => embed.page.$eval("#embed", (r) => Number(r.dataset.epoch)),
    (e) => e >= 3,
    "the embed's epochs",
  );
  assert.deepEqual(embed.errors, []);
  await embed.page.close();
  const notes = await page("examples/notes.en.html");
  await notes.page.waitForFunction(
    () => document.querySelector("dl-playground")?.shadowRoot?.querySelector(".dlp[data-ready=true]"),
    null,
    {
      timeout: 30_000,
    },
  );
  assert.deepEqual(notes.errors, []);
  await notes.page.close();
  t.diagnostic(
    `${list.length} files at ${base}: playground ${epochs} epochs, lab ${steps} steps, embed ${embedEpochs} epochs`,
  );
});

test("npm pack makes a package whose element loads and paints from the unpacked tarball", async (t) => {
  const dir = join(TMP, "npm");
  const pkg = await writePackage(dir);
  const cargo = readFileSync(join(ROOT, "Cargo.toml"), "utf8").match(/^version = "([^"]+)"/m)[1];
  assert.equal(pkg.name, "dl-playground");
  assert.equal(pkg.version, cargo);
  const packed = spawnSync("npm", ["pack", "--json", "--pack-destination", TMP], { cwd: dir, encoding: "utf8" });
  assert.equal(packed.status, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout);
  const unpacked = join(TMP, "unpacked");
  mkdirSync(unpacked);
  const tar = spawnSync("tar", ["xzf", join(TMP, info.filename), "-C", unpacked], { encoding: "utf8" });
  assert.equal(tar.status, 0, tar.stderr);
  const root = join(unpacked, "package");
  const json = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  for (const target of [json.types, json.exports["./element.js"].default, json.exports["./host.js"], "README.md"])
    assert.ok(existsSync(join(root, target)), `${target} is in the tarball`);
  assert.ok(existsSync(join(root, "pkg/dl_playground_bg.wasm")));

  // The notes page is a real file beside the package (a page a test route made up may not load
  // from 127.0.0.1, by Chromium's local network access checks).
  writeFileSync(
    join(unpacked, "notes.html"),
    `<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>notes</title>
<script type="module" src="package/embed/element.js"></script>
<dl-playground lesson="7" parts="map"></dl-playground>`,
  );
  const base = await pythonServer(unpacked);
  const { page: p, errors } = await openPage({ ...env, url: base }, "notes.html");
  await p.waitForFunction(
    () => document.querySelector("dl-playground")?.shadowRoot?.querySelector(".dlp[data-ready=true]"),
    null,
    {
      timeout: 30_000,
    },
  );
  const pixels = await p.$eval("dl-playground", (e) => {
    const c = e.shadowRoot.querySelector("canvas");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) n++;
    return n;
  });
  assert.ok(pixels > 10_000, `the map paints (${pixels} px)`);
  assert.deepEqual(errors, []);
  await p.close();
  t.diagnostic(`${info.filename}: ${info.entryCount} files, ${info.size} bytes packed; its element drew ${pixels} px`);
});
