// The talent-pool import (README "File import"). Generates statemachines/talent-import.asl.json.
//
// PrepareImport reads the kept file once into chunks, LandChunks lands them several at a time (each
// chunk counts once, however often it is retried), FinishImport closes the job. JSONPath: the
// machine only passes ids along, so JSONata would change nothing a reader sees.
import { LAMBDA_RETRY, choice, lambdaStep, whenEquals, type State, type Workflow } from "./builder.js";

const STEP = "${TalentImportStepFunctionArn}";
const FAILED = "RecordImportFailure";

/**
 * Lambda's transient faults, and two of ours: a dependency said "try again", or a chunk lost a race
 * for a marker with a concurrent webhook (the retry takes the safe, find-or-create path).
 */
const IMPORT_RETRY = [
  (LAMBDA_RETRY as State[])[0]!,
  { ErrorEquals: ["TransientError", "ConcurrentChangeError"], IntervalSeconds: 2, MaxAttempts: 5, BackoffRate: 2, JitterStrategy: "FULL" },
];

const states: Record<string, State> = {
  // A 4 MB file is read and split once: up to 10 minutes.
  PrepareImport: lambdaStep(STEP, { step: "prepare", "importId.$": "$.importId", "attempt.$": "$.attempt" }, { select: ["status", "chunks"], into: "$.prepared", next: "RouteImport", onFailure: FAILED, timeoutSeconds: 600, retry: IMPORT_RETRY }),
  RouteImport: choice(whenEquals("$.prepared.status", [["failed", "ImportRefused"]]), "LandChunks"),
  ImportRefused: { Type: "Succeed", Comment: "The job records why the file could not import (unmapped columns, corrupt file, no rows)." },
  LandChunks: {
    Type: "Map",
    ItemsPath: "$.prepared.chunks",
    MaxConcurrency: 8,
    ItemProcessor: {
      ProcessorConfig: { Mode: "INLINE" },
      StartAt: "LandChunk",
      States: {
        // 1,000 rows, each deduplicated against the pool: up to Lambda's 15 minutes.
        LandChunk: lambdaStep(STEP, { step: "chunk", "importId.$": "$.importId", "attempt.$": "$.attempt", "chunk.$": "$.chunk", "key.$": "$.key" }, { into: null, end: true, timeoutSeconds: 900, retry: IMPORT_RETRY }),
      },
    },
    ResultPath: null,
    Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: FAILED }],
    Next: "FinishImport",
  },
  FinishImport: lambdaStep(STEP, { step: "finish", "importId.$": "$.importId" }, { into: null, next: "ImportCompleted", onFailure: FAILED, retry: IMPORT_RETRY }),
  ImportCompleted: { Type: "Succeed" },
  [FAILED]: lambdaStep(STEP, { step: "fail", "importId.$": "$.importId", "error.$": "$.error" }, { into: null, next: "ImportFailed", retry: IMPORT_RETRY }),
  ImportFailed: { Type: "Fail", Error: "ImportFailed", Cause: "An import step failed after its retries; the job records the error." },
};

export const talentImport: Workflow = {
  file: "statemachines/talent-import.asl.json",
  definition: {
    Comment:
      "A talent-pool import: read the kept file once into chunks, land the chunks (several at a time; each counts once, however often it is retried), then close the job. A file that cannot import ends with the job saying why; any other failure is recorded on the job before the execution fails.",
    StartAt: "PrepareImport",
    // 6 hours: an import of the largest file takes minutes; one still open after that is stuck.
    TimeoutSeconds: 6 * 3600,
    States: states,
  },
};
