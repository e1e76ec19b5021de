// docs/api.md against the code: its runnable example in Chromium (www/examples/api.html), the
// errors it documents, and a check that the reference lists every member, config field and
// error code that the generated TypeScript (www/pkg/dl_playground.d.ts) declares.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, openPage, ROOT } from "./helpers.mjs";

const DOC_PATH = `${ROOT}docs/api.md`;
const DTS_PATH = `${ROOT}www/pkg/dl_playground.d.ts`;

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test("the documented API example runs in Chromium and reports its numbers", async () => {
  const { page, errors } = await openPage(env, "examples/api.html");
  await page.waitForSelector("body[data-done=true]", { timeout: 20_000 });
  const lines = (await page.textContent("#out")).split("\n");
  assert.equal(lines.length, 6);
  const losses = lines.slice(0, 5).map((l) => Number(l.match(/loss ([\d.]+)/)[1]));
  assert.ok(losses[4] < losses[0], `loss falls: ${losses}`);
  assert.match(lines[4], /^epoch 100: /);
  assert.equal(lines[5], "rejected: range learningRate -1 learningRate: must be a finite number > 0, got -1");
  // The doc quotes the same output: the comment under its example and the first and last lines.
  const doc = readFileSync(DOC_PATH, "utf8");
  assert.ok(doc.includes(`  // ${lines[5].replace(/^rejected: /, "")}\n`), "the example's comment in docs/api.md");
  for (const line of [lines[0], lines[4]]) assert.ok(doc.includes(`\`${line}\``), `docs/api.md quotes \`${line}\``);
  assert.deepEqual(errors, []);
});

test("the API gives the same history in Chromium as natively (shared fixture)", async () => {
  const { page } = await openPage(env, "examples/api.html");
  await page.waitForSelector("body[data-done=true]");
  const fixture = JSON.parse(
    await (await import("node:fs/promises")).readFile(new URL("../fixtures/history.json", import.meta.url), "utf8"),
  );
  const got = await page.evaluate(async (cases) => {
    const { Trainer } = await import("../pkg/dl_playground.js");
    return cases.map((c) => {
      const t = new Trainer(c.config);
      t.stepEpochs(c.epochs);
      const h = t.lossHistory();
      const bits = new BigUint64Array(h.buffer, h.byteOffset, h.length);
      return Array.from(bits, (b) => b.toString(16).padStart(16, "0"));
    });
  }, fixture);
  assert.deepEqual(
    got,
    fixture.map((c) => c.history),
  );
});

test("errors carry the data docs/api.md describes", async () => {
  const { page } = await openPage(env, "examples/api.html");
  await page.waitForSelector("body[data-done=true]");
  const got = await page.evaluate(async () => {
    const { Trainer, Descent } = await import("../pkg/dl_playground.js");
    const caught = (f) => {
      try {
        f();
      } catch (e) {
        return { isError: e instanceof Error, ...e };
      }
      return null;
    };
    const t = new Trainer({ seed: 7 });
    return {
      beta1: caught(() => new Descent({ optimizers: [{}, {}, { kind: "adam", beta1: 1 }] })),
      hidden: caught(() => new Trainer({ hidden: [4, 0] })),
      unknown: caught(() => new Trainer({ learningrate: 0.1 })),
      type: caught(() => t.stepEpochs("3")),
      index: caught(() => t.trace(200)),
      csv: caught(() => t.importCsv("x1,x2,label\n1,2,1\n1,abc,1\n")),
      state: caught(() => Trainer.fromState(JSON.stringify({ ...JSON.parse(t.exportState()), params: [1] }))),
      edited: t.edited,
      freed: (() => {
        const u = new Trainer({ seed: 1 });
        u.free();
        u.free();
        return caught(() => u.stepEpochs(1));
      })(),
    };
  });
  assert.deepEqual(got.beta1, {
    isError: true,
    code: "range",
    field: "optimizers[2].beta1",
    value: 1,
    min: 0,
    max: 1,
    maxOpen: true,
  });
  assert.deepEqual(got.hidden, {
    isError: true,
    code: "range",
    field: "hidden[1]",
    value: 0,
    min: 1,
    max: 16,
    integer: true,
  });
  assert.equal(got.unknown.code, "unknownField");
  assert.ok(got.unknown.values.includes("learningRate"));
  assert.deepEqual(got.type, {
    isError: true,
    code: "type",
    field: "n",
    expected: "number",
    got: "string",
    value: "3",
  });
  assert.deepEqual(got.index, { isError: true, code: "index", field: "i", value: 200, min: 0, max: 199 });
  assert.deepEqual(got.csv, { isError: true, code: "csvNumber", field: "x2", value: "abc", line: 3, column: 2 });
  assert.deepEqual([got.state.code, got.state.field], ["stateInvalid", "params"]);
  assert.equal(got.edited, false, "a rejected import keeps the points");
  assert.deepEqual([got.freed.code, got.freed.field], ["freed", "this"], "a freed object (freeing twice is harmless)");
});

// ---- The reference keeps up with the code ----
//
// Conventions of docs/api.md that this relies on: each class has a `## `Trainer`` / `## `Descent``
// section; inside it, members are listed in tables whose first header cell is "member" or
// "getter", one code span per member in the first cell (`stepEpochs(n)`, `epoch`,
// `new Trainer(config?)`, `Trainer.schema()`, `[Symbol.dispose]()`); config fields are listed in
// tables headed "field"; in "## Errors", the codes in the table headed "code" and the JsType
// names in the table headed "`JsType`".

/** Strips /* … *\/ and // comments. */
const uncomment = (src) => src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");

/** The body of `export class|interface NAME { … }` in `src` (braces matched). */
function body(src, kind, name) {
  const m = new RegExp(`export ${kind} ${name}\\b[^{]*\\{`).exec(src);
  assert.ok(m, `${DTS_PATH} declares ${kind} ${name}`);
  let depth = 1;
  for (let i = m.index + m[0].length; i < src.length; i++) {
    if (src[i] === "{") depth++;
    else if (src[i] === "}" && --depth === 0) return src.slice(m.index + m[0].length, i);
  }
  assert.fail(`unbalanced braces in ${kind} ${name}`);
}

/** Splits a class or interface body into its member declarations (`;` outside brackets). */
function declarations(src) {
  const out = [];
  let depth = 0,
    start = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if ("{[(<".includes(c)) depth++;
    else if ("}])>".includes(c) && src[i - 1] !== "=") depth--;
    else if (c === ";" && depth === 0) {
      out.push(src.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (src.slice(start).trim()) out.push(src.slice(start).trim());
  return out.filter(Boolean);
}

/** Every member of an exported class: `{ name, kind: "constructor"|"static"|"method"|"getter"|"setter" }`. */
function classMembers(dts, name) {
  return declarations(body(uncomment(dts), "class", name)).map((d) => {
    const m =
      /^(static\s+)?(readonly\s+)?(?:(get|set)\s+(?=[\w$[]))?(\[Symbol\.\w+\]|[A-Za-z_$][\w$]*)\s*(\(|\??:)/.exec(d);
    assert.ok(m, `a member of ${name} this test does not understand: ${d}`);
    const [, isStatic, , accessor, member, after] = m;
    const kind =
      member === "constructor"
        ? "constructor"
        : accessor === "get" || after !== "("
          ? "getter"
          : accessor === "set"
            ? "setter"
            : isStatic
              ? "static"
              : "method";
    return { name: member.replace(/^\[(.*)\]$/, "$1"), kind };
  });
}

/** Field names of an exported interface. */
function interfaceFields(dts, name) {
  return declarations(body(uncomment(dts), "interface", name)).map((d) => d.match(/^(?:readonly\s+)?([\w$]+)\??:/)[1]);
}

/** The string literals of `export type NAME = "a" | "b" | …;`. */
function unionMembers(dts, name) {
  const m = new RegExp(`export type ${name} = ([^;]+);`).exec(uncomment(dts));
  assert.ok(m, `${DTS_PATH} declares type ${name}`);
  return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
}

/** The doc without fenced code blocks, cut into `## ` sections keyed by heading (backticks dropped). */
function sections(doc) {
  const text = doc.replace(/^```[\s\S]*?^```\s*$/gm, "");
  const out = new Map();
  let key = "";
  for (const line of text.split("\n")) {
    const h = /^## (.*)$/.exec(line);
    if (h) key = h[1].replaceAll("`", "").trim();
    out.set(key, `${out.get(key) ?? ""}${line}\n`);
  }
  return out;
}

/** The markdown tables of `text`: `{ header: first header cell, cells: first cell of every row }`. */
function tables(text) {
  const out = [];
  let current = null;
  for (const line of text.split("\n")) {
    if (!line.startsWith("|")) {
      current = null;
      continue;
    }
    const first = line.split(/(?<!\\)\|/)[1].trim();
    if (!current) out.push((current = { header: first, cells: [] }));
    else if (!/^:?-+:?$/.test(first)) current.cells.push(first);
  }
  return out;
}

const spans = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** Code spans in the first column of the member tables ("member", "getter") of a section. */
function memberSpans(section) {
  return tables(section)
    .filter((t) => ["member", "getter"].includes(t.header))
    .flatMap((t) => t.cells.flatMap(spans));
}

/** Whether a code span names `member` of class `cls`. */
function names(span, cls, member) {
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  switch (member.kind) {
    case "constructor":
      return span.startsWith(`new ${cls}(`);
    case "static":
      return new RegExp(`^${cls}\\.${escape(member.name)}\\(`).test(span);
    default:
      if (member.name.startsWith("Symbol.")) return span.includes(`[${member.name}]`);
      return new RegExp(`^(?:[a-z]\\w*\\.)?${escape(member.name)}(?:\\(.*\\))?$`).test(span);
  }
}

const readDoc = () => readFileSync(DOC_PATH, "utf8");
const readDts = () => readFileSync(DTS_PATH, "utf8");

for (const cls of ["Trainer", "Descent"]) {
  test(`docs/api.md lists every member of ${cls} that dl_playground.d.ts declares`, () => {
    const members = classMembers(readDts(), cls);
    assert.ok(
      members.some((m) => m.kind === "constructor"),
      `${cls} has a constructor`,
    );
    const section = sections(readDoc()).get(cls);
    assert.ok(section, `docs/api.md has a "## \`${cls}\`" section`);
    const documented = memberSpans(section);
    const missing = members
      .filter((m) => !documented.some((s) => names(s, cls, m)))
      .map((m) => `${m.name} (${m.kind})`);
    assert.deepEqual(missing, [], `members of ${cls} missing from the member tables of docs/api.md`);
    // And the other way round: a static the doc names must still exist.
    const statics = new Set(members.filter((m) => m.kind === "static").map((m) => m.name));
    const stale = [...readDoc().matchAll(new RegExp(`\`${cls}\\.(\\w+)\\(`, "g"))]
      .map((m) => m[1])
      .filter((n) => !statics.has(n));
    assert.deepEqual(stale, [], `docs/api.md names statics ${cls} does not have`);
  });
}

// The Errors section has a table per union: the codes (headed "code") and the types a `type`
// error names (headed "`JsType`"); each must list exactly the union's members.
for (const [union, header] of [
  ["Code", "code"],
  ["JsType", "`JsType`"],
]) {
  test(`docs/api.md's ${union} table lists exactly the ${union} union of dl_playground.d.ts`, () => {
    const members = unionMembers(readDts(), union);
    assert.ok(members.length > 5, `${union}: ${members}`);
    const errors = sections(readDoc()).get("Errors");
    assert.ok(errors, 'docs/api.md has a "## Errors" section');
    const table = tables(errors).find((t) => t.header === header);
    assert.ok(table, `the Errors section has a table headed ${header}`);
    const documented = table.cells.flatMap(spans);
    assert.deepEqual(
      members.filter((c) => !documented.includes(c)),
      [],
      `${union} members missing from the table`,
    );
    assert.deepEqual(
      documented.filter((c) => !members.includes(c)),
      [],
      `${union} members in the table that the code no longer has`,
    );
  });
}

test("docs/api.md's config tables list exactly the config fields of dl_playground.d.ts", () => {
  const doc = sections(readDoc());
  const fieldsOf = (section) =>
    tables(section)
      .filter((t) => t.header === "field")
      .flatMap((t) => t.cells.flatMap(spans));
  const check = (where, documented, declared) => {
    assert.deepEqual(
      declared.filter((f) => !documented.includes(f)),
      [],
      `${where}: fields missing from docs/api.md`,
    );
    assert.deepEqual(
      documented.filter((f) => !declared.includes(f)),
      [],
      `${where}: documented fields the code does not have`,
    );
  };
  const dts = readDts();
  check("TrainerConfig", fieldsOf(doc.get("Trainer")), interfaceFields(dts, "TrainerConfig"));
  check("RaceConfig and RacerConfig", fieldsOf(doc.get("Descent")), [
    ...new Set([...interfaceFields(dts, "RaceConfig"), ...interfaceFields(dts, "RacerConfig")]),
  ]);
});
