// Types for dl-playground's embed element (embed/element.js). Importing the module defines two
// custom elements; it exports nothing. docs/embed.md (in the repository) has the snippets.

/**
 * `<dl-playground>` (the playground) and `<dl-lab>` (the gradient-descent lab). Each instance has
 * its own engine worker and run, never starts by itself, loads when it comes near the screen and
 * runs only while it is on screen.
 *
 * Attributes (all optional; a change reloads the embed):
 * - `lesson`: a lesson number, 1–15; it decides the page (10–15 are the lab's).
 * - `hash`: the pages' URL hash without `#` (settings, seed, edited points), as the share dialog writes it.
 * - `lang`: `"ko"` or `"en"`; otherwise the nearest `lang` around the element, then the reader's.
 * - `parts`: comma-separated parts to show; otherwise the lesson's.
 *   Playground: lesson, map, network, loss, accuracy, gradients, dead, activation.
 *   Lab: lesson, map, table, legend.
 */
export interface DlPlaygroundElement extends HTMLElement {
  /** Resolves once the embed has drawn its first frame (null until it first comes near the screen). */
  readonly ready: Promise<unknown> | null;
}

/** `<dl-lab>`: the same element; a `hash` without a lesson is read as the lab's. */
export interface DlLabElement extends DlPlaygroundElement {}

declare global {
  interface HTMLElementTagNameMap {
    "dl-playground": DlPlaygroundElement;
    "dl-lab": DlLabElement;
  }
}

export {};
