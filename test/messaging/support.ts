// Test harness for the messaging emulators: a loopback node:http server that turns each request
// into an AwsRequest for the emulators (or hands it to the outbox pages), real SDK clients pointed
// at it, and an event sink that records what the "EventBridge rule" would have delivered.
import { PinpointClient } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventBridgeEvent } from "../../local/event-bus.js";
import type { AwsRequest, ServiceEmulator } from "../../local/http/aws-protocol.js";
import { createOutboxPages, type OutboxPagesHandler } from "../../local/messaging/outbox-pages.js";
import { OutboxStore } from "../../local/messaging/outbox-store.js";
import { PinpointEmulator } from "../../local/messaging/pinpoint-emulator.js";
import { SesEmulator } from "../../local/messaging/ses-emulator.js";
import { SmsEmulator } from "../../local/messaging/sms-emulator.js";

export const CONFIG_SET = "hirepath-test";
export const SMS_CONFIG_SET = "hirepath-test-sms";
export const PINPOINT_APP = "0123456789abcdef0123456789abcdef";

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** Serve the emulators (and optionally the outbox pages) on a random loopback port. */
export async function startServer(emulators: ServiceEmulator[], pages?: OutboxPagesHandler): Promise<TestServer> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (pages && (await pages(req, res))) return;
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const url = new URL(req.url ?? "/", "http://local");
        const request: AwsRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
        const emulator = emulators.find((e) => e.matches(request));
        if (!emulator) {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: `no emulator for ${request.path}` }));
          return;
        }
        const response = await emulator.handle(request);
        res.writeHead(response.status, response.headers ?? {});
        res.end(response.body);
      } catch (error) {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: String(error) }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
});

/** Everything a messaging test needs, backed by a fresh temp data dir. */
export interface Harness {
  dataDir: string;
  store: OutboxStore;
  events: EventBridgeEvent[];
  ses: SesEmulator;
  sms: SmsEmulator;
  pinpoint: PinpointEmulator;
  server: TestServer;
  sesClient: SESv2Client;
  smsClient: PinpointSMSVoiceV2Client;
  pinpointClient: PinpointClient;
  /** Replace the event sink's behaviour (default: record the event). */
  onEvent: (handler: (event: EventBridgeEvent) => Promise<void>) => void;
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(options: { withPages?: boolean } = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), "hirepath-outbox-"));
  const store = await OutboxStore.open(dataDir);
  const events: EventBridgeEvent[] = [];
  let handler: (event: EventBridgeEvent) => Promise<void> = async () => undefined;
  const sink = async (event: EventBridgeEvent) => {
    events.push(event);
    await handler(event);
  };
  const log = () => undefined; // keep expected handler failures out of the test output

  // The outbox pages and the AWS endpoint share one server, so publicBaseUrl is known only after
  // listening; the SES emulator is created lazily through this indirection.
  let ses!: SesEmulator;
  let sms!: SmsEmulator;
  let pinpoint!: PinpointEmulator;
  const lazy: ServiceEmulator[] = [
    { name: "ses", matches: (r) => ses.matches(r), handle: (r) => ses.handle(r) },
    { name: "sms", matches: (r) => sms.matches(r), handle: (r) => sms.handle(r) },
    { name: "pinpoint", matches: (r) => pinpoint.matches(r), handle: (r) => pinpoint.handle(r) },
  ];
  let pages: OutboxPagesHandler | undefined;
  const server = await startServer(lazy, options.withPages ? (req, res) => pages!(req, res) : undefined);
  ses = new SesEmulator({ store, sink, configurationSets: [CONFIG_SET], publicBaseUrl: server.url, eventDelayMs: 0, log });
  sms = new SmsEmulator({ store, sink, configurationSets: [SMS_CONFIG_SET], eventDelayMs: 0, log });
  pinpoint = new PinpointEmulator({ store, sink, applicationIds: [PINPOINT_APP], eventDelayMs: 0, log });
  pages = createOutboxPages({ store, ses, sms, pinpoint });

  const harness: Harness = {
    dataDir,
    store,
    events,
    ses,
    sms,
    pinpoint,
    server,
    sesClient: new SESv2Client(clientConfig(server.url)),
    smsClient: new PinpointSMSVoiceV2Client(clientConfig(server.url)),
    pinpointClient: new PinpointClient(clientConfig(server.url)),
    onEvent: (h) => {
      handler = h;
    },
    drain: async () => {
      await Promise.all([ses.drain(), sms.drain(), pinpoint.drain()]);
    },
    close: async () => {
      await harness.drain();
      harness.sesClient.destroy();
      harness.smsClient.destroy();
      harness.pinpointClient.destroy();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The events published for one message, in order. */
export function eventsFor(events: EventBridgeEvent[], messageId: string): EventBridgeEvent<Record<string, any>>[] {
  return (events as EventBridgeEvent<Record<string, any>>[]).filter(
    (e) => e.detail?.["mail"]?.messageId === messageId || e.detail?.["messageId"] === messageId,
  );
}

/** Build a MIME message with CRLF line endings. */
export function mime(lines: string[]): Buffer {
  return Buffer.from(lines.join("\r\n"), "utf8");
}

export function base64Lines(data: Buffer | string, width = 76): string {
  const b64 = Buffer.from(data).toString("base64");
  return b64.match(new RegExp(`.{1,${width}}`, "g"))!.join("\r\n");
}

/** Quoted-printable encoding of UTF-8 text (RFC 2045 6.7), with soft breaks under 76 columns. */
export function quotedPrintable(text: string): string {
  const lines: string[] = [];
  for (const sourceLine of text.split("\n")) {
    let line = "";
    for (const byte of Buffer.from(sourceLine, "utf8")) {
      const token = byte >= 33 && byte <= 126 && byte !== 61 ? String.fromCharCode(byte) : byte === 32 ? " " : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
      if (line.length + token.length > 75) {
        lines.push(`${line}=`);
        line = "";
      }
      line += token;
    }
    lines.push(line);
  }
  return lines.join("\r\n");
}
