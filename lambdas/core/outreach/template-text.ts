// HR's own wording of a candidate message: `{{variable}}` text for the email's subject and body and for
// the SMS. This module knows which variables each template may and must use, checks a text before it is
// stored, and renders it with the values the send path computed. Rendering is pure and escapes every
// value: a candidate's name is text in the email's HTML, never markup, and never a line break in a
// subject header.
//
// The email body is text in paragraphs (a blank line between them) with a small set of inline HTML
// (b, strong, i, em, u, br, p, ul, ol, li, a href): enough to emphasise and link, too little to break an
// email client's layout or carry script. Every variable ending in Url becomes a link where it stands.
import { SegmentedMessage } from "sms-segments-calculator";
import type { Locale } from "../shared/model.js";
import { escapeHtml } from "../shared/escape-html.js";
import { smsPrefix } from "./sms-signature.js";
import { BLOCK_VARIABLES, MESSAGE_KIND_NAMES, MESSAGE_KINDS, smsSegmentBudget, type MessageKind, type MessageKindSpec, type TextChannel, type TextVariable } from "./message-kinds.js";

export { TEXT_VARIABLES, type TextChannel, type TextVariable } from "./message-kinds.js";

/** Every message HR may reword: every message the system sends (message-kinds.ts). */
export const EDITABLE_TEMPLATES = MESSAGE_KIND_NAMES;
export type EditableTemplate = MessageKind;

/** The words carriers and the law expect in a marketing-style SMS; an SMS text must carry them. */
export const OPT_OUT_TEXT: Record<Locale, string> = { "zh-CN": "回复TD退订", en: "Reply STOP to opt out" };

const spec = (template: EditableTemplate): MessageKindSpec => MESSAGE_KINDS[template];

/** Whether the send path can send the template on the channel (offer and staff emails are email only). */
export function sendsBy(template: EditableTemplate, channel: TextChannel): boolean {
  return spec(template).channels.includes(channel);
}

/** The variables a template's text may use on a channel: what the send path has for that template. */
export function allowedVariables(template: EditableTemplate, channel: TextChannel): TextVariable[] {
  if (!sendsBy(template, channel)) return [];
  return [...spec(template).variables, ...(channel === "sms" ? (["optOut"] as const) : [])];
}

/** The variables a template's text must use. An SMS must let people opt out ({{optOut}} or the words themselves). */
export function requiredVariables(template: EditableTemplate, channel: TextChannel): TextVariable[] {
  if (!sendsBy(template, channel)) return [];
  return [...spec(template).required, ...(channel === "sms" ? (["optOut"] as const) : [])];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;
const isUrlVariable = (name: string) => name.endsWith("Url");

export function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export interface TextIssue {
  path: string;
  message: string;
  code: "empty_text" | "unknown_variable" | "malformed_variable" | "required_variable_missing" | "html_invalid" | "sms_too_long" | "subject_invalid" | "channel_not_sent";
  /** What the code refers to (the variable's name, the segment count …), for a page that words the problem in its own language. */
  params?: Record<string, string | number>;
}

export interface EmailText {
  subject: string;
  body: string;
}
export interface SmsText {
  body: string;
}

// ---- the email body's HTML -----------------------------------------------------------------------

const ALLOWED_TAGS = new Set(["b", "strong", "i", "em", "u", "br", "p", "ul", "ol", "li", "a"]);
const VOID_TAGS = new Set(["br"]);
const BLOCK_TAGS = new Set(["p", "ul", "ol"]);
const TAG = /^<(\/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/;
const ATTRIBUTE = /([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

type Token = { kind: "text"; text: string } | { kind: "tag"; name: string; closing: boolean; href?: string; raw: string };

/** The body as text runs and allowed tags, or the first thing that would break the email. */
/** Why a body's HTML was refused, for a page that words it in its own language. */
export type HtmlProblem = "not_a_tag" | "tag_not_allowed" | "attribute_not_allowed" | "href_invalid" | "href_missing" | "void_closed" | "close_mismatch" | "close_unopened" | "nesting_invalid" | "never_closed";
type TokenError = { error: string; reason: HtmlProblem; tag: string };
const refused = (reason: HtmlProblem, tag: string, error: string): TokenError => ({ error, reason, tag });

function tokenize(body: string): { tokens: Token[] } | TokenError {
  const tokens: Token[] = [];
  const open: string[] = [];
  let i = 0;
  let text = "";
  while (i < body.length) {
    const lt = body.indexOf("<", i);
    if (lt < 0) {
      text += body.slice(i);
      break;
    }
    text += body.slice(i, lt);
    const m = TAG.exec(body.slice(lt));
    if (!m) return refused("not_a_tag", body.slice(lt, lt + 12), `"${body.slice(lt, lt + 12)}…" is not a tag this email can carry: write &lt; for a "<" in the text`);
    const [raw, slash, rawName, attrs, selfClosing] = m;
    const name = rawName!.toLowerCase();
    if (!ALLOWED_TAGS.has(name)) return refused("tag_not_allowed", `<${name}>`, `<${name}> is not allowed: use b, strong, i, em, u, br, p, ul, ol, li or a href`);
    let href: string | undefined;
    for (const a of attrs!.matchAll(ATTRIBUTE)) {
      const attr = a[1]!.toLowerCase();
      const value = a[2] ?? a[3] ?? a[4] ?? "";
      if (name !== "a" || attr !== "href") return refused("attribute_not_allowed", `<${name} ${attr}>`, `<${name} ${attr}>: only <a> may have an attribute, and only href`);
      const variable = /^\{\{\s*([A-Za-z][\w.]*)\s*\}\}$/.exec(value.trim());
      if (!(variable && isUrlVariable(variable[1]!)) && !/^(https?:\/\/|mailto:)[^\s]+$/i.test(value.trim())) {
        return refused("href_invalid", `<a href="${value}">`, `<a href="${value}">: a link goes to a {{…Url}} variable or an https:// or mailto: address`);
      }
      href = value.trim();
    }
    if (name === "a" && !slash && href === undefined) return refused("href_missing", "<a>", "<a> needs an href");
    if (text) tokens.push({ kind: "text", text });
    text = "";
    if (slash) {
      if (VOID_TAGS.has(name)) return refused("void_closed", `</${name}>`, `</${name}> closes nothing: write <${name}>`);
      if (open.at(-1) !== name) return open.length ? refused("close_mismatch", `</${name}>`, `</${name}> where </${open.at(-1)}> was expected`) : refused("close_unopened", `</${name}>`, `</${name}> closes a tag that was never opened`);
      open.pop();
    } else if (!VOID_TAGS.has(name) && !selfClosing) {
      if (BLOCK_TAGS.has(name) && open.some((o) => o !== "li" && !BLOCK_TAGS.has(o))) return refused("nesting_invalid", `<${name}>`, `<${name}> cannot sit inside <${open.at(-1)}>`);
      open.push(name);
    }
    tokens.push({ kind: "tag", name, closing: Boolean(slash), ...(href !== undefined ? { href } : {}), raw: raw! });
    i = lt + raw!.length;
  }
  if (text) tokens.push({ kind: "text", text });
  if (open.length) return refused("never_closed", `<${open.at(-1)}>`, `<${open.at(-1)}> is never closed`);
  return { tokens };
}

// ---- checking ------------------------------------------------------------------------------------

/** Values with the length of real ones, for the SMS segment count: our short links, a typical name and title. */
function budgetSample(locale: Locale, publicBaseUrl: string): Partial<Record<TextVariable, string>> {
  const short = `${publicBaseUrl.replace(/\/$/, "")}/s/Ab3dE6gH2k`;
  const zh = locale === "zh-CN";
  return {
    candidateName: zh ? "欧阳小明" : "Alex Chen",
    requisitionTitle: zh ? "大客户销售经理" : "Senior Account Executive",
    portalUrl: short,
    unsubscribeUrl: short,
    actionUrl: short,
    salaryRange: zh ? "15k-25k CNY/月" : "15k-25k CNY/month",
    caresAbout: zh ? "弹性工作" : "flexible hours",
    "interview.when": zh ? "12月8日周二 14:30（GMT+8）" : "Tue, Dec 8, 2:30 PM PST",
    "interview.where": "https://meeting.tencent.com/dm/Ab3dE6gH",
    "interview.location": zh ? "上海市静安区南京西路1266号" : "500 Howard St, San Francisco",
    "interview.videoUrl": "https://meeting.tencent.com/dm/Ab3dE6gH",
    "interview.interviewerName": "Li",
    "interview.whatToBring": zh ? "身份证" : "ID",
    "interview.confirmUrl": short,
    "interview.rescheduleUrl": short,
    "interview.declineUrl": short,
    optOut: OPT_OUT_TEXT[locale],
  };
}

function variableIssues(text: string, path: string, template: EditableTemplate, channel: TextChannel, required: boolean, locale: Locale): TextIssue[] {
  const issues: TextIssue[] = [];
  const allowed = allowedVariables(template, channel);
  for (const name of variablesIn(text)) {
    if (!(allowed as string[]).includes(name)) issues.push({ path, code: "unknown_variable", params: { variable: name, allowed: allowed.map((v) => `{{${v}}}`).join(", ") }, message: `{{${name}}} is not a variable this template can use; it can use ${allowed.map((v) => `{{${v}}}`).join(", ")}` });
    // A block (the offer's terms) is laid out by the code: it has a place in the body, not in a subject.
    else if (BLOCK_VARIABLES.has(name as TextVariable) && path !== "email.body") issues.push({ path, code: "unknown_variable", params: { variable: name, place: "block" }, message: `{{${name}}} is a block of the email (a table): it goes in the body, on a line of its own` });
  }
  if (/\{\{|\}\}/.test(text.replace(PLACEHOLDER, ""))) issues.push({ path, code: "malformed_variable", params: {}, message: "a {{ without its }} (or the other way round): write variables as {{candidateName}}" });
  if (required) {
    const used = variablesIn(text);
    for (const name of requiredVariables(template, channel)) {
      if (used.includes(name)) continue;
      if (name === "optOut" && text.includes(locale === "zh-CN" ? "TD退订" : "STOP")) continue;
      issues.push({
        path,
        code: "required_variable_missing",
        params: { variable: name },
        message: name === "optOut" ? `an SMS must tell people how to opt out: add {{optOut}} ("${OPT_OUT_TEXT[locale]}")` : `this message must carry {{${name}}}: it is ${name.endsWith("Url") ? "the link the reader acts on" : "what the message exists to deliver"}`,
      });
    }
  }
  return issues;
}

export interface CheckOptions {
  /** SMS_SIGNATURE, which starts every SMS and counts toward its length. */
  smsSignature?: string;
  publicBaseUrl: string;
}

/** Every problem with HR's text, each with its field path (`email.body`), or none. */
export function checkTemplateText(template: EditableTemplate, locale: Locale, text: { email?: EmailText; sms?: SmsText }, options: CheckOptions): TextIssue[] {
  const issues: TextIssue[] = [];
  if (text.email) {
    const { subject, body } = text.email;
    if (!subject.trim()) issues.push({ path: "email.subject", code: "empty_text", params: {}, message: "the subject is empty" });
    else {
      if (/[\r\n]/.test(subject)) issues.push({ path: "email.subject", code: "subject_invalid", params: { reason: "multiline" }, message: "a subject is one line" });
      if (/<[A-Za-z/]/.test(subject)) issues.push({ path: "email.subject", code: "subject_invalid", params: { reason: "html" }, message: "a subject is plain text: no HTML" });
      issues.push(...variableIssues(subject, "email.subject", template, "email", false, locale));
    }
    if (!body.trim()) issues.push({ path: "email.body", code: "empty_text", params: {}, message: "the email body is empty" });
    else {
      const tokens = tokenize(body);
      if ("error" in tokens) issues.push({ path: "email.body", code: "html_invalid", params: { reason: tokens.reason, tag: tokens.tag }, message: tokens.error });
      // The subject may carry the link's variable too, but the body is where the candidate clicks.
      issues.push(...variableIssues(body, "email.body", template, "email", true, locale));
    }
  }
  if (text.sms && !sendsBy(template, "sms")) {
    issues.push({ path: "sms.body", code: "channel_not_sent", params: {}, message: "this message goes by email only: it has no SMS text" });
  } else if (text.sms) {
    const { body } = text.sms;
    if (!body.trim()) issues.push({ path: "sms.body", code: "empty_text", params: {}, message: "the SMS is empty" });
    else {
      const found = variableIssues(body, "sms.body", template, "sms", true, locale);
      issues.push(...found);
      if (!found.some((i) => i.code === "unknown_variable" || i.code === "malformed_variable")) {
        const sample = renderSmsText(body, locale, budgetSample(locale, options.publicBaseUrl), options.smsSignature);
        const segments = smsSegments(sample);
        const budget = smsSegmentBudget(template, locale) ?? 1;
        if (segments.count > budget) {
          issues.push({ path: "sms.body", code: "sms_too_long", params: { segments: segments.count, budget, encoding: segments.encoding, characters: segments.characters }, message: `with typical values this SMS is ${segments.count} segments (${segments.encoding}, ${segments.characters} characters, signature included); this message may take ${budget}` });
        }
      }
    }
  }
  return issues;
}

/** Segments as carriers count them (GSM-7 160/153, UCS-2 70/67: one Chinese character makes it UCS-2). */
export function smsSegments(body: string): { count: number; encoding: string; characters: number } {
  const m = new SegmentedMessage(body, "auto");
  return { count: m.segmentsCount, encoding: m.encodingName, characters: m.numberOfCharacters };
}

// ---- rendering -----------------------------------------------------------------------------------

export type TextValues = Partial<Record<TextVariable, string>>;

/** A value as a message carries it: one line, no control characters, whatever the record held. */
const oneLine = (v: string | undefined) => (v ?? "").replace(/[\u0000-\u001f\u007f]+/g, " ").trim();

function substitute(text: string, values: TextValues, each: (name: string, value: string) => string): string {
  // A block's plain text keeps its lines (the terms, one per line); every other value is one line.
  return text.replace(PLACEHOLDER, (_, name: string) => each(name, BLOCK_VARIABLES.has(name as TextVariable) ? (values[name as TextVariable] ?? "").trim() : oneLine(values[name as TextVariable])));
}

export function renderSmsText(body: string, locale: Locale, values: TextValues, smsSignature?: string): string {
  const text = substitute(body.trim(), { ...values, optOut: OPT_OUT_TEXT[locale] }, (_, v) => v);
  // Carriers need the registered signature first; it is the deployer's, never the template's.
  return `${smsPrefix(locale, smsSignature)}${text.replace(/\s*\n\s*/g, " ")}`;
}

const decodeEntities = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|#39|nbsp);/g, (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', "#39": "'", nbsp: " " })[e]!);
/** A bare & in HR's text becomes &amp;; entities they wrote stay. */
const fixAmpersands = (s: string) => s.replace(/&(?!(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)/g, "&amp;");

export interface EmailLabels {
  unsubscribe: string;
}

/** The HTML of block variables (the offer's terms as a table), laid out by the code; their plain text is in the values. */
export type TextBlocks = Partial<Record<TextVariable, string>>;

const blockMark = (i: number) => `\u0000block${i}\u0000`;

/** HR's email text as the email: subject, HTML (the same frame as the code's templates) and plain text. */
export function renderEmailText(text: EmailText, locale: Locale, values: TextValues, labels: EmailLabels, blocks: TextBlocks = {}): { subject: string; html: string; text: string } {
  const subject = substitute(text.subject, values, (_, v) => v).replace(/\s+/g, " ").trim();
  const tokens = tokenize(text.body.trim());
  // Checked when saved; a text that no longer passes (an old version) is sent as plain text, never as broken HTML.
  const parts: Token[] = "error" in tokens ? [{ kind: "text", text: escapeHtml(text.body.trim()) }] : tokens.tokens;
  let html = "";
  let plain = "";
  const hrefs: string[] = [];
  const linkText: string[] = [];
  const placed: string[] = [];
  for (const part of parts) {
    if (part.kind === "text") {
      html += substitute(fixAmpersands(part.text), values, (name, v) => {
        const block = blocks[name as TextVariable];
        // A block stands for itself (a table): marked here, put in after the paragraphs are made, outside any <p>.
        if (block !== undefined) return blockMark(placed.push(block) - 1);
        return isUrlVariable(name) && v && hrefs.length === 0 ? `<a href="${escapeHtml(v)}">${escapeHtml(v)}</a>` : escapeHtml(v);
      });
      const t = substitute(decodeEntities(part.text), values, (_, v) => v);
      plain += t;
      if (hrefs.length) linkText.push(t);
      continue;
    }
    if (part.name === "a" && !part.closing) {
      const href = substitute(part.href ?? "", values, (_, v) => v);
      hrefs.push(href);
      linkText.length = 0;
      html += `<a href="${escapeHtml(href)}">`;
    } else if (part.name === "a") {
      const href = hrefs.pop() ?? "";
      if (linkText.join("").trim() !== href) plain += ` (${href})`;
      html += "</a>";
    } else {
      html += `<${part.closing ? "/" : ""}${part.name}>`;
      if (part.name === "br") plain += "\n";
      if (part.name === "li" && !part.closing) plain += "\n- ";
      if ((part.name === "p" || part.name === "ul" || part.name === "ol") && part.closing) plain += "\n\n";
    }
  }
  const paragraphs = html
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (/^<(p|ul|ol)>/.test(p) ? p : `<p>${p.replace(/\n/g, "<br>\n")}</p>`))
    .map((p) => p.replace(/(?:<p>)?\u0000block(\d+)\u0000(?:<\/p>)?/g, (_, i: string) => `</p>${placed[Number(i)]}<p>`).replace(/<p>(?:\s|<br>)*<\/p>/g, "").replace(/^<\/p>|<p>$/g, ""));
  const unsubscribeUrl = oneLine(values.unsubscribeUrl);
  // ses:no-track, as in the code's templates: an unsubscribe click is not engagement with the message.
  const footer = unsubscribeUrl ? `<p style="color:#9ca3af;font-size:12px"><a ses:no-track href="${escapeHtml(unsubscribeUrl)}" style="color:#9ca3af">${escapeHtml(labels.unsubscribe)}</a></p>` : "";
  const htmlDoc = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">
${paragraphs.join("\n")}
${footer}
</body></html>`;
  const plainText = [plain.replace(/\n{3,}/g, "\n\n").trim(), ...(unsubscribeUrl ? ["", `${labels.unsubscribe}: ${unsubscribeUrl}`] : [])].join("\n");
  return { subject, html: htmlDoc, text: plainText };
}
