// The line charts' decimation, in Node against a recording context (no browser): a long record
// is drawn with at most four vertices per pixel column, and those keep each column's first,
// lowest, highest and last point in the order they came.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ColumnLine, wrapLines } from "../../www/playground/views/chart.js";

/** A context that records the path's vertices as [op, x, y]. */
const recorder = () => {
  /** @type {[string, number, number][]} */
  const ops = [];
  return { ops, moveTo: (x, y) => ops.push(["M", x, y]), lineTo: (x, y) => ops.push(["L", x, y]) };
};

test("a long series keeps four vertices per column: first, low and high in order, last", () => {
  const ctx = recorder();
  const line = new ColumnLine(/** @type {any} */ (ctx));
  // 4,000 points over 40 columns (100 per column), a sine with a spike in column 7.
  const ys = Array.from({ length: 4000 }, (_, i) => (i === 733 ? 500 : 50 + 40 * Math.sin(i / 37)));
  ys.forEach((y, i) => line.to(i / 100, y));
  line.lift();
  assert.ok(ctx.ops.length <= 4 * 40, `${ctx.ops.length} vertices for 40 columns`);
  assert.equal(ctx.ops[0][0], "M");
  assert.ok(
    ctx.ops.slice(1).every((o) => o[0] === "L"),
    "one unbroken line",
  );
  for (let col = 0; col < 40; col++) {
    const inCol = ys.slice(100 * col, 100 * col + 100);
    const drawn = ctx.ops.filter((o) => Math.floor(o[1]) === col).map((o) => o[2]);
    assert.equal(drawn[0], inCol[0], `column ${col}: its first point`);
    assert.equal(drawn.at(-1), inCol.at(-1), `column ${col}: its last point`);
    assert.equal(Math.min(...drawn), Math.min(...inCol), `column ${col}: its lowest point`);
    assert.equal(Math.max(...drawn), Math.max(...inCol), `column ${col}: its highest point`);
  }
  // The low and the high come in the order they were met: in column 7 the spike (max, i = 733)
  // comes after the column's lowest point only if it was met later.
  const col7 = ctx.ops.filter((o) => Math.floor(o[1]) === 7);
  const order = col7.map((o) => o[2]);
  const iMin = ys.indexOf(Math.min(...ys.slice(700, 800)), 700);
  assert.equal(order.indexOf(500) > order.indexOf(ys[iMin]), 733 > iMin);
});

test("a gap lifts the pen: the line starts again after it, and a short series is drawn as it is", () => {
  const ctx = recorder();
  const line = new ColumnLine(/** @type {any} */ (ctx));
  line.to(0.5, 1);
  line.to(10.5, 2);
  line.lift();
  line.to(20.5, 3);
  line.to(30.5, 4);
  line.lift();
  const path = ctx.ops.map((o) => `${o[0]}${o[1]},${o[2]}`).filter((p, i, a) => p !== a[i - 1]);
  assert.deepEqual(path, ["M0.5,1", "L0.5,1", "L10.5,2", "M20.5,3", "L20.5,3", "L30.5,4"]);
});

test("a chart's message is broken at spaces into lines that fit its width, every word kept", () => {
  // Ten units per character: a 100-unit line holds ten characters.
  const ctx = /** @type {any} */ ({ measureText: (/** @type {string} */ t) => ({ width: 10 * t.length }) });
  const text = "모든 기울기가 정확히 0입니다. 손실이 0이어서, 곧 모든 학습 점이 조건을 만족합니다.";
  const lines = wrapLines(ctx, text, 100);
  assert.ok(lines.length > 1, `${lines.length} lines`);
  for (const line of lines) assert.ok(line.length <= 10, `"${line}" is ${line.length} characters`);
  assert.equal(lines.join(" "), text);
  // A word wider than the line stays whole, on a line of its own.
  assert.deepEqual(wrapLines(ctx, "a bbbbbbbbbbbbbbb c", 100), ["a", "bbbbbbbbbbbbbbb", "c"]);
});
