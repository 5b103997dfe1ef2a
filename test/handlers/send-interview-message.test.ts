import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keys } from "../../lambdas/core/shared/keys.js";
import { lambdaContext, stubHandlerEnv, TEST_SECRETS } from "./handler-env.js";

const ses = mockClient(SESv2Client);
mockClient(PinpointSMSVoiceV2Client);
const secrets = mockClient(SecretsManagerClient);
const ddb = mockClient(DynamoDBDocumentClient);

const candidate = { ...keys.candidateProfile("c1"), kind: "candidate", candidateId: "c1", name: "Alex", emailNorm: "alex@example.com", locale: "en", timeZone: "America/Los_Angeles", preferredChannel: "email", source: "generic", createdAt: "t", updatedAt: "t" };
const interview = {
  ...keys.interview("c1", "i1"), kind: "interview", interviewId: "i1", candidateId: "c1", applicationId: "a1", interviewerId: "iv1",
  startsAt: "2026-03-09T17:00:00.000Z", endsAt: "2026-03-09T18:00:00.000Z", mode: "video", videoUrl: "https://meet.example.com/x", whatToBring: { en: "Your portfolio" }, status: "scheduled", version: 3,
  recruiterEmail: "r@example.com", createdBy: "hr", createdAt: "t", updatedAt: "t",
};

let handler: (e: unknown, c: unknown) => Promise<{ status: string }>;
beforeAll(async () => {
  stubHandlerEnv();
  ({ handler } = (await import("../../lambdas/handlers/send-message.js")) as never);
});

beforeEach(() => {
  ses.reset();
  ddb.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(TEST_SECRETS) });
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.candidateProfile("c1") }).resolves({ Item: candidate });
  ddb.on(GetCommand, { Key: keys.interview("c1", "i1") }).resolves({ Item: interview });
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [candidate] });
  ses.on(SendEmailCommand).resolves({ MessageId: "ses-1" });
});

describe("send-message handler: interview messages", () => {
  it("attaches the ICS as an SES v2 Simple attachment, in UTC, with the version's sequence, and shows the time in the candidate's zone (PDT after the DST change)", async () => {
    await handler({ candidateId: "c1", applicationId: "a1", template: "interview-rescheduled", channel: "email", idempotencyKey: "x#invitation", interviewId: "i1" }, lambdaContext);
    const sent = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    const [attachment] = sent.Content!.Simple!.Attachments!;
    expect(attachment).toMatchObject({ FileName: "interview.ics", ContentType: "text/calendar; charset=UTF-8; method=REQUEST" });
    const ics = Buffer.from(attachment!.RawContent!).toString("utf8");
    expect(ics).toContain("DTSTART:20260309T170000Z");
    expect(ics).toContain("SEQUENCE:6");
    // 17:00Z on 9 March 2026 is 10:00 PDT (Los Angeles moved to UTC-7 on 8 March).
    expect(sent.Content!.Simple!.Subject!.Data).toContain("10:00");
    expect(sent.Content!.Simple!.Body!.Text!.Data).toContain("Your portfolio");
  });

  it("refuses an actionUrl that is not one of our signed links", async () => {
    await expect(
      handler({ candidateId: "c1", applicationId: "a1", template: "interview-self-schedule", channel: "email", idempotencyKey: "y#link", actionUrl: "https://evil.example.com/l/abc" }, lambdaContext),
    ).rejects.toMatchObject({ name: "ValidationError" });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0); // nothing claimed
  });
});
