// The pages behind the "Recall this candidate / 召回" link in a recall brief, in zh-CN and en. GET only
// asks for confirmation; the form POSTs to the same address, which starts the recall journey.
import { escapeHtml, htmlPage } from "./page-shell.js";
import type { Locale } from "../core/shared/model.js";

const hours = (seconds: number) => Math.max(1, Math.round(seconds / 3600));

const copy = {
  "zh-CN": {
    title: "召回候选人",
    ask: (name: string, role: string) => `确认召回 ${name}，邀请其重新考虑「${role}」职位？`,
    confirm: "确认召回",
    started: "已开始召回",
    already: "此候选人的召回已在进行中，无需再次操作。",
    consentMissing: "无法召回：候选人未同意（或已撤回）人才库联系授权。",
    next: (first: string, other: string, wait: number, nudgeWait: number) => [
      `现在通过${first}发出召回邀请（如在候选人的免打扰时段内，则顺延到早上）。`,
      `${wait} 小时内未回复，将通过${other}再提醒一次。`,
      `再过 ${nudgeWait} 小时仍未回复，招聘顾问会收到电话任务，您也会收到邮件。`,
      "候选人的回复、点击或 HR 记录的结果会结束召回，并记录在候选人时间线上。",
    ],
    channel: { sms: "短信", email: "邮件" },
  },
  en: {
    title: "Recall a candidate",
    ask: (name: string, role: string) => `Recall ${name} and invite them to consider the ${role} role again?`,
    confirm: "Confirm recall",
    started: "Recall started",
    already: "A recall for this candidate is already under way. Nothing more to do.",
    consentMissing: "Cannot recall: the candidate has not given (or has withdrawn) talent-pool consent.",
    next: (first: string, other: string, wait: number, nudgeWait: number) => [
      `The recall invite goes out now by ${first} (or in the morning, if it is their quiet hours).`,
      `With no answer within ${wait} hours, they get one reminder by ${other}.`,
      `With still no answer ${nudgeWait} hours later, a recruiter gets a call task and you get an email.`,
      "Their reply, a click, or an outcome HR records ends the recall; each step is on the candidate's timeline.",
    ],
    channel: { sms: "SMS", email: "email" },
  },
} as const;

export interface RecallPageFacts {
  candidateName: string;
  requisitionTitle: string;
  channel: "sms" | "email";
  responseWaitSeconds: number;
  nudgeWaitSeconds: number;
}

function nextSteps(locale: Locale, f: RecallPageFacts): string {
  const t = copy[locale];
  const other = f.channel === "sms" ? "email" : "sms";
  return `<ol class="next-steps">${t.next(t.channel[f.channel], t.channel[other], hours(f.responseWaitSeconds), hours(f.nudgeWaitSeconds)).map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ol>`;
}

const css = `button{border:0;padding:10px 18px;border-radius:6px;font-size:15px;color:#fff;background:#16a34a;cursor:pointer}form{margin:16px 0}.next-steps{color:#374151}`;

export function renderRecallConfirm(locale: Locale, facts: RecallPageFacts): string {
  const t = copy[locale];
  return htmlPage({
    locale,
    title: t.title,
    css,
    body: `<p>${escapeHtml(t.ask(facts.candidateName, facts.requisitionTitle))}</p>${nextSteps(locale, facts)}<form method="post"><button id="confirm-recall" type="submit">${escapeHtml(t.confirm)}</button></form>`,
  });
}

export function renderRecallStarted(locale: Locale, facts: RecallPageFacts, duplicate: boolean): string {
  const t = copy[locale];
  return htmlPage({ locale, title: t.started, css, body: `<p id="recall-status">${escapeHtml(duplicate ? t.already : t.started)}</p>${nextSteps(locale, facts)}` });
}

export function renderRecallRefused(locale: Locale): string {
  const t = copy[locale];
  return htmlPage({ locale, title: t.title, css, body: `<p id="recall-status" role="alert">${escapeHtml(t.consentMissing)}</p>` });
}
