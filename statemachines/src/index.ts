// The workflows generated from TypeScript sources; the other statemachines/*.asl.json files are written by hand.
import type { Workflow } from "./builder.js";
import { interviewJourney } from "./interview-journey.js";
import { reEngagement } from "./re-engagement.js";

export const generatedWorkflows: Workflow[] = [interviewJourney, reEngagement];
