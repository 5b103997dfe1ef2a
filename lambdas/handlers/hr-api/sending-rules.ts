// HR API: the sending rules (quiet hours, daily cap) and their settings-page twin (rows in
// lib/routes/hr-settings.ts). The caller's label is who saved a version: the history is the audit.
import { saveSendingRules, sendingRulesSetting } from "../../core/outreach/sending-rules.js";
import type { hrSettingsRoutes } from "../../../lib/routes/hr-settings.js";
import { json } from "../lambda-handler.js";
import type { RouteImplementations } from "../http/router.js";
import type { HrContext } from "./hr-context.js";

export const sendingRulesRoutes: RouteImplementations<typeof hrSettingsRoutes, HrContext> = {
  getSendingRules: async (_, c) => json(200, await sendingRulesSetting({ rules: c.store })),
  putSendingRules: async ({ body, caller }, c) => json(200, await saveSendingRules(body, caller.label, { rules: c.store, clock: c.clock })),
  consoleSaveSendingRules: async ({ body, caller }, c) => json(200, await saveSendingRules(body, caller.label, { rules: c.store, clock: c.clock })),
};
