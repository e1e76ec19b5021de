// A small static server for www/ (no dependencies). wasm needs `application/wasm` to be
// compiled while it streams, and ES modules need a JavaScript MIME type: both are set here.
// `/vendor/<package>/...` maps to node_modules, for the benchmark page's peer libraries only.
// `/dist/...` are the pages' bundles (scripts/bundle.mjs), built in memory on first request and
// again whenever a source file has changed since, so an edited module shows on the next reload.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { bundler, bundleError } from "./bundle.mjs";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".ico": "image/x-icon",
};

function inside(base, urlPath) {
  const full = normalize(join(base, decodeURIComponent(urlPath)));
  return full === base || full.startsWith(base + sep) ? full : null;
}

/** A 200 with `body`: never cached (the pages change under development). */
function ok(
  /** @type {import("node:http").ServerResponse} */ res,
  /** @type {string} */ type,
  /** @type {Uint8Array} */ body,
) {
  res.writeHead(200, {
    "content-type": type,
    "cache-control": "no-store",
    // Pages on another origin may load the embed element's modules, as from a package CDN.
    "access-control-allow-origin": "*",
  });
  res.end(body);
}

/** Starts the server; resolves to `{ server, url }` once it listens. Port 0 picks a free port. */
export function startServer({ host = "127.0.0.1", port = 8080, www = join(ROOT, "www") } = {}) {
  const vendor = join(ROOT, "node_modules");
  const dist = bundler(www);
  // Built now, so that the first page load does not wait for it (a failure shows on request).
  dist.get().catch(() => {});
  const server = createServer(async (req, res) => {
    try {
      let path = new URL(req.url, "http://x").pathname;
      if (path.endsWith("/")) path += "index.html";
      if (path.startsWith("/dist/")) {
        let built;
        try {
          built = await dist.get();
        } catch (e) {
          res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
          res.end(bundleError(e));
          return;
        }
        const body = built.files.get(path.slice(1));
        if (!body) throw Object.assign(new Error(), { code: "ENOENT" });
        ok(res, path.endsWith(".map") ? TYPES[".json"] : TYPES[".js"], body);
        return;
      }
      const file = path.startsWith("/vendor/") ? inside(vendor, path.slice(7)) : inside(www, path);
      if (!file || !(await stat(file)).isFile()) throw Object.assign(new Error(), { code: "ENOENT" });
      ok(res, TYPES[extname(file)] ?? "application/octet-stream", await readFile(file));
    } catch (e) {
      res.writeHead(e.code === "ENOENT" ? 404 : 500, { "content-type": "text/plain" });
      res.end(e.code === "ENOENT" ? "not found\n" : "server error\n");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ server, url: `http://${host}:${p}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const { url } = await startServer({ host: arg("host", "127.0.0.1"), port: Number(arg("port", 8080)) });
  console.log(`dl-playground is served at ${url}  (Ctrl+C stops)`);
}
