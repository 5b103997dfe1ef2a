// AWS End User Messaging SMS (pinpoint-sms-voice-v2) stand-in for local mode: SendTextMessage over
// awsJson1_0 (X-Amz-Target: PinpointSMSVoiceV2.SendTextMessage), so the real
// @aws-sdk/client-pinpoint-sms-voice-v2 works unchanged. Each text is recorded in the outbox and
// its delivery events are published as End User Messaging publishes them to EventBridge (see
// sms-events.ts for the format and for the numbers that simulate failures).
import { randomUUID } from "node:crypto";
import type { EventSink } from "../event-bus.js";
import { awsJsonResult, jsonTarget, type AwsRequest, type AwsResponse, type ServiceEmulator } from "../http/aws-protocol.js";
import type { BackgroundTasks } from "./event-publishing.js";
import type { OutboxStore } from "./outbox-store.js";
import { E164, SmsEventPublisher, type SmsEventType } from "./sms-events.js";
import { leadingKeyword, optOutKeywordOf, SmsOptOutList, type InboundSmsSink, type TwoWayInboundMessage } from "./sms-two-way.js";

export interface SmsEmulatorOptions {
  store: OutboxStore;
  sink: EventSink;
  /** Configuration sets that "exist"; any other name (or ARN) is a ResourceNotFoundException. */
  configurationSets: string[];
  /** Origination used when a request names none (AWS would pick one from the account's pool). */
  defaultOriginationIdentity?: string;
  /** Pause before each delivery event. Default 250 ms. */
  eventDelayMs?: number;
  log?: (line: string) => void;
  /** Share one tracker between emulators so a single drain() covers events that cause further sends. */
  tasks?: BackgroundTasks;
  /** The account's opt-out list (share it with the Pinpoint emulator). Default: a fresh in-memory one. */
  optOuts?: SmsOptOutList;
  /** Custom keywords with action OPT_OUT on the origination number, beyond AWS's required ones (e.g. 退订). */
  customOptOutKeywords?: string[];
  /** The two-way SNS destination: receives every inbound text. */
  inboundSink?: InboundSmsSink;
}

const TARGET_PREFIX = "PinpointSMSVoiceV2";
const JSON_1_0 = "application/x-amz-json-1.0";
const MAX_BODY_LENGTH = 1600; // SendTextMessage MessageBody: 1-1600 characters
const MAX_CONTEXT_ENTRIES = 5; // SendTextMessage Context: at most 5 entries

/** A modeled SMS v2 error; extra members (Reason, ResourceType, ...) are part of the error shape. */
class SmsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toResponse(): AwsResponse {
    return {
      status: this.status,
      headers: { "content-type": JSON_1_0 },
      // The SDK reads the code from __type and the text from Message (SMS v2 models it capitalized).
      body: JSON.stringify({ __type: this.type, Message: this.message, message: this.message, ...this.fields }),
    };
  }
}

function validation(reason: string, message: string, field?: string): SmsError {
  return new SmsError(400, "ValidationException", message, {
    Reason: reason,
    ...(field ? { Fields: [{ Name: field, Message: message }] } : {}),
  });
}

interface SendTextMessageBody {
  DestinationPhoneNumber?: string;
  OriginationIdentity?: string;
  MessageBody?: string;
  MessageType?: string;
  ConfigurationSetName?: string;
  Context?: Record<string, string>;
  DryRun?: boolean;
  TimeToLive?: number;
}

export class SmsEmulator implements ServiceEmulator {
  readonly name = "End User Messaging SMS (pinpoint-sms-voice-v2)";
  private readonly store: OutboxStore;
  private readonly configurationSets: Set<string>;
  private readonly defaultOrigination: string;
  /** Publishes delivery events; also used by the outbox page to simulate delivery receipts. */
  readonly events: SmsEventPublisher;
  readonly optOuts: SmsOptOutList;
  private readonly customOptOutKeywords: string[];
  private readonly inboundSink: InboundSmsSink | undefined;

  constructor(options: SmsEmulatorOptions) {
    this.store = options.store;
    this.configurationSets = new Set(options.configurationSets);
    this.defaultOrigination = options.defaultOriginationIdentity ?? "+12065550100";
    this.events = new SmsEventPublisher(options);
    this.optOuts = options.optOuts ?? SmsOptOutList.inMemory();
    this.customOptOutKeywords = options.customOptOutKeywords ?? [];
    this.inboundSink = options.inboundSink;
  }

  /**
   * A recipient texts our number (outbox page form, tests). An opt-out keyword puts the sender on the
   * opt-out list first, as AWS does on its own; then the message goes to the two-way destination.
   */
  async receiveInbound(input: { from: string; to?: string; body: string }): Promise<TwoWayInboundMessage> {
    if (!E164.test(input.from)) throw new Error(`from must be an E.164 phone number, got ${input.from}`);
    if (!input.body.trim()) throw new Error("body must not be empty");
    const optOut = optOutKeywordOf(input.body, this.customOptOutKeywords);
    if (optOut) this.optOuts.add(input.from, optOut);
    const previous = this.store.list({ to: input.from, channel: "sms", limit: 1 })[0];
    const message: TwoWayInboundMessage = {
      originationNumber: input.from,
      destinationNumber: input.to ?? previous?.from ?? this.defaultOrigination,
      messageKeyword: optOut ?? leadingKeyword(input.body),
      messageBody: input.body,
      inboundMessageId: randomUUID(),
      previousPublishedMessageId: previous?.id ?? "",
    };
    await this.inboundSink?.(message);
    return message;
  }

  matches(req: AwsRequest): boolean {
    return jsonTarget(req)?.prefix === TARGET_PREFIX;
  }

  async handle(req: AwsRequest): Promise<AwsResponse> {
    const operation = jsonTarget(req)?.operation;
    try {
      if (operation === "SendTextMessage") return this.sendTextMessage(parseBody(req));
      throw new SmsError(400, "ValidationException", `SMS v2 operation ${operation ?? "(none)"} is not emulated in Hirepath local mode (only SendTextMessage is).`, {
        Reason: "UNKNOWN_OPERATION",
      });
    } catch (error) {
      if (error instanceof SmsError) return error.toResponse();
      throw error;
    }
  }

  /** Publish a further status for a sent SMS (outbox page "simulate" buttons, tests). */
  simulateStatus(messageId: string, eventType: SmsEventType): Promise<void> {
    return this.events.publish(messageId, eventType);
  }

  drain(): Promise<void> {
    return this.events.drain();
  }

  /** After a restart: the events the last process died before publishing (see SmsEventPublisher). */
  resumeEvents(): Promise<number> {
    return this.events.resumeLifecycles("sms-voice-v2");
  }

  private sendTextMessage(body: SendTextMessageBody): AwsResponse {
    const destination = body.DestinationPhoneNumber;
    if (!destination) throw validation("MISSING_PARAMETER", "DestinationPhoneNumber is required.", "DestinationPhoneNumber");
    if (!E164.test(destination)) {
      throw validation("INVALID_PARAMETER", `DestinationPhoneNumber ${destination} is not a valid E.164 phone number (e.g. +8613800138000).`, "DestinationPhoneNumber");
    }
    const text = body.MessageBody;
    if (!text) throw validation("MISSING_PARAMETER", "MessageBody is required.", "MessageBody");
    if (text.length > MAX_BODY_LENGTH) throw validation("FIELD_VALIDATION_FAILED", `MessageBody is longer than ${MAX_BODY_LENGTH} characters.`, "MessageBody");
    const messageType = body.MessageType ?? "TRANSACTIONAL";
    if (messageType !== "TRANSACTIONAL" && messageType !== "PROMOTIONAL") {
      throw validation("FIELD_VALIDATION_FAILED", `MessageType must be TRANSACTIONAL or PROMOTIONAL, not ${messageType}.`, "MessageType");
    }
    const context = body.Context ?? {};
    if (Object.keys(context).length > MAX_CONTEXT_ENTRIES) {
      throw validation("FIELD_VALIDATION_FAILED", `Context has ${Object.keys(context).length} entries; at most ${MAX_CONTEXT_ENTRIES} are allowed.`, "Context");
    }
    for (const [key, value] of Object.entries(context)) {
      if (typeof value !== "string") throw validation("FIELD_VALIDATION_FAILED", `Context value for ${key} must be a string.`, "Context");
    }

    // Accept a configuration set by name or by ARN, as SendTextMessage does.
    const configurationSet = body.ConfigurationSetName?.replace(/^arn:[^:]+:sms-voice:[^:]*:\d*:configuration-set\//, "");
    if (configurationSet !== undefined && !this.configurationSets.has(configurationSet)) {
      throw new SmsError(404, "ResourceNotFoundException", `Configuration set ${body.ConfigurationSetName} does not exist.`, {
        ResourceType: "configuration-set",
        ResourceId: body.ConfigurationSetName,
      });
    }

    if (this.optOuts.has(destination)) {
      // Only Reason is documented for this case; ResourceType/ResourceId name the account's default list.
      throw new SmsError(400, "ConflictException", `The destination phone number ${destination} has opted out of receiving messages.`, {
        Reason: "DESTINATION_PHONE_NUMBER_OPTED_OUT",
        ResourceType: "opt-out-list",
        ResourceId: "Default",
      });
    }

    const messageId = randomUUID();
    // DryRun: "checked and validated, but isn't sent to the end recipient": nothing to record.
    if (body.DryRun) return awsJsonResult({ MessageId: messageId }, JSON_1_0);

    const message = this.store.add({
      id: messageId,
      channel: "sms",
      provider: "sms-voice-v2",
      from: body.OriginationIdentity ?? this.defaultOrigination,
      to: [destination],
      text,
      tags: { ...context },
      messageType,
      ...(configurationSet !== undefined ? { configurationSet } : {}),
    });
    // End User Messaging sends delivery events to EventBridge whether or not a configuration set is used.
    this.events.scheduleLifecycle(message);
    return awsJsonResult({ MessageId: messageId }, JSON_1_0);
  }
}

function parseBody(req: AwsRequest): SendTextMessageBody {
  if (req.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(req.body.toString("utf8"));
    if (parsed && typeof parsed === "object") return parsed as SendTextMessageBody;
  } catch {
    // fall through
  }
  throw validation("CANNOT_PARSE", "The request body is not a JSON object.");
}
