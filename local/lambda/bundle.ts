// Each function's environment loads one esbuild bundle, as a deployed function loads the bundle CDK
// builds with esbuild: the handler plus the environment's own runtime (local/lambda/worker.ts, imported
// first so local IAM's client hook is in place before the handler creates its clients). A bundle
// loads in a fraction of the time tsx needs for the same module graph (0.7 s against 2.6 s for
// ScreenApplication on the loaded 2-core machine), which is what a cold start costs locally.
// Bundles are cached in node_modules/.cache and rebuilt when any input file changed.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const cacheDir = join(repo, "node_modules/.cache/hirepath/lambda");
const workerRuntime = join(here, "worker.ts");

interface Manifest {
  inputs: Array<[path: string, mtimeMs: number, size: number]>;
}

const built = new Map<string, Promise<string>>();

/** The file URL of the bundle for this handler module (absolute path), building it if missing or stale. */
export function bundleFor(entry: string): Promise<string> {
  let pending = built.get(entry);
  if (!pending) {
    pending = buildIfStale(entry);
    // A failed build is retried by the next cold start (after the developer fixed the source).
    pending.catch(() => built.delete(entry));
    built.set(entry, pending);
  }
  return pending;
}

async function buildIfStale(entry: string): Promise<string> {
  const name = createHash("sha256").update(entry).digest("hex").slice(0, 16);
  const out = join(cacheDir, `${name}.mjs`);
  const manifestFile = join(cacheDir, `${name}.json`);
  if (fresh(manifestFile)) return pathToFileURL(out).href;
  const { build } = await import("esbuild");
  mkdirSync(cacheDir, { recursive: true });
  // Several test processes may build the same function at once: each writes its own file, renamed into place.
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp.mjs`;
  const result = await build({
    stdin: {
      contents: `import { serve } from ${JSON.stringify(workerRuntime)};\nimport { handler } from ${JSON.stringify(entry)};\nserve(handler);\n`,
      resolveDir: repo,
      sourcefile: "lambda-environment.ts",
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    mainFields: ["module", "main"],
    outfile: tmp,
    metafile: true,
    logLevel: "silent",
    // ESM bundles have no `require`; some dependencies still call it for Node built-ins (as in CDK's bundling).
    banner: { js: "import { createRequire as __hirepathCreateRequire } from 'node:module'; const require = __hirepathCreateRequire(import.meta.url);" },
  });
  const inputs: Manifest["inputs"] = Object.keys(result.metafile.inputs)
    .filter((p) => p !== "lambda-environment.ts" && !p.startsWith("<stdin>"))
    .map((p) => {
      const abs = resolve(repo, p);
      const s = statSync(abs);
      return [abs, s.mtimeMs, s.size];
    });
  renameSync(tmp, out);
  writeFileSync(manifestFile, JSON.stringify({ inputs } satisfies Manifest));
  return pathToFileURL(out).href;
}

function fresh(manifestFile: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
    return manifest.inputs.every(([path, mtimeMs, size]) => {
      const s = statSync(path);
      return s.mtimeMs === mtimeMs && s.size === size;
    });
  } catch {
    return false;
  }
}
