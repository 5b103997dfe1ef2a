// Parsing HTTP input at the edge: JSON bodies and zod schemas, failing with field paths.
import type * as z from "../core/shared/zod.js";
import { ValidationError } from "../core/shared/errors.js";
import { zodIssues } from "../core/shared/problem.js";
import type { HttpEvent } from "./lambda-handler.js";

export function parseJsonBody(event: HttpEvent): unknown {
  try {
    return JSON.parse(event.body ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8").toString("utf8") : "");
  } catch (e) {
    throw new ValidationError("body is not valid JSON", [{ path: "(root)", message: (e as Error).message, code: "invalid_json" }]);
  }
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError("request is not valid", zodIssues(r.error));
  return r.data;
}

/** Query parameters with empty values dropped: a submitted form sends empty fields, which mean "any". */
export function queryOf(event: HttpEvent): Record<string, string> {
  return Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
}
