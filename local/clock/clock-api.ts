// GET/POST /local/clock: steer the local stack's journey time over HTTP. Local only: the route
// lives in the local stack's own server (local/stack.ts), never in the route table CDK deploys.
//
//   GET  /local/clock                    → ClockState
//   POST /local/clock {"advance":"PT2H"} → ClockState, once everything that fell due ran to its next wait
//        {"advance": 7200} (seconds) | {"to": "<ISO instant>"} | {"scale": 60} | {"paused": true}
//        {"skip": "next"} (jump to the next pending timer) | {"skip": true|false} (time-skipping mode)
//   Moving backwards → 409 clock-backwards; a bad body → 400 validation-failed with the field path.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { zodIssues, type FieldIssue, type Problem } from "../../lambdas/core/shared/problem.js";
import { problemTypeUri } from "../../lambdas/core/shared/problem-types.js";
import { addDuration, parseDuration } from "./duration.js";
import { ClockBackwardsError, type ClockState as State, type VirtualClock } from "./virtual-clock.js";

export const CLOCK_PATH = "/local/clock";

/** The answer of GET and POST /local/clock (for the local OpenAPI document). */
export const ClockStateSchema = z
  .object({
    now: z.iso.datetime().describe("journey time, ISO 8601 UTC"),
    nowMs: z.number().int().describe("journey time, epoch ms"),
    scale: z.number().positive().describe("journey seconds per wall second"),
    paused: z.boolean(),
    skip: z.boolean().describe("time-skipping mode: when nothing is runnable, jump to the earliest timer"),
    next: z
      .object({ what: z.string().describe("e.g. 'exec-name: WaitForInviteEngagement' or 'schedule hirepath/reengage-…'"), at: z.iso.datetime(), atMs: z.number().int(), inMs: z.number().int() })
      .nullable()
      .describe("the earliest pending timer"),
    pendingTimers: z.number().int(),
  })
  .meta({ id: "LocalClockState" });

/** One command per request. */
export const ClockCommandSchema = z
  .union([
    z.strictObject({ advance: z.union([z.string().describe("ISO 8601 duration, e.g. PT2H, P1D, P6M"), z.number().nonnegative().describe("seconds")]) }),
    z.strictObject({ to: z.iso.datetime({ offset: true }).describe("an instant not before now") }),
    z.strictObject({ scale: z.number().positive() }),
    z.strictObject({ paused: z.boolean() }),
    z.strictObject({ skip: z.union([z.literal("next"), z.boolean()]) }),
  ])
  .meta({ id: "LocalClockCommand" });

const fields = {
  advance: z.union([z.string(), z.number().nonnegative()]),
  to: z.iso.datetime({ offset: true }),
  scale: z.number().positive(),
  paused: z.boolean(),
  skip: z.union([z.literal("next"), z.boolean()]),
} as const;
type Field = keyof typeof fields;

class BadCommand extends Error {
  constructor(readonly errors: FieldIssue[]) {
    super("the clock command is not valid");
  }
}

/** Applies one command; resolves with the new state. Throws BadCommand or ClockBackwardsError. */
export async function applyClockCommand(clock: VirtualClock, body: unknown): Promise<State> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BadCommand([{ path: "(root)", message: `an object with one of ${Object.keys(fields).join(", ")}`, code: "invalid_type" }]);
  }
  const keys = Object.keys(body);
  const unknown = keys.filter((k) => !(k in fields));
  if (unknown.length > 0) throw new BadCommand(unknown.map((k) => ({ path: k, message: `unknown field; use one of ${Object.keys(fields).join(", ")}`, code: "unrecognized_keys" })));
  if (keys.length !== 1) throw new BadCommand([{ path: "(root)", message: `exactly one of ${Object.keys(fields).join(", ")}`, code: "invalid_union" }]);
  const field = keys[0] as Field;
  const parsed = fields[field].safeParse((body as Record<string, unknown>)[field]);
  if (!parsed.success) throw new BadCommand(zodIssues(parsed.error, [field]));
  const value = parsed.data;
  switch (field) {
    case "advance": {
      if (typeof value === "number") return clock.advance(value * 1000);
      const duration = parseDuration(value as string);
      if (!duration) throw new BadCommand([{ path: "advance", message: "an ISO 8601 duration such as PT2H, P1D or P6M, or a number of seconds", code: "invalid_format" }]);
      return clock.advanceTo(addDuration(clock.now(), duration));
    }
    case "to":
      return clock.advanceTo(Date.parse(value as string));
    case "scale":
      return clock.setScale(value as number);
    case "paused":
      return clock.setPaused(value as boolean);
    case "skip":
      return value === "next" ? clock.skipToNext() : clock.setSkip(value as boolean);
  }
}

/** Serves /local/clock; resolves false for any other path. */
export async function handleClockRequest(clock: VirtualClock, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
  const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "");
  if (path !== CLOCK_PATH) return false;
  if (req.method === "GET" || req.method === "HEAD") {
    send(res, 200, clock.state());
    return true;
  }
  if (req.method !== "POST") {
    problem(res, { type: problemTypeUri("method-not-allowed"), title: "Method not allowed", status: 405, code: "method-not-allowed", detail: "GET or POST /local/clock" });
    return true;
  }
  let command: unknown;
  const text = body.toString("utf8").trim();
  // The outbox's buttons post a form (no script on those pages): advance=PT1H or skip=next. A JSON
  // body is JSON whatever its content type (`curl -d` labels it a form).
  const isForm = String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded") && !text.startsWith("{");
  try {
    command = isForm ? Object.fromEntries(new URLSearchParams(text)) : JSON.parse(text || "null");
  } catch (error) {
    problem(res, { type: problemTypeUri("validation-failed"), title: "The request is not valid", status: 400, code: "validation-failed", errors: [{ path: "(root)", message: (error as Error).message, code: "invalid_json" }] });
    return true;
  }
  try {
    const state = await applyClockCommand(clock, command);
    const back = isForm ? safeReturnPath(req.headers.referer) : undefined;
    if (back) res.writeHead(303, { location: back }).end();
    else send(res, 200, state);
  } catch (error) {
    if (error instanceof BadCommand) {
      problem(res, { type: problemTypeUri("validation-failed"), title: "The request is not valid", status: 400, code: "validation-failed", errors: error.errors });
    } else if (error instanceof ClockBackwardsError) {
      problem(res, { type: problemTypeUri("clock-backwards"), title: "Journey time only moves forward", status: 409, code: "clock-backwards", detail: error.message, now: new Date(error.nowMs).toISOString(), requested: new Date(error.requestedMs).toISOString() });
    } else if (error instanceof RangeError) {
      problem(res, { type: problemTypeUri("validation-failed"), title: "The request is not valid", status: 400, code: "validation-failed", errors: [{ path: "(root)", message: error.message, code: "too_small" }] });
    } else {
      throw error;
    }
  }
  return true;
}

/** Back to the outbox page the button was on; never to another origin. */
function safeReturnPath(referer: string | undefined): string | undefined {
  if (!referer) return "/outbox";
  try {
    const url = new URL(referer);
    return url.pathname.startsWith("/outbox") ? url.pathname + url.search : "/outbox";
  } catch {
    return "/outbox";
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function problem(res: ServerResponse, p: Problem): void {
  res.writeHead(p.status, { "content-type": "application/problem+json" }).end(JSON.stringify(p));
}
