// Deploy-time settings. Every value comes from CDK context (cdk.json or `cdk deploy -c key=value`), is
// checked here once, and reaches the constructs as a typed HirepathConfig, so a typo in cdk.json fails
// `cdk synth` with the key's name instead of surfacing as an odd runtime error in a Lambda.
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Node } from "constructs";

export type SmsProvider = "sms-voice-v2" | "pinpoint";
export type CognitoFeaturePlan = "plus" | "essentials";

export interface HirepathConfig {
  /** Prefix for physical names (functions, state machines, configuration sets). */
  readonly prefix: string;
  /** The From address of candidate email. Its domain (or the address itself) must be an SES identity. */
  readonly emailFrom: string;
  /** The SES identity that authorizes emailFrom: a domain ("example.com") or an address. */
  readonly sesIdentity: string;
  /** True when the identity already exists (verified) in the account: reference it instead of creating it. */
  readonly sesIdentityExists: boolean;
  readonly smsProvider: SmsProvider;
  /**
   * sms-voice-v2: a phone number id (phone-…), pool id (pool-…) or any sms-voice ARN, so IAM can be
   * scoped to it. pinpoint: the E.164 origination number Pinpoint sends from.
   */
  readonly smsOriginationIdentity: string;
  /** Only with smsProvider "pinpoint": the existing Pinpoint project (application) id. */
  readonly pinpointApplicationId: string;
  /** The SMS signature: `【smsSignature】` starts Chinese messages (registered with the carriers), `smsSignature: ` English ones. */
  readonly smsSignature: string;
  /**
   * Optional custom domain for the API and every link in messages ("jobs.example.com"), so candidates see
   * your name instead of an execute-api address (and SMS links stay short). Needs an ACM certificate for it
   * in the stack's region; with a Route 53 hosted zone the stack also creates the alias record.
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string; readonly hostedZone?: { readonly id: string; readonly name: string } };
  /** Cognito feature plan for the HR user pool ("plus" adds threat protection; see the user pool). */
  readonly cognitoFeaturePlan: CognitoFeaturePlan;
  readonly logRetention: RetentionDays;
  /** How far back DynamoDB point-in-time recovery reaches (1–35 days): also how long an erased item survives in backups. */
  readonly pitrRecoveryDays: number;
  /**
   * `-c demo=true`: placeholders (a sender on a domain that can never be verified, no SMS number) are
   * allowed. Tests and the local stack's template use it; a stack synthesized this way cannot send.
   */
  readonly demo: boolean;
}

/** What a demo synth (`-c demo=true`) sends from; a synth for deployment refuses them. */
export const PLACEHOLDERS = {
  emailFrom: "hiring@example.com",
  smsOriginationIdentity: "pool-set-smsOriginationIdentity-in-cdk-context",
} as const;

export const DEFAULTS = {
  prefix: "hirepath",
  smsProvider: "sms-voice-v2",
  cognitoFeaturePlan: "plus",
  logRetentionDays: 30,
  pitrRecoveryDays: 35,
  smsSignature: "Hirepath",
} as const;

type ContextReader = Pick<Node, "tryGetContext">;

/**
 * Domains SES can never verify, because nobody can publish DNS records for them: reserved for
 * documentation and tests (RFC 2606: example.com/.net/.org, .example, .test, .invalid, .localhost)
 * or for the local network (.local, RFC 6762).
 */
export function isUnverifiableDomain(domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, "");
  return /(^|\.)example\.(com|net|org)$/.test(d) || /(^|\.)(example|test|invalid|localhost|local)$/.test(d);
}

/** Thrown when a synth for deployment still has placeholder messaging settings. */
export class PlaceholderDeployError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      [
        "Hirepath will not synthesize for deployment with placeholder messaging settings:",
        ...problems.map((p) => `  - ${p}`),
        "Deploy with your own values, e.g.",
        "  npx cdk deploy -c emailFrom=hr@yourcompany.com -c smsOriginationIdentity=pool-0123456789abcdef0123456789abcdef",
        "(README, \"Deploying to AWS\"). Tests and the local stack synthesize with -c demo=true, whose stack cannot send.",
      ].join("\n"),
    );
    this.name = "PlaceholderDeployError";
  }
}

function str(node: ContextReader, key: string): string | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") {
    throw new Error(`CDK context "${key}" must be a string, got ${JSON.stringify(raw)}`);
  }
  return String(raw).trim();
}

function bool(node: ContextReader, key: string, fallback: boolean): boolean {
  const raw = str(node, key);
  if (raw === undefined) return fallback;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw new Error(`CDK context "${key}" must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(node: ContextReader, key: string, allowed: readonly T[], fallback: T): T {
  const raw = str(node, key) ?? fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new Error(`CDK context "${key}" must be one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

function retention(node: ContextReader): RetentionDays {
  const raw = str(node, "logRetentionDays") ?? String(DEFAULTS.logRetentionDays);
  const days = Number(raw);
  const valid = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === "number" && v > 0);
  if (!valid.includes(days as RetentionDays)) {
    throw new Error(`CDK context "logRetentionDays" must be one of CloudWatch's retention values (${valid.join(", ")}), got "${raw}"`);
  }
  return days as RetentionDays;
}

function pitrRecoveryDays(node: ContextReader): number {
  const raw = str(node, "pitrRecoveryDays") ?? String(DEFAULTS.pitrRecoveryDays);
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 35) throw new Error(`CDK context "pitrRecoveryDays" must be a whole number of days from 1 to 35, got "${raw}"`);
  return days;
}

/** Reads and validates the context keys documented in cdk.json and the README. */
export function configFromContext(node: ContextReader): HirepathConfig {
  const prefix = str(node, "prefix") ?? DEFAULTS.prefix;
  if (!/^[a-z][a-z0-9-]{1,20}$/.test(prefix)) {
    throw new Error(`CDK context "prefix" must be 2-21 lowercase letters, digits or dashes, got "${prefix}"`);
  }

  const emailFrom = str(node, "emailFrom") ?? PLACEHOLDERS.emailFrom;
  const at = emailFrom.lastIndexOf("@");
  if (at < 1 || at === emailFrom.length - 1) {
    throw new Error(`CDK context "emailFrom" must be an email address, got "${emailFrom}"`);
  }
  // By default the identity is the sender's domain: verify the domain once and any address on it can send.
  const sesIdentity = str(node, "sesIdentity") ?? emailFrom.slice(at + 1);
  if (sesIdentity.includes("@") ? sesIdentity !== emailFrom : !emailFrom.endsWith(`@${sesIdentity}`)) {
    throw new Error(`CDK context "sesIdentity" ("${sesIdentity}") does not cover emailFrom ("${emailFrom}"): use the sender's domain or the address itself`);
  }

  const smsProvider = oneOf<SmsProvider>(node, "smsProvider", ["sms-voice-v2", "pinpoint"], DEFAULTS.smsProvider);
  const pinpointApplicationId = str(node, "pinpointApplicationId") ?? "";
  const explicitOrigination = str(node, "smsOriginationIdentity");
  if (smsProvider === "pinpoint") {
    if (!/^[a-f0-9]{32}$/.test(pinpointApplicationId)) {
      throw new Error(`CDK context "pinpointApplicationId" must be the 32-character Pinpoint project id when smsProvider is "pinpoint", got "${pinpointApplicationId}"`);
    }
    if (!explicitOrigination || !/^\+[1-9]\d{6,14}$/.test(explicitOrigination)) {
      throw new Error(`CDK context "smsOriginationIdentity" must be the E.164 origination number (e.g. +15555550100) when smsProvider is "pinpoint", got "${explicitOrigination ?? ""}"`);
    }
  } else if (explicitOrigination && !/^(arn:aws[a-z-]*:sms-voice:|phone-|pool-)/.test(explicitOrigination)) {
    // SendTextMessage accepts a bare E.164 number too, but IAM authorizes the phone-number resource (by id),
    // so only ids and ARNs let the grant name exactly the identity the function sends from.
    throw new Error(
      `CDK context "smsOriginationIdentity" must be a phone number id (phone-…), pool id (pool-…) or an sms-voice ARN (sender IDs: use the ARN), got "${explicitOrigination}"`,
    );
  }

  const demo = bool(node, "demo", false);
  if (!demo) {
    // A deployment with these would create an SES identity nobody can verify and grant SMS on a number
    // that doesn't exist: every message would fail, quietly, after go-live.
    const problems: string[] = [];
    // sesIdentity must cover emailFrom (checked above), so a real sender domain means a real identity.
    if (!str(node, "emailFrom")) problems.push(`"emailFrom" is not set (the From address of candidate email; its domain becomes the SES identity)`);
    else if (isUnverifiableDomain(emailFrom.slice(at + 1))) problems.push(`"emailFrom" (${emailFrom}) is on a domain SES can never verify, so its SES identity (${sesIdentity}) can't be verified either`);
    if (smsProvider === "sms-voice-v2" && !explicitOrigination) problems.push(`"smsOriginationIdentity" is not set (the phone-… or pool-… id, or ARN, that SMS is sent from)`);
    if (problems.length) throw new PlaceholderDeployError(problems);
  }

  // China's carriers take 2–20 characters without brackets (the templates add 【】).
  const smsSignature = str(node, "smsSignature") ?? DEFAULTS.smsSignature;
  if (!/^[^【】\[\]]{2,20}$/u.test(smsSignature)) {
    throw new Error(`CDK context "smsSignature" must be 2-20 characters without brackets (the messages add 【】), got "${smsSignature}"`);
  }

  const customDomain = customDomainFrom(node);

  return {
    demo,
    prefix,
    emailFrom,
    ...(customDomain ? { customDomain } : {}),
    sesIdentity,
    sesIdentityExists: bool(node, "sesIdentityExists", false),
    smsProvider,
    smsOriginationIdentity: explicitOrigination ?? PLACEHOLDERS.smsOriginationIdentity,
    pinpointApplicationId,
    smsSignature,
    cognitoFeaturePlan: oneOf<CognitoFeaturePlan>(node, "cognitoFeaturePlan", ["plus", "essentials"], DEFAULTS.cognitoFeaturePlan),
    logRetention: retention(node),
    pitrRecoveryDays: pitrRecoveryDays(node),
  };
}

function customDomainFrom(node: ContextReader): HirepathConfig["customDomain"] {
  const domainName = str(node, "domainName");
  const certificateArn = str(node, "certificateArn");
  const hostedZoneId = str(node, "hostedZoneId");
  const hostedZoneName = str(node, "hostedZoneName");
  if (!domainName) {
    if (certificateArn || hostedZoneId || hostedZoneName) throw new Error('CDK context "certificateArn", "hostedZoneId" and "hostedZoneName" need "domainName"');
    return undefined;
  }
  if (!/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName)) {
    throw new Error(`CDK context "domainName" must be a lowercase host name such as jobs.example.com, got "${domainName}"`);
  }
  if (!certificateArn || !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/.test(certificateArn)) {
    throw new Error(`CDK context "certificateArn" must be the ARN of an ACM certificate for "${domainName}" in the stack's region, got "${certificateArn ?? ""}"`);
  }
  if (Boolean(hostedZoneId) !== Boolean(hostedZoneName)) throw new Error('CDK context "hostedZoneId" and "hostedZoneName" go together (or leave both out and add the DNS record yourself)');
  if (hostedZoneName && !(domainName === hostedZoneName || domainName.endsWith(`.${hostedZoneName}`))) {
    throw new Error(`CDK context "domainName" ("${domainName}") is not in the hosted zone "${hostedZoneName}"`);
  }
  return { domainName, certificateArn, ...(hostedZoneId && hostedZoneName ? { hostedZone: { id: hostedZoneId, name: hostedZoneName } } : {}) };
}
