// A small MIME reader for the SES emulator's Content.Raw and for the outbox pages.
//
// We parse only what the outbox needs to show a message the way a mail client would: the
// top-level headers, the subject and addresses (RFC 2047 encoded-words, since Hirepath mails in
// zh-CN as well as en), the first text/html and text/plain bodies, and every attachment with its
// bytes. Transfer encodings: base64, quoted-printable, 7bit/8bit/binary. Charsets go through
// TextDecoder, which on Node's full-ICU build also knows GBK/GB18030/Big5.
//
// The message is handled as a latin1 ("binary") string while splitting, so every byte maps to
// exactly one char and part bodies can be turned back into the original bytes losslessly.

export interface MimeHeader {
  name: string;
  /** The unfolded header value as written (encoded-words are left encoded, like SES reports them). */
  value: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  disposition: "attachment" | "inline";
  contentId?: string;
  content: Buffer;
}

export interface ParsedMessage {
  headers: MimeHeader[];
  subject?: string;
  from?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  date?: string;
  messageId?: string;
  html?: string;
  text?: string;
  attachments: ParsedAttachment[];
}

interface Entity {
  headers: MimeHeader[];
  /** Body as a latin1 string (one char per byte). */
  body: string;
}

interface HeaderValue {
  value: string;
  params: Record<string, string>;
}

/** Parse a whole RFC 5322 message (as SES receives it in Content.Raw.Data). */
export function parseMime(raw: Buffer): ParsedMessage {
  const root = splitEntity(raw.toString("latin1"));
  const result: ParsedMessage = {
    headers: root.headers,
    to: [],
    cc: [],
    bcc: [],
    replyTo: [],
    attachments: [],
  };
  const get = (name: string) => headerValue(root.headers, name);
  const subject = get("subject");
  if (subject !== undefined) result.subject = decodeEncodedWords(subject);
  const from = get("from");
  if (from !== undefined) result.from = decodeEncodedWords(from).trim();
  result.to = decodedList(get("to"));
  result.cc = decodedList(get("cc"));
  result.bcc = decodedList(get("bcc"));
  result.replyTo = decodedList(get("reply-to"));
  result.date = get("date");
  result.messageId = get("message-id");
  walk(root, result);
  return result;
}

/** First header with that name (case-insensitive). */
export function headerValue(headers: readonly MimeHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

function decodedList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return splitAddressList(value).map((a) => decodeEncodedWords(a).trim());
}

// ---------------------------------------------------------------------------------------------
// Entities and multipart

function splitEntity(text: string): Entity {
  // Headers end at the first empty line; a message with no empty line is all headers.
  const match = /\r?\n\r?\n/.exec(text);
  const headerBlock = match ? text.slice(0, match.index) : text;
  const body = match ? text.slice(match.index + match[0].length) : "";
  return { headers: parseHeaderBlock(headerBlock), body };
}

function parseHeaderBlock(block: string): MimeHeader[] {
  const headers: MimeHeader[] = [];
  // Unfold: a line starting with whitespace continues the previous header (RFC 5322 2.2.3).
  const unfolded = block.replace(/\r?\n(?=[ \t])/g, "");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    // Header bytes may be raw UTF-8 (RFC 6532); decode them if they are valid UTF-8.
    const value = latin1ToText(line.slice(colon + 1).trim());
    headers.push({ name, value });
  }
  return headers;
}

function latin1ToText(s: string): string {
  if (!/[\x80-\xff]/.test(s)) return s;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(s, "latin1"));
  } catch {
    return s;
  }
}

function walk(entity: Entity, out: ParsedMessage): void {
  const type = parseHeaderValue(headerValue(entity.headers, "content-type") ?? "text/plain; charset=us-ascii");
  const mediaType = type.value || "text/plain";

  if (mediaType.startsWith("multipart/")) {
    const boundary = type.params["boundary"];
    if (!boundary) return;
    for (const part of splitMultipart(entity.body, boundary)) walk(splitEntity(part), out);
    return;
  }

  const disposition = parseHeaderValue(headerValue(entity.headers, "content-disposition") ?? "");
  const filename = disposition.params["filename"] ?? type.params["name"];
  const contentId = headerValue(entity.headers, "content-id")?.replace(/^<|>$/g, "");
  const isAttachment = disposition.value === "attachment" || filename !== undefined;
  const bytes = decodeTransfer(entity.body, headerValue(entity.headers, "content-transfer-encoding"));

  if (!isAttachment && mediaType === "text/html" && out.html === undefined) {
    out.html = decodeCharset(bytes, type.params["charset"]);
    return;
  }
  if (!isAttachment && mediaType === "text/plain" && out.text === undefined) {
    out.text = decodeCharset(bytes, type.params["charset"]);
    return;
  }
  // Anything else (images, PDFs, forwarded message/rfc822, extra text parts) is an attachment.
  const index = out.attachments.length + 1;
  out.attachments.push({
    filename: filename ? decodeEncodedWords(filename) : defaultFilename(mediaType, index, contentId),
    contentType: mediaType,
    disposition: disposition.value === "attachment" || (!contentId && disposition.value !== "inline") ? "attachment" : "inline",
    ...(contentId ? { contentId } : {}),
    content: bytes,
  });
}

function defaultFilename(mediaType: string, index: number, contentId?: string): string {
  if (mediaType === "message/rfc822") return `message-${index}.eml`;
  const ext = mediaType.split("/")[1]?.replace(/[^a-z0-9]+/gi, "") || "bin";
  return `${contentId ? contentId.replace(/[^A-Za-z0-9._-]+/g, "_") : `part-${index}`}.${ext}`;
}

function splitMultipart(body: string, boundary: string): string[] {
  // A delimiter is "--boundary" at the start of a line; "--boundary--" closes the multipart.
  // The CRLF before a delimiter belongs to the delimiter, not to the part (RFC 2046 5.1.1).
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?:\\r?\\n|$)`, "g");
  const parts: string[] = [];
  let start: number | undefined;
  for (let m = delimiter.exec(body); m; m = delimiter.exec(body)) {
    if (start !== undefined) parts.push(body.slice(start, m.index));
    if (m[1] === "--") return parts;
    start = m.index + m[0].length;
  }
  // No closing delimiter: be lenient and keep what we have.
  if (start !== undefined) parts.push(body.slice(start));
  return parts;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---------------------------------------------------------------------------------------------
// Transfer encodings and charsets

function decodeTransfer(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? "7bit").trim().toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
    case "quoted-printable":
      return decodeQuotedPrintable(body);
    default:
      return Buffer.from(body, "latin1");
  }
}

/** Quoted-printable body decoding (RFC 2045 6.7): soft line breaks and =XX escapes. */
export function decodeQuotedPrintable(input: string): Buffer {
  const text = input.replace(/[ \t]+(?=\r?\n)/g, "").replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d /* = */ && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(c & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Bytes to text in the given charset; unknown charsets fall back to UTF-8 rather than failing. */
export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  const label = (charset ?? "utf-8").trim().toLowerCase();
  try {
    return new TextDecoder(label === "us-ascii" || label === "ascii" ? "utf-8" : label).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

// ---------------------------------------------------------------------------------------------
// RFC 2047 encoded-words

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/**
 * Decode RFC 2047 encoded-words ("=?UTF-8?B?5oKo5aW9?="). Whitespace between adjacent
 * encoded-words is dropped (RFC 2047 6.2), and adjacent words in the same charset are joined at
 * the byte level first, because encoders often split one multi-byte character across two words.
 */
export function decodeEncodedWords(value: string): string {
  let out = "";
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  let lastEnd = 0;
  const flush = () => {
    if (pending) out += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = undefined;
  };
  for (const m of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(lastEnd, m.index);
    const charset = (m[1] ?? "utf-8").split("*")[0]!.toLowerCase(); // drop RFC 2231 language
    const bytes = decodeWord(m[2]!.toUpperCase(), m[3] ?? "");
    if (pending && /^\s*$/.test(between) && pending.charset === charset) {
      pending.bytes.push(bytes);
    } else {
      flush();
      // Whitespace between two encoded-words in different charsets is still dropped.
      if (!(lastEnd > 0 && /^\s*$/.test(between))) out += between;
      pending = { charset, bytes: [bytes] };
    }
    lastEnd = m.index + m[0].length;
  }
  flush();
  return out + value.slice(lastEnd);
}

function decodeWord(encoding: string, text: string): Buffer {
  if (encoding === "B") return Buffer.from(text, "base64");
  // "Q" encoding: like quoted-printable, with "_" standing for a space.
  return decodeQuotedPrintable(text.replace(/_/g, " "));
}

// ---------------------------------------------------------------------------------------------
// Structured header values: Content-Type / Content-Disposition with parameters

/** "multipart/mixed; boundary=\"x\"" → { value: "multipart/mixed", params: { boundary: "x" } }. */
export function parseHeaderValue(header: string): HeaderValue {
  const pieces = splitOutsideQuotes(header, ";");
  const value = (pieces.shift() ?? "").trim().toLowerCase();
  const simple: Record<string, string> = {};
  // RFC 2231 extended / continued parameters: name*=charset'lang'%XX, name*0*=..., name*1=...
  const extended = new Map<string, { index: number; encoded: boolean; text: string }[]>();
  for (const piece of pieces) {
    const eq = piece.indexOf("=");
    if (eq < 0) continue;
    const key = piece.slice(0, eq).trim().toLowerCase();
    const text = unquote(piece.slice(eq + 1).trim());
    const m = /^([^*]+)\*(?:(\d+)(\*)?)?$/.exec(key);
    if (!m) {
      simple[key] = text;
      continue;
    }
    const base = m[1]!;
    const segments = extended.get(base) ?? [];
    segments.push({ index: m[2] === undefined ? 0 : Number(m[2]), encoded: m[2] === undefined || m[3] === "*", text });
    extended.set(base, segments);
  }
  const params: Record<string, string> = { ...simple };
  for (const [name, segments] of extended) {
    segments.sort((a, b) => a.index - b.index);
    let charset = "utf-8";
    const bytes: Buffer[] = [];
    segments.forEach((segment, i) => {
      let text = segment.text;
      if (i === 0 && segment.encoded) {
        const parts = /^([^']*)'[^']*'(.*)$/s.exec(text);
        if (parts) {
          charset = parts[1] || charset;
          text = parts[2] ?? "";
        }
      }
      bytes.push(segment.encoded ? percentDecode(text) : Buffer.from(text, "latin1"));
    });
    params[name] = decodeCharset(Buffer.concat(bytes), charset);
  }
  // Many mailers put RFC 2047 words inside quoted parameters (filename="=?UTF-8?B?...?=").
  for (const key of Object.keys(params)) params[key] = decodeEncodedWords(params[key]!);
  return { value, params };
}

function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(.)/g, "$1");
  return s;
}

function splitOutsideQuotes(s: string, separator: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\" && quoted) {
      current += c + (s[i + 1] ?? "");
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === separator && !quoted) {
      out.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Addresses

/**
 * Split an address-list header ("A <a@x>, \"B, C\" <b@x>") at top-level commas, respecting
 * quoted display names, angle brackets and comments. Group syntax ("team: a@x, b@x;") is
 * flattened into its members.
 */
export function splitAddressList(value: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  let angle = 0;
  let comment = 0;
  const push = () => {
    const item = current.trim().replace(/;$/, "").trim();
    if (item) out.push(item);
    current = "";
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted) {
      if (c === "\\") {
        current += c + (value[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === '"') quoted = false;
      current += c;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "(") comment++;
    else if (c === ")" && comment > 0) comment--;
    else if (c === "<") angle++;
    else if (c === ">" && angle > 0) angle--;
    else if (c === ":" && angle === 0 && comment === 0 && !current.includes("@")) {
      current = ""; // "group-name:" prefix
      continue;
    } else if ((c === "," || c === ";") && angle === 0 && comment === 0) {
      push();
      continue;
    }
    current += c;
  }
  push();
  return out;
}

/** "Name <a@example.com>" → "a@example.com"; a bare address is returned trimmed. */
export function addressOf(mailbox: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(mailbox);
  const address = angle ? angle[1]! : mailbox.replace(/\([^)]*\)/g, "");
  return address.trim();
}

/** Domain part of an address or mailbox, lower-cased ("" if there is none). */
export function domainOf(mailbox: string): string {
  const address = addressOf(mailbox);
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1).toLowerCase();
}
