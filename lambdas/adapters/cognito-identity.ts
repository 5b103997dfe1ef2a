// Cognito's side of the console sign-in: tokens are verified with jose against the user pool's JWKS
// (fetched once and cached per container, refetched when a new key id appears), and authorization codes
// are exchanged at the managed login token endpoint. Under `npm start` the same code talks to the local
// issuer, which must then be on loopback, as every other local endpoint must.
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as z from "../core/shared/zod.js";
import { tokenUrl, userFromClaims, type ConsoleIdentity, type ConsoleUser } from "../core/access/console-login.js";
import { UnauthenticatedError } from "../core/shared/errors.js";
import { once, type RuntimeEnv } from "./client-config.js";

export interface ConsoleIdentityEnv extends RuntimeEnv {
  COGNITO_ISSUER: string;
  COGNITO_DOMAIN_URL: string;
  CONSOLE_CLIENT_ID: string;
  API_CLIENT_ID: string;
}

const TokenResponse = z.object({ access_token: z.string().min(1), token_type: z.string(), expires_in: z.number().optional() });

const LOOPBACK = ["127.0.0.1", "localhost", "::1", "[::1]"];

function checkLocal(env: ConsoleIdentityEnv): void {
  if (env.HIREPATH_RUNTIME !== "local") return;
  for (const name of ["COGNITO_ISSUER", "COGNITO_DOMAIN_URL"] as const) {
    if (!LOOPBACK.includes(new URL(env[name]).hostname)) throw new Error(`Local mode requires ${name} to be a loopback address, got ${env[name]}`);
  }
}

export class CognitoIdentity implements ConsoleIdentity {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly env: ConsoleIdentityEnv) {
    checkLocal(env);
    this.keys = createRemoteJWKSet(new URL(`${env.COGNITO_ISSUER}/.well-known/jwks.json`));
  }

  async verify(token: string) {
    try {
      // Cognito signs with RS256; the local issuer with ES256. jose also checks exp and nbf.
      const { payload } = await jwtVerify(token, this.keys, { issuer: this.env.COGNITO_ISSUER, algorithms: ["RS256", "ES256"] });
      return userFromClaims(payload as Record<string, unknown>, [this.env.CONSOLE_CLIENT_ID, this.env.API_CLIENT_ID]);
    } catch {
      return undefined;
    }
  }

  async exchangeCode(input: { code: string; verifier: string; redirectUri: string }) {
    const res = await fetch(tokenUrl({ domainUrl: this.env.COGNITO_DOMAIN_URL, clientId: this.env.CONSOLE_CLIENT_ID }), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: this.env.CONSOLE_CLIENT_ID,
        code: input.code,
        redirect_uri: input.redirectUri,
        code_verifier: input.verifier,
      }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new UnauthenticatedError(`the token endpoint refused the authorization code (${res.status})`);
    const parsed = TokenResponse.safeParse(await res.json());
    if (!parsed.success) throw new UnauthenticatedError("the token endpoint answered without an access token");
    return { accessToken: parsed.data.access_token };
  }
}

export function consoleIdentityFrom(env: ConsoleIdentityEnv): ConsoleIdentity {
  return once(`cognito:${env.COGNITO_ISSUER}:${env.CONSOLE_CLIENT_ID}`, () => new CognitoIdentity(env));
}

/** Verifies the HR API's bearer tokens: the user pool's signature, issuer and expiry, and the API's app client. */
export interface ApiTokenEnv extends RuntimeEnv {
  COGNITO_ISSUER: string;
  API_CLIENT_ID: string;
}

export function apiTokensFrom(env: ApiTokenEnv): { verify(token: string): Promise<ConsoleUser | undefined> } {
  return once(`api-tokens:${env.COGNITO_ISSUER}:${env.API_CLIENT_ID}`, () => {
    if (env.HIREPATH_RUNTIME === "local" && !LOOPBACK.includes(new URL(env.COGNITO_ISSUER).hostname)) throw new Error(`Local mode requires COGNITO_ISSUER to be a loopback address, got ${env.COGNITO_ISSUER}`);
    const keys = createRemoteJWKSet(new URL(`${env.COGNITO_ISSUER}/.well-known/jwks.json`));
    return {
      async verify(token: string) {
        try {
          const { payload } = await jwtVerify(token, keys, { issuer: env.COGNITO_ISSUER, algorithms: ["RS256", "ES256"] });
          return userFromClaims(payload as Record<string, unknown>, [env.API_CLIENT_ID]);
        } catch {
          return undefined;
        }
      },
    };
  });
}
