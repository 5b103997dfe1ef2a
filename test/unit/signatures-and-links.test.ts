import { describe, expect, it } from "vitest";
import { LinkExpiredError, SignatureError } from "../../lambdas/core/shared/errors.js";
import { signLink, verifyLink } from "../../lambdas/core/shared/signed-links.js";
import { signGenericWebhook, signGenericWebhookV1, verifyGenericWebhook } from "../../lambdas/core/intake/webhook-signature.js";

const secret = "whsec_test_secret_0123456789";
const body = Buffer.from('{"event":"application.created"}');
const now = new Date("2026-11-21T10:00:00Z");
const ts = String(now.getTime() / 1000);

describe("generic webhook signature", () => {
  const v2 = { toleranceSeconds: 300, acceptV1: false };
  it("accepts v2: the HMAC-SHA256 of the timestamp, a dot and the raw body", () => {
    expect(verifyGenericWebhook(body, { signature: signGenericWebhook(body, secret, ts), deliveryId: "d1", timestamp: ts }, secret, now, v2)).toEqual({ deliveryId: "d1", scheme: "v2" });
  });
  it("rejects a body changed by one byte", () => {
    const sig = signGenericWebhook(body, secret, ts);
    const changed = Buffer.from(body.toString().replace("created", "createD"));
    expect(() => verifyGenericWebhook(changed, { signature: sig, deliveryId: "d1", timestamp: ts }, secret, now, v2)).toThrow(SignatureError);
  });
  it("rejects a stale delivery re-sent with a fresh timestamp header: the timestamp is signed", () => {
    const stale = String(now.getTime() / 1000 - 3600);
    const signedThen = signGenericWebhook(body, secret, stale);
    expect(() => verifyGenericWebhook(body, { signature: signedThen, deliveryId: "d", timestamp: stale }, secret, now, v2)).toThrow(/tolerance/);
    expect(() => verifyGenericWebhook(body, { signature: signedThen, deliveryId: "d", timestamp: ts }, secret, now, v2)).toThrow(/does not match/);
  });
  it("refuses the deprecated v1 (body-only) signature unless the setting keeps it", () => {
    const v1 = signGenericWebhookV1(body, secret);
    try {
      verifyGenericWebhook(body, { signature: v1, deliveryId: "d", timestamp: ts }, secret, now, v2);
      expect.unreachable();
    } catch (e) {
      expect((e as SignatureError).details?.code).toBe("signature-scheme-deprecated");
    }
    expect(verifyGenericWebhook(body, { signature: v1, deliveryId: "d", timestamp: ts }, secret, now, { toleranceSeconds: 300, acceptV1: true })).toEqual({ deliveryId: "d", scheme: "v1" });
  });
  it("rejects a missing signature with a machine-readable code", () => {
    try {
      verifyGenericWebhook(body, { deliveryId: "d1", timestamp: ts }, secret, now, v2);
      expect.unreachable();
    } catch (e) {
      expect((e as SignatureError).details?.code).toBe("signature-missing");
    }
  });
  it("rejects a timestamp more than five minutes old", () => {
    const stale = String(now.getTime() / 1000 - 301);
    expect(() => verifyGenericWebhook(body, { signature: signGenericWebhook(body, secret, stale), deliveryId: "d", timestamp: stale }, secret, now, v2)).toThrow(/tolerance/);
  });
  it("skips the freshness check for replays but still checks the signature", () => {
    const old = String(now.getTime() / 1000 - 86_400);
    const replay = { toleranceSeconds: undefined, acceptV1: false };
    expect(verifyGenericWebhook(body, { signature: signGenericWebhook(body, secret, old), deliveryId: "d", timestamp: old }, secret, now, replay).deliveryId).toBe("d");
    expect(() => verifyGenericWebhook(body, { signature: signGenericWebhook(body, "other-secret-0000000", old), deliveryId: "d", timestamp: old }, secret, now, replay)).toThrow(SignatureError);
  });
});

describe("signed links", () => {
  const key = "k".repeat(43);
  const exp = now.getTime() / 1000 + 60;
  it("round-trips its claims", () => {
    expect(verifyLink(signLink({ p: "portal", c: "c1", a: "a1", exp }, key), key, now)).toMatchObject({ p: "portal", c: "c1", a: "a1" });
  });
  it("rejects a link whose claims were edited", () => {
    const token = signLink({ p: "portal", c: "c1", exp }, key);
    const [, sig] = token.split(".");
    const forged = `${Buffer.from(JSON.stringify({ p: "portal", c: "c2", exp })).toString("base64url")}.${sig}`;
    expect(() => verifyLink(forged, key, now)).toThrow(SignatureError);
  });
  it("rejects an expired link with LinkExpiredError", () => {
    expect(() => verifyLink(signLink({ p: "portal", c: "c1", exp: now.getTime() / 1000 - 1 }, key), key, now)).toThrow(LinkExpiredError);
  });
});
