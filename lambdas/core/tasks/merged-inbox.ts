// The HR inbox as it stands: offer tasks (HR queue) and interview tasks (recruiter queue) listed together,
// soonest due first, so nobody has to know which journey created a task to find it. The one task model
// (issue 9) replaces this merge.
import type { OfferStore } from "../shared/ports.js";
import type { InterviewStore } from "../interview/interview-ports.js";

export async function listOpenTasks(deps: { offers: Pick<OfferStore, "listOpenTasks">; interviews: Pick<InterviewStore, "listOpenTasks"> }) {
  const [offerTasks, interviewTasks] = await Promise.all([deps.offers.listOpenTasks(100), deps.interviews.listOpenTasks(100)]);
  const items = [...offerTasks.map((t) => ({ journey: "offer" as const, ...t })), ...interviewTasks.map((t) => ({ journey: "interview" as const, ...t }))];
  return { items: items.sort((a, b) => String(a.dueAt ?? "").localeCompare(String(b.dueAt ?? ""))) };
}
