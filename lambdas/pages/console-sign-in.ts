// The page a browser lands on when the console sign-in did not complete.
import { LOGIN_PATH } from "../core/access/console-login.js";
import type { Locale } from "../core/shared/model.js";
import { escapeHtml, htmlPage } from "./page-shell.js";

const failure = {
  "zh-CN": { title: "登录未完成", expired: "登录已过期或来自另一个窗口。", refused: "登录被拒绝或未完成。", again: "重新登录" },
  en: { title: "Sign-in did not complete", expired: "The sign-in expired or was started in another window.", refused: "The sign-in was refused or did not finish.", again: "Sign in again" },
} as const;

export function renderSignInFailed(locale: Locale, reason: "expired" | "refused"): string {
  const t = failure[locale];
  const body = `<p id="sign-in-failed">${escapeHtml(t[reason])}</p><p><a href="${LOGIN_PATH}?lang=${locale}">${escapeHtml(t.again)}</a></p>`;
  return htmlPage({ locale, title: t.title, body });
}
