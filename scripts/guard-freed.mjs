// Makes a freed Trainer or Descent fail in JavaScript instead of inside wasm.
//
// Why: wasm-bindgen's generated method shims check the object pointer inside wasm and throw
// "null pointer passed to rust" from there when it is 0 (after `free()`). That JS exception unwinds
// through the wasm frame, which never gives back its shadow-stack space; about 22,000 such calls
// leave the module corrupt ("memory access out of bounds") for the rest of the page. Upstream
// knows (wasm-bindgen#1959, #2168) and has not fixed it, so the build patches the generated glue:
// every method, getter and setter asks a small helper for the pointer, which throws an Error with
// `code: "freed"` and `field: "this"` before wasm is entered, and `free()` on a freed object does
// nothing (as `Symbol.dispose` should) instead of throwing through wasm too.
//
// The patch must not silently stop applying when wasm-bindgen changes its output: this script
// fails when it finds nothing to patch, or any use of an object pointer it does not know to be
// safe (a new kind of method, an object passed as an argument, a consuming method). Then read the
// new glue and extend the patterns here. Running it again on patched glue only re-checks it.
//
// Usage: node scripts/guard-freed.mjs [path/to/glue.js]   (default www/pkg/dl_playground.js)
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const file = process.argv[2] ?? fileURLToPath(new URL("../www/pkg/dl_playground.js", import.meta.url));
const HELPER = "__dlpLive";
const MARK = "// Added by scripts/guard-freed.mjs";

function fail(msg) {
  console.error(`guard-freed: ${file}: ${msg}`);
  console.error("guard-freed: the wasm-bindgen glue changed shape; update scripts/guard-freed.mjs to guard it.");
  process.exit(1);
}

const HELPER_SOURCE = `
${MARK}: why in that script (wasm-bindgen#1959, #2168).
function ${HELPER}(obj, name) {
    const ptr = obj == null ? undefined : obj.__wbg_ptr;
    if (typeof ptr === "number" && ptr !== 0) return ptr;
    const cls = name.split(".")[0];
    const e = ptr === 0
        ? new Error(\`\${name}: this object was freed (free() was called); create a new one\`)
        : new Error(\`\${name}: called on something that is not a \${cls}\`);
    e.code = ptr === 0 ? "freed" : "type";
    e.field = "this";
    // The engine's error data (see src/error.rs): a wrong \`this\` is a type error, in JsType's names.
    if (ptr !== 0) { e.expected = "object"; e.got = obj === null ? "null" : obj === undefined ? "undefined" : "otherObject"; }
    throw e;
}
`;

// Lines that read or write an object pointer without passing it to wasm (trimmed).
const SAFE = [
  /^const ptr = this\.__wbg_ptr;$/, // __destroy_into_raw
  /^(this|obj)\.__wbg_ptr = (0|ptr|ret\[0\]);$/, // __destroy_into_raw, __wrap, constructors
  /^\w+Finalization\.register\((this|obj), \1\.__wbg_ptr, \1\);$/,
];
const FREE_CALL = /^(\s*)(if \(ptr\) )?(wasm\.__wbg_\w+_free\(ptr, 0\);)$/;
const WASM_CALL = /(\bwasm\.[\w$]+\()this\.__wbg_ptr\b/g;
const MEMBER = /^    (?:static\s+)?(?:(?:get|set)\s+)?([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*\{\s*$/;

/** Calls `fn(line, i, where)` for each line, `where` naming the class and member it is in. */
function walk(lines, fn) {
  let cls = null,
    member = null;
  lines.forEach((line, i) => {
    const c = line.match(/^export class ([\w$]+)\b/);
    if (c) [cls, member] = [c[1], null];
    else if (line === "}") [cls, member] = [null, null];
    const m = line.match(MEMBER);
    if (m) member = m[1];
    fn(line, i, { cls, member, name: [cls, member].filter(Boolean).join(".") });
  });
}

const source = readFileSync(file, "utf8");
const already = source.includes(MARK);
if (already && !source.includes(`\nfunction ${HELPER}(obj, name) {`))
  fail(`marked as guarded but ${HELPER} is missing`);
const lines = (already ? source.slice(0, source.indexOf(`\n${MARK}`)) : source).split("\n");

// Patch: wasm calls get the pointer from the helper; free() skips wasm when it is 0.
let replaced = 0;
if (!already) {
  walk(lines, (line, i, { member, name }) => {
    line = line.replace(WASM_CALL, (_, call) => {
      replaced++;
      return `${call}${HELPER}(this, ${JSON.stringify(name || "this object")})`;
    });
    if (member === "free") line = line.replace(FREE_CALL, (_, indent, _g, call) => `${indent}if (ptr) ${call}`);
    lines[i] = line;
  });
  if (replaced === 0) fail("no wasm call passes this.__wbg_ptr: nothing to guard");
}

// Check: every pointer use left is one known to be safe, and every free() checks first.
let guarded = 0,
  frees = 0;
const classes = new Set();
const problems = [];
walk(lines, (line, i, { cls, member, name }) => {
  const t = line.trim();
  const where = `line ${i + 1} (${name || "outside a class"}): ${t}`;
  const n = (t.match(new RegExp(`\\bwasm\\.[\\w$]+\\(${HELPER}\\(this, `, "g")) ?? []).length;
  if (n) {
    guarded += n;
    classes.add(cls);
  }
  if (t.includes("__wbg_ptr") && !SAFE.some((re) => re.test(t))) problems.push(where);
  if (t.includes("__destroy_into_raw(") && t !== "__destroy_into_raw() {") {
    const next = FREE_CALL.exec(lines[i + 1] ?? "");
    if (member !== "free" || t !== "const ptr = this.__destroy_into_raw();") {
      problems.push(`${where}  (only free() may take the pointer out)`);
    } else if (!next) {
      problems.push(`${where}  (free() is not followed by the expected wasm free call)`);
    } else if (!next[2]) {
      problems.push(`${where}  (free() must skip wasm when the pointer is 0)`);
    } else {
      frees++;
    }
  }
});
if (problems.length) fail(`object pointers reach wasm unguarded or in an unknown way:\n  ${problems.join("\n  ")}`);
if (guarded === 0) fail("no guarded wasm call found");
if (frees === 0) fail("no free() method found");

const summary = `${guarded} wasm calls and ${frees} free() methods of ${[...classes].sort().join(", ")}`;
if (already) {
  console.error(`guard-freed: already guarded (${summary}); checked, left as it was`);
} else {
  writeFileSync(`${file}.tmp`, lines.join("\n").replace(/\n*$/, "\n") + HELPER_SOURCE);
  renameSync(`${file}.tmp`, file);
  console.error(`guard-freed: guarded ${summary}`);
}
