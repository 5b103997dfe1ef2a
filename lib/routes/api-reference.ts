// The API describing itself: the OpenAPI document, the reference rendered from it, and one page per
// problem type (every problem's `type`). Function: ApiReference, which also answers every request no
// other route matches (API Gateway's $default route): 404, or 405 with Allow when only the method is wrong.
import * as z from "../../lambdas/core/shared/zod.js";
import { route } from "./route-spec.js";

const fn = "ApiReference" as const;

export const DOCS_ASSETS = ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css", "docs.js"] as const;

export const apiReferenceRoutes = [
  route({ method: "GET", path: "/openapi.json", fn, auth: "public", operationId: "getOpenApiDocument", summary: "This API's OpenAPI 3.1 document", tags: ["Reference"], responses: { 200: { description: "The document" } } }),
  route({ method: "GET", path: "/docs", fn, auth: "public", operationId: "getApiReference", summary: "The API reference", description: "Rendered from /openapi.json by Swagger UI, served from this API (no CDN).", tags: ["Reference"], responses: { 200: { description: "The reference page", contentType: "text/html" } } }),
  route({ method: "GET", path: "/docs/{asset}", fn, auth: "public", operationId: "getApiReferenceAsset", summary: "The reference page's script and styles", tags: ["Reference"], params: z.object({ asset: z.enum(DOCS_ASSETS) }), responses: { 200: { description: "The file", contentType: "text/css" } } }),
  route({ method: "GET", path: "/problems/{code}", fn, auth: "public", operationId: "getProblemType", summary: "What a problem code means", description: "Every problem answer's `type` is this page for its `code`.", tags: ["Reference"], responses: { 200: { description: "The problem type", contentType: "text/html" } } }),
] as const;
