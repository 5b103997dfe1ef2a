import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { taskIdFor } from "../../lambdas/core/tasks/legacy-tasks.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import { lambdaContext, stubHandlerEnv } from "./handler-env.js";

const ses = mockClient(SESv2Client);
const ddb = mockClient(DynamoDBDocumentClient);

const candidate = { ...keys.candidateProfile("c1"), kind: "candidate", candidateId: "c1", name: "王小明", emailNorm: "xm@example.com", phoneE164: "+8613800138000", locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "generic", createdAt: "t", updatedAt: "t" };
const interview = {
  ...keys.interview("c1", "i1"), kind: "interview", interviewId: "i1", candidateId: "c1", applicationId: "a1", interviewerId: "iv1",
  startsAt: "2099-03-10T06:00:00.000Z", endsAt: "2099-03-10T07:00:00.000Z", mode: "onsite", location: "上海", whatToBring: {}, status: "scheduled", version: 1,
  recruiterEmail: "r@example.com", managerEmail: "m@example.com", createdBy: "hr", createdAt: "t", updatedAt: "t",
};

let handler: (e: unknown, c: unknown) => Promise<Record<string, unknown>>;
beforeAll(async () => {
  stubHandlerEnv();
  ({ handler } = (await import("../../lambdas/handlers/interview-step.js")) as never);
});

beforeEach(() => {
  ses.reset();
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.candidateProfile("c1") }).resolves({ Item: candidate });
  ddb.on(GetCommand, { Key: keys.interview("c1", "i1") }).resolves({ Item: interview });
  ddb.on(QueryCommand).resolves({ Items: [candidate] });
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: "ses-1" });
});

/** The task as the store would read it back: its reference by id, and the task in the candidate's partition. */
function taskExists(taskId: string, dueAt: string, alerts: unknown[]) {
  ddb.on(GetCommand, { Key: keys.taskRef(taskId) }).resolves({ Item: { ...keys.taskRef(taskId), kind: "task-ref", taskId, candidateId: "c1" } });
  ddb.on(GetCommand, { Key: keys.task("c1", taskId) }).resolves({
    Item: { ...keys.task("c1", taskId), kind: "task", taskKind: "interview", taskId, idempotencyKey: "k", type: "call-candidate", subject: { candidateId: "c1", interviewId: "i1" }, title: "t", assignee: "r@example.com", queue: "recruiters", dueAt, state: "open", context: {}, createdAt: "t", updatedAt: "t", alerts },
  });
}

describe("interview-step handler", () => {
  it("plans the invitation on the candidate's preferred channel and reports the interview's state", async () => {
    const plan = await handler({ op: "plan-message", candidateId: "c1", interviewId: "i1", version: 1, channel: "preferred" }, lambdaContext);
    expect(plan).toMatchObject({ channel: "email", state: "pending" });
    expect(Date.parse(String(plan.sendAt))).not.toBeNaN();
  });

  it("reports superseded for an execution whose interview version was moved on", async () => {
    expect(await handler({ op: "check-response", candidateId: "c1", interviewId: "i1", version: 2, messageIds: [] }, lambdaContext)).toMatchObject({ state: "superseded" });
  });

  it("creates the recruiter task and emails the recruiter once; a retried step finds the task and sends nothing", async () => {
    const input = { op: "create-task", candidateId: "c1", interviewId: "i1", version: 1, applicationId: "a1", type: "call-candidate", dueInSeconds: 3600, executionId: "exec-1" };
    const first = await handler(input, lambdaContext);
    expect(first.taskId).toBe(taskIdFor("interview", "exec-1#call-candidate"));
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination?.ToAddresses).toEqual(["r@example.com"]);

    // Retry: the task exists (found by its id) and already carries its alert.
    ses.resetHistory();
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: "exists", $metadata: {} }));
    taskExists(String(first.taskId), String(first.dueAt), [{ channel: "email", to: "r@example.com", status: "sent", attempts: 1, at: "t" }]);
    await handler(input, lambdaContext);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it("records a failed alert on the task after its retries instead of failing the step", async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } }));
    const stepInput = { op: "create-task", candidateId: "c1", interviewId: "i1", version: 1, applicationId: "a1", type: "call-candidate", dueInSeconds: 3600, executionId: "exec-2" };
    taskExists(taskIdFor("interview", "exec-2#call-candidate"), "2099-01-01T00:00:00.000Z", []);
    // Backoff is real time here; three attempts with the default 200 ms doubling stay well under the step timeout.
    await handler(stepInput, lambdaContext);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    const appended = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input).find((i) => String(i.UpdateExpression).includes("list_append"));
    expect((appended?.ExpressionAttributeValues?.[":more"] as Array<{ status: string; attempts: number }>)[0]).toMatchObject({ status: "failed", attempts: 3 });
  });

  it("rejects an unknown op, naming the field", async () => {
    await expect(handler({ op: "teleport", candidateId: "c1" }, lambdaContext)).rejects.toMatchObject({ name: "ValidationError" });
  });
});
