// Short links for SMS. A signed link's token is ~150 characters (claims and an HMAC), which alone would fill
// two UCS-2 segments of a Chinese SMS. So an SMS carries `<base>/s/<id>` instead: ten random characters,
// kept in the table with the one signed token it stands for and that token's expiry. The PublicLinks
// function resolves the id server-side and serves the token's page at the short address, so the token
// never travels by SMS nor shows in the address bar. One id, one token, one purpose; it expires with it.
import { randomInt } from "node:crypto";
import { LinkExpiredError, NotFoundError } from "./errors.js";
import { linkExpiresAt } from "./signed-links.js";

/** No 0/O, 1/l/I: a person may have to type it from a phone screen. */
const ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
/** 56^10 ≈ 3 × 10^17 (58 bits): guessing one of a million live links takes ~10^11 tries, and callers are rate-limited. */
export const SHORT_LINK_ID_LENGTH = 10;
export const SHORT_LINK_ID = new RegExp(`^[${ALPHABET}]{${SHORT_LINK_ID_LENGTH}}$`);
export const SHORT_LINK_PATH = "/s/";

export interface ShortLinkRecord {
  /** The signed link token (what `/l/<token>` takes). */
  token: string;
  /** The signed link's query (`action=confirm`), kept here so the SMS carries the id alone. */
  query?: string;
  expiresAt: string;
}

export interface ShortLinkStore {
  /** Stores the record unless the id is taken; false when it was. */
  putShortLink(id: string, record: ShortLinkRecord): Promise<boolean>;
  getShortLink(id: string): Promise<ShortLinkRecord | undefined>;
}

export function newShortLinkId(): string {
  return Array.from({ length: SHORT_LINK_ID_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

const base = (publicBaseUrl: string) => publicBaseUrl.replace(/\/$/, "");

/** `<base>/l/<token>` → `<base>/s/<id>`; anything that is not one of our signed links is refused, not shortened. */
export async function shortenSignedLink(url: string, publicBaseUrl: string, store: ShortLinkStore): Promise<string> {
  const prefix = `${base(publicBaseUrl)}/l/`;
  if (!url.startsWith(prefix)) throw new Error(`only signed links under ${prefix} are shortened`);
  const [token, query] = url.slice(prefix.length).split("?", 2) as [string, string | undefined];
  const record = { token, ...(query ? { query } : {}), expiresAt: linkExpiresAt(token).toISOString() };
  // A collision among 3 × 10^17 ids is all but impossible; trying again costs nothing if it happens.
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = newShortLinkId();
    if (await store.putShortLink(id, record)) return `${base(publicBaseUrl)}${SHORT_LINK_PATH}${id}`;
  }
  throw new Error("could not allocate a short link id");
}

/** The signed link behind a short id; an unknown id is NotFound, an expired one LinkExpired. */
export async function resolveShortLink(id: string, store: ShortLinkStore, now: Date): Promise<{ token: string; query: Record<string, string> }> {
  const record = SHORT_LINK_ID.test(id) ? await store.getShortLink(id) : undefined;
  if (!record) throw new NotFoundError("no such link");
  if (Date.parse(record.expiresAt) < now.getTime()) throw new LinkExpiredError("this link has expired");
  return { token: record.token, query: Object.fromEntries(new URLSearchParams(record.query ?? "")) };
}
