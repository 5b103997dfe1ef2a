// The talent-pool API and HR console pages. On API routes API Gateway has verified the JWT; console routes
// verify their session here (console-auth.ts). Then this checks the role per route, parses at the edge,
// calls core, and masks salary fields for roles that may not see them.
import * as z from "../core/shared/zod.js";
import { parseJsonBody as parseJson, parseWith, queryOf } from "./http-input.js";
import { TalentApiEnv } from "../config/env.js";
import { NotFoundError } from "../core/shared/errors.js";
import type { Role } from "../core/shared/model.js";
import { problemFor } from "../core/shared/problem.js";
import { systemClock } from "../core/shared/ports.js";
import { OPERATORS, READERS, requireRole, rolesFromClaims } from "../core/access/roles.js";
import { canSeeSalary, maskSalaries } from "../core/privacy/salary-masking.js";
import { DEFAULT_LINK_TTL_DAYS, sendJourneyMessage } from "../core/outreach/send-message.js";
import { LogCallInput, logCall } from "../core/talent/calls.js";
import { heatmap, recommend } from "../core/talent/best-time.js";
import { mergeCandidates, recordTalentChange, reindexPool, TalentChange } from "../core/talent/talent.js";
import { SearchQuery } from "../core/talent/talent-search.js";
import { lostContactProbability } from "../core/talent/lost-contact.js";
import { eraseCandidate, exportCandidate } from "../core/privacy/erasure.js";
import { findRecallCandidates, recordRecallOutcome, RecallOutcomeInput, startRecall, StartRecallInput } from "../core/recall/recall.js";
import { erasureFrom } from "../adapters/dynamo-erasure.js";
import { journeyStopperFrom } from "../adapters/journey-stopper.js";
import { recallJourneysFrom } from "../adapters/journey-starter.js";
import { assignArm, ExperimentDefinition, experimentResults } from "../core/talent/experiments.js";
import { ALL_FAMILIES } from "../core/talent/talent-config.js";
import { renderConsolePage, type ConsoleData } from "../pages/console-pages.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { effectivePreferences } from "../core/preferences/preferences.js";
import { emailSenderFrom } from "../adapters/ses-email-sender.js";
import { smsSenderFrom } from "../adapters/sms-sender.js";
import { secretsFrom } from "../adapters/secrets.js";
import { fileStoreFrom } from "../adapters/file-store.js";
import { consoleIdentityFrom } from "../adapters/cognito-identity.js";
import { html, httpHandler, json, type HttpResult } from "./lambda-handler.js";
import { consoleLocale, consoleSignIn, isConsoleRoute, isConsoleSignInRoute, requireConsoleSession, type ConsoleSession } from "./console-auth.js";


const MergeBody = z.object({ survivorId: z.string().min(1), duplicateId: z.string().min(1), reason: z.string().trim().min(1).max(500) }).strict();
const CandidateRef = z.object({ candidateId: z.string().min(1) }).strict();
const ReindexQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(200), cursor: z.string().optional() });
const BestTimeQuery = z.object({ roleFamily: z.string().min(1).max(60).default(ALL_FAMILIES) });




export const handler = httpHandler({ name: "talent-api", env: TalentApiEnv }, async (event, { env }) => {
  const store = storeFrom(env);
  const talent = talentStoreFrom(env);
  // Console routes authenticate here (session cookie or bearer header); API routes were authorized by API Gateway.
  let session: ConsoleSession | undefined;
  if (isConsoleRoute(event.routeKey)) {
    const identity = consoleIdentityFrom(env);
    if (isConsoleSignInRoute(event.routeKey)) {
      const nowSeconds = () => Math.floor(systemClock.now().getTime() / 1000);
      const signIn = consoleSignIn({ identity, secrets: secretsFrom(env), publicBaseUrl: env.PUBLIC_BASE_URL, domainUrl: env.COGNITO_DOMAIN_URL, clientId: env.CONSOLE_CLIENT_ID, nowSeconds });
      return signIn.signInRoute(event);
    }
    const gate = await requireConsoleSession(event, { identity, publicBaseUrl: env.PUBLIC_BASE_URL });
    if ("response" in gate) return gate.response;
    session = gate.session;
  }
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const roles = session ? session.user.roles : rolesFromClaims(claims);
  const actor = { sub: session ? session.user.sub : String(claims?.sub ?? "unknown"), roles };
  const p = event.pathParameters ?? {};
  const salaryVisible = canSeeSalary(roles, env.SALARY_VIEWER_ROLES.split(",").map((r) => r.trim()));
  const out = <T>(value: T): T => (salaryVisible ? value : maskSalaries(value));
  const preferences = preferenceStoreFrom(env);
  const deps = { store, talent, preferences, clock: systemClock };
  const callDeps = () => ({
    ...deps,
    sendFollowUp: (input: Parameters<typeof sendJourneyMessage>[0]) =>
      sendJourneyMessage(input, {
        store,
        email: emailSenderFrom(env),
        sms: smsSenderFrom(env),
        secrets: secretsFrom(env),
        clock: systemClock,
        config: { publicBaseUrl: env.PUBLIC_BASE_URL, linkTtlDays: DEFAULT_LINK_TTL_DAYS },
      }),
    config: { unreachableAfter: env.UNREACHABLE_AFTER_ATTEMPTS, minAttemptsForRecommendation: env.BEST_TIME_MIN_ATTEMPTS, defaultCallHour: 19 },
  });

  const candidateView = async (candidateId: string) => {
    const [view, profile, record] = await Promise.all([store.getCandidateView(candidateId), talent.getTalent(candidateId), preferences.getPreferences(candidateId)]);
    if (!view) throw new NotFoundError(`candidate ${candidateId} not found`);
    const timeline = [...view.timeline].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const now = systemClock.now();
    return { ...view, talent: profile ?? null, preferences: effectivePreferences(view.candidate, record, now), timeline, lostContact: lostContactProbability(profile, timeline, now) };
  };
  const bestTime = async (roleFamily: string) => {
    const [family, everyone] = await Promise.all([talent.callCounts(roleFamily), roleFamily === ALL_FAMILIES ? undefined : talent.callCounts(ALL_FAMILIES)]);
    return { roleFamily, cells: heatmap(family), recommendation: recommend({ name: roleFamily, counts: family }, everyone ?? family, env.BEST_TIME_MIN_ATTEMPTS) ?? null, minAttempts: env.BEST_TIME_MIN_ATTEMPTS };
  };

  const logCallRoute = async () => {
    requireRole(roles, OPERATORS, "logging a call");
    const input = parseWith(LogCallInput, parseJson(event));
    const result = await logCall(p.candidateId!, input, actor, callDeps());
    return json(result.duplicate ? 200 : 201, result);
  };

  const routes: Record<string, () => Promise<HttpResult>> = {
    "GET /hr/talent/search": async () => {
      requireRole(roles, READERS, "searching the talent pool");
      return json(200, out(await talent.search(parseWith(SearchQuery, queryOf(event)))));
    },
    "GET /hr/talent/candidates/{candidateId}": async () => {
      requireRole(roles, READERS, "reading a candidate");
      return json(200, out(await candidateView(p.candidateId!)));
    },
    "POST /hr/talent/candidates/{candidateId}/changes": async () => {
      const change = parseWith(TalentChange, parseJson(event));
      // Interviewers (hiring managers) record evaluations; pool changes are for recruiters.
      requireRole(roles, change.type === "evaluation" || change.type === "note" ? READERS : OPERATORS, `recording ${change.type}`);
      const result = await recordTalentChange(p.candidateId!, change, actor, deps);
      return json(201, out(result));
    },
    "POST /hr/talent/candidates/{candidateId}/calls": () => logCallRoute(),
    // The candidate page's call form: the same call logging, authenticated by the console session (CSRF-checked above).
    "POST /hr/console/candidates/{candidateId}/calls": () => logCallRoute(),
    "GET /hr/talent/candidates/{candidateId}/export": async () => {
      requireRole(roles, ["admin"], "exporting a candidate's data");
      return json(200, await exportCandidate(p.candidateId!, { store, erasure: erasureFrom(env) }));
    },
    "POST /hr/talent/candidates/{candidateId}/erasure": async () => {
      requireRole(roles, ["admin"], "erasing a candidate");
      return json(200, await eraseCandidate(p.candidateId!, actor, { store, talent, erasure: erasureFrom(env), files: fileStoreFrom(env), clock: systemClock, journeys: journeyStopperFrom(env) }));
    },
    "POST /hr/talent/candidates/{candidateId}/recalls": async () => {
      requireRole(roles, OPERATORS, "starting a recall");
      const input = parseWith(StartRecallInput, parseJson(event));
      const started = await startRecall(p.candidateId!, input, actor, {
        ...deps,
        journeys: recallJourneysFrom(env),
        config: { responseWaitSeconds: env.RECALL_RESPONSE_WAIT_SECONDS, nudgeWaitSeconds: env.RECALL_NUDGE_WAIT_SECONDS },
      });
      return json(started.duplicate ? 200 : 201, started);
    },
    "POST /hr/talent/candidates/{candidateId}/recalls/{recallId}/outcome": async () => {
      requireRole(roles, OPERATORS, "recording a recall outcome");
      const input = parseWith(RecallOutcomeInput, parseJson(event));
      return json(200, await recordRecallOutcome(p.candidateId!, p.recallId!, input, actor, deps));
    },
    "POST /hr/talent/merges": async () => {
      requireRole(roles, OPERATORS, "merging candidates");
      const body = parseWith(MergeBody, parseJson(event));
      return json(200, await mergeCandidates(body.survivorId, body.duplicateId, actor, body.reason, deps));
    },
    "POST /hr/talent/reindex": async () => {
      requireRole(roles, ["admin"], "rebuilding the search index");
      const q = parseWith(ReindexQuery, queryOf(event));
      return json(200, await reindexPool(q.limit, q.cursor, deps));
    },
    "GET /hr/talent/best-time": async () => {
      requireRole(roles, READERS, "reading call statistics");
      return json(200, await bestTime(parseWith(BestTimeQuery, event.queryStringParameters ?? {}).roleFamily));
    },
    "GET /hr/talent/call-tasks": async () => {
      requireRole(roles, OPERATORS, "reading call tasks");
      return json(200, { items: await talent.openCallTasks(100) });
    },
    "PUT /hr/talent/experiments/{experimentId}": async () => {
      requireRole(roles, OPERATORS, "defining an experiment");
      const definition = parseWith(ExperimentDefinition, parseJson(event));
      return json(200, await talent.putExperiment(p.experimentId!, definition, systemClock.now().toISOString()));
    },
    "GET /hr/talent/experiments/{experimentId}": async () => {
      requireRole(roles, READERS, "reading an experiment");
      const experiment = await talent.getExperiment(p.experimentId!);
      if (!experiment) throw new NotFoundError(`experiment ${p.experimentId} not found`);
      return json(200, { experiment, results: experimentResults(experiment) });
    },
    "POST /hr/talent/experiments/{experimentId}/assignments": async () => {
      requireRole(roles, OPERATORS, "assigning an experiment arm");
      const { candidateId } = parseWith(CandidateRef, parseJson(event));
      const result = await assignArm(p.experimentId!, candidateId, talent, systemClock.now().toISOString());
      return json(result.created ? 201 : 200, result);
    },
    "POST /hr/talent/experiments/{experimentId}/responses": async () => {
      requireRole(roles, OPERATORS, "recording an experiment response");
      const { candidateId } = parseWith(CandidateRef, parseJson(event));
      const arm = await talent.respond(p.experimentId!, candidateId, systemClock.now().toISOString());
      return json(200, { counted: arm !== undefined, ...(arm ? { arm } : {}) });
    },
    "GET /hr/console/{proxy+}": async () => {
      requireRole(roles, READERS, "opening the HR console");
      const path = (p.proxy ?? "").split("/").filter(Boolean);
      const q = queryOf(event);
      const locale = consoleLocale(event);
      let data: ConsoleData;
      if (path[0] === "search" || path.length === 0) {
        const query = parseWith(SearchQuery, q);
        data = { page: "search", query, results: out(await talent.search(query)) };
      } else if (path[0] === "candidates" && path[1]) {
        data = { page: "candidate", view: out(await candidateView(path[1])), salaryVisible };
      } else if (path[0] === "best-time") {
        data = { page: "best-time", stats: await bestTime(parseWith(BestTimeQuery, q).roleFamily) };
      } else if (path[0] === "recall" && path[1]) {
        const requisition = await store.getRequisition(path[1]);
        if (!requisition) throw new NotFoundError(`requisition ${path[1]} not found`);
        const candidates = await findRecallCandidates(
          requisition,
          { reasons: env.RECALL_REASONS.split(",").map((r) => r.trim()), minRating: env.RECALL_MIN_RATING, lookbackDays: env.RECALL_LOOKBACK_DAYS, maxCandidates: 20 },
          deps,
        );
        data = { page: "recall", requisition: out(requisition), candidates: out(candidates) };
      } else if (path[0] === "experiments" && path[1]) {
        const experiment = await talent.getExperiment(path[1]);
        if (!experiment) throw new NotFoundError(`experiment ${path[1]} not found`);
        data = { page: "experiment", experiment, results: experimentResults(experiment) };
      } else if (path[0] === "imports") {
        const job = path[1] ? await talent.getImportJob(path[1]) : undefined;
        const rows = job ? await talent.listImportRows(job.importId, 200, undefined, "rejected") : undefined;
        data = { page: "imports", ...(job ? { job } : {}), ...(rows ? { rejectedRows: rows.items } : {}) };
      } else throw new NotFoundError(`no console page ${path.join("/")}`);
      const rendered = renderConsolePage(data, locale, { csrfToken: session!.csrfToken, signedIn: session!.via === "cookie" });
      return html(200, rendered.body, { "content-security-policy": rendered.csp });
    },
  };

  const route = routes[event.routeKey];
  if (!route) throw new NotFoundError(`no route ${event.routeKey}`);
  return route();
});

export { problemFor };
