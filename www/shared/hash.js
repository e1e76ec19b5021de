// Page state <-> URL hash, driven by a declarative schema, so that a shared link reproduces
// the page exactly (the seed included). A bad or unknown entry never breaks the page: it is
// dropped, the default is used, and the caller gets a list of what was ignored.
//
// Schema entry: { key, type, default, values?, min?, max?, minOpen?, maxOpen?, integer? }
//   type "enum"  — one of `values`
//   type "number" — finite, within [min, max] (an end excluded when minOpen / maxOpen);
//                   `integer` requires a whole number
//   type "bool"  — "1" / "0"
//   type "list"  — comma-separated numbers (each checked like a number entry)
//   type "names" — comma-separated words from `values` (e.g. hidden parts)
//   type "text"  — any string (decoded as is)

/** Reads `hash` ("#a=1&b=2") into a state object with every schema key. */
export function parseHash(hash, schema) {
  const state = defaults(schema);
  const ignored = [];
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const byKey = new Map(schema.map((s) => [s.key, s]));
  for (const [key, raw] of params) {
    const spec = byKey.get(key);
    if (!spec) {
      ignored.push({ key, value: raw, reason: "unknown" });
      continue;
    }
    const parsed = parseValue(spec, raw);
    if (parsed.ok) state[key] = parsed.value;
    else ignored.push({ key, value: raw, reason: parsed.reason });
  }
  return { state, ignored };
}

/** The hash for `state`: every value that differs from its default, plus the `always` keys. */
export function formatHash(state, schema, always = []) {
  const params = new URLSearchParams();
  for (const spec of schema) {
    const v = state[spec.key];
    if (v === undefined || v === null) continue;
    if (!always.includes(spec.key) && same(v, spec.default)) continue;
    params.set(spec.key, formatValue(spec, v));
  }
  // Characters a fragment may hold as they are (a compared run's "key:value/…;…" among them).
  return "#" + params.toString().replace(/%2C/g, ",").replace(/%3B/g, ";").replace(/%3A/g, ":").replace(/%2F/g, "/");
}

export function defaults(schema) {
  const out = {};
  for (const s of schema) out[s.key] = Array.isArray(s.default) ? [...s.default] : s.default;
  return out;
}

function same(a, b) {
  return Array.isArray(a) ? Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]) : a === b;
}

function parseNumber(spec, raw) {
  if (raw.trim() === "" || !Number.isFinite(Number(raw))) return { ok: false, reason: "number" };
  const n = Number(raw);
  if (spec.integer && !Number.isInteger(n)) return { ok: false, reason: "number" };
  const low = spec.min !== undefined && (spec.minOpen ? n <= spec.min : n < spec.min);
  const high = spec.max !== undefined && (spec.maxOpen ? n >= spec.max : n > spec.max);
  if (low || high) return { ok: false, reason: "range" };
  return { ok: true, value: n };
}

/** A hash value by its entry: { ok, value } or { ok: false, reason }. */
export function parseValue(spec, raw) {
  switch (spec.type) {
    case "enum":
      return spec.values.includes(raw) ? { ok: true, value: raw } : { ok: false, reason: "choice" };
    case "number":
      return parseNumber(spec, raw);
    case "bool":
      return raw === "1" || raw === "0" ? { ok: true, value: raw === "1" } : { ok: false, reason: "choice" };
    case "list": {
      if (raw === "") return spec.minLength > 0 ? { ok: false, reason: "range" } : { ok: true, value: [] };
      const parts = raw.split(",").map((p) => parseNumber(spec, p));
      const bad = parts.find((p) => !p.ok);
      if (bad) return bad;
      const value = parts.map((p) => p.value);
      if (spec.maxLength !== undefined && value.length > spec.maxLength) return { ok: false, reason: "range" };
      return { ok: true, value };
    }
    case "names": {
      const value = raw === "" ? [] : raw.split(",");
      if (spec.maxLength !== undefined && value.length > spec.maxLength) return { ok: false, reason: "range" };
      return value.every((v) => spec.values.includes(v)) ? { ok: true, value } : { ok: false, reason: "choice" };
    }
    case "text":
      return { ok: true, value: raw };
    default:
      return { ok: false, reason: "choice" };
  }
}

function formatValue(spec, v) {
  switch (spec.type) {
    case "bool":
      return v ? "1" : "0";
    case "list":
    case "names":
      return v.join(",");
    default:
      return String(v);
  }
}

/**
 * The hash entry of an engine field (from `Trainer.schema().fields`), with the engine's own
 * range, choices and `default`; `null` for a field the hash does not carry (a list of names).
 * @param {any} field
 * @param {any} def
 */
export function entryOf(field, def) {
  const { name: key } = field;
  switch (field.type) {
    case "number":
      return {
        key,
        type: "number",
        integer: field.integer,
        min: field.min,
        max: field.max,
        minOpen: field.minOpen,
        maxOpen: field.maxOpen,
        default: def ?? null,
      };
    case "choice":
      return { key, type: "enum", values: field.values, default: def };
    case "bool":
      return { key, type: "bool", default: def };
    case "list":
      if (field.item.type === "number") {
        const i = field.item;
        return {
          key,
          type: "list",
          integer: i.integer,
          min: i.min,
          max: i.max,
          minOpen: i.minOpen,
          maxOpen: i.maxOpen,
          maxLength: field.maxItems,
          default: def,
        };
      }
      if (field.item.type === "choice")
        return { key, type: "names", values: field.item.values, maxLength: field.maxItems, default: def };
      return null;
    default:
      return null;
  }
}

/**
 * Puts `hash` ("#a=1&b=2", or "#" for none) in the address bar without a new history entry.
 * @param {string} hash
 */
export function replaceHash(hash) {
  if (hash !== location.hash) history.replaceState(null, "", hash === "#" ? location.pathname + location.search : hash);
}
