// The HR console's sign-in routes and session check. Console routes have no API Gateway authorizer (it
// reads only the Authorization header, and a browser navigating to a page sends a cookie), so this verifies
// the session cookie, or an Authorization header from API clients, exactly as the authorizer would.
import {
  authorizeUrl,
  CALLBACK_PATH,
  clearCookie,
  CONSOLE_PATH,
  cookiesMustBeSecure,
  CSRF_HEADER,
  csrfTokenFor,
  equalStrings,
  LOGIN_COOKIE,
  LOGIN_COOKIE_PATH,
  LOGIN_COOKIE_TTL_SECONDS,
  LOGIN_PATH,
  loginCookieKey,
  loginPathFor,
  logoutUrl,
  newState,
  openLoginState,
  originAllowed,
  pkcePair,
  readCookie,
  safeNextPath,
  sealLoginState,
  SESSION_COOKIE,
  setCookie,
  type ConsoleIdentity,
  type ConsoleUser,
} from "../core/access/console-login.js";
import { ForbiddenError, UnauthenticatedError } from "../core/shared/errors.js";
import { htmlPage, escapeHtml } from "../pages/page-shell.js";
import type { Locale } from "../core/shared/model.js";
import type { SecretsProvider } from "../core/shared/ports.js";
import { html, type HttpEvent, type HttpResult } from "./lambda-handler.js";

export const CONSOLE_SIGN_IN_ROUTES = [`GET ${LOGIN_PATH}`, `GET ${CALLBACK_PATH}`, "GET /hr/console/logout"] as const;

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

export interface ConsoleSignInDeps extends ConsoleSessionDeps {
  /** The login cookie's key is derived from the link-signing secret. */
  secrets: SecretsProvider;
  domainUrl: string;
  clientId: string;
  nowSeconds: () => number;
}

export function isConsoleRoute(routeKey: string): boolean {
  return routeKey.split(" ")[1]?.startsWith(`${CONSOLE_PATH}/`) ?? false;
}

export function consoleLocale(event: HttpEvent): Locale {
  const lang = event.queryStringParameters?.lang;
  if (lang === "en" || lang === "zh-CN") return lang;
  const accept = event.headers?.["accept-language"] ?? "";
  return /^zh/i.test(accept) || !accept ? "zh-CN" : "en";
}

const cookiesOf = (event: HttpEvent) => event.cookies ?? (event.headers?.cookie ? [event.headers.cookie] : []);
const redirect = (location: string, setCookies: string[] = []): HttpResult => ({
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
    if (event.requestContext.http.method !== "GET") throw new UnauthenticatedError("sign in to the console first");
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

export function isConsoleSignInRoute(routeKey: string): boolean {
  return (CONSOLE_SIGN_IN_ROUTES as readonly string[]).includes(routeKey);
}

/** The sign-in routes: login (to managed login), the OAuth callback, and logout. */
export function consoleSignIn(deps: ConsoleSignInDeps) {
  const secure = cookiesMustBeSecure(deps.publicBaseUrl);
  const base = deps.publicBaseUrl.replace(/\/$/, "");
  const redirectUri = `${base}${CALLBACK_PATH}`;
  const client = { domainUrl: deps.domainUrl.replace(/\/$/, ""), clientId: deps.clientId };
  const cookies = cookiesOf;
  const loginKey = async () => loginCookieKey(await deps.secrets.linkSigningKey());

  async function login(event: HttpEvent): Promise<HttpResult> {
    const q = event.queryStringParameters ?? {};
    const next = safeNextPath(q.next);
    const existing = readCookie(cookies(event), SESSION_COOKIE);
    if (existing && (await deps.identity.verify(existing))) return redirect(next);
    const { verifier, challenge } = pkcePair();
    const state = newState();
    const sealed = sealLoginState({ state, verifier, next, expiresAt: deps.nowSeconds() + LOGIN_COOKIE_TTL_SECONDS }, await loginKey());
    // Managed login takes `lang`: the page the user was opening decides it, else their browser's language.
    const nextLang = new URL(next, "https://console.invalid").searchParams.get("lang");
    const lang = nextLang === "en" || nextLang === "zh-CN" ? nextLang : consoleLocale(event);
    return redirect(authorizeUrl(client, { redirectUri, state, challenge, lang }), [
      setCookie(LOGIN_COOKIE, sealed, { path: LOGIN_COOKIE_PATH, maxAgeSeconds: LOGIN_COOKIE_TTL_SECONDS, secure }),
    ]);
  }

  async function callback(event: HttpEvent): Promise<HttpResult> {
    const q = event.queryStringParameters ?? {};
    const locale = consoleLocale(event);
    const saved = openLoginState(readCookie(cookies(event), LOGIN_COOKIE), await loginKey(), deps.nowSeconds());
    const clearLogin = clearCookie(LOGIN_COOKIE, LOGIN_COOKIE_PATH, secure);
    // One login cookie serves one callback: state, verifier and next are spent whatever happens next.
    if (!saved || !q.state || !equalStrings(q.state, saved.state)) return signInFailed(locale, "expired", 400, [clearLogin]);
    if (q.error || !q.code) return signInFailed(locale, "refused", 400, [clearLogin]);
    let accessToken: string;
    try {
      ({ accessToken } = await deps.identity.exchangeCode({ code: q.code, verifier: saved.verifier, redirectUri }));
    } catch (error) {
      if (error instanceof UnauthenticatedError) return signInFailed(locale, "refused", 401, [clearLogin]);
      throw error;
    }
    const user = await deps.identity.verify(accessToken);
    if (!user) return signInFailed(locale, "refused", 401, [clearLogin]);
    return redirect(saved.next, [
      clearLogin,
      setCookie(SESSION_COOKIE, accessToken, { path: CONSOLE_PATH, maxAgeSeconds: user.expiresAt - deps.nowSeconds(), secure }),
    ]);
  }

  function logout(): HttpResult {
    // Cognito ends its own managed-login session too, then sends the browser to the console's sign-in.
    return redirect(logoutUrl(client, `${base}${LOGIN_PATH}`), [clearCookie(SESSION_COOKIE, CONSOLE_PATH, secure), clearCookie(LOGIN_COOKIE, LOGIN_COOKIE_PATH, secure)]);
  }

  function signInRoute(event: HttpEvent): Promise<HttpResult> | HttpResult {
    if (event.routeKey === `GET ${LOGIN_PATH}`) return login(event);
    if (event.routeKey === `GET ${CALLBACK_PATH}`) return callback(event);
    return logout();
  }

  return { signInRoute };
}

const failure = {
  "zh-CN": { title: "登录未完成", expired: "登录已过期或来自另一个窗口。", refused: "登录被拒绝或未完成。", again: "重新登录" },
  en: { title: "Sign-in did not complete", expired: "The sign-in expired or was started in another window.", refused: "The sign-in was refused or did not finish.", again: "Sign in again" },
} as const;

function signInFailed(locale: Locale, reason: "expired" | "refused", status: number, cookies: string[]): HttpResult {
  const t = failure[locale];
  const body = `<p id="sign-in-failed">${escapeHtml(t[reason])}</p><p><a href="${LOGIN_PATH}?lang=${locale}">${escapeHtml(t.again)}</a></p>`;
  return { ...html(status, htmlPage({ locale, title: t.title, body })), cookies };
}
