// embed.html: one embed filling the page, for an iframe on someone else's page. It posts its
// height to the page that frames it whenever it changes, as
//   { type: "dl-playground:height", height: <CSS pixels, a whole number> }
// (embed/host.js, on that page, resizes the iframe; without it the iframe keeps its own height).
import { mount } from "./player.js";

const root = /** @type {HTMLElement} */ (document.getElementById("embed"));
/** @type {any} */
let player = null;

async function load() {
  player?.destroy();
  player = null;
  player = await mount(root, root, location.hash);
  // For the end-to-end tests: the player, to compare its run with the lesson registry.
  /** @type {any} */ (window).__embed = player;
  document.documentElement.lang = root.lang;
  document.title = root.getAttribute("aria-label") ?? document.title;
}

let posted = 0;
function postHeight() {
  if (window.parent === window) return;
  const height = Math.ceil(root.getBoundingClientRect().height);
  if (height === posted) return;
  posted = height;
  // Only a height, which any page may know: sent to whatever page frames this one.
  window.parent.postMessage({ type: "dl-playground:height", height }, "*");
}

new ResizeObserver(postHeight).observe(root);
addEventListener("hashchange", () => load().catch(console.error));
load().catch(console.error);
