// Builds adapters from a validated env, once per container. SDK clients are module singletons so
// warm invocations reuse their connections. In local mode every client must point at a loopback
// stand-in: an endpoint that is missing or not loopback is a startup error, so no code path in
// local mode can reach real AWS.
import { PinpointClient } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SFNClient } from "@aws-sdk/client-sfn";
import type { EmailSender, HirepathStore, JourneyStarter, SecretsProvider, SmsSender } from "../core/ports.js";
import { createDocumentClient, DynamoHirepathStore } from "./dynamo-store.js";
import { SfnJourneyStarter } from "./journey-starter.js";
import { SecretsManagerProvider } from "./secrets.js";
import { SesEmailSender } from "./ses-email-sender.js";
import { EndUserMessagingSmsSender, PinpointSmsSender } from "./sms-sender.js";

/** The SDK's service-specific endpoint variables (AWS_ENDPOINT_URL_<SERVICE_ID>). */
export const localEndpointVariables = {
  dynamodb: "AWS_ENDPOINT_URL_DYNAMODB",
  sfn: "AWS_ENDPOINT_URL_SFN",
  sesv2: "AWS_ENDPOINT_URL_SESV2",
  smsVoiceV2: "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2",
  pinpoint: "AWS_ENDPOINT_URL_PINPOINT",
  scheduler: "AWS_ENDPOINT_URL_SCHEDULER",
  secretsManager: "AWS_ENDPOINT_URL_SECRETS_MANAGER",
} as const;

interface RuntimeEnv {
  HIREPATH_RUNTIME: "aws" | "local";
}

function clientConfig(env: RuntimeEnv, service: keyof typeof localEndpointVariables): { endpoint?: string } {
  if (env.HIREPATH_RUNTIME !== "local") return {};
  const variable = localEndpointVariables[service];
  const endpoint = process.env[variable];
  if (!endpoint) throw new Error(`Local mode requires ${variable}; refusing to fall back to real AWS`);
  const host = new URL(endpoint).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Local mode requires ${variable} to be a loopback address, got ${endpoint}`);
  }
  return { endpoint };
}

const memo = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

export function storeFrom(env: RuntimeEnv & { TABLE_NAME: string }): HirepathStore {
  return once(`store:${env.TABLE_NAME}`, () => new DynamoHirepathStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}

export function journeysFrom(env: RuntimeEnv & { JOURNEY_STATE_MACHINE_ARN: string }): JourneyStarter {
  return once(`sfn:${env.JOURNEY_STATE_MACHINE_ARN}`, () => new SfnJourneyStarter(new SFNClient(clientConfig(env, "sfn")), env.JOURNEY_STATE_MACHINE_ARN));
}

export function secretsFrom(env: RuntimeEnv & { SECRETS_ARN: string }): SecretsProvider {
  return once(`secrets:${env.SECRETS_ARN}`, () => new SecretsManagerProvider(new SecretsManagerClient(clientConfig(env, "secretsManager")), env.SECRETS_ARN));
}

export function emailSenderFrom(env: RuntimeEnv & { EMAIL_FROM: string; SES_CONFIGURATION_SET: string }): EmailSender {
  return once("ses", () => new SesEmailSender(new SESv2Client(clientConfig(env, "sesv2")), { from: env.EMAIL_FROM, configurationSet: env.SES_CONFIGURATION_SET }));
}

export function smsSenderFrom(
  env: RuntimeEnv & { SMS_PROVIDER: "sms-voice-v2" | "pinpoint"; SMS_ORIGINATION_IDENTITY: string; SMS_CONFIGURATION_SET: string; PINPOINT_APPLICATION_ID: string },
): SmsSender {
  return once(`sms:${env.SMS_PROVIDER}`, () => {
    if (env.SMS_PROVIDER === "pinpoint") {
      if (!env.PINPOINT_APPLICATION_ID) throw new Error("SMS_PROVIDER=pinpoint requires PINPOINT_APPLICATION_ID");
      return new PinpointSmsSender(new PinpointClient(clientConfig(env, "pinpoint")), {
        applicationId: env.PINPOINT_APPLICATION_ID,
        originationNumber: env.SMS_ORIGINATION_IDENTITY,
      });
    }
    return new EndUserMessagingSmsSender(new PinpointSMSVoiceV2Client(clientConfig(env, "smsVoiceV2")), {
      originationIdentity: env.SMS_ORIGINATION_IDENTITY,
      configurationSet: env.SMS_CONFIGURATION_SET,
    });
  });
}

/** For tests: forget cached adapters so a new env takes effect. */
export function resetServices(): void {
  memo.clear();
}
