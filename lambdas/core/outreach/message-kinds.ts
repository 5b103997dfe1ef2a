// Every message Hirepath sends, to candidates and to staff, in one list: its channels, the variables its
// text may name and the ones it must. The send path (outreach.ts, send-message.ts) refuses a message
// that is not here, the settings page lists and edits exactly these, and the text checker reads its rules
// from here: one list, so a new message cannot go out with wording HR cannot see or change.
//
// The variables are one list too, each with the sample value the settings page shows it with. A
// variable ending in Url becomes a link; a block variable (the offer's terms) is a piece of the email
// the code lays out (a table), placed where HR's text names it.
import type { Locale } from "../shared/model.js";

type Samples = Readonly<Record<Locale, string>>;

const link = (path: string): Samples => ({ "zh-CN": `https://jobs.example.com/${path}`, en: `https://jobs.example.com/${path}` });

/** Every variable any message text may name, with its sample value in each language (the settings page's preview). */
export const VARIABLE_SAMPLES = {
  candidateName: { "zh-CN": "王小明", en: "Alex Chen" },
  requisitionTitle: { "zh-CN": "华东区渠道销售经理", en: "Backend Engineer" },
  portalUrl: link("p/sample-portal"),
  unsubscribeUrl: link("u/sample-unsubscribe"),
  salaryRange: { "zh-CN": "15k–25k CNY/月", en: "$140k-$170k/year" },
  caresAbout: { "zh-CN": "通勤时间", en: "remote work" },
  actionUrl: link("l/sample-booking"),
  "interview.when": { "zh-CN": "2026年12月8日星期二 10:00（Asia/Shanghai）", en: "Tuesday, December 8, 2026 at 10:00 AM (America/Los_Angeles)" },
  "interview.where": { "zh-CN": "上海市静安区南京西路 1266 号", en: "100 Main St, San Francisco" },
  "interview.location": { "zh-CN": "上海市静安区南京西路 1266 号", en: "100 Main St, San Francisco" },
  "interview.videoUrl": { "zh-CN": "https://meet.example.com/sample-video", en: "https://meet.example.com/sample-video" },
  "interview.interviewerName": { "zh-CN": "陈经理", en: "Sam Park" },
  "interview.whatToBring": { "zh-CN": "身份证和作品集", en: "ID and portfolio" },
  "interview.confirmUrl": link("i/sample-confirm"),
  "interview.rescheduleUrl": link("i/sample-reschedule"),
  "interview.declineUrl": link("i/sample-decline"),
  optOut: { "zh-CN": "回复TD退订", en: "Reply STOP to opt out" },
  "offer.terms": { "zh-CN": "基本工资: ¥30,000.00/月\n入职日期: 2027-01-04", en: "Base pay: $12,000.00 per month\nStart date: 2027-01-04" },
  "offer.responseDeadline": { "zh-CN": "2026年12月15日 18:00 (Asia/Shanghai)", en: "December 15, 2026 at 6:00 PM (America/Los_Angeles)" },
  "offer.acceptUrl": link("o/sample?action=accept"),
  "offer.declineUrl": link("o/sample?action=decline"),
  "offer.questionUrl": link("o/sample?action=question"),
  "approval.approverName": { "zh-CN": "李总", en: "Jordan Lee" },
  "approval.stepName": { "zh-CN": "部门负责人", en: "Department head" },
  "approval.required": { "zh-CN": "1", en: "1" },
  "approval.of": { "zh-CN": "2", en: "2" },
  "approval.budget": { "zh-CN": "年度基本工资预算: ¥300,000.00 – ¥400,000.00/年 (在预算范围内)", en: "Annual base budget: $140,000.00 – $170,000.00 per year (within budget)" },
  "approval.approveUrl": link("o/sample-approval?action=approve"),
  "approval.rejectUrl": link("o/sample-approval?action=reject"),
  "preOnboarding.text": { "zh-CN": "背景调查已启动，结果出来后我们会第一时间告诉您。", en: "Your background check has started; we'll tell you as soon as it's done." },
  candidatePageUrl: link("hr/console/candidates/sample"),
  "brief.count": { "zh-CN": "2", en: "2" },
  "brief.trigger": { "zh-CN": "职位已开放", en: "the requisition opened" },
  "brief.candidates": { "zh-CN": "张伟 — 匹配分 82 (5年SaaS销售)\n  建议开场白: 张伟您好，职位重新开放了", en: "Sam Lee — match 82 (5 years of SaaS sales)\n  Suggested opening: Hi Sam, the role is open again" },
} as const satisfies Record<string, Samples>;

export type TextVariable = keyof typeof VARIABLE_SAMPLES;
/** Every variable any template text may name. */
export const TEXT_VARIABLES = Object.keys(VARIABLE_SAMPLES) as TextVariable[];

/** Parts of an email the code lays out (HTML), placed where the text names them; never in a subject or an SMS. */
export const BLOCK_VARIABLES: ReadonlySet<TextVariable> = new Set<TextVariable>(["offer.terms", "brief.candidates"]);

export type TextChannel = "email" | "sms";

export interface MessageKindSpec {
  /** Who reads it: candidates (unsubscribe line, quiet hours) or staff. */
  audience: "candidate" | "staff";
  /** The channels the send path can use for it. */
  channels: readonly TextChannel[];
  /** What its text may name on any channel (an SMS also has {{optOut}}). */
  variables: readonly TextVariable[];
  /** What its body must name: the link or the content the message exists to deliver. */
  required: readonly TextVariable[];
  /** How many SMS segments it may take, per language (SMS messages only). */
  smsSegments?: Readonly<Record<Locale, number>>;
}

const BASE = ["candidateName", "requisitionTitle", "portalUrl", "unsubscribeUrl", "salaryRange"] as const;
const INTERVIEW = [
  "interview.when",
  "interview.where",
  "interview.location",
  "interview.videoUrl",
  "interview.interviewerName",
  "interview.whatToBring",
  "interview.confirmUrl",
  "interview.rescheduleUrl",
  "interview.declineUrl",
] as const;

/**
 * SMS segment budgets. GSM-7 carries 160 characters in one segment (153 a part beyond); UCS-2, which any
 * Chinese character forces, 70 (67 a part). A Chinese message's signature, short link and 回复TD退订 take
 * ~55 of its 70, so those with a link get two; the rest, and every English one that can, get one.
 * test/messaging/sms-segments.test.ts renders each in both languages and checks.
 */
const sms = (zh: number, en: number) => ({ "zh-CN": zh, en });
const candidateMessage = (variables: readonly TextVariable[], required: readonly TextVariable[], segments: Record<Locale, number>): MessageKindSpec => ({ audience: "candidate", channels: ["email", "sms"], variables, required, smsSegments: segments });
const interviewMessage = (required: TextVariable, segments: Record<Locale, number>) => candidateMessage([...BASE, ...INTERVIEW], [required], segments);

const OFFER_EMAIL = ["candidateName", "requisitionTitle", "offer.terms", "offer.responseDeadline", "offer.acceptUrl", "offer.declineUrl", "offer.questionUrl", "unsubscribeUrl"] as const;
const APPROVAL_EMAIL = ["approval.approverName", "candidateName", "requisitionTitle", "approval.stepName", "approval.required", "approval.of", "approval.budget", "offer.terms", "approval.approveUrl", "approval.rejectUrl"] as const;
const TOUCH_EMAIL = ["candidateName", "requisitionTitle", "preOnboarding.text", "offer.questionUrl", "unsubscribeUrl"] as const;

const emailOnly = (audience: MessageKindSpec["audience"], variables: readonly TextVariable[], required: readonly TextVariable[]): MessageKindSpec => ({ audience, channels: ["email"], variables, required });

export const MESSAGE_KINDS = {
  // Application and recall messages (templates.ts)
  "interview-invite": candidateMessage(BASE, ["portalUrl"], sms(2, 1)),
  "interview-nudge": candidateMessage(BASE, ["portalUrl"], sms(2, 1)),
  "missed-call-followup": candidateMessage(BASE, ["portalUrl"], sms(2, 2)),
  "recall-invite": candidateMessage([...BASE, "caresAbout"], ["portalUrl"], sms(2, 2)),
  "recall-nudge": candidateMessage([...BASE, "caresAbout"], ["portalUrl"], sms(2, 2)),
  // The interview stage (interview-templates.ts, scheduling-link-template.ts)
  "interview-scheduled": interviewMessage("interview.confirmUrl", sms(2, 1)),
  "interview-rescheduled": interviewMessage("interview.confirmUrl", sms(2, 1)),
  "interview-follow-up": interviewMessage("interview.confirmUrl", sms(2, 1)),
  "interview-reminder-24h": candidateMessage([...BASE, ...INTERVIEW], [], sms(2, 1)),
  "interview-reminder-2h": candidateMessage([...BASE, ...INTERVIEW], [], sms(2, 1)),
  "interview-cancelled": candidateMessage([...BASE, ...INTERVIEW], [], sms(1, 1)),
  "interview-no-show": interviewMessage("interview.rescheduleUrl", sms(2, 1)),
  "interview-self-schedule": candidateMessage([...BASE, "actionUrl"], ["actionUrl"], sms(2, 1)),
  // Composed by the re-engagement journey (nurture-copy.ts): the person, the role open now (may be empty), their words, the portal link.
  "re-engagement-nurture": candidateMessage(["candidateName", "requisitionTitle", "portalUrl", "unsubscribeUrl", "caresAbout"], ["portalUrl"], sms(2, 2)),
  // The offer journey (offer-letter.ts). The letter must carry every part of the offer and the answer links.
  "offer-offer": emailOnly("candidate", OFFER_EMAIL, ["offer.terms", "offer.acceptUrl", "offer.declineUrl"]),
  "offer-reminder": emailOnly("candidate", OFFER_EMAIL, ["offer.acceptUrl", "offer.declineUrl"]),
  "pre-onboarding-progress": emailOnly("candidate", TOUCH_EMAIL, ["preOnboarding.text"]),
  "pre-onboarding-team-content": emailOnly("candidate", TOUCH_EMAIL, ["preOnboarding.text"]),
  "pre-onboarding-feedback-question": emailOnly("candidate", TOUCH_EMAIL, ["preOnboarding.text"]),
  "pre-onboarding-start-reminder": emailOnly("candidate", TOUCH_EMAIL, ["preOnboarding.text"]),
  // To approvers: the signed approve and reject links are the point of the email.
  "offer-approval-request": emailOnly("staff", APPROVAL_EMAIL, ["approval.approveUrl", "approval.rejectUrl"]),
  "offer-approval-reminder": emailOnly("staff", APPROVAL_EMAIL, ["approval.approveUrl", "approval.rejectUrl"]),
  "offer-approval-escalation": emailOnly("staff", APPROVAL_EMAIL, ["approval.approveUrl", "approval.rejectUrl"]),
  // To the requisition's owner when a recalled candidate does not answer (recall-journey.ts).
  // To the requisition's owner when it opens or its budget changes: past candidates worth calling again (recall.ts).
  "recall-brief": emailOnly("staff", ["requisitionTitle", "brief.count", "brief.trigger", "brief.candidates"], ["brief.candidates"]),
  "recall-escalation": emailOnly("staff", ["candidateName", "requisitionTitle", "candidatePageUrl"], ["candidatePageUrl"]),
} as const satisfies Record<string, MessageKindSpec>;

export type MessageKind = keyof typeof MESSAGE_KINDS;
export const MESSAGE_KIND_NAMES = Object.keys(MESSAGE_KINDS) as [MessageKind, ...MessageKind[]];

export function isMessageKind(name: string): name is MessageKind {
  return Object.hasOwn(MESSAGE_KINDS, name);
}

export function messageKind(name: MessageKind): MessageKindSpec {
  return MESSAGE_KINDS[name];
}

/** The kinds that go by SMS, with their segment budget. */
export function smsSegmentBudget(name: MessageKind, locale: Locale): number | undefined {
  return (MESSAGE_KINDS[name] as MessageKindSpec).smsSegments?.[locale];
}

/** A kind's sample values in a language, for previews. */
export function sampleValues(locale: Locale): Record<TextVariable, string> {
  return Object.fromEntries(TEXT_VARIABLES.map((v) => [v, VARIABLE_SAMPLES[v][locale]])) as Record<TextVariable, string>;
}
