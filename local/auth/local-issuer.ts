// The local stand-in for Cognito: an ES256 issuer whose key lives in the data directory. The local
// API Gateway adapter verifies tokens exactly as the HTTP API's JWT authorizer does (issuer,
// audience, expiry, signature), so auth is enforced locally too, never bypassed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from "jose";
import { Role } from "../../lambdas/core/shared/model.js";

export interface LocalIssuer {
  issuer: string;
  audience: string;
  jwks: { keys: JWK[] };
  issueToken(role: Role, options?: { email?: string; sub?: string; ttlSeconds?: number }): Promise<string>;
  /** What Cognito's token endpoint returns for an app client: an access token and an ID token, shaped like Cognito's. */
  issueCognitoTokens(role: Role, clientId: string, options?: { email?: string; sub?: string; ttlSeconds?: number }): Promise<{ accessToken: string; idToken: string; expiresIn: number }>;
  /** Returns the claims, or undefined if API Gateway would answer 401. */
  verify(token: string): Promise<JWTPayload | undefined>;
}

/**
 * `defaultTtlSeconds`: token lifetime in journey seconds when a caller names none. Tokens are
 * stamped and checked in journey time (the local clock), so at ×60 an hour-long token would last
 * a wall minute; the local stack passes an hour of wall time at the current scale instead.
 */
export async function createLocalIssuer(keyFile: string, issuer: string, audience = "hirepath-local", defaultTtlSeconds: () => number = () => 3600): Promise<LocalIssuer> {
  let privateJwk: JWK;
  if (existsSync(keyFile)) privateJwk = JSON.parse(readFileSync(keyFile, "utf8")) as JWK;
  else {
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now().toString(36)}`, alg: "ES256" };
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _d, ...publicJwk } = privateJwk;
  const privateKey = await importJWK(privateJwk, "ES256");
  const jwks = { keys: [{ ...publicJwk, use: "sig" }] };
  const keySet = createLocalJWKSet(jwks);
  return {
    issuer,
    audience,
    jwks,
    async issueToken(role, options = {}) {
      const email = options.email ?? `${role}@hirepath.local`;
      return new SignJWT({ email, "cognito:groups": [role], token_use: "id" })
        .setProtectedHeader({ alg: "ES256", kid: privateJwk.kid! })
        .setSubject(options.sub ?? `local-${role}`)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${Math.round(options.ttlSeconds ?? defaultTtlSeconds())}s`)
        .sign(privateKey);
    },
    async issueCognitoTokens(role, clientId, options = {}) {
      const ttlSeconds = Math.round(options.ttlSeconds ?? defaultTtlSeconds());
      const sub = options.sub ?? `local-${role}`;
      const email = options.email ?? `${role}@hirepath.local`;
      const now = Math.floor(Date.now() / 1000);
      const originJti = crypto.randomUUID();
      const sign = (claims: JWTPayload) =>
        new SignJWT({ ...claims, "cognito:groups": [role], origin_jti: originJti, event_id: crypto.randomUUID(), auth_time: now })
          .setProtectedHeader({ alg: "ES256", kid: privateJwk.kid! })
          .setSubject(sub)
          .setIssuer(issuer)
          .setIssuedAt(now)
          .setExpirationTime(now + ttlSeconds)
          .setJti(crypto.randomUUID())
          .sign(privateKey);
      // Cognito's shapes: access tokens name the client in client_id and carry no aud; ID tokens use aud.
      const accessToken = await sign({ token_use: "access", client_id: clientId, scope: "openid email profile", username: sub });
      const idToken = await sign({ token_use: "id", aud: clientId, email, email_verified: true, "cognito:username": sub });
      return { accessToken, idToken, expiresIn: ttlSeconds };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, { issuer, audience, algorithms: ["ES256"] });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}
