// The lesson registry (registry.json) as the pages, the embeds and the course notes read it: the
// one definition of each lesson — its page, its full settings, the parts an embed of it shows,
// the controls it locks, its texts (which reach the pages through strings/lessons.js) and the
// outcome it demonstrates. The Rust side reads the same file (src/lessons/) and runs every
// outcome; a test fails if any other file defines a lesson's settings.
import registry from "./registry.json" with { type: "json" };

/**
 * @typedef {{ en: string, ko: string }} Text
 * @typedef {{ trainer: Record<string, any>, view: Record<string, any> }} PlaygroundSettings
 * @typedef {{ surface: string, starts: number[][], racers: Record<string, any>[], pair: boolean, lr2: number, steps: number, speed: number, seed: number, batchSize: number, model: Record<string, any> | null }} LabSettings
 * @typedef {{ lesson: number, page: "playground" | "lab", title: Text, watch: Text, try: Text, settings: any, parts: string[], locked: string[], outcome: any }} Lesson
 */

/** Every lesson, in curriculum order. @type {Lesson[]} */
export const LESSONS = /** @type {any} */ (registry).lessons;

/** The lesson numbered `n` (a number or its text), or undefined. */
export const lessonNumbered = (/** @type {unknown} */ n) => LESSONS.find((l) => String(l.lesson) === String(n));

/** The numbers, as text, of the lessons on `page` ("playground" or "lab"). */
export const lessonsOn = (/** @type {string} */ page) =>
  LESSONS.filter((l) => l.page === page).map((l) => String(l.lesson));

/** The lab's model surface: the trainer settings of the lesson that draws the model's landscape. */
export function modelSettings() {
  const l = LESSONS.find((x) => x.page === "lab" && x.settings.surface === "model");
  return /** @type {Record<string, any>} */ (l?.settings.model);
}

/** The parts an embed can show, by page ("playground", "lab"). @type {Record<string, string[]>} */
export const PARTS = /** @type {any} */ (registry).parts;

/** The parts an embed shows when it names no lesson and no parts. @type {Record<string, string[]>} */
export const FREE_PARTS = /** @type {any} */ (registry).freeParts;
