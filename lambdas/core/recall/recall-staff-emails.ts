// The recall emails to staff, in zh-CN and en: the brief's subject and the email to a requisition's owner
// when a recalled candidate answered neither the invite nor the reminder. Pure: the callers supply the
// values; the settings page starts HR's editable text from the same copy with {{variables}} in their place.
import type { Locale } from "../shared/model.js";
import { escapeHtml } from "../shared/escape-html.js";

function copy(locale: Locale, name: string, title: string, url: string) {
  const zh = locale === "zh-CN";
  return {
    subject: zh ? `召回未回复：${name}（${title}）` : `No answer to the recall: ${name} (${title})`,
    line: zh ? `${name} 没有回复召回邀请和提醒。已为招聘顾问创建电话任务。` : `${name} has not answered the recall invite or the reminder. A recruiter has a call task for them.`,
    open: zh ? "查看候选人" : "Open the candidate",
    url,
  };
}

export function renderRecallEscalation(locale: Locale, name: string, title: string, url: string): { subject: string; html: string; text: string } {
  const c = copy(locale, name, title, url);
  return {
    subject: c.subject,
    html: `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(c.subject)}</title></head><body><p>${escapeHtml(c.line)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(c.open)}</a></p></body></html>`,
    text: `${c.line}\n${url}`,
  };
}

export function recallEscalationText(locale: Locale): { subject: string; body: string } {
  const c = copy(locale, "{{candidateName}}", "{{requisitionTitle}}", "{{candidatePageUrl}}");
  return { subject: c.subject, body: `${c.line}\n\n${c.open}: ${c.url}` };
}

export const recallBriefSubject = (locale: Locale, title: string, count: string) => (locale === "zh-CN" ? `人才召回简报：「${title}」有 ${count} 位值得再联系的候选人` : `Recall brief: ${count} past candidates for ${title}`);

/** The brief as HR's editable text starts: the candidates are a block (laid out by the code). */
export function recallBriefText(locale: Locale): { subject: string; body: string } {
  return { subject: recallBriefSubject(locale, "{{requisitionTitle}}", "{{brief.count}}"), body: `${locale === "zh-CN" ? "触发" : "Trigger"}: {{brief.trigger}}\n\n{{brief.candidates}}` };
}
