// dl-playground's optional script for a page that embeds it with iframes: each iframe marked
// `data-dl-playground` takes the height its content posts, so that it never needs a scroll bar
// of its own. A message counts only if it comes from that very iframe's window and from the
// origin its `src` names. Load it once per page, as a classic script or a module:
//   <script src="https://…/embed/host.js" defer></script>
{
  const TYPE = "dl-playground:height";
  // The tallest an embed gets (all its parts, on a narrow screen), with room to spare.
  const MAX = 10000;
  addEventListener("message", (event) => {
    const data = event.data;
    if (!data || typeof data !== "object" || data.type !== TYPE) return;
    for (const frame of document.querySelectorAll("iframe[data-dl-playground]")) {
      if (!(frame instanceof HTMLIFrameElement) || frame.contentWindow !== event.source) continue;
      if (new URL(frame.src, location.href).origin !== event.origin) return;
      const height = Number(data.height);
      if (Number.isFinite(height) && height > 0 && height <= MAX) frame.style.height = `${Math.ceil(height)}px`;
      return;
    }
  });
}
