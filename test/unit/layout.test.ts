// The layout's rules, read from the imports themselves: core is the domain (no AWS SDK, no pages, no
// adapters, no handlers), pages sit on core, and nothing in lambdas/ imports in a circle.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const lambdas = join(repo, "lambdas");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

/** Value imports only: `import type` and `export type` vanish at runtime, so they cannot make a cycle. */
function imports(file: string): { specifier: string; typeOnly: boolean }[] {
  const src = readFileSync(file, "utf8");
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gms)) {
    found.push({ specifier: m[3]!, typeOnly: Boolean(m[2]) });
  }
  for (const m of src.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) found.push({ specifier: m[1]!, typeOnly: false });
  return found;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return resolve(dirname(from), specifier.replace(/\.js$/, ".ts"));
}

const files = tsFiles(lambdas);
const rel = (f: string) => relative(repo, f);

describe("layout", () => {
  it("keeps core free of the AWS SDK, pages, adapters and handlers", () => {
    const offending = files
      .filter((f) => rel(f).startsWith("lambdas/core/"))
      .flatMap((f) =>
        imports(f)
          .filter(({ specifier }) => {
            if (specifier.startsWith("@aws-sdk/")) return true;
            const target = resolveLocal(f, specifier);
            return target !== undefined && !rel(target).startsWith("lambdas/core/");
          })
          .map(({ specifier }) => `${rel(f)} → ${specifier}`),
      );
    expect(offending).toEqual([]);
  });

  it("keeps the AWS SDK in adapters (and the local stack)", () => {
    const offending = files
      .filter((f) => !rel(f).startsWith("lambdas/adapters/"))
      .flatMap((f) => imports(f).filter(({ specifier, typeOnly }) => !typeOnly && specifier.startsWith("@aws-sdk/")).map(({ specifier }) => `${rel(f)} → ${specifier}`));
    expect(offending).toEqual([]);
  });

  it("has no import cycles in lambdas/", () => {
    const graph = new Map(files.map((f) => [f, imports(f).filter((i) => !i.typeOnly).map((i) => resolveLocal(f, i.specifier)).filter((t): t is string => t !== undefined)]));
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, "visiting");
      stack.push(f);
      for (const next of graph.get(f) ?? []) {
        if (state.get(next) === "visiting") cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(" → "));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(f, "done");
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it("groups core by feature: no loose files at its root", () => {
    const loose = readdirSync(join(lambdas, "core")).filter((name) => name.endsWith(".ts"));
    expect(loose).toEqual([]);
  });

  it("lets only the outreach module call a sender: every email, SMS and chat post goes through core/outreach", () => {
    // Adapters implement the senders; outreach-deps.ts builds them for a handler and hands them to outreach.
    const mayHoldSenders = (path: string) => path.startsWith("lambdas/core/outreach/") || path.startsWith("lambdas/adapters/") || path === "lambdas/handlers/outreach-deps.ts";
    const senderCall = /\.(sendEmail|sendSms)\s*\(|\bSendEmailCommand\b|\bSendTextMessageCommand\b|\bSendMessagesCommand\b|\b(emailSenderFrom|smsSenderFrom|chatTargetsFor)\s*\(/;
    const senderType = /\b(EmailSender|SmsSender|ChatTarget)\b/;
    const offending = files
      .filter((f) => !mayHoldSenders(rel(f)) && rel(f) !== "lambdas/core/shared/ports.ts")
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ line, i }))
          .filter(({ line }) => senderCall.test(line) || senderType.test(line))
          .map(({ line, i }) => `${rel(f)}:${i + 1}: ${line.trim()}`),
      );
    expect(offending).toEqual([]);
  });
});
