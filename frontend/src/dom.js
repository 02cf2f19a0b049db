// Building the page from data without ever parsing data as HTML: every string from the API
// (scraped titles, article text, actor names) goes in through textContent, and links only
// through safeHref, so a page holding <script>, onerror= or javascript: stays inert text.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = String(v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "style") el.style.cssText = v;  // CSSOM: allowed by the page's CSP, unlike a style attribute
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "href") { const u = safeHref(v); if (u) el.href = u; }
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function safeHref(url) {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url, window.location.href);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch { return null; }
}

export function link(url, label) {
  const href = safeHref(url);
  if (!href) return h("span", { text: label || url || "" });
  return h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow", text: label || href });
}

// text[start:end] with the spans marked: overlapping spans are cut at every boundary, and each
// piece is marked with the fields of all spans covering it.
export function marked(text, spans, offset = 0) {
  const cuts = new Set([0, text.length]);
  const inside = spans.map((s) => ({ a: Math.max(0, s.start - offset), b: Math.min(text.length, s.end - offset), f: s.field }))
    .filter((s) => s.b > s.a);
  for (const s of inside) { cuts.add(s.a); cuts.add(s.b); }
  const points = [...cuts].sort((x, y) => x - y);
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const fields = [...new Set(inside.filter((s) => s.a <= a && s.b >= b).map((s) => s.f))];
    const piece = text.slice(a, b);
    frag.append(fields.length ? h("mark", { title: fields.join(", "), dataset: { fields: fields.join(" ") }, text: piece })
      : document.createTextNode(piece));
  }
  return frag;
}

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
