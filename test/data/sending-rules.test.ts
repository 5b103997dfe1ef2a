// The sending rules on the real store (dynalite, the real key schema): two admins saving from one version
// get one save and one 409 concurrent-change, every version is kept with who saved it and when, the
// deployment's default answers while nothing is saved, and a message planned after a change is held by
// the new quiet hours, while a hold planned before it keeps its time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoHirepathStore } from "../../lambdas/adapters/dynamo-store.js";
import { planHeldMessage } from "../../lambdas/core/outreach/held-messages.js";
import { saveSendingRules, sendingRulesInForce, sendingRulesSetting } from "../../lambdas/core/outreach/sending-rules.js";
import { ConcurrentChangeError } from "../../lambdas/core/shared/errors.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import { problemFor } from "../../lambdas/core/shared/problem.js";
import { openCrashWorld, type CrashWorld } from "./crash-world.js";

let w: CrashWorld;
/** A clock standing still at `iso` (the world's moves on a little at every read). */
const at = (iso: string) => ({ now: () => new Date(iso) });

beforeAll(async () => {
  w = await openCrashWorld();
}, 120_000);

afterAll(async () => {
  await w?.close();
});

describe("sending rules on the table", () => {
  it("answers the deployment's default, version 0, while nothing is saved; an env seed changes that default", async () => {
    expect(await sendingRulesInForce(w.store)).toEqual({ quietHours: { start: "21:00", end: "08:00" }, dailyCap: 3, version: 0 });
    const seeded = new DynamoHirepathStore(w.doc, w.table, undefined, { quietHours: { start: "22:00", end: "07:00" }, dailyCap: 4 });
    expect(await sendingRulesInForce(seeded)).toEqual({ quietHours: { start: "22:00", end: "07:00" }, dailyCap: 4, version: 0 });
    const setting = await sendingRulesSetting({ rules: w.store });
    expect(setting).toMatchObject({ version: 0, source: "default", history: [] });
  });

  it("lets one of two saves from the same version land and answers the other 409 concurrent-change", async () => {
    const deps = { rules: w.store, clock: at("2026-12-07T12:00:00.000Z") };
    const results = await Promise.allSettled([
      saveSendingRules({ expectedVersion: 0, quietHours: { start: "20:00", end: "09:00" }, dailyCap: 3 }, "admin-a@example.com", deps),
      saveSendingRules({ expectedVersion: 0, quietHours: null, dailyCap: 10 }, "admin-b@example.com", deps),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConcurrentChangeError);
    expect(problemFor(lost[0]!.reason)).toMatchObject({ status: 409, code: "concurrent-change", currentVersion: 1 });
    // Exactly one version is stored, and it is the winner's whole save, not a mix of both.
    const stored = await w.partition(keys.settingsPartition);
    expect(stored.filter((i) => i.kind === "sending-rules-version")).toHaveLength(1);
    const current = (await sendingRulesSetting({ rules: w.store }));
    expect(current.version).toBe(1);
    expect([{ quietHours: { start: "20:00", end: "09:00" }, dailyCap: 3, updatedBy: "admin-a@example.com" }, { quietHours: null, dailyCap: 10, updatedBy: "admin-b@example.com" }]).toContainEqual({ quietHours: current.quietHours, dailyCap: current.dailyCap, updatedBy: current.updatedBy });
  });

  it("keeps every version with who saved it and when, newest first, and refuses a save from a version long gone", async () => {
    const deps = { rules: w.store, clock: at("2026-12-07T13:00:00.000Z") };
    await saveSendingRules({ expectedVersion: 1, quietHours: { start: "20:00", end: "09:00" }, dailyCap: 2 }, "admin-c@example.com", deps);
    await expect(saveSendingRules({ expectedVersion: 1, quietHours: null, dailyCap: 5 }, "admin-d@example.com", deps)).rejects.toBeInstanceOf(ConcurrentChangeError);
    const setting = await sendingRulesSetting({ rules: w.store });
    expect(setting).toMatchObject({ version: 2, source: "saved", quietHours: { start: "20:00", end: "09:00" }, dailyCap: 2, updatedBy: "admin-c@example.com", updatedAt: "2026-12-07T13:00:00.000Z" });
    expect(setting.history.map((h) => [h.version, h.updatedAt])).toEqual([
      [2, "2026-12-07T13:00:00.000Z"],
      [1, "2026-12-07T12:00:00.000Z"],
    ]);
  });

  it("holds a message planned after the change by the new quiet hours, and leaves a hold planned before it at its time", async () => {
    const clock = at("2026-12-08T00:30:00.000Z");
    const deps = { rules: w.store, clock };
    const { candidate } = await w.store.findOrCreateCandidate("rules-person", { name: "王小明", emailNorm: "rules-person@example.com", locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "generic" }, "2026-12-01T00:00:00.000Z");
    const request = (holdKey: string) => ({ holdKey, candidateId: candidate.candidateId, what: "Interview invitation", timeZone: "Asia/Shanghai" });
    // 20:00–09:00 (version 2): at 08:30 in Shanghai a message waits until 09:00 there.
    const held = await planHeldMessage(request("after-change"), { store: w.store, clock });
    expect(held).toMatchObject({ sendAt: new Date("2026-12-08T01:00:00.000Z"), reason: "quiet-hours" });
    // Back to no quiet hours: the next message planned goes now; the hold planned under version 2 stays.
    await saveSendingRules({ expectedVersion: 2, quietHours: null, dailyCap: 2 }, "admin-c@example.com", deps);
    expect(await planHeldMessage(request("after-second-change"), { store: w.store, clock })).toMatchObject({ sendAt: new Date("2026-12-08T00:30:00.000Z"), reason: "now" });
    const timeline = (await w.store.getCandidateView(candidate.candidateId))!.timeline.filter((e) => e.type === "message.held");
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.data).toMatchObject({ until: "2026-12-08T01:00:00.000Z", reason: "quiet-hours", rulesVersion: 2, localTime: "09:00 Asia/Shanghai" });
  });
});
