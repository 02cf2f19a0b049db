// wirewatch dashboard: filters -> /api/points (map, timeline) and /api/events (list);
// an event opens with its evidence sentences highlighted, its sources and merges.
import { get } from "./api.js";
import { clear, h, link, marked } from "./dom.js";
import { EventMap, TYPE_COLORS } from "./map.js";
import { Timeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
const PAGE = 50;
const state = { offset: 0, facets: null, seq: 0 };
const form = $("filters");

function filters() {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) out[k] = String(v).trim();
  return out;
}

function option(value, label) { return h("option", { value, text: label }); }

function fillSelect(select, items, all) {
  const keep = select.value;
  clear(select).append(option("", all), ...items.map(([v, label]) => option(v, label)));
  select.value = items.some(([v]) => v === keep) ? keep : "";
}

async function loadFacets() {
  const f = await get("facets", { country: form.country.value });
  state.facets = f;
  fillSelect(form.country, f.countries.map((c) => [c.name, `${c.name} (${c.events})`]), "All countries");
  fillSelect(form.admin1, f.admin1.map((c) => [c.name, `${c.name} (${c.events})`]), "All regions");
  form.admin1.disabled = !form.country.value;
  fillSelect(form.type, f.event_types.map((t) => [t.name, `${t.name} (${t.events})`]), "All types");
  const subs = f.event_types.filter((t) => !form.type.value || t.name === form.type.value).flatMap((t) => t.sub_types);
  fillSelect(form.sub_type, [...new Set(subs)].sort().map((s) => [s, s]), "All sub-types");
  $("summary").textContent = `${f.events.toLocaleString()} events from ${f.articles.toLocaleString()} articles` +
    (f.first_date ? ` · ${f.first_date} – ${f.last_date}` : "");
}

async function refresh() {
  const seq = ++state.seq, params = filters();
  const [pts, page] = await Promise.all([get("points", params), get("events", { ...params, limit: PAGE, offset: state.offset })]);
  if (seq !== state.seq) return;  // a newer filter change already answered
  map.setRows(pts.fields, pts.rows);
  const di = pts.fields.indexOf("event_date");
  timeline.setDates(pts.rows.map((r) => r[di]), pts.truncated);
  renderList(page, pts.truncated ? null : pts.total);
}

function renderList(page, exact) {
  // the list counts up to 1,000; the map's points are counted exactly (up to their own limit)
  const total = page.total_exact || exact === null ? `${page.total.toLocaleString()}${page.total_exact ? "" : "+"}` : exact.toLocaleString();
  $("list-title").textContent = `Events (${total})`;
  const ol = clear($("events"));
  for (const e of page.items) {
    ol.append(h("li", { class: "event", dataset: { id: e.id }, tabindex: 0, onclick: () => openEvent(e.id),
      onkeydown: (ev) => { if (ev.key === "Enter") openEvent(e.id); } },
    h("span", { class: "dot", style: `background:${TYPE_COLORS[e.event_type] || "#566573"}` }),
    h("div", {}, h("strong", { text: `${e.event_date || "undated"} · ${e.sub_event_type}` }),
      h("div", { class: "where", text: [e.location, e.admin1, e.country].filter(Boolean).join(", ") }),
      h("div", { class: "who", text: [e.actor1, e.actor2].filter(Boolean).join(" vs ") + (e.fatalities ? ` · ${e.fatalities} killed` : "") }))));
  }
  $("page").textContent = page.items.length ? `${page.offset + 1}–${page.offset + page.items.length} of ${total}` : "nothing matches";
  $("prev").disabled = page.offset === 0;
  $("next").disabled = page.items.length < page.limit || (page.total_exact && page.offset + page.items.length >= page.total);
}

function field(label, value) {
  return value === null || value === undefined || value === "" ? null : [h("dt", { text: label }), h("dd", { text: value })];
}

async function openEvent(id) {
  const e = await get(`events/${id}`);
  map.select(e.id);
  const d = clear($("detail"));
  d.hidden = false; $("list-view").hidden = true;
  const fields = [["Type", `${e.event_type} — ${e.sub_event_type}`], ["Date", e.event_date], ["Actor 1", e.actor1],
    ["Actor 2", e.actor2], ["Associated", [e.assoc_actor_1, e.assoc_actor_2].filter(Boolean).join("; ")],
    ["Place", [e.location, e.admin2, e.admin1, e.country].filter(Boolean).join(", ")],
    ["Fatalities", e.fatalities_low != null && e.fatalities_high != null && e.fatalities_low !== e.fatalities_high ? `${e.fatalities} (reported ${e.fatalities_low}–${e.fatalities_high})` : e.fatalities],
    ["Confidence", e.confidence?.toFixed(2)], ["Notes", e.notes]];
  d.append(
    h("button", { type: "button", id: "back", onclick: closeEvent, text: "‹ Back to the list" }),
    h("h2", { text: `${e.sub_event_type} in ${e.location || e.admin1 || e.country || "an unknown place"}` }),
    h("dl", {}, fields.map(([l, v]) => field(l, v))),
    h("h3", { text: "Evidence" }),
    e.sentences.length ? h("ul", { class: "evidence" }, e.sentences.map((s) => h("li", {}, marked(s.text, e.evidence.filter((x) => x.located), s.start),
      h("small", { text: ` (${s.fields.join(", ")})` })))) : h("p", { class: "muted", text: "No evidence spans were stored for this event." }),
    h("h3", { text: `Sources (${e.sources.length})` }),
    h("ul", { class: "sources" }, e.sources.map((s) => h("li", {}, link(s.url, s.title || s.url || `article ${s.article_id}`),
      h("small", { text: ` ${[s.site, s.published, s.agency, s.role].filter(Boolean).join(" · ")}` }),
      " ", h("button", { type: "button", class: "linkish", onclick: () => openArticle(s.article_id, e.id), text: "read" })))),
    h("div", { class: "merges" }, e.merge_history.length ? [h("h3", { text: "Merge history" }), h("ul", {}, e.merge_history.map((m) =>
      h("li", { text: `#${m.id} ${m.created}: report ${String(m.event_key).slice(0, 8)} joined incident ${String(m.incident_key).slice(0, 8)} (score ${m.score})${m.undone ? `, undone ${m.undone}` : ""}` })))] : []),
    h("div", { id: "article" }));
}

async function openArticle(articleId, eventId) {
  const a = await get(`articles/${articleId}`);
  const mine = a.highlights.filter((x) => x.event_id === eventId);
  const box = clear($("article"));
  box.append(h("h3", { text: a.title || "Article" }), h("p", { class: "muted" }, link(a.url, a.url || a.source)),
    h("div", { class: "text" }, marked(a.text, mine.length ? mine : a.highlights)));
  box.scrollIntoView({ block: "nearest" });
}

function closeEvent() { $("detail").hidden = true; $("list-view").hidden = false; map.select(null); }

async function loadAlerts() {
  const alerts = await get("alerts", { limit: 60 });
  // one entry per region and day, whichever of its counts (events, fatalities) spiked
  const groups = new Map();
  for (const a of alerts) {
    const key = [a.level, a.country, a.admin1, a.day].join("|");
    if (!groups.has(key)) groups.set(key, { ...a, metrics: [] });
    groups.get(key).metrics.push(a);
  }
  const ol = clear($("alerts"));
  if (!groups.size) ol.append(h("li", { class: "muted", text: "No spikes detected." }));
  for (const g of [...groups.values()].slice(0, 30)) {
    const where = g.level === "admin1" ? `${g.admin1}, ${g.country}` : g.country;
    const what = g.metrics.map((m) => `${m.observed} ${m.metric} (usual ${m.baseline_median}, score ${m.score.toFixed(1)})`).join("; ");
    ol.append(h("li", { class: "alert", tabindex: 0, onclick: () => showAlert(g), onkeydown: (e) => { if (e.key === "Enter") showAlert(g); } },
      h("strong", { text: where }), h("div", { text: `${g.day}: ${what}` })));
  }
}

async function showAlert(a) {
  form.country.value = a.country;
  await loadFacets();
  form.admin1.value = a.level === "admin1" ? a.admin1 : "";
  form.date_from.value = a.day; form.date_to.value = a.day;
  state.offset = 0; closeEvent(); refresh();
}

const map = new EventMap($("map"), openEvent);
const timeline = new Timeline($("timeline"), $("timeline-label"), (a, b) => {
  form.date_from.value = a; form.date_to.value = b; state.offset = 0; refresh();
});
window.wirewatch = { map, openEvent };  // for tests and the curious

let timer = null;
form.addEventListener("input", (e) => {
  clearTimeout(timer);
  state.offset = 0;
  const facetChange = e.target.name === "country" || e.target.name === "type";
  timer = setTimeout(async () => { if (facetChange) await loadFacets(); closeEvent(); refresh(); }, e.target.tagName === "INPUT" ? 300 : 0);
});
form.addEventListener("submit", (e) => e.preventDefault());
form.addEventListener("reset", () => setTimeout(async () => { state.offset = 0; await loadFacets(); refresh(); }, 0));
$("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); refresh(); });
$("next").addEventListener("click", () => { state.offset += PAGE; refresh(); });
document.querySelectorAll("#zoom button").forEach((b) => b.addEventListener("click", () => map.zoomBy(Number(b.dataset.zoom))));
$("legend").append(...Object.entries(TYPE_COLORS).map(([t, c]) => h("span", {}, h("i", { style: `background:${c}` }), t)));
if (window.matchMedia("(max-width: 800px)").matches) $("filters-box").open = false;

(async () => {
  try {
    await Promise.all([map.loadOutlines("/static/countries-50m.json"), loadFacets()]);
    await Promise.all([refresh(), loadAlerts()]);
    document.body.dataset.ready = "1";
  } catch (err) {
    $("summary").textContent = `Could not load: ${err.message}`;
  }
})();
