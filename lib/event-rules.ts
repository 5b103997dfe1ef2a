// EventBridge rules, shared by CDK (lib/constructs/messaging.ts) and the local event bus, so both
// route exactly the same events to the same function.
import type { FunctionId } from "./function-catalogue.js";

export interface EventRule {
  readonly id: string;
  readonly description: string;
  readonly source: string;
  readonly detailTypes: readonly string[];
  readonly target: FunctionId;
}

export const SES_EVENT_SOURCE = "aws.ses";
/** EventBridge detail-types SES uses for the configuration set's event types. */
export const EMAIL_EVENT_DETAIL_TYPES = [
  "Email Sent",
  "Email Delivered",
  "Email Bounced",
  "Email Complaint Received",
  "Email Opened",
  "Email Clicked",
  "Email Rejected",
  "Email Delivery Delayed",
] as const;

/**
 * AWS End User Messaging SMS publishes text delivery status to the default bus on its own (its event
 * destinations can only be CloudWatch Logs, Firehose or SNS; there is no EventBridge destination type).
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/monitor-event-bridge.html
 */
export const SMS_EVENT_SOURCE = "aws.sms-voice";
export const SMS_EVENT_DETAIL_TYPES = ["Text Message Delivery Status Updated"] as const;

export const eventRules: readonly EventRule[] = [
  { id: "EmailEventsRule", description: "Hirepath: SES delivery/engagement events to MessageEvents", source: SES_EVENT_SOURCE, detailTypes: EMAIL_EVENT_DETAIL_TYPES, target: "MessageEvents" },
  { id: "SmsEventsRule", description: "Hirepath: End User Messaging SMS delivery events to MessageEvents", source: SMS_EVENT_SOURCE, detailTypes: SMS_EVENT_DETAIL_TYPES, target: "MessageEvents" },
];

export function ruleMatches(rule: EventRule, event: { source: string; "detail-type": string }): boolean {
  return rule.source === event.source && rule.detailTypes.includes(event["detail-type"]);
}
