// Creating and changing a requisition. Opening one, or changing its budget, may make past candidates
// right again: the change sends the owner a recall brief.
import * as z from "../shared/zod.js";
import { Locale, Requisition, ScreeningRules } from "../shared/model.js";
import type { Clock, HirepathStore, SecretsProvider } from "../shared/ports.js";
import type { Outreach } from "../outreach/outreach.js";
import type { TalentStore } from "../talent/talent-ports.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";
import { recallTrigger, sendRecallBrief, type RecallConfig } from "../recall/recall.js";
import { OfferPolicy } from "../offer/offer-model.js";
import type { TeamChatStore } from "../outreach/chat-robots.js";

export const RequisitionBody = z
  .object({
    title: z.string().min(1),
    company: Requisition.shape.company,
    locale: Locale.default("zh-CN"),
    location: z.string().optional(),
    screening: ScreeningRules,
    roleFamily: Requisition.shape.roleFamily,
    budget: Requisition.shape.budget,
    ownerEmail: Requisition.shape.ownerEmail,
    phoneRegion: Requisition.shape.phoneRegion,
    teamId: Requisition.shape.teamId,
  })
  .strict();
export type RequisitionBody = z.infer<typeof RequisitionBody>;

/** The console's requisition form: the requisition and, optionally, its offer policy, saved together. */
export const RequisitionForm = z.object({ requisition: RequisitionBody, offerPolicy: OfferPolicy.optional() }).strict();
export type RequisitionForm = z.infer<typeof RequisitionForm>;

export interface RequisitionDeps {
  store: HirepathStore;
  talent: TalentStore;
  preferences: PreferenceStore;
  clock: Clock;
  outreach: Outreach;
  secrets: SecretsProvider;
  consoleUrl: string;
  recall: Omit<RecallConfig, "maxCandidates">;
}

/** Saves the requisition and, when the change calls for it, emails its owner the recall brief. */
export async function saveRequisition(requisitionId: string, body: RequisitionBody, deps: RequisitionDeps) {
  const requisition = Requisition.parse({ ...body, requisitionId, updatedAt: deps.clock.now().toISOString() });
  const previous = await deps.store.getRequisition(requisition.requisitionId);
  await deps.store.putRequisition(requisition);
  const trigger = recallTrigger(previous, requisition);
  if (!trigger) return requisition;
  const recall = await sendRecallBrief(requisition, trigger, { ...deps.recall, maxCandidates: 10 }, deps);
  return { ...requisition, recall: { trigger: recall.trigger, candidates: recall.candidates.length, sentTo: recall.sentTo, messageId: recall.messageId } };
}

/**
 * The teams a requisition can belong to, for the console's select: every team known to the deployment
 * (one with chat robots, or named by a requisition already). There is no team registry of its own; a
 * team exists once something is configured for it.
 */
export async function knownTeams(deps: { store: Pick<HirepathStore, "listRequisitions">; teams: Pick<TeamChatStore, "listTeamChats"> }): Promise<string[]> {
  const [requisitions, chats] = await Promise.all([deps.store.listRequisitions(), deps.teams.listTeamChats()]);
  return [...new Set([...chats.map((t) => t.teamId), ...requisitions.flatMap((r) => (r.teamId ? [r.teamId] : []))])].sort((a, b) => a.localeCompare(b));
}
