// Identifiers. Time-ordered ids (like ULIDs: 48-bit millisecond time + 80 random bits, Crockford
// base32) sort by creation in DynamoDB sort keys. Derived ids turn an idempotency key into the same
// id on every retry, which is what makes "send at most once" a conditional put.
import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function base32(bytes: Uint8Array, length: number): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

export function newId(now: number = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + base32(randomBytes(10), 16);
}

/** The same input always gives the same id: 26 base32 chars of SHA-256. Safe as an SES tag value. */
export function derivedId(...parts: string[]): string {
  return base32(createHash("sha256").update(parts.join("\u0000")).digest(), 26);
}
