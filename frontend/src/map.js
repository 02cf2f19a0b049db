// The event map: Natural Earth country outlines and one dot per incident (a happening, however
// many outlets reported it) on one canvas.  Outlines are projected once into Path2D objects and
// incidents once into x/y arrays, so a pan or zoom is only a canvas transform and redraws 10,000
// dots in a few milliseconds.  A dot's ``id`` is its incident; a click opens its first report
// (``event_id``).
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature, mesh } from "topojson-client";

// event type -> colour, from GET /api/taxonomy (data/acled_taxonomy.yaml), filled before the first draw
export const TYPE_COLORS = {};
const OTHER = "#566573";
// a dot's radius in screen pixels: a log scale of fatalities, capped, so one big (or wrong) figure
// cannot cover the map
export const MAX_RADIUS = 9;
export const radius = (dead) => Math.min(MAX_RADIUS, 2.5 + 1.5 * Math.log2(1 + Math.max(0, dead || 0)));
// below this zoom, with many events, the map shows totals per admin1 instead of dots
const AGGREGATE_BELOW = 2.5, AGGREGATE_FROM = 150;

export class EventMap {
  constructor(canvas, onPick) {
    this.canvas = canvas; this.ctx = canvas.getContext("2d"); this.onPick = onPick;
    this.k = 1; this.tx = 0; this.ty = 0; this.selected = null; this.n = 0;
    this.xs = new Float32Array(0); this.ys = new Float32Array(0); this.rows = [];
    this.land = null; this.borders = null; this.topo = null; this.onView = null; this.groups = [];
    this._wire();
    new ResizeObserver(() => this.resize()).observe(canvas.parentElement);
  }

  async loadOutlines(url) {
    const res = await fetch(url);
    this.topo = await res.json();
    this.resize();
  }

  resize() {
    const box = this.canvas.parentElement.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.w = Math.max(50, box.width); this.h = Math.max(50, box.height);
    this.canvas.width = Math.round(this.w * dpr); this.canvas.height = Math.round(this.h * dpr);
    this.canvas.style.width = `${this.w}px`; this.canvas.style.height = `${this.h}px`;
    this.dpr = dpr;
    this.projection = geoNaturalEarth1().fitExtent([[4, 4], [this.w - 4, this.h - 4]], { type: "Sphere" });
    const path = geoPath(this.projection);
    this.sphere = new Path2D(path({ type: "Sphere" }));
    if (this.topo) {
      this.land = new Path2D(path(feature(this.topo, this.topo.objects.countries)));
      this.borders = new Path2D(path(mesh(this.topo, this.topo.objects.countries, (a, b) => a !== b)));
    }
    this._project();
    if (!this.moved) this.fit(); else this.draw();
  }

  setRows(fields, rows) {
    this.fi = Object.fromEntries(fields.map((f, i) => [f, i]));
    this.rows = rows; this._project();
    if (!this.moved) this.fit(); else this.draw();
  }

  // frame the events (until the user pans or zooms the map by hand)
  fit() {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < this.xs.length; i++) {
      if (Number.isNaN(this.xs[i])) continue;
      x0 = Math.min(x0, this.xs[i]); x1 = Math.max(x1, this.xs[i]); y0 = Math.min(y0, this.ys[i]); y1 = Math.max(y1, this.ys[i]);
    }
    if (!Number.isFinite(x0)) { this.k = 1; this.tx = 0; this.ty = 0; this.draw(); return; }
    const pad = 40, k = Math.min(8, Math.max(1, Math.min((this.w - 2 * pad) / Math.max(1, x1 - x0), (this.h - 2 * pad) / Math.max(1, y1 - y0))));
    this.k = k; this.tx = this.w / 2 - k * (x0 + x1) / 2; this.ty = this.h / 2 - k * (y0 + y1) / 2;
    this._clamp(); this.draw();
  }

  _project() {
    if (!this.projection) return;
    const { latitude, longitude } = this.fi || {};
    const n = this.rows.length;
    this.xs = new Float32Array(n); this.ys = new Float32Array(n);
    let shown = 0;
    for (let i = 0; i < n; i++) {
      const r = this.rows[i];
      const p = r[latitude] == null || r[longitude] == null ? null : this.projection([r[longitude], r[latitude]]);
      this.xs[i] = p ? p[0] : NaN; this.ys[i] = p ? p[1] : NaN;
      if (p) shown++;
    }
    this.n = shown;
    this.canvas.dataset.points = String(shown);
  }

  draw() {
    if (!this.w) return;
    const { ctx, k } = this;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.w, this.h);
    ctx.setTransform(this.dpr * k, 0, 0, this.dpr * k, this.dpr * this.tx, this.dpr * this.ty);
    ctx.fillStyle = "#eaf2f8"; ctx.fill(this.sphere);
    if (this.land) {
      ctx.fillStyle = "#fbfcfc"; ctx.fill(this.land);
      ctx.strokeStyle = "#99a3a4"; ctx.lineWidth = 0.6 / k; ctx.stroke(this.borders);
    }
    this.aggregated = this.k < AGGREGATE_BELOW && this.n >= AGGREGATE_FROM;
    this.canvas.dataset.mode = this.aggregated ? "admin1" : "points";
    if (this.aggregated) this._drawGroups(ctx, k); else this._drawPoints(ctx, k);
    ctx.globalAlpha = 1;
    if (this.onView) this.onView();
  }

  // each event a dot (same size on screen at any zoom); the place's precision shows in its
  // style: a filled dot for a town (1), a ringed paler dot for a district (2), an open dashed
  // ring for a region or country centroid (3)
  _drawPoints(ctx, k) {
    const { event_type: ti, fatalities: fi, id: ii, geo_precision: pi } = this.fi || {};
    let biggest = 0;
    const styles = [0, 0, 0];  // dots drawn as a town, a district, a region or country
    for (let i = 0; i < this.rows.length; i++) {
      const x = this.xs[i];
      if (Number.isNaN(x)) continue;
      const row = this.rows[i], r = radius(row[fi]), precision = row[pi] || 1, color = TYPE_COLORS[row[ti]] || OTHER;
      biggest = Math.max(biggest, r);
      styles[Math.min(3, precision) - 1] += 1;
      ctx.beginPath();
      ctx.arc(x, this.ys[i], r / k, 0, 6.2832);
      ctx.setLineDash([]);
      if (precision >= 3) {
        ctx.globalAlpha = 0.9; ctx.lineWidth = 1.5 / k; ctx.strokeStyle = color; ctx.setLineDash([2 / k, 1.5 / k]); ctx.stroke();
      } else {
        ctx.globalAlpha = precision === 2 ? 0.45 : 0.75; ctx.fillStyle = color; ctx.fill();
        if (precision === 2) { ctx.globalAlpha = 0.9; ctx.lineWidth = 1.2 / k; ctx.strokeStyle = "#fff"; ctx.stroke(); }
      }
      if (this.selected === row[ii]) { ctx.save(); ctx.globalAlpha = 1; ctx.setLineDash([]); ctx.lineWidth = 2 / k; ctx.strokeStyle = "#000"; ctx.stroke(); ctx.restore(); }
    }
    ctx.setLineDash([]);
    this.canvas.dataset.maxRadius = String(biggest);
    this.canvas.dataset.styles = styles.join(",");
  }

  // totals per admin1 (country when unknown) at their events' mean position, labelled
  _drawGroups(ctx, k) {
    const { country: ci, admin1: ai, fatalities: fi } = this.fi || {};
    const groups = new Map();
    for (let i = 0; i < this.rows.length; i++) {
      if (Number.isNaN(this.xs[i])) continue;
      const row = this.rows[i], key = `${row[ci] || ""}|${row[ai] || ""}`;
      const g = groups.get(key) || { name: row[ai] || row[ci] || "?", x: 0, y: 0, n: 0, dead: 0 };
      g.x += this.xs[i]; g.y += this.ys[i]; g.n += 1; g.dead += row[fi] || 0;
      groups.set(key, g);
    }
    this.groups = [...groups.values()].map((g) => ({ ...g, x: g.x / g.n, y: g.y / g.n, r: Math.min(24, 6 + 3 * Math.log2(g.n)) }));
    ctx.font = `${11 / k}px system-ui, sans-serif`; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    for (const g of this.groups) {
      ctx.globalAlpha = 0.7; ctx.fillStyle = "#1a5276";
      ctx.beginPath(); ctx.arc(g.x, g.y, g.r / k, 0, 6.2832); ctx.fill();
      ctx.globalAlpha = 1; ctx.fillStyle = "#fff"; ctx.fillText(String(g.n), g.x, g.y);
    }
    this.canvas.dataset.groups = String(this.groups.length);
    this.canvas.dataset.maxRadius = "0";
  }

  // the view's centre (longitude, latitude) and zoom, for the URL
  view() {
    if (!this.projection) return null;
    const p = this.projection.invert([(this.w / 2 - this.tx) / this.k, (this.h / 2 - this.ty) / this.k]);
    return p ? [p[0], p[1], this.k] : null;
  }

  setView(lon, lat, k) {
    const p = this.projection && this.projection([lon, lat]);
    if (!p) return;
    this.moved = true; this.k = Math.min(64, Math.max(1, k));
    this.tx = this.w / 2 - this.k * p[0]; this.ty = this.h / 2 - this.k * p[1];
    this._clamp(); this.draw();
  }

  // centre an event at zoom k (tests, and the list: the event is on screen, not in a total)
  focus(id, k = 4) {
    const i = this.rows.findIndex((r) => r[this.fi.id] === id);
    if (i < 0 || Number.isNaN(this.xs[i])) return;
    const [lon, lat] = [this.rows[i][this.fi.longitude], this.rows[i][this.fi.latitude]];
    this.setView(lon, lat, k);
  }

  select(id) { this.selected = id; this.draw(); }

  zoomBy(f, cx = this.w / 2, cy = this.h / 2) {
    if (f === 0) { this.moved = false; this.fit(); return; }
    this.moved = true;
    const k = Math.min(64, Math.max(1, this.k * f));
    this.tx = cx - (cx - this.tx) * (k / this.k); this.ty = cy - (cy - this.ty) * (k / this.k);
    this.k = k; this._clamp(); this.draw();
  }

  _clamp() {
    this.tx = Math.min(0, Math.max(this.w - this.w * this.k, this.tx));
    this.ty = Math.min(0, Math.max(this.h - this.h * this.k, this.ty));
  }

  // the nearest event within 8 px of a point on the canvas, in screen pixels
  pick(sx, sy) {
    const x = (sx - this.tx) / this.k, y = (sy - this.ty) / this.k;
    if (this.aggregated) {  // a total: zoom in around it
      const g = this.groups.find((c) => (c.x - x) ** 2 + (c.y - y) ** 2 <= (c.r / this.k) ** 2);
      if (g) this.zoomBy(AGGREGATE_BELOW * 1.3 / this.k, sx, sy);
      return null;
    }
    const lim = 8 / this.k;
    let best = -1, bestD = lim * lim;
    for (let i = 0; i < this.rows.length; i++) {
      const dx = this.xs[i] - x, dy = this.ys[i] - y, d = dx * dx + dy * dy;
      if (d <= bestD) { bestD = d; best = i; }
    }
    if (best < 0) return null;
    const opens = this.fi.event_id ?? this.fi.id;  // rows of reports (level=reports) open themselves
    return this.rows[best][opens];
  }

  // where an event is drawn, in CSS pixels of the canvas (for tests and keyboard users)
  screenOf(id) {
    const i = this.rows.findIndex((r) => r[this.fi.id] === id);
    if (i < 0 || Number.isNaN(this.xs[i])) return null;
    return [this.xs[i] * this.k + this.tx, this.ys[i] * this.k + this.ty];
  }

  _wire() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      const b = c.getBoundingClientRect();
      this.zoomBy(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - b.left, e.clientY - b.top);
    }, { passive: false });
    c.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false }; c.setPointerCapture(e.pointerId); });
    c.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (drag.moved) { this.moved = true; this.tx = drag.tx + dx; this.ty = drag.ty + dy; this._clamp(); requestAnimationFrame(() => this.draw()); }
    });
    c.addEventListener("pointerup", (e) => {
      const was = drag; drag = null;
      if (was && !was.moved) {
        const b = c.getBoundingClientRect();
        const id = this.pick(e.clientX - b.left, e.clientY - b.top);
        if (id !== null) this.onPick(id);
      }
    });
  }
}
