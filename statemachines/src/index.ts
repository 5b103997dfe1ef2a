// The workflows generated from TypeScript sources; the other statemachines/*.asl.json files are written by hand.
import type { Workflow } from "./builder.js";
import { applicationJourney } from "./application-journey.js";
import { interviewChangeNotice } from "./interview-change-notice.js";
import { interviewJourney } from "./interview-journey.js";
import { interviewPrioritySla } from "./interview-priority-sla.js";
import { interviewSchedulingLink } from "./interview-scheduling-link.js";
import { offerJourney } from "./offer-journey.js";
import { reEngagement } from "./re-engagement.js";
import { recallJourney } from "./recall-journey.js";

export const generatedWorkflows: Workflow[] = [applicationJourney, interviewJourney, interviewChangeNotice, interviewPrioritySla, interviewSchedulingLink, offerJourney, reEngagement, recallJourney];
