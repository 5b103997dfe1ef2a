// The talent API and uploads handlers with DynamoDB mocked: roles per route, validation at the
// edge with field paths, salary masking by role, and refused uploads answered with their code.
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand, BatchWriteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { lambdaContext, stubHandlerEnv } from "./handler-env.js";

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const sfn = mockClient(SFNClient);
type Handler = (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
let talentApi: Handler;
let talentFiles: Handler;

beforeAll(async () => {
  stubHandlerEnv();
  vi.stubEnv("FILE_STORE_URL", "s3://hirepath-uploads/files");
  ({ handler: talentApi } = (await import("../../lambdas/handlers/talent-api.js")) as never);
  ({ handler: talentFiles } = (await import("../../lambdas/handlers/talent-files.js")) as never);
});

const profile = { pk: "CAND#c1", sk: "PROFILE", kind: "candidate", candidateId: "c1", name: "王小明", phoneE164: "+8613800138000", locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "generic", createdAt: "2026-11-01T00:00:00.000Z", updatedAt: "2026-11-01T00:00:00.000Z" };
const talent = { pk: "CAND#c1", sk: "TALENT", kind: "talent", candidateId: "c1", status: "rejected", tags: ["SaaS"], preferences: { caresAbout: [] }, requisitionIds: [], consents: {}, failedAttempts: 0, expectations: { salaryMin: 20000, salaryMax: 26000, currency: "CNY" }, version: 3, updatedAt: "2026-11-02T00:00:00.000Z" };

beforeEach(() => {
  ddb.reset();
  s3.reset();
  sfn.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(BatchWriteCommand).resolves({});
  // A pool record changes with its re-index marker in one transaction.
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [profile, talent] });
  ddb.on(GetCommand, { Key: { pk: "CAND#c1", sk: "TALENT" } }).resolves({ Item: talent });
  ddb.on(GetCommand, { Key: { pk: "CAND#c1", sk: "PROFILE" } }).resolves({ Item: profile });
});

function event(routeKey: string, opts: { role: string; path?: Record<string, string>; body?: string; query?: Record<string, string> }) {
  const [method, path] = routeKey.split(" ");
  return {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: "",
    headers: { "content-type": "application/json" },
    ...(opts.path ? { pathParameters: opts.path } : {}),
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    requestContext: { http: { method, path }, routeKey, requestId: "r", authorizer: { jwt: { claims: { sub: "u1", "cognito:groups": `[${opts.role}]` }, scopes: null } } },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    isBase64Encoded: false,
  };
}

describe("talent-api handler", () => {
  it("refuses call logging to a hiring manager, before writing anything", async () => {
    const res = await talentApi(event("POST /hr/talent/candidates/{candidateId}/calls", { role: "hiring-manager", path: { candidateId: "c1" }, body: JSON.stringify({ attemptKey: "a", outcome: "no-answer" }) }), lambdaContext);
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).code).toBe("forbidden");
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it("answers a bad call body with 400 and the field path", async () => {
    const res = await talentApi(event("POST /hr/talent/candidates/{candidateId}/calls", { role: "recruiter", path: { candidateId: "c1" }, body: JSON.stringify({ attemptKey: "a", outcome: "voicemail" }) }), lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toContainEqual(expect.objectContaining({ path: "outcome" }));
  });

  it("lets a hiring manager record a note but not a status change (the route table's role rule), writing nothing when refused", async () => {
    const change = (body: unknown) => talentApi(event("POST /hr/talent/candidates/{candidateId}/changes", { role: "hiring-manager", path: { candidateId: "c1" }, body: JSON.stringify(body) }), lambdaContext);
    const refused = await change({ type: "status", status: "contacted", reason: "called them" });
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.body).detail).toContain("admin, recruiter");
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect((await change({ type: "note", text: "strong on SaaS" })).statusCode).toBe(201);
  });

  it("masks salary expectations for a recruiter and shows them to an executive", async () => {
    const asRecruiter = JSON.parse((await talentApi(event("GET /hr/talent/candidates/{candidateId}", { role: "recruiter", path: { candidateId: "c1" } }), lambdaContext)).body);
    expect(asRecruiter.talent.expectations).toEqual({ salaryMin: "***", salaryMax: "***", currency: "CNY" });
    const asExecutive = JSON.parse((await talentApi(event("GET /hr/talent/candidates/{candidateId}", { role: "executive", path: { candidateId: "c1" } }), lambdaContext)).body);
    expect(asExecutive.talent.expectations).toMatchObject({ salaryMin: 20000, salaryMax: 26000 });
  });

  it("starts the recall journey under a name derived from the recall, with the configured waits, and records it with its execution", async () => {
    const consenting = { ...talent, consents: { "talent-pool": { purpose: "talent-pool", granted: true, at: "2026-11-01T00:00:00.000Z", source: "form" } } };
    ddb.on(GetCommand, { Key: { pk: "CAND#c1", sk: "TALENT" } }).resolves({ Item: consenting });
    ddb.on(QueryCommand).resolves({ Items: [profile, consenting] });
    ddb.on(GetCommand, { Key: { pk: "REQ#req-1", sk: "REQ" } }).resolves({ Item: { pk: "REQ#req-1", sk: "REQ", kind: "requisition", requisitionId: "req-1", title: "销售总监", locale: "zh-CN", screening: { requiredKeywords: [] }, updatedAt: "2026-11-01T00:00:00.000Z" } });
    sfn.on(StartExecutionCommand).callsFake((input: { name: string }) => ({ executionArn: `arn:aws:states:us-east-1:123456789012:execution:hirepath-recall-journey:${input.name}`, startDate: new Date() }));

    const res = await talentApi(event("POST /hr/talent/candidates/{candidateId}/recalls", { role: "recruiter", path: { candidateId: "c1" }, body: JSON.stringify({ requisitionId: "req-1" }) }), lambdaContext);
    expect(res.statusCode).toBe(201);
    const body = JSON.parse(res.body);
    const [start] = sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);
    expect(start?.stateMachineArn).toBe("arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-recall-journey");
    expect(start?.name).toBe(`recall-${body.recallId}`);
    expect(JSON.parse(start?.input ?? "{}")).toEqual({ recallId: body.recallId, candidateId: "c1", requisitionId: "req-1", channel: "sms", config: { responseWaitSeconds: 172800, nudgeWaitSeconds: 172800 } });
    const recorded = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item as Record<string, any>).find((i) => i.type === "talent.recall-started");
    expect(recorded?.data).toMatchObject({ recallId: body.recallId, executionArn: body.executionArn, by: "u1" });
  });

  it("refuses erasure to anyone but an admin", async () => {
    const res = await talentApi(event("POST /hr/talent/candidates/{candidateId}/erasure", { role: "recruiter", path: { candidateId: "c1" } }), lambdaContext);
    expect(res.statusCode).toBe(403);
  });
});

describe("talent-files handler", () => {
  it("keeps the uploaded file in the S3 bucket, under the files/ prefix, then starts the import workflow and answers 202", async () => {
    s3.on(PutObjectCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:aws:states:us-east-1:123456789012:execution:hirepath-talent-import:x" });
    const body = "姓名,手机\n张三,13800000000\n";
    const res = await talentFiles(event("POST /hr/talent/imports", { role: "recruiter", query: { source: "zhilian", filename: "a.csv" }, body }), lambdaContext);
    expect(res.statusCode).toBe(202);
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put.Bucket).toBe("hirepath-uploads");
    expect(put.Key).toMatch(/^files\//);
    expect(Buffer.from(put.Body as Uint8Array).toString("utf8")).toBe(body);
    const { job, links } = JSON.parse(res.body);
    expect(job).toMatchObject({ status: "queued", attempt: 1, source: "zhilian" });
    expect(links.job).toBe(`/hr/talent/imports/${job.importId}`);
    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(start).toMatchObject({ stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-talent-import", name: `import-${job.importId}-1` });
    expect(JSON.parse(start.input!)).toEqual({ importId: job.importId, attempt: 1 });
  });

  it("validates the import's query with field paths", async () => {
    const res = await talentFiles(event("POST /hr/talent/imports", { role: "recruiter", query: { filename: "a.csv" }, body: "x" }), lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toContainEqual(expect.objectContaining({ path: "source" }));
  });
});
