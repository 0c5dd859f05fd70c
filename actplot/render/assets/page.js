/* actplot's interactive page (actplot show -o page.html). Every number shown comes from
   the JSON data actplot computed (actplot/render/web_data.py): this script only looks
   values up and draws them with uPlot; it computes no activation. MIT licence, as actplot. */
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("actplot-data").textContent);
  const PRIMES = ["f", "f′", "f″"];
  const AXIS = ["f(x)", "f′(x)", "f″(x)"];
  const HEIGHTS = [300, 200, 200];
  const SAT_ALPHA = 0.13, DEAD_ALPHA = 0.45, READOUT_LIMIT = 10;
  const THEMES = {
    light: { bg: "#ffffff", fg: "#1a1a1a", ink: "#404040", grid: "#dcdcdc", card: "#f6f6f6", tick: "#404040" },
    dark: { bg: "#1c1d21", fg: "#e8e8e8", ink: "#c8c8c8", grid: "#3b3d44", card: "#25262b", tick: "#c0c0c0" },
  };

  // ---- decoding --------------------------------------------------------------------------
  function buffer(b64) {
    const s = atob(b64), a = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return a.buffer;
  }
  const f64 = (b64) => (b64 ? new Float64Array(buffer(b64)) : new Float64Array(0));
  const values = (e) => (e.t === "f8" ? new Float64Array(buffer(e.b)) : new Float32Array(buffer(e.b)));
  const BASE = f64(D.x);

  /** The curve's x (the grid and its kinks, sorted), values per order, and where each grid
      point sits in it; decoded once, when first drawn. */
  function decode(v) {
    if (v._x) return v;
    const extra = f64(v.extra), n = BASE.length + extra.length;
    const x = new Float64Array(n), pos = new Int32Array(BASE.length);
    for (let i = 0, j = 0, k = 0; k < n; k++) {
      if (j >= extra.length || (i < BASE.length && BASE[i] < extra[j])) { pos[i] = k; x[k] = BASE[i++]; }
      else x[k] = extra[j++];
    }
    v._x = x; v._pos = pos; v._y = v.y.map(values);
    v._fix = new Map(v.fix.map((r) => [r[0], r.slice(1)]));
    return v;
  }

  /** A number as Python's "%.6g" prints it, with a real minus sign (the window's readout).
      The stored values are within 6e-8 of a 6-digit decimal, so the digits are exact. */
  function num(v) {
    if (v === Infinity) return "∞";
    if (v === -Infinity) return "−∞";
    if (!Number.isFinite(v)) return "nan";
    if (v === 0) return Object.is(v, -0) ? "−0" : "0";
    const parts = v.toExponential(5).split("e"), e = Number(parts[1]);
    let s;
    if (e < -4 || e >= 6) s = strip(parts[0]) + "e" + (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
    else s = strip(v.toFixed(5 - e));
    return s.replace(/-/g, "−");
  }
  const strip = (t) => (t.indexOf(".") < 0 ? t : t.replace(/0+$/, "").replace(/\.$/, ""));

  // ---- state -----------------------------------------------------------------------------
  const S = {
    fns: D.functions.map((f) => ({ ...f, shown: true, variant: f.base, at: f.sliders.map((s) => s.start) })),
    panels: [true, D.panels["1"], D.panels["2"] && D.orders.length > 2],
    saturation: D.saturation && D.thresholds.length > 0,  // shown now (regions may exist)
    ti: D.threshold,
    cursor: null,
    plots: [],
    redrawStart: null,
    redrawMs: [],
    theme: null,
  };
  const ORDERS = D.orders;

  function theme() {
    if (D.theme) return D.theme;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  const colour = (f) => f.color[S.theme];

  // ---- data for uPlot --------------------------------------------------------------------
  /** [x, y per function] on the union of the functions' grids (a function has undefined
      where another has a kink point: uPlot joins over undefined, breaks at null). */
  function table(k) {
    const curves = S.fns.map((f) => decode(f.variant));
    let x = BASE;
    if (curves.some((c) => c._x.length !== BASE.length)) {
      const all = [];
      curves.forEach((c) => c._x.forEach((v) => all.push(v)));
      all.sort((a, b) => a - b);
      x = all.filter((v, i) => i === 0 || v !== all[i - 1]);
    }
    const out = [Array.from(x)];
    curves.forEach((c) => {
      const y = new Array(x.length), cy = c._y[k], cx = c._x;
      for (let i = 0, j = 0; i < x.length; i++) {
        while (j < cx.length && cx[j] < x[i]) j++;
        if (j < cx.length && cx[j] === x[i]) { const v = cy[j]; y[i] = Number.isFinite(v) ? v : null; }
      }
      out.push(y);
    });
    return out;
  }

  function yRange(k) {
    if (k === 0 && D.ylim) return D.ylim;
    let lo = Infinity, hi = -Infinity;
    S.fns.forEach((f) => {
      if (!f.shown) return;
      const r = f.variant.ylim[k];
      lo = Math.min(lo, r[0]); hi = Math.max(hi, r[1]);
    });
    const c = D.clip[k];  // the gallery's pages: a fast-growing member leaves the frame
    if (c) { lo = Math.max(lo, c[0]); hi = Math.min(hi, c[1]); }
    return Number.isFinite(lo) && hi > lo ? [lo, hi] : [-1, 1];
  }

  // ---- drawing ---------------------------------------------------------------------------
  const hatches = new Map();
  function hatch(ctx, i, color) {
    const key = i % 4 + color, ratio = window.devicePixelRatio || 1;
    if (hatches.has(key)) return hatches.get(key);
    const n = Math.round(8 * ratio), c = document.createElement("canvas");
    c.width = c.height = n;
    const g = c.getContext("2d");
    g.strokeStyle = g.fillStyle = color; g.lineWidth = ratio;
    g.beginPath();
    const style = i % 4;
    if (style === 0) { g.moveTo(0, n); g.lineTo(n, 0); g.moveTo(-n / 2, n / 2); g.lineTo(n / 2, -n / 2); g.moveTo(n / 2, 1.5 * n); g.lineTo(1.5 * n, n / 2); }
    if (style === 1) { g.moveTo(0, 0); g.lineTo(n, n); g.moveTo(n / 2, -n / 2); g.lineTo(1.5 * n, n / 2); g.moveTo(-n / 2, n / 2); g.lineTo(n / 2, 1.5 * n); }
    if (style === 3) { g.moveTo(0, n / 2); g.lineTo(n, n / 2); }
    g.stroke();
    if (style === 2) { g.beginPath(); g.arc(n / 2, n / 2, ratio, 0, 2 * Math.PI); g.fill(); }
    const p = ctx.createPattern(c, "repeat");
    hatches.set(key, p);
    return p;
  }

  function regionsNow(f) {
    return S.saturation && f.variant.regions.length ? f.variant.regions[S.ti] : null;
  }

  function shade(u) {
    const ctx = u.ctx, b = u.bbox;
    ctx.save();
    ctx.beginPath(); ctx.rect(b.left, b.top, b.width, b.height); ctx.clip();
    S.fns.forEach((f, i) => {
      const r = f.shown && regionsNow(f);
      if (!r) return;
      const span = (iv) => {
        const a = u.valToPos(iv[0], "x", true), z = u.valToPos(iv[1], "x", true);
        ctx.fillRect(a, b.top, z - a, b.height);
      };
      ctx.globalAlpha = SAT_ALPHA; ctx.fillStyle = colour(f); r[0].forEach(span);
      ctx.globalAlpha = DEAD_ALPHA; ctx.fillStyle = hatch(ctx, i, colour(f)); r[1].forEach(span);
    });
    ctx.restore();
  }

  function guides(u, k) {
    const ctx = u.ctx, b = u.bbox, t = THEMES[S.theme], ratio = window.devicePixelRatio || 1;
    ctx.save();
    ctx.beginPath(); ctx.rect(b.left, b.top, b.width, b.height); ctx.clip();
    const hline = (y, alpha, dash) => {
      const py = u.valToPos(y, "y", true);
      ctx.globalAlpha = alpha; ctx.strokeStyle = t.ink; ctx.lineWidth = ratio; ctx.setLineDash(dash);
      ctx.beginPath(); ctx.moveTo(b.left, py); ctx.lineTo(b.left + b.width, py); ctx.stroke();
    };
    hline(0, 0.45, []);
    if (ORDERS[k] === 1 && S.saturation) {
      const th = D.thresholds[S.ti];
      hline(th, 0.8, [2 * ratio, 3 * ratio]); hline(-th, 0.8, [2 * ratio, 3 * ratio]);
    }
    ctx.setLineDash([]); ctx.globalAlpha = 1;
    S.fns.forEach((f) => {  // at a jump: open circles at the one-sided limits, a dot at f(k)
      if (!f.shown) return;
      f.variant.jumps[k].forEach((j) => {
        const px = u.valToPos(j[0], "x", true);
        const dot = (y, filled) => {
          if (y === null) return;
          ctx.beginPath(); ctx.arc(px, u.valToPos(y, "y", true), 3 * ratio, 0, 2 * Math.PI);
          ctx.fillStyle = filled ? colour(f) : t.bg; ctx.strokeStyle = colour(f); ctx.lineWidth = 1.3 * ratio;
          ctx.fill(); ctx.stroke();
        };
        dot(j[1], false); dot(j[2], false); dot(j[3], true);
      });
    });
    ctx.restore();
    if (S.redrawStart !== null && k === lastShownPanel()) {
      S.redrawMs.push(performance.now() - S.redrawStart);
      S.redrawStart = null;
    }
  }

  function lastShownPanel() {
    let last = 0;
    ORDERS.forEach((_, k) => { if (S.panels[ORDERS[k]]) last = k; });
    return last;
  }

  /** A break at a jump is zero pixels wide (its two sides are one ulp apart): widened to the
      line's width so that no vertical line joins the two sides. */
  function widen(u, i, i0, i1, gaps) {
    const w = (u.series[i].width * (window.devicePixelRatio || 1)) / 2 + 1;
    return gaps.map((g) => [g[0] - w, g[1] + w]);
  }

  function snap(x) {
    const n = BASE.length, lo = BASE[0], step = (BASE[n - 1] - lo) / (n - 1);
    return Math.max(0, Math.min(n - 1, Math.round((x - lo) / step)));
  }

  function makePlot(k, width) {
    const t = THEMES[S.theme];
    const axis = (label) => ({
      stroke: t.tick, label, labelSize: 18, size: 50,
      grid: { show: D.grid, stroke: t.grid, width: 1 },
      ticks: { stroke: t.grid, width: 1 },
    });
    const opts = {
      width, height: HEIGHTS[ORDERS[k]],
      pxAlign: 0,
      legend: { show: false },
      scales: { x: { time: false, range: () => D.xlim }, y: { range: () => yRange(k) } },
      axes: [{ ...axis(""), size: 36 }, { ...axis(AXIS[ORDERS[k]]), size: 64 }],
      series: [{}].concat(S.fns.map((f) => ({
        label: f.name, stroke: colour(f), width: 1.8, dash: f.dash, show: f.shown,
        points: { show: false }, spanGaps: false, gaps: widen,
      }))),
      cursor: {
        sync: { key: "actplot" }, drag: { x: false, y: false }, points: { show: false }, y: false,
        move: (u, left, top) => {
          if (left < 0) return [left, top];
          return [u.valToPos(BASE[snap(u.posToVal(left, "x"))], "x"), top];
        },
      },
      hooks: {
        drawClear: [(u) => shade(u)],
        draw: [(u) => guides(u, k)],
        setCursor: [(u) => {
          const left = u.cursor.left;
          if (left == null || left < 0) return;
          S.cursor = snap(u.posToVal(left, "x"));
          readout();
        }],
      },
    };
    const el = document.getElementById("panel-" + ORDERS[k]);
    el.innerHTML = "";
    return new uPlot(opts, table(k), el);
  }

  // ---- the controls ----------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => (k === "text" ? (e.textContent = v) : e.setAttribute(k, v)));
    children.forEach((c) => c && e.appendChild(c));
    return e;
  }

  function fnLabel(f) {
    const r = regionsNow(f), notes = [f.variant.pole, r ? r[2] : ""].filter((n) => n);
    return f.variant.label + (notes.length ? " (" + notes.join("; ") + ")" : "");
  }

  function build() {
    const app = document.getElementById("app");
    const plots = el("div", { id: "plots" });
    if (D.title) plots.appendChild(el("h1", { text: D.title }));
    ORDERS.forEach((o) => plots.appendChild(el("div", { id: "panel-" + o, class: "panel" })));
    plots.appendChild(el("div", { id: "xlabel", text: "x" }));
    plots.appendChild(el("pre", { id: "readout", text: D.hint }));
    const side = el("div", { id: "side" });
    const list = el("section", { id: "functions" });
    S.fns.forEach((f, i) => {
      const box = el("input", { type: "checkbox", id: "show-" + i, "data-fn": i });
      box.checked = true;
      box.addEventListener("change", () => { f.shown = box.checked; redraw(); });
      const card = el("div", { class: "fn", id: "fn-" + i },
        el("label", { class: "toggle" }, box, el("span", { class: "swatch", id: "swatch-" + i }),
          el("span", { class: "name", id: "name-" + i, text: fnLabel(f) })),
        el("div", { class: "formula", id: "formula-" + i, text: f.base.formula }));
      f.sliders.forEach((s, j) => {
        const input = el("input", {
          type: "range", min: 0, max: s.values.length - 1, step: 1, value: s.start,
          id: "slider-" + i + "-" + j, "data-fn": i, "data-param": s.name,
        });
        const out = el("output", { id: "value-" + i + "-" + j, text: s.text[s.start] });
        input.addEventListener("input", () => {
          S.redrawStart = performance.now();
          setParam(f, i, j, Number(input.value));
        });
        card.appendChild(el("label", { class: "slider" }, el("span", { text: s.name }), input, out));
      });
      if (f.sliders.length > 1) card.appendChild(el("div", { class: "hint", text: "one parameter at a time: the others go back to their given values" }));
      list.appendChild(card);
    });
    side.appendChild(list);
    const views = el("section", { id: "views" });
    const toggle = (id, text, on, change) => {
      const box = el("input", { type: "checkbox", id });
      box.checked = on;
      box.addEventListener("change", () => change(box.checked));
      views.appendChild(el("label", { class: "toggle" }, box, el("span", { text })));
    };
    ORDERS.slice(1).forEach((o) => toggle("panel-toggle-" + o, AXIS[o] + " panel", S.panels[o], (v) => { S.panels[o] = v; layout(); }));
    if (D.thresholds.length) {  // computed: the toggle can show them though none are shown yet
      toggle("saturation-toggle", "saturation", S.saturation, (v) => { S.saturation = v; redraw(); });
      const input = el("input", { type: "range", min: 0, max: D.thresholds.length - 1, step: 1, value: S.ti, id: "threshold" });
      const out = el("output", { id: "threshold-value", text: num(D.thresholds[S.ti]) });
      input.addEventListener("input", () => {
        S.redrawStart = performance.now();
        S.ti = Number(input.value); out.textContent = num(D.thresholds[S.ti]); redraw();
      });
      views.appendChild(el("label", { class: "slider" }, el("span", { text: "saturation |f′| <" }), input, out));
      views.appendChild(el("div", { class: "hint", text: "shaded: saturated, |f′| below the threshold from there on; hatched: dead, f′ = 0" }));
    }
    side.appendChild(views);
    side.appendChild(el("footer", { text: "made with actplot: every value computed by actplot, drawn with uPlot (MIT)" }));
    app.appendChild(plots);
    app.appendChild(side);
  }

  function setParam(f, i, j, index) {
    const s = f.sliders[j];
    f.sliders.forEach((other, m) => {  // the grid holds one parameter moved at a time
      if (m === j) return;
      f.at[m] = other.start;
      document.getElementById("slider-" + i + "-" + m).value = other.start;
      document.getElementById("value-" + i + "-" + m).textContent = other.text[other.start];
    });
    f.at[j] = index;
    f.variant = s.variants[index] || f.base;
    document.getElementById("value-" + i + "-" + j).textContent = s.text[index];
    redraw();
  }

  /** A function's name in the readout, as the window's; its legend name where names repeat
      (a sweep's members). */
  const repeated = new Set(D.functions.map((f) => f.name).filter((n, i, all) => all.indexOf(n) !== i));
  const who = (f) => (repeated.has(f.name) ? f.variant.label : f.name);

  function readout() {
    const box = document.getElementById("readout"), i = S.cursor;
    if (i === null) { box.textContent = D.hint; return; }
    const orders = ORDERS.filter((o) => o < 2 || S.panels[o]);
    const on = S.fns.filter((f) => f.shown);
    const width = Math.max(0, ...on.slice(0, READOUT_LIMIT).map((f) => who(f).length));
    const lines = ["x = " + D.xtext[i]];
    on.slice(0, READOUT_LIMIT).forEach((f) => {
      const v = decode(f.variant), fix = v._fix.get(i);
      const cells = orders.map((o) => {
        const k = ORDERS.indexOf(o);
        const text = fix && fix[k] !== null ? fix[k] : num(v._y[k][v._pos[i]]);
        return PRIMES[o] + " = " + text;
      });
      lines.push(who(f).padEnd(width) + "  " + cells.join("  "));
    });
    if (on.length > READOUT_LIMIT) lines.push("… and " + (on.length - READOUT_LIMIT) + " more");
    box.textContent = lines.join("\n");
  }

  function redraw() {
    S.fns.forEach((f, i) => {
      document.getElementById("name-" + i).textContent = fnLabel(f);
      document.getElementById("formula-" + i).textContent = f.variant.formula;
      S.plots.forEach((u) => u.setSeries(i + 1, { show: f.shown }, false));
    });
    S.plots.forEach((u, k) => u.setData(table(k)));
    readout();
  }

  function width() {
    const box = document.getElementById("plots");
    return Math.max(300, Math.floor(box.clientWidth));
  }

  function layout() {
    ORDERS.forEach((o) => { document.getElementById("panel-" + o).style.display = S.panels[o] ? "" : "none"; });
    readout();
  }

  function paint() {
    S.theme = theme();
    const t = THEMES[S.theme], root = document.documentElement.style;
    Object.entries(t).forEach(([k, v]) => root.setProperty("--" + k, v));
    document.documentElement.dataset.shown = S.theme;
    S.fns.forEach((f, i) => {
      const sw = document.getElementById("swatch-" + i);
      sw.style.borderTopColor = colour(f);
      sw.style.borderTopStyle = f.dash.length ? "dashed" : "solid";
      document.getElementById("fn-" + i).style.setProperty("--fn", colour(f));
    });
    S.plots.forEach((u) => u.destroy());
    hatches.clear();
    const w = width();
    S.plots = ORDERS.map((_, k) => makePlot(k, w));
    layout();
  }

  build();
  paint();
  if (!D.theme && window.matchMedia) window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", paint);
  let pending = null;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => { const w = width(); S.plots.forEach((u, k) => u.setSize({ width: w, height: HEIGHTS[ORDERS[k]] })); });
  });
  window.actplotPage = { data: D, state: S, plots: () => S.plots, num };
})();
