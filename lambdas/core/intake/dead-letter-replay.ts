// Replaying a dead letter: the delivery as it arrived goes through the same webhook pipeline again,
// without the freshness check (it is old by now). A replay that fails again leaves the dead letter open.
import { NotFoundError } from "../shared/errors.js";
import { problemFor, type Problem } from "../shared/problem.js";
import { deadLetterBody, processWebhook, type WebhookDeps } from "./webhook-intake.js";

export type ReplayOutcome =
  | { replayed: true; deadLetterId: string; result: Awaited<ReturnType<typeof processWebhook>> }
  /** The cause is not fixed yet: the problem the replay met (422, or 500 with its message hidden). */
  | { replayed: false; deadLetterId: string; problem: Problem };

export async function replayDeadLetter(deadLetterId: string, deps: Omit<WebhookDeps, "toleranceSeconds">): Promise<ReplayOutcome> {
  const deadLetter = await deps.store.getDeadLetter(deadLetterId);
  if (!deadLetter) throw new NotFoundError(`dead letter ${deadLetterId} not found`);
  const now = deps.clock.now().toISOString();
  try {
    const result = await processWebhook(
      { source: deadLetter.source, route: deadLetter.route, headers: deadLetter.headers, body: deadLetterBody(deadLetter) },
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
