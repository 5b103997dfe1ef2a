// One crash scenario per multi-item operation: arrange what it needs, act as its caller does (the
// retry is the same call again), and check that each effect is there exactly once.
import { expect } from "vitest";
import { ingestApplication } from "../../lambdas/core/intake/intake.js";
import { importChunk } from "../../lambdas/core/talent/file-import.js";
import { deadLetterBody, keepDeadLetter } from "../../lambdas/core/intake/dead-letters.js";
import { problemFor } from "../../lambdas/core/shared/problem.js";
import { SignatureError } from "../../lambdas/core/shared/errors.js";
import { cancelInterview, confirmInterview, recordInterviewOutcome, rescheduleInterview, ScheduleInterviewBody, scheduleInterview, type SchedulingDeps } from "../../lambdas/core/interview/interview-scheduling.js";
import { slotCells } from "../../lambdas/core/interview/interview-slots.js";
import type { Interview } from "../../lambdas/core/shared/model.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import type { MultiItemWriteId } from "../../lambdas/core/shared/multi-item-writes.js";
import { interviewWorkflows, type CrashWorld } from "./crash-world.js";
import { createOutreach } from "../../lambdas/core/outreach/outreach.js";
import { messageIdFor } from "../../lambdas/core/outreach/send-once.js";
import { taskCrashScenarios } from "./crash-scenarios-tasks.js";
import { overrideScreen } from "../../lambdas/core/screening/screen-override.js";

export interface CrashScenario<C = any> {
  /** Sets up what the operation needs, with the switch off. `run` makes ids unique per run. */
  arrange(w: CrashWorld, run: number): Promise<C>;
  /** The operation as its caller runs it; the retry is the same call. */
  act(w: CrashWorld, ctx: C): Promise<unknown>;
  /** Every effect present exactly once. */
  check(w: CrashWorld, ctx: C): Promise<void>;
}

const phoneOf = (run: number) => `+86139${String(run).padStart(8, "0")}`;

async function onlyCandidateWithPhone(w: CrashWorld, phone: string): Promise<string> {
  const marker = (await w.partition(keys.phoneMarker(phone).pk))[0];
  expect(marker, `phone marker for ${phone}`).toBeDefined();
  const profiles = (await w.itemsOfKind("candidate")).filter((c) => c.phoneE164 === phone);
  expect(profiles.map((p) => p.candidateId)).toEqual([marker!.candidateId]);
  const listed = (await w.partition(keys.candidateListPartition)).filter((e) => e.candidateId === marker!.candidateId);
  expect(listed, "list entries").toHaveLength(1);
  return String(marker!.candidateId);
}

function schedulingDeps(w: CrashWorld): SchedulingDeps {
  return {
    store: w.store,
    interviews: w.interviews,
    journeys: interviewWorkflows(w),
    clock: w.clock,
    timing: { followUpAfterSeconds: 3600, taskDueSeconds: 14400, firstReminderBeforeSeconds: 86400, secondReminderBeforeSeconds: 7200, outcomeGraceSeconds: 3600 },
  };
}

const BOOKED_AT = "2026-12-01T03:00:00.000Z";
const MOVED_TO = "2026-12-01T05:00:00.000Z";

interface Booking {
  candidateId: string;
  applicationId: string;
  interviewerId: string;
  interview?: Interview;
}

/** A candidate with an application, their own interviewer (open all December) and a priority flag. */
async function bookingWorld(w: CrashWorld, run: number, booked: boolean): Promise<Booking> {
  const { candidate } = await w.store.findOrCreateCandidate(`iv-cand-${run}`, { name: "韩梅梅", phoneE164: phoneOf(run), locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "generic" }, "2026-11-20T00:00:00.000Z");
  const application = await w.store.putApplication({ applicationId: `iv-app-${run}`, candidateId: candidate.candidateId, requisitionId: "req", source: "generic", status: "screened", createdAt: "2026-11-20T00:00:00.000Z", updatedAt: "2026-11-20T00:00:00.000Z" });
  const interviewerId = `iv-crash-${run}`;
  await w.interviews.putInterviewer({ interviewerId, name: "面试官", email: `iv${run}@example.com`, title: {}, background: {}, tags: [], availability: [{ startsAt: "2026-11-30T00:00:00.000Z", endsAt: "2026-12-31T00:00:00.000Z" }], updatedAt: "2026-11-20T00:00:00.000Z" });
  await w.interviews.putPriorityFlag({ candidateId: candidate.candidateId, applicationId: application.applicationId, mustInterviewBy: "2026-12-10T00:00:00.000Z", flaggedBy: "boss@example.com", flaggedByRole: "executive", flaggedAt: "2026-11-20T00:00:00.000Z", recruiterEmail: "hr@example.com", status: "open" });
  const b: Booking = { candidateId: candidate.candidateId, applicationId: application.applicationId, interviewerId };
  if (booked) b.interview = await scheduleInterview(bookingBody(b), "hr@example.com", schedulingDeps(w));
  return b;
}

const bookingBody = (b: Booking, startsAt = BOOKED_AT) =>
  ScheduleInterviewBody.parse({ candidateId: b.candidateId, applicationId: b.applicationId, interviewerId: b.interviewerId, startsAt, durationMinutes: 60, mode: "video", videoUrl: "https://meet.example.com/x", recruiterEmail: "hr@example.com" });

/** The interview's cells, calendar and events, each once; no other interview holds its time. */
async function checkInterview(w: CrashWorld, b: Booking, expected: { startsAt: string; version: number; status: string; events: string[]; executions: string[]; released?: string }) {
  const interviews = (await w.partition(keys.candidatePartition(b.candidateId))).filter((i) => i.kind === "interview");
  expect(interviews).toHaveLength(1);
  const interview = interviews[0] as unknown as Interview;
  expect(interview).toMatchObject({ startsAt: expected.startsAt, version: expected.version, status: expected.status });
  const cells = await w.partition(`SLOT#${b.interviewerId}`);
  const calendar = await w.partition(keys.calendarPartition(b.interviewerId));
  if (expected.status === "cancelled") {
    expect(cells).toEqual([]);
    expect(calendar).toEqual([]);
  } else {
    expect(cells.map((c) => c.sk)).toEqual(slotCells(interview));
    expect(new Set(cells.map((c) => c.interviewId))).toEqual(new Set([interview.interviewId]));
    expect(calendar.map((c) => c.startsAt)).toEqual([expected.startsAt]);
  }
  const timeline = (await w.partition(keys.candidatePartition(b.candidateId))).filter((i) => i.kind === "timeline").map((e) => String(e.type));
  for (const type of expected.events) expect(timeline.filter((t) => t === type), type).toHaveLength(1);
  // A cancellation's notice is a run of its own machine.
  for (const suffix of expected.executions) expect(w.executions(suffix.endsWith("-cancelled") ? "interview-change-notice" : "interview", `${interview.interviewId}${suffix}`), suffix).toHaveLength(1);
  if (expected.status !== "cancelled") expect(interview.executionArn).toBe(w.executions("interview", `${interview.interviewId}-v${expected.version}`)[0]);
  return interview;
}

const importJob = (importId: string) => ({ importId, source: "zhaopin", filename: "x.xlsx", fileKey: `imports/${importId}`, fileHash: importId, status: "running" as const, attempt: 1, processed: 0, created: 0, merged: 0, rejected: 0, by: "hr@example.com", startedAt: "2026-11-23T00:00:00.000Z" });

export const crashScenarios: Record<MultiItemWriteId, CrashScenario> = {
  "experiment.assign": {
    arrange: async (w, run) => {
      const experimentId = `exp-crash-${run}`;
      await w.talent.putExperiment(experimentId, { name: "sms vs call", roleFamily: "sales", arms: ["sms-first", "call-first"], status: "running" }, "2026-11-23T00:00:00.000Z");
      return { experimentId, candidateId: `c-${run}` };
    },
    act: (w, c) => w.talent.assign(c.experimentId, c.candidateId, "sms-first", w.clock.now().toISOString()),
    check: async (w, c) => {
      const experiment = await w.talent.getExperiment(c.experimentId);
      expect(experiment?.assigned).toEqual({ "sms-first": 1, "call-first": 0 });
      expect((await w.partition(`EXP#${c.experimentId}`)).filter((i) => i.kind === "experiment-assignment")).toHaveLength(1);
    },
  },

  "experiment.respond": {
    arrange: async (w, run) => {
      const experimentId = `exp-resp-${run}`;
      await w.talent.putExperiment(experimentId, { name: "sms vs call", roleFamily: "sales", arms: ["sms-first", "call-first"], status: "running" }, "2026-11-23T00:00:00.000Z");
      await w.talent.assign(experimentId, `c-${run}`, "call-first", "2026-11-23T00:00:00.000Z");
      return { experimentId, candidateId: `c-${run}` };
    },
    act: (w, c) => w.talent.respond(c.experimentId, c.candidateId, w.clock.now().toISOString()),
    check: async (w, c) => {
      expect((await w.talent.getExperiment(c.experimentId))?.responded).toEqual({ "sms-first": 0, "call-first": 1 });
    },
  },

  "call.record-attempt": {
    arrange: async (_w, run) => ({ callId: `call-${run}`, roleFamily: `family-${run}` }),
    act: (w, c) => w.talent.recordCallAttempt({ callId: c.callId, candidateId: "c", at: "2026-11-23T02:00:00.000Z", outcome: "reached", by: "hr", roleFamily: c.roleFamily, weekday: 1, hour: 10 }),
    check: async (w, c) => {
      expect((await w.partition(`CALLS#${c.roleFamily}`)).filter((i) => i.kind === "call-attempt")).toHaveLength(1);
      const counts = await w.talent.callCounts(c.roleFamily);
      expect([counts.attempts[1]![10], counts.connects[1]![10]]).toEqual([1, 1]);
    },
  },

  "import.start-job": {
    arrange: async (_w, run) => ({ importId: `imp-${run}` }),
    act: (w, c) => w.talent.startImportJob(importJob(c.importId)),
    check: async (w, c) => {
      expect(await w.talent.getImportJob(c.importId)).toBeDefined();
      expect((await w.partition(keys.importListPartition)).filter((e) => e.importId === c.importId)).toHaveLength(1);
    },
  },

  "import.land-chunk": {
    // Two new people (the batch path) and one already in the pool (the find-or-create path).
    arrange: async (w, run) => {
      const importId = `impl-${run}`;
      await w.talent.startImportJob(importJob(importId));
      const phones = [0, 1, 2].map((i) => `1380${String(run).padStart(4, "0")}${i}${i}${i}`);
      await w.store.findOrCreateCandidate(`known-${run}`, { name: "老朋友", phoneE164: `+86${phones[2]}`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "generic" }, "2026-11-20T00:00:00.000Z");
      const key = `imports/${importId}/chunk-1.json`;
      await w.files.real.put(key, Buffer.from(JSON.stringify({ columns: { 姓名: "name", 手机: "phone", 标签: "tags" }, rows: phones.map((p, i) => ({ rowNumber: i + 2, values: { 姓名: `导入${i}`, 手机: p, 标签: "销售" } })) })), "application/json");
      return { importId, key, phones };
    },
    act: (w, c) => importChunk({ importId: c.importId, key: c.key, attempt: 1, chunk: 1 } as Parameters<typeof importChunk>[0], { imports: w.talent, files: w.files, clock: w.clock, store: w.store, talent: w.talent }),
    check: async (w, c) => {
      for (const phone of c.phones as string[]) {
        const id = await onlyCandidateWithPhone(w, `+86${phone}`);
        const imported = (await w.partition(keys.candidatePartition(id))).filter((e) => e.type === "talent.imported");
        expect(imported, phone).toHaveLength(1);
      }
      expect(await w.talent.getImportJob(c.importId)).toMatchObject({ processed: 3, created: 2, merged: 1, chunksDone: 1 });
      expect((await w.partition(`IMPORT#${c.importId}`)).filter((i) => i.kind === "import-row")).toHaveLength(3);
    },
  },

  "import.complete-chunk": {
    arrange: async (w, run) => {
      await w.talent.startImportJob(importJob(`impc-${run}`));
      return { importId: `impc-${run}` };
    },
    act: (w, c) => w.talent.completeImportChunk(c.importId, 1, 3, { processed: 10, created: 7, merged: 2, rejected: 1 }),
    check: async (w, c) => {
      expect(await w.talent.getImportJob(c.importId)).toMatchObject({ processed: 10, created: 7, merged: 2, rejected: 1, chunksDone: 1 });
    },
  },

  "dead-letter.keep": {
    arrange: async (_w, run) => ({ source: `crash-src-${run}`, body: Buffer.from(`{"forged":"${"x".repeat(200_000)}"}`) }),
    act: (w, c) => {
      const error = new SignatureError("signature does not match the body", { code: "signature-mismatch" });
      return keepDeadLetter({ source: c.source, route: "POST /webhooks/{source}", headers: { "content-type": "application/json" }, body: c.body }, error, problemFor(error), { store: w.store, files: () => w.files, clock: w.clock, capPerHour: 100 });
    },
    // Each call is a refusal of its own, so it is not "once": every dead letter kept has its whole
    // body, and the source's count is the number kept.
    check: async (w, c) => {
      const kept = (await w.partition(keys.deadLetterPartition)).filter((d) => d.source === c.source);
      expect(kept.length).toBeGreaterThan(0);
      for (const d of kept) expect((await deadLetterBody(d as never, () => w.files.real)).equals(c.body)).toBe(true);
      const counts = (await w.partition(keys.deadLetterCountPartition)).filter((n) => n.source === c.source);
      expect(counts.reduce((sum, n) => sum + Number(n.kept ?? 0), 0)).toBe(kept.length);
    },
  },

  "interview.book": {
    arrange: (w, run) => bookingWorld(w, run, false),
    act: (w, b: Booking) => scheduleInterview(bookingBody(b), "hr@example.com", schedulingDeps(w)),
    check: async (w, b: Booking) => {
      await checkInterview(w, b, { startsAt: BOOKED_AT, version: 1, status: "scheduled", events: ["interview.scheduled", "priority.scheduled"], executions: ["-v1"] });
      expect(await w.interviews.getPriorityFlag(b.candidateId, b.applicationId)).toMatchObject({ status: "scheduled" });
    },
  },

  "interview.reschedule": {
    arrange: (w, run) => bookingWorld(w, run, true),
    act: (w, b: Booking) => rescheduleInterview({ candidateId: b.candidateId, interviewId: b.interview!.interviewId, expectedVersion: 1 }, { startsAt: MOVED_TO }, { actor: "hr@example.com", side: "hr" }, schedulingDeps(w)),
    check: (w, b: Booking) => checkInterview(w, b, { startsAt: MOVED_TO, version: 2, status: "scheduled", events: ["interview.scheduled", "interview.rescheduled"], executions: ["-v1", "-v2"] }).then(() => undefined),
  },

  "interview.cancel": {
    arrange: (w, run) => bookingWorld(w, run, true),
    act: (w, b: Booking) => cancelInterview({ candidateId: b.candidateId, interviewId: b.interview!.interviewId }, { actor: "hr@example.com", side: "hr", reason: "role closed" }, schedulingDeps(w)),
    check: (w, b: Booking) => checkInterview(w, b, { startsAt: BOOKED_AT, version: 1, status: "cancelled", events: ["interview.cancelled"], executions: ["-v1", "-v1-cancelled"] }).then(() => undefined),
  },

  "interview.confirm": {
    arrange: (w, run) => bookingWorld(w, run, true),
    act: (w, b: Booking) => confirmInterview({ candidateId: b.candidateId, interviewId: b.interview!.interviewId, version: 1 }, schedulingDeps(w)),
    check: (w, b: Booking) => checkInterview(w, b, { startsAt: BOOKED_AT, version: 1, status: "confirmed", events: ["interview.confirmed"], executions: ["-v1"] }).then(() => undefined),
  },

  "interview.outcome": {
    arrange: (w, run) => bookingWorld(w, run, true),
    act: (w, b: Booking) => recordInterviewOutcome({ candidateId: b.candidateId, interviewId: b.interview!.interviewId }, "attended", "hr@example.com", schedulingDeps(w)),
    check: async (w, b: Booking) => {
      const interview = await checkInterview(w, b, { startsAt: BOOKED_AT, version: 1, status: "scheduled", events: ["interview.outcome-recorded"], executions: ["-v1"] });
      expect(interview.outcome).toBe("attended");
    },
  },

  "outreach.send": {
    arrange: async (w, run) => {
      const email = `send-crash-${run}@example.com`;
      const { candidate } = await w.store.findOrCreateCandidate(`send-cand-${run}`, { name: "王小明", emailNorm: email, phoneE164: phoneOf(run), locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "generic" }, "2026-11-20T00:00:00.000Z");
      const applicationId = `send-app-${run}`;
      await w.store.putApplication({ applicationId, candidateId: candidate.candidateId, requisitionId: "req-send", source: "generic", status: "screened", createdAt: "2026-11-20T00:00:00.000Z", updatedAt: "2026-11-20T00:00:00.000Z" });
      return { candidateId: candidate.candidateId, applicationId, email, key: `send-exec-${run}#invite` };
    },
    act: async (w, c) => {
      const messaging = await w.messaging();
      // Whatever the provider published about an earlier attempt has reached the event handler by now.
      await messaging.deliverEvents();
      const outreach = createOutreach({
        store: w.store,
        clock: w.clock,
        email: messaging.email,
        sms: messaging.sms,
        secrets: { linkSigningKey: async () => "crash-test-link-signing-key-0123456789", webhookSecret: async () => undefined },
        config: { publicBaseUrl: "http://localhost:1", linkTtlDays: 30 },
        evidence: { waitMs: 50, pollMs: 10 },
      });
      return outreach.sendTemplated({ candidateId: c.candidateId, applicationId: c.applicationId, template: "interview-invite", channel: "email", idempotencyKey: c.key });
    },
    check: async (w, c) => {
      const messaging = await w.messaging();
      await messaging.deliverEvents();
      expect(messaging.outbox.list({ to: c.email }), "emails in the outbox").toHaveLength(1);
      const messageId = messageIdFor({ idempotencyKey: c.key });
      expect(await w.store.getMessage(messageId)).toMatchObject({ status: "sent", providerMessageId: messaging.outbox.list({ to: c.email })[0]!.id });
      const partition = await w.partition(keys.candidatePartition(c.candidateId));
      expect(partition.filter((i) => i.type === "message.sent" && (i.data as { messageId?: string })?.messageId === messageId), "message.sent events").toHaveLength(1);
      expect(partition.filter((i) => i.type === "message.delivered"), "message.delivered events").toHaveLength(1);
      expect((await w.store.getApplication(c.candidateId, c.applicationId))?.status).toBe("invited");
    },
  },

  "candidate.find-or-create": {
    arrange: async (_w, run) => ({ id: `cand-${run}`, phone: phoneOf(run), email: `p${run}@example.com` }),
    act: (w, c) =>
      w.store.findOrCreateCandidate(c.id, { name: "王小明", phoneE164: c.phone, emailNorm: c.email, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "generic" }, w.clock.now().toISOString()),
    check: async (w, c) => {
      const id = await onlyCandidateWithPhone(w, c.phone);
      expect((await w.partition(keys.emailMarker(c.email).pk))[0]?.candidateId).toBe(id);
    },
  },

  "intake.application": {
    arrange: async (_w, run) => ({ deliveryId: `delivery-${run}`, phone: phoneOf(run) }),
    act: (w, c) =>
      ingestApplication(
        {
          event: "application.created",
          candidate: { name: "李雷", phone: c.phone, locale: "zh-CN", timeZone: "Asia/Shanghai" },
          application: { requisitionId: "req-crash" },
        } as Parameters<typeof ingestApplication>[0],
        { source: "generic", deliveryId: c.deliveryId },
        { store: w.store, journeys: w.journeys("application"), clock: w.clock, config: { nudgeAfterSeconds: 3600 } },
      ),
    check: async (w, c) => {
      const candidateId = await onlyCandidateWithPhone(w, c.phone);
      const partition = await w.partition(keys.candidatePartition(candidateId));
      const applications = partition.filter((i) => i.kind === "application");
      expect(applications).toHaveLength(1);
      const applicationId = String(applications[0]!.applicationId);
      expect(partition.filter((i) => i.type === "application.received")).toHaveLength(1);
      expect(w.executions("application", `app-${applicationId}`)).toHaveLength(1);
      expect(applications[0]!.executionArn).toBe(w.executions("application", `app-${applicationId}`)[0]);
      const delivery = (await w.partition(keys.webhookDelivery("generic", c.deliveryId).pk))[0];
      expect(delivery).toMatchObject({ status: "completed", applicationId, candidateId });
    },
  },

  "requisition.put": {
    arrange: async (_w, run) => ({ requisitionId: `req-${run}`, title: `Sales ${run}` }),
    act: (w, c) => w.store.putRequisition({ requisitionId: c.requisitionId, title: c.title, locale: "zh-CN", screening: { requiredKeywords: [], bonusKeywords: [], knockOutQuestions: [] }, updatedAt: w.clock.now().toISOString() }),
    check: async (w, c) => {
      const item = await w.store.getRequisition(c.requisitionId);
      const listed = (await w.store.listRequisitions()).filter((r) => r.requisitionId === c.requisitionId);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toEqual(item);
    },
  },
  "application.status-and-event": {
    arrange: async (w, run) => {
      const { candidate } = await w.store.findOrCreateCandidate(`ovr-cand-${run}`, { name: "林平之", phoneE164: `+86136${String(run).padStart(8, "0")}`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "generic" }, "2026-11-20T00:00:00.000Z");
      const application = await w.store.putApplication({ applicationId: `ovr-app-${run}`, candidateId: candidate.candidateId, requisitionId: "req", source: "generic", status: "screened", createdAt: "2026-11-20T00:00:00.000Z", updatedAt: "2026-11-20T00:00:00.000Z" });
      return { candidateId: candidate.candidateId, applicationId: application.applicationId };
    },
    // HR overrides the screen and, after an error, sends it again: a second override (a new time).
    act: (w, c) => overrideScreen(c, { decision: "reject", reason: "没有所需证书" }, "hr@example.com", { store: w.store, clock: w.clock }),
    check: async (w, c) => {
      const partition = await w.partition(keys.candidatePartition(c.candidateId));
      const app = partition.find((i) => i.kind === "application");
      expect(app).toMatchObject({ status: "rejected", screenOverride: { decision: "reject" } });
      // Every override's event is there: the one the application holds among them.
      const events = partition.filter((i) => i.kind === "timeline" && i.type === "application.screen-overridden");
      expect(events.length).toBeGreaterThan(0);
      expect(events.map((e) => e.at)).toContain((app!.screenOverride as { at: string }).at);
    },
  },
  ...taskCrashScenarios,
};
