// The pages behind offer links, in zh-CN and en. GET pages only ask for confirmation: the action is
// a form POST to the same address.
import type { Locale } from "../core/shared/model.js";
import { offerTableHtml } from "../core/offer/offer-letter.js";
import { escapeHtml, htmlPage, jobLineHtml, type JobLine } from "./page-shell.js";
import type { ApprovalStepRecord, Offer } from "../core/offer/offer-model.js";
import type { Settled } from "../core/offer/offer-decisions.js";

const copy = {
  "zh-CN": {
    approvalTitle: "录用审批",
    approvalIntro: (c: string, s: string, n: number, m: number) => `候选人：${c}。审批步骤「${s}」，需 ${m} 人中 ${n} 人同意。`,
    approve: "确认批准",
    reject: "确认拒绝",
    reasonLabel: "拒绝原因（必填）",
    offerTitle: "您的录用通知",
    accept: "接受录用",
    decline: "婉拒",
    declineReason: "如方便，请告诉我们原因（选填）",
    consent: "以后有合适的机会时，可以再联系我",
    askQuestion: "提交问题",
    questionLabel: "您的问题",
    recordedApprove: "已记录：您批准了这份录用通知。谢谢！",
    recordedReject: "已记录：您拒绝了这份录用通知，原因已转告招聘团队。",
    accepted: "太好了！您已接受录用。入职前我们会持续与您保持联系。",
    declined: "已收到您的答复。感谢您的时间，祝一切顺利。",
    questionRecorded: "问题已收到，招聘顾问会在 1 小时内回复您。",
    acceptedAsk: "您已经接受了这份录用通知，无需再次答复。入职前有任何问题，都可以在下面提问。",
    alreadyDecided: "此链接已经用过：决定已记录，无需再次操作。",
    settled: {
      approve: "此链接已经用过：决定已记录——您已批准这份录用通知。无需再次操作。",
      reject: "此链接已经用过：决定已记录——您已拒绝这份录用通知，原因已转告招聘团队。无需再次操作。",
      approved: "这一审批步骤已由其他审批人完成（结果：批准），您的链接不再需要使用。无需任何操作。",
      rejected: "这一审批步骤已由其他审批人完成（结果：拒绝），您的链接不再需要使用。如有疑问，请联系招聘团队。",
      accepted: "您已经接受了这份录用通知，无需再次操作。入职前有任何问题，请联系您的招聘顾问。",
      declined: "您已经婉拒了这份录用通知，此链接不能再更改答复。如果改变了主意，请尽快联系您的招聘顾问。",
      stalled: "这份录用通知的答复期限已过，无法再通过此链接答复。如仍有意向，请联系您的招聘顾问。",
      closed: "这份录用通知目前无法再通过此链接答复。请联系您的招聘顾问。",
    },
    expiredApproval: "此审批链接已过期，不能再用于审批。请使用最新的审批邮件中的链接，或联系招聘团队。",
    expiredOffer: "此录用通知链接已过期，不能再用于答复。请联系您的招聘顾问。",
    expired: "链接已过期，请联系招聘团队。",
    invalid: "链接无效。",
    reasonMissing: "请填写拒绝原因。",
  },
  en: {
    approvalTitle: "Offer approval",
    approvalIntro: (c: string, s: string, n: number, m: number) => `Candidate: ${c}. Approval step "${s}" needs ${n} of ${m}.`,
    approve: "Confirm approval",
    reject: "Confirm rejection",
    reasonLabel: "Reason for rejecting (required)",
    offerTitle: "Your offer",
    accept: "Accept the offer",
    decline: "Decline",
    declineReason: "If you like, tell us why (optional)",
    consent: "You may contact me about future roles",
    askQuestion: "Send my question",
    questionLabel: "Your question",
    recordedApprove: "Recorded: you approved this offer. Thank you!",
    recordedReject: "Recorded: you rejected this offer; your reason goes to the hiring team.",
    accepted: "Wonderful! You've accepted the offer. We'll stay in touch until your first day.",
    declined: "Thank you for letting us know. We wish you all the best.",
    questionRecorded: "Got your question. Your recruiter will answer within 1 hour.",
    acceptedAsk: "You have already accepted this offer; there is nothing more to answer. Any question before your first day? Ask below.",
    alreadyDecided: "This link has already been used: already decided. Nothing more to do.",
    settled: {
      approve: "This link has already been used: already decided. You approved this offer. Nothing more to do.",
      reject: "This link has already been used: already decided. You rejected this offer; your reason went to the hiring team. Nothing more to do.",
      approved: "This approval step was already settled by the other approvers (approved), so your link is no longer needed. Nothing more to do.",
      rejected: "This approval step was already settled by the other approvers (rejected), so your link is no longer needed. Questions? Contact the hiring team.",
      accepted: "You have already accepted this offer; there is nothing more to do. Questions before your first day? Contact your recruiter.",
      declined: "You have already declined this offer, and this link can't change the answer. If you've changed your mind, contact your recruiter soon.",
      stalled: "The deadline to answer this offer has passed, so this link can no longer answer it. If you're still interested, contact your recruiter.",
      closed: "This offer can no longer be answered through this link. Please contact your recruiter.",
    },
    expiredApproval: "This approval link has expired and can no longer approve. Please use the link in the newest approval email, or contact the hiring team.",
    expiredOffer: "This offer link has expired and can no longer answer the offer. Please contact your recruiter.",
    expired: "This link has expired. Please contact the hiring team.",
    invalid: "This link is not valid.",
    reasonMissing: "Please give a reason for rejecting.",
  },
} as const;

function page(locale: Locale, title: string, body: string, job?: JobLine): string {
  return htmlPage({
    locale,
    title,
    body: `${jobLineHtml(job)}${body}`,
    maxWidthPx: 640,
    css: `button{border:0;padding:10px 18px;border-radius:6px;font-size:15px;color:#fff;background:#2563eb;cursor:pointer}button.approve,button.accept{background:#16a34a}button.reject{background:#dc2626}button.decline{background:#6b7280}
textarea{width:100%;min-height:70px;margin:6px 0}form{margin:16px 0;padding:12px;border:1px solid #e5e7eb;border-radius:8px}.note{color:#6b7280;font-size:14px}`,
  });
}

export function renderApprovalConfirm(locale: Locale, offer: Offer, step: ApprovalStepRecord, candidateName: string, budget: string, action: "approve" | "reject", problem?: string, job?: JobLine): string {
  const t = copy[locale];
  const approveForm = `<form method="post"><input type="hidden" name="action" value="approve"><button class="approve" type="submit">${escapeHtml(t.approve)}</button></form>`;
  const rejectForm = `<form method="post"><input type="hidden" name="action" value="reject"><label>${escapeHtml(t.reasonLabel)}<textarea name="reason" required maxlength="2000"></textarea></label><button class="reject" type="submit">${escapeHtml(t.reject)}</button></form>`;
  return page(
    locale,
    t.approvalTitle,
    `<p>${escapeHtml(t.approvalIntro(candidateName, step.name, step.required, step.approvers.length))}</p><p class="note">${escapeHtml(budget)}</p>${offerTableHtml(offer.parts, locale)}${problem ? `<p role="alert" style="color:#dc2626">${escapeHtml(problem)}</p>` : ""}${action === "reject" ? rejectForm + approveForm : approveForm + rejectForm}`,
    job,
  );
}

export function renderOfferConfirm(locale: Locale, offer: Offer, timeZone: string, action: "accept" | "decline" | "question", questionsOnly = false, job?: JobLine): string {
  const t = copy[locale];
  const forms = {
    accept: `<form method="post"><input type="hidden" name="action" value="accept"><button class="accept" type="submit">${escapeHtml(t.accept)}</button></form>`,
    decline: `<form method="post"><input type="hidden" name="action" value="decline"><label>${escapeHtml(t.declineReason)}<textarea name="text" maxlength="2000"></textarea></label><p><label><input type="checkbox" name="consent" value="yes"> ${escapeHtml(t.consent)}</label></p><button class="decline" type="submit">${escapeHtml(t.decline)}</button></form>`,
    question: `<form method="post"><input type="hidden" name="action" value="question"><label>${escapeHtml(t.questionLabel)}<textarea name="text" required maxlength="2000"></textarea></label><button type="submit">${escapeHtml(t.askQuestion)}</button></form>`,
  };
  // After acceptance the page only takes questions (about the offer or the first day).
  const order = questionsOnly ? (["question"] as const) : [action, ...(["accept", "question", "decline"] as const).filter((a) => a !== action)];
  // An accepted offer's link says so first: it answers nothing more, it only takes questions.
  const accepted = questionsOnly ? `<p role="status" data-settled="accepted">${escapeHtml(t.acceptedAsk)}</p>` : "";
  return page(locale, t.offerTitle, `${accepted}${offerTableHtml(offer.parts, locale, timeZone)}${order.map((a) => forms[a]).join("")}`, job);
}

export type OfferPageMessage = "recordedApprove" | "recordedReject" | "accepted" | "declined" | "questionRecorded" | "alreadyDecided";

export function renderOfferMessage(locale: Locale, message: OfferPageMessage, job?: JobLine): string {
  const t = copy[locale];
  return page(locale, message === "recordedApprove" || message === "recordedReject" ? t.approvalTitle : t.offerTitle, `<p role="status">${escapeHtml(t[message])}</p>`, job);
}

/** A link that can decide nothing any more says why (whose decision, which outcome) and what to do next. */
export function renderOfferSettled(locale: Locale, purpose: "approval" | "candidate", settled: Settled, job?: JobLine): string {
  const t = copy[locale];
  const text =
    settled.by === "offer"
      ? purpose === "approval" ? t.alreadyDecided : settled.status === "decision-stalled" ? t.settled.stalled : settled.status === "accepted" ? t.settled.accepted : settled.status === "declined" ? t.settled.declined : t.settled.closed
      : t.settled[settled.decision];
  return page(locale, purpose === "approval" ? t.approvalTitle : t.offerTitle, `<p role="status" data-settled="${escapeHtml(settled.by === "offer" ? settled.status : settled.decision)}">${escapeHtml(text)}</p>`, job);
}

/** An expired link, once resolved: the reader's language, the job, and where to turn instead. */
export function renderOfferLinkExpired(locale: Locale, purpose: "approval" | "candidate", job?: JobLine): string {
  const t = copy[locale];
  return page(locale, purpose === "approval" ? t.approvalTitle : t.offerTitle, `<p role="status">${escapeHtml(purpose === "approval" ? t.expiredApproval : t.expiredOffer)}</p>`, job);
}

/** Before the link is resolved we don't know the reader's language, so say it in both. */
export function renderOfferLinkProblem(kind: "expired" | "invalid"): string {
  return page("zh-CN", "Hirepath", `<p>${escapeHtml(copy["zh-CN"][kind])}</p><p lang="en">${escapeHtml(copy.en[kind])}</p>`);
}

export function reasonMissing(locale: Locale): string {
  return copy[locale].reasonMissing;
}
