// The one list of Lambda functions. CDK builds a HirepathFunction from each entry, and the
// local stack imports the same handler modules, so both sides run exactly these handlers.
import type { z } from "zod";
import { TableIndex } from "../lambdas/core/shared/keys.js";
import {
  ApiReferenceEnv,
  CheckEngagementEnv,
  HrApiEnv,
  InboundSmsEnv,
  InterviewStepEnv,
  MessageEventsEnv,
  OfferJourneyStepEnv,
  OfferLinksEnv,
  ReEngagementStepEnv,
  PublicLinksEnv,
  RecallJourneyStepEnv,
  RecordOutcomeEnv,
  ScreenApplicationEnv,
  SendMessageEnv,
  TalentApiEnv,
  TalentFilesEnv,
  TalentImportStepEnv,
  WebhookIntakeEnv,
} from "../lambdas/config/env.js";

export interface FunctionSpec<E extends z.ZodType = z.ZodType> {
  /** Logical id, also the key in the definition-substitutions map (`${<id>FunctionArn}`). */
  readonly id: string;
  /** Handler module path relative to the repo root; its export is `handler`. */
  readonly entry: string;
  readonly env: E;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly description: string;
  /**
   * The DynamoDB actions the function calls on the table, and the indexes it queries: exactly what the
   * test suite records it doing (test/infra/least-privilege.test.ts), so an unused action is not granted.
   */
  readonly tableAccess: "none" | TableAccess;
  /** Files copied from node_modules next to the bundle (docs-assets/), for a function that serves them. */
  readonly assets?: readonly string[];
  /**
   * Where an asynchronous invocation (EventBridge, SNS) goes once it has failed on all three attempts
   * (Lambda's two retries): "dlq" = the message-events dead-letter queue, as an on-failure destination
   * with the error. Absent: Lambda drops it. The local stack's event queue mirrors this.
   */
  readonly asyncFailure?: "dlq";
  readonly needs: ReadonlyArray<
    | "secrets"
    | "sendEmail"
    | "sendSms"
    | "startJourney"
    | "startOfferJourney"
    | "completeOfferTasks"
    | "manageSchedules"
    | "startInterviewJourney"
    | "startRecallJourney"
    | "startCallFollowUp"
    | "stopJourney"
    | "readFiles"
    | "writeFiles"
    | "deleteFiles"
    | "startImport"
  >;
}

/** Item-level DynamoDB actions (a transaction is authorized as its items' PutItem/UpdateItem/DeleteItem/ConditionCheckItem). */
export type TableAction = "GetItem" | "BatchGetItem" | "Query" | "Scan" | "PutItem" | "UpdateItem" | "DeleteItem" | "BatchWriteItem" | "ConditionCheckItem";

export interface TableAccess {
  readonly actions: readonly TableAction[];
  /** Global secondary indexes the function queries; each is granted Query on its own ARN only. */
  readonly indexes?: readonly (typeof TableIndex)[keyof typeof TableIndex][];
  /**
   * The function writes a person's talent record: directly, or through the stores' timeline follower,
   * which re-derives the talent status whenever a status fact is stored (adapters/dynamo-store.ts
   * timelineFollowerOf). It then needs TALENT_RECORD_WRITES as well as its own actions.
   */
  readonly writesTalent?: true;
}

/**
 * What writing a talent record takes (adapters/dynamo-talent-store.ts updateTalent + reindex): re-deriving
 * the status reads the person's partition (Query, core/talent/talent-status.ts), the record and its
 * re-index marker go in one transaction (PutItem), the search entries are rewritten in a batch of puts and
 * deletes (BatchWriteItem), then the entries' list is stored and the marker deleted together (UpdateItem,
 * DeleteItem); each of those transactions checks that erasure has not marked the person (ConditionCheckItem).
 * A transaction is authorized per item, so a denied delete or check fails the whole write.
 */
export const TALENT_RECORD_WRITES = ["GetItem", "Query", "PutItem", "UpdateItem", "BatchWriteItem", "DeleteItem", "ConditionCheckItem"] as const satisfies readonly TableAction[];

/** Every table action a function is granted: its own, plus a talent record's writes when it writes one. */
export function tableActionsOf(access: TableAccess): TableAction[] {
  return [...new Set<TableAction>([...access.actions, ...(access.writesTalent ? TALENT_RECORD_WRITES : [])])];
}

function spec<E extends z.ZodType>(s: FunctionSpec<E>): FunctionSpec<E> {
  return s;
}

export const functionCatalogue = {
  WebhookIntake: spec({
    id: "WebhookIntake",
    entry: "lambdas/handlers/webhook-intake.ts",
    env: WebhookIntakeEnv,
    memoryMb: 512,
    timeoutSeconds: 10,
    description: "Verifies job-board webhooks, creates candidate and application, starts the journey",
    tableAccess: { actions: ["GetItem", "PutItem", "UpdateItem", "BatchWriteItem"], writesTalent: true },
    // writeFiles: a large dead-letter body goes to the file store; deleteFiles: the hourly cap drops it again.
    needs: ["secrets", "startJourney", "writeFiles", "deleteFiles"],
  }),
  HrApi: spec({
    id: "HrApi",
    entry: "lambdas/handlers/hr-api.ts",
    env: HrApiEnv,
    memoryMb: 512,
    timeoutSeconds: 10,
    description: "HR API behind the Cognito JWT authorizer; emails recall briefs when a requisition opens or its budget changes",
    // Scan: the one-off legacy task migration walks the table; openTasks: the task inbox and priority flags.
    tableAccess: { actions: ["GetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"], indexes: [TableIndex.openTasks], writesTalent: true },
    // readFiles: replaying a dead letter reads its large body back (WebhookIntake wrote it).
    needs: ["secrets", "startJourney", "startOfferJourney", "manageSchedules", "startInterviewJourney", "sendEmail", "readFiles"],
  }),
  PublicLinks: spec({
    id: "PublicLinks",
    entry: "lambdas/handlers/public-links.ts",
    env: PublicLinksEnv,
    memoryMb: 256,
    timeoutSeconds: 10,
    description: "Signed, expiring links: the candidate portal, unsubscribe, interviews, and the owner's recall link from a recall brief",
    tableAccess: { actions: ["GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"], writesTalent: true },
    // startRecallJourney: "Recall this candidate" in a recall brief starts the recall journey.
    needs: ["secrets", "startInterviewJourney", "startRecallJourney"],
  }),
  ScreenApplication: spec({
    id: "ScreenApplication",
    entry: "lambdas/handlers/screen-application.ts",
    env: ScreenApplicationEnv,
    memoryMb: 256,
    timeoutSeconds: 10,
    description: "Journey step: screens an application against its requisition's keyword rules",
    tableAccess: { actions: ["GetItem", "Query", "PutItem", "UpdateItem", "BatchWriteItem"], writesTalent: true },
    needs: [],
  }),
  SendMessage: spec({
    id: "SendMessage",
    entry: "lambdas/handlers/send-message.ts",
    env: SendMessageEnv,
    memoryMb: 256,
    timeoutSeconds: 15,
    description: "Journey step: sends one templated email or SMS, at most once per idempotency key",
    tableAccess: { actions: ["GetItem", "Query", "PutItem", "UpdateItem"], writesTalent: true },
    needs: ["secrets", "sendEmail", "sendSms"],
  }),
  CheckEngagement: spec({
    id: "CheckEngagement",
    entry: "lambdas/handlers/check-engagement.ts",
    env: CheckEngagementEnv,
    memoryMb: 256,
    timeoutSeconds: 10,
    description: "Journey step: reports whether a message was delivered, opened or clicked",
    tableAccess: { actions: ["GetItem"] },
    needs: [],
  }),
  RecordOutcome: spec({
    id: "RecordOutcome",
    entry: "lambdas/handlers/record-outcome.ts",
    env: RecordOutcomeEnv,
    memoryMb: 256,
    timeoutSeconds: 10,
    description: "Journey step: records the journey's outcome on the application and timeline",
    tableAccess: { actions: ["GetItem", "PutItem", "UpdateItem", "BatchWriteItem"], writesTalent: true },
    needs: [],
  }),
  MessageEvents: spec({
    id: "MessageEvents",
    entry: "lambdas/handlers/message-events.ts",
    env: MessageEventsEnv,
    memoryMb: 256,
    timeoutSeconds: 10,
    description: "Records SES and SMS send, delivery, bounce, complaint, open and click events against the message; a failure for good sends it by the other channel, or opens a message-failure task for HR when there is none",
    tableAccess: { actions: ["GetItem", "Query", "PutItem", "UpdateItem"], writesTalent: true },
    needs: ["secrets", "sendEmail", "sendSms"],
    asyncFailure: "dlq",
  }),
  OfferJourneyStep: spec({
    id: "OfferJourneyStep",
    entry: "lambdas/handlers/offer-journey-step.ts",
    env: OfferJourneyStepEnv,
    memoryMb: 256,
    timeoutSeconds: 15,
    description: "Offer journey steps: checks the offer, opens approval steps, emails approvers and the candidate, records outcomes",
    tableAccess: { actions: ["GetItem", "Query", "PutItem", "UpdateItem"], writesTalent: true },
    // completeOfferTasks: a step re-registering its wait completes it at once if the decision already arrived.
    // manageSchedules: a stalled or declined offer schedules re-engagement months later.
    needs: ["secrets", "sendEmail", "completeOfferTasks", "manageSchedules"],
  }),
  OfferLinks: spec({
    id: "OfferLinks",
    entry: "lambdas/handlers/offer-links.ts",
    env: OfferLinksEnv,
    memoryMb: 256,
    timeoutSeconds: 10,
    description: "Approval and offer-response links: confirm page on GET, decision on POST, then SendTaskSuccess",
    tableAccess: { actions: ["GetItem", "PutItem", "UpdateItem"], writesTalent: true },
    needs: ["completeOfferTasks"],
  }),
  ReEngagementStep: spec({
    id: "ReEngagementStep",
    entry: "lambdas/handlers/re-engagement-step.ts",
    env: ReEngagementStepEnv,
    memoryMb: 256,
    timeoutSeconds: 15,
    description: "Re-engagement steps: HR brief when the schedule fires, nurture messages that stop on reply, unsubscribe or consent change",
    tableAccess: { actions: ["GetItem", "Query", "PutItem", "UpdateItem"], writesTalent: true },
    needs: ["secrets", "sendEmail", "sendSms"],
  }),
  InterviewStep: spec({
    id: "InterviewStep",
    entry: "lambdas/handlers/interview-step.ts",
    env: InterviewStepEnv,
    memoryMb: 256,
    timeoutSeconds: 30,
    description: "Interview journey step: plans sends (quiet hours, daily cap), checks responses, recruiter tasks, escalations, staff alerts, outcomes",
    tableAccess: { actions: ["GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem"], writesTalent: true },
    needs: ["sendEmail"],
  }),
  TalentApi: spec({
    id: "TalentApi",
    entry: "lambdas/handlers/talent-api.ts",
    env: TalentApiEnv,
    memoryMb: 1024,
    timeoutSeconds: 29,
    description: "Talent pool: search, timeline changes, call logging with follow-ups, merges, imports, erasure, console pages",
    // Scan: erasure finds every item that names the candidate (a filtered Scan; core/privacy), wherever it lives.
    // openTasks: GET /hr/talent/call-tasks lists the open call tasks (core/tasks listTasks).
    tableAccess: { actions: ["GetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"], indexes: [TableIndex.openTasks], writesTalent: true },
    // stopJourney: erasing a candidate stops their running journeys; files: erasure redacts import chunks (read, write) and deletes résumés. startRecallJourney: acting on a recall brief.
    // startCallFollowUp: a missed call's follow-up message waits out its hold in a workflow.
    // No sendEmail/sendSms: a missed call's follow-up is sent by its workflow (SendMessage), never by TalentApi.
    needs: ["secrets", "stopJourney", "readFiles", "writeFiles", "deleteFiles", "startRecallJourney", "startCallFollowUp"],
  }),
  TalentFiles: spec({
    id: "TalentFiles",
    entry: "lambdas/handlers/talent-files.ts",
    env: TalentFilesEnv,
    memoryMb: 1769,
    timeoutSeconds: 29,
    description: "Talent pool uploads: job-board exports (CSV/XLSX) accepted and handed to the import workflow; resumes (PDF/DOCX) kept and read",
    tableAccess: { actions: ["GetItem", "Query", "PutItem"], writesTalent: true },
    needs: ["writeFiles", "startImport"],
  }),
  TalentImportStep: spec({
    id: "TalentImportStep",
    entry: "lambdas/handlers/talent-import-step.ts",
    env: TalentImportStepEnv,
    // A 50,000-row XLSX is read in one step; 1,769 MB is one full vCPU.
    memoryMb: 1769,
    timeoutSeconds: 900,
    description: "Import workflow steps: read an export into chunks, land each chunk in the pool (dedupe, report lines, progress), close the job",
    tableAccess: { actions: ["GetItem", "BatchGetItem", "PutItem", "UpdateItem", "BatchWriteItem"], writesTalent: true },
    needs: ["readFiles", "writeFiles"],
  }),
  InboundSms: spec({
    id: "InboundSms",
    entry: "lambdas/handlers/inbound-sms.ts",
    env: InboundSmsEnv,
    memoryMb: 256,
    timeoutSeconds: 10,
    description: "Two-way SMS from the SNS topic: STOP and other opt-out keywords unsubscribe the number, other texts are replies",
    tableAccess: { actions: ["GetItem", "Query", "PutItem", "UpdateItem", "BatchWriteItem"], writesTalent: true },
    needs: [],
    // A STOP the handler failed to record three times must not be lost: the SNS subscription's DLQ
    // only takes what SNS could not deliver, not what the function failed on.
    asyncFailure: "dlq",
  }),
  RecallJourneyStep: spec({
    id: "RecallJourneyStep",
    entry: "lambdas/handlers/recall-journey-step.ts",
    env: RecallJourneyStepEnv,
    memoryMb: 256,
    timeoutSeconds: 15,
    description: "Recall journey steps: consent check, invite and nudge outside quiet hours, reading replies and HR outcomes, recruiter call task and owner email",
    tableAccess: { actions: ["GetItem", "Query", "PutItem", "UpdateItem"], writesTalent: true },
    needs: ["secrets", "sendEmail", "sendSms"],
  }),
  ApiReference: spec({
    id: "ApiReference",
    entry: "lambdas/handlers/api-reference.ts",
    env: ApiReferenceEnv,
    memoryMb: 256,
    timeoutSeconds: 5,
    description: "The OpenAPI document, the API reference (/docs), problem type pages, and the problem answer to any unmatched route (404, 405)",
    tableAccess: "none",
    needs: [],
    assets: ["swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui-standalone-preset.js", "swagger-ui-dist/swagger-ui.css"],
  }),
} as const;

export type FunctionId = keyof typeof functionCatalogue;
export const functionIds = Object.keys(functionCatalogue) as FunctionId[];

/** The deployed (and local) function name for an id, e.g. "hirepath-send-message". */
export function functionName(id: FunctionId, prefix = "hirepath"): string {
  return `${prefix}-${id.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()}`;
}
