// Local messaging for `npm start`: the outbox, the SES v2 / End User Messaging SMS / Pinpoint
// emulators that fill it, and the /outbox pages. createLocalMessaging() wires them together the
// way local mode needs them; the pieces are exported for tests and for custom wiring.
import type { EventSink } from "../event-bus.js";
import type { ServiceEmulator } from "../http/aws-protocol.js";
import { BackgroundTasks } from "./event-publishing.js";
import { createOutboxPages, type OutboxPagesHandler } from "./outbox-pages.js";
import { OutboxStore } from "./outbox-store.js";
import { PinpointEmulator } from "./pinpoint-emulator.js";
import { SesEmulator } from "./ses-emulator.js";
import { SmsEmulator } from "./sms-emulator.js";
import { SmsOptOutList } from "./sms-two-way.js";

export * from "./outbox-store.js";
export * from "./ses-emulator.js";
export * from "./sms-emulator.js";
export * from "./pinpoint-emulator.js";
export * from "./outbox-pages.js";
export * from "./sms-two-way.js";
export { BackgroundTasks, eventBridgeEnvelope } from "./event-publishing.js";
export { SMS_DETAIL_TYPE, SMS_EVENT_SOURCE, SMS_EVENT_TYPES, simulatedSmsOutcome, type SmsEventType } from "./sms-events.js";

export interface LocalMessagingOptions {
  /** Local mode's data directory; the outbox lives in <dataDir>/outbox. */
  dataDir: string;
  /** Where the app's EventBridge rules deliver SES and SMS events. */
  sink: EventSink;
  /** Base URL the outbox pages are served from, e.g. http://localhost:3000. */
  publicBaseUrl: string;
  /** SES configuration sets that exist. */
  sesConfigurationSets: string[];
  /** End User Messaging SMS configuration sets that exist. */
  smsConfigurationSets: string[];
  /** Pinpoint application (project) ids that exist. */
  pinpointApplicationIds?: string[];
  /** Delay between the steps of each message's event sequence (default 250 ms). */
  eventDelayMs?: number;
}

export interface LocalMessaging {
  store: OutboxStore;
  ses: SesEmulator;
  sms: SmsEmulator;
  pinpoint: PinpointEmulator;
  /** Mount these on the local AWS endpoint. */
  emulators: ServiceEmulator[];
  /** Mount this on the local web server; it answers /outbox and below. */
  pages: OutboxPagesHandler;
  /** Wait for every scheduled event to be published (tests, orderly shutdown). */
  drain(): Promise<void>;
}

export async function createLocalMessaging(options: LocalMessagingOptions): Promise<LocalMessaging> {
  const store = await OutboxStore.open(options.dataDir);
  // One task tracker for all three, so drain() also waits for events of messages that an event
  // handler sent while handling an earlier event.
  const tasks = new BackgroundTasks((line) => console.error(line));
  const timing = { tasks, ...(options.eventDelayMs !== undefined ? { eventDelayMs: options.eventDelayMs } : {}) };
  const ses = new SesEmulator({ store, sink: options.sink, configurationSets: options.sesConfigurationSets, publicBaseUrl: options.publicBaseUrl, ...timing });
  // One account-level opt-out list, as both APIs send through the same End User Messaging account.
  const optOuts = SmsOptOutList.open(options.dataDir);
  const sms = new SmsEmulator({ store, sink: options.sink, configurationSets: options.smsConfigurationSets, optOuts, ...timing });
  const pinpoint = new PinpointEmulator({ store, sink: options.sink, applicationIds: options.pinpointApplicationIds ?? [], optOuts, ...timing });
  return {
    store,
    ses,
    sms,
    pinpoint,
    emulators: [ses, sms, pinpoint],
    pages: createOutboxPages({ store, ses, sms, pinpoint }),
    drain: () => tasks.drain(),
  };
}
