// The console sign-in's pure parts: PKCE, the signed login cookie, `next` validation, cookie attributes,
// Cognito URLs, claims → user and roles, CSRF.
import { describe, expect, it } from "vitest";
import {
  authorizeUrl,
  clearCookie,
  CONSOLE_HOME,
  cookiesMustBeSecure,
  csrfTokenFor,
  loginCookieKey,
  loginPathFor,
  logoutUrl,
  openLoginState,
  originAllowed,
  pkceChallenge,
  pkcePair,
  readCookie,
  safeNextPath,
  sealLoginState,
  setCookie,
  userFromClaims,
} from "../../lambdas/core/access/console-login.js";

describe("PKCE", () => {
  it("derives the S256 challenge of RFC 7636's appendix B example", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("makes a fresh 43-character base64url verifier each time, with its matching challenge", () => {
    const a = pkcePair();
    const b = pkcePair();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).toBe(pkceChallenge(a.verifier));
  });
});

describe("the login cookie (state, verifier, next)", () => {
  const key = loginCookieKey("k".repeat(43));
  const state = { state: "s".repeat(32), verifier: "v".repeat(43), next: "/hr/console/candidates/c1?lang=en", expiresAt: 2_000 };

  it("round-trips while unexpired", () => {
    expect(openLoginState(sealLoginState(state, key), key, 1_000)).toEqual(state);
  });

  it("refuses an expired, edited, re-signed-with-another-key or malformed cookie", () => {
    const sealed = sealLoginState(state, key);
    expect(openLoginState(sealed, key, 2_000)).toBeUndefined();
    const [payload, mac] = sealed.split(".");
    const edited = Buffer.from(JSON.stringify({ ...state, next: "/hr/console/imports" })).toString("base64url");
    expect(openLoginState(`${edited}.${mac}`, key, 1_000)).toBeUndefined();
    expect(openLoginState(sealLoginState(state, loginCookieKey("x".repeat(43))), key, 1_000)).toBeUndefined();
    expect(openLoginState(`${payload}`, key, 1_000)).toBeUndefined();
    expect(openLoginState(undefined, key, 1_000)).toBeUndefined();
  });

  it("derives a key distinct from the link-signing key itself", () => {
    expect(loginCookieKey("k".repeat(43)).equals(Buffer.from("k".repeat(43)))).toBe(false);
    expect(loginCookieKey("k".repeat(43))).toHaveLength(32);
  });
});

describe("safeNextPath", () => {
  it.each([
    ["/hr/console/candidates/c1?lang=en", "/hr/console/candidates/c1?lang=en"],
    ["/hr/console/search", "/hr/console/search"],
    ["/hr/console/recall/req%201", "/hr/console/recall/req%201"],
  ])("keeps a console path: %s", (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    undefined,
    "",
    "https://evil.example/hr/console/search",
    "//evil.example/hr/console/search",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "/hr/talent/search",
    "/hr/console",
    "/hr/console/../talent/search",
    "/hr/console/%2e%2e/talent",
    "/hr/console/login",
    "/hr/console/auth/callback?code=x",
    "/hr/console/logout",
    `/hr/console/${"a".repeat(3000)}`,
  ])("falls back to the console home for %s", (raw) => {
    expect(safeNextPath(raw)).toBe(CONSOLE_HOME);
  });

  it("builds the login path with an encoded, validated next", () => {
    expect(loginPathFor("/hr/console/candidates/c1?lang=en")).toBe("/hr/console/login?next=%2Fhr%2Fconsole%2Fcandidates%2Fc1%3Flang%3Den");
    expect(loginPathFor("https://evil.example")).toBe("/hr/console/login?next=%2Fhr%2Fconsole%2Fsearch");
  });
});

describe("cookies", () => {
  it("are HttpOnly and SameSite=Lax, Secure unless the console is plain-http localhost", () => {
    expect(setCookie("a", "b", { path: "/hr/console", maxAgeSeconds: 3599.7, secure: true })).toBe("a=b; Path=/hr/console; Max-Age=3599; HttpOnly; SameSite=Lax; Secure");
    expect(clearCookie("a", "/hr/console", false)).toBe("a=; Path=/hr/console; Max-Age=0; HttpOnly; SameSite=Lax");
    expect(cookiesMustBeSecure("https://abc.execute-api.eu-west-1.amazonaws.com")).toBe(true);
    expect(cookiesMustBeSecure("http://localhost:3000")).toBe(false);
    expect(cookiesMustBeSecure("http://127.0.0.1:3000")).toBe(false);
    expect(cookiesMustBeSecure("http://hirepath.internal")).toBe(true);
  });

  it("are read from API Gateway's cookies array or a raw Cookie header", () => {
    expect(readCookie(["x=1", "hp=a.b=c"], "hp")).toBe("a.b=c");
    expect(readCookie(["x=1; hp=tok; y=2"], "hp")).toBe("tok");
    expect(readCookie(["xhp=1"], "hp")).toBeUndefined();
    expect(readCookie(undefined, "hp")).toBeUndefined();
  });
});

describe("Cognito URLs", () => {
  const client = { domainUrl: "https://hp.auth.eu-west-1.amazoncognito.com", clientId: "client1" };

  it("asks managed login for a code with PKCE, the console's scopes and language", () => {
    const url = new URL(authorizeUrl(client, { redirectUri: "https://api.example.com/hr/console/auth/callback", state: "st", challenge: "ch", lang: "en" }));
    expect(`${url.origin}${url.pathname}`).toBe("https://hp.auth.eu-west-1.amazoncognito.com/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "client1",
      redirect_uri: "https://api.example.com/hr/console/auth/callback",
      scope: "openid email profile",
      state: "st",
      code_challenge: "ch",
      code_challenge_method: "S256",
      lang: "en",
    });
  });

  it("signs out at Cognito and comes back to the console's sign-in", () => {
    expect(logoutUrl(client, "https://api.example.com/hr/console/login")).toBe(
      "https://hp.auth.eu-west-1.amazoncognito.com/logout?client_id=client1&logout_uri=https%3A%2F%2Fapi.example.com%2Fhr%2Fconsole%2Flogin",
    );
  });
});

describe("userFromClaims", () => {
  const clients = ["console", "api"];

  it("takes roles from cognito:groups of an access token for one of our clients, as the API does", () => {
    expect(userFromClaims({ token_use: "access", client_id: "console", sub: "u1", exp: 99, "cognito:groups": ["recruiter", "not-a-role"] }, clients)).toEqual({ sub: "u1", roles: ["recruiter"], expiresAt: 99 });
  });

  it("accepts an ID token by its audience, with the API authorizer's flattened groups too", () => {
    expect(userFromClaims({ token_use: "id", aud: "api", sub: "u2", exp: 99, email: "a@b.c", "cognito:groups": "[admin executive]" }, clients)).toEqual({ sub: "u2", roles: ["admin", "executive"], expiresAt: 99, email: "a@b.c" });
  });

  it.each([
    ["another client's access token", { token_use: "access", client_id: "other", sub: "u", exp: 1 }],
    ["another client's ID token", { token_use: "id", aud: "other", sub: "u", exp: 1 }],
    ["an access token naming the client only in aud", { token_use: "access", aud: "console", sub: "u", exp: 1 }],
    ["a token without token_use", { client_id: "console", aud: "console", sub: "u", exp: 1 }],
    ["a refresh-like token_use", { token_use: "refresh", client_id: "console", sub: "u", exp: 1 }],
    ["a token without sub", { token_use: "access", client_id: "console", exp: 1 }],
  ])("refuses %s", (_name, claims) => {
    expect(userFromClaims(claims, clients)).toBeUndefined();
  });
});

describe("CSRF", () => {
  it("binds the token to the session and changes with it", () => {
    expect(csrfTokenFor("session-a")).toBe(csrfTokenFor("session-a"));
    expect(csrfTokenFor("session-a")).not.toBe(csrfTokenFor("session-b"));
    expect(csrfTokenFor("session-a")).not.toContain("session-a");
  });

  it("allows no Origin or the console's own, and refuses any other", () => {
    expect(originAllowed(undefined, "https://api.example.com")).toBe(true);
    expect(originAllowed("https://api.example.com", "https://api.example.com/")).toBe(true);
    expect(originAllowed("https://evil.example", "https://api.example.com")).toBe(false);
    expect(originAllowed("null", "https://api.example.com")).toBe(false);
  });
});
