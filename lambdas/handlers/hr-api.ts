// The HR API. API Gateway has already verified the JWT; this checks the role per route and calls core.
import * as z from "../core/shared/zod.js";
import { HrApiEnv } from "../config/env.js";
import { NotFoundError } from "../core/shared/errors.js";
import { Requisition, ScreeningRules, Locale, type Role } from "../core/shared/model.js";
import { problemFor } from "../core/shared/problem.js";
import { systemClock } from "../core/shared/ports.js";
import { OPERATORS, READERS, requireRole, rolesFromClaims } from "../core/access/roles.js";
import { processWebhook } from "../core/intake/webhook-intake.js";
import { deadLetterBody, hourOf } from "../core/intake/dead-letters.js";
import { parsePhoneRegions } from "../core/intake/intake.js";
import { fileStoreFrom } from "../adapters/file-store.js";
import { journeysFrom } from "../adapters/journey-starter.js";
import { secretsFrom } from "../adapters/secrets.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { offerStoreFrom } from "../adapters/dynamo-offer-store.js";
import { reEngagementSchedulesFrom } from "../adapters/re-engagement-schedules.js";
import { offerRoutes } from "./hr-offer-routes.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { emailSenderFrom } from "../adapters/ses-email-sender.js";
import { recallTrigger, sendRecallBrief } from "../core/recall/recall.js";
import { canSeeSalary, maskSalaries } from "../core/privacy/salary-masking.js";
import { httpHandler, json, type Route } from "./lambda-handler.js";
import { parseJsonBody, parseWith } from "./http-input.js";
import { interviewRoutes } from "./hr-interview-routes.js";
import { preferenceRoutes } from "./hr-preference-routes.js";


const RequisitionBody = z
  .object({
    title: z.string().min(1),
    locale: Locale.default("zh-CN"),
    location: z.string().optional(),
    screening: ScreeningRules,
    roleFamily: Requisition.shape.roleFamily,
    budget: Requisition.shape.budget,
    ownerEmail: Requisition.shape.ownerEmail,
    phoneRegion: Requisition.shape.phoneRegion,
  })
  .strict();
export const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(25), cursor: z.string().optional() });


export const handler = httpHandler({ name: "hr-api", env: HrApiEnv }, async (event, { env }) => {
  const store = storeFrom(env);
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const roles = rolesFromClaims(claims);
  const p = event.pathParameters ?? {};
  const out = <T>(value: T): T => (canSeeSalary(roles, env.SALARY_VIEWER_ROLES.split(",").map((r) => r.trim())) ? value : maskSalaries(value));

  const routes: Record<string, Route> = {
    ...offerRoutes(
      { store, offers: offerStoreFrom(env), preferences: preferenceStoreFrom(env), offerJourneys: journeysFrom({ ...env, JOURNEY_STATE_MACHINE_ARN: env.OFFER_STATE_MACHINE_ARN }), schedules: reEngagementSchedulesFrom(env) },
      event,
      roles,
    ),
    ...preferenceRoutes({ store, preferences: preferenceStoreFrom(env) }, event, roles, String(claims?.email ?? claims?.sub ?? "hr")),
    "GET /hr/me": async () => json(200, { sub: claims?.sub, email: claims?.email, roles }),
    "GET /hr/candidates": async () => {
      requireRole(roles, READERS, "listing candidates");
      const q = parseWith(PageQuery, event.queryStringParameters ?? {});
      return json(200, await store.listCandidates(q.limit, q.cursor));
    },
    "GET /hr/candidates/{candidateId}": async () => {
      requireRole(roles, READERS, "reading a candidate");
      const view = await store.getCandidateView(p.candidateId!);
      if (!view) throw new NotFoundError(`candidate ${p.candidateId} not found`);
      return json(200, view);
    },
    "GET /hr/applications/{candidateId}/{applicationId}": async () => {
      requireRole(roles, READERS, "reading an application");
      const application = await store.getApplication(p.candidateId!, p.applicationId!);
      if (!application) throw new NotFoundError(`application ${p.applicationId} not found`);
      return json(200, application);
    },
    "GET /hr/requisitions": async () => {
      requireRole(roles, READERS, "listing requisitions");
      return json(200, out({ items: await store.listRequisitions() }));
    },
    "PUT /hr/requisitions/{requisitionId}": async () => {
      requireRole(roles, OPERATORS, "changing a requisition");
      const body = parseWith(RequisitionBody, parseJsonBody(event));
      const requisition = Requisition.parse({ ...body, requisitionId: p.requisitionId, updatedAt: systemClock.now().toISOString() });
      const previous = await store.getRequisition(requisition.requisitionId);
      await store.putRequisition(requisition);
      // Opening a requisition, or changing its budget, may make past candidates right again.
      const trigger = recallTrigger(previous, requisition);
      const recall = trigger
        ? await sendRecallBrief(
            requisition,
            trigger,
            { reasons: env.RECALL_REASONS.split(",").map((r) => r.trim()), minRating: env.RECALL_MIN_RATING, lookbackDays: env.RECALL_LOOKBACK_DAYS, maxCandidates: 10 },
            { store, talent: talentStoreFrom(env), preferences: preferenceStoreFrom(env), clock: systemClock, email: emailSenderFrom(env), secrets: secretsFrom(env), consoleUrl: env.PUBLIC_BASE_URL },
          )
        : undefined;
      return json(200, out({ ...requisition, ...(recall ? { recall: { trigger: recall.trigger, candidates: recall.candidates.length, sentTo: recall.sentTo, messageId: recall.messageId } } : {}) }));
    },
    "GET /hr/dead-letters": async () => {
      requireRole(roles, OPERATORS, "reading dead letters");
      const q = parseWith(PageQuery, event.queryStringParameters ?? {});
      // What the cap refused in the last day is shown beside what was kept.
      const counts = await store.deadLetterCounts(hourOf(new Date(systemClock.now().getTime() - 86_400_000)));
      return json(200, { ...(await store.listDeadLetters(q.limit, q.cursor)), counts });
    },
    "POST /hr/dead-letters/{deadLetterId}/replay": async () => {
      requireRole(roles, OPERATORS, "replaying a dead letter");
      const deadLetter = await store.getDeadLetter(p.deadLetterId!);
      if (!deadLetter) throw new NotFoundError(`dead letter ${p.deadLetterId} not found`);
      const now = systemClock.now().toISOString();
      try {
        const result = await processWebhook(
          { source: deadLetter.source, route: deadLetter.route, headers: deadLetter.headers, body: await deadLetterBody(deadLetter, () => fileStoreFrom(env)) },
          {
            store,
            journeys: journeysFrom(env),
            secrets: secretsFrom(env),
            clock: systemClock,
            config: { nudgeAfterSeconds: env.NUDGE_AFTER_SECONDS, phoneRegions: parsePhoneRegions(env.PHONE_REGIONS) },
            toleranceSeconds: undefined,
            acceptGenericV1: env.WEBHOOK_GENERIC_V1 === "accept",
            talent: talentStoreFrom(env),
          },
        );
        await store.markDeadLetterReplayed(deadLetter.deadLetterId, now, { ...result });
        return json(200, { deadLetterId: deadLetter.deadLetterId, status: "replayed", result });
      } catch (error) {
        // The dead letter stays open: the cause is not fixed yet.
        const problem = problemFor(error);
        return json(problem.status === 500 ? 500 : 422, { ...problem, status: problem.status === 500 ? 500 : 422, deadLetterId: deadLetter.deadLetterId, replayed: false });
      }
    },
  };

  const interview = interviewRoutes(env, event, roles, claims);
  // Offer tasks (HR queue) and interview tasks (recruiter queue) are listed together, soonest due first,
  // so nobody has to know which journey created a task to find it.
  const allOpenTasks: Route = async () => {
    const [offerTasks, interviewTasks] = await Promise.all([routes["GET /hr/tasks"]!(event, roles), interview["GET /hr/tasks"]!(event, roles)]);
    const items = [
      ...(JSON.parse(String(offerTasks.body)) as { items: Array<{ dueAt?: string }> }).items.map((t) => ({ journey: "offer", ...t })),
      ...(JSON.parse(String(interviewTasks.body)) as { items: Array<{ dueAt?: string }> }).items.map((t) => ({ journey: "interview", ...t })),
    ].sort((a, b) => String(a.dueAt ?? "").localeCompare(String(b.dueAt ?? "")));
    return json(200, { items });
  };
  const route = event.routeKey === "GET /hr/tasks" ? allOpenTasks : (routes[event.routeKey] ?? interview[event.routeKey]);
  if (!route) throw new NotFoundError(`no route ${event.routeKey}`);
  return route(event, roles);
});
