import { describe, expect, it } from "vitest";
import { LinkExpiredError, SignatureError } from "../../lambdas/core/shared/errors.js";
import { signLink, verifyLink } from "../../lambdas/core/shared/signed-links.js";
import { signGenericWebhook, verifyGenericWebhook } from "../../lambdas/core/intake/webhook-signature.js";

const secret = "whsec_test_secret_0123456789";
const body = Buffer.from('{"event":"application.created"}');
const now = new Date("2026-11-21T10:00:00Z");
const ts = String(now.getTime() / 1000);

describe("generic webhook signature", () => {
  it("accepts the HMAC-SHA256 of the raw body", () => {
    expect(verifyGenericWebhook(body, { signature: signGenericWebhook(body, secret), deliveryId: "d1", timestamp: ts }, secret, now, 300)).toEqual({ deliveryId: "d1" });
  });
  it("rejects a body changed by one byte", () => {
    const sig = signGenericWebhook(body, secret);
    const changed = Buffer.from(body.toString().replace("created", "createD"));
    expect(() => verifyGenericWebhook(changed, { signature: sig, deliveryId: "d1", timestamp: ts }, secret, now, 300)).toThrow(SignatureError);
  });
  it("rejects a missing signature with a machine-readable code", () => {
    try {
      verifyGenericWebhook(body, { deliveryId: "d1", timestamp: ts }, secret, now, 300);
      expect.unreachable();
    } catch (e) {
      expect((e as SignatureError).details?.code).toBe("signature-missing");
    }
  });
  it("rejects a timestamp more than five minutes old", () => {
    const stale = String(now.getTime() / 1000 - 301);
    expect(() => verifyGenericWebhook(body, { signature: signGenericWebhook(body, secret), deliveryId: "d", timestamp: stale }, secret, now, 300)).toThrow(/tolerance/);
  });
  it("skips the freshness check for replays but still checks the signature", () => {
    expect(verifyGenericWebhook(body, { signature: signGenericWebhook(body, secret), deliveryId: "d" }, secret, now, undefined).deliveryId).toBe("d");
    expect(() => verifyGenericWebhook(body, { signature: signGenericWebhook(body, "other-secret-0000000"), deliveryId: "d" }, secret, now, undefined)).toThrow(SignatureError);
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
