// The local stand-in for Cognito managed login enforces what Cognito does: registered callback and
// sign-out URLs only, S256 PKCE, single-use codes bound to client and redirect URI, Cognito-shaped tokens.
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pkcePair } from "../../lambdas/core/access/console-login.js";
import { createLocalIssuer } from "../../local/auth/local-issuer.js";
import { createLocalOAuth } from "../../local/auth/local-oauth.js";

const CLIENT = "console-local";
let server: Server;
let base: string;
let dir: string;
const callback = () => `${base}/hr/console/auth/callback`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hirepath-oauth-"));
  server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const issuer = await createLocalIssuer(join(dir, "key.json"), `${base}/local/auth`);
  const oauth = createLocalOAuth({ issuer, client: { clientId: CLIENT, callbackUrls: [callback()], logoutUrls: [`${base}/hr/console/login`] } });
  server.on("request", (req, res) => void oauth(req, res).then((handled) => handled || res.writeHead(404).end()));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

function authorizeParams(challenge: string, overrides: Record<string, string> = {}) {
  return new URLSearchParams({ response_type: "code", client_id: CLIENT, redirect_uri: callback(), scope: "openid email profile", state: "st-1", code_challenge: challenge, code_challenge_method: "S256", ...overrides });
}

async function codeFor(role: string, challenge: string): Promise<string> {
  const res = await fetch(`${base}/local/auth/oauth2/authorize`, { method: "POST", body: `${authorizeParams(challenge)}&role=${role}`, headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe(callback());
  expect(location.searchParams.get("state")).toBe("st-1");
  return location.searchParams.get("code")!;
}

const exchange = (form: Record<string, string>) =>
  fetch(`${base}/local/auth/oauth2/token`, { method: "POST", body: new URLSearchParams({ grant_type: "authorization_code", client_id: CLIENT, redirect_uri: callback(), ...form }) });

describe("local managed login", () => {
  it("shows a role picker in the requested language", async () => {
    const en = await (await fetch(`${base}/local/auth/oauth2/authorize?${authorizeParams(pkcePair().challenge, { lang: "en" })}`)).text();
    expect(en).toContain('data-role="recruiter"');
    expect(en).toContain("Sign in to Hirepath (local)");
    const zh = await (await fetch(`${base}/local/auth/oauth2/authorize?${authorizeParams(pkcePair().challenge, { lang: "zh-CN" })}`)).text();
    expect(zh).toContain("招聘专员");
  });

  it.each([
    ["an unregistered redirect_uri", { redirect_uri: "https://evil.example/cb" }],
    ["an unknown client", { client_id: "someone-else" }],
    ["no PKCE", { code_challenge: "" }],
    ["a plain PKCE method", { code_challenge_method: "plain" }],
  ])("refuses %s without redirecting", async (_name, overrides) => {
    const res = await fetch(`${base}/local/auth/oauth2/authorize?${authorizeParams(pkcePair().challenge, overrides)}`, { redirect: "manual" });
    expect(res.status).toBe(400);
  });

  it("exchanges a code once, with its verifier, for Cognito-shaped tokens", async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFor("recruiter", challenge);
    const res = await exchange({ code, code_verifier: verifier });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; id_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(decodeJwt(body.access_token)).toMatchObject({ token_use: "access", client_id: CLIENT, "cognito:groups": ["recruiter"], iss: `${base}/local/auth`, scope: "openid email profile" });
    expect(decodeJwt(body.access_token).aud).toBeUndefined();
    expect(decodeJwt(body.id_token)).toMatchObject({ token_use: "id", aud: CLIENT, email: "recruiter@hirepath.local", "cognito:groups": ["recruiter"] });
    // Single use: the same code again is refused.
    expect((await exchange({ code, code_verifier: verifier })).status).toBe(400);
  });

  it("refuses a code with the wrong verifier or redirect URI", async () => {
    const { verifier, challenge } = pkcePair();
    expect(await (await exchange({ code: await codeFor("admin", challenge), code_verifier: pkcePair().verifier })).json()).toEqual({ error: "invalid_grant" });
    expect((await exchange({ code: await codeFor("admin", challenge), code_verifier: verifier, redirect_uri: `${base}/elsewhere` })).status).toBe(400);
  });

  it("signs out only to a registered sign-out URL", async () => {
    const ok = await fetch(`${base}/local/auth/logout?client_id=${CLIENT}&logout_uri=${encodeURIComponent(`${base}/hr/console/login`)}`, { redirect: "manual" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`${base}/hr/console/login`);
    const evil = await fetch(`${base}/local/auth/logout?client_id=${CLIENT}&logout_uri=${encodeURIComponent("https://evil.example")}`, { redirect: "manual" });
    expect(evil.status).toBe(400);
  });
});
