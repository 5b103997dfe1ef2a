import { beforeAll, describe, expect, it } from "vitest";
import { functionCatalogue, functionIds, type FunctionId } from "../../lib/function-catalogue.js";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { configFromContext, PlaceholderDeployError, PLACEHOLDERS } from "../../lib/constructs/config.js";
import { EMAIL_EVENT_DETAIL_TYPES } from "../../lib/constructs/messaging.js";
import { actionsOf, functionResource, logicalIdOf, resourcesOf, resourcesOfStatement, statementsOfRole, synthHirepath, type Synthesized } from "./synth.js";

const PINPOINT_APP = "0123456789abcdef0123456789abcdef";

let defaults: Synthesized;
let pinpoint: Synthesized;
beforeAll(() => {
  defaults = synthHirepath({ emailFrom: "jobs@acme-hr.example", smsOriginationIdentity: "phone-0123456789abcdef0123456789abcdef" });
  pinpoint = synthHirepath({ smsProvider: "pinpoint", pinpointApplicationId: PINPOINT_APP, smsOriginationIdentity: "+15555550100" });
});

function needs(id: FunctionId, need: string): boolean {
  return (functionCatalogue[id].needs as readonly string[]).includes(need);
}

function ruleFor(s: Synthesized, source: string) {
  const rules = Object.values(resourcesOf(s.template, "AWS::Events::Rule")).filter((r) => r.Properties.EventPattern.source.includes(source));
  expect(rules).toHaveLength(1);
  return rules[0]!.Properties;
}

function statementsWith(s: Synthesized, id: FunctionId, prefix: string) {
  return statementsOfRole(s.template, logicalIdOf(s.stack, s.stack.functions[id].role)).filter((st) => actionsOf(st).some((a) => a.startsWith(prefix)));
}

describe("SES", () => {
  it("creates the domain identity of emailFrom with the configuration set as default", () => {
    defaults.template.hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "acme-hr.example",
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalIdOf(defaults.stack, defaults.stack.messaging.emailConfigurationSet) } },
    });
    const outputs = defaults.template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs).filter((k) => k.startsWith("DkimCname"))).toHaveLength(3);
  });

  it("publishes all delivery and engagement events of its configuration set to the default bus", () => {
    const [destination] = Object.values(resourcesOf(defaults.template, "AWS::SES::ConfigurationSetEventDestination"));
    expect(destination!.Properties.ConfigurationSetName).toEqual({ Ref: logicalIdOf(defaults.stack, defaults.stack.messaging.emailConfigurationSet) });
    const eventDestination = destination!.Properties.EventDestination;
    expect(eventDestination.Enabled).toBe(true);
    expect([...eventDestination.MatchingEventTypes].sort()).toEqual(["bounce", "click", "complaint", "delivery", "deliveryDelay", "open", "reject", "send"]);
    expect(JSON.stringify(eventDestination.EventBridgeDestination.EventBusArn)).toContain(":event-bus/default");
  });

  it("routes aws.ses events to MessageEvents, with a DLQ", () => {
    const messageEvents = logicalIdOf(defaults.stack, defaults.stack.functions.MessageEvents.function);
    const dlq = logicalIdOf(defaults.stack, defaults.stack.messageEventsDlq);
    expect(ruleFor(defaults, "aws.ses")).toMatchObject({
      EventPattern: { source: ["aws.ses"], "detail-type": [...EMAIL_EVENT_DETAIL_TYPES] },
      Targets: [{ Arn: { "Fn::GetAtt": [messageEvents, "Arn"] }, DeadLetterConfig: { Arn: { "Fn::GetAtt": [dlq, "Arn"] } } }],
    });
  });

  it("grants ses:SendEmail on exactly the identity and configuration set, only to sendEmail functions, with env", () => {
    const identity = logicalIdOf(defaults.stack, defaults.stack.messaging.emailIdentity);
    const configSet = logicalIdOf(defaults.stack, defaults.stack.messaging.emailConfigurationSet);
    for (const id of functionIds) {
      const ses = statementsWith(defaults, id, "ses:");
      const env = functionResource(defaults, id).Properties.Environment.Variables as Record<string, unknown>;
      if (!needs(id, "sendEmail")) {
        expect(ses, id).toEqual([]);
        continue;
      }
      expect(ses.flatMap(actionsOf)).toEqual(["ses:SendEmail"]);
      const resources = ses.flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
      expect(resources).toHaveLength(2);
      expect(resources.some((r) => r.includes(":identity/") && r.includes(identity))).toBe(true);
      expect(resources.some((r) => r.includes(":configuration-set/") && r.includes(configSet))).toBe(true);
      expect(resources.join()).not.toContain("*");
      expect(env.EMAIL_FROM).toBe("jobs@acme-hr.example");
      expect(env.SES_CONFIGURATION_SET).toEqual({ Ref: configSet });
    }
  });
});

describe("SMS with End User Messaging SMS (default)", () => {
  it("creates the SMS configuration set and routes aws.sms-voice text events to MessageEvents", () => {
    defaults.template.hasResourceProperties("AWS::SMSVOICE::ConfigurationSet", { ConfigurationSetName: "hirepath-sms" });
    expect(ruleFor(defaults, "aws.sms-voice")).toMatchObject({
      EventPattern: { source: ["aws.sms-voice"], "detail-type": ["Text Message Delivery Status Updated"] },
      Targets: [{ Arn: { "Fn::GetAtt": [logicalIdOf(defaults.stack, defaults.stack.functions.MessageEvents.function), "Arn"] } }],
    });
  });

  it("grants sms-voice:SendTextMessage on the configuration set and the origination identity only", () => {
    for (const id of functionIds) {
      const sms = [...statementsWith(defaults, id, "sms-voice:"), ...statementsWith(defaults, id, "mobiletargeting:")];
      if (!needs(id, "sendSms")) {
        expect(sms, id).toEqual([]);
        continue;
      }
      expect(sms.flatMap(actionsOf)).toEqual(["sms-voice:SendTextMessage"]);
      const resources = sms.flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
      expect(resources).toEqual([
        JSON.stringify({ "Fn::GetAtt": [defaults.stack.resolve(defaults.stack.messaging.smsConfigurationSet.logicalId), "Arn"] }),
        expect.stringContaining(":phone-number/phone-0123456789abcdef0123456789abcdef"),
      ]);
      const env = functionResource(defaults, id).Properties.Environment.Variables as Record<string, unknown>;
      expect(env).toMatchObject({
        SMS_PROVIDER: "sms-voice-v2",
        SMS_ORIGINATION_IDENTITY: "phone-0123456789abcdef0123456789abcdef",
        SMS_CONFIGURATION_SET: "hirepath-sms",
        PINPOINT_APPLICATION_ID: "",
      });
    }
  });
});

describe("SMS with an existing Pinpoint project (smsProvider=pinpoint)", () => {
  it("grants mobiletargeting:SendMessages on that project only, and no sms-voice sending", () => {
    for (const id of functionIds.filter((f) => needs(f, "sendSms"))) {
      expect(statementsWith(pinpoint, id, "sms-voice:"), id).toEqual([]);
      const mt = statementsWith(pinpoint, id, "mobiletargeting:");
      expect(mt.flatMap(actionsOf)).toEqual(["mobiletargeting:SendMessages"]);
      const resources = mt.flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
      expect(resources).toHaveLength(2);
      for (const r of resources) expect(r).toContain(`:apps/${PINPOINT_APP}`);
      expect(resources.join()).not.toContain("*");
      const env = functionResource(pinpoint, id).Properties.Environment.Variables as Record<string, unknown>;
      expect(env).toMatchObject({ SMS_PROVIDER: "pinpoint", PINPOINT_APPLICATION_ID: PINPOINT_APP, SMS_ORIGINATION_IDENTITY: "+15555550100" });
    }
  });

  it("keeps the SMS configuration set, so switching providers is a context change", () => {
    pinpoint.template.resourceCountIs("AWS::SMSVOICE::ConfigurationSet", 1);
  });
});

describe("messaging context validation", () => {
  // A demo synth unless a test says otherwise: these check each key's own validation.
  const ctx = (values: Record<string, unknown>) => ({ tryGetContext: (key: string) => ({ demo: "true", ...values })[key] });

  it("defaults a demo synth to documented placeholders and sms-voice-v2", () => {
    const config = configFromContext(ctx({}));
    expect(config).toMatchObject({
      demo: true,
      emailFrom: PLACEHOLDERS.emailFrom,
      sesIdentity: "example.com",
      smsProvider: "sms-voice-v2",
      smsOriginationIdentity: PLACEHOLDERS.smsOriginationIdentity,
      pinpointApplicationId: "",
    });
  });

  it("rejects pinpoint without a project id or E.164 origination number", () => {
    expect(configFromContext(ctx({ pitrRecoveryDays: "7" })).pitrRecoveryDays).toBe(7);
    expect(() => configFromContext(ctx({ pitrRecoveryDays: "36" }))).toThrow(/pitrRecoveryDays/);
    expect(() => configFromContext(ctx({ smsProvider: "pinpoint" }))).toThrow(/pinpointApplicationId/);
    expect(() => configFromContext(ctx({ smsProvider: "pinpoint", pinpointApplicationId: PINPOINT_APP }))).toThrow(/smsOriginationIdentity/);
  });

  it("rejects an sms-voice-v2 origination identity IAM cannot be scoped to", () => {
    expect(() => configFromContext(ctx({ smsOriginationIdentity: "+15555550100" }))).toThrow(/phone number id/);
  });

  it("rejects an SES identity that does not cover emailFrom, and an unknown provider", () => {
    expect(() => configFromContext(ctx({ emailFrom: "jobs@acme.example", sesIdentity: "other.example" }))).toThrow(/does not cover emailFrom/);
    expect(() => configFromContext(ctx({ smsProvider: "sns" }))).toThrow(/smsProvider/);
  });

  it("references an existing SES identity instead of creating it when sesIdentityExists=true", () => {
    const s = synthHirepath({ emailFrom: "jobs@acme-hr.example", sesIdentityExists: "true" });
    s.template.resourceCountIs("AWS::SES::EmailIdentity", 0);
    const ses = statementsWith(s, "SendMessage", "ses:").flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
    expect(ses.some((r) => r.includes(":identity/acme-hr.example"))).toBe(true);
  });
});

describe("no placeholder deploys", () => {
  const deploy = (values: Record<string, unknown>) => ({ tryGetContext: (key: string) => values[key] });
  const REAL = { emailFrom: "hr@acme-hr.com", smsOriginationIdentity: "pool-0123456789abcdef0123456789abcdef" };

  it("refuses a synth without a sender or an SMS origination identity, naming each, and says how to deploy", () => {
    const error = (() => {
      try {
        configFromContext(deploy({}));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PlaceholderDeployError);
    expect((error as PlaceholderDeployError).problems.map((p) => p.split(" ")[0])).toEqual(['"emailFrom"', '"smsOriginationIdentity"']);
    expect((error as Error).message).toMatch(/-c emailFrom=.* -c smsOriginationIdentity=/);
    expect((error as Error).message).toContain("demo=true");
  });

  it("refuses a sender or SES identity on a domain SES can never verify", () => {
    for (const emailFrom of [PLACEHOLDERS.emailFrom, "jobs@acme-hr.example", "no-reply@hirepath.local", "hr@x.test", "hr@example.org"]) {
      expect(() => configFromContext(deploy({ ...REAL, emailFrom })), emailFrom).toThrow(/can never verify/);
    }
    expect(() => configFromContext(deploy({ ...REAL, emailFrom: "hr@example.org", sesIdentity: "hr@example.org" }))).toThrow(PlaceholderDeployError);
    expect(() => configFromContext(deploy({ emailFrom: REAL.emailFrom }))).toThrow(/"smsOriginationIdentity" is not set/);
  });

  it("synthesizes with real values, for either SMS provider, and with demo=true", () => {
    expect(configFromContext(deploy(REAL))).toMatchObject({ demo: false, emailFrom: REAL.emailFrom, sesIdentity: "acme-hr.com", smsOriginationIdentity: REAL.smsOriginationIdentity });
    expect(configFromContext(deploy({ emailFrom: REAL.emailFrom, smsProvider: "pinpoint", pinpointApplicationId: PINPOINT_APP, smsOriginationIdentity: "+15555550100" })).demo).toBe(false);
    const real = synthHirepath({ ...REAL, demo: "false" });
    real.template.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "acme-hr.com" });
    expect(configFromContext(deploy({ demo: "true" })).emailFrom).toBe(PLACEHOLDERS.emailFrom);
  });

  it("makes `cdk synth` with cdk.json's context fail with the message, not a stack trace", () => {
    const out = mkdtempSync(join(tmpdir(), "hirepath-synth-"));
    try {
      const run = spawnSync("npx", ["cdk", "synth", "-q", "-o", out], { cwd: fileURLToPath(new URL("../../", import.meta.url)), encoding: "utf8", timeout: 180_000 });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("Hirepath will not synthesize for deployment with placeholder messaging settings");
      expect(run.stderr).toContain('"emailFrom" is not set');
      expect(run.stderr).not.toMatch(/at configFromContext/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 200_000);
});
