// The personal-data registry covers every item kind the code writes: erasure and export walk the
// registry, so a kind written without a declaration would be silently skipped. This test reads the
// adapters (the only modules that write items) for every `kind: "…"` they put on an item.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { declarationOf, itemKinds, UndeclaredItemKindError } from "../../lambdas/core/privacy/item-kinds.js";
import { itemKinds as tableItemKinds } from "../../lib/table-design.js";

const root = join(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/**
 * Every `kind: "x"` an adapter writes onto an item (a type like `kind: "phone" | "email"` is not one),
 * and every `":kind": "x"` an update expression sets it to.
 */
function writtenKinds(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles("lambdas/adapters")) {
    for (const m of readFileSync(join(root, file), "utf8").matchAll(/(?:\bkind|":kind"): "([a-z-]+)"(?=\s*[,}])/g)) found.set(m[1]!, file);
  }
  return found;
}

describe("the personal-data registry", () => {
  it("declares every item kind the adapters write", () => {
    const written = writtenKinds();
    expect(written.size).toBeGreaterThan(30);
    const undeclared = [...written].filter(([kind]) => !(kind in itemKinds)).map(([kind, file]) => `${kind} (${file})`);
    expect(undeclared, "declare these in lambdas/core/privacy/item-kinds.ts").toEqual([]);
  });

  it("is the table design's list of item kinds", () => {
    expect(tableItemKinds).toBe(itemKinds);
  });

  it("gives every kind without personal data a reason, and every kind with it an export section and an erase rule", () => {
    for (const [kind, d] of Object.entries(itemKinds)) {
      if (!d.personalData) expect(d.reason.length, kind).toBeGreaterThan(10);
      else {
        expect(d.export, kind).toMatch(/^[a-z][A-Za-z]+$/);
        if (d.erase.action === "keep") expect(d.erase.reason.length, kind).toBeGreaterThan(10);
      }
    }
  });

  it("covers HR and staff tasks, offers, interviews, consents, priority flags, preferences, messages, timeline, call attempts and imports", () => {
    for (const kind of ["hr-task", "task", "call-task", "offer", "approval-step", "offer-link", "interview", "consent", "priority-flag", "preferences", "message", "timeline", "call-attempt", "import-row", "resume", "dead-letter"] as const) {
      expect(itemKinds[kind].personalData, kind).toBe(true);
    }
  });

  it("refuses an item of an undeclared kind instead of skipping it", () => {
    expect(() => declarationOf({ pk: "X#1", sk: "X", kind: "something-new" })).toThrow(UndeclaredItemKindError);
    expect(() => declarationOf({ pk: "X#1", sk: "X" })).toThrow(/no personal-data declaration/);
  });
});
