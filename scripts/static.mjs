// Writes dl-playground as plain static files, for any static host or a folder of a course site,
// and the same files as an npm package (for notes that load the element from an npm CDN).
//   node scripts/static.mjs [outdir] [--package dir]
// reads www/ as built (www/pkg must exist: scripts/static.sh builds first). The output holds the
// pages, the embeds and the wasm module, without the benchmark (it needs node_modules) or
// tooling files. Every URL inside is relative, so the folder works at any path; the script
// refuses to finish if a page or module names an absolute path or a file that is not there.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "./bundle.mjs";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const WWW = join(ROOT, "www");

/** What is not part of the site: the benchmark (served from node_modules), tooling, and wasm-pack's extras. */
const LEFT_OUT = ["bench.html", "bench", "jsconfig.json", "pkg/package.json", "pkg/README.md", "pkg/.gitignore"];

/** Every file under `dir`, as paths relative to it with "/" separators. */
function files(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full, base) : [relative(base, full).split(sep).join("/")];
  });
}

/**
 * The URLs a page, stylesheet or module names that the browser fetches from this site: links,
 * sources, imports, `new URL("…", import.meta.url)` and CSS `url()`. Absolute URLs to other
 * sites, fragments, data: and the like are not the site's.
 */
function references(path, text) {
  const patterns = path.endsWith(".html")
    ? [/\s(?:src|href)="([^"]*)"/g]
    : path.endsWith(".css")
      ? [/url\(["']?([^"')]*)["']?\)/g]
      : [
          /\bfrom\s+"([^"]+)"/g,
          /\bimport\s*\(\s*"([^"]+)"\s*\)/g,
          /\bimport\s+"([^"]+)"/g,
          /new URL\(\s*"([^"]+)",\s*import\.meta\.url\)/g,
        ];
  // Block comments are not fetched: the bundles keep the modules' JSDoc, whose type imports
  // (`import("./lab-host.js")`) are relative to the module they came from.
  const code = path.endsWith(".js") ? text.replace(/\/\*[\s\S]*?\*\//g, "") : text;
  return patterns
    .flatMap((p) => [...code.matchAll(p)].map((m) => m[1]))
    .filter((u) => u !== "" && !/^(?:[a-z][a-z0-9+.-]*:|#|\/\/)/i.test(u));
}

/**
 * Copies the site to `out`, with the pages' bundles (dist/, scripts/bundle.mjs); resolves to its
 * file list. Throws on an absolute or dangling reference.
 */
export async function writeStatic(out) {
  if (!existsSync(join(WWW, "pkg/dl_playground_bg.wasm")))
    throw new Error("www/pkg is not built: run scripts/build.sh");
  rmSync(out, { recursive: true, force: true });
  const list = files(WWW).filter((f) => !LEFT_OUT.some((x) => f === x || f.startsWith(`${x}/`)));
  for (const f of list) {
    mkdirSync(dirname(join(out, f)), { recursive: true });
    cpSync(join(WWW, f), join(out, f));
  }
  const { files: dist } = await bundle(WWW);
  for (const [f, bytes] of dist) {
    mkdirSync(dirname(join(out, f)), { recursive: true });
    writeFileSync(join(out, f), bytes);
    list.push(f);
  }
  const have = new Set(list);
  const problems = [];
  for (const f of list.filter((f) => /\.(html|js|css)$/.test(f))) {
    for (const url of references(f, readFileSync(join(out, f), "utf8"))) {
      if (url.startsWith("/")) problems.push(`${f}: absolute path ${url}`);
      const target = new URL(url, `http://site/${f}`).pathname.slice(1);
      if (!url.startsWith("/") && !have.has(target) && !have.has(`${target}index.html`))
        problems.push(`${f}: ${url} is not in the folder`);
    }
  }
  if (problems.length) throw new Error(`the static folder would not work:\n  ${problems.join("\n  ")}`);
  return list;
}

/** The crate's version and licence (Cargo.toml's [package]): the package's are the same. */
function cargo() {
  const text = readFileSync(join(ROOT, "Cargo.toml"), "utf8");
  const field = (name) => text.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m"))?.[1];
  return { version: field("version"), license: field("license"), description: field("description") };
}

/**
 * Writes the npm package to `dir`: the static site, the element's types and the package's README
 * (both in package/), and a package.json whose `exports` name the modules a bundler may import.
 * CDNs serve any file of it by path (…/dl-playground@<version>/embed/element.js).
 */
export async function writePackage(dir) {
  await writeStatic(dir);
  for (const f of ["README.md", "element.d.ts"]) cpSync(join(ROOT, "package", f), join(dir, f));
  const { version, license, description } = cargo();
  const pkg = {
    name: "dl-playground",
    version,
    description,
    license,
    type: "module",
    types: "./element.d.ts",
    exports: {
      ".": { types: "./element.d.ts", default: "./embed/element.js" },
      "./element.js": { types: "./element.d.ts", default: "./embed/element.js" },
      "./host.js": "./embed/host.js",
      "./engine": { types: "./pkg/dl_playground.d.ts", default: "./pkg/dl_playground.js" },
      "./embed.html": "./embed.html",
      "./*": "./*",
    },
    // Loading the element defines <dl-playground> and <dl-lab>: a bundler must keep it.
    sideEffects: ["./embed/element.js", "./embed/host.js"],
    keywords: ["perceptron", "gradient-descent", "neural-network", "education", "webassembly", "web-component"],
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  return pkg;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--package");
  const pkgDir = at >= 0 ? resolve(args[at + 1]) : null;
  if (at >= 0) args.splice(at, 2);
  const out = resolve(args[0] ?? join(ROOT, "target/static"));
  const list = await writeStatic(out);
  console.log(`static site: ${out} (${list.length} files, relative paths only)`);
  if (pkgDir) {
    const pkg = await writePackage(pkgDir);
    console.log(`npm package: ${pkgDir} (${pkg.name}@${pkg.version}; \`npm pack\` there makes the tarball)`);
  }
}
