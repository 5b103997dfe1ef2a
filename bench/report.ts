// Benchmark results: one row per figure, printed as a table and written to bench-results.json with
// stable names so runs can be compared over time. Later issues add rows by adding sections.
import { writeFileSync } from "node:fs";

export interface BenchRow {
  /** Stable, machine-readable name, e.g. "engine.transitions_per_second". */
  name: string;
  /** What it measures, for people. */
  label: string;
  value: number;
  unit: string;
  /** e.g. ">= 5000" or "<= 50"; empty when the figure is informational. */
  target: string;
  met: boolean | null;
}

export function row(name: string, label: string, value: number, unit: string, target?: { op: "<=" | ">="; value: number }): BenchRow {
  const met = target ? (target.op === "<=" ? value <= target.value : value >= target.value) : null;
  return { name, label, value, unit, target: target ? `${target.op} ${target.value}` : "", met };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : Number(v.toPrecision(3)).toString());

export function printTable(sections: Array<{ title: string; rows: BenchRow[] }>): void {
  const lines = ["| # | What it measures | Value | Target | Met |", "|---|---|---:|---|:---:|"];
  sections.forEach((section, i) => {
    for (const r of section.rows) {
      lines.push(`| ${i + 1} | ${r.label} | ${fmt(r.value)} ${r.unit} | ${r.target ? `${r.target} ${r.unit}` : "—"} | ${r.met === null ? "" : r.met ? "✅" : "❌"} |`);
    }
  });
  console.log(lines.join("\n"));
}

export function writeResults(file: string, sections: Array<{ rows: BenchRow[] }>): void {
  const rows = sections.flatMap((s) => s.rows).map(({ name, value, unit, target, met }) => ({ name, value, unit, target, met }));
  writeFileSync(file, JSON.stringify(rows, null, 2) + "\n");
}
