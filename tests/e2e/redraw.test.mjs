// Views that the page draws every frame but that skip a draw when nothing on them changed (the
// map's legend, the bar charts), in Node against a recording canvas (no browser): the same
// content draws nothing, and each thing the picture shows, changed, draws it again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BarChart } from "../../www/playground/views/chart.js";
import { DataView } from "../../www/playground/views/dataview.js";

/** A canvas whose 2D context counts the drawing calls made on it. */
function recordingCanvas(width = 300, height = 120) {
  let calls = 0;
  const ctx = new Proxy(
    {},
    {
      get(target, name) {
        if (name in target) return target[name];
        if (name === "createImageData") return (w, h) => ({ data: new Uint8ClampedArray(w * h * 4) });
        if (name === "measureText") return () => ({ width: 10 });
        return () => {
          calls++;
        };
      },
      set(target, name, value) {
        target[name] = value;
        return true;
      },
    },
  );
  return {
    width,
    height,
    getContext: () => ctx,
    addEventListener() {},
    /** Calls since the last read. */
    drawn() {
      const n = calls;
      calls = 0;
      return n;
    },
  };
}

const barLabels = (lang = "en") => ({
  empty: "train a few epochs",
  tick: (v) => v.toFixed(1),
  name: (i) => (lang === "en" ? `layer ${i + 1}` : `${i + 1}층`),
  hover: () => "",
});

test("a bar chart draws again only when a bar, its scale or a text on it changes", () => {
  const canvas = recordingCanvas();
  const chart = new BarChart(canvas, { hidden: true }, "#8c6d1f");
  chart.set([0, 2, 1], { integer: true });
  chart.draw(barLabels());
  assert.ok(canvas.drawn() > 0, "the first draw draws");
  chart.set([0, 2, 1], { integer: true });
  chart.draw(barLabels());
  assert.equal(canvas.drawn(), 0, "the same bars: nothing drawn");
  chart.set([0, 3, 1], { integer: true });
  chart.draw(barLabels());
  assert.ok(canvas.drawn() > 0, "a bar changed");
  chart.set([0, 3, 1], { integer: true, log: true });
  chart.draw(barLabels());
  assert.ok(canvas.drawn() > 0, "the scale changed");
  chart.draw(barLabels("ko"));
  assert.ok(canvas.drawn() > 0, "the bars' names changed (a language change)");
  chart.draw({ ...barLabels("ko"), tick: (v) => v.toFixed(2) });
  assert.ok(canvas.drawn() > 0, "the ticks' format changed");
});

test("the map's legend draws again only when its title, its ticks or the discretized look change", () => {
  const legend = recordingCanvas(520, 48);
  const view = new DataView(recordingCanvas(520, 520), legend, 6);
  const tick = (v) => v.toFixed(2);
  view.drawLegend("P(class +1)", tick);
  assert.ok(legend.drawn() > 0, "the first draw draws");
  view.drawLegend("P(class +1)", tick);
  assert.equal(legend.drawn(), 0, "the same legend: nothing drawn");
  view.drawLegend("클래스 +1일 확률", tick);
  assert.ok(legend.drawn() > 0, "a new title (a language change)");
  view.drawLegend("클래스 +1일 확률", (v) => v.toFixed(1));
  assert.ok(legend.drawn() > 0, "new tick texts");
  view.discretize = true;
  view.drawLegend("클래스 +1일 확률", (v) => v.toFixed(1));
  assert.ok(legend.drawn() > 0, "discretized colours");
});
