// Builds the dashboard into the Python package (src/wirewatch/serve/static/), so that
// `pip install wirewatch` serves it with no npm and no network.  Run: npm ci && npm run build
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

const out = "../src/wirewatch/serve/static";
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/main.js"], bundle: true, minify: true, format: "iife", target: "es2020",
  outfile: `${out}/app.js`, legalComments: "eof",
});
await build({ entryPoints: ["src/style.css"], bundle: true, minify: true, outfile: `${out}/app.css` });
copyFileSync("src/index.html", `${out}/index.html`);
// /docs starts Swagger UI (assets from the fastapi-offline wheel) with this file: no inline script
copyFileSync("src/docs.js", `${out}/docs.js`);
// Natural Earth 1:50m country outlines (public domain) as TopoJSON, from the world-atlas package
copyFileSync("node_modules/world-atlas/countries-50m.json", `${out}/countries-50m.json`);
copyFileSync("node_modules/world-atlas/LICENSE", `${out}/world-atlas.LICENSE`);
