// HR's wording of the candidate messages, per team and language, stored beside the code's templates
// (which stay the defaults). An override holds an email text (subject + body), an SMS text, or both; a
// channel without one falls back, first to the deployment-wide team ("default"), then to the code.
//
// Every save is a new version, written under the version the editor read (optimistic concurrency: two
// HR editors saving at once get one 200 and one 409, and nothing is overwritten unseen). Each version is
// also kept as its own item with who saved it and when: that history is the audit of who changed what.
// "Reset to default" is a version too (one with no text), so the numbering never goes back.
import * as z from "../shared/zod.js";
import { ValidationError } from "../shared/errors.js";
import { expectedVersionField, SavedBy, staleVersion } from "../shared/versioned-settings.js";
import { Locale } from "../shared/model.js";
import type { Clock } from "../shared/ports.js";
import { renderEmail, renderSms, TemplateName, type TemplateContext } from "./templates.js";
import { allowedVariables, checkTemplateText, EDITABLE_TEMPLATES, OPT_OUT_TEXT, renderEmailText, renderSmsText, requiredVariables, smsSegments, type EditableTemplate, type TextValues } from "./template-text.js";
import { nurtureEmail, nurtureSmsText } from "../re-engagement/nurture-copy.js";
import { smsPrefix } from "./sms-signature.js";
import { isInterviewTemplate } from "../interview/interview-templates.js";
import { isSchedulingLinkTemplate } from "../interview/scheduling-link-template.js";
import { SMS_SEGMENT_BUDGET } from "./templates.js";

/** The deployment-wide team: its texts apply to every message whose team has none of its own. */
export const DEFAULT_TEMPLATE_TEAM = "default";

export const TemplateTeamId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, "letters, digits, - and _, up to 63 characters");

const EmailText = z.object({ subject: z.string().max(300), body: z.string().max(20_000) }).strict();
const SmsText = z.object({ body: z.string().max(1_000) }).strict();

export const TemplateOverride = z.object({
  teamId: z.string(),
  template: z.enum(EDITABLE_TEMPLATES),
  locale: Locale,
  email: EmailText.optional(),
  sms: SmsText.optional(),
}).extend(SavedBy.shape);
export type TemplateOverride = z.infer<typeof TemplateOverride>;

/** One saved version, as the history (audit) keeps it. */
export const TemplateVersion = TemplateOverride.extend({ action: z.enum(["saved", "reset"]) });
export type TemplateVersion = z.infer<typeof TemplateVersion>;

export const TemplateOverrideParams = z.object({ teamId: TemplateTeamId, template: z.enum(EDITABLE_TEMPLATES), locale: Locale });

export const TemplateOverrideBody = z
  .object({
    expectedVersion: expectedVersionField("template"),
    email: EmailText.optional().describe("Subject and body with {{variables}}; the body may use b, strong, i, em, u, br, p, ul, ol, li and a href. The unsubscribe link is added under it."),
    sms: SmsText.optional().describe("The SMS with {{variables}}; the registered signature is put in front of it. It must contain {{optOut}} (or the opt-out words) and fit the template's segment budget."),
  })
  .strict();
export type TemplateOverrideBody = z.infer<typeof TemplateOverrideBody>;

export const TemplateResetQuery = z.object({ expectedVersion: z.coerce.number().int().nonnegative().describe("The version being reset (see PUT)") });

export const TemplatePreviewBody = z
  .object({ template: z.enum(EDITABLE_TEMPLATES), locale: Locale, email: EmailText.optional(), sms: SmsText.optional() })
  .strict();
export type TemplatePreviewBody = z.infer<typeof TemplatePreviewBody>;

export interface TemplateOverrideStore {
  getTemplateOverride(teamId: string, template: EditableTemplate, locale: Locale): Promise<TemplateOverride | undefined>;
  listTemplateOverrides(teamId: string): Promise<TemplateOverride[]>;
  /** Writes `next` (version = expectedVersion + 1) and its history entry together; false when the stored version is not `expectedVersion`. */
  saveTemplateOverride(next: TemplateVersion, expectedVersion: number): Promise<boolean>;
  templateHistory(teamId: string, template: EditableTemplate, locale: Locale, limit: number): Promise<TemplateVersion[]>;
  /** Teams that have ever saved a template (for the settings page's list). */
  listTemplateTeams(): Promise<string[]>;
}

export interface TemplateSettingsDeps {
  templates: TemplateOverrideStore;
  clock: Clock;
  /** SMS_SIGNATURE and PUBLIC_BASE_URL: the SMS length check counts the signature and our short links. */
  config: { publicBaseUrl: string; smsSignature?: string };
}

// ---- the code's templates as editable text ---------------------------------------------------------

const placeholders = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, `{{${n}}}`]));

/**
 * The code's wording with {{variables}} where the values go, for the editor to start from. Optional parts
 * of the code's text (the salary range, what the person cares about) are left out: HR adds them if wanted.
 */
export function defaultText(template: EditableTemplate, locale: Locale): { email: { subject: string; body: string }; sms: { body: string } } {
  if (template === "re-engagement-nurture") return defaultNurtureText(locale);
  const p = placeholders(["candidateName", "requisitionTitle", "portalUrl", "unsubscribeUrl", "actionUrl"]);
  const context: TemplateContext = {
    candidateName: p.candidateName!,
    requisitionTitle: p.requisitionTitle!,
    portalUrl: p.portalUrl!,
    unsubscribeUrl: p.unsubscribeUrl!,
    ...(isSchedulingLinkTemplate(template) ? { actionUrl: p.actionUrl! } : {}),
    ...(isInterviewTemplate(template)
      ? {
          interview: {
            when: "{{interview.when}}",
            mode: "onsite" as const,
            location: "{{interview.where}}",
            interviewerName: "{{interview.interviewerName}}",
            confirmUrl: "{{interview.confirmUrl}}",
            rescheduleUrl: "{{interview.rescheduleUrl}}",
            declineUrl: "{{interview.declineUrl}}",
          },
        }
      : {}),
  };
  const email = renderEmail(template, locale, context);
  // The unsubscribe line is added to every email under HR's text, so the editable text stops before it.
  const lines = email.text.split("\n");
  const unsubscribeAt = lines.findIndex((l) => l.endsWith(": {{unsubscribeUrl}}"));
  const body = (unsubscribeAt >= 0 ? lines.slice(0, unsubscribeAt) : lines).join("\n").trim();
  const sms = renderSms(template, locale, context).slice(smsPrefix(locale, undefined).length).replace(OPT_OUT_TEXT[locale], "{{optOut}}");
  return { email: { subject: email.subject, body }, sms: { body: sms } };
}

function defaultNurtureText(locale: Locale) {
  const facts = { name: "{{candidateName}}", locale, cares: [] };
  const email = nurtureEmail(facts, "{{portalUrl}}", "{{unsubscribeUrl}}");
  // The built-in email ends with the two bare links; the text names the portal link and leaves the unsubscribe line to the frame.
  const lines = email.text.split("\n").filter((l) => l.trim() && !l.endsWith(": {{unsubscribeUrl}}"));
  const sms = nurtureSmsText(facts, "{{portalUrl}}", undefined).slice(smsPrefix(locale, undefined).length).replace(OPT_OUT_TEXT[locale], "{{optOut}}");
  return { email: { subject: email.subject, body: lines.join("\n\n") }, sms: { body: sms } };
}

// ---- reading -----------------------------------------------------------------------------------------

/** What HR sees for one template in one language and team: the stored text (if any), the default, the rules. */
export async function templateSetting(teamId: string, template: EditableTemplate, locale: Locale, deps: Pick<TemplateSettingsDeps, "templates">) {
  const [stored, history] = await Promise.all([deps.templates.getTemplateOverride(teamId, template, locale), deps.templates.templateHistory(teamId, template, locale, 20)]);
  return {
    teamId,
    template,
    locale,
    version: stored?.version ?? 0,
    ...(stored?.email ? { email: stored.email } : {}),
    ...(stored?.sms ? { sms: stored.sms } : {}),
    ...(stored ? { updatedAt: stored.updatedAt, updatedBy: stored.updatedBy } : {}),
    defaults: defaultText(template, locale),
    variables: { email: allowedVariables(template, "email"), sms: allowedVariables(template, "sms") },
    required: { email: requiredVariables(template, "email"), sms: requiredVariables(template, "sms") },
    smsSegmentBudget: SMS_SEGMENT_BUDGET[template][locale],
    history: history.map((h) => ({ version: h.version, action: h.action, updatedAt: h.updatedAt, updatedBy: h.updatedBy, channels: [...(h.email ? ["email"] : []), ...(h.sms ? ["sms"] : [])] })),
  };
}

/** Every template's state for a team: which languages and channels have HR's text, and at which version. */
export async function listTemplateSettings(teamId: string, deps: Pick<TemplateSettingsDeps, "templates">) {
  const stored = await deps.templates.listTemplateOverrides(teamId);
  return {
    teamId,
    teams: [...new Set([DEFAULT_TEMPLATE_TEAM, ...(await deps.templates.listTemplateTeams())])].sort(),
    templates: EDITABLE_TEMPLATES.map((template) => ({
      template,
      locales: Locale.options.map((locale) => {
        const s = stored.find((o) => o.template === template && o.locale === locale);
        return { locale, version: s?.version ?? 0, email: Boolean(s?.email), sms: Boolean(s?.sms), ...(s ? { updatedAt: s.updatedAt, updatedBy: s.updatedBy } : {}) };
      }),
    })),
  };
}

// ---- writing -----------------------------------------------------------------------------------------

function refuse(issues: ReturnType<typeof checkTemplateText>): never {
  throw new ValidationError(`the template text has ${issues.length} problem${issues.length === 1 ? "" : "s"}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
}

export async function saveTemplateOverride(params: { teamId: string; template: EditableTemplate; locale: Locale }, body: TemplateOverrideBody, by: string, deps: TemplateSettingsDeps) {
  if (!body.email && !body.sms) refuse([{ path: "email", code: "empty_text", message: "nothing to save: give the email, the SMS or both (to go back to the default, reset the template)" }]);
  const issues = checkTemplateText(params.template, params.locale, body, deps.config);
  if (issues.length) refuse(issues);
  return write(params, { ...(body.email ? { email: body.email } : {}), ...(body.sms ? { sms: body.sms } : {}) }, "saved", body.expectedVersion, by, deps);
}

export async function resetTemplateOverride(params: { teamId: string; template: EditableTemplate; locale: Locale }, expectedVersion: number, by: string, deps: TemplateSettingsDeps) {
  return write(params, {}, "reset", expectedVersion, by, deps);
}

async function write(params: { teamId: string; template: EditableTemplate; locale: Locale }, text: Pick<TemplateOverride, "email" | "sms">, action: "saved" | "reset", expectedVersion: number, by: string, deps: TemplateSettingsDeps) {
  const next = TemplateVersion.parse({ ...params, ...text, version: expectedVersion + 1, updatedAt: deps.clock.now().toISOString(), updatedBy: by, action });
  if (!(await deps.templates.saveTemplateOverride(next, expectedVersion))) {
    const current = await deps.templates.getTemplateOverride(params.teamId, params.template, params.locale);
    throw staleVersion(`${params.template} (${params.locale}) of team ${params.teamId}`, current?.version ?? 0, expectedVersion);
  }
  return templateSetting(params.teamId, params.template, params.locale, deps);
}

// ---- previewing ----------------------------------------------------------------------------------------

const PREVIEW_VALUES: Record<Locale, TextValues> = {
  "zh-CN": {
    candidateName: "王小明", requisitionTitle: "华东区渠道销售经理", portalUrl: "https://jobs.example.com/p/sample-portal", unsubscribeUrl: "https://jobs.example.com/u/sample-unsubscribe",
    actionUrl: "https://jobs.example.com/l/sample-booking", salaryRange: "15k–25k CNY/月", caresAbout: "通勤时间",
    "interview.when": "2026年12月8日星期二 10:00（Asia/Shanghai）", "interview.where": "上海市静安区南京西路 1266 号", "interview.location": "上海市静安区南京西路 1266 号", "interview.videoUrl": "https://meet.example.com/sample-video",
    "interview.interviewerName": "陈经理", "interview.whatToBring": "身份证和作品集",
    "interview.confirmUrl": "https://jobs.example.com/i/sample-confirm", "interview.rescheduleUrl": "https://jobs.example.com/i/sample-reschedule", "interview.declineUrl": "https://jobs.example.com/i/sample-decline",
  },
  en: {
    candidateName: "Alex Chen", requisitionTitle: "Backend Engineer", portalUrl: "https://jobs.example.com/p/sample-portal", unsubscribeUrl: "https://jobs.example.com/u/sample-unsubscribe",
    actionUrl: "https://jobs.example.com/l/sample-booking", salaryRange: "$140k-$170k/year", caresAbout: "remote work",
    "interview.when": "Tuesday, December 8, 2026 at 10:00 AM (America/Los_Angeles)", "interview.where": "100 Main St, San Francisco", "interview.location": "100 Main St, San Francisco", "interview.videoUrl": "https://meet.example.com/sample-video",
    "interview.interviewerName": "Sam Park", "interview.whatToBring": "ID and portfolio",
    "interview.confirmUrl": "https://jobs.example.com/i/sample-confirm", "interview.rescheduleUrl": "https://jobs.example.com/i/sample-reschedule", "interview.declineUrl": "https://jobs.example.com/i/sample-decline",
  },
};

/** The zone the preview's sample times are in. */
export const PREVIEW_ZONE: Record<Locale, string> = { "zh-CN": "Asia/Shanghai", en: "America/Los_Angeles" };

export const UNSUBSCRIBE_LABEL: Record<Locale, string> = { "zh-CN": "不再接收此类邮件", en: "Unsubscribe from these emails" };

/**
 * A text rendered with sample values by the same renderer the send path uses, with its problems: the
 * settings page's live preview. Problems are returned, not thrown, so the editor sees both at once.
 */
export function previewTemplateText(body: TemplatePreviewBody, config: TemplateSettingsDeps["config"]) {
  const issues = checkTemplateText(body.template, body.locale, body, config);
  const values = PREVIEW_VALUES[body.locale];
  const email = body.email && body.email.body.trim() ? renderEmailText(body.email, body.locale, values, { unsubscribe: UNSUBSCRIBE_LABEL[body.locale] }) : undefined;
  const sms = body.sms && body.sms.body.trim() ? renderSmsText(body.sms.body, body.locale, values, config.smsSignature) : undefined;
  return {
    template: body.template,
    locale: body.locale,
    ...(email ? { email } : {}),
    ...(sms ? { sms: { body: sms, segments: smsSegments(sms).count, budget: SMS_SEGMENT_BUDGET[body.template][body.locale] } } : {}),
    problems: issues,
  };
}

// ---- sending -------------------------------------------------------------------------------------------

/** The stored text a message is sent with, per channel, and which team's version it was (recorded on the timeline). */
export type ChannelTexts = Partial<{ email: { text: { subject: string; body: string }; teamId: string; version: number }; sms: { text: { body: string }; teamId: string; version: number } }>;

/**
 * The texts in force now for a message: the message's team first, then the deployment-wide one; each
 * channel on its own, so a team that rewrote only the SMS still sends the default team's email text.
 */
export async function textsInForce(store: Pick<TemplateOverrideStore, "getTemplateOverride">, teamId: string | undefined, template: EditableTemplate, locale: Locale): Promise<ChannelTexts> {
  const teams = [...new Set([teamId, DEFAULT_TEMPLATE_TEAM].filter((t): t is string => Boolean(t)))];
  const stored = (await Promise.all(teams.map((t) => store.getTemplateOverride(t, template, locale)))).filter((o): o is TemplateOverride => o !== undefined);
  const texts: ChannelTexts = {};
  const email = stored.find((o) => o.email);
  const sms = stored.find((o) => o.sms);
  if (email?.email) texts.email = { text: email.email, teamId: email.teamId, version: email.version };
  if (sms?.sms) texts.sms = { text: sms.sms, teamId: sms.teamId, version: sms.version };
  return texts;
}

/** The send path's context as the text's variables. An SMS shows the short time and our short links (smsContext). */
export function textValues(c: TemplateContext, channel: "email" | "sms"): TextValues {
  const i = c.interview;
  return {
    candidateName: c.candidateName,
    requisitionTitle: c.requisitionTitle,
    portalUrl: c.portalUrl,
    unsubscribeUrl: c.unsubscribeUrl,
    salaryRange: c.salaryRange ?? "",
    caresAbout: (c.caresAbout ?? []).join(", "),
    actionUrl: c.actionUrl ?? "",
    ...(i
      ? {
          "interview.when": channel === "sms" ? i.whenShort ?? i.when : i.when,
          "interview.where": i.mode === "video" ? i.videoUrl ?? "" : i.location ?? "",
          "interview.location": i.location ?? "",
          "interview.videoUrl": i.videoUrl ?? "",
          "interview.interviewerName": i.interviewerName,
          "interview.whatToBring": i.whatToBring ?? "",
          "interview.confirmUrl": i.confirmUrl,
          "interview.rescheduleUrl": i.rescheduleUrl,
          "interview.declineUrl": i.declineUrl,
        }
      : {}),
  };
}

export function renderStoredEmail(text: { subject: string; body: string }, locale: Locale, c: TemplateContext) {
  return renderEmailText(text, locale, textValues(c, "email"), { unsubscribe: UNSUBSCRIBE_LABEL[locale] });
}

export function renderStoredSms(text: { body: string }, locale: Locale, c: TemplateContext) {
  return renderSmsText(text.body, locale, textValues(c, "sms"), c.smsSignature);
}
