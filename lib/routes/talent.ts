// Talent-pool API rows: search, one person's record and changes, calls, export and erasure, recalls,
// merges, re-index, best time to call, experiments. Function: TalentApi (uploads: TalentFiles).
import { OPERATORS, READERS } from "../../lambdas/core/access/roles.js";
import { SearchQuery } from "../../lambdas/core/talent/talent-search.js";
import { TalentChange } from "../../lambdas/core/talent/talent.js";
import { LogCallInput } from "../../lambdas/core/talent/calls.js";
import { RecallOutcomeInput, StartRecallInput } from "../../lambdas/core/recall/recall.js";
import { ExperimentDefinition } from "../../lambdas/core/talent/experiments.js";
import { BestTimeQuery, CandidateRef, MergeBody, ReindexQuery } from "../../lambdas/core/talent/talent-views.js";
import { PageQuery } from "../../lambdas/core/shared/paging.js";
import { route } from "./route-spec.js";

const fn = "TalentApi" as const;

export const talentRoutes = [
  route({ method: "GET", path: "/hr/talent/search", fn, auth: "jwt", roles: READERS, operationId: "searchTalent", summary: "Search the talent pool", tags: ["Talent pool"], query: SearchQuery, responses: { 200: { description: "A page of matching people" } } }),
  route({ method: "GET", path: "/hr/talent/candidates/{candidateId}", fn, auth: "jwt", roles: READERS, operationId: "getTalentCandidate", summary: "Read a person's talent record", description: "Profile, talent record, timeline and the probability that contact is lost.", tags: ["Talent pool"], responses: { 200: { description: "The record" } } }),
  route({
    method: "POST",
    path: "/hr/talent/candidates/{candidateId}/changes",
    fn,
    auth: "jwt",
    roles: READERS,
    roleRule: { describe: "evaluation and note: every HR role; other changes: admin, recruiter", rolesFor: (change: TalentChange) => (change.type === "evaluation" || change.type === "note" ? READERS : OPERATORS) },
    operationId: "recordTalentChange",
    summary: "Record a change",
    description: "Status, tags, preferences, expectations, an evaluation, a rejection, a note, consent or a stage; `type` says which.",
    tags: ["Talent pool"],
    body: { type: "json", schema: TalentChange },
    responses: { 201: { description: "The timeline event and the record after it" } },
  }),
  route({ method: "POST", path: "/hr/talent/candidates/{candidateId}/calls", fn, auth: "jwt", roles: OPERATORS, operationId: "logCall", summary: "Log a call attempt", tags: ["Talent pool"], body: { type: "json", schema: LogCallInput }, responses: { 201: { description: "The attempt, and the follow-up sent after a missed call" }, 200: { description: "The same attemptKey again: nothing new" } } }),
  route({ method: "GET", path: "/hr/talent/candidates/{candidateId}/export", fn, auth: "jwt", roles: ["admin"], operationId: "exportCandidate", summary: "Export a person's data", tags: ["Privacy"], responses: { 200: { description: "Everything kept about the person" } } }),
  route({ method: "POST", path: "/hr/talent/candidates/{candidateId}/erasure", fn, auth: "jwt", roles: ["admin"], operationId: "eraseCandidate", summary: "Erase a person", tags: ["Privacy"], responses: { 200: { description: "What was erased" } } }),
  route({ method: "POST", path: "/hr/talent/candidates/{candidateId}/recalls", fn, auth: "jwt", roles: OPERATORS, operationId: "startRecall", summary: "Start a recall", tags: ["Recall"], body: { type: "json", schema: StartRecallInput }, responses: { 201: { description: "The recall journey started" }, 200: { description: "Already started for this requisition" } } }),
  route({ method: "POST", path: "/hr/talent/candidates/{candidateId}/recalls/{recallId}/outcome", fn, auth: "jwt", roles: OPERATORS, operationId: "recordRecallOutcome", summary: "Record a recall outcome", tags: ["Recall"], body: { type: "json", schema: RecallOutcomeInput }, responses: { 200: { description: "The recall with its outcome" } } }),
  route({ method: "POST", path: "/hr/talent/merges", fn, auth: "jwt", roles: OPERATORS, operationId: "mergeCandidates", summary: "Merge two records of one person", tags: ["Talent pool"], body: { type: "json", schema: MergeBody }, responses: { 200: { description: "The merge" } } }),
  route({ method: "POST", path: "/hr/talent/reindex", fn, auth: "jwt", roles: ["admin"], operationId: "reindexTalent", summary: "Rebuild search entries", description: "Paged: call again with nextCursor until it is absent.", tags: ["Talent pool"], query: ReindexQuery, responses: { 200: { description: "How many were re-indexed, and where to go on" } } }),
  route({ method: "GET", path: "/hr/talent/best-time", fn, auth: "jwt", roles: READERS, operationId: "getBestTime", summary: "Best time to call", tags: ["Talent pool"], query: BestTimeQuery, responses: { 200: { description: "Connect rates by weekday and hour, and the recommendation" } } }),
  route({ method: "GET", path: "/hr/talent/call-tasks", fn, auth: "jwt", roles: OPERATORS, operationId: "listCallTasks", summary: "List open call tasks", description: "Deprecated: the same as GET /hr/tasks?kind=call.", tags: ["Tasks"], query: PageQuery, responses: { 200: { description: "A page of active call tasks, soonest due first" } } }),
  route({ method: "PUT", path: "/hr/talent/experiments/{experimentId}", fn, auth: "jwt", roles: OPERATORS, operationId: "putExperiment", summary: "Define an experiment", tags: ["Experiments"], body: { type: "json", schema: ExperimentDefinition }, responses: { 200: { description: "The experiment" } } }),
  route({ method: "GET", path: "/hr/talent/experiments/{experimentId}", fn, auth: "jwt", roles: READERS, operationId: "getExperiment", summary: "Read an experiment and its verdict", tags: ["Experiments"], responses: { 200: { description: "The experiment and its results" } } }),
  route({ method: "POST", path: "/hr/talent/experiments/{experimentId}/assignments", fn, auth: "jwt", roles: OPERATORS, operationId: "assignExperimentArm", summary: "Assign a person an arm", tags: ["Experiments"], body: { type: "json", schema: CandidateRef }, responses: { 201: { description: "Assigned" }, 200: { description: "Already assigned: the same arm" } } }),
  route({ method: "POST", path: "/hr/talent/experiments/{experimentId}/responses", fn, auth: "jwt", roles: OPERATORS, operationId: "recordExperimentResponse", summary: "Record a person's response", tags: ["Experiments"], body: { type: "json", schema: CandidateRef }, responses: { 200: { description: "Whether it counted, and for which arm" } } }),
] as const;
