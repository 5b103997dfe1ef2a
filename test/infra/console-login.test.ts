// The HR console's sign-in on AWS: a Cognito domain with managed login, a public app client for the
// code grant with PKCE whose callback is the API's own, console routes without the JWT authorizer (their
// handler verifies the cookie) while every HR API route keeps it, and the handler's env wired to match.
import { beforeAll, describe, expect, it } from "vitest";
import { httpRoutes, routeKey } from "../../lib/http-routes.js";
import { functionResource, logicalIdOf, resourcesOf, synthHirepath, type Synthesized } from "./synth.js";

let s: Synthesized;
beforeAll(() => {
  s = synthHirepath();
});

const apiEndpoint = () => ({ "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.api.api), "ApiEndpoint"] });
const consoleClient = () => resourcesOf(s.template, "AWS::Cognito::UserPoolClient")[logicalIdOf(s.stack, s.stack.api.consoleClient)]!.Properties;

describe("console sign-in (Cognito managed login)", () => {
  it("has a user pool domain with managed login on the HR user pool", () => {
    const domains = Object.values(resourcesOf(s.template, "AWS::Cognito::UserPoolDomain"));
    expect(domains).toHaveLength(1);
    expect(domains[0]!.Properties).toMatchObject({
      UserPoolId: { Ref: logicalIdOf(s.stack, s.stack.api.userPool) },
      ManagedLoginVersion: 2,
      Domain: { "Fn::Join": ["", ["hirepath-hr-", { Ref: "AWS::AccountId" }]] },
    });
    const branding = Object.values(resourcesOf(s.template, "AWS::Cognito::ManagedLoginBranding"));
    expect(branding.map((b) => b.Properties.ClientId)).toEqual([{ Ref: logicalIdOf(s.stack, s.stack.api.consoleClient) }]);
  });

  it("has a console app client: no secret, code grant only, openid email profile, Cognito users only", () => {
    expect(consoleClient()).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      SupportedIdentityProviders: ["COGNITO"],
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: "minutes" },
    });
    expect([...consoleClient().AllowedOAuthScopes].sort()).toEqual(["email", "openid", "profile"]);
  });

  it("calls back to the API's /hr/console/auth/callback and signs out to /hr/console/login, nowhere else", () => {
    expect(consoleClient().CallbackURLs).toEqual([{ "Fn::Join": ["", [apiEndpoint(), "/hr/console/auth/callback"]] }]);
    expect(consoleClient().LogoutURLs).toEqual([{ "Fn::Join": ["", [apiEndpoint(), "/hr/console/login"]] }]);
  });

  it("leaves the HR API's client without OAuth flows: its tokens are the ones the HR API's routers accept", () => {
    const web = resourcesOf(s.template, "AWS::Cognito::UserPoolClient")[logicalIdOf(s.stack, s.stack.api.userPoolClient)]!.Properties;
    expect(web.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(functionResource(s, "HrApi").Properties.Environment.Variables.API_CLIENT_ID).toEqual({ Ref: logicalIdOf(s.stack, s.stack.api.userPoolClient) });
  });

  it.each(["TalentApi", "TalentFiles"] as const)("gives %s the issuer, the managed login domain and both client ids", (fn) => {
    const env = functionResource(s, fn).Properties.Environment.Variables;
    const poolId = logicalIdOf(s.stack, s.stack.api.userPool);
    expect(env.COGNITO_ISSUER).toEqual({ "Fn::Join": ["", ["https://cognito-idp.", { Ref: "AWS::Region" }, ".", { Ref: "AWS::URLSuffix" }, "/", { Ref: poolId }]] });
    expect(env.COGNITO_DOMAIN_URL).toEqual({ "Fn::Join": ["", ["https://", { Ref: logicalIdOf(s.stack, s.stack.api.userPoolDomain) }, ".auth.", { Ref: "AWS::Region" }, ".amazoncognito.com"]] });
    expect(env.CONSOLE_CLIENT_ID).toEqual({ Ref: logicalIdOf(s.stack, s.stack.api.consoleClient) });
    expect(env.API_CLIENT_ID).toEqual({ Ref: logicalIdOf(s.stack, s.stack.api.userPoolClient) });
    // The callback URL the handler builds is the one registered on the client.
    expect(env.PUBLIC_BASE_URL).toEqual(apiEndpoint());
  });

  it("outputs the console URL", () => {
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.ConsoleUrl!.Value).toEqual({ "Fn::Join": ["", [apiEndpoint(), "/hr/console/search"]] });
  });
});

describe("console routes and the JWT authorizer", () => {
  const routes = () => new Map(Object.values(resourcesOf(s.template, "AWS::ApiGatewayV2::Route")).map((r) => [r.Properties.RouteKey as string, r.Properties]));

  it.each([
    "GET /hr/console/login",
    "GET /hr/console/auth/callback",
    "GET /hr/console/logout",
    "GET /hr/console/search",
    "GET /hr/console/candidates/{candidateId}",
    "POST /hr/console/candidates/{candidateId}/calls",
    "POST /hr/console/imports",
  ])("%s has no authorizer (a cookie cannot feed it; the handler verifies the session)", (key) => {
    expect(routes().get(key)).toMatchObject({ AuthorizationType: "NONE" });
  });

  it("keeps every HR API route a jwt route, whose router verifies the bearer token", () => {
    const hrApi = httpRoutes.filter((r) => r.path.startsWith("/hr/") && !r.path.startsWith("/hr/console/"));
    expect(hrApi.length).toBeGreaterThan(40);
    for (const r of hrApi) expect(r.auth, routeKey(r)).toBe("jwt");
  });
});
