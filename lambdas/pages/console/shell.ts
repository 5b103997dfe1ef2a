// The console's page shell: the menu that reaches every page, the language switch, the viewer's time
// zone, and the CSS that keeps every page inside a 390 px phone screen (long words wrap, wide tables
// become cards). Pages render their body; this wraps it.
import { escapeHtml } from "../../core/shared/escape-html.js";
import type { Locale } from "../../core/shared/model.js";

export const esc = (s: unknown) => escapeHtml(String(s ?? ""));
/** People's own words and names (candidate names, notes, titles): shown as written, never translated. */
export const userText = (s: unknown) => `<span translate="no">${esc(s)}</span>`;

/** What a page needs from the request: the session's CSRF token for its forms, the viewer's zone. */
export interface ConsoleSessionView {
  csrfToken: string;
  signedIn: boolean;
  /** IANA zone every time on the page is shown in (the browser's, remembered in a cookie; UTC until known). */
  timeZone?: string;
  /** The path of the page, so the menu can mark where the viewer is. */
  path?: string;
}

/** The cookie the shell's script sets to the browser's zone, so the next render shows local times. */
export const TIME_ZONE_COOKIE = "hp_tz";

export type MenuKey = "search" | "requisitions" | "tasks" | "reports" | "best-time" | "imports" | "experiments" | "settings";

const MENU: { key: MenuKey; path: string; label: Record<Locale, string> }[] = [
  { key: "search", path: "/hr/console/search", label: { "zh-CN": "人才搜索", en: "Search" } },
  { key: "requisitions", path: "/hr/console/requisitions", label: { "zh-CN": "职位", en: "Requisitions" } },
  { key: "tasks", path: "/hr/console/tasks", label: { "zh-CN": "任务", en: "Tasks" } },
  { key: "reports", path: "/hr/console/reports", label: { "zh-CN": "报表", en: "Reports" } },
  { key: "best-time", path: "/hr/console/best-time", label: { "zh-CN": "最佳联系时间", en: "Best time" } },
  { key: "imports", path: "/hr/console/imports", label: { "zh-CN": "导入", en: "Imports" } },
  { key: "experiments", path: "/hr/console/experiments", label: { "zh-CN": "外呼实验", en: "Experiments" } },
  { key: "settings", path: "/hr/console/settings", label: { "zh-CN": "设置", en: "Settings" } },
];

/** Menu entries the console serves; a slice adds its key here when its page lands. */
const LIVE_MENU = new Set<MenuKey>(["search", "requisitions", "tasks", "reports", "best-time", "imports", "experiments", "settings"]);

const shellText = {
  "zh-CN": { brand: "Hirepath 招聘台", menu: "菜单", other: "English", signOut: "退出登录", zone: "时间按时区显示" },
  en: { brand: "Hirepath console", menu: "Menu", other: "中文", signOut: "Sign out", zone: "Times shown in" },
} as const;

const CSS = `*{box-sizing:border-box}body{font-family:-apple-system,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',Arial,sans-serif;margin:0;color:#1f2937;overflow-wrap:anywhere;line-height:1.45}
header.top{background:#1e3a8a;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center}header.top a{color:#fff;text-decoration:none;padding:2px 0}
header.top a[aria-current]{border-bottom:2px solid #fbbf24}header.top .brand{font-weight:600;margin-right:8px}header.top .end{margin-left:auto;display:flex;gap:12px;flex-wrap:wrap}
nav.menu{display:flex;flex-wrap:wrap;gap:4px 14px}main{padding:16px;max-width:1200px}h1{font-size:1.5em;margin:.3em 0 .6em}
table{border-collapse:collapse;max-width:100%}td,th{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
.scroll{overflow-x:auto;max-width:100%}form.inline{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end}form.inline>*{min-width:0;max-width:100%}form.inline label{display:flex;flex-direction:column;font-size:.9em}
input,select,textarea,button{font:inherit;max-width:100%}input:not([type=checkbox]):not([type=radio]),select{min-width:0}button{cursor:pointer}
.tag{background:#e0e7ff;border-radius:4px;padding:1px 6px;margin-right:4px;display:inline-block}.muted{color:#6b7280}.error{color:#b91c1c}.ok{color:#047857}
.zone{font-size:.85em;color:#6b7280;margin:0 0 10px}.count{font-weight:600}
fieldset.consents{border:1px solid #e5e7eb;border-radius:6px;display:flex;flex-wrap:wrap;gap:6px 14px;margin:0}fieldset.consents label{font-size:1em}ol.timeline{padding-left:1.2em}ol.timeline li{margin:6px 0}ol.timeline .detail{display:block}
@media (max-width:640px){table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}table.cards tr:first-child{display:none}
table.cards tr{border:1px solid #e5e7eb;border-radius:6px;margin:0 0 8px;padding:4px}table.cards td{border:0;padding:2px 4px}
table.cards td[data-label]::before{content:attr(data-label) ': ';color:#6b7280}table.cards td.pick-cell::before{content:''}main{padding:10px}}`;

const TIME_FORMAT = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" } as const;

// Remembers the browser's zone in a cookie for the next render, and until then rewrites this page's
// times into it, so even the first page shows local times, with the zone named.
const ZONE_SCRIPT = (locale: Locale, current: string | undefined) => `(function(){try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(!z||z===${JSON.stringify(current ?? "")})return;
document.cookie="${TIME_ZONE_COOKIE}="+encodeURIComponent(z)+"; path=/hr/console; max-age=31536000; samesite=lax";
var f=new Intl.DateTimeFormat(${JSON.stringify(locale)},Object.assign({timeZone:z},${JSON.stringify(TIME_FORMAT)}));
document.querySelectorAll("time[data-zone]").forEach(function(t){var ps=f.formatToParts(new Date(t.dateTime)),zn="";t.textContent=ps.filter(function(p){if(p.type==="timeZoneName"){zn=p.value;return false}return true}).map(function(p){return p.value}).join("").trim()+" "+zn;t.dataset.zone=z;});
var named=document.querySelector("#time-zone strong");if(named)named.textContent=z;}catch(e){}})();`;

export interface LayoutOptions {
  locale: Locale;
  title: string;
  body: string;
  nonce: string;
  session?: ConsoleSessionView;
  active?: MenuKey;
  script?: string;
  /** Seconds until the page reloads itself (an import in progress). */
  refresh?: number;
  /** Say which zone the page's times are in (pages that show times). */
  showsTimes?: boolean;
  /** The title is user data (a candidate's name, a requisition's title), shown as written. */
  titleIsUserText?: boolean;
}

export function layout(o: LayoutOptions): string {
  const t = shellText[o.locale];
  const other = o.locale === "zh-CN" ? "en" : "zh-CN";
  const zone = o.session?.timeZone ?? "UTC";
  const menu = MENU.filter((m) => LIVE_MENU.has(m.key))
    .map((m) => `<a href="${m.path}?lang=${o.locale}"${o.active === m.key ? ' aria-current="page"' : ""}>${esc(m.label[o.locale])}</a>`)
    .join("");
  const scripts = [o.session ? ZONE_SCRIPT(o.locale, o.session.timeZone) : "", o.script ?? ""].filter(Boolean).join("\n");
  return `<!doctype html><html lang="${o.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(o.title)} · Hirepath</title>
${o.refresh ? `<meta http-equiv="refresh" content="${o.refresh}">` : ""}<style>${CSS}</style></head>
<body><header class="top"><span class="brand">${esc(t.brand)}</span><nav class="menu" aria-label="${esc(t.menu)}">${menu}</nav>
<span class="end"><a id="lang-switch" href="?lang=${other}" lang="${other}">${t.other}</a>${o.session?.signedIn ? `<a id="sign-out" href="/hr/console/logout">${t.signOut}</a>` : ""}</span></header>
<main><h1${o.titleIsUserText ? ' translate="no"' : ""}>${esc(o.title)}</h1>${o.showsTimes ? `<p class="zone" id="time-zone">${t.zone} <strong>${esc(zone)}</strong></p>` : ""}${o.body}</main>${scripts ? `<script nonce="${o.nonce}">${scripts}</script>` : ""}</body></html>`;
}

/** "2026/12/07 16:01 GMT+8": the zone's offset last, in either language. */
export function formatTime(at: Date, locale: Locale, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, ...TIME_FORMAT }).formatToParts(at);
  const zone = parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  return `${parts.filter((p) => p.type !== "timeZoneName").map((p) => p.value).join("").trim()} ${zone}`;
}

/** A time as the viewer reads it: their zone, the page's language, and the zone's offset named. */
export function timeHtml(iso: string | undefined, locale: Locale, timeZone = "UTC"): string {
  if (!iso) return "—";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return esc(iso);
  const text = formatTime(at, locale, timeZone);
  return `<time datetime="${esc(at.toISOString())}" data-zone="${esc(timeZone)}">${esc(text)}</time>`;
}

/** A calendar date (no time of day, so no zone to name). */
export function dateHtml(iso: string | undefined, locale: Locale, timeZone = "UTC"): string {
  if (!iso) return "—";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return esc(iso);
  return esc(new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at));
}

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** Recorded text (escaped) with every instant in it shown in the viewer's zone, zone named. */
export function textWithTimes(text: string, locale: Locale, timeZone = "UTC"): string {
  return esc(text).replace(ISO_INSTANT, (iso) => timeHtml(iso, locale, timeZone));
}
