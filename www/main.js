// Owns the wasm handle and the animation loop; views only receive typed arrays.
import init, { Trainer } from "./pkg/dl_playground.js";
import { drawHeatmap, drawPoints } from "./views/heatmap.js";

const VIEW_HALF = 6;
const RES = 50;
const $ = (id) => document.getElementById(id);

await init();
const trainer = new Trainer({ model: "logistic", points: 200, noise: 0.1, seed: 7, learningRate: 0.03 });
const ctx = $("data").getContext("2d");
const { x: xy, label: labels } = trainer.points();
let playing = false;

function draw() {
  drawHeatmap(ctx, trainer.predictGrid(RES), RES);
  drawPoints(ctx, xy, labels, VIEW_HALF);
  $("epoch").value = String(trainer.epoch);
  $("loss").value = trainer.metrics().trainLoss.toFixed(4);
}

function frame() {
  if (!playing) return;
  trainer.stepEpochs(1);
  draw();
  requestAnimationFrame(frame);
}

$("play").addEventListener("click", () => {
  playing = !playing;
  $("play").textContent = playing ? "Pause" : "Play";
  $("status").textContent = playing ? "Training" : `Paused at epoch ${trainer.epoch}`;
  if (playing) requestAnimationFrame(frame);
});

draw();
window.__firstFrameMs ??= performance.now();
$("play").disabled = false;
document.body.dataset.ready = "true";
