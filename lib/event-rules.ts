// EventBridge rules, shared by CDK and the local event bus so both route the same events.
import type { FunctionId } from "./function-catalogue.js";

export interface EventRule {
  readonly id: string;
  readonly description: string;
  /** Matched on `source` only; that is all our rules need. */
  readonly sources: readonly string[];
  readonly target: FunctionId;
}

export const SES_EVENT_SOURCE = "aws.ses";
/** End User Messaging SMS publishes text events to EventBridge under this source. */
export const SMS_EVENT_SOURCE = "aws.sms-voice";

export const eventRules: readonly EventRule[] = [
  { id: "MessageEventsRule", description: "SES and SMS delivery/engagement events to MessageEvents", sources: [SES_EVENT_SOURCE, SMS_EVENT_SOURCE], target: "MessageEvents" },
];
