import { App, Lazy, Stack } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { functionCatalogue } from "../../lib/function-catalogue.js";
import { HirepathFunction, validateEnvironment, type LambdaEnvironment } from "../../lib/constructs/hirepath-function.js";
import { NO_BUNDLING } from "./synth.js";

type SendMessageEnvironment = LambdaEnvironment<typeof functionCatalogue.SendMessage.env>;

function validSendMessageEnv(): SendMessageEnvironment {
  return {
    TABLE_NAME: "hirepath-table",
    SECRETS_ARN: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:hirepath-abc",
    PUBLIC_BASE_URL: "https://api.example.com",
    EMAIL_FROM: "jobs@example.com",
    SES_CONFIGURATION_SET: "hirepath-email",
    SMS_PROVIDER: "sms-voice-v2",
    SMS_ORIGINATION_IDENTITY: "pool-abc",
    SMS_CONFIGURATION_SET: "hirepath-sms",
  };
}

function build(environment: Record<string, unknown>): void {
  const stack = new Stack(new App({ context: NO_BUNDLING }), "EnvTest");
  new HirepathFunction(stack, "SendMessage", {
    spec: functionCatalogue.SendMessage,
    environment: environment as SendMessageEnvironment,
    logRetention: RetentionDays.ONE_WEEK,
    prefix: "test",
  });
}

describe("HirepathFunction environment validation", () => {
  it("accepts a complete environment", () => {
    expect(() => build({ ...validSendMessageEnv() })).not.toThrow();
  });

  it("fails synth naming a missing variable", () => {
    const { EMAIL_FROM: _omitted, ...rest } = validSendMessageEnv();
    expect(() => build(rest)).toThrow(/HirepathFunction "SendMessage": invalid environment — EMAIL_FROM: /);
  });

  it("fully validates literal values (URL, enum, min length)", () => {
    const env = validSendMessageEnv();
    expect(() => build({ ...env, PUBLIC_BASE_URL: "not a url" })).toThrow(/PUBLIC_BASE_URL: /);
    expect(() => build({ ...env, SMS_PROVIDER: "carrier-pigeon" })).toThrow(/SMS_PROVIDER: /);
    expect(() => build({ ...env, SES_CONFIGURATION_SET: "" })).toThrow(/SES_CONFIGURATION_SET: /);
  });

  it("checks only presence for CDK tokens, which cannot be format-checked at synth", () => {
    // Tokens that would fail the literal checks (URL, enum) if they were compared as strings.
    const url = Lazy.string({ produce: () => "https://resolved.example.com" });
    const provider = Lazy.string({ produce: () => "sms-voice-v2" });
    expect(() => build({ ...validSendMessageEnv(), PUBLIC_BASE_URL: url, SMS_PROVIDER: provider })).not.toThrow();
    // …but a token is still not a substitute for a missing variable.
    const { SECRETS_ARN: _omitted, ...rest } = validSendMessageEnv();
    expect(() => build({ ...rest, PUBLIC_BASE_URL: url })).toThrow(/SECRETS_ARN: /);
  });

  it("rejects variables the schema does not know (typos would be silently ignored by the handler)", () => {
    const env = validSendMessageEnv();
    expect(() => build({ ...env, EMAIL_FORM: "jobs@example.com" })).toThrow(/EMAIL_FORM: not a variable of this function's env schema/);
  });

  it("names every problem at once", () => {
    const schema = z.object({ A: z.string().min(1), B: z.url(), C: z.string() });
    expect(() => validateEnvironment("Demo", schema, { B: "nope" })).toThrow(/A: .*; B: .*; C: /);
  });

  it("types environment from the schema", () => {
    // Compile-time checks: a missing required variable and a wrong enum literal are type errors.
    // @ts-expect-error EMAIL_FROM is required by SendMessageEnv
    const missing: SendMessageEnvironment = { ...validSendMessageEnv(), EMAIL_FROM: undefined };
    // @ts-expect-error SMS_PROVIDER is an enum in the schema
    const wrongEnum: SendMessageEnvironment = { ...validSendMessageEnv(), SMS_PROVIDER: "carrier-pigeon" };
    expect([missing, wrongEnum]).toHaveLength(2);
  });
});
