// Every row the HrApi function serves.
import { hrCandidateRoutes } from "./hr-candidates.js";
import { hrInterviewRoutes } from "./hr-interviews.js";
import { hrOfferRoutes } from "./hr-offers.js";
import { consoleWorkflowRoutes } from "./console.js";

export const hrApiRoutes = [...hrCandidateRoutes, ...hrOfferRoutes, ...hrInterviewRoutes, ...consoleWorkflowRoutes] as const;
