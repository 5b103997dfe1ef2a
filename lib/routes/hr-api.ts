// Every row the HrApi function serves.
import { hrCandidateRoutes } from "./hr-candidates.js";
import { hrInterviewRoutes } from "./hr-interviews.js";
import { hrOfferRoutes } from "./hr-offers.js";
import { hrTaskRoutes } from "./hr-tasks.js";
import { consoleWorkflowRoutes } from "./console.js";
import { hrTemplateRoutes } from "./hr-templates.js";
import { hrSettingsRoutes } from "./hr-settings.js";

export const hrApiRoutes = [...hrCandidateRoutes, ...hrOfferRoutes, ...hrInterviewRoutes, ...hrTaskRoutes, ...hrTemplateRoutes, ...hrSettingsRoutes, ...consoleWorkflowRoutes] as const;
