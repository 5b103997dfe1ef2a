// The deployed template, for the local stack's IAM: the same CDK app (bin/app.ts, cdk-nag included)
// synthesized without bundling, with the local stack's names as context. Synthesis takes seconds, so the
// template is cached under node_modules/.cache by a hash of everything that shapes it (lib/, the entry
// point, cdk.json, the lock file's CDK version): `npm start` pays for it once per change to lib/.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "../../lib/state-machines.js";

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

/** Context the local synth adds to cdk.json's: the sender, number and provider the local stack really uses. */
export type LocalSynthContext = Record<string, string>;

export interface LoadedTemplate {
  template: CfnTemplate;
  /** True when it came from the cache. */
  cached: boolean;
  ms: number;
  hash: string;
}

const NO_BUNDLING = { "aws:cdk:bundling-stacks": [] as string[] };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Hash of the sources the template is synthesized from (and of the extra context). */
export function templateHash(context: LocalSynthContext): string {
  const hash = createHash("sha256");
  const files = [...filesUnder(join(repoRoot, "lib")), join(repoRoot, "bin/app.ts"), join(repoRoot, "cdk.json"), join(repoRoot, "package-lock.json")];
  for (const file of files) {
    hash.update(relative(repoRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  hash.update(JSON.stringify(context));
  return hash.digest("hex").slice(0, 24);
}

export async function loadTemplate(context: LocalSynthContext, cacheDir = join(repoRoot, "node_modules/.cache/hirepath")): Promise<LoadedTemplate> {
  const started = performance.now();
  const hash = templateHash(context);
  const file = join(cacheDir, `template-${hash}.json`);
  try {
    const template = JSON.parse(readFileSync(file, "utf8")) as CfnTemplate;
    return { template, cached: true, ms: performance.now() - started, hash };
  } catch {
    // Not cached yet (or unreadable): synthesize.
  }
  const template = await synthesize(context);
  mkdirSync(cacheDir, { recursive: true });
  // Several stacks may start at once (the e2e tests): write aside, then rename, so nobody reads half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(template));
  renameSync(tmp, file);
  return { template, cached: false, ms: performance.now() - started, hash };
}

async function synthesize(context: LocalSynthContext): Promise<CfnTemplate> {
  // Imported only on a cache miss: aws-cdk-lib is large and `npm start` should not load it otherwise.
  const [{ App }, { buildApp }] = await Promise.all([import("aws-cdk-lib"), import("../../bin/app.js")]);
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, "cdk.json"), "utf8")) as { context?: Record<string, unknown> };
  const { app, stack } = buildApp(new App({ context: { ...cdkJson.context, ...NO_BUNDLING, ...context } }));
  const assembly = app.synth();
  return assembly.getStackArtifact(stack.artifactId).template as CfnTemplate;
}
