// The console's sign-in and session checks in the TalentApi handler, with DynamoDB and Secrets Manager
// mocked and Cognito's JWKS and token endpoint answered by a stubbed fetch (keys made here with jose).
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { pkceChallenge } from "../../lambdas/core/access/console-login.js";
import { lambdaContext, stubHandlerEnv, TEST_SECRETS } from "./handler-env.js";

const ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool";
const DOMAIN = "https://hirepath-hr-123456789012.auth.us-east-1.amazoncognito.com";
const BASE = "https://api.example.com";

const ddb = mockClient(DynamoDBDocumentClient);
const sm = mockClient(SecretsManagerClient);
type Result = { statusCode: number; body: string; headers: Record<string, string>; cookies?: string[] };
let handler: (e: unknown, c: unknown) => Promise<Result>;
let filesHandler: (e: unknown, c: unknown) => Promise<Result>;
let signingKey: CryptoKey;
let otherKey: CryptoKey;
let tokenResponse: () => Promise<Response>;
const tokenRequests: URLSearchParams[] = [];

beforeAll(async () => {
  stubHandlerEnv();
  const pair = await generateKeyPair("ES256");
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair("ES256")).privateKey;
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "ES256", use: "sig" }] };
  vi.stubGlobal("fetch", async (input: string | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === `${ISSUER}/.well-known/jwks.json`) return new Response(JSON.stringify(jwks), { headers: { "content-type": "application/json" } });
    if (url === `${DOMAIN}/oauth2/token`) {
      tokenRequests.push(new URLSearchParams(String(init?.body)));
      return tokenResponse();
    }
    throw new Error(`unexpected fetch ${url}`);
  });
  ({ handler } = (await import("../../lambdas/handlers/talent-api.js")) as never);
  ({ handler: filesHandler } = (await import("../../lambdas/handlers/talent-files.js")) as never);
});
afterAll(() => vi.unstubAllGlobals());

beforeEach(() => {
  ddb.reset();
  sm.reset();
  tokenRequests.length = 0;
  sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(TEST_SECRETS) });
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
});

async function token(claims: JWTPayload, o: { key?: CryptoKey; ttl?: number; issuer?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ token_use: "access", client_id: "console-client-id", "cognito:groups": ["recruiter"], ...claims })
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setSubject("user-1")
    .setIssuer(o.issuer ?? ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.ttl ?? 3600))
    .sign(o.key ?? signingKey);
}

function event(routeKey: string, o: { path?: string; query?: Record<string, string>; cookies?: string[]; headers?: Record<string, string>; pathParameters?: Record<string, string>; body?: string } = {}) {
  const [method, template] = routeKey.split(" ");
  const rawPath = o.path ?? template!;
  const rawQueryString = new URLSearchParams(o.query ?? {}).toString();
  return {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString,
    headers: { "accept-language": "en", ...(o.headers ?? {}) },
    ...(o.cookies ? { cookies: o.cookies } : {}),
    ...(o.query ? { queryStringParameters: o.query } : {}),
    ...(o.pathParameters ? { pathParameters: o.pathParameters } : {}),
    requestContext: { http: { method, path: rawPath }, routeKey, requestId: "r" },
    ...(o.body !== undefined ? { body: o.body } : {}),
    isBase64Encoded: false,
  };
}

const page = (o: Parameters<typeof event>[1] = {}) => event("GET /hr/console/{proxy+}", { path: "/hr/console/search", pathParameters: { proxy: "search" }, ...o });

describe("console pages without a session", () => {
  it("send a page visit to sign-in, remembering the page", async () => {
    const res = await handler(page({ query: { lang: "en", name: "王" } }), lambdaContext);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/hr/console/login?next=${encodeURIComponent("/hr/console/search?lang=en&name=%E7%8E%8B")}`);
  });

  it("refuse a POST with 401 instead of redirecting it", async () => {
    const res = await handler(event("POST /hr/console/candidates/{candidateId}/calls", { path: "/hr/console/candidates/c1/calls", pathParameters: { candidateId: "c1" }, body: "{}" }), lambdaContext);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).code).toBe("unauthenticated");
  });
});

describe("signing in with managed login (code + PKCE)", () => {
  it("redirects to Cognito's authorize endpoint and keeps state and verifier in a short-lived signed cookie", async () => {
    const res = await handler(event("GET /hr/console/login", { query: { next: "/hr/console/candidates/c1?lang=en" } }), lambdaContext);
    expect(res.statusCode).toBe(302);
    const url = new URL(res.headers.location!);
    expect(`${url.origin}${url.pathname}`).toBe(`${DOMAIN}/oauth2/authorize`);
    expect(url.searchParams.get("client_id")).toBe("console-client-id");
    expect(url.searchParams.get("redirect_uri")).toBe(`${BASE}/hr/console/auth/callback`);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("lang")).toBe("en");
    const cookie = res.cookies!.find((c) => c.startsWith("hp_console_login="))!;
    expect(cookie).toMatch(/; Path=\/hr\/console\/auth; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);
  });

  it("exchanges the code with the verifier, verifies the token and sets the session cookie for the token's lifetime", async () => {
    const login = await handler(event("GET /hr/console/login", { query: { next: "/hr/console/candidates/c1?lang=en" } }), lambdaContext);
    const authorize = new URL(login.headers.location!);
    const accessToken = await token({}, { ttl: 1800 });
    tokenResponse = async () => new Response(JSON.stringify({ access_token: accessToken, id_token: "unused", token_type: "Bearer", expires_in: 1800 }));

    const res = await handler(
      event("GET /hr/console/auth/callback", { query: { code: "the-code", state: authorize.searchParams.get("state")! }, cookies: login.cookies!.map((c) => c.split(";")[0]!) }),
      lambdaContext,
    );

    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/hr/console/candidates/c1?lang=en");
    const sent = tokenRequests[0]!;
    expect(Object.fromEntries(sent)).toMatchObject({ grant_type: "authorization_code", client_id: "console-client-id", code: "the-code", redirect_uri: `${BASE}/hr/console/auth/callback` });
    expect(pkceChallenge(sent.get("code_verifier")!)).toBe(authorize.searchParams.get("code_challenge"));
    const session = res.cookies!.find((c) => c.startsWith("hp_console_session="))!;
    expect(session).toMatch(/^hp_console_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/hr\/console; Max-Age=(1799|1800); HttpOnly; SameSite=Lax; Secure$/);
    expect(res.cookies).toContain("hp_console_login=; Path=/hr/console/auth; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
  });

  it("refuses a callback whose state does not match the login cookie, without calling the token endpoint", async () => {
    const login = await handler(event("GET /hr/console/login"), lambdaContext);
    const res = await handler(event("GET /hr/console/auth/callback", { query: { code: "c", state: "forged-state-forged-state" }, cookies: login.cookies!.map((c) => c.split(";")[0]!) }), lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("sign-in-failed");
    expect(tokenRequests).toHaveLength(0);
    expect(res.cookies?.some((c) => c.startsWith("hp_console_session="))).toBe(false);
  });

  it("refuses a callback with no login cookie (started elsewhere or expired)", async () => {
    const res = await handler(event("GET /hr/console/auth/callback", { query: { code: "c", state: "s".repeat(32) } }), lambdaContext);
    expect(res.statusCode).toBe(400);
  });

  it("shows a sign-in failure when the token endpoint refuses the code", async () => {
    const login = await handler(event("GET /hr/console/login"), lambdaContext);
    tokenResponse = async () => new Response(JSON.stringify({ error: "invalid_grant" }), { status: 400 });
    const state = new URL(login.headers.location!).searchParams.get("state")!;
    const res = await handler(event("GET /hr/console/auth/callback", { query: { code: "used", state }, cookies: login.cookies!.map((c) => c.split(";")[0]!) }), lambdaContext);
    expect(res.statusCode).toBe(401);
    expect(res.cookies?.some((c) => c.startsWith("hp_console_session=e"))).toBe(false);
  });
});

describe("console pages with a session", () => {
  it("render for a valid session cookie, with a sign-out link", async () => {
    const res = await handler(page({ cookies: [`hp_console_session=${await token({})}`] }), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="sign-out"');
  });

  it.each([
    ["signed by another key", () => token({}, { key: otherKey })],
    ["expired", () => token({}, { ttl: -10 })],
    ["from another issuer", () => token({}, { issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other" })],
    ["for another app client", () => token({ client_id: "someone-else" })],
    ["an ID token used as if it were for another audience", () => token({ token_use: "id", client_id: undefined, aud: "someone-else" })],
    ["edited (groups changed after signing)", async () => {
      const [h, p, s] = (await token({})).split(".");
      const claims = { ...JSON.parse(Buffer.from(p!, "base64url").toString()), "cognito:groups": ["admin"] };
      return `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`;
    }],
  ])("send a cookie %s back to sign-in and clear it", async (_name, make) => {
    const res = await handler(page({ cookies: [`hp_console_session=${await make()}`] }), lambdaContext);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^\/hr\/console\/login\?next=/);
    expect(res.cookies).toContain("hp_console_session=; Path=/hr/console; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
  });

  it("accept the HR API's bearer token (an ID token for the API client) and refuse a bad one with 401", async () => {
    const idToken = await token({ token_use: "id", client_id: undefined, aud: "api-client-id" });
    expect((await handler(page({ headers: { authorization: `Bearer ${idToken}` } }), lambdaContext)).statusCode).toBe(200);
    const bad = await handler(page({ headers: { authorization: `Bearer ${await token({}, { key: otherKey })}` } }), lambdaContext);
    expect(bad.statusCode).toBe(401);
  });

  it("refuse a page to a signed-in user with no HR role", async () => {
    const res = await handler(page({ cookies: [`hp_console_session=${await token({ "cognito:groups": [] })}`] }), lambdaContext);
    expect(res.statusCode).toBe(403);
  });
});

describe("logging a call from the candidate page", () => {
  const call = async (o: { cookie: string; headers?: Record<string, string> }) =>
    handler(
      event("POST /hr/console/candidates/{candidateId}/calls", {
        path: "/hr/console/candidates/c1/calls",
        pathParameters: { candidateId: "c1" },
        cookies: [`hp_console_session=${o.cookie}`],
        headers: { "content-type": "application/json", ...(o.headers ?? {}) },
        body: JSON.stringify({ attemptKey: "a1", outcome: "no-answer" }),
      }),
      lambdaContext,
    );

  it("refuses a cookie-authenticated POST without the page's CSRF token, before writing anything", async () => {
    const res = await call({ cookie: await token({}) });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).code).toBe("csrf-rejected");
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it("refuses a POST from another origin even with the token", async () => {
    const cookie = await token({});
    const csrf = await csrfFromPage(cookie);
    const res = await call({ cookie, headers: { "x-csrf-token": csrf, origin: "https://evil.example" } });
    expect(res.statusCode).toBe(403);
  });

  it("passes CSRF with the token from the rendered page, then checks the role like the API", async () => {
    const manager = await token({ "cognito:groups": ["hiring-manager"] });
    const res = await call({ cookie: manager, headers: { "x-csrf-token": await csrfFromPage(manager), origin: BASE } });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).code).toBe("forbidden");
  });
});

describe("importing from the console's import form (TalentFiles)", () => {
  const upload = (o: { cookies?: string[]; headers?: Record<string, string> }) =>
    filesHandler(
      event("POST /hr/console/imports", { query: { source: "zhilian", filename: "a.csv" }, body: "姓名,手机\n张三,13800000000\n", headers: { "content-type": "application/octet-stream", ...(o.headers ?? {}) }, ...(o.cookies ? { cookies: o.cookies } : {}) }),
      lambdaContext,
    );

  it("needs a session (401) and the page's CSRF token (403) before reading the file", async () => {
    expect((await upload({})).statusCode).toBe(401);
    const cookie = await token({});
    const res = await upload({ cookies: [`hp_console_session=${cookie}`] });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).code).toBe("csrf-rejected");
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it("checks the role after CSRF: a hiring manager may not import", async () => {
    const cookie = await token({ "cognito:groups": ["hiring-manager"] });
    const res = await upload({ cookies: [`hp_console_session=${cookie}`], headers: { "x-csrf-token": await csrfFromPage(cookie) } });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).code).toBe("forbidden");
  });
});

describe("signing out", () => {
  it("clears the session cookie and signs out at Cognito, coming back to sign-in", async () => {
    const res = await handler(event("GET /hr/console/logout", { cookies: [`hp_console_session=${await token({})}`] }), lambdaContext);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`${DOMAIN}/logout?client_id=console-client-id&logout_uri=${encodeURIComponent(`${BASE}/hr/console/login`)}`);
    expect(res.cookies).toContain("hp_console_session=; Path=/hr/console; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
  });
});

/** The CSRF token as the candidate page's script carries it. */
async function csrfFromPage(cookie: string): Promise<string> {
  // The page reads the candidate's partition (profile, applications, timeline) with one query, and lists
  // requisitions, interviews, interviewers and offers with others: only the first finds anything here.
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(QueryCommand, { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "CAND#c1" } }).resolves({ Items: [{ pk: "CAND#c1", sk: "PROFILE", kind: "candidate", candidateId: "c1", name: "王小明", phoneE164: "+8613800138000", locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "generic", createdAt: "2026-11-01T00:00:00.000Z", updatedAt: "2026-11-01T00:00:00.000Z" }] });
  const res = await handler(page({ path: "/hr/console/candidates/c1", pathParameters: { proxy: "candidates/c1" }, cookies: [`hp_console_session=${cookie}`] }), lambdaContext);
  expect(res.statusCode, res.body).toBe(200);
  return /"x-csrf-token": "([\w-]+)"/.exec(res.body)![1]!;
}
