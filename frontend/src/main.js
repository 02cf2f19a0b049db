// wirewatch dashboard: filters -> /api/points (incidents: map, timeline) and /api/events (the
// reports underneath: list);
// an event opens with its evidence sentences highlighted, its sources and merges.  The view
// (filters, map centre and zoom, the timeline's metric) lives in the URL, so it can be shared
// and survives a reload; "download this view" gives the matching incidents as CSV or GeoJSON.
import { get } from "./api.js";
import { Compare } from "./compare.js";
import { clear, h, link, marked } from "./dom.js";
import { EventMap, TYPE_COLORS } from "./map.js";
import { Timeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
const PAGE = 50;
const state = { offset: 0, facets: null, seq: 0, wanted: {}, metric: "events" };
const form = $("filters");
const FIELDS = ["country", "admin1", "type", "sub_type", "actor", "q", "date_from", "date_to"];

// -- the view in the URL ----------------------------------------------------------------------
function readUrl() {
  const u = new URLSearchParams(location.search);
  for (const name of FIELDS) {
    const v = u.get(name);
    if (v === null) continue;
    if (form[name].tagName === "SELECT") state.wanted[name] = v;  // options arrive with the facets
    else form[name].value = v;
  }
  state.metric = u.get("metric") === "fatalities" ? "fatalities" : "events";
  const view = (u.get("map") || "").split(",").map(Number);
  state.view = view.length === 3 && view.every(Number.isFinite) ? view : null;
  state.compare = ["kind", "a", "b"].map((k) => u.get(`compare_${k}`) || "");
}

let urlTimer = null;
function writeUrl() {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => {
    const u = new URLSearchParams(filters());
    if (state.metric !== "events") u.set("metric", state.metric);
    const v = map.moved && map.view();
    if (v) u.set("map", `${v[0].toFixed(3)},${v[1].toFixed(3)},${v[2].toFixed(2)}`);
    const cf = $("compare");
    if (cf.a.value || cf.b.value) { u.set("compare_kind", cf.kind.value); u.set("compare_a", cf.a.value); u.set("compare_b", cf.b.value); }
    const qs = u.toString();
    if (qs !== location.search.slice(1)) history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
  }, 150);
}

// the dashboard's filters as the incidents API's parameters (ACLED's names where they exist)
function incidentParams(f) {
  const p = new URLSearchParams();
  for (const [from, to] of [["country", "country"], ["admin1", "admin1"], ["type", "event_type"], ["sub_type", "sub_event_type"], ["actor", "actor"], ["q", "q"]]) {
    if (f[from]) p.set(to, f[from]);
  }
  if (f.date_from && f.date_to) { p.set("event_date", `${f.date_from}|${f.date_to}`); p.set("event_date_where", "BETWEEN"); }
  else if (f.date_from) { p.set("event_date", f.date_from); p.set("event_date_where", ">="); }
  else if (f.date_to) { p.set("event_date", f.date_to); p.set("event_date_where", "<="); }
  return p.toString();
}

// the export formats of the registry (GET /api/export): one link each, filtered as the view
let exportFormats = [];
const exportHref = (name, qs) => `/api/export/${encodeURIComponent(name)}${qs ? `?${qs}` : ""}`;

async function loadFormats() {
  exportFormats = await get("export");
  clear($("dl-formats")).append(" · as ", ...exportFormats.flatMap((f, i) => [i ? ", " : "",
    h("a", { id: `dl-export-${f.name}`, download: `incidents${f.suffix}`, href: exportHref(f.name, ""),
             title: f.summary, text: f.name })]));
}

function setDownloads(f) {
  const qs = incidentParams(f);
  $("dl-csv").href = `/api/incidents.csv${qs ? `?${qs}` : ""}`;
  $("dl-geojson").href = `/api/incidents.geojson${qs ? `?${qs}` : ""}`;
  for (const fmt of exportFormats) $(`dl-export-${fmt.name}`).href = exportHref(fmt.name, qs);
}

function filters() {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) out[k] = String(v).trim();
  return out;
}

function option(value, label) { return h("option", { value, text: label }); }

function fillSelect(select, items, all) {
  const keep = state.wanted[select.name] ?? select.value;
  if (items.some(([v]) => v === keep)) delete state.wanted[select.name];  // else: wait for its options
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
  const opts = clear($("compare-options"));
  if ($("compare").kind.value === "country") opts.append(...f.countries.map((c) => option(c.name, c.name)));
  // incidents first: one per happening, however many outlets reported it; reports underneath
  $("summary").textContent = `${f.incidents.toLocaleString()} incidents (${f.events.toLocaleString()} reports) from ${f.articles.toLocaleString()} articles` +
    (f.first_date ? ` · ${f.first_date} – ${f.last_date}` : "");
}

async function refresh() {
  const seq = ++state.seq, params = filters();
  const [pts, page] = await Promise.all([get("points", params), get("events", { ...params, limit: PAGE, offset: state.offset })]);
  if (seq !== state.seq) return;  // a newer filter change already answered
  map.setRows(pts.fields, pts.rows);
  const di = pts.fields.indexOf("event_date"), fi = pts.fields.indexOf("fatalities");
  timeline.setDates(pts.rows.map((r) => r[di]), pts.truncated, pts.rows.map((r) => r[fi]));
  renderList(page, pts.truncated ? `${pts.total.toLocaleString()}+` : pts.total.toLocaleString());
  setDownloads(params);
  writeUrl();
  document.body.dataset.refreshed = String(seq);
}

async function refreshCompare() {
  const cf = $("compare"), f = filters();
  const dates = { date_from: f.date_from, date_to: f.date_to };
  await compare.load(cf.kind.value, [cf.a.value, cf.b.value], dates, state.metric);
  writeUrl();
}

function renderList(page, incidents) {
  // the list holds the reports underneath the map's incidents, counted up to 1,000
  const total = `${page.total.toLocaleString()}${page.total_exact ? "" : "+"}`;
  $("list-title").textContent = `Reports (${total}) of ${incidents} incidents`;
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
  map.select(e.incident_id);
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
    const what = g.metrics.map((m) => `${m.observed} ${m.metric === "events" ? "incidents" : m.metric} (usual ${m.baseline_median}, score ${m.score.toFixed(1)})`).join("; ");
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
map.onView = writeUrl;
const compare = new Compare($("compare-chart"), $("compare-label"));
const timeline = new Timeline($("timeline"), $("timeline-label"), (a, b) => {
  form.date_from.value = a; form.date_to.value = b; state.offset = 0; refresh();
});
window.wirewatch = { map, openEvent, timeline, compare };  // for tests and the curious

function setMetric(metric) {
  state.metric = metric;
  document.querySelectorAll("#metric button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.metric === metric)));
  timeline.setMetric(metric);
  refreshCompare();
}
document.querySelectorAll("#metric button").forEach((b) => b.addEventListener("click", () => setMetric(b.dataset.metric)));
let compareTimer = null;
$("compare").addEventListener("input", (e) => {
  clearTimeout(compareTimer);
  compareTimer = setTimeout(async () => {
    if (e.target.name === "kind") {
      const opts = clear($("compare-options"));
      const names = e.target.value === "country" ? state.facets.countries.map((c) => c.name) : (await get("actors", { limit: 100 })).map((a) => a.name);
      opts.append(...names.map((n) => option(n, n)));
    }
    refreshCompare();
  }, 250);
});
$("compare").addEventListener("submit", (e) => e.preventDefault());

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
async function loadTaxonomy() {
  const taxonomy = await get("taxonomy");
  for (const t of taxonomy.event_types) TYPE_COLORS[t.name] = t.colour;
  $("legend").append(...Object.entries(TYPE_COLORS).map(([t, c]) => h("span", {}, h("i", { style: `background:${c}` }), t)),
    h("span", {}, h("i", { class: "pale" }), "district only"), h("span", {}, h("i", { class: "ring" }), "region or country only"));
}
if (window.matchMedia("(max-width: 800px)").matches) $("filters-box").open = false;

(async () => {
  try {
    readUrl();
    const country = state.wanted.country;
    await Promise.all([map.loadOutlines("/static/countries-50m.json"), loadFacets(), loadTaxonomy(), loadFormats()]);
    if (country) await loadFacets();  // the country's admin1 options come with a second call
    setMetric(state.metric);
    const [kind, a, b] = state.compare;
    if (kind) $("compare").kind.value = kind;
    $("compare").a.value = a; $("compare").b.value = b;
    await Promise.all([refresh(), loadAlerts(), refreshCompare()]);
    if (state.view) map.setView(...state.view);
    document.body.dataset.ready = "1";
  } catch (err) {
    $("summary").textContent = `Could not load: ${err.message}`;
  }
})();
