// The lessons' titles and texts in the catalogue: `lesson.N.title`, `lesson.N.watch` (what to
// watch) and `lesson.N.try` (try this), taken from the lesson registry, where they are written
// once beside each lesson's settings.
import { LESSONS } from "../lessons/registry.js";

/** @type {{ ko: Record<string, string>, en: Record<string, string> }} */
export const LESSON_TEXT = { ko: {}, en: {} };
for (const l of LESSONS) {
  for (const lang of /** @type {const} */ (["ko", "en"])) {
    LESSON_TEXT[lang][`lesson.${l.lesson}.title`] = l.title[lang];
    LESSON_TEXT[lang][`lesson.${l.lesson}.watch`] = l.watch[lang];
    LESSON_TEXT[lang][`lesson.${l.lesson}.try`] = l.try[lang];
  }
}
