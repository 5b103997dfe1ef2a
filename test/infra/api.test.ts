import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { httpRoutes, routeKey } from "../../lib/http-routes.js";
import { API_THROTTLE, CALLER_RATE_LIMIT_PER_MINUTE, HR_GROUPS, RATE_LIMITED_FUNCTIONS } from "../../lib/constructs/http-api.js";
import { functionIds } from "../../lib/function-catalogue.js";
import { functionResource, logicalIdOf, resourcesOf, synthHirepath, type Synthesized } from "./synth.js";

let s: Synthesized;
beforeAll(() => {
  s = synthHirepath();
});

function routesByKey() {
  return new Map(Object.values(resourcesOf(s.template, "AWS::ApiGatewayV2::Route")).map((r) => [r.Properties.RouteKey as string, r.Properties]));
}

describe("HTTP API routes", () => {
  it("has exactly the routes in lib/http-routes.ts, and $default for everything else", () => {
    expect([...routesByKey().keys()].sort()).toEqual([...httpRoutes.map(routeKey), "$default"].sort());
  });

  it("sends unmatched requests ($default) to ApiReference, which answers 404/405 problems", () => {
    const fallback = routesByKey().get("$default")!;
    expect(fallback.AuthorizationType).toBe("NONE");
    const target = fallback.Target as { "Fn::Join": [string, [string, { Ref: string }]] };
    expect(s.template.toJSON().Resources[target["Fn::Join"][1][1].Ref].Properties).toMatchObject({
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
      IntegrationUri: { "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.functions.ApiReference.function), "Arn"] },
    });
  });

  it.each(httpRoutes.map((r) => [routeKey(r), r] as const))("%s: no API Gateway authorizer (the router verifies the credential and answers a 401 problem)", (key) => {
    const props = routesByKey().get(key)!;
    expect(props.AuthorizationType).toBe("NONE");
    expect(props.AuthorizerId).toBeUndefined();
  });

  it.each(httpRoutes.map((r) => [routeKey(r), r] as const))("%s: integrates its function with payload format 2.0", (key, route) => {
    const target = routesByKey().get(key)!.Target as { "Fn::Join": [string, [string, { Ref: string }]] };
    const integration = s.template.toJSON().Resources[target["Fn::Join"][1][1].Ref].Properties;
    expect(integration).toMatchObject({
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
      IntegrationUri: { "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.functions[route.fn].function), "Arn"] },
    });
  });

  it("has no JWT authorizer; every function serving a jwt route verifies tokens of the user pool's issuer for the HR API's app client", () => {
    expect(Object.values(resourcesOf(s.template, "AWS::ApiGatewayV2::Authorizer"))).toHaveLength(0);
    const poolId = logicalIdOf(s.stack, s.stack.api.userPool);
    for (const fn of new Set(httpRoutes.filter((r) => r.auth === "jwt").map((r) => r.fn))) {
      const env = functionResource(s, fn).Properties.Environment.Variables;
      expect(env.COGNITO_ISSUER, fn).toEqual({ "Fn::Join": ["", ["https://cognito-idp.", { Ref: "AWS::Region" }, ".", { Ref: "AWS::URLSuffix" }, "/", { Ref: poolId }]] });
      expect(env.API_CLIENT_ID, fn).toEqual({ Ref: logicalIdOf(s.stack, s.stack.api.userPoolClient) });
    }
  });

  it("logs access to a log group and throttles the default stage", () => {
    const [stage] = Object.values(resourcesOf(s.template, "AWS::ApiGatewayV2::Stage"));
    expect(stage!.Properties).toMatchObject({
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: API_THROTTLE.rateLimit, ThrottlingBurstLimit: API_THROTTLE.burstLimit },
      AccessLogSettings: { DestinationArn: { "Fn::GetAtt": [expect.stringMatching(/^ApiAccessLogs/), "Arn"] } },
    });
    const format = JSON.parse(stage!.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format.requestId).toBe("$context.requestId");
    // Signed-link paths are bearer tokens: the log has the route template, never the raw path.
    expect(Object.values(format)).not.toContain("$context.path");
  });

  // An HTTP API has no gateway responses (REST APIs only), so the stage's own 429 is {"message":…}, not a
  // problem. Each caller therefore meets the router's 429 problem first: its limit is far below the stage's.
  it("gives every HTTP function but ApiReference a per-caller limit well below the stage's throttle", () => {
    expect(CALLER_RATE_LIMIT_PER_MINUTE).toBeLessThanOrEqual((API_THROTTLE.rateLimit * 60) / 2);
    const routedFns = new Set(httpRoutes.map((r) => r.fn));
    expect([...routedFns].filter((fn) => fn !== "ApiReference").sort()).toEqual([...RATE_LIMITED_FUNCTIONS].sort());
    for (const id of functionIds) {
      const env = (functionResource(s, id).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      if ((RATE_LIMITED_FUNCTIONS as readonly string[]).includes(id)) expect(env.RATE_LIMIT_PER_MINUTE, id).toBe(String(CALLER_RATE_LIMIT_PER_MINUTE));
      else expect(env.RATE_LIMIT_PER_MINUTE, id).toBeUndefined();
    }
  });

  it("outputs the API URL and passes the API endpoint to SendMessage as PUBLIC_BASE_URL", () => {
    const apiId = logicalIdOf(s.stack, s.stack.api.api);
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.ApiUrl!.Value)).toContain(apiId);
    expect(functionResource(s, "SendMessage").Properties.Environment.Variables.PUBLIC_BASE_URL).toEqual({ "Fn::GetAtt": [apiId, "ApiEndpoint"] });
  });
});

describe("Cognito user pool", () => {
  it("is admin-invite only, requires TOTP MFA, has a strong password policy and threat protection", () => {
    s.template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "ON",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      Policies: {
        PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      },
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
      DeletionProtection: "ACTIVE",
    });
  });

  it("has a public SRP app client with no OAuth flows", () => {
    s.template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(["ALLOW_USER_SRP_AUTH"]),
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: "ENABLED",
    });
  });

  it("has the admin, recruiter, hiring-manager and executive groups", () => {
    const groups = Object.values(resourcesOf(s.template, "AWS::Cognito::UserPoolGroup")).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(HR_GROUPS.map((g) => g.name).sort());
    expect(groups.sort()).toEqual(["admin", "executive", "hiring-manager", "recruiter"]);
  });

  it("outputs the user pool and client ids", () => {
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.UserPoolId!.Value).toEqual({ Ref: logicalIdOf(s.stack, s.stack.api.userPool) });
    expect(outputs.UserPoolClientId!.Value).toEqual({ Ref: logicalIdOf(s.stack, s.stack.api.userPoolClient) });
    expect(outputs.TableName!.Value).toEqual({ Ref: logicalIdOf(s.stack, s.stack.data.table) });
  });
});
