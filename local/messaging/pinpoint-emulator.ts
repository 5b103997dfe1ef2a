// Amazon Pinpoint SendMessages stand-in (SMS channel only), kept because Hirepath can still send SMS
// through Pinpoint as an alternative to End User Messaging. REST-JSON:
//   POST /v1/apps/{ApplicationId}/messages   body: MessageRequest   → 200 MessageResponse
// so the real @aws-sdk/client-pinpoint works unchanged. Texts go to the same outbox and publish
// the same delivery events as SendTextMessage (sms-events.ts), with the request's Context.
import { randomUUID } from "node:crypto";
import type { EventSink } from "../event-bus.js";
import { restJsonError, restJsonResult, type AwsRequest, type AwsResponse, type ServiceEmulator } from "../http/aws-protocol.js";
import type { BackgroundTasks } from "./event-publishing.js";
import type { OutboxStore } from "./outbox-store.js";
import { E164, SmsEventPublisher } from "./sms-events.js";
import { SmsOptOutList } from "./sms-two-way.js";

export interface PinpointEmulatorOptions {
  store: OutboxStore;
  sink: EventSink;
  /** Pinpoint projects that "exist"; any other ApplicationId is a NotFoundException. */
  applicationIds: string[];
  /** Origination used when neither the request nor the SMS message names one. */
  defaultOriginationNumber?: string;
  /** Pause before each delivery event. Default 250 ms. */
  eventDelayMs?: number;
  log?: (line: string) => void;
  /** Share one tracker between emulators so a single drain() covers events that cause further sends. */
  tasks?: BackgroundTasks;
  /** The account's opt-out list, shared with the End User Messaging emulator. */
  optOuts?: SmsOptOutList;
}

class PinpointError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface SmsMessageBody {
  Body?: string;
  MessageType?: string;
  OriginationNumber?: string;
  SenderId?: string;
  Keyword?: string;
}

interface MessageRequestBody {
  Addresses?: Record<string, { ChannelType?: string; BodyOverride?: string; Context?: Record<string, string> }>;
  Endpoints?: Record<string, unknown>;
  Context?: Record<string, string>;
  MessageConfiguration?: { SMSMessage?: SmsMessageBody; DefaultMessage?: { Body?: string } };
  TraceId?: string;
}

/** Pinpoint's per-address MessageResult. */
interface MessageResult {
  DeliveryStatus: string;
  StatusCode: number;
  MessageId?: string;
  StatusMessage?: string;
}

const PATH = /^\/v1\/apps\/([^/]+)\/messages$/;

export class PinpointEmulator implements ServiceEmulator {
  readonly name = "Pinpoint";
  private readonly store: OutboxStore;
  private readonly applicationIds: Set<string>;
  private readonly defaultOrigination: string;
  readonly events: SmsEventPublisher;
  private readonly optOuts: SmsOptOutList;

  constructor(options: PinpointEmulatorOptions) {
    this.optOuts = options.optOuts ?? SmsOptOutList.inMemory();
    this.store = options.store;
    this.applicationIds = new Set(options.applicationIds);
    this.defaultOrigination = options.defaultOriginationNumber ?? "+12065550100";
    this.events = new SmsEventPublisher(options);
  }

  matches(req: AwsRequest): boolean {
    return req.path.startsWith("/v1/apps");
  }

  async handle(req: AwsRequest): Promise<AwsResponse> {
    try {
      const match = PATH.exec(req.path);
      if (req.method === "POST" && match) return this.sendMessages(decodeURIComponent(match[1]!), parseBody(req));
      throw new PinpointError(400, "BadRequestException", `Pinpoint operation ${req.method} ${req.path} is not emulated in Hirepath local mode (only SendMessages is).`);
    } catch (error) {
      if (error instanceof PinpointError) return restJsonError(error.status, error.type, error.message);
      throw error;
    }
  }

  drain(): Promise<void> {
    return this.events.drain();
  }

  /** After a restart: the events the last process died before publishing (see SmsEventPublisher). */
  resumeEvents(): Promise<number> {
    return this.events.resumeLifecycles("pinpoint");
  }

  private sendMessages(applicationId: string, request: MessageRequestBody): AwsResponse {
    if (!this.applicationIds.has(applicationId)) {
      throw new PinpointError(404, "NotFoundException", `Resource not found: application ${applicationId} does not exist.`);
    }
    if (request.Endpoints && Object.keys(request.Endpoints).length > 0) {
      throw new PinpointError(400, "BadRequestException", "Sending to Endpoints is not emulated in Hirepath local mode; send to Addresses.");
    }
    const addresses = Object.entries(request.Addresses ?? {});
    if (addresses.length === 0) throw new PinpointError(400, "BadRequestException", "Addresses or Endpoints must be specified.");
    if (!request.MessageConfiguration) throw new PinpointError(400, "BadRequestException", "MessageConfiguration is required.");
    const sms = request.MessageConfiguration.SMSMessage;
    const defaultBody = sms?.Body ?? request.MessageConfiguration.DefaultMessage?.Body;

    const result: Record<string, MessageResult> = {};
    for (const [address, config] of addresses) {
      result[address] = this.sendOne(applicationId, address, config, request, sms, defaultBody);
    }
    // SendMessages' HTTP payload is the MessageResponse itself.
    return restJsonResult({ ApplicationId: applicationId, RequestId: randomUUID(), Result: result });
  }

  /** One address: Pinpoint reports per-address failures in Result rather than failing the call. */
  private sendOne(
    applicationId: string,
    address: string,
    config: NonNullable<MessageRequestBody["Addresses"]>[string],
    request: MessageRequestBody,
    sms: SmsMessageBody | undefined,
    defaultBody: string | undefined,
  ): MessageResult {
    const channel = (config.ChannelType ?? "").toUpperCase();
    if (channel !== "SMS") {
      return { DeliveryStatus: "PERMANENT_FAILURE", StatusCode: 400, StatusMessage: `Channel ${channel || "(none)"} is not emulated in Hirepath local mode; only SMS is.` };
    }
    if (!E164.test(address)) {
      return { DeliveryStatus: "PERMANENT_FAILURE", StatusCode: 400, StatusMessage: `Invalid phone number ${address}: use E.164 format, e.g. +8613800138000.` };
    }
    // Pinpoint reports an opted-out address in its MessageResult (DeliveryStatus OPT_OUT: "won't attempt
    // to send the message again"), not as an exception. StatusCode 400 is our choice; AWS documents none.
    if (this.optOuts.has(address)) {
      return { DeliveryStatus: "OPT_OUT", StatusCode: 400, StatusMessage: `The phone number ${address} has opted out of receiving messages.` };
    }
    const body = config.BodyOverride ?? defaultBody;
    if (!body) return { DeliveryStatus: "PERMANENT_FAILURE", StatusCode: 400, StatusMessage: "Message body is empty." };

    const messageType = (sms?.MessageType ?? "TRANSACTIONAL").toUpperCase();
    const messageId = randomUUID();
    const message = this.store.add({
      id: messageId,
      channel: "sms",
      provider: "pinpoint",
      from: sms?.OriginationNumber ?? sms?.SenderId ?? this.defaultOrigination,
      to: [address],
      text: body,
      // Pinpoint adds the request Context (and the address's own) to the SMS event attributes.
      tags: { ...(request.Context ?? {}), ...(config.Context ?? {}) },
      messageType,
      applicationId,
    });
    this.events.scheduleLifecycle(message);
    return { DeliveryStatus: "SUCCESSFUL", StatusCode: 200, MessageId: messageId, StatusMessage: `MessageId: ${messageId}` };
  }
}

function parseBody(req: AwsRequest): MessageRequestBody {
  if (req.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(req.body.toString("utf8"));
    if (parsed && typeof parsed === "object") return parsed as MessageRequestBody;
  } catch {
    // fall through
  }
  throw new PinpointError(400, "BadRequestException", "The request body is not a JSON object.");
}
