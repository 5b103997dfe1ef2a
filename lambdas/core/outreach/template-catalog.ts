// Every message the system sends (message-kinds.ts), with the variables its text may use and its
// built-in wording rendered with the sample values, for the settings page. The variables are the
// catalogue's own list, not a second one: test/unit/message-catalogue.test.ts checks that the code's
// wording of each message uses no value outside it.
import type { Locale } from "../shared/model.js";
import { isTemplateName, renderEmail, renderSms, type TemplateContext, type TemplateName } from "./templates.js";
import { isInterviewTemplate } from "../interview/interview-templates.js";
import { isSchedulingLinkTemplate } from "../interview/scheduling-link-template.js";
import { nurtureEmail, nurtureSmsText } from "../re-engagement/nurture-copy.js";
import { allowedVariables, EDITABLE_TEMPLATES, renderEmailText, type EditableTemplate } from "./template-text.js";
import { messageKind, sampleValues, TEXT_VARIABLES, type TextVariable } from "./message-kinds.js";
import { defaultText, PREVIEW_ZONE, previewBlocks, UNSUBSCRIBE_LABEL } from "./template-overrides.js";

function sampleContext(template: TemplateName, locale: Locale, mode: "onsite" | "video"): TemplateContext {
  const v = sampleValues(locale);
  return {
    candidateName: v.candidateName,
    requisitionTitle: v.requisitionTitle,
    portalUrl: v.portalUrl,
    unsubscribeUrl: v.unsubscribeUrl,
    salaryRange: v.salaryRange,
    caresAbout: [v.caresAbout],
    ...(isSchedulingLinkTemplate(template) ? { actionUrl: v.actionUrl } : {}),
    ...(isInterviewTemplate(template)
      ? {
          interview: {
            when: v["interview.when"],
            mode,
            ...(mode === "onsite" ? { location: v["interview.location"] } : { videoUrl: v["interview.videoUrl"] }),
            interviewerName: v["interview.interviewerName"],
            whatToBring: v["interview.whatToBring"],
            confirmUrl: v["interview.confirmUrl"],
            rescheduleUrl: v["interview.rescheduleUrl"],
            declineUrl: v["interview.declineUrl"],
          },
        }
      : {}),
  };
}

export interface TemplatePreview {
  template: EditableTemplate;
  audience: "candidate" | "staff";
  /** The variables the template's text may use (email and SMS together), in the catalogue's order. */
  variables: TextVariable[];
  /** With sample values, in each language: the zone the sample's times are in, the email and the SMS ("" for email-only messages). */
  previews: Record<Locale, { zone: string; subject: string; text: string; html: string; sms: string }>;
}

type Rendered = { subject: string; text: string; html: string; sms: string };

/** The code's own wording with sample values: both interview modes for the interview stage (the preview shows the video one). */
export function builtInRenderings(template: EditableTemplate, locale: Locale): Rendered[] {
  const v = sampleValues(locale);
  if (isTemplateName(template)) {
    return (["video", "onsite"] as const).map((mode) => {
      const c = sampleContext(template, locale, mode);
      return { ...renderEmail(template, locale, c), sms: renderSms(template, locale, c) };
    });
  }
  if (template === "re-engagement-nurture") {
    const facts = { name: v.candidateName, locale, cares: [v.caresAbout], opening: v.requisitionTitle };
    return [{ ...nurtureEmail(facts, v.portalUrl, v.unsubscribeUrl), sms: nurtureSmsText(facts, v.portalUrl, undefined) }];
  }
  // Composed by their journeys from the copy defaultText reads: the same words, the sample values in place.
  const values = messageKind(template).audience === "staff" ? { ...v, unsubscribeUrl: "" } : v;
  return [{ ...renderEmailText(defaultText(template, locale).email, locale, values, { unsubscribe: UNSUBSCRIBE_LABEL[locale] }, previewBlocks(locale)), sms: "" }];
}

export function templateCatalog(): TemplatePreview[] {
  return EDITABLE_TEMPLATES.map((template) => {
    const previews = {} as TemplatePreview["previews"];
    for (const locale of ["zh-CN", "en"] as const) {
      const first = builtInRenderings(template, locale)[0]!;
      previews[locale] = { zone: PREVIEW_ZONE[locale], subject: first.subject, text: first.text, html: first.html, sms: first.sms };
    }
    const allowed = new Set<TextVariable>([...allowedVariables(template, "email"), ...allowedVariables(template, "sms")]);
    return { template, audience: messageKind(template).audience, variables: TEXT_VARIABLES.filter((x) => allowed.has(x) && x !== "optOut"), previews };
  });
}
