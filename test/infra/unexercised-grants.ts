// Grants the test suite never exercises, each with the reason it stays. The least-privilege test fails on
// an unexercised grant that is not listed here, and on a reason that no longer matches any grant.
// Patterns use IAM's wildcards; callers are function ids, "machine:<name>" or "scheduler".

export interface UnexercisedGrant {
  callers: "*" | string[];
  action: string;
  resource?: string;
  reason: string;
}

export const unexercisedGrants: UnexercisedGrant[] = [
  {
    callers: "*",
    action: "logs:*",
    reason: "Lambda and Step Functions write their own logs (to each function's log group; the machines' log delivery): no handler calls CloudWatch Logs.",
  },
  {
    callers: "*",
    action: "xray:*",
    reason: "Active tracing: the Lambda runtime and Step Functions send the segments, not our code; locally tracing is off.",
  },
  {
    callers: ["machine:*"],
    action: "lambda:InvokeFunction",
    resource: "arn:aws:lambda:*:function:*:*",
    reason: "grantInvoke also covers the function's versions and aliases (\"<ARN>:*\"); the ASL invokes the unqualified ARN.",
  },
  {
    callers: "*",
    action: "kms:*",
    resource: "arn:aws:kms:*:key/*",
    reason:
      "The table, the secret and the files share one customer-managed key. AWS documents kms:Decrypt, DescribeKey, Encrypt, ReEncrypt* and GenerateDataKey* for principals reading and writing a table under a customer-managed key, and the services call KMS on the caller's behalf (key caching hides most calls); the local stack checks kms:Decrypt per call and cannot see the rest.",
  },
  {
    callers: "*",
    action: "secretsmanager:DescribeSecret",
    reason: "Part of Secret.grantRead (lib/hirepath-stack.ts, lib/constructs/data.ts), which grants GetSecretValue and DescribeSecret together; the only secrets call in the code is adapters/secrets.ts GetSecretValue, so nothing needs DescribeSecret: kept only because grantRead is CDK's one-call grant for the secret and its key.",
  },
  {
    callers: ["HrApi"],
    action: "dynamodb:Scan",
    reason: "POST /hr/tasks/migrations (migrateLegacyTasks) walks the table once to move legacy tasks; test/data/tasks.test.ts covers it against dynalite without the local stack.",
  },
  {
    callers: ["OfferJourneyStep"],
    action: "scheduler:DeleteSchedule",
    reason: "Part of manageSchedules with HrApi: an offer step replaces or clears a re-engagement schedule; the suite only creates them from this step.",
  },
  {
    callers: ["HrApi", "PublicLinks", "TalentApi", "WebhookIntake", "TalentFiles"],
    action: "states:DescribeExecution",
    reason: "SfnJourneyStarter describes an execution only after ExecutionAlreadyExists (a retried start whose journey already closed); the suite retries starts of open journeys only.",
  },
  {
    callers: ["OfferJourneyStep"],
    action: "states:SendTaskSuccess",
    reason: "core/offer/offer-journey.ts completes its own new wait when the decision arrived while no wait was open (after the old wait timed out, before the remind or escalate step registered its token). Only that window exercises it; the suite's decisions land while a wait is open (OfferLinks completes those). Seen in an earlier whole-suite recording.",
  },
  {
    callers: ["PublicLinks"],
    action: "states:StartExecution",
    resource: "arn:aws:states:*:stateMachine:hirepath-interview-*",
    reason: "startInterviewJourney covers the interview journey's family of machines (scheduling link, priority SLA, change notice); the suite drives PublicLinks through the change notice only.",
  },
  {
    callers: ["WebhookIntake"],
    action: "s3:DeleteObject",
    reason: "core/intake/dead-letters.ts deletes the large body it just stored when the hourly dead-letter cap drops the dead letter; no test sends a large body past the cap.",
  },
  {
    callers: ["MessageEvents", "InboundSms"],
    action: "sqs:*",
    resource: "arn:aws:sqs:*:MessageEventsDlq*",
    reason:
      "The on-failure destination of these functions' asynchronous invocations (lib/hirepath-stack.ts routeMessageEvents, catalogue asyncFailure): after the third failed attempt Lambda itself sends the event to the DLQ with the function's role; no handler calls SQS, and the local stack's stand-in queue (local/lambda/event-queue.ts) is a file, not an authorized call.",
  },
  // writesTalent (lib/function-catalogue.ts TALENT_RECORD_WRITES) goes to every function whose stores carry
  // the timeline follower: any status fact it stores re-derives and rewrites the talent record.
  ...(["dynamodb:BatchWriteItem", "dynamodb:DeleteItem"] as const).map((action) => ({
    callers: ["SendMessage", "RecallJourneyStep"],
    action,
    reason: `writesTalent (${action}): a send that fails at once records message.failed (SendMessage), a recall's answer refreshes the status (RecallJourneyStep); in the suite the status these derive never changes, so the search entries are not rewritten.`,
  })),
  {
    callers: ["WebhookIntake", "RecordOutcome", "TalentImportStep"],
    action: "dynamodb:Query",
    reason: "writesTalent (Query): re-deriving the status reads the person's partition; these write talent records in the suite, but store no status fact, so they never re-derive it.",
  },
  {
    callers: ["SendMessage", "RecallJourneyStep"],
    action: "dynamodb:ConditionCheckItem",
    reason: "writesTalent: a talent-record transaction checks the person is not erased. These two write talent records too (a send that fails at once, a recall's answer), but no test reaches that write: two whole-suite recordings on 7 December 2026 (the landing runs, with HIREPATH_IAM_EVIDENCE) had none. Every other writer's check is in the evidence. A test of a send that fails at once for a talent-pool person would exercise it.",
  },
  {
    callers: ["TalentApi"],
    action: "states:StopExecution",
    resource: "arn:aws:states:*:execution:hirepath-interview-*",
    reason: "Erasure stops every interview workflow (ERASURE_STOPS); the erasure test's person has no change notice or scheduling link running.",
  },
];
