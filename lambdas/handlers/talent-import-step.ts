// The import workflow's steps: read the file into chunks, land a chunk, close or fail the job.
// Its own function because it loads the file readers and runs for minutes, not milliseconds.
import * as z from "../core/shared/zod.js";
import { TalentImportStepEnv } from "../config/env.js";
import { systemClock } from "../core/shared/ports.js";
import { failImport, finishImport, ImportChunkInput, importChunk } from "../core/talent/file-import.js";
import { PrepareImportInput, prepareImport } from "../core/talent/import-prepare.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { fileStoreFrom } from "../adapters/file-store.js";
import { stepHandler } from "./lambda-handler.js";

export const TalentImportStepInput = z.discriminatedUnion("step", [
  PrepareImportInput.extend({ step: z.literal("prepare") }),
  ImportChunkInput.extend({ step: z.literal("chunk") }),
  z.object({ step: z.literal("finish"), importId: z.string().min(1) }),
  // What a Catch puts in $.error: the error's name and its cause.
  z.object({ step: z.literal("fail"), importId: z.string().min(1), error: z.object({ Error: z.string().default("Error"), Cause: z.string().default("") }) }),
]);

export const handler = stepHandler({ name: "talent-import-step", env: TalentImportStepEnv, input: TalentImportStepInput }, async (input, { env }) => {
  const talent = talentStoreFrom(env);
  const deps = { imports: talent, files: fileStoreFrom(env), clock: systemClock };
  switch (input.step) {
    case "prepare":
      return prepareImport(input, deps);
    case "chunk":
      return importChunk(input, { ...deps, store: storeFrom(env), talent });
    case "finish":
      return finishImport(input.importId, deps);
    case "fail":
      await failImport(input.importId, { code: "import-step-failed", message: `${input.error.Error}: ${causeMessage(input.error.Cause)}` }, deps);
      return { failed: true };
  }
});

/** A Lambda error's Cause is the JSON of the error; HR reads its message, not the stack. */
function causeMessage(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    return (parsed.errorMessage ?? cause).slice(0, 500);
  } catch {
    return cause.slice(0, 500);
  }
}
