// Handler tests: env stubbed from the schemas (every variable a handler's schema requires), SDK
// clients mocked with aws-sdk-client-mock. Handlers validate env at import, so stub before importing.
import { vi } from "vitest";

export const TEST_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hirepath-test";
export const TEST_SECRETS = {
  webhookSecrets: {
    generic: "whsec_handler_test_secret_000",
    lever: "lever_handler_test_token_0000",
    feishu: "feishu_handler_test_encrypt_key",
    "feishu-verification-token": "feishu_handler_test_verification",
  },
  linkSigningKey: "l".repeat(43),
};

export function stubHandlerEnv(): void {
  const env: Record<string, string> = {
    TABLE_NAME: "hirepath-test",
    HIREPATH_RUNTIME: "aws",
    SECRETS_ARN: TEST_SECRET_ARN,
    JOURNEY_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-application-journey",
    OFFER_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-offer-journey",
    RE_ENGAGEMENT_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-re-engagement",
    SCHEDULE_GROUP_NAME: "hirepath",
    SCHEDULER_ROLE_ARN: "arn:aws:iam::123456789012:role/hirepath-scheduler",
    INTERVIEW_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-interview-journey",
    INTERVIEW_CHANGE_NOTICE_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-interview-change-notice",
    INTERVIEW_PRIORITY_SLA_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-interview-priority-sla",
    INTERVIEW_SCHEDULING_LINK_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-interview-scheduling-link",
    TALENT_IMPORT_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-talent-import",
    RECALL_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-recall-journey",
    CALL_FOLLOW_UP_STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-call-follow-up",
    PUBLIC_BASE_URL: "https://api.example.com",
    EMAIL_FROM: "Hirepath <no-reply@example.com>",
    SES_CONFIGURATION_SET: "hirepath",
    SMS_PROVIDER: "sms-voice-v2",
    SMS_ORIGINATION_IDENTITY: "+12065550100",
    SMS_CONFIGURATION_SET: "hirepath-sms",
    COGNITO_ISSUER: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool",
    COGNITO_DOMAIN_URL: "https://hirepath-hr-123456789012.auth.us-east-1.amazoncognito.com",
    CONSOLE_CLIENT_ID: "console-client-id",
    API_CLIENT_ID: "api-client-id",
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: "SILENT",
    AWS_REGION: "us-east-1",
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
}

export const lambdaContext = {
  functionName: "test",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:test",
  memoryLimitInMB: "256",
  awsRequestId: "req-1",
  logGroupName: "/aws/lambda/test",
  logStreamName: "s",
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
