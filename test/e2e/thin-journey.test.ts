// The thin journey end to end on the local stack, as a separate process over HTTP: webhook →
// candidate + application → screen → invite email → wait → SMS nudge → outcome; bad input kept and
// replayed; auth enforced; and kill -9 mid-wait resumes with the remaining time, without resending.
import { createHash, createHmac } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptFeishuBody } from "../../lambdas/core/intake/feishu-webhook.js";
import { fixture, fixtureText } from "../fixtures/index.js";
import { clock, eventually, hr, newDataDir, outbox, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

describe("thin journey on the local stack", () => {
  let stack: LocalProcess;
  let secret: string;
  let recruiter: string;

  beforeAll(async () => {
    // ×3600: the one-hour nudge wait takes one second.
    stack = await startLocalProcess(newDataDir(), { HIREPATH_TIME_SCALE: "3600", HIREPATH_EVENT_DELAY_MS: "20" });
    secret = webhookSecret(stack.dataDir);
    recruiter = await token(stack.url, "recruiter");
  });
  afterAll(async () => {
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it("takes a signed Lever event and a Feishu challenge and encrypted event, keeping what it refuses", async () => {
    const post = async (source: string, body: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${stack.url}/webhooks/${source}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    // Lever signs token + triggeredAt with the webhook's signature token.
    const lever = fixture<{ token: string; triggeredAt: number; signature: string }>("lever/application-created.json");
    lever.triggeredAt = Date.now();
    lever.signature = createHmac("sha256", webhookSecret(stack.dataDir, "lever")).update(lever.token + String(lever.triggeredAt)).digest("hex");
    const accepted = await post("lever", JSON.stringify(lever));
    expect(accepted).toMatchObject({ status: 200, body: { ignored: true, event: "applicationCreated", deliveryId: `${lever.token}-${lever.triggeredAt}` } });
    const forged = await post("lever", JSON.stringify({ ...lever, signature: "0".repeat(64) }));
    expect(forged).toMatchObject({ status: 401, body: { code: "signature-mismatch" } });

    // Feishu: the URL check first, then a signed, encrypted Hire event.
    const encryptKey = webhookSecret(stack.dataDir, "feishu");
    const verificationToken = webhookSecret(stack.dataDir, "feishu-verification-token");
    const challenge = JSON.stringify({ ...fixture("feishu/url-verification.json"), token: verificationToken });
    expect(await post("feishu", JSON.stringify({ encrypt: encryptFeishuBody(challenge, encryptKey) }))).toEqual({ status: 200, body: { challenge: "ajls384kdjx98XX" } });
    const wrongChallenge = await post("feishu", JSON.stringify({ ...fixture("feishu/url-verification.json"), token: "not-our-verification-token" }));
    expect(wrongChallenge).toMatchObject({ status: 401, body: { code: "token-mismatch" } });

    const plain = fixture<{ header: { token: string } }>("feishu/application-stage-changed.json");
    plain.header.token = verificationToken;
    const body = JSON.stringify({ encrypt: encryptFeishuBody(JSON.stringify(plain), encryptKey) });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const sign = (key: string) => createHash("sha256").update(timestamp + "e2e-nonce" + key + body).digest("hex");
    const headers = { "x-lark-request-timestamp": timestamp, "x-lark-request-nonce": "e2e-nonce" };
    const event = await post("feishu", body, { ...headers, "x-lark-signature": sign(encryptKey) });
    expect(event).toMatchObject({ status: 200, body: { ignored: true, deliveryId: "7d1e4b2a9c3f48e6b5a0c2d9e8f71634", externalIds: { applicationId: "7218463019283746512" } } });
    const badSig = await post("feishu", body, { ...headers, "x-lark-signature": sign("not-our-encrypt-key-0000000000") });
    expect(badSig).toMatchObject({ status: 401, body: { code: "signature-mismatch" } });

    const letters = await hr(stack.url, recruiter, "/hr/dead-letters?limit=100");
    const kept = (id: string) => letters.body.items.find((d: { deadLetterId: string }) => d.deadLetterId === id);
    expect(kept(forged.body.deadLetterId)).toMatchObject({ source: "lever", code: "signature-mismatch" });
    expect(kept(badSig.body.deadLetterId)).toMatchObject({ source: "feishu", code: "signature-mismatch", rawBody: body });
  });

  it("creates the candidate once, emails the invite, and nudges by SMS when it is not opened", async () => {
    const body = fixtureText("generic/application-created.json");
    const first = await postWebhook(stack.url, secret, body, { deliveryId: "e2e-1" });
    expect(first.status).toBe(202);
    const again = await postWebhook(stack.url, secret, body, { deliveryId: "e2e-1" });
    expect(again).toMatchObject({ status: 200, body: { candidateId: first.body.candidateId, applicationId: first.body.applicationId, duplicate: true } });

    const invite = await eventually(async () => (await outbox(stack.url, { to: "xiaoming.wang@example.com", channel: "email" }))[0], "the invite email");
    expect(invite.subject).toContain("面试邀请");
    expect(invite.tags["hirepath-message-id"]).toBeTruthy();

    const sms = await eventually(async () => (await outbox(stack.url, { to: "+8613800138000", channel: "sms" }))[0], "the SMS nudge");
    expect(sms.text).toContain("王小明");

    const view = await eventually(async () => {
      const r = await hr(stack.url, recruiter, `/hr/candidates/${first.body.candidateId}`);
      return r.body.applications?.[0]?.status === "nudged" ? r.body : undefined;
    }, "the nudged outcome");
    const types = (view.timeline as Array<{ type: string }>).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["application.received", "application.screened", "message.sent", "message.delivered", "journey.outcome"]));
    // Exactly one invite and one nudge, although the webhook arrived twice.
    expect(await outbox(stack.url, { to: "xiaoming.wang@example.com" })).toHaveLength(1);
    expect(await outbox(stack.url, { to: "+8613800138000" })).toHaveLength(1);
  });

  it("refuses a bad signature with 401 and a bad body with 400 naming the fields, keeping both", async () => {
    const body = fixtureText("generic/application-created-en.json");
    const badSig = await postWebhook(stack.url, secret, body, { deliveryId: "e2e-bad-sig", signature: "v2=" + "0".repeat(64) });
    expect(badSig).toMatchObject({ status: 401, body: { code: "signature-mismatch" } });
    const invalid = JSON.stringify({ event: "application.created", candidate: { name: "x" }, application: { requisitionId: "" } });
    const bad = await postWebhook(stack.url, secret, invalid, { deliveryId: "e2e-bad-body" });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(expect.arrayContaining(["candidate.email", "application.requisitionId"]));

    const letters = await hr(stack.url, recruiter, "/hr/dead-letters");
    const ids = (letters.body.items as Array<{ deadLetterId: string; rawBody: string }>).map((d) => d.deadLetterId);
    expect(ids).toEqual(expect.arrayContaining([badSig.body.deadLetterId, bad.body.deadLetterId]));
    expect((letters.body.items as Array<{ rawBody: string }>).some((d) => d.rawBody === invalid)).toBe(true);
  });

  it("replays a delivery refused for a stale timestamp, once the body is authentic", async () => {
    const body = fixtureText("generic/application-created-en.json");
    const stale = await postWebhook(stack.url, secret, body, { deliveryId: "e2e-stale", timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale).toMatchObject({ status: 401, body: { code: "timestamp-stale" } });
    const replay = await hr(stack.url, recruiter, `/hr/dead-letters/${stale.body.deadLetterId}/replay`, { method: "POST" });
    expect(replay).toMatchObject({ status: 200, body: { status: "replayed", result: { duplicate: false } } });
    await eventually(async () => (await outbox(stack.url, { to: "alex.chen@example.com" }))[0], "the replayed candidate's invite");
  });

  it("refuses a body over Lambda's 6 MB payload limit with 413 instead of buffering it", async () => {
    const res = await fetch(`${stack.url}/webhooks/generic`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(7 * 1024 * 1024) }).catch((e: Error) => e);
    // The server answers 413 and closes; depending on timing the client sees the 413 or a reset.
    if (res instanceof Error) expect(res.message).toMatch(/fetch failed|socket|reset/i);
    else expect(res.status).toBe(413);
    expect((await fetch(`${stack.url}/hr/candidates`)).status).toBe(401); // still serving
  });

  it("enforces auth: no token is 401, and a hiring manager cannot read dead letters", async () => {
    expect((await fetch(`${stack.url}/hr/candidates`)).status).toBe(401);
    const forged = recruiter.slice(0, -4) + "AAAA";
    expect((await hr(stack.url, forged, "/hr/candidates")).status).toBe(401);
    const manager = await token(stack.url, "hiring-manager");
    expect((await hr(stack.url, manager, "/hr/candidates")).status).toBe(200);
    expect(await hr(stack.url, manager, "/hr/dead-letters")).toMatchObject({ status: 403, body: { code: "forbidden" } });
  });
});

describe("durability", () => {
  it("keeps a quiet-hours hold across kill -9: the HR API still says held until 08:00 there, and the invite goes once, then", async () => {
    const dataDir = newDataDir();
    // 23:00 in Shanghai, the candidate's zone: the invite is held until 08:00 there.
    const env = { HIREPATH_CLOCK_PAUSED: "1", HIREPATH_EVENT_DELAY_MS: "20", HIREPATH_CLOCK_START: `${new Date().toISOString().slice(0, 10)}T15:00:00Z` };
    let stack = await startLocalProcess(dataDir, env);
    try {
      const accepted = await postWebhook(stack.url, webhookSecret(dataDir), fixtureText("generic/application-created.json"), { deliveryId: "held-1" });
      expect(accepted.status).toBe(202);
      const held = async () => (await hr(stack.url, await token(stack.url, "recruiter"), `/hr/candidates/${accepted.body.candidateId}`)).body.heldMessages as Array<{ what: string; heldUntil: string; heldUntilLocal: string; reason: string; timeZone: string }>;
      const [hold] = await eventually(async () => ((await held()) ?? []).length > 0 && held(), "the invite's hold in the HR API");
      expect(hold).toMatchObject({ what: "Interview invitation", reason: "quiet-hours", timeZone: "Asia/Shanghai", heldUntilLocal: expect.stringMatching(/ 08:00 Asia\/Shanghai$/) });
      const start = (await clock(stack.url)).body.nowMs as number;
      expect(Date.parse(hold!.heldUntil) - start).toBe(9 * 3600_000);

      // 03:00 there, the process dies mid-hold.
      await clock(stack.url, { advance: "PT4H" });
      await stack.kill9();
      stack = await startLocalProcess(dataDir, env);

      const after = await eventually(async () => {
        const state = (await clock(stack.url)).body;
        return String(state.next?.what ?? "").includes("WaitForInviteSendTime") && state;
      }, "the resumed journey to re-arm its hold");
      expect(after.nowMs).toBe(start + 4 * 3600_000);
      expect(after.next.atMs).toBe(Date.parse(hold!.heldUntil));
      expect(await held()).toEqual([expect.objectContaining({ what: "Interview invitation", heldUntil: hold!.heldUntil })]);
      expect(await outbox(stack.url, { to: "xiaoming.wang@example.com" })).toHaveLength(0);

      await clock(stack.url, { to: hold!.heldUntil });
      const invites = await outbox(stack.url, { to: "xiaoming.wang@example.com" });
      expect(invites).toHaveLength(1);
      expect(Date.parse(invites[0]!.time)).toBe(Date.parse(hold!.heldUntil));
      expect(await held()).toEqual([]);
      await clock(stack.url, { advance: "P1D" });
      expect(await outbox(stack.url, { to: "xiaoming.wang@example.com" })).toHaveLength(1);
      expect(await outbox(stack.url, { to: "+8613800138000" })).toHaveLength(1);
    } finally {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("keeps journey time across kill -9: the wait resumes where the clock was, and nothing is sent twice", async () => {
    const dataDir = newDataDir();
    // Journey time moves only when the test moves it, so "where it was" is exact.
    const env = { HIREPATH_CLOCK_PAUSED: "1", HIREPATH_EVENT_DELAY_MS: "20" };
    let stack = await startLocalProcess(dataDir, env);
    try {
      const secret = webhookSecret(dataDir);
      const accepted = await postWebhook(stack.url, secret, fixtureText("generic/application-created.json"), { deliveryId: "durable-1" });
      expect(accepted.status).toBe(202);
      await eventually(async () => (await outbox(stack.url, { to: "xiaoming.wang@example.com" }))[0], "the invite");
      // The invite is out a moment before the journey parks on its wait (the talent-pool step runs
      // between); until then the next timer is the execution's 30-day timeout.
      const before = await eventually(async () => {
        const state = (await clock(stack.url)).body;
        return String(state.next?.what ?? "").includes("WaitForInviteEngagement") && state;
      }, "the journey to park on its engagement wait");
      expect(before.next.atMs - before.nowMs).toBe(3600_000);

      // Forty minutes into the hour-long wait, the process dies.
      expect((await clock(stack.url, { advance: "PT40M" })).body.nowMs).toBe(before.nowMs + 40 * 60_000);
      await stack.kill9();
      stack = await startLocalProcess(dataDir, env);

      // The resumed run re-arms its wait a moment after the stack says it is ready.
      const after = await eventually(async () => {
        const state = (await clock(stack.url)).body;
        return String(state.next?.what ?? "").includes("WaitForInviteEngagement") && state;
      }, "the resumed journey to re-arm its wait");
      expect(after.nowMs).toBe(before.nowMs + 40 * 60_000);
      expect(after.next).toMatchObject({ atMs: before.next.atMs, inMs: 20 * 60_000 });
      expect(await outbox(stack.url, { to: "+8613800138000" })).toHaveLength(0);

      await clock(stack.url, { advance: "PT20M" });
      const sms = await outbox(stack.url, { to: "+8613800138000" });
      expect(sms).toHaveLength(1);
      expect(Date.parse(sms[0]!.time)).toBe(before.next.atMs);
      expect(await outbox(stack.url, { to: "xiaoming.wang@example.com" })).toHaveLength(1);
      const recruiter = await token(stack.url, "recruiter");
      await eventually(async () => (await hr(stack.url, recruiter, `/hr/candidates/${accepted.body.candidateId}`)).body.applications?.[0]?.status === "nudged", "the outcome");
      // Moving on changes nothing more: the journey is over and nothing fires twice.
      await clock(stack.url, { advance: "P1D" });
      expect(await outbox(stack.url, { to: "+8613800138000" })).toHaveLength(1);
      expect(await outbox(stack.url, { to: "xiaoming.wang@example.com" })).toHaveLength(1);
    } finally {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
