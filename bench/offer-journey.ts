// 5. Offer journey: (a) an approver's click (the confirming POST) → the next approver's email in the
// outbox, against `bin/local.ts` as its own process: link lookup, the single-use write, the decision
// and timeline writes, SendTaskSuccess, the engine's next states and the next step's SES send all sit
// inside each sample. (b) Drop-off risk scoring of 10,000 offers, inputs built from their timelines.
import { rmSync } from "node:fs";
import { signGenericWebhook } from "../lambdas/core/intake/webhook-signature.js";
import { riskInputsFor, scoreRisk } from "../lambdas/core/offer/offer-risk.js";
import { newDataDir, startLocalProcess, token, webhookSecret } from "../test/e2e/local-process.js";
import { percentile, row, type BenchRow } from "./report.js";

const SAMPLES = 100;
const day = 86_400_000;

export async function offerJourney(): Promise<BenchRow[]> {
  return [...(await approvalClickToNextEmail()), riskScoring()];
}

async function approvalClickToNextEmail(): Promise<BenchRow[]> {
  const dataDir = newDataDir();
  const stack = await startLocalProcess(dataDir, { HIREPATH_NUDGE_AFTER_SECONDS: "86400" });
  try {
    const secret = webhookSecret(dataDir);
    const bearer = await token(stack.url, "recruiter");
    const hr = (path: string, method: string, body: unknown) =>
      fetch(`${stack.url}${path}`, { method, headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (r) => {
        if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${await r.text()}`);
        return r.json() as Promise<Record<string, any>>;
      });
    const waitForEmail = async (to: string) => {
      const r = await fetch(`${stack.url}/outbox/api/messages?to=${encodeURIComponent(to)}&wait=20000`);
      const body = (await r.json()) as { count: number; messages: Array<{ html?: string }> };
      if (body.count < 1) throw new Error(`no email for ${to}`);
      return body.messages[0]!;
    };
    const sample = async (i: number) => {
      const req = `req-bench-offer-${i}`;
      const manager = `manager-${i}@bench.test`;
      const finance = `finance-${i}@bench.test`;
      await hr(`/hr/requisitions/${req}`, "PUT", { title: "Bench", screening: { requiredKeywords: [] } });
      await hr(`/hr/requisitions/${req}/offer-policy`, "PUT", {
        ownerEmail: "owner@bench.test",
        approvalChain: [
          { name: "Manager", approvers: [{ email: manager, name: "M" }], required: 1 },
          { name: "Finance", approvers: [{ email: finance, name: "F" }], required: 1 },
        ],
      });
      const body = JSON.stringify({ event: "application.created", candidate: { name: `候选人${i}`, email: `offer-bench-${i}@example.com`, locale: "zh-CN", timeZone: "Asia/Shanghai" }, application: { requisitionId: req } });
      const created = (await (
        await fetch(`${stack.url}/webhooks/generic`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hirepath-signature": signGenericWebhook(body, secret, Math.floor(Date.now() / 1000)), "x-hirepath-delivery": `offer-bench-${i}-${Date.now()}`, "x-hirepath-timestamp": String(Math.floor(Date.now() / 1000)) },
          body,
        })
      ).json()) as { candidateId: string; applicationId: string };
      const parts = {
        basePay: { amount: 400000, currency: "CNY", period: "year" },
        commission: { kind: "none" },
        bonus: { kind: "none" },
        benefits: ["五险一金"],
        probation: { months: 3, payPercent: 100 },
        startDate: new Date(Date.now() + 30 * day).toISOString().slice(0, 10),
        location: "上海",
        responseDeadline: new Date(Date.now() + 5 * day).toISOString(),
      };
      await hr(`/hr/candidates/${created.candidateId}/offers/bench${i}`, "PUT", { applicationId: created.applicationId, parts });
      await hr(`/hr/candidates/${created.candidateId}/offers/bench${i}/submit`, "POST", {});
      const managerEmail = await waitForEmail(manager);
      const link = /href="([^"]+\/o\/[A-Za-z0-9_-]+)\?action=approve"/.exec(managerEmail.html ?? "")?.[1];
      if (!link) throw new Error("no approve link");
      const started = performance.now();
      const next = waitForEmail(finance).then(() => performance.now() - started);
      const res = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "action=approve" });
      if (res.status !== 200) throw new Error(`approve answered ${res.status}`);
      return next;
    };
    for (let i = 0; i < 5; i++) await sample(-1 - i); // warm-up
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) times.push(await sample(i));
    return [
      row("offer_approval_click_to_next_email.p50_ms", `Approval click → next approver's email in the outbox, p50 (${SAMPLES} sequential)`, Number(percentile(times, 50).toFixed(1)), "ms"),
      row("offer_approval_click_to_next_email.p99_ms", `Approval click → next approver's email in the outbox, p99 (${SAMPLES} sequential)`, Number(percentile(times, 99).toFixed(1)), "ms", { op: "<=", value: 250 }),
    ];
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function riskScoring(): BenchRow {
  const now = new Date("2026-06-10T00:00:00Z");
  const types = ["message.sent", "message.opened", "message.clicked", "portal.visited", "offer.question", "offer.approval.decided"];
  // Deterministic pseudo-random offers, each with a dozen timeline events.
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const offers = Array.from({ length: 10_000 }, () => ({
    offer: { competingOffer: rand() < 0.2, finalInterviewAt: new Date(now.getTime() - (5 + rand() * 20) * day).toISOString(), submittedAt: new Date(now.getTime() - 5 * day).toISOString(), approvedAt: new Date(now.getTime() - (5 - rand() * 4) * day).toISOString(), sentAt: new Date(now.getTime() - day).toISOString() },
    gap: rand() * 0.4 - 0.25,
    timeline: Array.from({ length: 12 }, () => ({ type: types[Math.floor(rand() * types.length)]!, at: new Date(now.getTime() - rand() * 10 * day).toISOString() })),
  }));
  const started = performance.now();
  let sum = 0;
  for (const o of offers) sum += scoreRisk(riskInputsFor(o.offer, o.gap, o.timeline, now)).score;
  const ms = performance.now() - started;
  if (!Number.isFinite(sum)) throw new Error("risk scores are not finite");
  return row("offer_risk_scoring_10k.ms", "Drop-off risk scoring of 10,000 offers (inputs from timelines)", Number(ms.toFixed(1)), "ms", { op: "<=", value: 1000 });
}
