// Reliability: the end-to-end soak (test/e2e/soak.ts) at a size past what CI carries. Journeys
// through `npm start`, kill -9 at random moments with a restart each time; lost, duplicated and
// stuck must all be 0. BENCH_SOAK_JOURNEYS and BENCH_SOAK_KILLS change the size.
import { runSoak } from "../test/e2e/soak.js";
import { row, type BenchRow } from "./report.js";

export async function reliability(): Promise<BenchRow[]> {
  const journeys = Number(process.env.BENCH_SOAK_JOURNEYS ?? 200);
  const kills = Number(process.env.BENCH_SOAK_KILLS ?? 6);
  const result = await runSoak({ journeys, kills, concurrency: 12, settleMs: 180_000, seed: Date.now() % 100_000, log: (l) => process.stderr.write(`  ${l}\n`) });
  for (const f of result.findings) process.stderr.write(`  ${f}\n`);
  return [
    row("reliability.soak_journeys", "Soak: application journeys through npm start", result.journeys, "journeys"),
    row("reliability.soak_kills", "Soak: kill -9 and restart, at random moments", result.kills, "kills"),
    row("reliability.soak_lost", "Soak: lost (missing from the list, no application, or no invitation)", result.lost, "journeys", { op: "<=", value: 0 }),
    row("reliability.soak_lost_invitations", "Soak: of those, invitations lost to a kill mid-send", result.lostInvitations, "journeys"),
    row("reliability.soak_duplicated", "Soak: duplicated (profile, application, event or invitation)", result.duplicated, "journeys", { op: "<=", value: 0 }),
    row("reliability.soak_stuck", "Soak: stuck (journey still running at the end)", result.stuck, "journeys", { op: "<=", value: 0 }),
  ];
}
