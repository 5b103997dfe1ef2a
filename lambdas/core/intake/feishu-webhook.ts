// Feishu (飞书招聘, Feishu Hire) event subscription, v2 (`"schema": "2.0"`) over HTTP callbacks.
//   事件订阅概述 https://open.feishu.cn/document/ukTMukTMukTM/uUTNz4SN1MjL1UzM (接收事件, 加密策略)
//   投递阶段变更 https://open.feishu.cn/document/ukTMukTMukTM/uMzM1YjLzMTN24yMzUjN/hire-v1/application/events/stage_changed
//   The official SDKs implement the same: github.com/larksuite/node-sdk (utils/aes-cipher.ts,
//   dispatcher/request-handle.ts) and github.com/larksuite/oapi-sdk-python (event/dispatcher_handler.py).
// Two values from the app's 事件与回调 > 加密策略 page, kept in our secret:
//   `feishu`                     the Encrypt Key. With it set, Feishu signs every event:
//                                X-Lark-Signature = hex sha256(X-Lark-Request-Timestamp +
//                                X-Lark-Request-Nonce + Encrypt Key + raw body) (a plain hash, not
//                                an HMAC), and encrypts the body as {"encrypt": base64(iv ‖
//                                AES-256-CBC(sha256(Encrypt Key), iv, event JSON))}.
//   `feishu-verification-token`  the Verification Token, echoed inside every event (header.token).
// We require the Encrypt Key: without it Feishu neither signs nor encrypts, and the token alone
// travels in clear. The signed request timestamp (unix seconds) is checked for freshness.
// The `url_verification` challenge is not signed (the SDKs answer it before checking a signature);
// it is answered only when its token is our Verification Token, and, if it is signed, only when the
// signature is ours too.
//
// Feishu Hire events carry ids only (application_id, talent_id, stage ids): the candidate's name and
// contact are behind the Hire API. Like Lever's, an authentic event is acknowledged and its payload
// kept (decrypted) with the Feishu ids, and no person is created.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import * as z from "../shared/zod.js";
import { SignatureError, ValidationError } from "../shared/errors.js";
import { zodIssues } from "../shared/problem.js";
import { compareHex, type MappedDelivery } from "./ats-webhooks.js";

export const FEISHU_VERIFICATION_TOKEN_SECRET = "feishu-verification-token";

export interface FeishuKeys {
  encryptKey: string;
  verificationToken: string;
}

/** Feishu's URL check: answered with its challenge, nothing is recorded. */
export interface FeishuChallenge {
  challenge: string;
}

export type FeishuDelivery = { kind: "challenge"; challenge: string } | { kind: "event"; mapped: MappedDelivery; plaintext: string };

const aesKey = (encryptKey: string) => createHash("sha256").update(encryptKey, "utf8").digest();

export function decryptFeishuBody(encrypt: string, encryptKey: string): string {
  const bytes = Buffer.from(encrypt, "base64");
  if (bytes.length < 32 || bytes.length % 16 !== 0) throw new Error("not a whole number of AES blocks after the IV");
  const decipher = createDecipheriv("aes-256-cbc", aesKey(encryptKey), bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString("utf8");
}

/** What Feishu sends when an Encrypt Key is set; used by tests and local tooling to play Feishu. */
export function encryptFeishuBody(plaintext: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv("aes-256-cbc", aesKey(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

export function signFeishuRequest(timestamp: string, nonce: string, encryptKey: string, body: Buffer | string): string {
  return createHash("sha256").update(Buffer.concat([Buffer.from(`${timestamp}${nonce}${encryptKey}`, "utf8"), Buffer.from(body)])).digest("hex");
}

const UrlVerification = z.object({ type: z.literal("url_verification"), challenge: z.string().min(1), token: z.string() });

const FeishuEvent = z.object({
  schema: z.literal("2.0"),
  header: z.object({
    event_id: z.string().min(1),
    event_type: z.string().min(1),
    create_time: z.union([z.string(), z.number()]).optional(),
    token: z.string(),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  event: z
    .object({
      application_id: z.string().nullish(),
      talent_id: z.string().nullish(),
      origin_stage_id: z.string().nullish(),
      target_stage_id: z.string().nullish(),
    })
    .loose()
    .default({}),
});

function sameToken(expected: string, given: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

function verifySignature(body: Buffer, headers: Record<string, string>, encryptKey: string, now: Date, toleranceSeconds: number | undefined): void {
  const timestamp = headers["x-lark-request-timestamp"];
  const nonce = headers["x-lark-request-nonce"];
  if (headers["x-lark-signature"] && (timestamp === undefined || nonce === undefined)) {
    throw new SignatureError("X-Lark-Signature needs X-Lark-Request-Timestamp and X-Lark-Request-Nonce", { code: "signature-malformed" });
  }
  compareHex(Buffer.from(signFeishuRequest(timestamp ?? "", nonce ?? "", encryptKey, body), "hex"), headers["x-lark-signature"]?.trim(), "X-Lark-Signature header");
  if (toleranceSeconds !== undefined) {
    const ts = Number(timestamp);
    if (!Number.isFinite(ts)) throw new SignatureError("X-Lark-Request-Timestamp must be unix seconds", { code: "timestamp-missing" });
    const skew = Math.abs(now.getTime() / 1000 - ts);
    if (skew > toleranceSeconds) {
      throw new SignatureError(`X-Lark-Request-Timestamp is ${Math.round(skew)} s from now; the tolerance is ${toleranceSeconds} s`, { code: "timestamp-stale" });
    }
  }
}

/** Authenticates a Feishu callback, decrypting it if needed; a challenge or a mapped event. */
export function openFeishuDelivery(body: Buffer, headers: Record<string, string>, keys: FeishuKeys, now: Date, toleranceSeconds: number | undefined): FeishuDelivery {
  let outer: unknown;
  try {
    outer = JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw new ValidationError("body is not valid JSON", [{ path: "(root)", message: (e as Error).message, code: "invalid_json" }]);
  }
  let plaintext = body.toString("utf8");
  let json = outer;
  const encrypt = (outer as { encrypt?: unknown } | null)?.encrypt;
  if (typeof encrypt === "string") {
    try {
      plaintext = decryptFeishuBody(encrypt, keys.encryptKey);
      json = JSON.parse(plaintext);
    } catch {
      // Only the holder of our Encrypt Key can produce a body that decrypts to JSON.
      throw new SignatureError("the body does not decrypt with the Encrypt Key", { code: "decryption-failed" });
    }
  }

  const challenge = UrlVerification.safeParse(json);
  if (challenge.success) {
    if (!sameToken(keys.verificationToken, challenge.data.token)) throw new SignatureError("the Verification Token does not match", { code: "token-mismatch" });
    if (headers["x-lark-signature"]) verifySignature(body, headers, keys.encryptKey, now, toleranceSeconds);
    return { kind: "challenge", challenge: challenge.data.challenge };
  }

  verifySignature(body, headers, keys.encryptKey, now, toleranceSeconds);
  const parsed = FeishuEvent.safeParse(json);
  if (!parsed.success) throw new ValidationError("body does not match a Feishu v2 event (schema 2.0)", zodIssues(parsed.error));
  const { header, event } = parsed.data;
  if (!sameToken(keys.verificationToken, header.token)) throw new SignatureError("the Verification Token does not match", { code: "token-mismatch" });
  return {
    kind: "event",
    plaintext,
    mapped: {
      deliveryId: header.event_id,
      event: header.event_type,
      ...(event.talent_id ? { externalCandidateId: event.talent_id } : {}),
      externalIds: {
        ...(event.application_id ? { applicationId: event.application_id } : {}),
        ...(event.talent_id ? { talentId: event.talent_id } : {}),
      },
    },
  };
}
