// Opt-outs and two-way SMS for the End User Messaging and Pinpoint emulators.
//
// How AWS does it (sources):
// - Opt-out list: "destination identities are automatically added to the opt-out list if they reply
//   to your originator phone number with the keyword STOP ... If you attempt to send a message to a
//   destination number that is on an opt-out list ... AWS End User Messaging SMS doesn't attempt to
//   send the message." https://docs.aws.amazon.com/sms-voice/latest/userguide/opt-out-list.html
// - The required opt-out keywords: ARRET, CANCEL, END, OPT-OUT, OPTOUT, QUIT, REMOVE, STOP, TD,
//   UNSUBSCRIBE; keywords are case-insensitive and a message "begins with a keyword".
//   https://docs.aws.amazon.com/sms-voice/latest/userguide/opt-out-list-keywords.html and
//   https://docs.aws.amazon.com/sms-voice/latest/userguide/keywords.html
//   "退订" is NOT one of them: a Chinese opt-out word must be added to the phone number or pool as a
//   custom keyword with action OPT_OUT (see the README); the local stack configures it that way.
// - SendTextMessage to an opted-out number fails with ConflictException, Reason
//   DESTINATION_PHONE_NUMBER_OPTED_OUT (the ConflictExceptionReason enum of the SMS v2 API:
//   https://docs.aws.amazon.com/botocore/latest/reference/services/pinpoint-sms-voice-v2/client/exceptions/ConflictException.html).
//   Pinpoint SendMessages answers 200 with the address's DeliveryStatus OPT_OUT.
// - Two-way SMS: an inbound message is published to the number's SNS topic as
//   {originationNumber, destinationNumber, messageKeyword, messageBody, inboundMessageId,
//   previousPublishedMessageId}. https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const AWS_OPT_OUT_KEYWORDS = ["ARRET", "CANCEL", "END", "OPT-OUT", "OPTOUT", "QUIT", "REMOVE", "STOP", "TD", "UNSUBSCRIBE"] as const;

/** The JSON End User Messaging publishes to the two-way SNS topic for each inbound text. */
export interface TwoWayInboundMessage {
  originationNumber: string;
  destinationNumber: string;
  messageKeyword: string;
  messageBody: string;
  inboundMessageId: string;
  previousPublishedMessageId: string;
}

/** Where the emulator delivers inbound messages (the SNS topic → InboundSms subscription locally). */
export type InboundSmsSink = (message: TwoWayInboundMessage) => Promise<void>;

/** The keyword an inbound body starts with, upper-cased ("stop please" → "STOP", "退订" → "退订"). */
export function leadingKeyword(body: string): string {
  return (body.trim().split(/\s+/)[0] ?? "").toUpperCase();
}

/** Whether `body` opts its sender out, with AWS's keywords plus the number's custom OPT_OUT keywords. */
export function optOutKeywordOf(body: string, customKeywords: readonly string[] = []): string | undefined {
  const keyword = leadingKeyword(body);
  const all = new Set([...AWS_OPT_OUT_KEYWORDS, ...customKeywords.map((k) => k.toUpperCase())]);
  return all.has(keyword) ? keyword : undefined;
}

/** The account's opt-out list ("Default"), durable as ndjson beside the outbox. */
export class SmsOptOutList {
  private readonly numbers = new Map<string, { at: string; keyword: string }>();

  private constructor(private readonly file: string | undefined) {}

  /** In memory only (tests). */
  static inMemory(): SmsOptOutList {
    return new SmsOptOutList(undefined);
  }

  /** Replays <dataDir>/outbox/sms-opt-outs.ndjson. */
  static open(dataDir: string): SmsOptOutList {
    const dir = join(dataDir, "outbox");
    mkdirSync(dir, { recursive: true });
    const list = new SmsOptOutList(join(dir, "sms-opt-outs.ndjson"));
    if (existsSync(list.file!)) {
      for (const line of readFileSync(list.file!, "utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as { phoneNumber: string; at: string; keyword: string };
          list.numbers.set(entry.phoneNumber, { at: entry.at, keyword: entry.keyword });
        } catch {
          // a torn last line after a crash: the opt-out before it still counts
        }
      }
    }
    return list;
  }

  has(phoneNumber: string): boolean {
    return this.numbers.has(phoneNumber);
  }

  add(phoneNumber: string, keyword: string, at = new Date().toISOString()): void {
    if (this.numbers.has(phoneNumber)) return;
    this.numbers.set(phoneNumber, { at, keyword });
    if (this.file) appendFileSync(this.file, `${JSON.stringify({ phoneNumber, at, keyword })}\n`);
  }

  list(): Array<{ phoneNumber: string; at: string; keyword: string }> {
    return [...this.numbers].map(([phoneNumber, e]) => ({ phoneNumber, ...e }));
  }
}
