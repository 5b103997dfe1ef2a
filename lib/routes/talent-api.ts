// Every row the TalentApi function serves.
import { consoleRoutes } from "./console.js";
import { talentRoutes } from "./talent.js";

export const talentApiFunctionRoutes = [...talentRoutes, ...consoleRoutes] as const;
