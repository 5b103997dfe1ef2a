// Hiring reports read from what is already recorded: each application's path through the stages is
// rebuilt from its timeline (screen, interview booked, offer sent, offer answered, HR's stage changes
// and rejections), and each offer's answer from the offer record. The paths are kept per application
// (hiring-paths.ts) as the timeline changes, so a report reads one small record per application.
//
// Small samples are the norm for one requisition, so every number says how many it rests on:
// - A stage's pass rate counts only applications that have left the stage (moved on or turned down);
//   those still in it are shown apart, not counted as failures, so a young requisition does not look bad.
// - Rates carry a Wilson 95% interval, which stays inside 0–100% and is honest at n = 3.
// - Time in stage is a median with its quartiles (nearest rank on the real values, no interpolation),
//   and the people waiting longest now are named, so HR can act on them.
import type { Application, Requisition, TimelineEvent } from "../shared/model.js";
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

/** Whether an event can change an application's path or its offers' answers (the read model follows these). */
export const changesHiringPath = (e: TimelineEvent): boolean => moveOf(e) !== undefined || e.type.startsWith("application.") || e.type.startsWith("offer.");

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
    waiting.sort((a, b) => b.days - a.days || a.path.applicationId.localeCompare(b.path.applicationId));
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

function acceptance(offers: readonly OfferAnswer[]): OfferAcceptance {
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

/** What the report needs of an offer (the read model keeps these, not the terms). */
export type OfferAnswer = Pick<Offer, "offerId" | "applicationId" | "requisitionId" | "competingOffer" | "sentAt" | "response" | "respondedAt">;

/**
 * One application as the report sees it: its path, its offers' answers, and the reasons given when an
 * offer was declined (in the candidate's words). `basis` names the newest fact it was computed from.
 */
export interface HiringPathRecord {
  path: ApplicationPath;
  offers: OfferAnswer[];
  declines: { at: string; reason: string }[];
  basis: string;
}

const answerOf = (o: Offer): OfferAnswer => ({
  offerId: o.offerId,
  applicationId: o.applicationId,
  requisitionId: o.requisitionId,
  competingOffer: o.competingOffer,
  ...(o.sentAt ? { sentAt: o.sentAt } : {}),
  ...(o.response ? { response: o.response } : {}),
  ...(o.respondedAt ? { respondedAt: o.respondedAt } : {}),
});

/**
 * One person's records, one per application, from their view and offers. A decline that names no
 * application belongs to their latest one. The basis is the newest event or offer change and the number
 * of events, so a refresh computed from fewer facts can be told apart from a newer one.
 */
export function hiringPathRecords(view: Pick<CandidateView, "candidate" | "applications" | "timeline">, offers: readonly Offer[]): HiringPathRecord[] {
  const paths = applicationPaths(view);
  const latest = [...view.applications].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0]?.applicationId;
  const newest = [...view.timeline.map((e) => e.at), ...offers.map((o) => o.updatedAt)].reduce((m, x) => (x > m ? x : m), "");
  const basis = `${newest}#${String(view.timeline.length).padStart(7, "0")}#${String(offers.length).padStart(4, "0")}`;
  const declines = view.timeline.filter((e) => e.type === "offer.declined" && typeof e.data?.reason === "string" && (e.data.reason as string).trim());
  return paths.map((path) => ({
    path,
    offers: offers.filter((o) => o.applicationId === path.applicationId).map(answerOf),
    declines: declines.filter((e) => (e.applicationId ?? latest) === path.applicationId).map((e) => ({ at: e.at, reason: String(e.data!.reason) })),
    basis,
  }));
}

export interface HiringReportInput {
  views: readonly CandidateView[];
  offers: readonly Offer[];
  requisitions: readonly Requisition[];
  now: Date;
  period: HiringReportQuery["period"];
}

/** The report from people's views and offers (pure): what a recount from the source records gives. */
export function hiringReport(input: HiringReportInput): HiringReport {
  const records = input.views.flatMap((v) => hiringPathRecords(v, input.offers.filter((o) => o.candidateId === v.candidate.candidateId)));
  return hiringReportFromRecords({ records, requisitions: input.requisitions, now: input.now, period: input.period });
}

/** The report from the per-application records (pure: the same records give the same numbers). */
export function hiringReportFromRecords(input: { records: readonly HiringPathRecord[]; requisitions: readonly Requisition[]; now: Date; period: HiringReportQuery["period"] }): HiringReport {
  const now = input.now.toISOString();
  const since = input.period === "all" ? undefined : new Date(input.now.getTime() - Number(input.period) * DAY).toISOString();
  const inPeriod = (iso: string) => !since || iso >= since;
  const records = input.records.filter((r) => inPeriod(r.path.appliedAt));
  const paths = records.map((r) => r.path);
  const offers = records.flatMap((r) => r.offers);
  const titles = new Map(input.requisitions.map((r) => [r.requisitionId, r.title]));
  const title = (id: string) => titles.get(id) ?? id;
  const groups = <K extends string>(items: readonly { k: K }[]) => [...new Set(items.map((i) => i.k))];
  const requisitionIds = groups(paths.map((p) => ({ k: p.requisitionId })));
  const sources = groups(paths.map((p) => ({ k: p.source })));
  // Largest first; ties by key, so the order does not depend on the order the records were read in.
  const byCount = <T extends { reached: number[] }>(key: (x: T) => string) => (a: T, b: T) => b.reached[0]! - a.reached[0]! || key(a).localeCompare(key(b));
  const declineReasons = records
    .flatMap((r) => r.declines.map((d) => ({ candidateId: r.path.candidateId, name: r.path.name, at: d.at, reason: d.reason })))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.candidateId.localeCompare(b.candidateId)))
    .slice(0, 5);
  return {
    period: input.period,
    ...(since ? { since } : {}),
    generatedAt: now,
    applications: paths.length,
    minSample: MIN_SAMPLE,
    funnel: {
      overall: funnelRow(paths),
      byRequisition: requisitionIds.map((id) => ({ requisitionId: id, title: title(id), ...funnelRow(paths.filter((p) => p.requisitionId === id)) })).sort(byCount((x) => x.requisitionId)),
      bySource: sources.map((source) => ({ source, ...funnelRow(paths.filter((p) => p.source === source)) })).sort(byCount((x) => x.source)),
    },
    timeInStage: stageTimes(paths, now),
    offers: {
      overall: acceptance(offers),
      byRequisition: groups(offers.map((o) => ({ k: o.requisitionId }))).map((id) => ({ requisitionId: id, title: title(id), ...acceptance(offers.filter((o) => o.requisitionId === id)) })).sort((a, b) => b.sent - a.sent || a.requisitionId.localeCompare(b.requisitionId)),
      byCompetingOffer: [true, false].map((competingOffer) => ({ competingOffer, ...acceptance(offers.filter((o) => o.competingOffer === competingOffer)) })).filter((r) => r.sent > 0),
      declineReasons,
    },
  };
}

/**
 * The report from the stored per-application records of applications received in the period: one
 * Query over small items, however many people and events there are (hiring-paths.ts keeps them).
 */
export async function readHiringReport(
  query: HiringReportQuery,
  deps: { hiringPaths: Pick<HiringPathStore, "listHiringPaths">; store: Pick<HirepathStore, "listRequisitions">; clock: { now(): Date } },
): Promise<HiringReport> {
  const now = deps.clock.now();
  const since = query.period === "all" ? undefined : new Date(now.getTime() - Number(query.period) * DAY).toISOString();
  const [records, requisitions] = await Promise.all([deps.hiringPaths.listHiringPaths(since), deps.store.listRequisitions()]);
  return hiringReportFromRecords({ records, requisitions, now, period: query.period });
}

/** Where the per-application records are kept (adapters/dynamo-hiring-paths.ts). */
export interface HiringPathStore {
  /** Writes the record unless the stored one was computed from newer facts; false when it was. */
  putHiringPath(record: HiringPathRecord): Promise<boolean>;
  /** Records of applications received from `since` on (every one without it), oldest first. */
  listHiringPaths(since?: string): Promise<HiringPathRecord[]>;
}
