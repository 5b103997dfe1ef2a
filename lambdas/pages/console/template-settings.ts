// The settings page's message templates: every candidate message with the variables it may use and a
// preview of the code's wording, which team's and language's texts HR changed (version, who, when), and
// for admins an editor per template and language: the email's subject and body and the SMS, a live
// preview rendered by the server with the same renderer messages are sent with, each problem shown on
// its field, save (409 when someone saved in between, the text kept), reset to default, and the history.
import type { Locale } from "../../core/shared/model.js";
import type { TemplatePreview } from "../../core/outreach/template-catalog.js";
import { PREVIEW_ZONE, type listTemplateSettings, type previewTemplateText, type templateSetting } from "../../core/outreach/template-overrides.js";
import type { TextVariable } from "../../core/outreach/template-text.js";
import { TEMPLATE_LABELS } from "./message-names.js";
import { problemScript, problemWords } from "./template-problems.js";
import { esc, timeHtml, userText, type ConsoleSessionView } from "./shell.js";

export interface TemplateSettingsView {
  teamId: string;
  canEdit: boolean;
  /** The code's templates: variables found by rendering, and a preview in both languages. */
  catalog: TemplatePreview[];
  overview: Awaited<ReturnType<typeof listTemplateSettings>>;
  editing?: Awaited<ReturnType<typeof templateSetting>> & { preview: ReturnType<typeof previewTemplateText> };
}

const text = {
  "zh-CN": {
    templates: "消息模板",
    help: "系统发出的每种消息（发给候选人的，以及发给同事的审批、召回邮件）都可以按团队、按语言改写：邮件主题和正文、短信。没有改写的部分使用系统默认文案。团队 default 的改写适用于所有团队；某个团队（面试或职位上的团队）有自己的改写时优先使用。改写后发出的消息（包括因免打扰时段暂缓的）都用新文案。",
    team: "模板团队",
    open: "打开",
    teamsWithTexts: "有改写的团队",
    custom: "已改写",
    byDefault: "默认",
    edit: "编辑",
    view: "查看",
    version: "版本",
    variables: "可用变量",
    required: "必填",
    codePreview: "默认文案预览",
    inZone: "示例时区",
    subject: "邮件主题",
    emailPart: "邮件",
    email: "邮件正文",
    sms: "短信",
    editing: "编辑",
    emailHelp: "空一行分段。可以用 <b>、<i>、<a href> 等少量标签；以 Url 结尾的变量会自动成为链接。邮件末尾会自动加上退订链接。",
    smsHelp: "发送时自动在开头加上短信签名。必须包含 {{optOut}}（回复TD退订）。",
    segments: (n: number, budget: number) => `${n} 条（上限 ${budget} 条）`,
    save: "保存",
    reset: "恢复默认",
    resetConfirm: "恢复为默认文案？已保存的改写会留在历史记录里。",
    saved: (v: number) => `已保存（版本 ${v}）`,
    noChange: "没有改动：文案与默认相同。",
    fix: "请修改标出的字段：",
    conflict: (v: number) => `保存前已有人改过这个模板（现在是版本 ${v}）。您的文案还在下面；刷新页面可以看到对方的版本。`,
    reload: "刷新",
    livePreview: "预览（示例数据）",
    history: "修改记录",
    when: "时间",
    who: "修改人",
    what: "操作",
    channels: "内容",
    actionSaved: "保存",
    actionReset: "恢复默认",
    none: "还没有修改记录。",
    readOnly: "只有管理员可以修改模板。",
    insert: "插入",
    vars: {
      candidateName: "候选人姓名", requisitionTitle: "职位名称", portalUrl: "候选人门户链接", unsubscribeUrl: "退订链接", actionUrl: "自助预约链接", salaryRange: "薪资范围", caresAbout: "候选人看重的方面",
      "interview.when": "面试时间", "interview.where": "面试地点或视频链接", "interview.location": "面试地点", "interview.videoUrl": "视频会议链接", "interview.interviewerName": "面试官", "interview.whatToBring": "需携带的材料",
      "interview.confirmUrl": "确认链接", "interview.rescheduleUrl": "改期链接", "interview.declineUrl": "无法参加链接", optOut: "退订说明（回复TD退订）",
      "offer.terms": "录用条件（表格）", "offer.responseDeadline": "答复截止时间", "offer.acceptUrl": "接受链接", "offer.declineUrl": "婉拒链接", "offer.questionUrl": "提问链接",
      "approval.approverName": "审批人", "approval.stepName": "审批步骤", "approval.required": "需同意人数", "approval.of": "审批人总数", "approval.budget": "预算与期望", "approval.approveUrl": "批准链接", "approval.rejectUrl": "拒绝链接",
      "preOnboarding.text": "入职前消息内容（职位的 Offer 设置）", candidatePageUrl: "候选人页面链接", "brief.count": "候选人数", "brief.trigger": "触发原因", "brief.candidates": "候选人列表",
    } satisfies Record<TextVariable, string> as Record<string, string>,
  },
  en: {
    templates: "Message templates",
    help: "Every message the system sends (to candidates, and the approval and recall emails to colleagues) can be reworded per team and language: the email's subject and body, and the SMS. What is not reworded uses the built-in wording. The team default applies to every team; a team's own wording (the interview's or the requisition's team) comes first. Messages sent after a change use the new wording, including those held by quiet hours.",
    team: "Template team",
    open: "Open",
    teamsWithTexts: "Teams with their own wording",
    custom: "reworded",
    byDefault: "default",
    edit: "Edit",
    view: "View",
    version: "version",
    variables: "Variables",
    required: "required",
    codePreview: "Built-in wording",
    inZone: "Sample zone",
    subject: "Email subject",
    emailPart: "Email",
    email: "Email body",
    sms: "SMS",
    editing: "Editing",
    emailHelp: "A blank line starts a paragraph. A few tags work (<b>, <i>, <a href> …); variables ending in Url become links. The unsubscribe link is added at the end.",
    smsHelp: "The SMS signature is put in front when it is sent. It must contain {{optOut}} (Reply STOP to opt out).",
    segments: (n: number, budget: number) => `${n} segment${n === 1 ? "" : "s"} (at most ${budget})`,
    save: "Save",
    reset: "Reset to default",
    resetConfirm: "Go back to the built-in wording? The saved wording stays in the history.",
    saved: (v: number) => `Saved (version ${v})`,
    noChange: "Nothing changed: the text is the default.",
    fix: "Please fix the marked fields:",
    conflict: (v: number) => `Someone changed this template before you saved (it is now version ${v}). Your text is still below; reload to see theirs.`,
    reload: "Reload",
    livePreview: "Preview (sample values)",
    history: "History",
    when: "When",
    who: "By",
    what: "Change",
    channels: "Parts",
    actionSaved: "saved",
    actionReset: "reset to default",
    none: "No changes yet.",
    readOnly: "Only admins can change templates.",
    insert: "Insert",
    vars: {
      candidateName: "Candidate's name", requisitionTitle: "Job title", portalUrl: "Candidate portal link", unsubscribeUrl: "Unsubscribe link", actionUrl: "Self-scheduling link", salaryRange: "Salary range", caresAbout: "What the candidate cares about",
      "interview.when": "Interview time", "interview.where": "Interview place or video link", "interview.location": "Interview place", "interview.videoUrl": "Video call link", "interview.interviewerName": "Interviewer", "interview.whatToBring": "What to bring",
      "interview.confirmUrl": "Confirm link", "interview.rescheduleUrl": "Reschedule link", "interview.declineUrl": "Can't-attend link", optOut: "Opt-out words (Reply STOP)",
      "offer.terms": "The offer's terms (table)", "offer.responseDeadline": "Response deadline", "offer.acceptUrl": "Accept link", "offer.declineUrl": "Decline link", "offer.questionUrl": "Question link",
      "approval.approverName": "Approver", "approval.stepName": "Approval step", "approval.required": "Approvals needed", "approval.of": "Approvers in the step", "approval.budget": "Budget and expectation", "approval.approveUrl": "Approve link", "approval.rejectUrl": "Reject link",
      "preOnboarding.text": "The touch's words (requisition's offer policy)", candidatePageUrl: "Candidate page link", "brief.count": "Number of candidates", "brief.trigger": "Why it was sent", "brief.candidates": "The candidates",
    } satisfies Record<TextVariable, string> as Record<string, string>,
  },
};

/** A language's own name, marked as that language (a page checker and screen readers read it right). */
const langName = (l: Locale) => `<span lang="${l}">${l === "zh-CN" ? "中文" : "English"}</span>`;
const labelOf = (template: string, locale: Locale) => TEMPLATE_LABELS[template]?.[locale === "zh-CN" ? 0 : 1] ?? template;
const settingsUrl = (locale: Locale, team: string, extra: Record<string, string> = {}) =>
  `/hr/console/settings?${new URLSearchParams({ lang: locale, ...(team !== "default" ? { tplTeam: team } : {}), ...extra }).toString().replace(/&/g, "&amp;")}`;

export function templateSettingsSection(v: TemplateSettingsView, locale: Locale, session: ConsoleSessionView): string {
  const t = text[locale];
  const colon = locale === "zh-CN" ? "：" : ": ";
  const teams = v.overview.teams.map((x) => `<li><a href="${settingsUrl(locale, x)}#templates"${x === v.teamId ? ' aria-current="true"' : ""}>${userText(x)}</a></li>`).join("");
  const open = `<form class="inline" method="get" action="/hr/console/settings#templates"><input type="hidden" name="lang" value="${locale}"><label>${t.team}<input name="tplTeam" value="${esc(v.teamId)}" required pattern="[A-Za-z0-9][A-Za-z0-9_\\-]{0,62}"></label><button type="submit">${t.open}</button></form>`;
  const item = (p: TemplatePreview) => {
    const state = v.overview.templates.find((s) => s.template === p.template);
    const langs = (state?.locales ?? []).map((s) => {
      const changed = s.email || s.sms;
      const what = changed ? `${t.custom} · ${t.version} ${s.version}${s.updatedBy ? ` · ${userText(s.updatedBy)}` : ""}${s.updatedAt ? ` · ${timeHtml(s.updatedAt, locale, session.timeZone)}` : ""}` : t.byDefault;
      const current = v.editing?.template === p.template && v.editing.locale === s.locale;
      return `<li data-locale="${s.locale}"><b>${langName(s.locale)}</b>${colon}<span class="${changed ? "tag" : "muted"}">${what}</span> <a class="edit-link" href="${settingsUrl(locale, v.teamId, { edit: p.template, editLang: s.locale })}#template-editor"${current ? ' aria-current="true"' : ""}>${v.canEdit ? t.edit : t.view}<span class="visually-hidden"> ${esc(labelOf(p.template, locale))} ${langName(s.locale)}</span></a></li>`;
    });
    const previews = (["zh-CN", "en"] as const).map((l) => {
      const pv = p.previews[l];
      return `<div class="preview"${l !== locale ? ` lang="${l}"` : ""} data-locale="${l}" data-zone="${esc(pv.zone)}"><h4>${langName(l)} · <span class="muted">${t.inZone} ${esc(pv.zone)}</span></h4>
<p><b>${t.subject}</b>${colon}${esc(pv.subject)}</p><p><b>${t.email}</b></p><pre>${esc(pv.text)}</pre>${pv.sms ? `<p><b>${t.sms}</b></p><pre>${esc(pv.sms)}</pre>` : ""}</div>`;
    });
    return `<li data-template="${esc(p.template)}"><b>${esc(labelOf(p.template, locale))}</b><ul class="langs">${langs.join("")}</ul><details><summary>${t.codePreview}</summary>
<p class="vars"><b>${t.variables}</b>${colon}${p.variables.map((x) => `<span class="tag">${esc(t.vars[x] ?? x)} <code>{{${esc(x)}}}</code></span>`).join(" ")}</p>${previews.join("")}</details></li>`;
  };
  return `<h2 id="templates">${t.templates}</h2><p class="muted">${t.help}</p>
<h3>${t.teamsWithTexts}</h3><ul class="teams">${teams}</ul>${open}
${v.editing ? editor(v, locale, session) : ""}
<ul class="templates">${v.catalog.map(item).join("")}</ul>`;
}

function editor(v: TemplateSettingsView, locale: Locale, session: ConsoleSessionView): string {
  const t = text[locale];
  const e = v.editing!;
  const colon = locale === "zh-CN" ? "：" : ": ";
  const lang = e.locale !== locale ? ` lang="${e.locale}"` : "";
  const email = e.email ?? e.defaults.email;
  const sms = e.sms ?? e.defaults.sms;
  const ro = v.canEdit ? "" : " readonly";
  const vars = (channel: "email" | "sms") =>
    e.variables[channel]
      .map((x) => {
        const required = (e.required[channel] as string[]).includes(x);
        return v.canEdit
          ? `<button type="button" class="tag var" data-var="${esc(x)}" title="${t.insert} {{${esc(x)}}}">${esc(t.vars[x] ?? x)} <code>{{${esc(x)}}}</code>${required ? ` <b class="req">${t.required}</b>` : ""}</button>`
          : `<span class="tag">${esc(t.vars[x] ?? x)} <code>{{${esc(x)}}}</code>${required ? ` <b class="req">${t.required}</b>` : ""}</span>`;
      })
      .join(" ");
  const field = (name: "email.subject" | "email.body" | "sms.body", label: string, value: string, fallback: string, help = "") => {
    const id = `tpl-${name.replace(".", "-")}`;
    const input =
      name === "email.subject"
        ? `<input id="${id}" data-field="${name}" value="${esc(value)}" data-default="${esc(fallback)}" autocomplete="off"${lang}${ro}>`
        : `<textarea id="${id}" data-field="${name}" rows="${name === "sms.body" ? 4 : 10}" data-default="${esc(fallback)}"${lang}${ro}>${esc(value)}</textarea>`;
    return `<div class="field"><label for="${id}">${label}</label>${help ? `<p class="muted help" id="${id}-help">${esc(help)}</p>` : ""}${input}<span class="field-error error" role="alert" id="${id}-error"></span></div>`;
  };
  const p = e.preview;
  const problems = (path: string) => p.problems.filter((x) => x.path === path).map((x) => esc(problemWords(x, locale))).join(" ");
  // Offers, pre-onboarding and staff emails go by email only: no SMS to edit.
  const hasSms = e.variables.sms.length > 0;
  const history = e.history.length
    ? `<div class="scroll"><table class="cards" id="template-history"><tr><th>${t.version}</th><th>${t.what}</th><th>${t.channels}</th><th>${t.who}</th><th>${t.when}</th></tr>${e.history
        .map((h) => `<tr><td data-label="${esc(t.version)}">${h.version}</td><td data-label="${esc(t.what)}">${h.action === "reset" ? t.actionReset : t.actionSaved}</td><td data-label="${esc(t.channels)}">${h.channels.map((c) => (c === "email" ? t.email : t.sms)).join(locale === "zh-CN" ? "、" : ", ") || "—"}</td><td data-label="${esc(t.who)}">${userText(h.updatedBy)}</td><td data-label="${esc(t.when)}">${timeHtml(h.updatedAt, locale, session.timeZone)}</td></tr>`)
        .join("")}</table></div>`
    : `<p class="muted">${t.none}</p>`;
  return `<section id="template-editor" class="editor" data-team="${esc(e.teamId)}" data-template="${esc(e.template)}" data-locale="${e.locale}" data-version="${e.version}" data-has-email="${e.email ? 1 : 0}" data-has-sms="${e.sms ? 1 : 0}">
<h3>${t.editing}${colon}${esc(labelOf(e.template, locale))} · ${langName(e.locale)} · ${t.team} ${userText(e.teamId)}</h3>
<p class="muted" id="template-version">${e.version ? `${t.version} ${e.version}${e.updatedBy ? ` · ${userText(e.updatedBy)}` : ""}${e.updatedAt ? ` · ${timeHtml(e.updatedAt, locale, session.timeZone)}` : ""}` : t.byDefault}${e.email || e.sms ? ` · ${[e.email ? t.email : "", e.sms ? t.sms : ""].filter(Boolean).join(" + ")} ${t.custom}` : ""}</p>
${v.canEdit ? "" : `<p class="muted">${t.readOnly}</p>`}
<div class="editor-grid"><form id="template-form" novalidate>
<fieldset><legend>${t.emailPart}</legend><p class="vars">${t.variables}${colon}${vars("email")}</p>
${field("email.subject", t.subject, email.subject, e.defaults.email.subject)}
${field("email.body", t.email, email.body, e.defaults.email.body, t.emailHelp)}</fieldset>
${hasSms ? `<fieldset><legend>${t.sms}</legend><p class="vars">${t.variables}${colon}${vars("sms")}</p>
${field("sms.body", t.sms, sms.body, e.defaults.sms.body, t.smsHelp)}<p class="muted" id="sms-segments">${p.sms ? esc(t.segments(p.sms.segments, p.sms.budget)) : ""}</p></fieldset>` : ""}
${v.canEdit ? `<p class="actions"><button type="submit" id="save-template">${t.save}</button> ${e.version && (e.email || e.sms) ? `<button type="button" id="reset-template">${t.reset}</button>` : ""} <span id="template-status" role="status"></span></p>` : ""}
</form>
<div class="live" aria-live="polite" data-zone="${PREVIEW_ZONE[e.locale]}"><h4>${t.livePreview}</h4>
<p><b>${t.subject}</b>${colon}<span id="preview-subject"${lang}>${esc(p.email?.subject ?? "")}</span></p>
<div id="preview-email" class="email-preview"${lang}>${p.email ? emailBody(p.email.html) : ""}</div>
${hasSms ? `<p><b>${t.sms}</b></p><pre id="preview-sms"${lang}>${esc(p.sms?.body ?? "")}</pre>` : ""}
<p class="error" id="preview-problems">${["email.subject", "email.body", "sms.body"].map(problems).filter(Boolean).join(" ")}</p></div></div>
<h4>${t.history}</h4>${history}</section>`;
}

/**
 * The rendered email's body, for the preview. The renderer emits only its own frame, the allowed tags of
 * HR's text and escaped values, so the body can be shown as it is; the page's CSP allows no frames.
 */
function emailBody(html: string): string {
  const m = /<body[^>]*>([\s\S]*)<\/body>/.exec(html);
  return m ? m[1]! : "";
}

export const TEMPLATE_SETTINGS_CSS = `.langs{list-style:none;padding:0;margin:4px 0}.langs li{margin:2px 0}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.editor{border:1px solid #c7d2fe;border-radius:8px;padding:8px 12px;margin:12px 0;background:#f8fafc}.editor-grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px}
@media (max-width:760px){.editor-grid{grid-template-columns:minmax(0,1fr)}}.editor fieldset{border:1px solid #e5e7eb;border-radius:6px;margin:0 0 10px;min-width:0}
.editor .field{display:flex;flex-direction:column;margin:6px 0}.editor .field input,.editor .field textarea{width:100%}.editor .help{margin:2px 0;font-size:.85em}
.editor button.var{border:1px solid #c7d2fe;font-size:.85em;margin:2px 2px 2px 0}.editor .req{color:#b45309;font-weight:600}
.live{min-width:0}.email-preview{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:8px 12px;overflow-wrap:anywhere}.email-preview p{margin:.5em 0}
#preview-sms{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #e5e7eb;padding:8px;border-radius:4px}`;

export function templateSettingsScript(v: TemplateSettingsView, locale: Locale, session: ConsoleSessionView): string {
  if (!v.editing || !v.canEdit) return "";
  const t = text[locale];
  const e = v.editing;
  const url = `/hr/console/teams/${encodeURIComponent(e.teamId)}/message-templates/${encodeURIComponent(e.template)}/${encodeURIComponent(e.locale)}`;
  return `(() => {
const url = ${JSON.stringify(url)};
const csrf = ${JSON.stringify(session.csrfToken)};
const section = document.getElementById("template-editor");
const form = document.getElementById("template-form");
const status = document.getElementById("template-status");
const f = (name) => form.querySelector('[data-field="' + name + '"]');
const fields = ["email.subject", "email.body", "sms.body"].filter((n) => f(n));
${problemScript(locale)}
const T = ${JSON.stringify({ fix: t.fix, noChange: t.noChange, resetConfirm: t.resetConfirm, reload: t.reload })};
const saved = (v) => ${JSON.stringify(t.saved(0))}.replace("0", String(v));
const conflict = (v) => ${JSON.stringify(t.conflict(0))}.replace("0", String(v));
const segments = (n, b) => ${JSON.stringify(t.segments(9, 8))}.replace("9", String(n)).replace("8", String(b));
let lastField = f("email.body");
fields.forEach((n) => f(n).addEventListener("focus", () => { lastField = f(n); }));
// A variable button puts {{name}} where the cursor was in the field last used.
section.querySelectorAll("button.var").forEach((b) => b.addEventListener("click", () => {
  const field = b.closest("fieldset").querySelector("textarea") && lastField.closest("fieldset") !== b.closest("fieldset") ? b.closest("fieldset").querySelector("textarea") : lastField;
  const token = "{{" + b.dataset.var + "}}";
  const at = field.selectionStart ?? field.value.length;
  field.value = field.value.slice(0, at) + token + field.value.slice(field.selectionEnd ?? at);
  field.focus(); field.selectionStart = field.selectionEnd = at + token.length;
  schedule();
}));
// A channel is sent when it was already reworded or now differs from the built-in text: editing only the
// SMS leaves the email on the default (and on the code's optional parts, which plain text cannot hold).
const channel = (name) => { const parts = fields.filter((n) => n.startsWith(name + ".")); const changed = parts.some((n) => f(n).value !== f(n).dataset.default); return section.dataset["has" + name[0].toUpperCase() + name.slice(1)] === "1" || changed ? Object.fromEntries(parts.map((n) => [n.split(".")[1], f(n).value])) : undefined; };
const body = () => { const b = {}; const email = channel("email"); const sms = channel("sms"); if (email) b.email = email; if (sms) b.sms = sms; return b; };
const clear = () => { form.querySelectorAll(".invalid").forEach((x) => { x.classList.remove("invalid"); x.removeAttribute("aria-invalid"); x.removeAttribute("aria-describedby"); }); form.querySelectorAll(".field-error").forEach((x) => { x.textContent = ""; }); };
// problem+json field paths ("email.body") mark their field, with the words beside it.
const mark = (problems, focus) => {
  clear();
  let first;
  for (const p of problems || []) {
    const field = f(p.path) || (p.path === "email" ? f("email.body") : undefined);
    if (!field) continue;
    field.classList.add("invalid"); field.setAttribute("aria-invalid", "true");
    const out = document.getElementById(field.id + "-error"); out.textContent = (out.textContent ? out.textContent + " " : "") + say(p);
    field.setAttribute("aria-describedby", out.id);
    first = first || field;
  }
  if (focus && first) first.focus();
  return first;
};
const send = async (method, target, payload) => { const res = await fetch(target, { method, credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": csrf }, ...(payload ? { body: JSON.stringify(payload) } : {}) }); return { res, json: await res.json().catch(() => ({})) }; };
let timer;
const schedule = () => { clearTimeout(timer); timer = setTimeout(preview, 250); };
const preview = async () => {
  const b = { template: section.dataset.template, locale: section.dataset.locale, email: { subject: f("email.subject").value, body: f("email.body").value }, ...(f("sms.body") ? { sms: { body: f("sms.body").value } } : {}) };
  const { res, json } = await send("POST", "/hr/console/message-templates/preview", b);
  if (!res.ok) return;
  document.getElementById("preview-subject").textContent = json.email ? json.email.subject : "";
  const box = document.getElementById("preview-email");
  box.replaceChildren(...(json.email ? new DOMParser().parseFromString(json.email.html, "text/html").body.childNodes : []));
  if (f("sms.body")) {
    document.getElementById("preview-sms").textContent = json.sms ? json.sms.body : "";
    document.getElementById("sms-segments").textContent = json.sms ? segments(json.sms.segments, json.sms.budget) : "";
  }
  document.getElementById("preview-problems").textContent = (json.problems || []).map(say).join(" ");
  mark(json.problems, false);
};
fields.forEach((n) => f(n).addEventListener("input", schedule));
form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  status.className = ""; status.textContent = "";
  const b = body();
  if (!b.email && !b.sms) { status.textContent = T.noChange; return; }
  const { res, json } = await send("PUT", url, { expectedVersion: Number(section.dataset.version), ...b });
  if (res.status === 409) { status.className = "error"; status.replaceChildren(conflict(json.currentVersion ?? "?") + " "); const a = document.createElement("a"); a.href = location.pathname + location.search + "#template-editor"; a.textContent = T.reload; a.addEventListener("click", (e) => { e.preventDefault(); location.reload(); }); status.append(a); return; }
  // The API's problem+json is in English and stable; the words shown are the page's (template-problems.ts).
  if (!res.ok) { status.className = "error"; status.textContent = json.errors && json.errors.length ? T.fix : answerWords(json, res.status); mark(json.errors, true); return; }
  status.className = "ok"; status.textContent = saved(json.version);
  location.reload();
});
const reset = document.getElementById("reset-template");
if (reset) reset.addEventListener("click", async () => {
  if (!confirm(T.resetConfirm)) return;
  const { res, json } = await send("DELETE", url + "?expectedVersion=" + section.dataset.version);
  if (res.status === 409) { status.className = "error"; status.textContent = conflict(json.currentVersion ?? "?"); return; }
  if (!res.ok) { status.className = "error"; status.textContent = answerWords(json, res.status); return; }
  location.reload();
});
})();`;
}
