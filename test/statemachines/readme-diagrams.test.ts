// Each journey diagram in the README draws its generated ASL file, at the level the diagram shows:
// every node names real states (a node standing for a run of states names its first and last, as in
// `PlanDayBeforeReminder … SendHoursBeforeReminder: the reminders`), the first node is where the
// machine starts, and every arrow goes from a state to one the machine can reach from it.
// A diagram is tied to its file by the comment above it: `<!-- diagram of statemachines/x.asl.json -->`
// (`…: subgraph ID` when the journey is one subgraph of a larger picture).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/state-machines.js";

type AslState = { Type: string; Next?: string; Default?: string; Choices?: Array<{ Next: string }>; Catch?: Array<{ Next: string }> };
type Asl = { StartAt: string; States: Record<string, AslState> };

interface Diagram {
  file: string;
  subgraph?: string;
  text: string;
  line: number;
}

const README = readFileSync(join(repoRoot, "README.md"), "utf8");

/** The mermaid blocks of the README, each with the file its marker names (undefined when unmarked). */
function diagrams(markdown: string): Array<Partial<Diagram> & { text: string; line: number }> {
  const lines = markdown.split("\n");
  const out: Array<Partial<Diagram> & { text: string; line: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== "```mermaid") continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === "```");
    const marker = /<!-- diagram of (statemachines\/[\w-]+\.asl\.json)(?:: subgraph (\w+))? -->/.exec(lines[i - 1] ?? "");
    out.push({ text: lines.slice(i + 1, end).join("\n"), line: i + 1, ...(marker ? { file: marker[1]!, ...(marker[2] ? { subgraph: marker[2] } : {}) } : {}) });
    i = end;
  }
  return out;
}

const SHAPE = /^([A-Za-z][\w]*)\s*(?:\[\(?|\(\(?|\{)(.*?)(?:\)?\]|\)\)?|\})$/;
const ARROW = /\s*(?:--\s+[^>]*?\s+-->|-->(?:\|[^|]*\|)?|-\.\s+[^>]*?\s+\.->|-\.->|==>)\s*/;
/** State names are PascalCase words of two or more parts. */
const STATE_NAME = /\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\b/g;

/** Nodes (id → label) and arrows (from id → to id) of a flowchart, optionally only inside one subgraph. */
function flowchart(text: string, subgraph?: string): { labels: Map<string, string>; order: string[]; edges: Array<[string, string]> } {
  const labels = new Map<string, string>();
  const order: string[] = [];
  const edges: Array<[string, string]> = [];
  let inside = subgraph === undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || /^flowchart\b/.test(line)) continue;
    if (line.startsWith("subgraph ")) {
      if (subgraph !== undefined) inside = line.startsWith(`subgraph ${subgraph}[`) || line === `subgraph ${subgraph}`;
      continue;
    }
    if (line === "end") {
      if (subgraph !== undefined) inside = false;
      continue;
    }
    if (!inside) continue;
    // `A & B --> C` is two arrows.
    const groups = line.split(ARROW).map((part) =>
      part.split(/\s+&\s+/).map((node) => {
        const m = SHAPE.exec(node.trim());
        const id = m ? m[1]! : node.trim();
        if (m && !labels.has(id)) labels.set(id, m[2]!.replace(/^"|"$/g, ""));
        if (!order.includes(id)) order.push(id);
        return id;
      }),
    );
    for (let i = 1; i < groups.length; i++) for (const a of groups[i - 1]!) for (const b of groups[i]!) edges.push([a, b]);
  }
  return { labels, order, edges };
}

function successors(state: AslState): string[] {
  return [state.Next, state.Default, ...(state.Choices ?? []).map((c) => c.Next), ...(state.Catch ?? []).map((c) => c.Next)].filter((s): s is string => Boolean(s));
}

function reachable(asl: Asl, from: string, to: string): boolean {
  const seen = new Set<string>();
  const queue = successors(asl.States[from]!);
  while (queue.length) {
    const s = queue.shift()!;
    if (s === to) return true;
    if (seen.has(s) || !asl.States[s]) continue;
    seen.add(s);
    queue.push(...successors(asl.States[s]));
  }
  return false;
}

const found = diagrams(README);

describe("README journey diagrams", () => {
  it("ties every mermaid diagram in the README to the ASL file it draws", () => {
    expect(found.filter((d) => !d.file).map((d) => `README.md:${d.line}`)).toEqual([]);
    expect(found.map((d) => d.file)).toEqual(expect.arrayContaining(["statemachines/application-journey.asl.json", "statemachines/interview-journey.asl.json", "statemachines/recall-journey.asl.json"]));
  });

  for (const d of found.filter((x): x is Diagram => Boolean(x.file))) {
    describe(`${d.file} (README.md:${d.line})`, () => {
      const asl = JSON.parse(readFileSync(join(repoRoot, d.file), "utf8")) as Asl;
      const { labels, order, edges } = flowchart(d.text, d.subgraph);
      const statesOf = (id: string) => labels.get(id)?.match(STATE_NAME) ?? [];

      it("names a real state in every node", () => {
        expect(order.filter((id) => !labels.has(id)).map((id) => `'${id}' is not a node (an arrow this test cannot read?)`)).toEqual([]);
        expect(labels.size).toBeGreaterThan(2);
        const wrong = [...labels].filter(([id]) => statesOf(id).length === 0 || statesOf(id).some((s) => !asl.States[s])).map(([id, label]) => `${id}[${label}]`);
        expect(wrong).toEqual([]);
      });

      it("starts where the machine starts", () => {
        expect(statesOf(order[0]!)[0]).toBe(asl.StartAt);
      });

      it("draws only arrows the machine can follow", () => {
        // From the last state a node names to the first state of the node it points at.
        const impossible = edges
          .map(([a, b]) => [statesOf(a).at(-1), statesOf(b)[0]] as const)
          .filter(([from, to]) => from && to && !reachable(asl, from, to))
          .map(([from, to]) => `${from} → ${to}`);
        expect(impossible).toEqual([]);
      });
    });
  }
});
