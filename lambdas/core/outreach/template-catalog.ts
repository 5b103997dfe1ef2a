// Every candidate message template, rendered with sample values for the settings page's preview, and
// the variables each one uses. A variable counts as used when its sample value shows up in what the
// template rendered, so the list follows the templates' code instead of a second list kept by hand.
import type { Locale } from "../shared/model.js";
import { renderEmail, renderSms, TemplateName, type TemplateContext } from "./templates.js";
import { isInterviewTemplate } from "../interview/interview-templates.js";
import { isSchedulingLinkTemplate } from "../interview/scheduling-link-template.js";
import { nurtureEmail, nurtureSmsText } from "../re-engagement/nurture-copy.js";
import type { EditableTemplate } from "./template-text.js";

export const TEMPLATE_VARIABLES = [
  "candidateName",
  "requisitionTitle",
  "portalUrl",
  "unsubscribeUrl",
  "actionUrl",
  "salaryRange",
  "caresAbout",
  "interview.when",
  "interview.location",
  "interview.videoUrl",
  "interview.interviewerName",
  "interview.whatToBring",
  "interview.confirmUrl",
  "interview.rescheduleUrl",
  "interview.declineUrl",
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

const SAMPLE: Record<Locale, { zone: string; values: Record<TemplateVariable, string> }> = {
  "zh-CN": {
    zone: "Asia/Shanghai",
    values: {
      candidateName: "王小明", requisitionTitle: "华东区渠道销售经理", portalUrl: "https://jobs.example.com/p/sample-portal", unsubscribeUrl: "https://jobs.example.com/u/sample-unsubscribe",
      actionUrl: "https://jobs.example.com/l/sample-booking", salaryRange: "15k–25k CNY / 月", caresAbout: "通勤时间",
      "interview.when": "12月8日（周二）10:00 北京时间", "interview.location": "上海市静安区南京西路 1266 号", "interview.videoUrl": "https://meet.example.com/sample-video",
      "interview.interviewerName": "陈经理", "interview.whatToBring": "身份证和作品集",
      "interview.confirmUrl": "https://jobs.example.com/i/sample-confirm", "interview.rescheduleUrl": "https://jobs.example.com/i/sample-reschedule", "interview.declineUrl": "https://jobs.example.com/i/sample-decline",
    },
  },
  en: {
    zone: "America/Los_Angeles",
    values: {
      candidateName: "Alex Chen", requisitionTitle: "Backend Engineer", portalUrl: "https://jobs.example.com/p/sample-portal", unsubscribeUrl: "https://jobs.example.com/u/sample-unsubscribe",
      actionUrl: "https://jobs.example.com/l/sample-booking", salaryRange: "$140k–$170k / year", caresAbout: "remote work",
      "interview.when": "Tue, Dec 8, 10:00 AM Los Angeles time", "interview.location": "100 Main St, San Francisco", "interview.videoUrl": "https://meet.example.com/sample-video",
      "interview.interviewerName": "Sam Park", "interview.whatToBring": "ID and portfolio",
      "interview.confirmUrl": "https://jobs.example.com/i/sample-confirm", "interview.rescheduleUrl": "https://jobs.example.com/i/sample-reschedule", "interview.declineUrl": "https://jobs.example.com/i/sample-decline",
    },
  },
};

function sampleContext(template: TemplateName, locale: Locale, mode: "onsite" | "video"): TemplateContext {
  const v = SAMPLE[locale].values;
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
  /** The variables the template uses, in either language. */
  variables: TemplateVariable[];
  /** With sample values, in each language: the zone the sample's times are in, the email and the SMS. */
  previews: Record<Locale, { zone: string; subject: string; text: string; html: string; sms: string }>;
}

/** The nurture message (composed by the re-engagement journey, not a TemplateName) with the same sample values. */
function nurturePreview(): TemplatePreview {
  const previews = {} as TemplatePreview["previews"];
  const used = new Set<TemplateVariable>();
  for (const locale of ["zh-CN", "en"] as const) {
    const v = SAMPLE[locale].values;
    const facts = { name: v.candidateName, locale, cares: [v.caresAbout], opening: v.requisitionTitle };
    const email = nurtureEmail(facts, v.portalUrl, v.unsubscribeUrl);
    const sms = nurtureSmsText(facts, v.portalUrl, undefined);
    const everything = `${email.subject}\n${email.text}\n${sms}`;
    for (const name of TEMPLATE_VARIABLES) if (everything.includes(v[name])) used.add(name);
    previews[locale] = { zone: SAMPLE[locale].zone, subject: email.subject, text: email.text, html: email.html, sms };
  }
  return { template: "re-engagement-nurture", variables: TEMPLATE_VARIABLES.filter((x) => used.has(x)), previews };
}

export function templateCatalog(): TemplatePreview[] {
  return [...templateNamePreviews(), nurturePreview()];
}

function templateNamePreviews(): TemplatePreview[] {
  return TemplateName.map((template) => {
    const used = new Set<TemplateVariable>();
    const previews = {} as TemplatePreview["previews"];
    for (const locale of ["zh-CN", "en"] as const) {
      // Rendered both ways (video and on site) to see every variable; the preview shows the video one.
      const [video, onsite] = (["video", "onsite"] as const).map((mode) => {
        const c = sampleContext(template, locale, mode);
        return { email: renderEmail(template, locale, c), sms: renderSms(template, locale, c) };
      });
      const everything = [video!, onsite!].map((r) => `${r.email.subject}\n${r.email.text}\n${r.email.html}\n${r.sms}`).join("\n");
      for (const name of TEMPLATE_VARIABLES) if (everything.includes(SAMPLE[locale].values[name])) used.add(name);
      previews[locale] = { zone: SAMPLE[locale].zone, subject: video!.email.subject, text: video!.email.text, html: video!.email.html, sms: video!.sms };
    }
    return { template, variables: TEMPLATE_VARIABLES.filter((v) => used.has(v)), previews };
  });
}
