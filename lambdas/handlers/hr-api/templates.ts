// HR API: the message templates HR edits per team and language, and their settings-page twins (rows in
// lib/routes/hr-templates.ts). The caller's label is who saved a version: the history is the audit.
import { listTemplateSettings, previewTemplateText, resetTemplateOverride, saveTemplateOverride, templateSetting } from "../../core/outreach/template-overrides.js";
import type { hrTemplateRoutes } from "../../../lib/routes/hr-templates.js";
import { json } from "../lambda-handler.js";
import type { RouteImplementations } from "../http/router.js";
import type { HrContext } from "./hr-context.js";

export const templateRoutes: RouteImplementations<typeof hrTemplateRoutes, HrContext> = {
  listMessageTemplates: async ({ params }, c) => json(200, await listTemplateSettings(params.teamId, c.templates())),
  getMessageTemplate: async ({ params }, c) => json(200, await templateSetting(params.teamId, params.template, params.locale, c.templates())),
  putMessageTemplate: async ({ params, body, caller }, c) => json(200, await saveTemplateOverride(params, body, caller.label, c.templates())),
  resetMessageTemplate: async ({ params, query, caller }, c) => json(200, await resetTemplateOverride(params, query.expectedVersion, caller.label, c.templates())),
  previewMessageTemplate: async ({ body }, c) => json(200, previewTemplateText(body, c.templates().config)),
  consoleSaveMessageTemplate: async ({ params, body, caller }, c) => json(200, await saveTemplateOverride(params, body, caller.label, c.templates())),
  consoleResetMessageTemplate: async ({ params, query, caller }, c) => json(200, await resetTemplateOverride(params, query.expectedVersion, caller.label, c.templates())),
  consolePreviewMessageTemplate: async ({ body }, c) => json(200, previewTemplateText(body, c.templates().config)),
};
