// Lever's and Feishu's signature schemes, pure: each documented sample signed here with a test
// secret, then valid, wrong, stale, encrypted and challenge cases. Signatures are computed here as
// each vendor's documentation describes, not with our own helpers, so a wrong scheme fails.
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SignatureError, ValidationError } from "../../lambdas/core/shared/errors.js";
import { verifyLeverDelivery } from "../../lambdas/core/intake/lever-webhook.js";
import { decryptFeishuBody, encryptFeishuBody, openFeishuDelivery } from "../../lambdas/core/intake/feishu-webhook.js";
import { fixture } from "../fixtures/index.js";

const now = new Date("2026-11-21T11:00:00.000Z");
const TOLERANCE = 300;
const signLeverWebhook = (signatureToken: string, token: string, triggeredAt: number) => createHmac("sha256", signatureToken).update(token + String(triggeredAt)).digest("hex");
const signFeishuRequest = (timestamp: string, nonce: string, encryptKey: string, body: string) => createHash("sha256").update(timestamp + nonce + encryptKey + body, "utf8").digest("hex");

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof SignatureError) return String(e.details?.code);
    if (e instanceof ValidationError) return "validation";
    throw e;
  }
  return undefined;
}

describe("Lever: HMAC-SHA256(signature token, token + triggeredAt) in the body", () => {
  const secret = "lever_signature_token_for_tests_0001";
  const leverBody = (over: { secret?: string; triggeredAt?: number; file?: string } = {}) => {
    const body = fixture<{ token: string; triggeredAt: number; signature: string; data: Record<string, string> }>(over.file ?? "lever/application-created.json");
    body.triggeredAt = over.triggeredAt ?? now.getTime();
    body.signature = signLeverWebhook(over.secret ?? secret, body.token, body.triggeredAt);
    return body;
  };
  /** `replay` verifies as a dead-letter replay does: no freshness check. */
  const verify = (body: unknown, key = secret, replay = false) => verifyLeverDelivery(Buffer.from(JSON.stringify(body)), key, now, replay ? undefined : TOLERANCE);

  it("accepts a signed applicationCreated and keeps Lever's ids, creating no application", () => {
    const body = leverBody();
    expect(verify(body)).toEqual({
      deliveryId: `${body.token}-${body.triggeredAt}`,
      event: "applicationCreated",
      externalCandidateId: "0c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5",
      externalIds: { opportunityId: "250d8f03-738a-4bba-a671-8a3d73477145", applicationId: "5f6a7b8c-1d2e-4f30-9a41-b52c63d74e85", contactId: "0c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5" },
    });
  });

  it("accepts a signature made with any of several configured tokens (Lever issues one per webhook)", () => {
    const body = leverBody({ file: "lever/candidate-stage-change.json", secret: "second_lever_token_for_tests_002" });
    expect(verify(body, `${secret}, second_lever_token_for_tests_002`).event).toBe("candidateStageChange");
  });

  it("refuses a signature made with another token", () => {
    expect(codeOf(() => verify(leverBody({ secret: "not_the_lever_token_at_all_0000" })))).toBe("signature-mismatch");
  });

  it("refuses a body without token, triggeredAt and signature", () => {
    const { signature: _dropped, ...unsigned } = leverBody();
    expect(codeOf(() => verify(unsigned))).toBe("signature-missing");
  });

  it("refuses a triggeredAt outside the tolerance, but a dead-letter replay (no tolerance) passes", () => {
    const stale = leverBody({ triggeredAt: now.getTime() - 10 * 60_000 });
    expect(codeOf(() => verify(stale))).toBe("timestamp-stale");
    expect(verify(stale, secret, true).event).toBe("applicationCreated");
  });

  it("gives an edited copy of a captured delivery the same delivery id (data is not signed)", () => {
    const body = leverBody();
    const edited = { ...body, data: { ...body.data, opportunityId: "someone-else" } };
    expect(verify(edited).deliveryId).toBe(verify(body).deliveryId);
  });
});

describe("Feishu: sha256(timestamp + nonce + Encrypt Key + raw body), optional AES-256-CBC body", () => {
  const keys = { encryptKey: "feishu_encrypt_key_for_tests_0001", verificationToken: "feishu_verification_token_tests01" };
  const eventJson = (file = "feishu/application-stage-changed.json", token = keys.verificationToken) => {
    const event = fixture<{ header: { token: string } }>(file);
    event.header.token = token;
    return JSON.stringify(event);
  };
  const signed = (body: string, opts: { key?: string; timestamp?: number } = {}) => {
    const timestamp = String(opts.timestamp ?? Math.floor(now.getTime() / 1000));
    const nonce = "1648023477";
    return { "x-lark-request-timestamp": timestamp, "x-lark-request-nonce": nonce, "x-lark-signature": signFeishuRequest(timestamp, nonce, opts.key ?? keys.encryptKey, body) };
  };
  const open = (body: string, headers: Record<string, string>, replay = false) => openFeishuDelivery(Buffer.from(body), headers, keys, now, replay ? undefined : TOLERANCE);

  it("decrypts the example in Feishu's 接收事件 guide (key \"test key\")", () => {
    expect(decryptFeishuBody("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=", "test key")).toBe("hello world");
  });

  it("accepts a signed plaintext hire event and keeps the application id", () => {
    const body = eventJson();
    const opened = open(body, signed(body));
    expect(opened).toEqual({
      kind: "event",
      plaintext: body,
      mapped: { deliveryId: "7d1e4b2a9c3f48e6b5a0c2d9e8f71634", event: "hire.application.stage_changed_v1", externalIds: { applicationId: "7218463019283746512" } },
    });
  });

  it("decrypts an encrypted event, verifying the signature over the encrypted body", () => {
    const plaintext = eventJson("feishu/talent-tag-subscription.json");
    const body = JSON.stringify({ encrypt: encryptFeishuBody(plaintext, keys.encryptKey) });
    const opened = open(body, signed(body));
    expect(opened).toMatchObject({ kind: "event", plaintext, mapped: { deliveryId: "c0a8e1f24b7d4936a1e5d2c8b9f03a71", externalCandidateId: "7109284756301928374" } });
  });

  it("refuses a wrong signature, a missing one, and a stale request timestamp", () => {
    const body = eventJson();
    expect(codeOf(() => open(body, signed(body, { key: "some_other_encrypt_key_000000000" })))).toBe("signature-mismatch");
    expect(codeOf(() => open(body, {}))).toBe("signature-missing");
    const stale = signed(body, { timestamp: Math.floor(now.getTime() / 1000) - 600 });
    expect(codeOf(() => open(body, stale))).toBe("timestamp-stale");
    expect(open(body, stale, true).kind).toBe("event");
  });

  it("refuses a signed event whose Verification Token is not ours", () => {
    const body = eventJson(undefined, "someone_elses_verification_token");
    expect(codeOf(() => open(body, signed(body)))).toBe("token-mismatch");
  });

  it("refuses a body encrypted with another key", () => {
    const body = JSON.stringify({ encrypt: encryptFeishuBody(eventJson(), "some_other_encrypt_key_000000000") });
    expect(codeOf(() => open(body, signed(body)))).toBe("decryption-failed");
  });

  it("answers the url_verification challenge, plain or encrypted, only with our Verification Token", () => {
    const challenge = (token: string) => JSON.stringify({ ...fixture<Record<string, string>>("feishu/url-verification.json"), token });
    expect(open(challenge(keys.verificationToken), {})).toEqual({ kind: "challenge", challenge: "ajls384kdjx98XX" });
    const encrypted = JSON.stringify({ encrypt: encryptFeishuBody(challenge(keys.verificationToken), keys.encryptKey) });
    expect(open(encrypted, {})).toEqual({ kind: "challenge", challenge: "ajls384kdjx98XX" });
    expect(codeOf(() => open(challenge("someone_elses_verification_token"), {}))).toBe("token-mismatch");
    // A signed challenge must carry our signature too.
    const body = challenge(keys.verificationToken);
    expect(codeOf(() => open(body, signed(body, { key: "some_other_encrypt_key_000000000" })))).toBe("signature-mismatch");
  });

  it("refuses a signed body that is not a v2 event", () => {
    const body = JSON.stringify({ uuid: "x", event: { type: "something" }, token: keys.verificationToken });
    expect(codeOf(() => open(body, signed(body)))).toBe("validation");
  });
});
