// The HR console's sign-in routes: login (to Cognito managed login with PKCE), the OAuth callback, and
// logout. They are public routes: they hold no data, and the callback only trusts a code that matches the
// sealed login cookie this browser got from login.
import {
  authorizeUrl,
  CALLBACK_PATH,
  clearCookie,
  CONSOLE_PATH,
  cookiesMustBeSecure,
  equalStrings,
  LOGIN_COOKIE,
  LOGIN_COOKIE_PATH,
  LOGIN_COOKIE_TTL_SECONDS,
  LOGIN_PATH,
  loginCookieKey,
  logoutUrl,
  newState,
  openLoginState,
  pkcePair,
  readCookie,
  safeNextPath,
  sealLoginState,
  SESSION_COOKIE,
  setCookie,
} from "../core/access/console-login.js";
import { UnauthenticatedError } from "../core/shared/errors.js";
import type { Locale } from "../core/shared/model.js";
import type { SecretsProvider } from "../core/shared/ports.js";
import { renderSignInFailed } from "../pages/console-sign-in.js";
import { html, problemPage, type HttpEvent, type HttpResult } from "./lambda-handler.js";
import { consoleLocale, cookiesOf, redirect, type ConsoleSessionDeps } from "./console-session.js";

export interface ConsoleSignInDeps extends ConsoleSessionDeps {
  /** The login cookie's key is derived from the link-signing secret. */
  secrets: SecretsProvider;
  domainUrl: string;
  clientId: string;
  nowSeconds: () => number;
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
    if (!saved || !q.state || !equalStrings(q.state, saved.state)) return failed(locale, "expired", "sign-in-expired", [clearLogin]);
    if (q.error || !q.code) return failed(locale, "refused", "sign-in-refused", [clearLogin]);
    let accessToken: string;
    try {
      ({ accessToken } = await deps.identity.exchangeCode({ code: q.code, verifier: saved.verifier, redirectUri }));
    } catch (error) {
      if (error instanceof UnauthenticatedError) return failed(locale, "refused", "unauthenticated", [clearLogin]);
      throw error;
    }
    const user = await deps.identity.verify(accessToken);
    if (!user) return failed(locale, "refused", "unauthenticated", [clearLogin]);
    return redirect(saved.next, [
      clearLogin,
      setCookie(SESSION_COOKIE, accessToken, { path: CONSOLE_PATH, maxAgeSeconds: user.expiresAt - deps.nowSeconds(), secure }),
    ]);
  }

  function logout(): HttpResult {
    // Cognito ends its own managed-login session too, then sends the browser to the console's sign-in.
    return redirect(logoutUrl(client, `${base}${LOGIN_PATH}`), [clearCookie(SESSION_COOKIE, CONSOLE_PATH, secure), clearCookie(LOGIN_COOKIE, LOGIN_COOKIE_PATH, secure)]);
  }

  return { login, callback, logout };
}

function failed(locale: Locale, reason: "expired" | "refused", code: "sign-in-expired" | "sign-in-refused" | "unauthenticated", cookies: string[]): HttpResult {
  return { ...problemPage(code, renderSignInFailed(locale, reason)), cookies };
}
