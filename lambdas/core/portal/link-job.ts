// Which job (and company) a candidate-facing link is about, read from the stored requisition. Every
// such page names it: a candidate may have applied to several jobs, and a link travels without context.
import type { Application } from "../shared/model.js";
import type { HirepathStore } from "../shared/ports.js";

export interface JobLine {
  title: string;
  company?: string;
}

type Requisitions = Pick<HirepathStore, "getRequisition">;

export async function jobOfRequisition(requisitionId: string, store: Requisitions): Promise<JobLine | undefined> {
  const requisition = await store.getRequisition(requisitionId);
  return requisition && { title: requisition.title, ...(requisition.company ? { company: requisition.company } : {}) };
}

/** The job of the application the link names, or of the candidate's newest application when it names none. */
export async function jobOfApplication(applications: readonly Pick<Application, "applicationId" | "requisitionId" | "createdAt">[], applicationId: string | undefined, store: Requisitions): Promise<JobLine | undefined> {
  const application = applications.find((a) => a.applicationId === applicationId) ?? [...applications].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
  return application ? jobOfRequisition(application.requisitionId, store) : undefined;
}
