// The settings page's "Quiet hours and daily cap" section (core/outreach/sending-rules.ts): the rules in
// force, who changed them and when, and for admins a form that saves through PUT /hr/console/settings/sending.
// The server is the one judge of a value (the form does not validate on its own): a refused field comes
// back as problem+json with its path (`quietHours.end`) and code, and is shown on that field in the page's
// language. Times are clock times in each candidate's own zone, so they are labelled so, never converted.
import type { Locale } from "../../core/shared/model.js";
import type { SendingRulesSetting } from "../../core/outreach/sending-rules.js";
import { esc, timeHtml, userText, type ConsoleSessionView } from "./shell.js";

export interface SendingRulesView {
  setting: SendingRulesSetting;
  canEdit: boolean;
}

const text = {
  "zh-CN": {
    title: "免打扰时段和每日上限",
    help: "在候选人的免打扰时段内要发的消息会暂缓到时段结束；超过每日上限的消息顺延到候选人的第二天（回应候选人自己操作的消息和紧急的面试变更除外）。所有流程（申请、面试、自助预约、录用、入职前、培育、召回、通话跟进）在安排每条消息时读取这里的设置：修改后安排的下一条消息就按新设置；已经暂缓的消息仍按原定时间发送。",
    zoneNote: "时间是候选人所在时区的当地时间，不是您的时区。",
    quiet: "免打扰时段",
    quietInZone: "候选人所在时区",
    none: "不设免打扰时段",
    cap: "每位候选人每天最多消息数",
    start: "开始（候选人所在时区的时间，24 小时制）",
    end: "结束（候选人所在时区的时间，24 小时制）",
    noQuiet: "不设免打扰时段（任何时间都可以发）",
    capField: "每天最多消息数（1–20）",
    save: "保存",
    saved: "已保存（版本 {v}）",
    version: "版本",
    defaultSource: "部署默认值（还没有人修改过）",
    changedBy: "修改人",
    when: "时间",
    history: "修改记录",
    values: "设置",
    readOnly: "只有管理员可以修改这些设置。",
    fix: "请修改标出的字段。",
    conflict: "保存前已有人修改了这些设置（现在是版本 {v}）。您填写的内容还在；刷新页面可以看到对方的修改，再重新保存。",
    failed: "保存失败：",
    errors: {
      time: "请输入 24 小时制时间，格式为 HH:MM。",
      same: "结束时间不能与开始时间相同。如果不需要免打扰时段，请勾选“不设免打扰时段”。",
      cap: "请输入 1 到 20 之间的整数。",
      other: "这个值无效。",
    },
  },
  en: {
    title: "Quiet hours and daily cap",
    help: "A message due in a candidate's quiet hours waits until they end; one over the daily cap moves to the candidate's next day (except answers to the candidate's own action and urgent interview changes). Every journey (application, interview, self-scheduling, offer, pre-onboarding, nurture, recall, call follow-up) reads these rules when it plans each message: after a change, the next message planned follows the new rules; messages already held still go at the time they were given.",
    zoneNote: "Times are clock times in the candidate's own time zone, not yours.",
    quiet: "Quiet hours",
    quietInZone: "in the candidate's time zone",
    none: "No quiet hours",
    cap: "Most messages to one candidate per day",
    start: "Start (in the candidate's time zone, 24-hour)",
    end: "End (in the candidate's time zone, 24-hour)",
    noQuiet: "No quiet hours (messages may go at any hour)",
    capField: "Most messages per day (1–20)",
    save: "Save",
    saved: "Saved (version {v})",
    version: "Version",
    defaultSource: "the deployment's default (nobody has changed it yet)",
    changedBy: "Changed by",
    when: "When",
    history: "History",
    values: "Rules",
    readOnly: "Only admins can change these rules.",
    fix: "Please fix the marked fields.",
    conflict: "Someone changed these rules before you saved (they are now version {v}). What you entered is still here; reload to see their change, then save again.",
    failed: "Not saved: ",
    errors: {
      time: "Enter a 24-hour time as HH:MM.",
      same: "The end must differ from the start. For no quiet hours, tick “No quiet hours”.",
      cap: "Enter a whole number from 1 to 20.",
      other: "This value is not valid.",
    },
  },
} as const;

/** The quiet hours as clock times marked as the candidate's zone (data-zone), and that said in words beside them. */
const rulesText = (r: Pick<SendingRulesSetting, "quietHours" | "dailyCap">, locale: Locale, id?: string) => {
  const t = text[locale];
  const idAttr = id ? ` id="${id}"` : "";
  const quiet = r.quietHours ? `<span${idAttr} data-zone="candidate-local">${esc(r.quietHours.start)}–${esc(r.quietHours.end)}</span> <span class="muted">(${t.quietInZone})</span>` : `<span${idAttr}>${t.none}</span>`;
  return { quiet, cap: String(r.dailyCap) };
};

export function sendingRulesSection(v: SendingRulesView, locale: Locale, session: ConsoleSessionView): string {
  const t = text[locale];
  const s = v.setting;
  const now = rulesText(s, locale, "quiet-hours");
  const source = s.source === "default" ? `${t.version} 0: ${t.defaultSource}` : `${t.version} ${s.version} · ${t.changedBy} ${userText(s.updatedBy)} · ${timeHtml(s.updatedAt, locale, session.timeZone)}`;
  const current = `<dl class="sending"><dt>${t.quiet}</dt><dd>${now.quiet}</dd><dt>${t.cap}</dt><dd id="daily-cap">${now.cap}</dd></dl><p class="muted" id="sending-version">${source}</p>`;
  const q = s.quietHours;
  // A text field, not <input type="time">: that one shows 12-hour "08:00 PM" in some browser locales,
  // while the rule is a 24-hour HH:MM in the candidate's zone whatever the viewer's own settings.
  const timeInput = (which: "start" | "end", value: string) =>
    `<input id="sr-quietHours-${which}" name="quiet${which === "start" ? "Start" : "End"}" type="text" inputmode="numeric" maxlength="5" autocomplete="off" placeholder="HH:MM" value="${esc(value)}" aria-describedby="sr-quietHours-${which}-error">`;
  const field = (name: string, label: string, input: string) => `<div class="sr-field" data-path="${name}"><label for="sr-${name.replace(".", "-")}">${label}</label>${input}<span class="field-error error" id="sr-${name.replace(".", "-")}-error" role="alert"></span></div>`;
  const form = v.canEdit
    ? `<form id="sending-form" novalidate><input type="hidden" name="expectedVersion" value="${s.version}">
<p class="sr-check"><label><input type="checkbox" id="sr-no-quiet" name="noQuiet"${q ? "" : " checked"}> ${t.noQuiet}</label></p>
<div class="sr-times">${field("quietHours.start", t.start, timeInput("start", q?.start ?? "21:00"))}${field("quietHours.end", t.end, timeInput("end", q?.end ?? "08:00"))}</div>
${field("dailyCap", t.capField, `<input id="sr-dailyCap" name="dailyCap" type="number" inputmode="numeric" min="${s.dailyCapBounds.min}" max="${s.dailyCapBounds.max}" step="1" value="${s.dailyCap}" aria-describedby="sr-dailyCap-error">`)}
<p class="actions"><button type="submit" id="save-sending">${t.save}</button> <span id="sending-status" role="status"></span></p></form>`
    : `<p class="muted">${t.readOnly}</p>`;
  const history = s.history.length
    ? `<details id="sending-history"><summary>${t.history}</summary><table class="cards"><tr><th>${t.version}</th><th>${t.values}</th><th>${t.changedBy}</th><th>${t.when}</th></tr>${s.history
        .map((h) => {
          const r = rulesText(h, locale);
          return `<tr><td data-label="${esc(t.version)}">${h.version}</td><td data-label="${esc(t.values)}">${t.quiet}: ${r.quiet}; ${t.cap}: ${r.cap}</td><td data-label="${esc(t.changedBy)}">${userText(h.updatedBy)}</td><td data-label="${esc(t.when)}">${timeHtml(h.updatedAt, locale, session.timeZone)}</td></tr>`;
        })
        .join("")}</table></details>`
    : "";
  return `<section id="sending" aria-labelledby="sending-title"><h2 id="sending-title">${t.title}</h2><p class="muted">${t.help}</p><p class="zone-note"><strong>${t.zoneNote}</strong></p>${current}${form}${history}</section>`;
}

export const SENDING_RULES_CSS = `dl.sending dt{font-weight:600}dl.sending dd{margin:0 0 8px}#sending-form{border:1px solid #e5e7eb;border-radius:8px;padding:8px 12px;margin:8px 0;max-width:640px}
.sr-times{display:flex;flex-wrap:wrap;gap:8px 16px}.sr-field{display:flex;flex-direction:column;margin:6px 0;flex:1 1 200px;min-width:0}.sr-field input{max-width:100%;box-sizing:border-box}
.sr-field .field-error{font-size:.9em}.sr-times[hidden]{display:none}#sending-form .invalid{outline:2px solid #b91c1c}`;

export function sendingRulesScript(v: SendingRulesView, locale: Locale, session: ConsoleSessionView): string {
  if (!v.canEdit) return "";
  const t = text[locale];
  return `(function(){
const form = document.getElementById("sending-form");
const status = document.getElementById("sending-status");
const noQuiet = document.getElementById("sr-no-quiet");
const times = form.querySelector(".sr-times");
const sync = () => { times.hidden = noQuiet.checked; };
noQuiet.addEventListener("change", sync); sync();
const words = ${JSON.stringify(t.errors)};
// The API's (path, code) in the page's language: the API's own message is English.
const say = (e) => {
  if (e.path === "dailyCap") return words.cap;
  if (e.path === "quietHours.end" && e.code === "custom") return words.same;
  if (e.path === "quietHours.start" || e.path === "quietHours.end") return words.time;
  return words.other;
};
const clear = () => { status.textContent = ""; status.className = ""; form.querySelectorAll(".invalid").forEach((x) => { x.classList.remove("invalid"); x.removeAttribute("aria-invalid"); }); form.querySelectorAll(".field-error").forEach((x) => { x.textContent = ""; }); };
form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  clear();
  const capText = form.elements.dailyCap.value.trim();
  const body = {
    expectedVersion: Number(form.elements.expectedVersion.value),
    quietHours: noQuiet.checked ? null : { start: form.elements.quietStart.value, end: form.elements.quietEnd.value },
    // Sent as typed (a number when it reads as one): the server says what is wrong with it.
    dailyCap: capText !== "" && !Number.isNaN(Number(capText)) ? Number(capText) : capText,
  };
  const res = await fetch("/hr/console/settings/sending", { method: "PUT", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": ${JSON.stringify(session.csrfToken)} }, body: JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (res.ok) { status.className = "ok"; status.textContent = ${JSON.stringify(t.saved)}.replace("{v}", String(json.version)); form.elements.expectedVersion.value = String(json.version); setTimeout(() => location.reload(), 600); return; }
  status.className = "error";
  if (res.status === 409) { status.textContent = ${JSON.stringify(t.conflict)}.replace("{v}", String(json.currentVersion ?? "?")); return; }
  let first;
  for (const e of json.errors || []) {
    const box = form.querySelector('.sr-field[data-path="' + e.path + '"]');
    if (!box) continue;
    const input = box.querySelector("input");
    input.classList.add("invalid"); input.setAttribute("aria-invalid", "true");
    box.querySelector(".field-error").textContent = say(e);
    first = first || input;
  }
  status.textContent = first ? ${JSON.stringify(t.fix)} : ${JSON.stringify(t.failed)} + (json.title || res.status);
  if (first) first.focus();
});
})();`;
}
