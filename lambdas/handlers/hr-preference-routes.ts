// HR API routes for the one preference and consent record (core/preferences): read it as journeys
// see it, change it, and the older consent-only route, which now records into the same record.
import * as z from "../core/shared/zod.js";
import type { Role } from "../core/shared/model.js";
import { systemClock, type HirepathStore } from "../core/shared/ports.js";
import { OPERATORS, READERS, requireRole } from "../core/access/roles.js";
import { PreferencesChange } from "../core/preferences/preferences-model.js";
import type { PreferenceStore } from "../core/preferences/preferences-ports.js";
import { changePreferences, readPreferences, recordConsent } from "../core/preferences/preferences.js";
import { json, type HttpEvent, type Route } from "./lambda-handler.js";
import { parseJsonBody, parseWith } from "./http-input.js";

const ConsentBody = z.object({ granted: z.boolean(), expiresAt: z.iso.datetime({ offset: true }).optional() }).strict();

export function preferenceRoutes(deps: { store: HirepathStore; preferences: PreferenceStore }, event: HttpEvent, roles: Role[], actor: string): Record<string, Route> {
  const candidateId = event.pathParameters?.candidateId ?? "";
  const core = { ...deps, clock: systemClock };
  return {
    "GET /hr/candidates/{candidateId}/preferences": async () => {
      requireRole(roles, READERS, "reading preferences");
      return json(200, await readPreferences(candidateId, core));
    },
    "PUT /hr/candidates/{candidateId}/preferences": async () => {
      requireRole(roles, OPERATORS, "changing preferences");
      return json(200, await changePreferences(candidateId, parseWith(PreferencesChange, parseJsonBody(event)), { sub: actor }, core));
    },
    // Re-engagement consent alone, as the offer journey first had it: kept for existing callers.
    "PUT /hr/candidates/{candidateId}/consent": async () => {
      requireRole(roles, OPERATORS, "recording consent");
      const body = parseWith(ConsentBody, parseJsonBody(event));
      await readPreferences(candidateId, core);
      const consent = await recordConsent(candidateId, "re-engagement", { granted: body.granted, source: "hr", by: actor, ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt).toISOString() } : {}) }, core);
      return json(200, { candidateId, purpose: "re-engagement", ...consent });
    },
  };
}
