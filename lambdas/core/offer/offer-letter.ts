// The offer letter and the offer journey's emails, in zh-CN and en. Rendering is pure: the caller
// supplies the links. Every part of the offer is spelled out, commission with its formula and a
// worked example, so nothing is left to be discovered after signing.
import type { Locale } from "../shared/model.js";
import type { BudgetStatus, ExpectedPay, Offer, OfferParts } from "./offer-model.js";
import { annualBase, annualExpectation, commissionPayout } from "./offer-readiness.js";
import { escapeHtml } from "../shared/escape-html.js";


const money = (locale: Locale, amount: number, currency: string) =>
  new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 2 }).format(amount);

const L = {
  "zh-CN": {
    basePay: "基本工资",
    commission: "提成",
    bonus: "奖金",
    benefits: "福利",
    probation: "试用期",
    startDate: "入职日期",
    location: "工作地点",
    responseDeadline: "答复截止",
    perMonth: "/月",
    perYear: "/年",
    monthsPerYear: (n: number) => `每年发放 ${n} 个月`,
    annual: "年度基本工资合计",
    noCommission: "无提成",
    commissionBase: { revenue: "销售收入", "gross-margin": "毛利", "new-bookings": "新签合同额" },
    commissionPeriod: { month: "每月", quarter: "每季度", year: "每年" },
    commissionFormula: (rate: string, base: string, threshold: string, period: string) => `${period}提成 = ${rate} × (${base} − ${threshold})，${base}未超过 ${threshold} 时为 0`,
    cap: (c: string) => `单期上限 ${c}`,
    example: (achieved: string, payout: string) => `示例：${achieved} 的业绩，提成为 ${payout}`,
    noBonus: "无奖金",
    bonusTarget: (p: number, basis: string) => `目标奖金为年度基本工资的 ${p}%，依据：${basis}`,
    probationText: (m: number, p: number) => (m === 0 ? "无试用期" : `${m} 个月，试用期工资为基本工资的 ${p}%`),
  },
  en: {
    basePay: "Base pay",
    commission: "Commission",
    bonus: "Bonus",
    benefits: "Benefits",
    probation: "Probation",
    startDate: "Start date",
    location: "Location",
    responseDeadline: "Please respond by",
    perMonth: " per month",
    perYear: " per year",
    monthsPerYear: (n: number) => `paid ${n} months a year`,
    annual: "Annual base pay",
    noCommission: "No commission",
    commissionBase: { revenue: "revenue", "gross-margin": "gross margin", "new-bookings": "new bookings" },
    commissionPeriod: { month: "Monthly", quarter: "Quarterly", year: "Yearly" },
    commissionFormula: (rate: string, base: string, threshold: string, period: string) => `${period} commission = ${rate} × (${base} − ${threshold}); nothing is paid until ${base} exceeds ${threshold}`,
    cap: (c: string) => `capped at ${c} per period`,
    example: (achieved: string, payout: string) => `Example: ${achieved} achieved pays ${payout}`,
    noBonus: "No bonus",
    bonusTarget: (p: number, basis: string) => `Target bonus of ${p}% of annual base, based on ${basis}`,
    probationText: (m: number, p: number) => (m === 0 ? "No probation" : `${m} months at ${p}% of base pay`),
  },
} as const;

/** Each part as a labelled line, in order. Parts a draft lacks are skipped (a complete offer has them all). */
export function offerLines(parts: OfferParts, locale: Locale, timeZone = "Asia/Shanghai"): Array<[string, string]> {
  const t = L[locale];
  const lines: Array<[string, string]> = [];
  const { basePay, commission, bonus, benefits, probation, startDate, location, responseDeadline } = parts;
  if (basePay) {
    const per = basePay.period === "month" ? t.perMonth : t.perYear;
    const months = basePay.period === "month" && basePay.monthsPerYear ? `, ${t.monthsPerYear(basePay.monthsPerYear)}` : "";
    lines.push([t.basePay, `${money(locale, basePay.amount, basePay.currency)}${per}${months}`]);
    const annual = annualBase(parts)!;
    lines.push([t.annual, `${money(locale, annual.amount, annual.currency)}${t.perYear}`]);
  }
  if (commission) {
    if (commission.kind === "none") lines.push([t.commission, t.noCommission]);
    else {
      const currency = basePay?.currency ?? "CNY";
      const base = t.commissionBase[commission.base];
      const formula = t.commissionFormula(`${round(commission.rate * 100)}%`, base, money(locale, commission.threshold, currency), t.commissionPeriod[commission.period]);
      const cap = commission.cap !== undefined ? `; ${t.cap(money(locale, commission.cap, currency))}` : "";
      const example = commission.example
        ? `. ${t.example(money(locale, commission.example.achieved, currency), money(locale, commissionPayout(commission, commission.example.achieved), currency))}`
        : "";
      lines.push([t.commission, `${formula}${cap}${example}`]);
    }
  }
  if (bonus) lines.push([t.bonus, bonus.kind === "none" ? t.noBonus : t.bonusTarget(bonus.targetPercent, bonus.basis ?? "")]);
  if (benefits?.length) lines.push([t.benefits, benefits.join(locale === "zh-CN" ? "、" : ", ")]);
  if (probation) lines.push([t.probation, t.probationText(probation.months, probation.payPercent)]);
  if (startDate) lines.push([t.startDate, startDate]);
  if (location) lines.push([t.location, location]);
  if (responseDeadline) {
    const when = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone }).format(new Date(responseDeadline));
    lines.push([t.responseDeadline, `${when} (${timeZone})`]);
  }
  return lines;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function offerTableHtml(parts: OfferParts, locale: Locale, timeZone?: string): string {
  const rows = offerLines(parts, locale, timeZone)
    .map(([k, v]) => `<tr><th style="text-align:left;padding:6px 12px 6px 0;vertical-align:top;white-space:nowrap">${escapeHtml(k)}</th><td style="padding:6px 0">${escapeHtml(v)}</td></tr>`)
    .join("");
  return `<table style="border-collapse:collapse">${rows}</table>`;
}

const budgetCopy = {
  "zh-CN": { within: "在预算范围内", above: "高于预算上限", below: "低于预算下限", "no-budget": "未设置预算", expectation: "候选人期望", budget: "年度基本工资预算" },
  en: { within: "within budget", above: "above the budget range", below: "below the budget range", "no-budget": "no budget set", expectation: "Candidate's expectation", budget: "Annual base budget" },
} as const;

/**
 * The budget and the candidate's expectation, for approvers. The budget is annual, so the expectation is
 * shown per year too: a monthly one as it was given and made annual (× months a year), never a monthly
 * figure beside an annual range.
 */
export function budgetLine(locale: Locale, status: BudgetStatus, expectation: ExpectedPay | undefined, budget?: { min: number; max: number; currency: string }): string {
  const t = { ...budgetCopy[locale], perYear: L[locale].perYear, perMonth: L[locale].perMonth };
  const parts = [budget ? `${t.budget}: ${money(locale, budget.min, budget.currency)} – ${money(locale, budget.max, budget.currency)}${t.perYear} (${t[status]})` : t[status]];
  if (expectation) {
    const annual = annualExpectation(expectation);
    const perYear = `${money(locale, annual.amount, annual.currency)}${t.perYear}`;
    parts.push(
      expectation.period === "month"
        ? `${t.expectation}: ${money(locale, expectation.amount, expectation.currency)}${t.perMonth} × ${expectation.monthsPerYear ?? 12} = ${perYear}`
        : `${t.expectation}: ${perYear}`,
    );
  }
  return parts.join(" · ");
}

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

function email(locale: Locale, subject: string, paragraphs: string[], tableHtml: string, tableText: string, buttons: Array<{ label: string; url: string; color?: string }>, footer?: { label: string; url: string }): RenderedMessage {
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;color:#1f2937;max-width:600px;margin:0 auto;padding:24px">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${tableHtml}
<p>${buttons.map((b) => `<a href="${escapeHtml(b.url)}" style="display:inline-block;background:${b.color ?? "#2563eb"};color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;margin-right:8px">${escapeHtml(b.label)}</a>`).join(" ")}</p>
${footer ? `<p style="color:#9ca3af;font-size:12px"><a ses:no-track href="${escapeHtml(footer.url)}" style="color:#9ca3af">${escapeHtml(footer.label)}</a></p>` : ""}
</body></html>`;
  const text = [...paragraphs, "", tableText, "", ...buttons.map((b) => `${b.label}: ${b.url}`), ...(footer ? ["", `${footer.label}: ${footer.url}`] : [])].join("\n");
  return { subject, html, text };
}

const tableText = (parts: OfferParts, locale: Locale, tz?: string) => offerLines(parts, locale, tz).map(([k, v]) => `${k}: ${v}`).join("\n");

export interface ApprovalEmailContext {
  approverName: string;
  candidateName: string;
  requisitionTitle: string;
  stepName: string;
  required: number | string;
  of: number | string;
  budget: string;
  approveUrl: string;
  rejectUrl: string;
  kind: "request" | "reminder" | "escalation";
}

interface EmailCopy {
  subject: string;
  paragraphs: string[];
  buttons: Array<{ label: string; url: string; color?: string }>;
  footer?: { label: string; url: string };
}

function approvalCopy(locale: Locale, c: ApprovalEmailContext): EmailCopy {
  const zh = locale === "zh-CN";
  const prefix = c.kind === "reminder" ? (zh ? "提醒：" : "Reminder: ") : c.kind === "escalation" ? (zh ? "已升级：" : "Escalated: ") : "";
  const subject = zh ? `${prefix}请审批 ${c.candidateName} 的录用通知（${c.stepName}）` : `${prefix}Approve the offer for ${c.candidateName} (${c.stepName})`;
  const paragraphs = zh
    ? [
        `${c.approverName}，您好：`,
        c.kind === "escalation" ? `「${c.stepName}」审批已超时，现由您作为职位负责人决定。` : `「${c.requisitionTitle}」的录用通知需要您审批（本步骤需 ${c.of} 人中 ${c.required} 人同意）。`,
        c.budget,
      ]
    : [
        `Hello ${c.approverName},`,
        c.kind === "escalation" ? `The "${c.stepName}" approval step expired; as the requisition owner, the decision is yours.` : `The offer for ${c.requisitionTitle} needs your approval (this step needs ${c.required} of ${c.of}).`,
        c.budget,
      ];
  return {
    subject,
    paragraphs,
    buttons: [
      { label: zh ? "批准" : "Approve", url: c.approveUrl, color: "#16a34a" },
      { label: zh ? "拒绝" : "Reject", url: c.rejectUrl, color: "#dc2626" },
    ],
  };
}

export function renderApprovalEmail(offer: Offer, locale: Locale, c: ApprovalEmailContext): RenderedMessage {
  const copy = approvalCopy(locale, c);
  return email(locale, copy.subject, copy.paragraphs, offerTableHtml(offer.parts, locale), tableText(offer.parts, locale), copy.buttons);
}

export interface CandidateOfferContext {
  candidateName: string;
  requisitionTitle: string;
  timeZone: string;
  acceptUrl: string;
  declineUrl: string;
  questionUrl: string;
  unsubscribeUrl: string;
  kind: "offer" | "reminder";
}

function candidateOfferCopy(locale: Locale, c: Omit<CandidateOfferContext, "timeZone">): EmailCopy {
  const zh = locale === "zh-CN";
  const subject = c.kind === "reminder" ? (zh ? `提醒：「${c.requisitionTitle}」录用通知即将截止` : `Reminder: your ${c.requisitionTitle} offer is waiting`) : zh ? `录用通知：${c.requisitionTitle}` : `Your offer: ${c.requisitionTitle}`;
  const paragraphs = zh
    ? [`${c.candidateName}，您好：`, c.kind === "reminder" ? "您的录用通知即将到期，我们很期待您的答复。" : `恭喜！我们很高兴向您发出「${c.requisitionTitle}」的录用通知，详情如下：`]
    : [`Hello ${c.candidateName},`, c.kind === "reminder" ? "Your offer's response deadline is coming up; we'd love to hear from you." : `Congratulations! We're delighted to offer you the ${c.requisitionTitle} role. Here is every part of the offer:`];
  return {
    subject,
    paragraphs,
    buttons: [
      { label: zh ? "接受" : "Accept", url: c.acceptUrl, color: "#16a34a" },
      { label: zh ? "婉拒" : "Decline", url: c.declineUrl, color: "#6b7280" },
      { label: zh ? "我有疑问" : "I have a question", url: c.questionUrl },
    ],
    footer: { label: zh ? "不再接收此类邮件" : "Unsubscribe from these emails", url: c.unsubscribeUrl },
  };
}

export function renderCandidateOfferEmail(offer: Offer, locale: Locale, c: CandidateOfferContext): RenderedMessage {
  const copy = candidateOfferCopy(locale, c);
  return email(locale, copy.subject, copy.paragraphs, offerTableHtml(offer.parts, locale, c.timeZone), tableText(offer.parts, locale, c.timeZone), copy.buttons, copy.footer);
}

function touchCopy(locale: Locale, candidateName: string, text: string, unsubscribeUrl: string, portalUrl: string): EmailCopy {
  const zh = locale === "zh-CN";
  return {
    subject: zh ? "入职前的消息" : "Before your first day",
    paragraphs: [zh ? `${candidateName}，您好：` : `Hello ${candidateName},`, text],
    buttons: [{ label: zh ? "查看进度或提问" : "See progress or ask a question", url: portalUrl }],
    footer: { label: zh ? "不再接收此类邮件" : "Unsubscribe from these emails", url: unsubscribeUrl },
  };
}

export function renderTouchEmail(locale: Locale, candidateName: string, text: string, unsubscribeUrl: string, portalUrl: string): RenderedMessage {
  const copy = touchCopy(locale, candidateName, text, unsubscribeUrl, portalUrl);
  return email(locale, copy.subject, copy.paragraphs, "", "", copy.buttons, copy.footer);
}

// ---- the same wording as HR's editable text (outreach/template-overrides.ts) --------------------------

/** The copy as `{{variable}}` text: paragraphs with a blank line between them, the terms where the table was, each button as "label: link". */
function asText(copy: EmailCopy, terms: boolean): { subject: string; body: string } {
  return { subject: copy.subject, body: [...copy.paragraphs, ...(terms ? ["{{offer.terms}}"] : []), copy.buttons.map((b) => `${b.label}: ${b.url}`).join("\n")].join("\n\n") };
}

/** The offer letter or its reminder as editable text. The reminder carries the terms too, as the code's does. */
export function candidateOfferText(kind: "offer" | "reminder", locale: Locale) {
  return asText(candidateOfferCopy(locale, { kind, candidateName: "{{candidateName}}", requisitionTitle: "{{requisitionTitle}}", acceptUrl: "{{offer.acceptUrl}}", declineUrl: "{{offer.declineUrl}}", questionUrl: "{{offer.questionUrl}}", unsubscribeUrl: "{{unsubscribeUrl}}" }), true);
}

export function approvalText(kind: ApprovalEmailContext["kind"], locale: Locale) {
  const c = { kind, approverName: "{{approval.approverName}}", candidateName: "{{candidateName}}", requisitionTitle: "{{requisitionTitle}}", stepName: "{{approval.stepName}}", required: "{{approval.required}}", of: "{{approval.of}}", budget: "{{approval.budget}}", approveUrl: "{{approval.approveUrl}}", rejectUrl: "{{approval.rejectUrl}}" };
  return asText(approvalCopy(locale, c), true);
}

export function touchText(locale: Locale) {
  return asText(touchCopy(locale, "{{candidateName}}", "{{preOnboarding.text}}", "{{unsubscribeUrl}}", "{{offer.questionUrl}}"), false);
}

/** The offer's parts as the values a text names: `offer.terms` as lines (plain text) and as the table (HTML). */
export function offerTermsValues(parts: OfferParts, locale: Locale, timeZone?: string): { text: string; html: string } {
  return { text: tableText(parts, locale, timeZone), html: offerTableHtml(parts, locale, timeZone) };
}

/** The response deadline as the letter's table words it. */
export function responseDeadlineText(parts: OfferParts, locale: Locale, timeZone?: string): string {
  const deadline = offerLines({ responseDeadline: parts.responseDeadline } as OfferParts, locale, timeZone)[0];
  return deadline?.[1] ?? "";
}
