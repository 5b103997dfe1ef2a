// Replaying a dead letter: the delivery as it arrived goes through the same webhook pipeline again,
// without the freshness check (it is old by now). A replay that fails again leaves the dead letter open.
import { NotFoundError } from "../shared/errors.js";
import { problemFor, type Problem } from "../shared/problem.js";
import { processWebhook, type WebhookDeps } from "./webhook-intake.js";
import { deadLetterBody, hourOf } from "./dead-letters.js";
import type { FileStore } from "../shared/file-store.js";
import type { Clock, HirepathStore } from "../shared/ports.js";

export type ReplayOutcome =
  | { replayed: true; deadLetterId: string; result: Awaited<ReturnType<typeof processWebhook>> }
  /** The cause is not fixed yet: the problem the replay met (422, or 500 with its message hidden). */
  | { replayed: false; deadLetterId: string; problem: Problem };

export async function replayDeadLetter(deadLetterId: string, deps: Omit<WebhookDeps, "toleranceSeconds"> & { files: () => FileStore }): Promise<ReplayOutcome> {
  const deadLetter = await deps.store.getDeadLetter(deadLetterId);
  if (!deadLetter) throw new NotFoundError(`dead letter ${deadLetterId} not found`);
  const now = deps.clock.now().toISOString();
  try {
    const result = await processWebhook(
      { source: deadLetter.source, route: deadLetter.route, headers: deadLetter.headers, body: await deadLetterBody(deadLetter, deps.files) },
      { ...deps, toleranceSeconds: undefined },
    );
    await deps.store.markDeadLetterReplayed(deadLetter.deadLetterId, now, { ...result });
    return { replayed: true, deadLetterId: deadLetter.deadLetterId, result };
  } catch (error) {
    const problem = problemFor(error);
    const status = problem.status === 500 ? 500 : 422;
    return { replayed: false, deadLetterId: deadLetter.deadLetterId, problem: { ...problem, status } };
  }
}

/** A page of dead letters, with what the per-source cap refused in the last day beside what was kept. */
export async function listDeadLetters(limit: number, cursor: string | undefined, deps: { store: HirepathStore; clock: Clock }) {
  const counts = await deps.store.deadLetterCounts(hourOf(new Date(deps.clock.now().getTime() - 86_400_000)));
  return { ...(await deps.store.listDeadLetters(limit, cursor)), counts };
}
