// The dashboard's only window on the world: same-origin calls to the wirewatch API.

export async function get(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, x));
    else if (v !== "" && v !== null && v !== undefined) qs.append(k, v);
  }
  const res = await fetch(`/api/${path}${qs.toString() ? `?${qs}` : ""}`, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}
