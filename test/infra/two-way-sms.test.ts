// Two-way SMS: the SNS topic End User Messaging publishes inbound texts to (STOP included), its
// encryption and policies, and the InboundSms function subscribed to it with least privilege.
import { beforeAll, describe, expect, it } from "vitest";
import { actionsOf, logicalIdOf, resourcesOf, resourcesOfStatement, statementsOfRole, synthHirepath, type Synthesized } from "./synth.js";

let s: Synthesized;
beforeAll(() => {
  s = synthHirepath({ smsOriginationIdentity: "phone-0123456789abcdef0123456789abcdef" });
});

describe("two-way SMS topic", () => {
  it("is encrypted with its own rotating customer-managed key and refuses non-TLS requests", () => {
    const topicId = logicalIdOf(s.stack, s.stack.messaging.twoWaySmsTopic);
    const topic = s.template.toJSON().Resources[topicId];
    expect(topic.Properties.TopicName).toBe("hirepath-two-way-sms");
    const keyId = topic.Properties.KmsMasterKeyId["Fn::GetAtt"][0] as string;
    expect(s.template.toJSON().Resources[keyId].Properties.EnableKeyRotation).toBe(true);
    const policies = Object.values(resourcesOf(s.template, "AWS::SNS::TopicPolicy")).filter((p) => JSON.stringify(p.Properties.Topics).includes(topicId));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>);
    expect(statements.some((st) => st.Effect === "Deny" && JSON.stringify(st.Condition).includes('"aws:SecureTransport":"false"'))).toBe(true);
  });

  it("lets only End User Messaging in this account publish, and use the key", () => {
    const topicId = logicalIdOf(s.stack, s.stack.messaging.twoWaySmsTopic);
    const statements = Object.values(resourcesOf(s.template, "AWS::SNS::TopicPolicy"))
      .filter((p) => JSON.stringify(p.Properties.Topics).includes(topicId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>);
    const publish = statements.find((st) => st.Effect === "Allow" && actionsOf(st as never).includes("sns:Publish"));
    expect(publish?.Principal).toEqual({ Service: "sms-voice.amazonaws.com" });
    expect(publish?.Condition.StringEquals["aws:SourceAccount"]).toEqual({ Ref: "AWS::AccountId" });
    const keyId = s.template.toJSON().Resources[topicId].Properties.KmsMasterKeyId["Fn::GetAtt"][0] as string;
    const keyStatements = s.template.toJSON().Resources[keyId].Properties.KeyPolicy.Statement as Array<Record<string, any>>;
    const smsVoice = keyStatements.find((st) => JSON.stringify(st.Principal).includes("sms-voice.amazonaws.com"));
    expect(actionsOf(smsVoice as never).sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    expect(smsVoice?.Condition.StringEquals["aws:SourceAccount"]).toEqual({ Ref: "AWS::AccountId" });
  });

  it("delivers to InboundSms (failed deliveries to the message-events DLQ) and outputs its ARN for the manual two-way step", () => {
    const topicId = logicalIdOf(s.stack, s.stack.messaging.twoWaySmsTopic);
    s.template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "lambda",
      TopicArn: { Ref: topicId },
      Endpoint: { "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.functions.InboundSms.function), "Arn"] },
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.messageEventsDlq), "Arn"] } },
    });
    s.template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "sns.amazonaws.com",
      SourceArn: { Ref: topicId },
    });
    expect((s.template.toJSON().Outputs as Record<string, { Value: unknown }>).TwoWaySmsTopicArn?.Value).toEqual({ Ref: topicId });
  });

  it("gives InboundSms table access and its on-failure destination only: no messaging, secrets or workflow permissions", () => {
    const statements = statementsOfRole(s.template, logicalIdOf(s.stack, s.stack.functions.InboundSms.role));
    const others = statements.filter((st) => actionsOf(st).some((a) => !/^(dynamodb|kms|logs|xray):/.test(a)));
    // Lambda sends a text the function failed on three times to the DLQ with the function's role.
    expect(others.flatMap(actionsOf).every((a) => a.startsWith("sqs:"))).toBe(true);
    expect(others.flatMap(actionsOf)).toContain("sqs:SendMessage");
    expect(others.flatMap(resourcesOfStatement)).toEqual(others.map(() => ({ "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.messageEventsDlq), "Arn"] })));
  });
});
