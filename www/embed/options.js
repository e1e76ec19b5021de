// What an embed is asked to show. It reads the same hash as the pages, plus two entries of its
// own: `parts` (which parts, by name) and `page` (playground or lab, for a hash that names no
// lesson). A lesson number decides the page by itself: `lesson=13` is the lab's lesson 13,
// which the lab's own hash calls `preset=13`.
import { lessonNumbered, PARTS, FREE_PARTS } from "../lessons/registry.js";

/** Entries only the lab's hash has: a hash with one of them is the lab's. */
const LAB_KEYS = ["preset", "surface", "start", "opt", "lr", "mu", "pair", "lr2", "steps", "batch"];

/**
 * @typedef {{ kind: "playground" | "lab", parts: string[], hash: string, lesson: string | null, ignored: string[] }} EmbedOptions
 */

/**
 * The embed's page, parts and page hash. `given` holds what an element's attributes set, which
 * come before the hash's own entries.
 * @param {string} hash  "#lesson=7&parts=map,loss" (with or without the #)
 * @param {{ kind?: string | null, parts?: string | null, lesson?: string | null, lang?: string | null }} [given]
 * @returns {EmbedOptions}
 */
export function embedOptions(hash, given = {}) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  /** @type {string[]} */
  const ignored = [];
  const partsText = given.parts ?? params.get("parts");
  const page = given.kind ?? params.get("page");
  params.delete("parts");
  params.delete("page");
  if (given.lesson) {
    params.delete("preset");
    params.set("lesson", given.lesson);
  }
  if (given.lang) params.set("lang", given.lang);
  const number = params.get("lesson") ?? params.get("preset");
  const lesson = lessonNumbered(number);
  if (number !== null && !lesson) ignored.push(params.has("lesson") ? "lesson" : "preset");
  /** @type {"playground" | "lab"} */
  const kind =
    lesson?.page ??
    (page === "lab" || page === "playground" ? page : LAB_KEYS.some((k) => params.has(k)) ? "lab" : "playground");
  if (page !== null && page !== kind) ignored.push("page");
  // The lab calls its lessons presets.
  if (kind === "lab" && params.has("lesson")) {
    params.set("preset", /** @type {string} */ (params.get("lesson")));
    params.delete("lesson");
  }
  const asked = partsText === null ? null : partsText.split(",").filter((p) => p.trim() !== "");
  const known = PARTS[kind];
  for (const p of asked ?? []) if (!known.includes(p)) ignored.push(`parts: ${p}`);
  const parts = asked?.filter((p) => known.includes(p)) ?? (lesson ? lesson.parts : FREE_PARTS[kind]);
  return { kind, parts, hash: `#${params}`, lesson: lesson ? String(lesson.lesson) : null, ignored };
}
