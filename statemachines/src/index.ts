// The workflows generated from TypeScript sources: every statemachines/*.asl.json file.
import type { Workflow } from "./builder.js";
import { applicationJourney } from "./application-journey.js";
import { callFollowUp } from "./call-follow-up.js";
import { interviewChangeNotice } from "./interview-change-notice.js";
import { interviewJourney } from "./interview-journey.js";
import { interviewPrioritySla } from "./interview-priority-sla.js";
import { interviewSchedulingLink } from "./interview-scheduling-link.js";
import { offerJourney } from "./offer-journey.js";
import { reEngagement } from "./re-engagement.js";
import { recallJourney } from "./recall-journey.js";
import { talentImport } from "./talent-import.js";

export const generatedWorkflows: Workflow[] = [applicationJourney, interviewJourney, interviewChangeNotice, interviewPrioritySla, interviewSchedulingLink, offerJourney, reEngagement, recallJourney, talentImport, callFollowUp];
