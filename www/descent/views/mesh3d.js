// The two renderers of the 3D surface's mesh (scene3d.js gives the lattice and the camera):
// WebGL2 by hand, one shader pair with depth test and height lines; and, where WebGL2 is not
// available, Canvas 2D painting the lattice's quads from the back to the front.
import { AMBIENT, BANDS, HEIGHT, normalize, shade } from "./scene3d.js";

/** The painter's algorithm: the lattice's quads, each one flat-shaded, from the back to the front. */
export function paintMesh(ctx, mesh, cam) {
  const { n, v } = mesh;
  const p = new Float32Array(n * n * 3);
  for (let k = 0; k < n * n; k++) p.set(cam.project(v[9 * k], v[9 * k + 1], v[9 * k + 2]), 3 * k);
  const quads = [];
  for (let i = 0; i < n - 1; i++) for (let j = 0; j < n - 1; j++) quads.push(i * n + j);
  const depth = (a) => p[3 * a + 2] + p[3 * (a + 1) + 2] + p[3 * (a + n) + 2] + p[3 * (a + n + 1) + 2];
  const depths = new Float32Array(n * n);
  for (const a of quads) depths[a] = depth(a);
  quads.sort((a, b) => depths[b] - depths[a]);
  ctx.lineWidth = 0.8;
  ctx.lineJoin = "round";
  for (const a of quads) {
    const corners = [a, a + 1, a + n + 1, a + n];
    const mean = (k) => corners.reduce((s, c) => s + v[9 * c + k], 0) / 4;
    const nw = [0, 1, 2].map((r) => cam.rot[r].reduce((s, q, k) => s + q * mean(3 + k), 0));
    const light = shade(normalize(nw), cam.light);
    const rgb = [6, 7, 8].map((k) => Math.round(255 * Math.min(1, mean(k) * light)));
    ctx.fillStyle = ctx.strokeStyle = `rgb(${rgb.join(",")})`;
    ctx.beginPath();
    for (const c of corners) ctx.lineTo(p[3 * c], p[3 * c + 1]);
    ctx.closePath();
    ctx.fill();
    // The same colour around the edge closes the hairline seams that antialiasing leaves.
    ctx.stroke();
  }
}

const VERTEX = `#version 300 es
in vec3 a_pos;
in vec3 a_normal;
in vec3 a_colour;
uniform mat4 u_clip;
uniform mat3 u_rot;
uniform float u_height;
out vec3 v_normal;
out vec3 v_colour;
out float v_level;
void main() {
  gl_Position = u_clip * vec4(a_pos, 1.0);
  v_normal = u_rot * a_normal;
  v_colour = a_colour;
  v_level = a_pos.z / u_height;
}`;
const FRAGMENT = `#version 300 es
precision mediump float;
in vec3 v_normal;
in vec3 v_colour;
in float v_level;
uniform vec3 u_light;
uniform float u_ambient;
uniform float u_bands;
out vec4 colour;
void main() {
  vec3 n = normalize(v_normal);
  if (n.z > 0.0) n = -n;
  float b = v_level * u_bands;
  float w = fwidth(b);
  float d = min(fract(b), 1.0 - fract(b));
  // A line a pixel and a half wide at each step, faded out where lines would crowd closer than
  // 4 px; none at the lowest and highest levels, where a flat plain would flicker with it.
  float line = (1.0 - smoothstep(0.5 * w, 1.5 * w, d)) * clamp(1.0 - 4.0 * w, 0.0, 1.0);
  line *= step(0.5, b) * step(b, u_bands - 0.5);
  vec3 c = v_colour * (u_ambient + (1.0 - u_ambient) * max(dot(n, u_light), 0.0));
  colour = vec4(c * (1.0 - 0.3 * line), 1.0);
}`;

/** The WebGL2 program and the mesh's buffers; null where a context or a shader cannot be had. */
export function glSetup(gl) {
  const shader = (type, text) => {
    const s = gl.createShader(type);
    gl.shaderSource(s, text);
    gl.compileShader(s);
    return s;
  };
  const prog = gl.createProgram();
  gl.attachShader(prog, shader(gl.VERTEX_SHADER, VERTEX));
  gl.attachShader(prog, shader(gl.FRAGMENT_SHADER, FRAGMENT));
  gl.linkProgram(prog);
  if (!gl.getProgramParameter(prog, gl.LINK_STATUS)) return null;
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const vbo = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, vbo);
  ["a_pos", "a_normal", "a_colour"].forEach((name, k) => {
    const at = gl.getAttribLocation(prog, name);
    gl.enableVertexAttribArray(at);
    gl.vertexAttribPointer(at, 3, gl.FLOAT, false, 36, 12 * k);
  });
  const ibo = gl.createBuffer();
  gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, ibo);
  const names = ["u_clip", "u_rot", "u_light", "u_ambient", "u_height", "u_bands"];
  return {
    prog,
    vao,
    vbo,
    ibo,
    count: 0,
    u: Object.fromEntries(names.map((n) => [n, gl.getUniformLocation(prog, n)])),
  };
}

export function glUpload(gl, g, mesh) {
  const { n, v } = mesh;
  const idx = new Uint16Array((n - 1) * (n - 1) * 6);
  let k = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = 0; j < n - 1; j++) {
      const a = i * n + j;
      idx.set([a, a + n, a + 1, a + 1, a + n, a + n + 1], k);
      k += 6;
    }
  }
  gl.bindVertexArray(g.vao);
  gl.bindBuffer(gl.ARRAY_BUFFER, g.vbo);
  gl.bufferData(gl.ARRAY_BUFFER, v, gl.STATIC_DRAW);
  gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, idx, gl.STATIC_DRAW);
  g.count = idx.length;
}

export function glDraw(gl, g, cam, pw, ph) {
  gl.viewport(0, 0, pw, ph);
  gl.clearColor(1, 1, 1, 1);
  gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
  gl.enable(gl.DEPTH_TEST);
  gl.useProgram(g.prog);
  gl.uniformMatrix4fv(g.u.u_clip, false, cam.clip);
  gl.uniformMatrix3fv(g.u.u_rot, false, cam.normal);
  gl.uniform3fv(g.u.u_light, cam.light);
  gl.uniform1f(g.u.u_ambient, AMBIENT);
  gl.uniform1f(g.u.u_height, HEIGHT);
  gl.uniform1f(g.u.u_bands, BANDS);
  gl.bindVertexArray(g.vao);
  gl.drawElements(gl.TRIANGLES, g.count, gl.UNSIGNED_SHORT, 0);
}
