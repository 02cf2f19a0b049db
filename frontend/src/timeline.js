// Incidents (or their fatalities) over time as bars on a canvas (a bar per day, or per 7 or 30 days when
// days outnumber the pixels); drag across it to pick a date range.

const DAY = 86400000;

export class Timeline {
  constructor(canvas, label, onRange) {
    this.canvas = canvas; this.label = label; this.onRange = onRange; this.days = []; this.metric = "events";
    new ResizeObserver(() => this.draw()).observe(canvas.parentElement);
    this._wire();
  }

  // weights: each date's fatalities, counted instead of events when the metric is "fatalities"
  setDates(dates, truncated = false, weights = null) {
    this.last = [dates, truncated, weights];
    const counts = new Map(), byDead = this.metric === "fatalities" && weights;
    dates.forEach((d, i) => {
      if (d && d.length >= 10) counts.set(d.slice(0, 10), (counts.get(d.slice(0, 10)) || 0) + (byDead ? weights[i] || 0 : 1));
    });
    const keys = [...counts.keys()].sort();
    this.days = [];
    if (keys.length) {
      const t0 = Date.parse(keys[0]), t1 = Date.parse(keys[keys.length - 1]);
      for (let t = t0; t <= t1; t += DAY) {
        const key = new Date(t).toISOString().slice(0, 10);
        this.days.push([key, counts.get(key) || 0]);
      }
    }
    const total = dates.length, dead = (weights || []).reduce((a, b) => a + (b || 0), 0);
    const what = byDead ? `${dead.toLocaleString()} fatalities in ${total.toLocaleString()} incidents` : `${total.toLocaleString()} incidents`;
    const shown = truncated ? `the newest ${what} (narrow the filters to see all)` : what;
    this.canvas.dataset.metric = this.metric;
    this.canvas.dataset.total = String(byDead ? dead : total);
    this.label.textContent = keys.length ? `${shown}, ${keys[0]} – ${keys[keys.length - 1]} · drag to pick dates` : "no dated events";
    this.draw();
  }

  setMetric(metric) {
    this.metric = metric;
    if (this.last) this.setDates(...this.last);
  }

  draw(sel = null) {
    const c = this.canvas, wrap = c.parentElement, dpr = window.devicePixelRatio || 1;
    const css = getComputedStyle(wrap);
    this.w = Math.max(50, wrap.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight));
    this.h = Math.max(30, wrap.clientHeight - parseFloat(css.paddingTop) - 22);
    c.width = Math.round(this.w * dpr); c.height = Math.round(this.h * dpr);
    c.style.width = `${this.w}px`; c.style.height = `${this.h}px`;
    const ctx = c.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.w, this.h);
    const size = [1, 7, 30, 91, 365].find((b) => this.days.length / b <= this.w / 3) || 365;
    this.bars = [];
    for (let i = 0; i < this.days.length; i += size) {
      const chunk = this.days.slice(i, i + size);
      this.bars.push([chunk[0][0], chunk[chunk.length - 1][0], chunk.reduce((t, d) => t + d[1], 0)]);
    }
    const n = this.bars.length;
    if (!n) return;
    const max = Math.max(1, ...this.bars.map((d) => d[2])), bw = Math.min(40, this.w / n);
    this.bw = bw;
    this.bars.forEach(([, , v], i) => {
      const bh = (v / max) * (this.h - 4);
      ctx.fillStyle = sel && i >= sel[0] && i <= sel[1] ? "#1a5276" : "#5d6d7e";
      ctx.fillRect(i * bw, this.h - bh, Math.max(1, bw - (bw > 3 ? 1 : 0)), bh);
    });
  }

  _index(e) {
    const b = this.canvas.getBoundingClientRect();
    return Math.min(this.bars.length - 1, Math.max(0, Math.floor((e.clientX - b.left) / this.bw)));
  }

  _wire() {
    let start = null;
    this.canvas.addEventListener("pointerdown", (e) => { if (this.bars && this.bars.length) { start = this._index(e); this.canvas.setPointerCapture(e.pointerId); } });
    this.canvas.addEventListener("pointermove", (e) => { if (start !== null) { const i = this._index(e); this.draw([Math.min(start, i), Math.max(start, i)]); } });
    this.canvas.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const i = this._index(e), a = Math.min(start, i), b = Math.max(start, i);
      start = null;
      this.onRange(this.bars[a][0], this.bars[b][1]);
    });
  }
}
