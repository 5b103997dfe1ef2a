// The public HTTP API and the HR users' identity. Routes come from lib/http-routes.ts (shared with the
// local API Gateway adapter). No route has an API Gateway authorizer: on "jwt" routes the function's router
// verifies the Cognito bearer token itself (so a refusal is the API's 401 problem, which an HTTP API's JWT
// authorizer cannot produce) and checks the role from `cognito:groups`; webhook and signed-link handlers
// verify an HMAC signature or a signed, expiring link, which is the only credential those callers have;
// console routes have none because a browser's session is a cookie, which their handler verifies.
import { CfnOutput, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import { ARecord, AaaaRecord, HostedZone, RecordTarget } from "aws-cdk-lib/aws-route53";
import { ApiGatewayv2DomainProperties } from "aws-cdk-lib/aws-route53-targets";
import { ApiMapping, DomainName, HttpApi, HttpMethod, HttpRoute as CdkHttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination, PayloadFormatVersion } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
  UserPoolGroup,
  type UserPoolClient,
  type UserPoolDomain,
} from "aws-cdk-lib/aws-cognito";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { FunctionId } from "../function-catalogue.js";
import { httpRoutes, routeKey, type RouteAuth } from "../http-routes.js";
import { CALLBACK_PATH, CONSOLE_HOME, LOGIN_PATH } from "../../lambdas/core/access/console-login.js";
import type { CognitoFeaturePlan, HirepathConfig } from "./config.js";
import type { HirepathFunction } from "./hirepath-function.js";
import { acknowledge } from "./nag.js";

/** Cognito groups; they arrive in the ID/access token as `cognito:groups`. */
export const HR_GROUPS = [
  { name: "admin", description: "Configures requisitions, replays dead letters, manages Hirepath" },
  { name: "recruiter", description: "Works candidates and applications day to day" },
  { name: "hiring-manager", description: "Reviews candidates for their own requisitions" },
  { name: "executive", description: "Read-only overview and approvals" },
] as const;

/** Default stage throttling: generous for an HR team and job-board webhooks, a ceiling for abuse. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;
/**
 * What one caller may send per minute before the router answers a 429 problem (core/access/rate-limit.ts).
 * It sits well below the stage's ceiling because the stage's own 429 cannot be shaped: an HTTP API has no
 * gateway responses (a REST API feature), so it answers `{"message":"Too Many Requests"}`.
 */
export const CALLER_RATE_LIMIT_PER_MINUTE = 600;
/** The functions whose routers count callers: every HTTP function but the API reference (static documents). */
export const RATE_LIMITED_FUNCTIONS = ["WebhookIntake", "HrApi", "PublicLinks", "TalentApi", "TalentFiles", "OfferLinks"] as const;

const UNAUTHENTICATED_ROUTE_REASON: Record<RouteAuth, string> = {
  jwt: "HR API routes need a Cognito bearer token, verified by the function's router rather than an API Gateway JWT authorizer (an HTTP API cannot shape that authorizer's 401 as the API's problem+json): jose checks the signature against the user pool's JWKS, the issuer, expiry, token_use and the HR API's app client before any route code runs, then the route's roles from cognito:groups.",
  "webhook-signature":
    "Job boards cannot present Cognito tokens; the WebhookIntake handler authenticates every request by verifying the source's HMAC signature (X-Hirepath-Signature over body and timestamp) with the per-source secret from Secrets Manager and rejects stale timestamps.",
  "signed-link":
    "Candidates have no accounts; the PublicLinks handler authenticates every request by verifying the link token's HMAC signature and expiry with the link-signing key from Secrets Manager before reading or changing anything.",
  "console-session":
    "HR console pages are opened by a browser, which sends its Cognito session as an HttpOnly cookie the JWT authorizer cannot read; the function's router verifies that token (or a bearer header) against the user pool's JWKS, issuer, app client, token_use and expiry, checks the route's roles from cognito:groups and a CSRF token on POST, and otherwise only redirects to Cognito managed login.",
  public:
    "The route serves nothing private by design (the console's sign-in redirects, which only trust a code matched to this browser's sealed login cookie; the API description), so there is no credential to check.",
};

export interface HirepathApiProps {
  readonly prefix: string;
  readonly logRetention: RetentionDays;
  readonly featurePlan: CognitoFeaturePlan;
  /** The API and every link under your own name (see HirepathConfig.customDomain). */
  readonly customDomain?: HirepathConfig["customDomain"];
}

export class HirepathApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** Managed login (OAuth 2.0 code grant with PKCE) for the server-rendered HR console. */
  readonly consoleClient: UserPoolClient;
  readonly userPoolDomain: UserPoolDomain;
  /** The custom domain, when configured: links in messages and the console use it. */
  readonly domainName?: DomainName;
  private readonly customHost?: string;

  constructor(scope: Construct, id: string, props: HirepathApiProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // ---- Identity: HR staff only, invited by an admin ----
    const plus = props.featurePlan === "plus";
    this.userPool = new UserPool(this, "HrUsers", {
      userPoolName: `${props.prefix}-hr-users`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // Required, not optional: every HR user can read candidates' personal data. TOTP only: SMS MFA is
      // phishable and would need its own SNS spend and sandbox exit.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus adds threat protection (compromised-credential and adaptive-authentication checks), enforced
      // here; the cost is per monthly active user, small for an HR team. "essentials" is a context opt-out.
      featurePlan: plus ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: plus ? StandardThreatProtectionMode.FULL_FUNCTION : undefined,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (!plus) {
      acknowledge(
        this.userPool,
        "AwsSolutions-COG8",
        "The operator chose cognitoFeaturePlan=essentials in CDK context, trading Cognito threat protection for lower per-user cost; MFA stays required and self sign-up stays off.",
      );
    }

    this.userPoolClient = this.userPool.addClient("WebClient", {
      userPoolClientName: `${props.prefix}-hr-web`,
      // A browser app cannot keep a client secret; SRP never sends the password itself.
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    HR_GROUPS.forEach((group, precedence) => {
      new UserPoolGroup(this, `Group-${group.name}`, {
        userPool: this.userPool,
        groupName: group.name,
        description: group.description,
        precedence,
      });
    });


    // ---- HTTP API ----
    this.api = new HttpApi(this, "HttpApi", {
      apiName: `${props.prefix}-api`,
      description: "Hirepath: job-board webhooks, candidate signed links, HR API",
      // The stage is created below so it can carry access logging and throttling.
      createDefaultStage: false,
    });

    // ---- Custom domain: candidates' links under your name, not execute-api ----
    if (props.customDomain) {
      const { domainName, certificateArn, hostedZone } = props.customDomain;
      this.customHost = domainName;
      this.domainName = new DomainName(this, "CustomDomain", { domainName, certificate: Certificate.fromCertificateArn(this, "CustomDomainCertificate", certificateArn) });
      if (hostedZone) {
        const zone = HostedZone.fromHostedZoneAttributes(this, "HostedZone", { hostedZoneId: hostedZone.id, zoneName: hostedZone.name });
        const target = RecordTarget.fromAlias(new ApiGatewayv2DomainProperties(this.domainName.regionalDomainName, this.domainName.regionalHostedZoneId));
        new ARecord(this, "CustomDomainAlias", { zone, recordName: domainName, target });
        new AaaaRecord(this, "CustomDomainAliasIpv6", { zone, recordName: domainName, target });
      }
    }

    // ---- HR console sign-in: managed login on a Cognito domain, code grant with PKCE ----
    // The prefix must be unique in the region; the account id makes it so without asking the operator.
    this.userPoolDomain = this.userPool.addDomain("ConsoleDomain", {
      cognitoDomain: { domainPrefix: `${props.prefix}-hr-${stack.account}` },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.consoleClient = this.userPool.addClient("ConsoleClient", {
      userPoolClientName: `${props.prefix}-hr-console`,
      // The token exchange happens in the Lambda, but PKCE (not a secret) binds the code to this login, so
      // there is no client secret to store or rotate.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        // Both addresses work: the custom domain the links use, and execute-api (for the first deploy's checks).
        callbackUrls: [...(this.customHost ? [`https://${this.customHost}${CALLBACK_PATH}`] : []), `${this.api.apiEndpoint}${CALLBACK_PATH}`],
        logoutUrls: [...(this.customHost ? [`https://${this.customHost}${LOGIN_PATH}`] : []), `${this.api.apiEndpoint}${LOGIN_PATH}`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The session cookie lives as long as the access token: one hour, then managed login again.
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    // Managed login (v2) shows a page for a client only once it has a branding style; Cognito's defaults.
    new CfnManagedLoginBranding(this, "ConsoleLoginBranding", {
      userPoolId: this.userPool.userPoolId,
      clientId: this.consoleClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    const accessLogs = new LogGroup(this, "AccessLogs", { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // routeKey, never the raw path: signed-link paths carry bearer tokens that must not land in logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            requestTime: "$context.requestTime",
            routeKey: "$context.routeKey",
            status: "$context.status",
            sourceIp: "$context.identity.sourceIp",
            userAgent: "$context.identity.userAgent",
            responseLatency: "$context.responseLatency",
            integrationStatus: "$context.integrationStatus",
            integrationError: "$context.integrationErrorMessage",
            authorizerError: "$context.authorizer.error",
            user: "$context.authorizer.claims.sub",
          }),
        ),
      },
    });
    if (this.domainName) new ApiMapping(this, "CustomDomainMapping", { api: this.api, domainName: this.domainName, stage: this.stage });
  }

  /** The user pool's token issuer (its JWKS is <issuer>/.well-known/jwks.json). */
  get issuerUrl(): string {
    const stack = Stack.of(this);
    return `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }

  /** What a function's router needs to verify the HR API's bearer tokens (HrApiEnv's ApiTokens). */
  get apiTokenEnvironment() {
    return { COGNITO_ISSUER: this.issuerUrl, API_CLIENT_ID: this.userPoolClient.userPoolClientId };
  }

  /** What the console's handler needs to run managed login and verify its tokens (TalentApiEnv's ConsoleLogin). */
  get consoleLoginEnvironment() {
    return {
      COGNITO_ISSUER: this.issuerUrl,
      COGNITO_DOMAIN_URL: this.userPoolDomain.baseUrl(),
      CONSOLE_CLIENT_ID: this.consoleClient.userPoolClientId,
      API_CLIENT_ID: this.userPoolClient.userPoolClientId,
    };
  }

  /** The base URL for links in messages (no trailing slash). */
  get baseUrl(): string {
    return this.customHost ? `https://${this.customHost}` : this.api.apiEndpoint;
  }

  /** Adds every route in lib/http-routes.ts, integrated with its function. */
  addRoutes(functions: Readonly<Record<FunctionId, HirepathFunction>>): Map<string, CdkHttpRoute> {
    const integrations = new Map<FunctionId, HttpLambdaIntegration>();
    const integrationFor = (fn: FunctionId) => {
      let integration = integrations.get(fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${fn}Integration`, functions[fn].function, {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
        });
        integrations.set(fn, integration);
      }
      return integration;
    };

    const routes = new Map<string, CdkHttpRoute>();
    for (const route of httpRoutes) {
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route.fn),
      });
      if (!created) throw new Error(`No route created for ${routeKey(route)}`);
      acknowledge(created, "AwsSolutions-APIG4", `${routeKey(route)}: ${UNAUTHENTICATED_ROUTE_REASON[route.auth]}`);
      routes.set(routeKey(route), created);
    }
    // Whatever no row matches (an unknown path, or a known path with another method) goes to ApiReference,
    // which answers a 404 problem, or a 405 problem with Allow, instead of API Gateway's {"message":"Not Found"}.
    const fallback = new CdkHttpRoute(this, "UnmatchedRoute", { httpApi: this.api, routeKey: HttpRouteKey.DEFAULT, integration: integrationFor("ApiReference") });
    acknowledge(fallback, "AwsSolutions-APIG4", "$default: the ApiReference function only answers problem+json 404/405 for requests no route matches; it reads nothing and serves nothing private, so there is no credential to check.");
    routes.set("$default", fallback);
    return routes;
  }

  addOutputs(): void {
    new CfnOutput(this, "ApiUrl", { key: "ApiUrl", value: this.stage.url, description: "Base URL of the Hirepath HTTP API" });
    new CfnOutput(this, "UserPoolId", { key: "UserPoolId", value: this.userPool.userPoolId, description: "Cognito user pool of HR users" });
    new CfnOutput(this, "UserPoolClientId", { key: "UserPoolClientId", value: this.userPoolClient.userPoolClientId, description: "Cognito app client for the HR web app" });
    new CfnOutput(this, "ConsoleUrl", { key: "ConsoleUrl", value: `${this.baseUrl}${CONSOLE_HOME}`, description: "HR console (signs in through Cognito managed login)" });
    if (this.domainName && this.customHost) {
      new CfnOutput(this, "PublicUrl", { key: "PublicUrl", value: this.baseUrl, description: "The custom domain: the API, the console and every link in messages" });
      new CfnOutput(this, "CustomDomainTarget", { key: "CustomDomainTarget", value: this.domainName.regionalDomainName, description: `Point ${this.customHost} here (CNAME, or a Route 53 alias) unless hostedZoneId was given` });
    }
    new CfnOutput(this, "ConsoleLoginDomain", { key: "ConsoleLoginDomain", value: this.userPoolDomain.baseUrl(), description: "Cognito managed login domain of the HR console" });
  }
}
