// The HR console's session check. Console routes have no API Gateway authorizer (it reads only the
// Authorization header, and a browser navigating to a page sends a cookie), so the router's authorize
// middleware verifies the session cookie, or an Authorization header from API clients, exactly as the
// authorizer would, and checks the CSRF token on anything but GET.
import {
  clearCookie,
  CONSOLE_PATH,
  cookiesMustBeSecure,
  CSRF_HEADER,
  csrfTokenFor,
  equalStrings,
  loginPathFor,
  originAllowed,
  readCookie,
  SESSION_COOKIE,
  type ConsoleIdentity,
  type ConsoleUser,
} from "../core/access/console-login.js";
import { ForbiddenError, UnauthenticatedError } from "../core/shared/errors.js";
import type { Locale } from "../core/shared/model.js";
import { prefersProblem, type HttpEvent, type HttpResult } from "./lambda-handler.js";

export interface ConsoleSession {
  user: ConsoleUser;
  /** Per-session token a console page sends back on every POST. */
  csrfToken: string;
  via: "cookie" | "bearer";
}

export interface ConsoleSessionDeps {
  identity: ConsoleIdentity;
  publicBaseUrl: string;
}

export function consoleLocale(event: HttpEvent): Locale {
  const lang = event.queryStringParameters?.lang;
  if (lang === "en" || lang === "zh-CN") return lang;
  const accept = event.headers?.["accept-language"] ?? "";
  return /^zh/i.test(accept) || !accept ? "zh-CN" : "en";
}

export const cookiesOf = (event: HttpEvent) => event.cookies ?? (event.headers?.cookie ? [event.headers.cookie] : []);
export const redirect = (location: string, setCookies: string[] = []): HttpResult => ({
  statusCode: 302,
  headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer" },
  ...(setCookies.length ? { cookies: setCookies } : {}),
});

/** Who is signed in on a console request, and what to answer when nobody is. */
export function consoleSessions(deps: ConsoleSessionDeps) {
  const secure = cookiesMustBeSecure(deps.publicBaseUrl);
  const cookies = cookiesOf;

  /** The signed-in user: an Authorization header wins (API clients), otherwise the session cookie. */
  async function session(event: HttpEvent): Promise<ConsoleSession | undefined> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(event.headers?.authorization ?? "")?.[1];
    if (bearer) {
      const user = await deps.identity.verify(bearer);
      // An explicit credential that fails is refused outright, as the API's authorizer would (no redirect).
      if (!user) throw new UnauthenticatedError("the bearer token is not valid");
      return { user, csrfToken: csrfTokenFor(bearer), via: "bearer" };
    }
    const token = readCookie(cookies(event), SESSION_COOKIE);
    const user = token ? await deps.identity.verify(token) : undefined;
    return user && token ? { user, csrfToken: csrfTokenFor(token), via: "cookie" } : undefined;
  }

  /** Without a session a page visit goes to sign-in and comes back; anything else is a 401. */
  function signInFirst(event: HttpEvent): HttpResult {
    // A form post, or a program that asked for problem+json, is told so; a person opening a page is sent to sign in.
    if (event.requestContext.http.method !== "GET" || prefersProblem(event)) throw new UnauthenticatedError("sign in to the console first");
    const next = `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ""}`;
    // A stale or tampered cookie is dropped so the browser stops sending it.
    const drop = readCookie(cookies(event), SESSION_COOKIE) ? [clearCookie(SESSION_COOKIE, CONSOLE_PATH, secure)] : [];
    return redirect(loginPathFor(next), drop);
  }

  /** Cookie sessions are ambient credentials: a state-changing request must prove it came from our page. */
  function checkCsrf(event: HttpEvent, s: ConsoleSession): void {
    if (s.via === "bearer") return;
    if (!originAllowed(event.headers?.origin, deps.publicBaseUrl)) throw new ForbiddenError("the request comes from another origin", { code: "csrf-rejected" });
    const sent = event.headers?.[CSRF_HEADER] ?? "";
    if (!equalStrings(sent, s.csrfToken)) throw new ForbiddenError(`the ${CSRF_HEADER} header is missing or wrong`, { code: "csrf-rejected" });
  }

  return { session, signInFirst, checkCsrf };
}

/**
 * The gate in front of every console page and form: the verified session, or the response to send
 * instead (a redirect to sign-in for a page visit). A POST also has to pass the CSRF check.
 */
export async function requireConsoleSession(event: HttpEvent, deps: ConsoleSessionDeps): Promise<{ session: ConsoleSession } | { response: HttpResult }> {
  const sessions = consoleSessions(deps);
  const session = await sessions.session(event);
  if (!session) return { response: sessions.signInFirst(event) };
  if (event.requestContext.http.method !== "GET") sessions.checkCsrf(event, session);
  return { session };
}
