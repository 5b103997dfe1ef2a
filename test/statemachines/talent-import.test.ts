// The import workflow (statemachines/talent-import.asl.json) on the in-process local stack: an
// upload through the API starts it, the real step handler reads the file into chunks and lands
// them, and the job shows progress and the report. A file that cannot import ends the workflow
// with the job saying why; a step that keeps failing is recorded on the job before the execution fails.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importExecutionName } from "../../lambdas/core/talent/file-import.js";
import { startJourneyHarness, type JourneyHarness } from "./journey-harness.js";

let h: JourneyHarness;
let recruiter: string;
beforeAll(async () => {
  h = await startJourneyHarness();
  recruiter = await h.stack.issuer.issueToken("recruiter");
});
afterAll(async () => h?.close());

const importArn = (importId: string, attempt: number) => h.stack.engine.stateMachineArn("hirepath-talent-import").replace(":stateMachine:", ":execution:") + `:${importExecutionName(importId, attempt)}`;

async function upload(filename: string, body: Buffer | string, source = "zhilian") {
  const res = await fetch(`${h.stack.appUrl}/hr/talent/imports?source=${source}&filename=${encodeURIComponent(filename)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${recruiter}`, "content-type": "application/octet-stream" },
    body,
  });
  return { status: res.status, body: (await res.json()) as { job: { importId: string; status: string; attempt: number }; links: { job: string } } };
}
const job = async (importId: string) => ((await h.hr(`/hr/talent/imports/${importId}`)) as { job: Record<string, unknown>; rows: { items: Array<Record<string, unknown>> } });

describe("talent import workflow", () => {
  it("answers the upload with 202 and a queued job, then reads, lands and closes it: counts, report rows and searchable people", async () => {
    const csv = readFileSync(new URL("../fixtures/imports/zhilian-export.csv", import.meta.url));
    const accepted = await upload("智联导出.csv", csv);
    expect(accepted.status).toBe(202);
    expect(accepted.body.job).toMatchObject({ status: "queued", attempt: 1 });
    const arn = importArn(accepted.body.job.importId, 1);
    const done = await h.finished(arn);
    expect(done.status).toBe("SUCCEEDED");
    expect(h.statesVisited(arn)).toEqual(["PrepareImport", "RouteImport", "LandChunks", "LandChunk", "FinishImport", "ImportCompleted"]);
    const { job: finished, rows } = await job(accepted.body.job.importId);
    expect(finished).toMatchObject({ status: "completed", totalRows: 8, processed: 8, created: 3, merged: 1, rejected: 4, chunks: 1, chunksDone: 1 });
    expect(rows.items.filter((r) => r.outcome === "rejected").map((r) => r.reason)).toContain("missing name");
    expect((await h.hr(`/hr/talent/search?phone=${encodeURIComponent("+8613812340002")}`)).items[0]).toMatchObject({ name: "李娜" });

    // The same file again: the same job, nothing started.
    const again = await upload("智联导出.csv", csv);
    expect(again.status).toBe(200);
    expect(again.body.job.importId).toBe(accepted.body.job.importId);
    expect(h.stack.engine.listExecutions({}).filter((e) => e.name.startsWith(`import-${accepted.body.job.importId}`))).toHaveLength(1);
  });

  it("ends at ImportRefused with the job failed and the reason when no column maps to a name", async () => {
    const accepted = await upload("unknown.csv", "foo,bar\n1,2\n", "liepin");
    expect(accepted.status).toBe(202);
    const arn = importArn(accepted.body.job.importId, 1);
    expect((await h.finished(arn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(arn)).toContain("ImportRefused");
    expect((await job(accepted.body.job.importId)).job).toMatchObject({ status: "failed", error: { code: "unmapped-columns" } });
  });

  it("records a step that keeps failing on the job (RecordImportFailure) before the execution fails", async () => {
    const accepted = await upload("lost.csv", "姓名,手机\n赵六,13700001111\n", "lagou");
    const importId = accepted.body.job.importId;
    await h.finished(importArn(importId, 1));
    // The kept file disappears (say, a bucket lifecycle rule gone wrong) and the import is run again.
    rmSync(join(h.dataDir, "files", "imports", importId), { recursive: true, force: true });
    const { executionArn } = await h.stack.engine.startExecution({ stateMachineArn: h.stack.engine.stateMachineArn("hirepath-talent-import"), name: importExecutionName(importId, 9), input: JSON.stringify({ importId, attempt: 9 }) });
    const done = await h.finished(executionArn);
    expect(done.status).toBe("FAILED");
    expect(h.statesVisited(executionArn)).toEqual(["PrepareImport", "RecordImportFailure", "ImportFailed"]);
    const failed = (await job(importId)).job;
    expect(failed).toMatchObject({ status: "failed", error: { code: "import-step-failed" } });
    expect(String((failed.error as { message: string }).message)).toContain("missing from the file store");
  });
});
