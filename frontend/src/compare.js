// Two countries or two actors over time: weekly counts (incidents or fatalities) as two lines,
// from /api/timeseries with the dashboard's date filters.
import { get } from "./api.js";

const COLORS = ["#c0392b", "#1f618d"];
const WEEK = 7 * 86400000;

function weekly(points, metric) {
  const out = new Map();
  for (const p of points) {
    const t = Date.parse(p.date), week = new Date(t - (t % WEEK)).toISOString().slice(0, 10);
    out.set(week, (out.get(week) || 0) + p[metric]);
  }
  return out;
}

export class Compare {
  constructor(canvas, label) { this.canvas = canvas; this.label = label; this.series = []; }

  async load(kind, names, dates, metric) {
    const picked = names.filter(Boolean).slice(0, 2);
    this.series = await Promise.all(picked.map(async (name) => {
      const ts = await get("timeseries", { ...dates, [kind]: name, group_by: "all", interval: "day" });
      return { name, weeks: weekly(ts.series.length ? ts.series[0].points : [], metric) };
    }));
    this.metric = metric;
    this.canvas.dataset.series = String(this.series.length);
    this.canvas.dataset.totals = this.series.map((s) => [...s.weeks.values()].reduce((a, b) => a + b, 0)).join(",");
    this.draw();
  }

  draw() {
    const c = this.canvas, dpr = window.devicePixelRatio || 1, w = Math.max(80, c.parentElement.clientWidth), h = 110;
    c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); c.style.width = `${w}px`; c.style.height = `${h}px`;
    const ctx = c.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.clearRect(0, 0, w, h);
    const weeks = [...new Set(this.series.flatMap((s) => [...s.weeks.keys()]))].sort();
    this.label.textContent = this.series.length
      ? this.series.map((s, i) => `${i ? "vs " : ""}${s.name} (${[...s.weeks.values()].reduce((a, b) => a + b, 0)} ${this.metric === "events" ? "incidents" : this.metric})`).join(" ")
      : "pick two to compare";
    if (!weeks.length) return;
    const max = Math.max(1, ...this.series.flatMap((s) => [...s.weeks.values()]));
    const x = (i) => 4 + (weeks.length > 1 ? (i / (weeks.length - 1)) * (w - 8) : (w - 8) / 2);
    this.series.forEach((s, si) => {
      ctx.strokeStyle = COLORS[si]; ctx.fillStyle = COLORS[si]; ctx.lineWidth = 2; ctx.beginPath();
      weeks.forEach((wk, i) => { const y = h - 4 - ((s.weeks.get(wk) || 0) / max) * (h - 12); if (i) ctx.lineTo(x(i), y); else ctx.moveTo(x(i), y); });
      ctx.stroke();
    });
  }
}
