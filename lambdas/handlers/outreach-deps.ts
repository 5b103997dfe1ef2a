// The outreach port for a handler: the senders its env configures, the store and the clock. Every
// handler that messages anyone builds it here, so no handler or core module holds a sender itself.
import { createOutreach, type Outreach } from "../core/outreach/outreach.js";
import { DEFAULT_LINK_TTL_DAYS } from "../core/outreach/send-message.js";
import { DEFAULT_EVIDENCE_WAIT } from "../core/outreach/send-once.js";
import { systemClock } from "../core/shared/ports.js";
import type { InterviewStore } from "../core/interview/interview-ports.js";
import type { PreferenceStore } from "../core/preferences/preferences-ports.js";
import type { RuntimeEnv } from "../adapters/client-config.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { templateStoreFrom } from "../adapters/dynamo-template-store.js";
import { emailSenderFrom } from "../adapters/ses-email-sender.js";
import { smsSenderFrom } from "../adapters/sms-sender.js";
import { secretsFrom } from "../adapters/secrets.js";
import { chatTargetsFor } from "../adapters/chat-robot-sender.js";
import type { ChatRobot } from "../core/outreach/chat-robots.js";

type EmailEnv = { EMAIL_FROM: string; SES_CONFIGURATION_SET: string };
type SmsEnv = { SMS_PROVIDER: "sms-voice-v2" | "pinpoint"; SMS_ORIGINATION_IDENTITY: string; SMS_CONFIGURATION_SET: string; PINPOINT_APPLICATION_ID: string; SMS_SIGNATURE: string };
type OutreachEnv = RuntimeEnv & EmailEnv & Partial<SmsEnv> & { TABLE_NAME: string; SEND_EVIDENCE_WAIT_SECONDS: number; SECRETS_ARN?: string; PUBLIC_BASE_URL?: string };

export function outreachFrom(env: OutreachEnv, extras: { interviews?: InterviewStore; preferences?: PreferenceStore } = {}): Outreach {
  const sms = env.SMS_PROVIDER && env.SMS_ORIGINATION_IDENTITY && env.SMS_CONFIGURATION_SET ? smsSenderFrom(env as OutreachEnv & SmsEnv) : undefined;
  return createOutreach({
    store: storeFrom(env),
    // HR's message texts: every templated message reads the one in force when it is sent.
    templates: templateStoreFrom(env),
    clock: systemClock,
    email: emailSenderFrom(env),
    ...(sms ? { sms } : {}),
    ...(env.SECRETS_ARN ? { secrets: secretsFrom({ ...env, SECRETS_ARN: env.SECRETS_ARN }) } : {}),
    ...(env.PUBLIC_BASE_URL ? { config: { publicBaseUrl: env.PUBLIC_BASE_URL, linkTtlDays: DEFAULT_LINK_TTL_DAYS, ...(env.SMS_SIGNATURE ? { smsSignature: env.SMS_SIGNATURE } : {}) } } : {}),
    evidence: { ...DEFAULT_EVIDENCE_WAIT, waitMs: env.SEND_EVIDENCE_WAIT_SECONDS * 1000 },
    ...extras,
  });
}

/**
 * The chat robots' "send a test" for the settings page and its API twin: the same robot posting as staff
 * alerts use (loopback only under the local runtime), without the post-once claim, so every press sends.
 */
export function chatTestDeps(env: RuntimeEnv, teams: Pick<InterviewStore, "getTeamChat">) {
  return { teams, targetsFor: (robots: readonly ChatRobot[]) => chatTargetsFor(robots, env.HIREPATH_RUNTIME), clock: systemClock };
}
