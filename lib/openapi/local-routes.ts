// Routes only `npm start` serves: the outbox's JSON API (what the emulators sent, simulated receipts and
// replies), the local token issuer, the team-chat receiver and the journey clock. They are not in the route table (no Lambda
// serves them and CDK deploys none of them), so they are described here, for the local document
// (lib/openapi/local.openapi.json, served at /local/openapi.json and listed beside the API in /docs).
import * as z from "zod";
import { Role } from "../../lambdas/core/shared/model.js";
import { ClockCommandSchema, ClockStateSchema } from "../../local/clock/clock-api.js";
import type { DocumentedRoute } from "./openapi-document.js";

const local = <const R extends DocumentedRoute>(r: R): R => r;
const json = (description: string) => ({ 200: { description } });

const MessageQuery = z.object({
  to: z.string().optional().describe("Only messages to this address or number"),
  channel: z.enum(["email", "sms"]).optional(),
  since: z.string().optional().describe("ISO time: only messages sent after it"),
  limit: z.coerce.number().int().positive().optional(),
  wait: z.coerce.number().int().min(0).optional().describe("Milliseconds to wait (long poll) for a first match, at most 30,000"),
});

export const localRoutes: readonly DocumentedRoute[] = [
  local({ method: "GET", path: "/local/auth/token", auth: "public", operationId: "localIssueToken", summary: "Get a bearer token for a role", description: "A Cognito-shaped ID token from the local issuer, valid one hour. `email` sets the token's `email` claim (who the caller is on timelines, and whose interviewer record `PUT …/availability` lets them edit); default `<role>@hirepath.local`.", tags: ["Local"], query: z.object({ role: Role.default("recruiter"), email: z.email().optional() }), responses: json("`{token, tokenType: \"Bearer\", expiresIn: 3600, role}`") }),
  local({ method: "GET", path: "/local/auth/.well-known/jwks.json", auth: "public", operationId: "localJwks", summary: "The local issuer's public keys", tags: ["Local"], responses: json("A JWKS") }),
  local({ method: "GET", path: "/local/auth/oauth2/authorize", auth: "public", operationId: "localAuthorize", summary: "Managed-login stand-in: pick a role", description: "Cognito's /oauth2/authorize with PKCE, as the console's sign-in uses it; the page lets you pick a role.", tags: ["Local"], responses: { 200: { description: "The sign-in page", contentType: "text/html" } } }),
  local({ method: "POST", path: "/local/auth/oauth2/token", auth: "public", operationId: "localToken", summary: "Managed-login stand-in: exchange a code", tags: ["Local"], body: { type: "raw", contentTypes: ["application/x-www-form-urlencoded"], description: "grant_type=authorization_code, code, redirect_uri, client_id, code_verifier" }, responses: json("Cognito's token response") }),
  local({ method: "GET", path: "/outbox/api/messages", auth: "public", operationId: "localListMessages", summary: "Messages the emulators sent", description: "Email (SES v2) and SMS (End User Messaging, Pinpoint), newest first.", tags: ["Local"], query: MessageQuery, responses: json("`{messages: [...]}`") }),
  local({ method: "GET", path: "/outbox/api/scheduled", auth: "public", operationId: "localScheduledMessages", summary: "Messages planned but not sent yet", description: "Every candidate message a journey is waiting to send (held for quiet hours or the daily limit, or a reminder planned for its time), soonest first, with its send time in journey time. The candidate's timeline says why each is held (`message.held`).", tags: ["Local"], responses: json("`{scheduled: [{sendAt, what, channel?, candidateId?, executionArn, state}]}`") }),
  local({ method: "GET", path: "/outbox/api/messages/{id}", auth: "public", operationId: "localGetMessage", summary: "One sent message", description: "Reading it here publishes no Open event (opening it in /outbox does).", tags: ["Local"], responses: json("The message: channel, to, subject, body, tags, events") }),
  local({ method: "POST", path: "/outbox/api/messages/{id}/sms-events", auth: "public", operationId: "localSmsEvent", summary: "Simulate an SMS delivery receipt", tags: ["Local"], body: { type: "json", schema: z.object({ type: z.string().describe("TEXT_DELIVERED, TEXT_BLOCKED, TEXT_CARRIER_UNREACHABLE…") }) }, responses: json("The event published") }),
  local({ method: "POST", path: "/outbox/api/sms/inbound", auth: "public", operationId: "localInboundSms", summary: "Simulate a text back from a candidate", description: "STOP, TD, 退订… opt the number out; any other text is a reply. JSON or form.", tags: ["Local"], body: { type: "json", schema: z.object({ from: z.string().describe("E.164"), to: z.string().optional(), body: z.string() }) }, responses: json("What the two-way topic received") }),
  local({ method: "GET", path: "/local/clock", auth: "public", operationId: "localGetClock", summary: "Journey time", description: "The local stack's one clock: `now` (ISO and epoch ms), `scale` (journey seconds per wall second), `paused`, `skip` (time-skipping mode) and the next pending timer (what and when). Every wait, schedule, task timeout, message time and token expiry in the process reads it.", tags: ["Local"], responses: { 200: { description: "The clock's state", schema: ClockStateSchema } } }),
  local({ method: "POST", path: "/local/clock", auth: "public", operationId: "localSteerClock", summary: "Advance, set, pause, scale or skip journey time", description: "One command per request: `{\"advance\": \"PT2H\"}` (ISO 8601 duration, or a number of seconds), `{\"to\": \"<ISO instant>\"}`, `{\"scale\": n}`, `{\"paused\": true|false}`, `{\"skip\": \"next\"}` (jump to the next pending timer) or `{\"skip\": true|false}` (time-skipping mode). Advancing fires everything that falls due, in order, and answers once all of it has run to its next wait. Moving backwards is refused with 409 `clock-backwards`. The outbox's buttons post the same commands as a form.", tags: ["Local"], body: { type: "json", schema: ClockCommandSchema }, problems: ["clock-backwards"], responses: { 200: { description: "The clock's new state", schema: ClockStateSchema } } }),
  local({ method: "GET", path: "/chat-outbox/api/messages", auth: "public", operationId: "localChatMessages", summary: "Team-chat robot posts received", description: "WeCom, DingTalk (signature checked), Feishu (signature checked), Slack.", tags: ["Local"], responses: json("The posts") }),
];
