// The webhook front door on the local stack, as a sender (or an attacker) meets it: oversized
// bodies, large dead letters, the signed timestamp, the same application under a new delivery id,
// phones in every format, and a flood of unauthenticated garbage.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signGenericWebhook } from "../../lambdas/core/intake/webhook-signature.js";
import { hr, newDataDir, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

let stack: LocalProcess;
let secret: string;
let recruiter: string;
let admin: string;
const CAP = 3;

beforeAll(async () => {
  stack = await startLocalProcess(newDataDir(), { DEAD_LETTER_CAP_PER_HOUR: String(CAP) });
  secret = webhookSecret(stack.dataDir);
  [recruiter, admin] = await Promise.all([token(stack.url, "recruiter"), token(stack.url, "admin")]);
});
afterAll(async () => stack?.stop());

const application = (over: { phone?: string; email?: string; externalId?: string; requisitionId?: string; padding?: number } = {}) =>
  JSON.stringify({
    event: "application.created",
    candidate: { name: "前门测试", ...(over.email ? { email: over.email } : {}), ...(over.phone ? { phone: over.phone } : {}), locale: "zh-CN", timeZone: "Asia/Shanghai" },
    application: { requisitionId: over.requisitionId ?? "req-sales-sh", ...(over.externalId ? { externalId: over.externalId } : {}), resumeText: "销售".repeat(over.padding ?? 1) },
  });

async function raw(body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}/webhooks/generic`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: (await res.json()) as Record<string, any> };
}

describe("the webhook front door", () => {
  it("answers a 7 MB body with 413 problem+json, not a reset, and a 5 MB one too (over the 4 MiB webhook limit)", async () => {
    const seven = await raw(Buffer.alloc(7 * 1024 * 1024, 0x61));
    expect(seven).toMatchObject({ status: 413, body: { status: 413, code: "payload-too-large" } });
    expect(seven.type).toContain("application/problem+json");
    const five = await raw(Buffer.alloc(5 * 1024 * 1024, 0x61));
    expect(five).toMatchObject({ status: 413, body: { code: "payload-too-large", limitBytes: 4 * 1024 * 1024 } });
    // The stack is still answering.
    expect((await postWebhook(stack.url, secret, application({ phone: "13800001111" }), { deliveryId: "fd-after-413" })).status).toBe(202);
  });

  it("keeps a refused 1 MB body whole as a dead letter (in the file store), and replays it from there", async () => {
    const body = JSON.stringify({ event: "application.created", candidate: { name: "大" }, application: { requisitionId: "req-sales-sh", resumeText: "简历".repeat(200_000) } });
    expect(Buffer.byteLength(body)).toBeGreaterThan(1_000_000);
    const refused = await postWebhook(stack.url, secret, body, { deliveryId: "fd-big" });
    expect(refused).toMatchObject({ status: 400, body: { errors: expect.arrayContaining([expect.objectContaining({ path: "candidate.email" })]), deadLetterId: expect.any(String) } });
    const letters = await hr(stack.url, recruiter, "/hr/dead-letters?limit=50");
    const kept = letters.body.items.find((d: { deadLetterId: string }) => d.deadLetterId === refused.body.deadLetterId);
    expect(kept).toMatchObject({ bodyBytes: Buffer.byteLength(body), bodyKey: `dead-letters/${refused.body.deadLetterId}` });
    expect(kept.rawBody).toBeUndefined();
    const replay = await hr(stack.url, recruiter, `/hr/dead-letters/${refused.body.deadLetterId}/replay`, { method: "POST" });
    // Read back whole from the file store: the same field is still missing.
    expect(replay).toMatchObject({ status: 422, body: { replayed: false, errors: expect.arrayContaining([expect.objectContaining({ path: "candidate.email" })]) } });
  });

  it("refuses a stale delivery re-sent with a fresh timestamp header: v2 signs the timestamp; v1 is refused by default", async () => {
    const body = application({ phone: "13800002222" });
    const then = Math.floor(Date.now() / 1000) - 3600;
    const resent = await raw(body, { "x-hirepath-signature": signGenericWebhook(body, secret, then), "x-hirepath-delivery": "fd-stale", "x-hirepath-timestamp": String(Math.floor(Date.now() / 1000)) });
    expect(resent).toMatchObject({ status: 401, body: { code: "signature-mismatch" } });
    const v1 = await postWebhook(stack.url, secret, body, { deliveryId: "fd-v1", signature: `sha256=${"0".repeat(64)}` });
    expect(v1).toMatchObject({ status: 401, body: { code: "signature-scheme-deprecated" } });
  });

  it("answers the same delivery sent twice at the same instant as one after the other: one 202, one 200 duplicate, one journey", async () => {
    for (const round of [1, 2, 3]) {
      const body = application({ phone: `1380000440${round}` });
      const timestamp = Math.floor(Date.now() / 1000);
      // Both requests are on the wire before either is answered.
      const answers = await Promise.all([1, 2].map(() => postWebhook(stack.url, secret, body, { deliveryId: `fd-twice-${round}`, timestamp })));
      expect(answers.map((a) => [a.status, a.body.duplicate]).sort()).toEqual([[200, true], [202, false]]);
      const [a, b] = answers;
      expect(b!.body).toMatchObject({ candidateId: a!.body.candidateId, applicationId: a!.body.applicationId, executionArn: a!.body.executionArn });
      const view = await hr(stack.url, recruiter, `/hr/candidates/${a!.body.candidateId}`);
      expect(view.body.applications).toHaveLength(1);
      expect(view.body.timeline.filter((e: { type: string }) => e.type === "application.received")).toHaveLength(1);
    }
  });

  it("treats the same application under a new delivery id as a duplicate: same ids, one journey", async () => {
    const body = application({ phone: "13800003333", externalId: "ats-app-42" });
    const first = await postWebhook(stack.url, secret, body, { deliveryId: "fd-app-1" });
    expect(first).toMatchObject({ status: 202, body: { duplicate: false } });
    const again = await postWebhook(stack.url, secret, body, { deliveryId: "fd-app-2" });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true, candidateId: first.body.candidateId, applicationId: first.body.applicationId, executionArn: first.body.executionArn } });
    const view = await hr(stack.url, recruiter, `/hr/candidates/${first.body.candidateId}`);
    expect(view.body.applications).toHaveLength(1);
    expect(view.body.timeline.filter((e: { type: string }) => e.type === "application.received")).toHaveLength(1);
  });

  it("parses phones: refuses 138123 and a US number read as Chinese with the field and the reason; a requisition's region reads it right; search takes any format", async () => {
    const short = await postWebhook(stack.url, secret, application({ phone: "138123" }), { deliveryId: "fd-phone-1" });
    expect(short).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ path: "candidate.phone", code: "invalid_phone" })] } });
    const us = await postWebhook(stack.url, secret, application({ phone: "(206) 555-0143" }), { deliveryId: "fd-phone-2" });
    expect(us).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ path: "candidate.phone", message: expect.stringContaining("country code") })] } });
    expect((await hr(stack.url, admin, "/hr/requisitions/req-seattle", { method: "PUT", body: JSON.stringify({ title: "Account Executive", locale: "en", phoneRegion: "US", screening: { requiredKeywords: [] } }) })).status).toBe(200);
    const seattle = await postWebhook(stack.url, secret, application({ phone: "(206) 555-0143", requisitionId: "req-seattle" }), { deliveryId: "fd-phone-3" });
    expect(seattle.status).toBe(202);
    expect((await hr(stack.url, recruiter, `/hr/candidates/${seattle.body.candidateId}`)).body.candidate.phoneE164).toBe("+12065550143");

    const cn = await postWebhook(stack.url, secret, application({ phone: "138 0013 4444" }), { deliveryId: "fd-phone-4" });
    expect(cn.status).toBe(202);
    // The journey's pool step writes the search entries, a moment after the 202.
    await expect.poll(async () => (await hr(stack.url, recruiter, "/hr/talent/search?phone=13800134444")).body.items.length).toBe(1);
    for (const typed of ["13800134444", "138-0013-4444", "+86 138 0013 4444", "0086 138 0013 4444", "(+86) 138 0013 4444"]) {
      const found = await hr(stack.url, recruiter, `/hr/talent/search?phone=${encodeURIComponent(typed)}`);
      expect(found.body.items.map((s: { candidateId: string }) => s.candidateId), typed).toEqual([cn.body.candidateId]);
    }
    expect((await hr(stack.url, recruiter, `/hr/talent/search?phone=${encodeURIComponent("138123")}`)).body.errors[0]).toMatchObject({ path: "phone" });
  });

  it("keeps at most the cap of unauthenticated dead letters per source and hour, and counts the rest", async () => {
    // Sources we don't know share one count: the path is the sender's to choose.
    const forged = Array.from({ length: CAP + 4 }, (_, i) => fetch(`${stack.url}/webhooks/nope-${i}`, { method: "POST", body: `garbage ${i}` }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> })));
    const answers = await Promise.all(forged);
    expect(answers.every((a) => a.status === 404)).toBe(true);
    expect(answers.filter((a) => a.body.deadLetterId)).toHaveLength(CAP);
    expect(answers.filter((a) => a.body.deadLettered === false)).toHaveLength(4);
    const letters = await hr(stack.url, recruiter, "/hr/dead-letters?limit=100");
    expect(letters.body.counts.find((c: { source: string }) => c.source === "(unknown)")).toMatchObject({ kept: CAP, dropped: 4 });
    // Bad signatures from a known source count against that source.
    const generic = () => letters.body.counts.find((c: { source: string }) => c.source === "generic");
    expect(generic()).toMatchObject({ kept: 2 });
    // An authenticated sender's refusals are always kept: they are a real sender's data.
    const invalid = await postWebhook(stack.url, secret, JSON.stringify({ event: "application.created" }), { deliveryId: "fd-invalid-after-cap" });
    expect(invalid).toMatchObject({ status: 400, body: { deadLetterId: expect.any(String) } });
  });
});
