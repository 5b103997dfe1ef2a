// Helpers for the interview journey's workflow tests, on top of the journey harness (the local stack
// in this process). Time is the test's: waits are woken with the engine's clock, never slept through.
import { expect } from "vitest";
import type { JourneyHarness } from "./journey-harness.js";

let n = 0;

/**
 * An IANA zone ("Etc/GMT-3" is UTC+3) where it is now about `localHour` o'clock, so a test can put the
 * candidate in daytime (no quiet-hours deferral) or at night (deferral) whatever the machine's clock says.
 */
export function zoneWhereItIs(localHour: number, now = new Date()): string {
  let offset = localHour - now.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/UTC" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

export interface InterviewCandidate {
  candidateId: string;
  applicationId: string;
  email: string;
  phone: string;
  timeZone: string;
}

export async function candidateFor(h: JourneyHarness, over: { timeZone?: string; locale?: "zh-CN" | "en"; email?: string | null } = {}): Promise<InterviewCandidate> {
  const i = ++n;
  const email = over.email === null ? undefined : over.email ?? `iv${i}-${process.pid}@example.com`;
  const phone = `137${String(process.pid % 10000).padStart(4, "0")}${String(i).padStart(4, "0")}`;
  const timeZone = over.timeZone ?? zoneWhereItIs(12);
  const { status, body } = await h.post({
    event: "application.created",
    candidate: { name: `面试候选人${i}`, ...(email ? { email } : {}), phone, locale: over.locale ?? "zh-CN", timeZone },
    application: { requisitionId: "req-sales-sh", resumeText: "8年SaaS销售，大客户 key account", yearsExperience: 8, location: "上海" },
  });
  expect(status).toBe(202);
  return { candidateId: body.candidateId, applicationId: body.applicationId, email: email ?? "", phone: `+86${phone}`, timeZone };
}

export const RECRUITER = "recruiter@hirepath.test";
export const MANAGER = "manager@hirepath.test";
export const INTERVIEWER_EMAIL = "interviewer@hirepath.test";

/** Open all day for the next 90 days: journey tests pick their own times, inside availability. */
const ALWAYS_OPEN = [{ startsAt: new Date(Date.now() - 86_400_000).toISOString(), endsAt: new Date(Date.now() + 90 * 86_400_000).toISOString() }];

export async function putInterviewer(h: JourneyHarness, interviewerId = "iv-sales-lead", availability: Array<{ startsAt: string; endsAt: string }> = ALWAYS_OPEN) {
  const res = await h.hr(`/hr/interviewers/${interviewerId}`, {
    method: "PUT",
    body: JSON.stringify({
      name: "李娜",
      email: INTERVIEWER_EMAIL,
      title: { "zh-CN": "销售总监", en: "Sales Director" },
      background: { "zh-CN": "12年企业软件销售，曾负责华东大客户团队", en: "12 years in enterprise software sales; led the East China key-account team" },
      tags: ["saas", "key-account", "enterprise"],
      availability,
    }),
  });
  expect(res.interviewerId).toBe(interviewerId);
  return res;
}

/** An hour on the grid, `days` from now. */
export function inDays(days: number, hourOffset = 0): string {
  const t = new Date(Date.now() + days * 86_400_000 + hourOffset * 3600_000);
  t.setUTCMinutes(0, 0, 0);
  return t.toISOString();
}

let slot = 0;

export async function schedule(h: JourneyHarness, c: InterviewCandidate, over: Record<string, unknown> = {}) {
  const res = await fetchHr(h, "/hr/interviews", "POST", {
    candidateId: c.candidateId,
    applicationId: c.applicationId,
    interviewerId: "iv-sales-lead",
    // Each test gets its own day, at the candidate's midday: the same interviewer cannot be booked twice
    // at once (a 409), and a night-time interview would rightly have its reminders moved or skipped.
    startsAt: inDays(3 + ++slot),
    durationMinutes: 60,
    mode: "onsite",
    location: "上海市浦东新区世纪大道100号 20层",
    whatToBring: { "zh-CN": "身份证、简历打印件", en: "ID card and a printed résumé" },
    recruiterEmail: RECRUITER,
    managerEmail: MANAGER,
    ...over,
  });
  expect(res.status).toBe(201);
  return res.body as { interviewId: string; executionArn: string; version: number; startsAt: string };
}

export async function fetchHr(h: JourneyHarness, path: string, method: string, body?: unknown): Promise<{ status: number; body: any }> {
  const token = await h.stack.issuer.issueToken("recruiter", { email: RECRUITER });
  const res = await fetch(`${h.stack.appUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
}

/** Wakes the execution's waits until it has entered `state` (each wake advances one Wait). */
export async function advanceTo(h: JourneyHarness, arn: string, state: string, maxWakes = 12): Promise<void> {
  for (let i = 0; i <= maxWakes; i++) {
    await h.stack.engine.whenIdle();
    if (h.statesVisited(arn).includes(state)) return h.reached(arn, state);
    h.stack.engine.wakeWaits(arn);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${arn} never reached ${state}; visited ${h.statesVisited(arn).join(" → ")}`);
}

/** The href of an action button (data-action="confirm" | "reschedule" | "decline") in an email. */
export function actionLink(html: string | undefined, action: string): string {
  const m = new RegExp(`data-action="${action}" href="([^"]+)"`).exec(html ?? "");
  expect(m, `no ${action} link in the message`).toBeTruthy();
  return m![1]!.replace(/&amp;/g, "&");
}

export async function postForm(url: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
  return { status: res.status, text: await res.text() };
}
