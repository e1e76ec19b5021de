// Owns the wasm handle and the animation loop; views only receive typed arrays.
import init, { Trainer } from "./pkg/dl_playground.js";
import { drawHeatmap, drawPoints } from "./views/heatmap.js";

const VIEW_HALF = 6;
const RES = 50;
const $ = (id) => document.getElementById(id);

await init();
const trainer = new Trainer({ points: 200, noise: 0.1, seed: 7, learningRate: 0.03 });
const ctx = $("data").getContext("2d");
const xy = new Float64Array(trainer.pointsX());
const labels = new Int8Array(trainer.pointsLabel());
let playing = false;

function draw() {
  drawHeatmap(ctx, trainer.predictGrid(RES), RES);
  drawPoints(ctx, xy, labels, VIEW_HALF);
  $("epoch").value = String(trainer.epoch);
  $("loss").value = trainer.loss.toFixed(4);
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
$("play").disabled = false;
document.body.dataset.ready = "true";
