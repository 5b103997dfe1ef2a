// HR overrides a screen decision. The decision the machine made stays on the application (screen);
// the override sits beside it with who, when and why, and the timeline keeps both.
import * as z from "../shared/zod.js";
import { NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Application, ApplicationStatus } from "../shared/model.js";
import type { Clock, HirepathStore } from "../shared/ports.js";

export const ScreenOverrideBody = z.object({ decision: z.enum(["advance", "reject", "hold"]), reason: z.string().trim().min(3).max(1000) }).strict();
export type ScreenOverrideBody = z.infer<typeof ScreenOverrideBody>;

const statusFor: Record<ScreenOverrideBody["decision"], ApplicationStatus> = { advance: "screened", reject: "rejected", hold: "held-for-review" };

export async function overrideScreen(ref: { candidateId: string; applicationId: string }, body: ScreenOverrideBody, actor: string, deps: { store: HirepathStore; clock: Clock }): Promise<Application> {
  const application = await deps.store.getApplication(ref.candidateId, ref.applicationId);
  if (!application) throw new NotFoundError(`application ${ref.applicationId} not found`);
  const at = deps.clock.now().toISOString();
  const previous = application.screenOverride?.decision ?? application.screen?.decision;
  const screenOverride = { decision: body.decision, reason: body.reason, by: actor, at, ...(previous ? { previous } : {}) };
  // The override and its event in one transaction: the derived status and the hiring report read the
  // event, so a crash between two writes would leave a status they never heard of.
  await deps.store.updateApplication(ref.candidateId, ref.applicationId, { screenOverride, status: statusFor[body.decision], updatedAt: at }, [
    {
      eventId: derivedId("screen-overridden", ref.applicationId, at),
      candidateId: ref.candidateId,
      applicationId: ref.applicationId,
      at,
      type: "application.screen-overridden",
      summary: `Screen overridden by ${actor}: ${previous ?? "none"} → ${body.decision} (${body.reason})`,
      data: screenOverride,
    },
  ]);
  return { ...application, screenOverride, status: statusFor[body.decision], updatedAt: at };
}
