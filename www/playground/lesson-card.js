// The lesson comes first: a card at the top of the main column (title, what it shows, what to
// look for now, what to try, ◀ ▶ to the neighbouring lessons), the list of every lesson in the
// left column, and only the settings the lesson uses open — the rest behind "Advanced settings".
// The lesson stays when the learner changes its settings (as its "try this" asks); the card then
// says so and offers the way back. Without a lesson the card invites the newcomer to lesson 1.
import { t, fmt, language } from "../shared/i18n.js";
import { $ } from "../shared/dom.js";
import { LESSONS, lessonNumbered } from "../lessons/registry.js";
import { app } from "./app.js";
import { lessonState } from "./state.js";

/** @type {{ applyLesson: (n: string) => Promise<void> }} */
let act;
/** Whether the learner opened the settings the lesson does not use. */
let advancedOpen = false;

/**
 * Whether the page's run is no longer its lesson's own: a trainer setting, the compared runs or
 * the points differ (the view options — speed, stops, chart scale — do not count).
 */
export function lessonChanged() {
  const lesson = lessonState(app.state.lesson);
  if (!lesson) return false;
  return (
    app.hash.keys.some((k) => JSON.stringify(app.state[k]) !== JSON.stringify(lesson[k])) ||
    (app.state.cmp ?? "") !== (lesson.cmp ?? "") ||
    !!app.state.pts
  );
}

/** The page a lesson lives on, as a link from the playground. */
const lessonHref = (/** @type {number} */ n) =>
  lessonNumbered(n)?.page === "lab" ? `descent.html#preset=${n}` : `#lesson=${n}`;

/**
 * Opens lesson `n` ("" for free play) from a link's click — unless it is the lab's lesson or the
 * click asks for a new tab — then brings its card into view with the focus on its title.
 */
async function follow(/** @type {MouseEvent} */ e, /** @type {string} */ n) {
  if ((n && lessonNumbered(n)?.page !== "playground") || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  await act.applyLesson(n);
  $("lesson-h").focus();
}

/** A ◀ / ▶ link to lesson `n`, or hidden when there is none. */
function neighbour(/** @type {HTMLAnchorElement} */ link, /** @type {number} */ n, /** @type {string} */ key) {
  const l = lessonNumbered(n);
  link.hidden = !l;
  if (!l) return;
  link.href = lessonHref(n);
  link.dataset.lesson = String(n);
  link.textContent = t(key, { n: fmt(n), title: t(`lesson.${n}.title`) });
}

/**
 * The controls a lesson uses (registry `uses`), by data-control name; null in free play, where
 * every setting is open.
 */
function used() {
  const l = lessonNumbered(app.state.lesson);
  return l ? /** @type {string[]} */ (/** @type {any} */ (l).uses ?? []) : null;
}

/**
 * Marks the settings the lesson does not use as advanced (hidden until asked for). A setting's
 * block is a `.field` (or the layer list) named by its first data-control; a heading goes with
 * its section when every block under it is advanced.
 */
function discloseSettings() {
  const uses = used();
  const form = $("controls");
  const blocks = /** @type {HTMLElement[]} */ ([...form.querySelectorAll(".field, #layers, #regenerate, #fixed-loss")]);
  let advanced = 0;
  for (const b of blocks) {
    // The fixed-loss note belongs with the model's choice.
    const name =
      b.id === "fixed-loss"
        ? "model"
        : (b.dataset.control ?? b.querySelector("[data-control]")?.getAttribute("data-control") ?? "");
    const off = uses !== null && !uses.includes(name === "hidden" && b.id === "layers" ? "hidden" : name);
    b.toggleAttribute("data-advanced", off);
    if (off && b.id !== "fixed-loss" && !b.closest("[hidden]") && !b.hidden) advanced++;
  }
  for (const h of form.querySelectorAll("h2")) {
    /** @type {HTMLElement[]} */
    const section = [];
    for (let n = h.nextElementSibling; n && n.tagName !== "H2"; n = n.nextElementSibling)
      section.push(/** @type {HTMLElement} */ (n));
    const inside = section.flatMap((n) =>
      n.matches(".field, #layers, #regenerate") ? [n] : [...n.querySelectorAll(".field, #layers")],
    );
    h.toggleAttribute("data-advanced", inside.length > 0 && inside.every((b) => b.hasAttribute("data-advanced")));
  }
  const toggle = $("advanced-toggle");
  toggle.hidden = uses === null || advanced === 0;
  form.classList.toggle("lesson-only", uses !== null && !advancedOpen);
  toggle.setAttribute("aria-expanded", String(advancedOpen));
  toggle.textContent = advancedOpen ? t("lesson.advancedHide") : t("lesson.advancedShow", { n: fmt(advanced) });
}

/** The card, the list and the settings for the page's lesson (`changed`: see lessonChanged). */
export function renderLesson(changed = lessonChanged()) {
  const n = app.state.lesson ? Number(app.state.lesson) : 0;
  const l = lessonNumbered(n);
  const card = $("lesson-card");
  card.dataset.lesson = l ? String(n) : "";
  card.dataset.changed = String(!!l && changed);
  $("lesson-body").hidden = !l;
  $("lesson-start").hidden = !!l;
  $("lesson-h").textContent = l
    ? t("lesson.heading", { n: fmt(n), title: t(`lesson.${n}.title`) })
    : t("lesson.freeHeading");
  $("lesson-pos").textContent = l ? t("lesson.position", { n: fmt(n), total: fmt(LESSONS.length) }) : "";
  neighbour(/** @type {HTMLAnchorElement} */ ($("lesson-prev")), l ? n - 1 : 0, "lesson.prev");
  neighbour(/** @type {HTMLAnchorElement} */ ($("lesson-next")), l ? n + 1 : 0, "lesson.next");
  $("lesson-text").textContent = l ? t(`lesson.${n}.watch`) : "";
  $("lesson-try-text").textContent = l ? t(`lesson.${n}.try`) : "";
  const checks = l ? (/** @type {any} */ (l).checks?.[language()] ?? []) : [];
  $("lesson-checks").replaceChildren(
    ...checks.map((/** @type {string} */ c) => Object.assign(document.createElement("li"), { textContent: c })),
  );
  $("lesson-changed").hidden = !l || !changed;
  $("lesson-start-1").textContent = t("lesson.start", { title: t("lesson.1.title") });
  renderList(n);
  discloseSettings();
}

/** The left column's list: every lesson, the current one marked, then free play. */
function renderList(/** @type {number} */ current) {
  const item = (/** @type {string} */ n, /** @type {string} */ href, /** @type {string} */ text) => {
    const a = Object.assign(document.createElement("a"), { href, textContent: text });
    a.dataset.lesson = n;
    if (n === String(current || "")) a.setAttribute("aria-current", "true");
    const li = document.createElement("li");
    li.append(a);
    return li;
  };
  const lessons = LESSONS.filter((l) => l.page === "playground").map((l) =>
    item(
      String(l.lesson),
      lessonHref(l.lesson),
      t("lesson.option", { n: fmt(l.lesson), title: t(`lesson.${l.lesson}.title`) }),
    ),
  );
  const free = item("", "#", t("lesson.free"));
  free.className = "free";
  $("lesson-list").replaceChildren(...lessons, free);
}

/** Connects the card, the list and the advanced toggle to the controller. */
export function wireLesson(/** @type {{ applyLesson: (n: string) => Promise<void> }} */ actions) {
  act = actions;
  for (const id of ["lesson-list", "lesson-card"])
    $(id).addEventListener("click", (/** @type {MouseEvent} */ e) => {
      const a = /** @type {HTMLElement} */ (e.target).closest("a[data-lesson]");
      if (!a || app.state.lock.includes("lesson")) {
        if (a) e.preventDefault();
        return;
      }
      follow(e, /** @type {HTMLElement} */ (a).dataset.lesson ?? "");
    });
  $("lesson-back").addEventListener("click", () => act.applyLesson(app.state.lesson));
  $("lesson-start-1").addEventListener("click", async () => {
    await act.applyLesson("1");
    $("lesson-h").focus();
  });
  $("advanced-toggle").addEventListener("click", () => {
    advancedOpen = !advancedOpen;
    discloseSettings();
  });
}
