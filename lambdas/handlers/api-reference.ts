// ApiReference: the OpenAPI document (the committed lib/openapi/openapi.json, built from the route table),
// Swagger UI over it at /docs (its files come from the swagger-ui-dist package, copied into this function's
// bundle: no CDN), a page per problem type, and the answer to every request no route matches.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import openApiDocument from "../../lib/openapi/openapi.json" with { type: "json" };
import { ApiReferenceEnv } from "../config/env.js";
import { NotFoundError } from "../core/shared/errors.js";
import { PROBLEM_TYPES, isProblemCode, problemTypeUri } from "../core/shared/problem-types.js";
import { apiReferenceRoutes, DOCS_ASSETS } from "../../lib/routes/api-reference.js";
import { html, json, problemResponse, type HttpResult } from "./lambda-handler.js";
import { routedHandler } from "./http/router.js";

/** The document's paths as matchers, for telling "no such path" (404) from "not with this method" (405). */
const pathMatchers = Object.entries(openApiDocument.paths as Record<string, Record<string, unknown>>).map(([path, operations]) => ({
  pattern: new RegExp(`^${path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")).join("[^/]+")}$`),
  methods: Object.keys(operations).map((m) => m.toUpperCase()),
}));

/** Methods the document has for a concrete path; empty when no route has the path. */
export function allowedMethods(path: string): string[] {
  const methods = new Set<string>();
  for (const m of pathMatchers) if (m.pattern.test(path)) m.methods.forEach((method) => methods.add(method));
  return [...methods].sort();
}

export function unmatchedRoute(method: string, path: string): HttpResult {
  const allowed = allowedMethods(path);
  if (allowed.length && !allowed.includes(method)) {
    const result = problemResponse({ type: problemTypeUri("method-not-allowed"), title: PROBLEM_TYPES["method-not-allowed"].title, status: 405, code: "method-not-allowed", detail: `${path} takes ${allowed.join(", ")}, not ${method}`, allowed });
    return { ...result, headers: { ...result.headers, allow: allowed.join(", ") } };
  }
  return problemResponse({ type: problemTypeUri("route-not-found"), title: PROBLEM_TYPES["route-not-found"].title, status: 404, code: "route-not-found", detail: `no route ${method} ${path}; the API reference is at /docs` });
}

const requireFromHere = createRequire(import.meta.url);
const assetCache = new Map<string, string>();
/** In Lambda the files sit beside the bundle (docs-assets/); under `npm start` they are read from the package. */
function swaggerAsset(name: string): string {
  let text = assetCache.get(name);
  if (text === undefined) {
    const bundled = join(dirname(fileURLToPath(import.meta.url)), "docs-assets", name);
    text = readFileSync(existsSync(bundled) ? bundled : requireFromHere.resolve(`swagger-ui-dist/${name}`), "utf8");
    assetCache.set(name, text);
  }
  return text;
}

const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

// On a 390 px phone the description's wide tables (the error catalogue) would widen the whole page; they scroll on their own instead.
const DOCS_CSS = ".swagger-ui .markdown table,.swagger-ui .renderedMarkdown table{display:block;max-width:100%;overflow-x:auto}";

function docsPage(): HttpResult {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hirepath API reference</title><link rel="stylesheet" href="/docs/swagger-ui.css"><style>${DOCS_CSS}</style></head><body><div id="reference"></div><script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/swagger-ui-standalone-preset.js"></script><script src="/docs/docs.js"></script></body></html>`;
  return html(200, body, { "content-security-policy": DOCS_CSP, "cache-control": "max-age=300" });
}

/** The page's own script (a file, not inline, so the CSP allows no inline script). Locally the dropdown adds the local-only routes. */
function docsScript(local: boolean): string {
  const urls = [{ url: "/openapi.json", name: "Hirepath API" }, ...(local ? [{ url: "/local/openapi.json", name: "Local stack only (npm start)" }] : [])];
  // The standalone layout's top bar is what offers `urls` as a dropdown.
  return `window.ui = SwaggerUIBundle({ urls: ${JSON.stringify(urls)}, dom_id: "#reference", deepLinking: true, persistAuthorization: false, layout: "StandaloneLayout", presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset] });\n`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function problemPage(code: string): HttpResult {
  if (!isProblemCode(code)) throw new NotFoundError(`no problem type "${code}"; the list is at /docs`);
  const t = PROBLEM_TYPES[code];
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(code)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}</style></head><body><p><a href="/docs">Hirepath API reference</a></p><h1><code>${escapeHtml(code)}</code>: ${escapeHtml(t.title)}</h1><p>HTTP status <strong>${t.status}</strong>.</p><p>${escapeHtml(t.meaning).replace(/`([^`]+)`/g, "<code>$1</code>")}</p><p>Every error from this API is <code>application/problem+json</code> (RFC 9457): <code>type</code> is this page, <code>code</code> is <code>${escapeHtml(code)}</code>, and <code>errors</code> (when present) lists each bad field by its path.</p></body></html>`;
  return html(200, body, { "cache-control": "max-age=3600" });
}

const CONTENT_TYPES: Record<(typeof DOCS_ASSETS)[number], string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "docs.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
};

export const handler = routedHandler(
  {
    name: "api-reference",
    env: ApiReferenceEnv,
    routes: apiReferenceRoutes,
    context: (env) => ({ local: env.HIREPATH_RUNTIME === "local" }),
    notFound: ({ method, path }) => unmatchedRoute(method, path),
  },
  {
    getOpenApiDocument: async () => json(200, openApiDocument, { "cache-control": "max-age=300", "access-control-allow-origin": "*" }),
    getApiReference: async () => docsPage(),
    getApiReferenceAsset: async ({ params }, { local }) => ({
      statusCode: 200,
      headers: { "content-type": CONTENT_TYPES[params.asset], "cache-control": params.asset === "docs.js" ? "max-age=300" : "max-age=86400" },
      body: params.asset === "docs.js" ? docsScript(local) : swaggerAsset(params.asset),
    }),
    getProblemType: async ({ params }) => problemPage(params.code),
  },
);
