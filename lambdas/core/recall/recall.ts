// Recall: when a requisition opens or its budget changes, find past candidates worth calling
// back — rejected or stalled for a reason that no longer applies (position filled, budget), rated
// highly, with expectations that fit the budget — and send the requisition's owner a brief: the
// interviewers' own words, the rejection reason, expectations versus budget, a match score with
// its reasons, how long ago, and an opening message that states the true reason they were not
// hired before — and a signed link per candidate that lets the owner start the recall journey from
// the email (core/recall-journey.ts). The email's id derives from the requisition and its budget, so
// a repeated trigger sends nothing twice.
import * as z from "../shared/zod.js";
import { NotFoundError, ValidationError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import { escapeHtml } from "../shared/escape-html.js";
import type { Channel, Locale, Requisition, TimelineEvent } from "../shared/model.js";
import type { Clock, HirepathStore, JourneyStarter, SecretsProvider } from "../shared/ports.js";
import type { Outreach } from "../outreach/outreach.js";
import { RECALL_EVENTS, RecallOutcome, recallExecutionName, recallIdFor, recordOutcome, talentPoolConsent, type RecallJourneyConfig, type RecallJourneyInput } from "./recall-journey.js";
import { linkUrl, signLink } from "../shared/signed-links.js";
import type { SearchSummary, TalentProfile } from "../talent/talent-model.js";
import type { TalentStore } from "../talent/talent-ports.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";
import { effectivePreferences, statedMessageChannel } from "../preferences/preferences.js";
import type { Preferences } from "../preferences/preferences-model.js";

/** HR's explicit choice, else the channel the person asked for, else SMS: a recall is short and personal. */
export function recallChannel(requested: Channel | undefined, preferences: Preferences): Channel {
  return requested ?? statedMessageChannel(preferences) ?? "sms";
}

export interface RecallConfig {
  /** Rejection reason codes that no longer apply when a requisition opens or gains budget. */
  reasons: string[];
  minRating: number;
  lookbackDays: number;
  maxCandidates: number;
}

export interface RecallCandidate {
  candidateId: string;
  name: string;
  rejectionReason: string;
  rejectionText?: string;
  evaluations: Array<{ interviewer: string; rating: number; comment: string; at: string }>;
  expectations?: { salaryMin?: number; salaryMax?: number; currency: string };
  budget?: { min: number; max: number; currency: string };
  score: number;
  reasons: string[];
  daysAgo: number;
  openingMessage: string;
}

export interface RecallBrief {
  requisitionId: string;
  trigger: "opened" | "budget-changed";
  candidates: RecallCandidate[];
  messageId?: string;
  sentTo?: string;
}

export function recallTrigger(previous: Requisition | undefined, next: Requisition): RecallBrief["trigger"] | undefined {
  if (!previous) return "opened";
  const a = previous.budget;
  const b = next.budget;
  if (b && (!a || a.min !== b.min || a.max !== b.max || a.currency !== b.currency)) return "budget-changed";
  return undefined;
}

const REASON_TEXT: Record<Locale, Record<string, string>> = {
  "zh-CN": { "position-filled": "当时职位已招满", budget: "当时预算不足", other: "当时的情况" },
  en: { "position-filled": "the position had just been filled", budget: "we did not have the budget", other: "circumstances at the time" },
};

function openingMessage(locale: Locale, name: string, reason: string, title: string): string {
  const why = REASON_TEXT[locale][reason] ?? REASON_TEXT[locale].other!;
  return locale === "zh-CN"
    ? `${name}您好，之前您面试我们的职位时表现很好，没能继续推进的真实原因是${why}，并非您的能力问题。现在「${title}」开放了，想再和您聊聊，不知您是否方便？`
    : `Hello ${name}, you interviewed well with us before; the real reason we did not go ahead was that ${why}, not your abilities. The ${title} role is now open and we would love to talk again. Would you be open to a call?`;
}

/** A candidate's match score and its reasons (exported for the console's phrase test). */
export function scoreOf(t: TalentProfile, budget: Requisition["budget"], daysAgo: number, lookbackDays: number): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  const rating = t.maxRating ?? 0;
  let score = (rating / 5) * 50;
  reasons.push(`rated ${rating}/5`);
  const exp = t.expectations;
  // Both are monthly (the talent pool's expectations and the requisition's budget), and are compared only
  // in one currency: 20,000 USD is not "within" a 15,000–25,000 CNY budget.
  if (budget && exp?.salaryMin !== undefined && exp.currency === budget.currency) {
    if (exp.salaryMin <= budget.max) {
      score += 30;
      reasons.push(`expects ${exp.salaryMin}–${exp.salaryMax ?? exp.salaryMin} ${exp.currency} a month, within the monthly budget of ${budget.min}–${budget.max} ${budget.currency}`);
    } else reasons.push(`expects ${exp.salaryMin} ${exp.currency} a month, above the monthly budget's ${budget.max} ${budget.currency}`);
  } else if (budget && exp?.salaryMin !== undefined) {
    score += 15;
    reasons.push(`expects ${exp.currency}, the budget is in ${budget.currency}: not compared`);
  } else {
    score += 15;
    reasons.push("expectations unknown");
  }
  score += 20 * Math.max(0, 1 - daysAgo / lookbackDays);
  reasons.push(`${daysAgo} days ago`);
  return { score: Math.round(score), reasons };
}

export async function findRecallCandidates(requisition: Requisition, config: RecallConfig, deps: { store: HirepathStore; talent: TalentStore; preferences: PreferenceStore; clock: Clock }): Promise<RecallCandidate[]> {
  const now = deps.clock.now().getTime();
  const found: RecallCandidate[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.talent.search({ minRating: config.minRating, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const s of page.items) {
      const c = await consider(s);
      if (c) found.push(c);
    }
    cursor = page.nextCursor;
  } while (cursor && found.length < config.maxCandidates * 3);
  return found.sort((a, b) => b.score - a.score).slice(0, config.maxCandidates);

  async function consider(s: SearchSummary): Promise<RecallCandidate | undefined> {
    if (!s.rejectionReason || !config.reasons.includes(s.rejectionReason)) return undefined;
    const [talent, view, preferences] = await Promise.all([deps.talent.getTalent(s.candidateId), deps.store.getCandidateView(s.candidateId), deps.preferences.getPreferences(s.candidateId)]);
    if (!talent || !view || talent.mergedInto) return undefined;
    if (!talentPoolConsent(preferences, new Date(now))) return undefined;
    const timeline = [...view.timeline].sort((a, b) => (a.at < b.at ? -1 : 1));
    const rejection = [...timeline].reverse().find((e) => e.type === "talent.rejection");
    const rejectedAt = rejection?.at ?? talent.updatedAt;
    const daysAgo = Math.floor((now - Date.parse(rejectedAt)) / 86_400_000);
    if (daysAgo > config.lookbackDays) return undefined;
    const exp = talent.expectations;
    const budget = requisition.budget;
    if (budget && exp?.salaryMin !== undefined && exp.currency === budget.currency && exp.salaryMin > budget.max * 1.1) return undefined;
    const evaluations = timeline
      .filter((e: TimelineEvent) => e.type === "talent.evaluation")
      .slice(-3)
      .map((e) => ({ interviewer: String(e.data?.interviewer), rating: Number(e.data?.rating), comment: String(e.data?.comment), at: e.at }));
    const { score, reasons } = scoreOf(talent, budget, daysAgo, config.lookbackDays);
    return {
      candidateId: s.candidateId,
      name: s.name,
      rejectionReason: s.rejectionReason,
      ...(rejection?.data?.reason ? { rejectionText: String(rejection.data.reason) } : {}),
      evaluations,
      ...(exp ? { expectations: { ...(exp.salaryMin !== undefined ? { salaryMin: exp.salaryMin } : {}), ...(exp.salaryMax !== undefined ? { salaryMax: exp.salaryMax } : {}), currency: exp.currency } } : {}),
      ...(budget ? { budget } : {}),
      score,
      reasons,
      daysAgo,
      openingMessage: openingMessage(view.candidate.locale, s.name, s.rejectionReason, requisition.title),
    };
  }
}

/** How long the owner's "recall this candidate" link in a brief stays valid. */
export const RECALL_LINK_TTL_DAYS = 14;

/** The owner's signed link that starts the recall journey for one candidate of the brief (confirm page on GET). */
export function recallLinkFor(candidateId: string, requisitionId: string, key: string, publicBaseUrl: string, now: Date): string {
  return linkUrl(publicBaseUrl, signLink({ p: "recall", c: candidateId, r: requisitionId, exp: Math.floor(now.getTime() / 1000) + RECALL_LINK_TTL_DAYS * 86_400 }, key));
}


/** Expectations and budget, both monthly, each saying so and its currency. */
function expBudgetLine(c: Pick<RecallCandidate, "expectations" | "budget">, zh: boolean): string {
  const perMonth = zh ? "/月" : " a month";
  const exp = c.expectations?.salaryMin !== undefined ? `${c.expectations.salaryMin}–${c.expectations.salaryMax ?? c.expectations.salaryMin} ${c.expectations.currency}${perMonth}` : zh ? "未知" : "unknown";
  const budget = c.budget ? `${c.budget.min}–${c.budget.max} ${c.budget.currency}${perMonth}` : "—";
  return `${zh ? "期望 vs 预算（月薪）" : "Expectations vs budget (monthly)"}: ${exp} / ${budget}`;
}

export function renderRecallBrief(
  requisition: Requisition,
  trigger: RecallBrief["trigger"],
  candidates: RecallCandidate[],
  consoleUrl: string,
  recallLinks: Record<string, string> = {},
): { subject: string; html: string; text: string } {
  const recallLabel = "Recall this candidate / 召回";
  const recallLinkHtml = (url: string | undefined) => (url ? `<p><a class="recall-link" href="${escapeHtml(url)}">${escapeHtml(recallLabel)}</a></p>` : "");
  const zh = requisition.locale === "zh-CN";
  const subject = zh ? `人才召回简报：「${requisition.title}」有 ${candidates.length} 位值得再联系的候选人` : `Recall brief: ${candidates.length} past candidates for ${requisition.title}`;
  const why = trigger === "opened" ? (zh ? "职位已开放" : "the requisition opened") : zh ? "预算有变化" : "its budget changed";
  const lines = candidates.map((c) => {
    const evals = c.evaluations.map((e) => `  · ${e.interviewer} (${e.rating}/5): “${e.comment}”`).join("\n");
    return [
      `${c.name} — ${zh ? "匹配分" : "match"} ${c.score} (${c.reasons.join("; ")})`,
      `  ${zh ? "淘汰原因" : "Rejected because"}: ${c.rejectionReason}${c.rejectionText ? ` — ${c.rejectionText}` : ""} (${c.daysAgo} ${zh ? "天前" : "days ago"})`,
      evals,
      `  ${expBudgetLine(c, zh)}`,
      `  ${zh ? "建议开场白" : "Suggested opening"}: ${c.openingMessage}`,
      `  ${consoleUrl}/hr/console/candidates/${c.candidateId}`,
      ...(recallLinks[c.candidateId] ? [`  ${recallLabel}: ${recallLinks[c.candidateId]}`] : []),
    ].join("\n");
  });
  const text = [`${zh ? "触发" : "Trigger"}: ${why}`, "", ...lines].join("\n\n");
  const html = `<!doctype html><html lang="${requisition.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif">
<p>${escapeHtml(zh ? "触发" : "Trigger")}: ${escapeHtml(why)}</p>${candidates
    .map(
      (c) => `<h3>${escapeHtml(c.name)} — ${escapeHtml(zh ? "匹配分" : "match")} ${c.score}</h3><p>${escapeHtml(c.reasons.join("; "))}</p>
<p>${escapeHtml(zh ? "淘汰原因" : "Rejected because")}: ${escapeHtml(c.rejectionReason)} ${escapeHtml(c.rejectionText ?? "")} (${c.daysAgo} ${escapeHtml(zh ? "天前" : "days ago")})</p>
<ul>${c.evaluations.map((e) => `<li>${escapeHtml(e.interviewer)} (${e.rating}/5): “${escapeHtml(e.comment)}”</li>`).join("")}</ul>
<p>${escapeHtml(expBudgetLine(c, zh))}</p>
<p>${escapeHtml(zh ? "建议开场白" : "Suggested opening")}: ${escapeHtml(c.openingMessage)}</p>${recallLinkHtml(recallLinks[c.candidateId])}`,
    )
    .join("")}</body></html>`;
  return { subject, html, text };
}

/** Builds and emails the brief to the requisition's owner, at most once per requisition and budget. */
export async function sendRecallBrief(
  requisition: Requisition,
  trigger: RecallBrief["trigger"],
  config: RecallConfig,
  deps: { store: HirepathStore; talent: TalentStore; preferences: PreferenceStore; clock: Clock; outreach: Outreach; secrets: SecretsProvider; consoleUrl: string },
): Promise<RecallBrief> {
  const candidates = await findRecallCandidates(requisition, config, deps);
  const brief: RecallBrief = { requisitionId: requisition.requisitionId, trigger, candidates };
  if (!requisition.ownerEmail || candidates.length === 0) return brief;
  const key = await deps.secrets.linkSigningKey();
  const now = deps.clock.now();
  const links = Object.fromEntries(candidates.map((c) => [c.candidateId, recallLinkFor(c.candidateId, requisition.requisitionId, key, deps.consoleUrl, now)]));
  const rendered = renderRecallBrief(requisition, trigger, candidates, deps.consoleUrl, links);
  // Once per requisition, budget and trigger; a provider error is recorded and thrown (the HR call sees a 5xx and may retry).
  const sent = await deps.outreach.sendComposed({
    idPrefix: "recall-brief",
    idempotencyKey: [requisition.requisitionId, JSON.stringify(requisition.budget ?? null), trigger].join("\u0000"),
    candidateId: `requisition:${requisition.requisitionId}`,
    template: "recall-brief",
    audience: "staff",
    content: { channel: "email", to: requisition.ownerEmail, ...rendered },
  });
  return { ...brief, messageId: sent.messageId, sentTo: requisition.ownerEmail };
}

// --- acting on a brief ----------------------------------------------------------------------------

export { RecallOutcome };

/** Without a channel, the recall goes where the person asked to be written to (preference record), else by SMS. */
export const StartRecallInput = z.object({ requisitionId: z.string().min(1).max(100), channel: z.enum(["sms", "email"]).optional() }).strict();
export const RecallOutcomeInput = z.object({ outcome: RecallOutcome, note: z.string().max(2000).optional() }).strict();

export interface StartRecallResult {
  recallId: string;
  executionArn: string;
  /** True when this recall had already been started: nothing new started. */
  duplicate: boolean;
  candidateName: string;
  requisitionTitle: string;
}

/**
 * Acting on a brief (HR's API or the owner's link in the brief): starts the recall journey once per
 * candidate and requisition. The execution name derives from the recall, and a recall already on the
 * timeline is returned as it is, so a second click or a retried request starts nothing new.
 * Recall needs talent-pool consent.
 */
export async function startRecall(
  candidateId: string,
  input: { requisitionId: string; channel?: Channel | undefined },
  actor: { sub: string },
  deps: { store: HirepathStore; talent: TalentStore; preferences: PreferenceStore; clock: Clock; journeys: JourneyStarter; config: RecallJourneyConfig },
): Promise<StartRecallResult> {
  const [view, record, requisition] = await Promise.all([deps.store.getCandidateView(candidateId), deps.preferences.getPreferences(candidateId), deps.store.getRequisition(input.requisitionId)]);
  if (!view) throw new NotFoundError(`candidate ${candidateId} not found`);
  if (!requisition) throw new NotFoundError(`requisition ${input.requisitionId} not found`);
  const recallId = recallIdFor(candidateId, input.requisitionId);
  const names = { candidateName: view.candidate.name, requisitionTitle: requisition.title };
  const started = view.timeline.find((e) => e.type === RECALL_EVENTS.started && e.data?.recallId === recallId && e.data?.executionArn);
  if (started) return { recallId, executionArn: String(started.data?.executionArn), duplicate: true, ...names };
  if (!talentPoolConsent(record, deps.clock.now())) {
    throw new ValidationError("recall needs the candidate's talent-pool consent", [{ path: "consent.talent-pool", message: "not given, or withdrawn", code: "consent_missing" }]);
  }
  const channel = recallChannel(input.channel, effectivePreferences(view.candidate, record, deps.clock.now()));
  const journey: RecallJourneyInput = { recallId, candidateId, requisitionId: input.requisitionId, channel, config: deps.config };
  const executionArn = await deps.journeys.startJourney(recallExecutionName(recallId), journey);
  const now = deps.clock.now().toISOString();
  // executionArn on the event is also how erasure finds the journey to stop.
  await deps.store.addTimelineEvent({ eventId: derivedId("recall-started", recallId), candidateId, at: now, type: RECALL_EVENTS.started, summary: `Recall for ${requisition.title} started`, data: { recallId, requisitionId: input.requisitionId, executionArn, channel, by: actor.sub } });
  await deps.talent.updateTalent(candidateId, now, (t) => {
    if (!t.requisitionIds.includes(input.requisitionId)) t.requisitionIds.push(input.requisitionId);
    t.statusReason = `recall for ${input.requisitionId} (${recallId})`;
    return t;
  });
  return { recallId, executionArn, duplicate: false, ...names };
}

/** HR's word on how a recall went. The running journey sees it at its next step and sends nothing more. */
export async function recordRecallOutcome(
  candidateId: string,
  recallId: string,
  input: z.infer<typeof RecallOutcomeInput>,
  actor: { sub: string },
  deps: { store: HirepathStore; talent: TalentStore; clock: Clock },
): Promise<{ recallId: string; outcome: RecallOutcome; status: string }> {
  const view = await deps.store.getCandidateView(candidateId);
  const started = view?.timeline.find((e) => e.type === RECALL_EVENTS.started && e.data?.recallId === recallId);
  if (!started) throw new NotFoundError(`recall ${recallId} not found for candidate ${candidateId}`);
  const talent = await recordOutcome(candidateId, recallId, started.data?.requisitionId, input.outcome, actor.sub, input.note, deps);
  return { recallId, outcome: input.outcome, status: talent.status };
}
