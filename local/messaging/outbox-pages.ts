// The /outbox pages: where a person running `npm start` reads the mail and texts the app sent,
// clicks the links in them (landing on the app, as from a real inbox), and where tests and
// scripts query the same data as JSON.
//
//   GET  /outbox                                   list, newest first, auto-refreshing
//   GET  /outbox/messages/{id}                     one message; viewing it publishes an SES Open
//   GET  /outbox/messages/{id}/attachments/{n}     download an attachment
//   GET  /outbox/messages/{id}/raw                 download the raw MIME (SES Content.Raw sends)
//   GET  /outbox/click/{id}?u=<url>[&tags=k:v;..]  publish an SES Click, then 302 to <url>
//   GET  /outbox/api/messages?to=&channel=&since=&limit=&wait=   JSON list
//   GET  /outbox/api/messages/{id}                 JSON message (no Open event)
//   GET  /outbox/api/scheduled                     JSON: messages the journeys will send later, with their send time
//   POST /outbox/api/messages/{id}/sms-events      publish an SMS status (simulated delivery receipt)
//   POST /outbox/api/sms/inbound                   the recipient texts back: {from, to?, body} (JSON or form);
//                                                  STOP/TD/… opts the number out, then it goes to the two-way sink
//
// Everything rendered is escaped except the email's own HTML, which is shown in an iframe with
// `sandbox` (no scripts, no same-origin access); the pages themselves contain no script at all.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Channel, ListFilter, OutboxMessage, OutboxStore } from "./outbox-store.js";
import type { PinpointEmulator } from "./pinpoint-emulator.js";
import { parseLinkTags, type SesEmulator, type Viewer } from "./ses-emulator.js";
import type { SmsEmulator } from "./sms-emulator.js";
import { timerInWords, type ScheduledSend } from "./scheduled-sends.js";
import { isSmsEventType, SMS_EVENT_TYPES } from "./sms-events.js";

export interface OutboxPagesOptions {
  store: OutboxStore;
  /** Publishes Open/Click events and provides SES-style link tracking. */
  ses?: SesEmulator;
  /** Publish simulated statuses for texts sent with SendTextMessage. */
  sms?: SmsEmulator;
  /** Publish simulated statuses for texts sent with Pinpoint SendMessages. */
  pinpoint?: PinpointEmulator;
  /** Auto-refresh period of the list page. Default 5 s. */
  refreshSeconds?: number;
  /** The local clock: the list shows journey time and buttons that move it (POST /local/clock). */
  clock?: { state(): { now: string; scale: number; paused: boolean; skip: boolean; next: { what: string; at: string } | null } };
  /** Messages planned but not sent yet (held by quiet hours or the daily cap, or planned for later). */
  scheduled?: () => ScheduledSend[];
}

/** Handles a request if it is under /outbox (resolving true), otherwise resolves false untouched. */
export type OutboxPagesHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const BASE = "/outbox";
const MAX_WAIT_MS = 30_000;

export function createOutboxPages(options: OutboxPagesOptions): OutboxPagesHandler {
  const { store } = options;
  const refreshSeconds = options.refreshSeconds ?? 5;

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://outbox.local");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (path !== BASE && !path.startsWith(`${BASE}/`)) return false;
    const method = req.method ?? "GET";
    const read = method === "GET" || method === "HEAD";
    let m: RegExpExecArray | null;

    try {
      if (read && path === BASE) {
        sendHtml(res, 200, listPage(store, url, refreshSeconds, options.clock, options.scheduled?.() ?? []), method);
      } else if (read && (m = /^\/outbox\/messages\/([^/]+)$/.exec(path))) {
        const message = store.get(segment(m[1]!));
        if (!message) {
          notFound(res, method);
          return true;
        }
        // One view, one Open (never for HEAD, and never from the JSON API).
        const opened = method === "GET" && message.channel === "email" ? (options.ses?.recordOpen(message.id, viewerOf(req)) ?? false) : false;
        sendHtml(res, 200, message.channel === "email" ? emailPage(message, options, opened) : smsPage(message, options), method);
      } else if (read && (m = /^\/outbox\/messages\/([^/]+)\/attachments\/(\d+)$/.exec(path))) {
        const id = segment(m[1]!);
        const index = Number(m[2]);
        const attachment = store.get(id)?.attachments[index];
        const bytes = store.readAttachment(id, index);
        if (!attachment || !bytes) notFound(res, method);
        else sendDownload(res, bytes, attachment.contentType, attachment.filename, method);
      } else if (read && (m = /^\/outbox\/messages\/([^/]+)\/raw$/.exec(path))) {
        const id = segment(m[1]!);
        const raw = store.readRaw(id);
        if (!raw) notFound(res, method);
        else sendDownload(res, raw, "message/rfc822", `${id}.eml`, method);
      } else if (read && (m = /^\/outbox\/click\/([^/]+)$/.exec(path))) {
        handleClick(segment(m[1]!), url, req, res, options);
      } else if (read && path === `${BASE}/api/scheduled`) {
        sendJson(res, 200, { scheduled: options.scheduled?.() ?? [] });
      } else if (read && path === `${BASE}/api/messages`) {
        await handleApiList(url, res, options);
      } else if (read && (m = /^\/outbox\/api\/messages\/([^/]+)$/.exec(path))) {
        const message = store.get(segment(m[1]!));
        if (!message) sendJson(res, 404, { error: "No such message" });
        else sendJson(res, 200, apiMessage(message, options));
      } else if (method === "POST" && (m = /^\/outbox\/api\/messages\/([^/]+)\/sms-events$/.exec(path))) {
        await handleSmsEvent(segment(m[1]!), req, res, options);
      } else if (method === "POST" && path === `${BASE}/api/sms/inbound`) {
        await handleInboundSms(req, res, options);
      } else if (path.startsWith(`${BASE}/api/`)) {
        sendJson(res, 404, { error: `No outbox API at ${method} ${path}` });
      } else {
        notFound(res, method);
      }
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.end();
    }
    return true;
  };
}

// -----------------------------------------------------------------------------------------------
// Actions

function handleClick(id: string, url: URL, req: IncomingMessage, res: ServerResponse, options: OutboxPagesOptions): void {
  const message = options.store.get(id);
  if (!message) return notFound(res, req.method ?? "GET");
  const link = url.searchParams.get("u") ?? "";
  let target: URL;
  try {
    target = new URL(link);
  } catch {
    return sendHtml(res, 400, page("Bad link", `<p>Not a link: <code>${esc(link)}</code></p>`), req.method ?? "GET");
  }
  // Only web links: never redirect to javascript:, data: or file: URLs.
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return sendHtml(res, 400, page("Bad link", `<p>Only http and https links are followed: <code>${esc(link)}</code></p>`), req.method ?? "GET");
  }
  options.ses?.recordClick(id, link, parseLinkTags(url.searchParams.get("tags") ?? undefined), viewerOf(req));
  res.writeHead(302, { location: target.href, "cache-control": "no-store" });
  res.end();
}

async function handleApiList(url: URL, res: ServerResponse, options: OutboxPagesOptions): Promise<void> {
  const params = url.searchParams;
  const filter: ListFilter = {};
  const to = params.get("to");
  if (to) filter.to = to;
  const channel = params.get("channel");
  if (channel) {
    if (channel !== "email" && channel !== "sms") return sendJson(res, 400, { error: "channel must be email or sms" });
    filter.channel = channel;
  }
  const since = params.get("since");
  if (since) {
    if (Number.isNaN(Date.parse(since))) return sendJson(res, 400, { error: "since must be an ISO 8601 time" });
    filter.since = since;
  }
  const limit = Number(params.get("limit") ?? 200);
  if (!Number.isInteger(limit) || limit < 1) return sendJson(res, 400, { error: "limit must be a positive integer" });
  filter.limit = Math.min(limit, 1000);

  // ?wait=<ms>: long-poll until at least one message matches (handy for scripts in another process).
  const wait = Math.min(Number(params.get("wait") ?? 0) || 0, MAX_WAIT_MS);
  if (wait > 0 && options.store.list({ ...filter, limit: 1 }).length === 0) {
    // Test each new message on its own: re-listing on every change made waiting quadratic.
    await options.store.waitFor((message) => options.store.matches(message, filter), { timeoutMs: wait }).catch(() => undefined);
  }
  const messages = options.store.list(filter);
  sendJson(res, 200, { count: messages.length, messages: messages.map((m) => apiMessage(m, options)) });
}

async function handleSmsEvent(id: string, req: IncomingMessage, res: ServerResponse, options: OutboxPagesOptions): Promise<void> {
  const message = options.store.get(id);
  if (!message || message.channel !== "sms") return sendJson(res, 404, { error: "No such SMS" });
  const publisher = message.provider === "pinpoint" ? options.pinpoint?.events : options.sms?.events;
  if (!publisher) return sendJson(res, 501, { error: `No ${message.provider} emulator is attached to the outbox pages` });

  const raw = (await readBody(req)).toString("utf8");
  const form = (req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded");
  let eventType: unknown;
  try {
    eventType = form ? new URLSearchParams(raw).get("eventType") : (JSON.parse(raw || "{}") as { eventType?: unknown }).eventType;
  } catch {
    return sendJson(res, 400, { error: "Body must be JSON like {\"eventType\":\"TEXT_DELIVERED\"}" });
  }
  if (!isSmsEventType(eventType)) return sendJson(res, 400, { error: `eventType must be one of ${SMS_EVENT_TYPES.join(", ")}` });
  await publisher.publish(id, eventType);
  if (form) {
    // Post/redirect/get back to the message, which now shows the new event.
    res.writeHead(303, { location: `${BASE}/messages/${encodeURIComponent(id)}` });
    res.end();
  } else {
    sendJson(res, 200, { message: apiMessage(options.store.get(id)!, options) });
  }
}

async function handleInboundSms(req: IncomingMessage, res: ServerResponse, options: OutboxPagesOptions): Promise<void> {
  if (!options.sms) return sendJson(res, 501, { error: "No End User Messaging emulator is attached to the outbox pages" });
  const raw = (await readBody(req)).toString("utf8");
  const form = (req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded");
  let input: { from?: unknown; to?: unknown; body?: unknown; back?: unknown };
  try {
    input = form ? Object.fromEntries(new URLSearchParams(raw)) : (JSON.parse(raw || "{}") as typeof input);
  } catch {
    return sendJson(res, 400, { error: 'Body must be JSON like {"from":"+8613800138000","body":"STOP"}' });
  }
  if (typeof input.from !== "string" || typeof input.body !== "string" || (input.to !== undefined && input.to !== "" && typeof input.to !== "string")) {
    return sendJson(res, 400, { error: "from and body are required strings; to is optional" });
  }
  let message;
  try {
    message = await options.sms.receiveInbound({ from: input.from, body: input.body, ...(typeof input.to === "string" && input.to ? { to: input.to } : {}) });
  } catch (error) {
    return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
  const optedOut = options.sms.optOuts.has(input.from);
  if (form && typeof input.back === "string" && input.back.startsWith(`${BASE}/`)) {
    res.writeHead(303, { location: input.back });
    res.end();
  } else {
    sendJson(res, 200, { message, optedOut });
  }
}

/** The JSON form of a message: the stored record, plus the links in it and download URLs. */
function apiMessage(message: OutboxMessage, options: OutboxPagesOptions): Record<string, unknown> {
  const { attachments, ...rest } = message;
  return {
    ...rest,
    attachments: attachments.map((a) => ({ ...a, url: `${BASE}/messages/${encodeURIComponent(message.id)}/attachments/${a.index}` })),
    ...(message.channel === "email" ? { links: linksOf(message, options) } : {}),
  };
}

/**
 * http(s) links of the email, so a test or script can "click" one: from the HTML with the tracked
 * URL the rendered page uses (following it publishes a Click), or from the text body (untracked).
 */
function linksOf(message: OutboxMessage, options: OutboxPagesOptions): { url: string; clickUrl?: string }[] {
  if (message.html !== undefined && options.ses) return options.ses.trackedLinks(message.id, message.html);
  const source = message.html ?? message.text ?? "";
  return [...source.matchAll(/https?:\/\/[^\s<>"']+/g)].map((m) => ({ url: m[0].replace(/&amp;/g, "&") }));
}

// -----------------------------------------------------------------------------------------------
// Pages

function listPage(store: OutboxStore, url: URL, refreshSeconds: number, clock: OutboxPagesOptions["clock"], scheduled: ScheduledSend[]): string {
  const to = url.searchParams.get("to") ?? "";
  const channelParam = url.searchParams.get("channel");
  const channel: Channel | undefined = channelParam === "email" || channelParam === "sms" ? channelParam : undefined;
  const paused = url.searchParams.get("refresh") === "0";
  const messages = store.list({ ...(to ? { to } : {}), ...(channel ? { channel } : {}), limit: 500 });

  const rows = messages
    .map((m) => {
      const href = `${BASE}/messages/${encodeURIComponent(m.id)}`;
      const summary = m.channel === "email" ? (m.subject ?? "(no subject)") : (m.text ?? "");
      return `<tr>
  <td class="time"><a href="${esc(href)}">${esc(formatTime(m.time))}</a></td>
  <td><span class="badge ${m.channel}">${m.channel === "email" ? "Email" : "SMS"}</span></td>
  <td>${esc(m.from)}</td>
  <td>${esc([...m.to, ...m.cc, ...m.bcc].join(", "))}</td>
  <td class="summary"><a href="${esc(href)}">${esc(truncate(summary, 120))}</a>${m.attachments.length ? ` <span class="muted">📎${m.attachments.length}</span>` : ""}</td>
  <td>${statusBadge(m)}</td>
</tr>`;
    })
    .join("\n");

  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    if (to) params.set("to", to);
    if (channel) params.set("channel", channel);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    const s = params.toString();
    return s ? `?${s}` : "";
  };

  const body = `
<header>
  <h1>Outbox</h1>
  <p class="muted">Every email and SMS Hirepath sent in local mode (${store.size} in total). Nothing here left this machine.</p>
</header>
${clock ? clockPanel(clock.state()) : ""}
${scheduledPanel(scheduled)}
<form class="filters" method="get" action="${BASE}">
  <label>Recipient <input name="to" value="${esc(to)}" placeholder="candidate@example.com or +86…"></label>
  <label>Channel <select name="channel">
    <option value="">All</option>
    <option value="email"${channel === "email" ? " selected" : ""}>Email</option>
    <option value="sms"${channel === "sms" ? " selected" : ""}>SMS</option>
  </select></label>
  ${paused ? `<input type="hidden" name="refresh" value="0">` : ""}
  <button type="submit">Filter</button>
  ${paused ? `<a href="${esc(BASE + query({}))}">Resume auto-refresh</a>` : `<a href="${esc(BASE + query({ refresh: "0" }))}">Pause auto-refresh</a>`}
</form>
${
  messages.length
    ? `<table class="list">
<thead><tr><th>Sent (UTC)</th><th>Channel</th><th>From</th><th>To</th><th>Subject / message</th><th>Latest event</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : `<p class="empty">No messages${to || channel ? " match this filter" : " yet"}.</p>`
}`;
  return page("Outbox", body, paused ? undefined : refreshSeconds);
}

/** Messages the journeys will send later: when (journey time), what, to whom. */
function scheduledPanel(scheduled: ScheduledSend[]): string {
  if (scheduled.length === 0) return "";
  const rows = scheduled
    .map(
      (s) => `<tr>
  <td class="time"><time datetime="${esc(s.sendAt)}">${esc(formatTime(s.sendAt))}</time></td>
  <td>${s.channel ? `<span class="badge ${s.channel}">${s.channel === "email" ? "Email" : "SMS"}</span>` : ""}</td>
  <td>${esc(s.what)}</td>
  <td>${esc(s.candidateId ?? "")}</td>
</tr>`,
    )
    .join("\n");
  return `<section class="scheduled" aria-label="Scheduled messages">
<h2>Scheduled (${scheduled.length})</h2>
<p class="muted">Planned and not sent yet: held for quiet hours or the daily limit, or planned for their time. Each goes when journey time reaches it; the candidate's timeline says why.</p>
<table class="list">
<thead><tr><th>Sends at (UTC)</th><th>Channel</th><th>Message</th><th>Candidate</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

/** Journey time and the buttons that move it. Forms, not script: each posts to /local/clock and comes back here. */
function clockPanel(state: ReturnType<NonNullable<OutboxPagesOptions["clock"]>["state"]>): string {
  const button = (field: string, value: string, label: string) =>
    `<form method="post" action="/local/clock"><input type="hidden" name="${esc(field)}" value="${esc(value)}"><button type="submit">${esc(label)}</button></form>`;
  const mode = state.paused ? "paused" : `×${state.scale}${state.skip ? ", time-skipping" : ""}`;
  return `<section class="clock" aria-label="Journey time">
  <div><strong>Journey time</strong> <time datetime="${esc(state.now)}">${esc(formatTime(state.now))} UTC</time> <span class="muted">(${esc(mode)})</span></div>
  <div class="muted">Next: ${state.next ? `${esc(timerInWords(state.next.what))} at ${esc(formatTime(state.next.at))} UTC` : "nothing is waiting"}</div>
  <div class="clock-buttons">${button("advance", "PT1H", "+1 hour")}${button("advance", "P1D", "+1 day")}${button("skip", "next", "Next event")}</div>
</section>`;
}

function emailPage(message: OutboxMessage, options: OutboxPagesOptions, opened: boolean): string {
  const base = `${BASE}/messages/${encodeURIComponent(message.id)}`;
  let html = message.html;
  if (html !== undefined) {
    html = options.ses ? options.ses.trackLinks(message.id, html) : html;
    html = inlineCidImages(html, message, base);
  }

  const meta: [string, string][] = [
    ["From", esc(message.from)],
    ["To", esc(message.to.join(", ")) || `<span class="muted">—</span>`],
    ...(message.cc.length ? ([["Cc", esc(message.cc.join(", "))]] as [string, string][]) : []),
    ...(message.bcc.length ? ([["Bcc", esc(message.bcc.join(", "))]] as [string, string][]) : []),
    ...(message.replyTo.length ? ([["Reply-To", esc(message.replyTo.join(", "))]] as [string, string][]) : []),
    ["Sent", esc(formatTime(message.time))],
    ["Message ID", `<code>${esc(message.id)}</code>`],
    [
      "Configuration set",
      message.configurationSet ? esc(message.configurationSet) : `<span class="muted">none: SES publishes no events for this message</span>`,
    ],
    ["Tags", tagList(message.tags)],
    ...(message.listManagement
      ? ([["List management", esc(`${message.listManagement.contactListName}${message.listManagement.topicName ? ` / ${message.listManagement.topicName}` : ""}`)]] as [string, string][])
      : []),
  ];

  const attachments = message.attachments.length
    ? `<h2>Attachments</h2><ul class="attachments">${message.attachments
        .map(
          (a) =>
            `<li><a href="${esc(`${base}/attachments/${a.index}`)}">${esc(a.filename)}</a> <span class="muted">${esc(a.contentType)}, ${esc(formatSize(a.size))}${a.disposition === "inline" ? ", inline" : ""}</span></li>`,
        )
        .join("")}</ul>`
    : "";

  const body = `
<p><a href="${BASE}">← Outbox</a></p>
<h1>${esc(message.subject ?? "(no subject)")}</h1>
${opened ? `<p class="note">Viewing this message published an SES <b>Open</b> event, as the tracking pixel would.</p>` : ""}
<table class="meta">${meta.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join("")}</table>
${attachments}
${
  html !== undefined
    ? `<h2>HTML</h2>
<iframe class="email" title="Email body" sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" srcdoc="${esc(html)}"></iframe>`
    : ""
}
${message.text !== undefined ? `<h2>Text</h2><pre class="text">${linkify(message.text)}</pre>` : ""}
${eventsSection(message)}
<h2>Headers</h2>
<table class="headers">${message.headers.map((h) => `<tr><th>${esc(h.name)}</th><td>${esc(h.value)}</td></tr>`).join("")}</table>
${message.hasRaw ? `<p><a href="${esc(`${base}/raw`)}">Download the raw message (.eml)</a></p>` : ""}`;
  return page(message.subject ?? "Email", body);
}

function smsPage(message: OutboxMessage, options: OutboxPagesOptions): string {
  const canSimulate = message.provider === "pinpoint" ? Boolean(options.pinpoint) : Boolean(options.sms);
  const meta: [string, string][] = [
    ["From", esc(message.from)],
    ["To", esc(message.to.join(", "))],
    ["Sent", esc(formatTime(message.time))],
    ["Message ID", `<code>${esc(message.id)}</code>`],
    ["Sent with", esc(message.provider === "pinpoint" ? `Pinpoint SendMessages (application ${message.applicationId ?? "?"})` : "End User Messaging SendTextMessage")],
    ["Message type", esc(message.messageType ?? "TRANSACTIONAL")],
    ...(message.configurationSet ? ([["Configuration set", esc(message.configurationSet)]] as [string, string][]) : []),
    ["Context", tagList(message.tags)],
  ];
  const body = `
<p><a href="${BASE}">← Outbox</a></p>
<h1>SMS to ${esc(message.to.join(", "))}</h1>
<div class="phone"><div class="bubble">${linkify(message.text ?? "")}</div></div>
<table class="meta">${meta.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join("")}</table>
${eventsSection(message)}
${
  canSimulate
    ? `<h2>Simulate a delivery status</h2>
<form class="simulate" method="post" action="${esc(`${BASE}/api/messages/${encodeURIComponent(message.id)}/sms-events`)}">
  <select name="eventType">${SMS_EVENT_TYPES.map((t) => `<option>${esc(t)}</option>`).join("")}</select>
  <button type="submit">Publish event</button>
</form>`
    : ""
}
${
  options.sms && message.to[0]
    ? `<h2>Reply as the recipient</h2>
<p class="muted">Two-way SMS: STOP, TD or another opt-out keyword puts ${esc(message.to[0])} on the opt-out list${options.sms.optOuts.has(message.to[0]) ? " (<b>it is on the list now</b>)" : ""}; every reply goes to the two-way SNS destination.</p>
<form class="simulate" method="post" action="${BASE}/api/sms/inbound">
  <input type="hidden" name="from" value="${esc(message.to[0])}">
  <input type="hidden" name="to" value="${esc(message.from)}">
  <input type="hidden" name="back" value="${esc(`${BASE}/messages/${encodeURIComponent(message.id)}`)}">
  <input name="body" placeholder="STOP" required>
  <button type="submit">Send reply</button>
</form>`
    : ""
}`;
  // Delivery events arrive a moment after sending: refresh until a final one is in.
  const settled = message.events.some((e) => (e.data as { isFinal?: unknown } | undefined)?.isFinal === true);
  return page(`SMS to ${message.to.join(", ")}`, body, settled ? undefined : 5);
}

function eventsSection(message: OutboxMessage): string {
  if (message.events.length === 0) return `<h2>Events</h2><p class="muted">No events yet.</p>`;
  const rows = message.events
    .map(
      (e) => `<tr>
  <td>${esc(formatTime(e.time))}</td>
  <td><span class="status ${statusClass(e.type)}">${esc(e.type)}</span></td>
  <td class="muted">${esc(e.detailType ?? "")}</td>
  <td>${e.sinkError ? `<div class="error">Handler failed: ${esc(e.sinkError)}</div>` : ""}${
    e.data !== undefined ? `<details><summary>detail</summary><pre>${esc(JSON.stringify(e.data, null, 2))}</pre></details>` : ""
  }</td>
</tr>`,
    )
    .join("");
  return `<h2>Events</h2><table class="events"><thead><tr><th>Time (UTC)</th><th>Event</th><th>detail-type</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Point `cid:` image references at the attachment download URLs so inline images display. */
function inlineCidImages(html: string, message: OutboxMessage, base: string): string {
  const byCid = new Map(message.attachments.filter((a) => a.contentId).map((a) => [a.contentId!.toLowerCase(), a.index]));
  if (byCid.size === 0) return html;
  return html.replace(/(\bsrc\s*=\s*["']?)cid:([^"'\s>]+)/gi, (whole, prefix: string, cid: string) => {
    const index = byCid.get(segment(cid).toLowerCase());
    return index === undefined ? whole : `${prefix}${base}/attachments/${index}`;
  });
}

// -----------------------------------------------------------------------------------------------
// Rendering helpers

function page(title: string, body: string, refreshSeconds?: number): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : ""}
<title>${esc(title)} · Hirepath outbox</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

const STYLE = `
:root { color-scheme: light; --muted: #667085; --line: #e4e7ec; --accent: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; background: #f8fafc; color: #101828;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 8px 0 12px; } h2 { font-size: 17px; margin: 28px 0 10px; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
.muted { color: var(--muted); }
.scheduled { margin: 0 0 12px; } .scheduled h2 { font-size: 1rem; margin: 0 0 4px; } .scheduled p { margin: 0 0 6px; }
.clock { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; margin: 0 0 12px; }
.clock-buttons { display: flex; gap: 8px; } .clock-buttons form { margin: 0; }
.note { background: #eff6ff; border: 1px solid #bfdbfe; padding: 8px 12px; border-radius: 6px; }
.error { color: #b42318; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
thead th { font-size: 13px; color: var(--muted); font-weight: 600; background: #f9fafb; }
table.meta th, table.headers th { width: 180px; color: var(--muted); font-weight: 500; }
table.headers td { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; word-break: break-all; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.summary { max-width: 420px; }
.badge, .status { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.email { background: #e0e7ff; color: #3730a3; } .badge.sms { background: #dcfce7; color: #166534; }
.status.good { background: #dcfce7; color: #166534; } .status.bad { background: #fee4e2; color: #b42318; }
.status.info { background: #f2f4f7; color: #344054; }
.filters { display: flex; gap: 12px; align-items: end; flex-wrap: wrap; margin: 12px 0 16px; }
.filters label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); gap: 4px; }
input, select, button { font: inherit; padding: 6px 10px; border: 1px solid #d0d5dd; border-radius: 6px; background: #fff; }
input[name=to] { min-width: 280px; } button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent); }
.empty { padding: 40px; text-align: center; color: var(--muted); background: #fff; border: 1px dashed var(--line); border-radius: 8px; }
iframe.email { width: 100%; height: 640px; border: 1px solid var(--line); border-radius: 8px; background: #fff; resize: vertical; }
pre { white-space: pre-wrap; word-break: break-word; margin: 0; }
pre.text { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px; font-size: 14px; }
details pre { background: #f9fafb; padding: 8px; font-size: 12px; max-height: 360px; overflow: auto; }
ul.attachments { padding-left: 20px; }
.phone { max-width: 380px; background: #fff; border: 1px solid var(--line); border-radius: 20px; padding: 20px; margin-bottom: 16px; }
.bubble { background: #e9e9eb; border-radius: 16px; padding: 10px 14px; white-space: pre-wrap; word-break: break-word; }
.tags code { background: #f2f4f7; padding: 1px 6px; border-radius: 4px; margin-right: 6px; }
.simulate { display: flex; gap: 8px; }
/* A phone: each message row becomes a card, so the page never scrolls sideways. */
@media (max-width: 640px) {
  main { padding: 16px; }
  input[name=to] { min-width: 0; width: 100%; } .filters label:first-child { flex: 1 1 100%; }
  table.list thead { display: none; }
  table.list, table.list tbody, table.list tr, table.list td { display: block; width: auto; }
  table.list tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  table.list td { border: 0; padding: 2px 12px; overflow-wrap: anywhere; }
  table.list td.time { white-space: normal; font-weight: 600; }
  table.meta th, table.headers th { width: auto; }
  table.meta td, table.headers td { overflow-wrap: anywhere; }
}
`;

function statusBadge(message: OutboxMessage): string {
  const last = message.events.at(-1);
  if (last) return `<span class="status ${statusClass(last.type)}">${esc(last.type)}</span>`;
  if (message.provider === "sesv2" && !message.configurationSet) return `<span class="muted" title="Sent without a configuration set">no events</span>`;
  return `<span class="muted">sent</span>`;
}

const GOOD = new Set(["Send", "Delivery", "Open", "Click", "TEXT_SUCCESSFUL", "TEXT_DELIVERED"]);
const NEUTRAL = new Set(["DeliveryDelay", "TEXT_QUEUED", "TEXT_PENDING", "Subscription"]);

function statusClass(type: string): "good" | "bad" | "info" {
  if (GOOD.has(type)) return "good";
  if (NEUTRAL.has(type)) return "info";
  return "bad";
}

function tagList(tags: Record<string, string>): string {
  const entries = Object.entries(tags);
  if (entries.length === 0) return `<span class="muted">none</span>`;
  return `<span class="tags">${entries.map(([k, v]) => `<code>${esc(k)}=${esc(v)}</code>`).join("")}</span>`;
}

/** Escape text, then turn http(s) URLs into links (used for text bodies; these are not tracked, as in SES). */
function linkify(text: string): string {
  return esc(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}" target="_blank" rel="noopener">${url}</a>`);
}

function esc(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function truncate(s: string, max: number): string {
  const single = s.replace(/\s+/g, " ").trim();
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}

function formatTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, "").replace(/Z$/, "");
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A decoded path segment; a malformed %-escape is kept as is (and then simply matches nothing). */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function viewerOf(req: IncomingMessage): Viewer {
  const ua = req.headers["user-agent"];
  return {
    ipAddress: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
    ...(typeof ua === "string" ? { userAgent: ua } : {}),
  };
}

// -----------------------------------------------------------------------------------------------
// Responses

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  // No scripts anywhere; images/styles/fonts of the email itself may come from anywhere.
  "content-security-policy": "default-src 'self'; script-src 'none'; img-src * data:; style-src * 'unsafe-inline'; font-src * data:; object-src 'none'; base-uri 'none'; form-action 'self'",
  "cache-control": "no-store",
};

function sendHtml(res: ServerResponse, status: number, html: string, method: string): void {
  const body = Buffer.from(html, "utf8");
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": body.length, ...SECURITY_HEADERS });
  res.end(method === "HEAD" ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value, null, 2), "utf8");
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": body.length, "cache-control": "no-store" });
  res.end(body);
}

function sendDownload(res: ServerResponse, bytes: Buffer, contentType: string, filename: string, method: string): void {
  // Always a download, never rendered inline: an attachment is untrusted content on our origin.
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  res.writeHead(200, {
    "content-type": contentType || "application/octet-stream",
    "content-length": bytes.length,
    "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    ...SECURITY_HEADERS,
  });
  res.end(method === "HEAD" ? undefined : bytes);
}

function notFound(res: ServerResponse, method: string): void {
  sendHtml(res, 404, page("Not found", `<p><a href="${BASE}">← Outbox</a></p><h1>Not found</h1><p>There is no such message or page in the outbox.</p>`), method);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
