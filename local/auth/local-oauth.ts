// The local stand-in for Cognito managed login: the same OAuth 2.0 endpoints under /local/auth
// (oauth2/authorize, oauth2/token, logout), so the console's sign-in code runs unchanged under `npm start`.
// Instead of a password and MFA, the authorize page asks which role to sign in as. Everything Cognito
// checks is checked here too: registered client, exact callback and sign-out URLs, S256 PKCE, single-use
// codes that expire, and the code bound to its client and redirect URI.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { escapeHtml, htmlPage } from "../../lambdas/pages/page-shell.js";
import { Role, type Locale } from "../../lambdas/core/shared/model.js";
import type { LocalIssuer } from "./local-issuer.js";

export interface LocalOAuthClient {
  clientId: string;
  callbackUrls: readonly string[];
  logoutUrls: readonly string[];
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  role: Role;
  expiresAt: number;
}

/** Cognito's authorization codes are good for five minutes. */
const CODE_TTL_MS = 5 * 60_000;

const text = {
  "zh-CN": {
    title: "登录 Hirepath（本地）",
    intro: "本地环境没有 Cognito：选择一个角色登录。部署到 AWS 后，这里是 Cognito 托管登录（密码 + MFA）。",
    roles: { admin: "管理员", recruiter: "招聘专员", "hiring-manager": "用人经理", executive: "高管" },
    invalid: "登录请求无效",
    other: "English",
  },
  en: {
    title: "Sign in to Hirepath (local)",
    intro: "There is no Cognito locally: choose a role to sign in as. Deployed on AWS, this is Cognito managed login (password + MFA).",
    roles: { admin: "Admin", recruiter: "Recruiter", "hiring-manager": "Hiring manager", executive: "Executive" },
    invalid: "Invalid sign-in request",
    other: "中文",
  },
} as const;

export function createLocalOAuth(options: { issuer: LocalIssuer; client: LocalOAuthClient; now?: () => number }) {
  const { issuer, client } = options;
  const now = options.now ?? Date.now;
  const codes = new Map<string, PendingCode>();

  /** The authorize request's own checks; undefined means acceptable. */
  function problemWith(q: URLSearchParams): string | undefined {
    if (q.get("response_type") !== "code") return "response_type must be code";
    if (q.get("client_id") !== client.clientId) return "unknown client_id";
    if (!client.callbackUrls.includes(q.get("redirect_uri") ?? "")) return "redirect_uri is not a registered callback URL";
    if (!/^[A-Za-z0-9_-]{43}$/.test(q.get("code_challenge") ?? "") || q.get("code_challenge_method") !== "S256") return "an S256 code_challenge is required";
    if (!(q.get("scope") ?? "").split(" ").includes("openid")) return "scope must include openid";
    return undefined;
  }

  function authorizePage(q: URLSearchParams, locale: Locale): string {
    const t = text[locale];
    const hidden = ["response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method", "lang"]
      .filter((k) => q.get(k) !== null)
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k)!)}">`)
      .join("");
    const buttons = Role.options.map((role) => `<p><button type="submit" name="role" value="${role}" data-role="${role}">${escapeHtml(t.roles[role])} (${role})</button></p>`).join("");
    const other = new URLSearchParams(q);
    other.set("lang", locale === "zh-CN" ? "en" : "zh-CN");
    const body = `<p>${escapeHtml(t.intro)}</p><form method="post" action="/local/auth/oauth2/authorize">${hidden}${buttons}</form><p><a href="/local/auth/oauth2/authorize?${escapeHtml(other.toString())}">${t.other}</a></p>`;
    return htmlPage({ locale, title: t.title, body, css: "button{font-size:16px;padding:8px 16px;min-width:240px}" });
  }

  function issueCode(q: URLSearchParams, role: Role): string {
    const code = randomBytes(24).toString("base64url");
    codes.set(code, { clientId: client.clientId, redirectUri: q.get("redirect_uri")!, challenge: q.get("code_challenge")!, role, expiresAt: now() + CODE_TTL_MS });
    const target = new URL(q.get("redirect_uri")!);
    target.searchParams.set("code", code);
    if (q.get("state") !== null) target.searchParams.set("state", q.get("state")!);
    return target.toString();
  }

  async function token(form: URLSearchParams): Promise<{ status: number; body: unknown }> {
    if (form.get("grant_type") !== "authorization_code") return { status: 400, body: { error: "unsupported_grant_type" } };
    const code = form.get("code") ?? "";
    const pending = codes.get(code);
    codes.delete(code); // single use, whatever the outcome
    const verifier = form.get("code_verifier") ?? "";
    if (
      !pending ||
      pending.expiresAt < now() ||
      form.get("client_id") !== pending.clientId ||
      form.get("redirect_uri") !== pending.redirectUri ||
      createHash("sha256").update(verifier, "ascii").digest("base64url") !== pending.challenge
    ) {
      return { status: 400, body: { error: "invalid_grant" } };
    }
    const tokens = await issuer.issueCognitoTokens(pending.role, pending.clientId);
    return { status: 200, body: { access_token: tokens.accessToken, id_token: tokens.idToken, token_type: "Bearer", expires_in: tokens.expiresIn } };
  }

  /** Handles /local/auth/oauth2/* and /local/auth/logout; false for any other path. */
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://local");
    const method = (req.method ?? "GET").toUpperCase();
    if (url.pathname === "/local/auth/oauth2/authorize") {
      const q = method === "POST" ? new URLSearchParams((await readBody(req)).toString("utf8")) : url.searchParams;
      const lang = q.get("lang");
      const locale: Locale = lang === "en" || lang === "zh-CN" ? lang : /^zh/i.test(req.headers["accept-language"] ?? "zh") ? "zh-CN" : "en";
      const problem = problemWith(q);
      if (problem) {
        // Like Cognito: a bad client or callback URL is shown here, never redirected to.
        res.writeHead(400, { "content-type": "text/html; charset=utf-8" }).end(htmlPage({ locale, title: text[locale].invalid, body: `<p id="problem">${escapeHtml(problem)}</p>` }));
        return true;
      }
      if (method === "POST") {
        const role = Role.safeParse(q.get("role"));
        if (!role.success) {
          res.writeHead(400, { "content-type": "text/html; charset=utf-8" }).end(htmlPage({ locale, title: text[locale].invalid, body: `<p id="problem">role</p>` }));
          return true;
        }
        res.writeHead(302, { location: issueCode(q, role.data), "cache-control": "no-store" }).end();
        return true;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(authorizePage(q, locale));
      return true;
    }
    if (url.pathname === "/local/auth/oauth2/token" && method === "POST") {
      const result = await token(new URLSearchParams((await readBody(req)).toString("utf8")));
      res.writeHead(result.status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(result.body));
      return true;
    }
    if (url.pathname === "/local/auth/logout") {
      const logoutUri = url.searchParams.get("logout_uri") ?? "";
      if (url.searchParams.get("client_id") !== client.clientId || !client.logoutUrls.includes(logoutUri)) {
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid logout_uri or client_id" }));
        return true;
      }
      res.writeHead(302, { location: logoutUri, "cache-control": "no-store" }).end();
      return true;
    }
    return false;
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      // Forms here are a few hundred bytes; refuse anything that is clearly not one.
      if (size > 64 * 1024) {
        req.destroy();
        reject(new Error("local auth request too large"));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
