// Email and phone normalization: the keys for deduplication and the only forms we store in markers.
// Phones are parsed with libphonenumber-js and its "mobile" metadata (about 100 KB, against 156 KB
// for "max"): a candidate's number has to take an SMS, so "valid" means a valid mobile number of
// its country. A number typed without a country code is read in a default region (CN unless the
// requisition or the source says otherwise), and refused, never guessed at, when it isn't one.
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from "libphonenumber-js/mobile";

export type PhoneRegion = CountryCode;

/** Chinese job boards export bare 11-digit mobiles: the region a number without "+" is read in, unless told. */
export const DEFAULT_PHONE_REGION: PhoneRegion = "CN";

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isPhoneRegion(region: string): region is PhoneRegion {
  return isSupportedCountry(region);
}

export type PhoneParse = { ok: true; e164: string } | { ok: false; reason: string };

const LENGTH_REASONS: Record<string, string> = {
  TOO_SHORT: "too short",
  TOO_LONG: "too long",
  INVALID_LENGTH: "the wrong length",
  NOT_A_NUMBER: "not a phone number",
  INVALID_COUNTRY: "missing its country code",
};

/** E.164, or why not: "13800138000" → +8613800138000; "138123" and, in CN, "(206) 555-0143" are refused. */
export function parsePhone(raw: string, region: PhoneRegion = DEFAULT_PHONE_REGION): PhoneParse {
  const text = raw.trim();
  // "00" is the international prefix in China and most of the world: "0086 138…" is "+86 138…".
  const international = text.replace(/^00(?=[1-9])/, "+");
  const parsed = parsePhoneNumberFromString(international, region);
  const where = international.startsWith("+") ? (parsed?.country ?? "its country") : region;
  if (!parsed) {
    const why = validatePhoneNumberLength(international, region);
    return { ok: false, reason: `not a phone number${why && why !== "NOT_A_NUMBER" ? ` (${LENGTH_REASONS[why] ?? why.toLowerCase()})` : ""}` };
  }
  if (parsed.isValid()) return { ok: true, e164: parsed.number };
  const why = validatePhoneNumberLength(international, region);
  if (why) return { ok: false, reason: `${LENGTH_REASONS[why] ?? why.toLowerCase()} for a mobile number in ${where}` };
  return {
    ok: false,
    reason: international.startsWith("+") ? `not a valid mobile number in ${where}` : `not a valid mobile number in ${region}; write it with its country code (e.g. +1 206 555 0143) if it is from elsewhere`,
  };
}

/** E.164, or undefined for something that is not a valid mobile number (see parsePhone for why). */
export function normalizePhone(raw: string, region: PhoneRegion = DEFAULT_PHONE_REGION): string | undefined {
  const parsed = parsePhone(raw, region);
  return parsed.ok ? parsed.e164 : undefined;
}
