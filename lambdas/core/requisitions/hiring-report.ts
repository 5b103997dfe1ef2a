// Hiring reports read from what is already recorded: each application's path through the stages is
// rebuilt from its timeline (screen, interview booked, offer sent, offer answered, HR's stage changes
// and rejections), and each offer's answer from the offer record.
//
// Small samples are the norm for one requisition, so every number says how many it rests on:
// - A stage's pass rate counts only applications that have left the stage (moved on or turned down);
//   those still in it are shown apart, not counted as failures, so a young requisition does not look bad.
// - Rates carry a Wilson 95% interval, which stays inside 0–100% and is honest at n = 3.
// - Time in stage is a median with its quartiles (nearest rank on the real values, no interpolation),
//   and the people waiting longest now are named, so HR can act on them.
import type { Application, Candidate, Requisition, TimelineEvent } from "../shared/model.js";
import type { CandidateView, HirepathStore } from "../shared/ports.js";
import type { Offer } from "../offer/offer-model.js";
import { wilson } from "../talent/best-time.js";
import * as z from "../shared/zod.js";

export const FUNNEL_STAGES = ["applied", "screened", "interview", "offer", "hired"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
const at = (s: FunnelStage) => FUNNEL_STAGES.indexOf(s);

/** Below this many, a rate or a median is printed but marked as too few to compare. */
export const MIN_SAMPLE = 5;

export const HiringReportQuery = z.object({
  /** Applications received in the last N days; "all" for every one. */
  period: z.enum(["30", "90", "365", "all"]).default("all"),
});
export type HiringReportQuery = z.infer<typeof HiringReportQuery>;

/** One application's path: the stages it entered (when), whether a stage was skipped, how it ended. */
export interface ApplicationPath {
  candidateId: string;
  name: string;
  applicationId: string;
  requisitionId: string;
  source: string;
  appliedAt: string;
  /** Index into FUNNEL_STAGES of the furthest stage reached. */
  reached: number;
  /** When each stage was entered; a stage passed over (HR moved the person straight past it) has none. */
  entered: Partial<Record<FunnelStage, string>>;
  /** Set while the application stands turned down (screened out, rejected, declined the offer). */
  rejectedAt?: string;
}

type Move = { to: FunnelStage } | { reject: true } | undefined;

/** What one timeline event does to an application's path. */
function moveOf(e: TimelineEvent): Move {
  const d = e.data ?? {};
  switch (e.type) {
    case "application.screened":
    case "application.screen-overridden":
      return d.decision === "advance" ? { to: "screened" } : d.decision === "reject" ? { reject: true } : undefined;
    case "interview.scheduled":
      return { to: "interview" };
    case "offer.sent":
      return { to: "offer" };
    case "offer.accepted":
      return { to: "hired" };
    case "offer.declined":
    case "talent.rejection":
      return { reject: true };
    case "offer.outcome":
      return d.outcome === "accepted" ? { to: "hired" } : d.outcome === "declined" ? { reject: true } : undefined;
    case "talent.stage": {
      const stage = ({ interview: "interview", offer: "offer", hired: "hired" } as Record<string, FunnelStage>)[String(d.stage).toLowerCase()];
      return stage ? { to: stage } : undefined;
    }
    case "talent.status":
      return d.status === "rejected" ? { reject: true } : d.status === "hired" ? { to: "hired" } : undefined;
    case "talent.recall-outcome":
      return d.outcome === "interviewing" ? { to: "interview" } : d.outcome === "hired" ? { to: "hired" } : undefined;
    default:
      return undefined;
  }
}

/**
 * The paths of one person's applications. An event names its application when it can; HR's stage
 * changes and rejections are about the person, so they apply to every application they had open then
 * (the board reads the person's status the same way).
 */
export function applicationPaths(view: Pick<CandidateView, "candidate" | "applications" | "timeline">): ApplicationPath[] {
  const events = [...view.timeline].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return view.applications.map((application) => {
    const path: ApplicationPath = {
      candidateId: view.candidate.candidateId,
      name: view.candidate.name,
      applicationId: application.applicationId,
      requisitionId: application.requisitionId,
      source: application.source,
      appliedAt: application.createdAt,
      reached: 0,
      entered: { applied: application.createdAt },
    };
    for (const e of events) {
      if (e.applicationId ? e.applicationId !== application.applicationId : e.at < application.createdAt) continue;
      const move = moveOf(e);
      if (!move) continue;
      if ("reject" in move) {
        if (path.reached < at("hired")) path.rejectedAt ??= e.at;
        continue;
      }
      const target = at(move.to);
      // Moving on after a turn-down (HR overrode the screen, a recall) reopens the application.
      if (target > path.reached || (path.rejectedAt && target >= path.reached)) {
        if (target > path.reached) path.entered[move.to] = e.at;
        path.reached = target;
        delete path.rejectedAt;
      }
    }
    // The journey's own statuses say the screen was passed even when its event is older than this report.
    if (path.reached === 0 && !path.rejectedAt && passedScreen(application)) path.reached = at("screened");
    if (path.reached === 0 && application.status === "rejected") path.rejectedAt ??= application.updatedAt;
    return path;
  });
}

const passedScreen = (a: Application) => ["screened", "invited", "engaged", "nudged", "no-response", "unreachable"].includes(a.status);

export interface Rate {
  /** How many passed (or accepted). */
  k: number;
  /** Out of how many decided. */
  n: number;
  rate: number;
  low: number;
  high: number;
}

const rate = (k: number, n: number): Rate => ({ k, n, rate: n ? k / n : 0, ...wilson(k, n) });

export interface FunnelRow {
  /** Applications that reached each stage (FUNNEL_STAGES order). */
  reached: number[];
  /** Of those that left stage i, how many went on to stage i + 1 (stages applied … offer). */
  pass: Rate[];
  /** Still in stage i: neither moved on nor turned down (stages applied … offer). */
  open: number[];
  /** Applied → hired among those whose application is decided either way. */
  overall: Rate;
}

function funnelRow(paths: readonly ApplicationPath[]): FunnelRow {
  const reached = FUNNEL_STAGES.map((_, i) => paths.filter((p) => p.reached >= i).length);
  const stages = FUNNEL_STAGES.slice(0, -1).map((_, i) => {
    const passed = paths.filter((p) => p.reached > i).length;
    const lost = paths.filter((p) => p.reached === i && p.rejectedAt).length;
    const open = paths.filter((p) => p.reached === i && !p.rejectedAt).length;
    return { pass: rate(passed, passed + lost), open };
  });
  const hired = paths.filter((p) => p.reached === at("hired")).length;
  const lost = paths.filter((p) => p.rejectedAt).length;
  return { reached, pass: stages.map((s) => s.pass), open: stages.map((s) => s.open), overall: rate(hired, hired + lost) };
}

export interface Spread {
  n: number;
  /** Days. */
  median: number;
  p25: number;
  p75: number;
  max: number;
}

/** Nearest-rank quantile of sorted values: always a value that happened. */
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

function spread(days: number[]): Spread | undefined {
  if (!days.length) return undefined;
  const s = [...days].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), max: s[s.length - 1]! };
}

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / DAY);

export interface StageTime {
  stage: FunnelStage;
  /** Time spent by applications that have left the stage (moved on or turned down). */
  done?: Spread;
  /** Applications in the stage now, and how long they have waited so far. */
  waiting?: Spread;
  /** The ones waiting longest now, longest first. */
  longest: { candidateId: string; name: string; applicationId: string; requisitionId: string; since: string; days: number }[];
}

function stageTimes(paths: readonly ApplicationPath[], now: string): StageTime[] {
  return FUNNEL_STAGES.slice(0, -1).map((stage, i) => {
    const done: number[] = [];
    const waiting: { path: ApplicationPath; since: string; days: number }[] = [];
    for (const p of paths) {
      const since = p.entered[stage];
      if (!since || p.reached < i) continue;
      const left = p.reached > i ? FUNNEL_STAGES.slice(i + 1).map((s) => p.entered[s]).find(Boolean) : p.rejectedAt;
      if (left) done.push(daysBetween(since, left));
      else if (p.reached === i) waiting.push({ path: p, since, days: daysBetween(since, now) });
    }
    waiting.sort((a, b) => b.days - a.days);
    const d = spread(done);
    const w = spread(waiting.map((x) => x.days));
    return {
      stage,
      ...(d ? { done: d } : {}),
      ...(w ? { waiting: w } : {}),
      longest: waiting.slice(0, 3).map(({ path, since, days }) => ({ candidateId: path.candidateId, name: path.name, applicationId: path.applicationId, requisitionId: path.requisitionId, since, days })),
    };
  });
}

export interface OfferAcceptance {
  /** Offers sent to the candidate. */
  sent: number;
  accepted: number;
  declined: number;
  /** Sent, not answered yet (including those whose decision stalled). */
  waiting: number;
  /** Accepted of those answered. */
  acceptance: Rate;
  /** Days from sending to the answer. */
  answerDays?: Spread;
}

function acceptance(offers: readonly Offer[]): OfferAcceptance {
  const sent = offers.filter((o) => o.sentAt);
  const accepted = sent.filter((o) => o.response === "accepted").length;
  const declined = sent.filter((o) => o.response === "declined").length;
  const answerDays = spread(sent.filter((o) => o.response && o.respondedAt).map((o) => daysBetween(o.sentAt!, o.respondedAt!)));
  return { sent: sent.length, accepted, declined, waiting: sent.length - accepted - declined, acceptance: rate(accepted, accepted + declined), ...(answerDays ? { answerDays } : {}) };
}

export interface HiringReport {
  period: HiringReportQuery["period"];
  /** Applications received from this instant on (absent for "all"). */
  since?: string;
  generatedAt: string;
  applications: number;
  /** More applications exist than the report read; the numbers cover the most recent people. */
  truncated: boolean;
  minSample: number;
  funnel: {
    overall: FunnelRow;
    byRequisition: (FunnelRow & { requisitionId: string; title: string })[];
    bySource: (FunnelRow & { source: string })[];
  };
  timeInStage: StageTime[];
  offers: {
    overall: OfferAcceptance;
    byRequisition: (OfferAcceptance & { requisitionId: string; title: string })[];
    /** Whether HR knew of a competing offer: the commonest reason an offer is lost. */
    byCompetingOffer: (OfferAcceptance & { competingOffer: boolean })[];
    /** What those who declined said, most recent first (their own words). */
    declineReasons: { candidateId: string; name: string; at: string; reason: string }[];
  };
}

export interface HiringReportInput {
  views: readonly CandidateView[];
  offers: readonly Offer[];
  requisitions: readonly Requisition[];
  now: Date;
  period: HiringReportQuery["period"];
  truncated?: boolean;
}

/** The report from the records read (pure: the same records give the same numbers). */
export function hiringReport(input: HiringReportInput): HiringReport {
  const now = input.now.toISOString();
  const since = input.period === "all" ? undefined : new Date(input.now.getTime() - Number(input.period) * DAY).toISOString();
  const inPeriod = (iso: string) => !since || iso >= since;
  const paths = input.views.flatMap(applicationPaths).filter((p) => inPeriod(p.appliedAt));
  const inPeriodApps = new Set(paths.map((p) => p.applicationId));
  const offers = input.offers.filter((o) => inPeriodApps.has(o.applicationId));
  const titles = new Map(input.requisitions.map((r) => [r.requisitionId, r.title]));
  const title = (id: string) => titles.get(id) ?? id;
  const groups = <K extends string>(items: readonly { k: K }[]) => [...new Set(items.map((i) => i.k))];
  const requisitionIds = groups(paths.map((p) => ({ k: p.requisitionId })));
  const sources = groups(paths.map((p) => ({ k: p.source })));
  const byCount = <T extends { reached: number[] }>(a: T, b: T) => b.reached[0]! - a.reached[0]!;
  const names = new Map(input.views.map((v) => [v.candidate.candidateId, v.candidate.name] as const));
  const declineReasons = input.views
    .flatMap((v) => v.timeline.filter((e) => e.type === "offer.declined" && typeof e.data?.reason === "string" && (e.data.reason as string).trim()).map((e) => ({ candidateId: v.candidate.candidateId, name: names.get(v.candidate.candidateId) ?? "", at: e.at, reason: String(e.data!.reason), applicationId: e.applicationId })))
    .filter((r) => !r.applicationId || inPeriodApps.has(r.applicationId))
    .sort((a, b) => (a.at < b.at ? 1 : -1))
    .slice(0, 5)
    .map(({ applicationId: _, ...r }) => r);
  return {
    period: input.period,
    ...(since ? { since } : {}),
    generatedAt: now,
    applications: paths.length,
    truncated: input.truncated ?? false,
    minSample: MIN_SAMPLE,
    funnel: {
      overall: funnelRow(paths),
      byRequisition: requisitionIds.map((id) => ({ requisitionId: id, title: title(id), ...funnelRow(paths.filter((p) => p.requisitionId === id)) })).sort(byCount),
      bySource: sources.map((source) => ({ source, ...funnelRow(paths.filter((p) => p.source === source)) })).sort(byCount),
    },
    timeInStage: stageTimes(paths, now),
    offers: {
      overall: acceptance(offers),
      byRequisition: groups(offers.map((o) => ({ k: o.requisitionId }))).map((id) => ({ requisitionId: id, title: title(id), ...acceptance(offers.filter((o) => o.requisitionId === id)) })).sort((a, b) => b.sent - a.sent),
      byCompetingOffer: [true, false].map((competingOffer) => ({ competingOffer, ...acceptance(offers.filter((o) => o.competingOffer === competingOffer)) })).filter((r) => r.sent > 0),
      declineReasons,
    },
  };
}

/** Reads every person (most recent first, up to `maxPeople`) and their offers, then builds the report. */
export async function readHiringReport(
  query: HiringReportQuery,
  deps: { store: Pick<HirepathStore, "listCandidates" | "getCandidateView" | "listRequisitions">; offers: { listOffers(candidateId: string): Promise<Offer[]> }; clock: { now(): Date } },
  maxPeople = 2000,
): Promise<HiringReport> {
  const people: Candidate[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listCandidates(100, cursor);
    people.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && people.length < maxPeople);
  const chosen = people.slice(0, maxPeople);
  const views: CandidateView[] = [];
  const offers: Offer[] = [];
  // A few at a time: the table serves journeys too.
  for (let i = 0; i < chosen.length; i += 10) {
    const batch = chosen.slice(i, i + 10);
    const [v, o] = await Promise.all([Promise.all(batch.map((c) => deps.store.getCandidateView(c.candidateId))), Promise.all(batch.map((c) => deps.offers.listOffers(c.candidateId)))]);
    views.push(...v.filter((x): x is CandidateView => x !== undefined));
    offers.push(...o.flat());
  }
  return hiringReport({ views, offers, requisitions: await deps.store.listRequisitions(), now: deps.clock.now(), period: query.period, truncated: Boolean(cursor) || people.length > maxPeople });
}
