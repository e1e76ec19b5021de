// The one-sample inspector: the numbers of one point's forward pass, loss, gradients and the
// update, as real tables (the perceptron's three steps made concrete). Takes the trainer's
// trace object; texts and number formatting come in through `labels`.

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function table(caption, head, rows) {
  const t = el("table", undefined, "numbers");
  t.append(el("caption", caption));
  const tr = el("tr");
  for (const h of head) tr.append(el("th", h));
  const thead = el("thead");
  thead.append(tr);
  const tbody = el("tbody");
  for (const r of rows) {
    const row = el("tr");
    r.forEach((c, i) => row.append(el(i === 0 ? "th" : "td", c)));
    row.firstChild.scope = "row";
    tbody.append(row);
  }
  t.append(thead, tbody);
  return t;
}

/** Renders `trace` (see `Trainer.trace`) into `container`. */
export function renderTrace(container, trace, labels) {
  const n = labels.num;
  const parts = [];
  parts.push(el("p", labels.point(trace.index, n(trace.inputs[0]), n(trace.inputs[1]), trace.label, trace.test)));
  const layers = trace.layers;
  const nameIn = (l, i) => labels.unitName(l, i, layers.length + 1);

  // 1. weighted sums, with every term written out
  const sums = [];
  layers.forEach((layer, l) => {
    const input = l === 0 ? trace.inputs : layers[l - 1].a;
    layer.z.forEach((z, j) => {
      // Written as a reader would: "0.5·1.2 − 0.3·(−2) + 0.1".
      const factor = (v) => (v < 0 ? `(${n(v)})` : n(v));
      const parts = layer.w[j].map((w, i) => [w, `${n(Math.abs(w))}·${factor(input[i])}`]);
      parts.push([layer.b[j], n(Math.abs(layer.b[j]))]);
      const terms = parts.map(([v, s], k) => (k === 0 ? (v < 0 ? `−${s}` : s) : `${v < 0 ? "−" : "+"} ${s}`)).join(" ");
      sums.push([nameIn(l + 1, j), labels.sum(terms, n(z))]);
    });
  });
  parts.push(table(labels.step1, [labels.unit, "z"], sums));

  // 2. activations
  const acts = [];
  layers.forEach((layer, l) => {
    layer.a.forEach((a, j) => acts.push([nameIn(l + 1, j), labels.activation(layer.activation), n(layer.z[j]), n(a)]));
  });
  parts.push(table(labels.step2, [labels.unit, "f", "z", "a"], acts));
  parts.push(el("p", labels.output(n(trace.output), n(trace.score), trace.prediction, trace.label, trace.mistake)));

  // 3 and 4. loss, gradients and the update of every parameter
  const rows = [];
  let anyGradient = false;
  layers.forEach((layer, l) => {
    layer.w.forEach((row, j) => {
      row.forEach((w, i) => {
        anyGradient ||= layer.gradW[j][i] !== 0;
        rows.push([`w[${l}][${j},${i}]`, n(w), n(layer.gradW[j][i]), n(layer.updateW[j][i])]);
      });
    });
    layer.b.forEach((b, j) => {
      anyGradient ||= layer.gradB[j] !== 0;
      rows.push([`b[${l}][${j}]`, n(b), n(layer.gradB[j]), n(layer.updateB[j])]);
    });
  });
  parts.push(el("p", labels.loss(labels.lossName(trace.lossName), n(trace.loss))));
  parts.push(
    table(`${labels.step3} · ${labels.step4}`, [labels.param, labels.value, labels.grad, labels.update], rows),
  );
  if (!anyGradient) parts.push(el("p", labels.noUpdate, "hint"));
  container.replaceChildren(...parts);
}
