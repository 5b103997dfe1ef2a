// 3. Each Lambda bundle's size and cold module-init time on Node 24. Bundled as CDK bundles them
// (esbuild, ESM, minified, @aws-sdk/* external because the nodejs24.x runtime provides it). Init is
// a fresh Node 24 process importing the bundle with the SDK resolved from node_modules, as the
// runtime resolves its own copy; median of 7 processes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { functionCatalogue, functionIds, type FunctionId } from "../lib/function-catalogue.js";
import { repoRoot } from "../lib/state-machines.js";
import { median, row, type BenchRow } from "./report.js";

const ENV = {
  TABLE_NAME: "t",
  SECRETS_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s",
  JOURNEY_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:j",
  PUBLIC_BASE_URL: "https://api.example.com",
  EMAIL_FROM: "a@example.com",
  SES_CONFIGURATION_SET: "c",
  SMS_ORIGINATION_IDENTITY: "pool-1",
  SMS_CONFIGURATION_SET: "s",
  AWS_REGION: "us-east-1",
  POWERTOOLS_METRICS_DISABLED: "true",
};

/**
 * A valid environment for a function: the common values above, plus a placeholder for any other
 * variable its zod schema requires, so the measurement follows the catalogue as functions change.
 */
function envFor(id: FunctionId): Record<string, string> {
  const env: Record<string, string> = { ...ENV };
  const shape = (functionCatalogue[id].env as unknown as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape ?? {};
  for (const [name, schema] of Object.entries(shape)) {
    if (env[name] !== undefined || schema.safeParse(undefined).success) continue;
    env[name] = name.endsWith("_URL") ? "https://example.com" : `arn:aws:states:us-east-1:123456789012:stateMachine:${name.toLowerCase()}`;
  }
  return env;
}

export async function lambdaBundles(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "hirepath-bench-bundles-"));
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "init.mjs"), "const t0 = performance.now(); await import(process.argv[2]); console.log(performance.now() - t0);\n");
  const rows: BenchRow[] = [];
  try {
    for (const id of functionIds) {
      const out = join(dir, `${id}.mjs`);
      await build({
        entryPoints: [join(repoRoot, functionCatalogue[id].entry)],
        bundle: true,
        minify: true,
        platform: "node",
        target: "node24",
        format: "esm",
        external: ["@aws-sdk/*"],
        banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
        outfile: out,
        logLevel: "error",
      });
      const kb = statSync(out).size / 1024;
      const inits: number[] = [];
      for (let i = 0; i < 7; i++) {
        const r = spawnSync(process.execPath, [join(dir, "init.mjs"), out], { cwd: dir, env: { ...process.env, ...envFor(id) }, encoding: "utf8" });
        if (r.status !== 0) throw new Error(`${id} failed to initialise: ${r.stderr.split("\n").filter((l) => /Error/.test(l)).slice(-3).join(" | ").slice(0, 600)}`);
        inits.push(Number(r.stdout.trim()));
      }
      rows.push(row(`bundle.${id}.kb`, `${id} bundle size`, Number(kb.toFixed(1)), "KB", { op: "<=", value: 300 }));
      rows.push(row(`bundle.${id}.init_ms`, `${id} cold module-init`, Number(median(inits).toFixed(1)), "ms", { op: "<=", value: 60 }));
    }
    // The floor under every handler that touches the table: loading the SDK's DynamoDB clients alone.
    writeFileSync(join(dir, "sdk-floor.mjs"), "import '@aws-sdk/client-dynamodb'; import '@aws-sdk/lib-dynamodb';\n");
    const floor: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = spawnSync(process.execPath, [join(dir, "init.mjs"), join(dir, "sdk-floor.mjs")], { cwd: dir, encoding: "utf8" });
      floor.push(Number(r.stdout.trim()));
    }
    rows.push(row("bundle.sdk_dynamodb_floor.init_ms", "of which: importing @aws-sdk/client-dynamodb + lib-dynamodb alone", Number(median(floor).toFixed(1)), "ms"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
