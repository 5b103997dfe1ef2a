// The HR console's sign-in: the pure parts of the OAuth 2.0 authorization-code flow with PKCE against
// Cognito managed login (or the local issuer, which mimics it), and the cookies that carry it. Pages are
// opened by a browser, which cannot send a bearer header, so the session is an HttpOnly cookie holding
// the Cognito access token; every console request verifies it as the API's JWT authorizer would.
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import * as z from "../shared/zod.js";
import type { Role } from "../shared/model.js";
import { rolesFromClaims } from "./roles.js";

export const CONSOLE_PATH = "/hr/console";
export const CONSOLE_HOME = "/hr/console/search";
export const LOGIN_PATH = "/hr/console/login";
export const CALLBACK_PATH = "/hr/console/auth/callback";
export const LOGOUT_PATH = "/hr/console/logout";
/** Holds the access token; scoped to the console's path so API routes never see it. */
export const SESSION_COOKIE = "hp_console_session";
/** Holds state, PKCE verifier and next path between the redirect to login and the callback. */
export const LOGIN_COOKIE = "hp_console_login";
export const LOGIN_COOKIE_PATH = "/hr/console/auth";
/** Ten minutes to sign in (MFA included) before the login has to start again. */
export const LOGIN_COOKIE_TTL_SECONDS = 600;
export const OAUTH_SCOPES = ["openid", "email", "profile"] as const;
export const CSRF_HEADER = "x-csrf-token";

// ---- PKCE (RFC 7636, S256) ----

export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** 32 random bytes → a 43-character verifier, the shortest RFC 7636 allows and plenty of entropy. */
export function pkcePair(random: Buffer = randomBytes(32)): { verifier: string; challenge: string } {
  const verifier = random.toString("base64url");
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function newState(random: Buffer = randomBytes(24)): string {
  return random.toString("base64url");
}

// ---- Where to go after signing in ----

const LOGIN_FLOW_PATHS = new Set([LOGIN_PATH, CALLBACK_PATH, LOGOUT_PATH]);

/**
 * The page to return to after signing in: a same-origin path under /hr/console, or the console's home.
 * Anything else (another origin, a scheme, "//host", backslashes, dot segments leaving the console, the
 * login flow itself) falls back to home, so `next` can never become an open redirect or a loop.
 */
export function safeNextPath(raw: string | undefined | null): string {
  if (!raw || raw.length > 2048) return CONSOLE_HOME;
  // Browsers treat "\" like "/" and drop tabs/newlines, so "/\evil.com" or "/\t/evil.com" would leave the origin.
  if (!raw.startsWith("/") || raw.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(raw)) return CONSOLE_HOME;
  let url: URL;
  try {
    url = new URL(raw, "https://console.invalid");
  } catch {
    return CONSOLE_HOME;
  }
  if (url.origin !== "https://console.invalid") return CONSOLE_HOME;
  // URL resolution removes dot segments, so "/hr/console/../admin" is judged as "/admin".
  if (!url.pathname.startsWith(`${CONSOLE_PATH}/`) || LOGIN_FLOW_PATHS.has(url.pathname)) return CONSOLE_HOME;
  return `${url.pathname}${url.search}`;
}

export function loginPathFor(next: string): string {
  return `${LOGIN_PATH}?next=${encodeURIComponent(safeNextPath(next))}`;
}

// ---- The login cookie: state, verifier and next, signed so it cannot be forged or edited ----

export const LoginState = z.object({
  state: z.string().min(16),
  verifier: z.string().min(43).max(128),
  next: z.string(),
  /** Unix seconds. */
  expiresAt: z.number().int(),
});
export type LoginState = z.infer<typeof LoginState>;

/** A key for login cookies only, derived from the link-signing secret (HKDF keeps the two uses apart). */
export function loginCookieKey(linkSigningKey: string): Buffer {
  return Buffer.from(hkdfSync("sha256", linkSigningKey, "hirepath", "hirepath console login cookie v1", 32));
}

export function sealLoginState(value: LoginState, key: Buffer): string {
  const payload = Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${payload}.${createHmac("sha256", key).update(payload).digest("base64url")}`;
}

/** The login state if the cookie is intact and unexpired; undefined otherwise. */
export function openLoginState(sealed: string | undefined, key: Buffer, nowSeconds: number): LoginState | undefined {
  const [payload, mac, extra] = (sealed ?? "").split(".");
  if (!payload || !mac || extra !== undefined) return undefined;
  if (!equalStrings(mac, createHmac("sha256", key).update(payload).digest("base64url"))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const result = LoginState.safeParse(parsed);
  if (!result.success || result.data.expiresAt <= nowSeconds) return undefined;
  return { ...result.data, next: safeNextPath(result.data.next) };
}

export function equalStrings(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// ---- Cookies ----

/**
 * Secure everywhere except plain-http localhost, where browsers would drop a Secure cookie set over
 * http (Chromium allows it for localhost, other clients do not), which is only the local stack.
 */
export function cookiesMustBeSecure(publicBaseUrl: string): boolean {
  const url = new URL(publicBaseUrl);
  return !(url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname));
}

export interface CookieOptions {
  path: string;
  maxAgeSeconds: number;
  secure: boolean;
}

export function setCookie(name: string, value: string, o: CookieOptions): string {
  // HttpOnly: no script reads the token. SameSite=Lax: the cookie rides top-level navigations (the
  // redirect back from Cognito is one) but not cross-site POSTs or subresource requests.
  return `${name}=${value}; Path=${o.path}; Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}; HttpOnly; SameSite=Lax${o.secure ? "; Secure" : ""}`;
}

export function clearCookie(name: string, path: string, secure: boolean): string {
  return setCookie(name, "", { path, maxAgeSeconds: 0, secure });
}

/** A cookie's value from API Gateway's `cookies` array (payload 2.0) or a raw Cookie header. */
export function readCookie(cookies: readonly string[] | undefined, name: string): string | undefined {
  for (const pair of (cookies ?? []).flatMap((c) => c.split(/;\s*/))) {
    const at = pair.indexOf("=");
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

// ---- Cognito (managed login) URLs; the local issuer serves the same paths under its own base ----

export interface OAuthClient {
  /** The user pool domain, e.g. https://hirepath-123.auth.eu-west-1.amazoncognito.com (no trailing slash). */
  domainUrl: string;
  clientId: string;
}

export function authorizeUrl(client: OAuthClient, o: { redirectUri: string; state: string; challenge: string; lang?: string }): string {
  const q = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: o.redirectUri,
    scope: OAUTH_SCOPES.join(" "),
    state: o.state,
    code_challenge: o.challenge,
    code_challenge_method: "S256",
    ...(o.lang ? { lang: o.lang } : {}),
  });
  return `${client.domainUrl}/oauth2/authorize?${q}`;
}

export function tokenUrl(client: OAuthClient): string {
  return `${client.domainUrl}/oauth2/token`;
}

export function logoutUrl(client: OAuthClient, logoutUri: string): string {
  return `${client.domainUrl}/logout?${new URLSearchParams({ client_id: client.clientId, logout_uri: logoutUri })}`;
}

// ---- Claims → who is signed in ----

export interface ConsoleUser {
  sub: string;
  roles: Role[];
  /** Unix seconds; the session cookie lives exactly as long as the token. */
  expiresAt: number;
  email?: string;
}

/**
 * The checks Cognito tokens need beyond signature, issuer and expiry: the token was issued for one of
 * our app clients (`aud` on ID tokens, `client_id` on access tokens) and says which it is (`token_use`).
 */
export function userFromClaims(claims: Record<string, unknown>, clientIds: readonly string[]): ConsoleUser | undefined {
  const use = claims.token_use;
  const audiences = Array.isArray(claims.aud) ? claims.aud.map(String) : typeof claims.aud === "string" ? [claims.aud] : [];
  if (use === "id") {
    if (!audiences.some((a) => clientIds.includes(a))) return undefined;
  } else if (use === "access") {
    if (typeof claims.client_id !== "string" || !clientIds.includes(claims.client_id)) return undefined;
  } else return undefined;
  if (typeof claims.sub !== "string" || typeof claims.exp !== "number") return undefined;
  return {
    sub: claims.sub,
    roles: rolesFromClaims(claims),
    expiresAt: claims.exp,
    ...(typeof claims.email === "string" ? { email: claims.email } : {}),
  };
}

// ---- CSRF ----

/**
 * Per-session CSRF token: a hash of the session token. Only someone who can read the HttpOnly cookie
 * (or the page the server rendered with it) can compute it, and it changes with every sign-in.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash("sha256").update(`hirepath console csrf\0${sessionToken}`).digest("base64url");
}

/** An Origin header, when the browser sends one, must be the console's own. */
export function originAllowed(origin: string | undefined, publicBaseUrl: string): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).origin === new URL(publicBaseUrl).origin;
  } catch {
    return false;
  }
}

/** The identity provider's side of sign-in: Cognito on AWS, the local issuer under `npm start`. */
export interface ConsoleIdentity {
  /** The signed-in user if the token verifies (signature by JWKS, issuer, expiry, app client, token_use). */
  verify(token: string): Promise<ConsoleUser | undefined>;
  /** Exchanges an authorization code and its PKCE verifier for tokens; throws UnauthenticatedError if refused. */
  exchangeCode(input: { code: string; verifier: string; redirectUri: string }): Promise<{ accessToken: string }>;
}
