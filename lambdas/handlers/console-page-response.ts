// What every function serving console pages shares: the viewer's session as a page sees it (CSRF
// token, zone, language), the HTML response with its CSP, and failures shown as pages.
import { readCookie } from "../core/access/console-login.js";
import { TimeZone } from "../core/shared/model.js";
import { problemFor } from "../core/shared/problem.js";
import { renderConsoleProblem, type ConsoleSessionView } from "../pages/console-pages.js";
import { TIME_ZONE_COOKIE } from "../pages/console/shell.js";
import { html, page, PROBLEM_CODE_HEADER, type HttpEvent, type HttpResult } from "./lambda-handler.js";
import type { Caller } from "./http/router.js";
import { consoleLocale, cookiesOf } from "./console-session.js";

/** The viewer's zone, from the cookie the page's script sets; UTC (named as such) until it has. */
function viewerTimeZone(event: HttpEvent): string | undefined {
  const raw = readCookie(cookiesOf(event), TIME_ZONE_COOKIE);
  const zone = raw ? decodeURIComponent(raw) : undefined;
  return zone && TimeZone.safeParse(zone).success ? zone : undefined;
}

export function sessionView(event: HttpEvent, caller: Caller | undefined): ConsoleSessionView {
  const zone = viewerTimeZone(event);
  return { csrfToken: caller?.session?.csrfToken ?? "", signedIn: caller?.session?.via === "cookie", path: event.rawPath, ...(zone ? { timeZone: zone } : {}) };
}

export function pageResponse(rendered: { body: string; csp: string }, status = 200): HttpResult {
  return html(status, rendered.body, { "content-security-policy": rendered.csp });
}

/**
 * A console page rendered from its view model. Every page goes through this: the router's response
 * middleware renders it again from a masked model for viewers who may not see salaries.
 */
export function modelPage<M>(model: M, render: (model: M) => { body: string; csp: string }, status = 200): HttpResult {
  return page(model, (m) => pageResponse(render(m), status));
}

/** A failed console page as a page (the router calls this for GET console routes). */
export function consolePageError(error: unknown, event: HttpEvent, caller: Caller | undefined): HttpResult {
  const problem = problemFor(error);
  const shown = pageResponse(renderConsoleProblem(problem, event.rawPath, consoleLocale(event), caller ? sessionView(event, caller) : undefined), problem.status);
  return { ...shown, headers: { ...shown.headers, [PROBLEM_CODE_HEADER]: problem.code } };
}
