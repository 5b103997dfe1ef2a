// The settings page: team chat robots (admins replace and test them; problems from the API are shown
// on the field they are about), the message templates HR edits per team and language (their own module,
// template-settings.ts), and the quiet hours and daily cap (their own module, sending-rules-settings.ts).
import type { Locale } from "../../core/shared/model.js";
import { esc, layout, timeHtml, userText, type ConsoleSessionView } from "./shell.js";
import { TEMPLATE_SETTINGS_CSS, templateSettingsScript, templateSettingsSection, type TemplateSettingsView } from "./template-settings.js";
import { SENDING_RULES_CSS, sendingRulesScript, sendingRulesSection, type SendingRulesView } from "./sending-rules-settings.js";

export interface SettingsData {
  teams: { teamId: string; robots: { kind: string; host: string; signed: boolean }[]; updatedAt?: string }[];
  team?: string;
  canEdit: boolean;
  templates: TemplateSettingsView;
  sending: SendingRulesView;
  /** Set under `npm start`: where the loopback chat receiver is. */
  localChat?: { baseUrl: string; secret: string };
}

const KINDS: Record<string, [zh: string, en: string]> = { wecom: ["企业微信", "WeCom"], dingtalk: ["钉钉", "DingTalk"], feishu: ["飞书", "Feishu"], slack: ["Slack", "Slack"] };

const text = {
  "zh-CN": {
    title: "设置", robots: "群机器人", robotsHelp: "面试变更、重点候选人等提醒会发到团队的群机器人。机器人地址里带有凭证，保存后只显示类型和主机。",
    teams: "团队", team: "团队 ID", open: "打开", noTeams: "还没有团队配置机器人。", noRobots: "这个团队还没有机器人。",
    kind: "类型", host: "主机", signed: "签名", yes: "是", no: "否", updated: "更新于",
    testSaved: "给已保存的机器人发测试消息", replace: "更换这个团队的机器人", url: "Webhook 地址", secret: "签名密钥（钉钉、飞书可选）", addRow: "添加一个机器人", remove: "删除",
    testThese: "发测试消息（不保存）", save: "保存", saved: "已保存", fix: "请修改标出的字段：", sent: "已收到", refused: "未收到",
    adminOnly: "只有管理员可以更换和测试机器人。",
    local: "本地运行时，只能发到本机的接收器：", localSecret: "钉钉和飞书的签名密钥：", localSeen: "收到的消息：",
    templates: "消息模板",
    sending: "免打扰时段和每日上限",
  },
  en: {
    title: "Settings", robots: "Chat robots", robotsHelp: "Alerts (interview changes, priority candidates) go to the team's chat robots. Robot URLs carry a credential, so once saved only the kind and host are shown.",
    teams: "Teams", team: "Team ID", open: "Open", noTeams: "No team has robots yet.", noRobots: "This team has no robots yet.",
    kind: "Kind", host: "Host", signed: "Signed", yes: "yes", no: "no", updated: "Updated",
    testSaved: "Send a test to the saved robots", replace: "Replace this team's robots", url: "Webhook URL", secret: "Signing secret (DingTalk, Feishu; optional)", addRow: "Add a robot", remove: "Remove",
    testThese: "Send a test (without saving)", save: "Save", saved: "Saved", fix: "Please fix the marked fields:", sent: "received", refused: "not received",
    adminOnly: "Only admins can replace and test robots.",
    local: "Running locally, robots can only reach the loopback receiver:", localSecret: "DingTalk and Feishu signing secret:", localSeen: "What it received:",
    templates: "Message templates",
    sending: "Quiet hours and daily cap",
  },
} as const;

function robotsSection(d: SettingsData, locale: Locale, session: ConsoleSessionView): string {
  const t = text[locale];
  const zh = locale === "zh-CN";
  const kindName = (k: string) => KINDS[k]?.[zh ? 0 : 1] ?? k;
  const teamLinks = d.teams.length
    ? `<ul class="teams">${d.teams.map((x) => `<li><a href="/hr/console/settings?lang=${locale}&amp;team=${encodeURIComponent(x.teamId)}#robots"${x.teamId === d.team ? ' aria-current="true"' : ""}>${userText(x.teamId)}</a> (${x.robots.length})</li>`).join("")}</ul>`
    : `<p class="muted">${t.noTeams}</p>`;
  const open = `<form class="inline" method="get" action="/hr/console/settings#robots"><input type="hidden" name="lang" value="${locale}"><label>${t.team}<input name="team" value="${esc(d.team ?? "")}" required pattern="[A-Za-z0-9][A-Za-z0-9_\\-]{0,62}"></label><button type="submit">${t.open}</button></form>`;
  const local = d.localChat
    ? `<p class="muted" id="local-chat">${t.local} <code>${esc(d.localChat.baseUrl)}/chat-outbox/{wecom|dingtalk|feishu|slack}/{name}</code>${zh ? "（企业微信的地址要带 ?key=…）。" : " (a WeCom URL needs ?key=…)."} ${t.localSecret} <code>${esc(d.localChat.secret)}</code>${zh ? "。" : "."} ${t.localSeen} <a href="/chat-outbox/api/messages"><code>/chat-outbox/api/messages</code></a></p>`
    : "";
  if (!d.team) return `<h2 id="robots">${t.robots}</h2><p class="muted">${t.robotsHelp}</p>${local}<h3>${t.teams}</h3>${teamLinks}${open}`;
  const current = d.teams.find((x) => x.teamId === d.team);
  const saved = current?.robots.length
    ? `<table class="cards" id="saved-robots"><tr><th>${t.kind}</th><th>${t.host}</th><th>${t.signed}</th><th></th></tr>${current.robots.map((r, i) => `<tr data-index="${i}"><td data-label="${esc(t.kind)}">${esc(kindName(r.kind))}</td><td data-label="${esc(t.host)}"><code>${esc(r.host)}</code></td><td data-label="${esc(t.signed)}">${r.signed ? t.yes : t.no}</td><td class="result" role="status"></td></tr>`).join("")}</table>
${current.updatedAt ? `<p class="muted">${t.updated} ${timeHtml(current.updatedAt, locale, session.timeZone)}</p>` : ""}${d.canEdit ? `<button type="button" id="test-saved">${t.testSaved}</button>` : ""}`
    : `<p class="muted" id="saved-robots-none">${t.noRobots}</p>`;
  const kindOptions = (sel: string) => Object.entries(KINDS).map(([k, [zhName, en]]) => `<option value="${k}"${k === sel ? " selected" : ""}>${zh ? zhName : en}</option>`).join("");
  const row = (i: number | "N") => `<fieldset class="robot" data-row><legend class="muted">#<span class="n">${i === "N" ? "" : i + 1}</span></legend>
<label>${t.kind}<select name="kind" data-field="kind">${kindOptions("dingtalk")}</select></label>
<label>${t.url}<input name="webhookUrl" data-field="webhookUrl" type="url" inputmode="url" autocomplete="off" placeholder="https://…"></label>
<label>${t.secret}<input name="secret" data-field="secret" type="password" autocomplete="off"></label>
<span class="field-error error" role="alert"></span><span class="result" role="status"></span><button type="button" class="remove-row">${t.remove}</button></fieldset>`;
  const form = d.canEdit
    ? `<form id="robots-form" novalidate><h3>${t.replace}</h3>${row(0)}<template>${row("N")}</template><p><button type="button" class="add-row">＋ ${t.addRow}</button></p>
<p class="actions"><button type="button" id="test-form">${t.testThese}</button> <button type="submit" id="save-robots">${t.save}</button> <span id="robots-status" role="status"></span></p></form>`
    : `<p class="muted">${t.adminOnly}</p>`;
  return `<h2 id="robots">${t.robots}</h2><p class="muted">${t.robotsHelp}</p>${local}<h3>${t.teams}</h3>${teamLinks}${open}
<h3>${t.team}: ${userText(d.team)}</h3>${saved}${form}`;
}

function robotsScript(d: SettingsData, locale: Locale, session: ConsoleSessionView): string {
  if (!d.team || !d.canEdit) return "";
  const t = text[locale];
  const base = `/hr/console/teams/${encodeURIComponent(d.team)}/chat-robots`;
  return `const base = ${JSON.stringify(base)};
const csrf = ${JSON.stringify(session.csrfToken)};
const form = document.getElementById("robots-form");
const status = document.getElementById("robots-status");
const renumber = () => form.querySelectorAll("fieldset[data-row]").forEach((f, i) => { f.querySelector(".n").textContent = String(i + 1); });
form.querySelector(".add-row").addEventListener("click", () => { const tpl = form.querySelector("template"); form.querySelector(".add-row").parentElement.before(tpl.content.cloneNode(true)); renumber(); form.querySelectorAll("fieldset[data-row]")[form.querySelectorAll("fieldset[data-row]").length - 1].querySelector("select").focus(); });
form.addEventListener("click", (ev) => { if (ev.target.classList.contains("remove-row")) { ev.target.closest("fieldset").remove(); renumber(); } });
const robots = () => [...form.querySelectorAll("fieldset[data-row]")].map((f) => { const r = { kind: f.querySelector("[name=kind]").value, webhookUrl: f.querySelector("[name=webhookUrl]").value.trim() }; const s = f.querySelector("[name=secret]").value; if (s && (r.kind === "dingtalk" || r.kind === "feishu")) r.secret = s; return r; });
const clear = () => { status.textContent = ""; status.className = ""; form.querySelectorAll(".invalid").forEach((e) => { e.classList.remove("invalid"); e.removeAttribute("aria-invalid"); }); form.querySelectorAll(".field-error,.result").forEach((e) => { e.textContent = ""; }); document.querySelectorAll("#saved-robots .result").forEach((e) => { e.textContent = ""; }); };
// A problem+json's field paths ("robots.1.webhookUrl") mark the field they are about, with the API's words beside it.
const showProblem = (problem) => {
  status.className = "error"; status.textContent = ${JSON.stringify(t.fix)} + " " + (problem.title || "");
  const rows = form.querySelectorAll("fieldset[data-row]");
  let first;
  for (const e of problem.errors || []) {
    const m = /^robots\\.(\\d+)(?:\\.(\\w+))?/.exec(e.path || "");
    const row = m ? rows[Number(m[1])] : undefined;
    if (!row) { status.textContent += " " + (e.path || "") + ": " + e.message; continue; }
    const field = row.querySelector('[data-field="' + (m[2] || "webhookUrl") + '"]') || row.querySelector("[data-field=webhookUrl]");
    field.classList.add("invalid"); field.setAttribute("aria-invalid", "true");
    row.querySelector(".field-error").textContent = e.message;
    first = first || field;
  }
  if (first) first.focus();
};
const showResults = (results, rowsOf) => { for (const r of results) { const row = rowsOf[r.index]; if (!row) continue; const out = row.querySelector(".result"); out.className = "result " + (r.ok ? "ok" : "error"); out.textContent = (r.ok ? ${JSON.stringify(t.sent)} : ${JSON.stringify(t.refused)} + ": " + (r.detail || "")); } };
const send = async (url, method, body) => { const res = await fetch(url, { method, credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify(body) }); return { res, json: await res.json().catch(() => ({})) }; };
document.getElementById("test-form").addEventListener("click", async () => {
  clear();
  const { res, json } = await send(base + "/test", "POST", { robots: robots() });
  if (!res.ok) return showProblem(json);
  showResults(json.results, form.querySelectorAll("fieldset[data-row]"));
});
const saved = document.getElementById("test-saved");
if (saved) saved.addEventListener("click", async () => {
  clear();
  const { res, json } = await send(base + "/test", "POST", {});
  if (!res.ok) { status.className = "error"; status.textContent = json.title || String(res.status); return; }
  showResults(json.results, document.querySelectorAll("#saved-robots tr[data-index]"));
});
form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  clear();
  const { res, json } = await send(base, "PUT", { robots: robots() });
  if (!res.ok) return showProblem(json);
  status.className = "ok"; status.textContent = ${JSON.stringify(t.saved)};
  // The page already shows this team: reload it to list what was saved.
  location.reload();
});`;
}

export function settingsPage(d: SettingsData, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const css = `<style>ul.teams{display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;list-style:none}ul.teams a[aria-current]{font-weight:600}
fieldset.robot{border:1px solid #e5e7eb;border-radius:6px;margin:0 0 8px;display:flex;flex-wrap:wrap;gap:6px 12px;align-items:flex-end}fieldset.robot label{display:flex;flex-direction:column;font-size:.9em;flex:1 1 180px;min-width:0}
fieldset.robot input[name=webhookUrl]{width:100%}fieldset.robot .field-error,fieldset.robot .result{flex-basis:100%}.invalid{outline:2px solid #b91c1c}
ul.templates{list-style:none;padding:0}ul.templates>li{border-bottom:1px solid #e5e7eb;padding:6px 0}summary{cursor:pointer}.template-id{font-size:.8em;color:#6b7280}
.preview{border-left:3px solid #e5e7eb;padding-left:10px;margin:8px 0}.preview pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f9fafb;padding:8px;border-radius:4px;font-size:.85em}
.vars .tag{margin:2px 4px 2px 0}${TEMPLATE_SETTINGS_CSS}${SENDING_RULES_CSS}</style>`;
  const body = `${css}<nav class="report-tabs" style="display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 12px"><a href="#robots">${t.robots}</a><a href="#templates">${t.templates}</a><a href="#sending">${t.sending}</a></nav>
${robotsSection(d, locale, session)}${templateSettingsSection(d.templates, locale, session)}${sendingRulesSection(d.sending, locale, session)}`;
  const script = [robotsScript(d, locale, session), templateSettingsScript(d.templates, locale, session), sendingRulesScript(d.sending, locale, session)].filter(Boolean).join("\n");
  return layout({ locale, title: t.title, body, nonce, session, active: "settings", showsTimes: true, script });
}
