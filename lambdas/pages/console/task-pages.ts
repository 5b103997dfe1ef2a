// The one task inbox in the console: every kind of task, filtered by kind, state and queue, paged, and
// closed in place (done with HR's answer, or cancelled with a reason) through the same use cases as
// POST /hr/tasks/{taskId}/done and /cancel. Task titles are recorded in English by the journeys that
// open them, so the inbox names each task from its kind and type in the page's language and shows the
// recorded title only on the English page.
import type { Locale } from "../../core/shared/model.js";
import type { Task, TaskKind, TaskState } from "../../core/tasks/task-model.js";
import { esc, layout, timeHtml, userText, type ConsoleSessionView } from "./shell.js";

type Labels = Record<string, [zh: string, en: string]>;

export const TASK_KIND_LABELS: Record<TaskKind, [string, string]> = {
  offer: ["Offer", "Offer"],
  interview: ["面试", "Interview"],
  call: ["电话", "Call"],
  risk: ["流失风险", "Drop-off risk"],
  "re-engagement": ["再次联系", "Re-engagement"],
  "message-failure": ["消息失败", "Message failure"],
};

const TASK_TYPE_LABELS: Labels = {
  "call-candidate": ["致电候选人确认面试", "Call the candidate to confirm the interview"],
  "record-outcome": ["记录面试结果", "Record the interview outcome"],
  "reach-out-after-no-show": ["候选人未到场，请联系一次", "No-show: reach out once"],
  recall: ["召回：致电候选人", "Recall: call the candidate"],
  "call-back": ["按约定回电", "Call back as agreed"],
  retry: ["再拨一次", "Try the call again"],
  "re-engagement": ["再次联系候选人", "Re-engage the candidate"],
  "candidate-question": ["回答候选人对 Offer 的提问", "Answer the candidate's question about the offer"],
  "decision-stalled": ["Offer 未在期限内答复：记录可能原因", "Offer not answered by the deadline: record the likely reason"],
  "approval-expired": ["Offer 审批超时：请处理", "Offer approval expired: act on it"],
  "risk-alert": ["Offer 流失风险：请跟进", "Offer drop-off risk: follow up"],
};

export const TASK_STATE_LABELS: Record<TaskState, [string, string]> = {
  open: ["待办", "Open"],
  escalated: ["已升级", "Escalated"],
  done: ["已完成", "Done"],
  cancelled: ["已取消", "Cancelled"],
};

const pick = (labels: Record<string, [string, string]>, key: string, locale: Locale) => labels[key]?.[locale === "zh-CN" ? 0 : 1];

/** What the task asks, in the page's language: its type's label, or its kind's for a type not listed. */
export function taskLabel(kind: string, type: string, locale: Locale): string {
  return pick(TASK_TYPE_LABELS, type, locale) ?? `${pick(TASK_KIND_LABELS, kind, locale) ?? kind}${locale === "zh-CN" ? "任务" : " task"}`;
}

const text = {
  "zh-CN": {
    title: "任务", kind: "类型", state: "状态", queue: "队列", assignee: "负责人", candidate: "候选人", task: "任务", due: "截止", actions: "处理", all: "全部",
    active: "待处理（待办与已升级）", filter: "筛选", next: "下一页", first: "回到第一页", none: "没有符合条件的任务。", overdue: "已逾期",
    done: "完成", doneNote: "处理结果或给候选人的答复", cancel: "取消任务", reason: "取消原因", submit: "确定", closedBy: "处理人",
    alreadyClosed: "这个任务已被他人处理：", shown: "本页 {n} 条", question: "提问", score: "风险分", recorded: "系统记录", suggestion: "建议",
  },
  en: {
    title: "Tasks", kind: "Kind", state: "State", queue: "Queue", assignee: "Assignee", candidate: "Candidate", task: "Task", due: "Due", actions: "Act", all: "All",
    active: "To do (open and escalated)", filter: "Filter", next: "Next page", first: "Back to the first page", none: "No tasks match.", overdue: "Overdue",
    done: "Done", doneNote: "What was done, or the answer for the candidate", cancel: "Cancel the task", reason: "Why", submit: "Submit", closedBy: "Closed by",
    alreadyClosed: "Someone else closed this task first:", shown: "{n} on this page", question: "Question", score: "Risk score", recorded: "Recorded", suggestion: "Suggestion",
  },
} as const;

export interface TaskInboxFilter {
  kind?: readonly string[];
  state?: TaskState;
  queue?: string;
  assignee?: string;
  candidateId?: string;
  cursor?: string;
}

export interface TaskInbox {
  tasks: Task[];
  nextCursor?: string;
  /** Candidate names by id, for the tasks on the page. */
  names: Record<string, string>;
  filter: TaskInboxFilter;
  now: string;
}

/** Context facts HR needs to act, in the page's language; the values are people's words. */
function contextHtml(task: Task, locale: Locale): string {
  const t = text[locale];
  const parts: string[] = [];
  const c = task.context ?? {};
  if (typeof c.question === "string") parts.push(`${t.question}: ${userText(c.question)}`);
  if (typeof c.score === "number") parts.push(`${t.score} ${c.score}/10`);
  if (task.suggestion) parts.push(`${t.suggestion}: ${userText(task.suggestion)}`);
  // The recorded title is English; the English page shows it as the task's own words.
  if (locale === "en") parts.push(`<span class="muted recorded-title" translate="no">${esc(task.title)}</span>`);
  return parts.map((p) => `<div>${p}</div>`).join("");
}

export function tasksPage(inbox: TaskInbox, canAct: boolean, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const zone = session.timeZone;
  const f = inbox.filter;
  const selectedKind = f.kind?.length === 1 ? f.kind[0] : "";
  const kindOptions = [`<option value="">${t.all}</option>`, ...Object.keys(TASK_KIND_LABELS).map((k) => `<option value="${k}"${selectedKind === k ? " selected" : ""}>${esc(pick(TASK_KIND_LABELS, k, locale))}</option>`)].join("");
  const stateOptions = [`<option value="">${t.active}</option>`, ...Object.keys(TASK_STATE_LABELS).map((s) => `<option value="${s}"${f.state === s ? " selected" : ""}>${esc(pick(TASK_STATE_LABELS, s, locale))}</option>`)].join("");
  const filterForm = `<form id="task-filter" class="inline" method="get" action="/hr/console/tasks"><input type="hidden" name="lang" value="${locale}">
<label>${t.kind} <select name="kind">${kindOptions}</select></label><label>${t.state} <select name="state">${stateOptions}</select></label>
<label>${t.queue} <input name="queue" value="${esc(f.queue ?? "")}" size="12"></label><label>${t.assignee} <input name="assignee" value="${esc(f.assignee ?? "")}" size="18"></label>
${f.candidateId ? `<input type="hidden" name="candidateId" value="${esc(f.candidateId)}">` : ""}<button type="submit">${t.filter}</button></form>`;
  const row = (task: Task) => {
    const active = task.state === "open" || task.state === "escalated";
    const overdue = active && task.dueAt < inbox.now;
    const name = inbox.names[task.subject.candidateId] ?? task.subject.candidateId;
    const closed = task.resolution && !active ? `<div class="muted">${t.closedBy} ${userText(task.resolution.by)} ${timeHtml(task.resolution.at, locale, zone)}${task.resolution.note ? ` · ${userText(task.resolution.note)}` : ""}</div>` : "";
    const actions =
      canAct && active
        ? `<details class="act"><summary>${t.done}</summary><form class="close-task" data-task="${esc(task.taskId)}" data-action="done"><label>${t.doneNote} <textarea name="resolution" rows="2"></textarea></label><button>${t.submit}</button></form></details>
<details class="act"><summary>${t.cancel}</summary><form class="close-task" data-task="${esc(task.taskId)}" data-action="cancel"><label>${t.reason} <input name="reason" required></label><button>${t.submit}</button></form></details>`
        : "";
    return `<tr class="task" data-task="${esc(task.taskId)}" data-kind="${esc(task.kind)}" data-state="${esc(task.state)}">
<td data-label="${t.kind}">${esc(pick(TASK_KIND_LABELS, task.kind, locale) ?? task.kind)}</td>
<td data-label="${t.task}"><strong>${esc(taskLabel(task.kind, task.type, locale))}</strong>${contextHtml(task, locale)}</td>
<td data-label="${t.candidate}"><a href="/hr/console/candidates/${encodeURIComponent(task.subject.candidateId)}?lang=${locale}" translate="no">${esc(name)}</a></td>
<td data-label="${t.due}">${timeHtml(task.dueAt, locale, zone)}${overdue ? ` <span class="error overdue">${t.overdue}</span>` : ""}</td>
<td data-label="${t.state}" class="task-state">${esc(pick(TASK_STATE_LABELS, task.state, locale))}${closed}</td>
<td data-label="${t.assignee} · ${t.queue}"><span translate="no">${esc(task.assignee ?? "")}</span>${task.assignee ? " · " : ""}<span translate="no">${esc(task.queue)}</span></td>
<td${actions ? ` data-label="${t.actions}"` : ""} class="task-actions">${actions}<div class="task-result" role="status"></div></td></tr>`;
  };
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams({ lang: locale, ...(selectedKind ? { kind: selectedKind } : {}), ...(f.state ? { state: f.state } : {}), ...(f.queue ? { queue: f.queue } : {}), ...(f.assignee ? { assignee: f.assignee } : {}), ...(f.candidateId ? { candidateId: f.candidateId } : {}), ...extra });
    return `/hr/console/tasks?${esc(q.toString())}`;
  };
  const paging = [inbox.nextCursor ? `<a id="next-page" href="${query({ cursor: inbox.nextCursor })}">${t.next}</a>` : "", f.cursor ? `<a id="first-page" href="${query({})}">${t.first}</a>` : ""].filter(Boolean).join(" · ");
  const table = inbox.tasks.length
    ? `<p class="count" id="task-count">${t.shown.replace("{n}", String(inbox.tasks.length))}</p><table id="tasks" class="cards"><tr><th>${t.kind}</th><th>${t.task}</th><th>${t.candidate}</th><th>${t.due}</th><th>${t.state}</th><th>${t.assignee} · ${t.queue}</th><th>${t.actions}</th></tr>${inbox.tasks.map(row).join("")}</table>`
    : `<p class="muted" id="no-tasks">${t.none}</p>`;
  const css = `<style>.task-actions form{display:flex;flex-direction:column;gap:4px;margin:4px 0}.task-actions textarea{width:100%;min-width:0}details.act summary{cursor:pointer;color:#1e40af}</style>`;
  const body = `${css}${filterForm}${table}${paging ? `<p class="paging">${paging}</p>` : ""}`;
  const states = JSON.stringify(Object.fromEntries(Object.entries(TASK_STATE_LABELS).map(([k, v]) => [k, v[locale === "zh-CN" ? 0 : 1]])));
  const script = `const STATES = ${states};
document.querySelectorAll("form.close-task").forEach((f) => f.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const row = f.closest("tr.task"); const out = row.querySelector(".task-result"); const d = new FormData(f);
  const body = f.dataset.action === "done" ? (d.get("resolution") ? { resolution: String(d.get("resolution")) } : {}) : { reason: String(d.get("reason")) };
  const res = await fetch("/hr/console/tasks/" + encodeURIComponent(f.dataset.task) + "/" + f.dataset.action, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": ${JSON.stringify(session.csrfToken)} }, body: JSON.stringify(body) });
  const r = await res.json().catch(() => ({}));
  const task = res.ok ? r : r.task;
  if (!res.ok && !task) { out.className = "task-result error"; out.textContent = (r.errors || []).map((e) => e.path).join(", ") || r.title || res.status; return; }
  // Closed, by this click or by someone before it: the row shows the task as it is now, without its forms.
  row.dataset.state = task.state;
  row.querySelector(".task-state").textContent = STATES[task.state] || task.state;
  row.querySelectorAll("details.act").forEach((x) => x.remove());
  out.className = res.ok ? "task-result ok" : "task-result error";
  out.textContent = res.ok ? STATES[task.state] : ${JSON.stringify(t.alreadyClosed)} + " " + (STATES[task.state] || task.state);
}));`;
  return layout({ locale, title: t.title, body, nonce, session, active: "tasks", script: canAct ? script : "", showsTimes: true });
}
