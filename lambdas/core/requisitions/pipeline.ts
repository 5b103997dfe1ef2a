// A requisition's pipeline: every applicant by stage, with counts, as HR's board shows it. The stage is
// read from what is already recorded: the application's status (the screen and the invite journey) and
// the person's pool record (HR's stage changes, interviews, offers, rejections). Nothing new is stored.
import type { Application, Requisition } from "../shared/model.js";
import type { HirepathStore } from "../shared/ports.js";
import type { TalentStore } from "../talent/talent-ports.js";
import type { SearchSummary } from "../talent/talent-model.js";
import { NotFoundError } from "../shared/errors.js";

export const PIPELINE_STAGES = ["review", "screened", "contacted", "interview", "offer", "hired", "rejected"] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** The stage HR moves a person to from each stage with "advance" (a talent stage change). */
export const NEXT_STAGE: Partial<Record<PipelineStage, "interview" | "offer" | "hired">> = { screened: "interview", contacted: "interview", interview: "offer", offer: "hired" };

export interface PipelineCard {
  candidateId: string;
  name: string;
  applicationId: string;
  applicationStatus: Application["status"];
  stage: PipelineStage;
  screen?: Application["screen"];
  screenOverride?: Application["screenOverride"];
  maxRating?: number;
  source: string;
  appliedAt: string;
}

export interface Pipeline {
  requisition: Requisition;
  stages: { stage: PipelineStage; count: number; cards: PipelineCard[] }[];
  total: number;
  /** True when more applicants exist than the board read (the rest are in search). */
  truncated: boolean;
}

/**
 * Where one application stands. HR's latest word wins: a screen override made after the person's pool
 * record last changed decides by the application's status; otherwise the pool record's status (stage
 * changes, rejections) comes first, then the journey's status.
 */
export function stageOf(application: Pick<Application, "status" | "screenOverride">, person: Pick<SearchSummary, "status" | "updatedAt">, offerMade = false): PipelineStage {
  const overrideIsLatest = application.screenOverride !== undefined && application.screenOverride.at >= person.updatedAt;
  if (application.status === "rejected" || (person.status === "rejected" && !overrideIsLatest)) return "rejected";
  if (person.status === "hired") return "hired";
  // A stalled decision is still at the offer: the person has one and has not answered it.
  if (person.status === "offered" || (person.status === "stalled" && offerMade)) return "offer";
  if (person.status === "interviewing") return "interview";
  switch (application.status) {
    case "received":
    case "held-for-review":
    case "failed":
      return "review";
    case "screened":
      return "screened";
    default:
      return "contacted";
  }
}

export async function requisitionPipeline(requisitionId: string, deps: { store: HirepathStore; talent: TalentStore }, maxPeople = 200): Promise<Pipeline> {
  const requisition = await deps.store.getRequisition(requisitionId);
  if (!requisition) throw new NotFoundError(`requisition ${requisitionId} not found`);
  const people: SearchSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.talent.search({ requisition: requisitionId, limit: 100, ...(cursor ? { cursor } : {}) });
    people.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && people.length < maxPeople);
  const cards = (
    await Promise.all(
      people.slice(0, maxPeople).map(async (person) => {
        const view = await deps.store.getCandidateView(person.candidateId);
        return (view?.applications ?? [])
          .filter((a) => a.requisitionId === requisitionId)
          .map((a): PipelineCard => ({
            candidateId: person.candidateId,
            name: person.name,
            applicationId: a.applicationId,
            applicationStatus: a.status,
            stage: stageOf(a, person, (view?.timeline ?? []).some((e) => e.applicationId === a.applicationId && e.type === "offer.sent")),
            ...(a.screen ? { screen: a.screen } : {}),
            ...(a.screenOverride ? { screenOverride: a.screenOverride } : {}),
            ...(person.maxRating !== undefined ? { maxRating: person.maxRating } : {}),
            source: a.source,
            appliedAt: a.createdAt,
          }));
      }),
    )
  ).flat();
  cards.sort((a, b) => (a.appliedAt < b.appliedAt ? -1 : 1));
  const stages = PIPELINE_STAGES.map((stage) => {
    const inStage = cards.filter((c) => c.stage === stage);
    return { stage, count: inStage.length, cards: inStage };
  });
  return { requisition, stages, total: cards.length, truncated: Boolean(cursor) };
}
