// The workflows generated from TypeScript sources; the other statemachines/*.asl.json files are written by hand.
import type { Workflow } from "./builder.js";
import { applicationJourney } from "./application-journey.js";
import { interviewJourney } from "./interview-journey.js";
import { offerJourney } from "./offer-journey.js";
import { reEngagement } from "./re-engagement.js";
import { recallJourney } from "./recall-journey.js";

export const generatedWorkflows: Workflow[] = [applicationJourney, interviewJourney, offerJourney, reEngagement, recallJourney];
