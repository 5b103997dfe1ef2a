// The HR API. API Gateway has already verified the JWT; this checks the role per route and calls core.
import * as z from "../core/zod.js";
import { HrApiEnv } from "../config/env.js";
import { NotFoundError, ValidationError } from "../core/errors.js";
import { Requisition, ScreeningRules, Locale, type Role } from "../core/model.js";
import { problemFor, zodIssues } from "../core/problem.js";
import { systemClock } from "../core/ports.js";
import { requireRole, rolesFromClaims } from "../core/roles.js";
import { deadLetterBody, processWebhook } from "../core/webhook-intake.js";
import { journeysFrom } from "../adapters/journey-starter.js";
import { secretsFrom } from "../adapters/secrets.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { emailSenderFrom } from "../adapters/ses-email-sender.js";
import { recallTrigger, sendRecallBrief } from "../core/recall.js";
import { canSeeSalary, maskSalaries } from "../core/salary-masking.js";
import { httpHandler, json, type HttpEvent, type HttpResult } from "./lambda-handler.js";

const READERS: Role[] = ["admin", "recruiter", "hiring-manager", "executive"];
const OPERATORS: Role[] = ["admin", "recruiter"];

const RequisitionBody = z
  .object({
    title: z.string().min(1),
    locale: Locale.default("zh-CN"),
    location: z.string().optional(),
    screening: ScreeningRules,
    roleFamily: Requisition.shape.roleFamily,
    budget: Requisition.shape.budget,
    ownerEmail: Requisition.shape.ownerEmail,
  })
  .strict();
const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(25), cursor: z.string().optional() });

function parseJson(event: HttpEvent): unknown {
  try {
    return JSON.parse(event.body ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8").toString("utf8") : "");
  } catch (e) {
    throw new ValidationError("body is not valid JSON", [{ path: "(root)", message: (e as Error).message, code: "invalid_json" }]);
  }
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError("request is not valid", zodIssues(r.error));
  return r.data;
}

type Route = (event: HttpEvent, roles: Role[]) => Promise<HttpResult>;

export const handler = httpHandler({ name: "hr-api", env: HrApiEnv }, async (event, { env }) => {
  const store = storeFrom(env);
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const roles = rolesFromClaims(claims);
  const p = event.pathParameters ?? {};
  const out = <T>(value: T): T => (canSeeSalary(roles, env.SALARY_VIEWER_ROLES.split(",").map((r) => r.trim())) ? value : maskSalaries(value));

  const routes: Record<string, Route> = {
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
      const body = parseWith(RequisitionBody, parseJson(event));
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
            { store, talent: talentStoreFrom(env), clock: systemClock, email: emailSenderFrom(env), consoleUrl: env.PUBLIC_BASE_URL },
          )
        : undefined;
      return json(200, out({ ...requisition, ...(recall ? { recall: { trigger: recall.trigger, candidates: recall.candidates.length, sentTo: recall.sentTo, messageId: recall.messageId } } : {}) }));
    },
    "GET /hr/dead-letters": async () => {
      requireRole(roles, OPERATORS, "reading dead letters");
      const q = parseWith(PageQuery, event.queryStringParameters ?? {});
      return json(200, await store.listDeadLetters(q.limit, q.cursor));
    },
    "POST /hr/dead-letters/{deadLetterId}/replay": async () => {
      requireRole(roles, OPERATORS, "replaying a dead letter");
      const deadLetter = await store.getDeadLetter(p.deadLetterId!);
      if (!deadLetter) throw new NotFoundError(`dead letter ${p.deadLetterId} not found`);
      const now = systemClock.now().toISOString();
      try {
        const result = await processWebhook(
          { source: deadLetter.source, route: deadLetter.route, headers: deadLetter.headers, body: deadLetterBody(deadLetter) },
          {
            store,
            journeys: journeysFrom(env),
            secrets: secretsFrom(env),
            clock: systemClock,
            config: { nudgeAfterSeconds: env.NUDGE_AFTER_SECONDS },
            toleranceSeconds: undefined,
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

  const route = routes[event.routeKey];
  if (!route) throw new NotFoundError(`no route ${event.routeKey}`);
  return route(event, roles);
});
