// A world for crash tests: the real stores against dynalite (with its transaction layer) and the
// real workflow starter against the local Step Functions engine, with one crash switch. Armed at
// n, the switch lets n effects through (DynamoDB writes and workflow starts), then refuses every
// later one, as a process killed at that boundary would never have made them. Disarmed, the
// same operation runs again: that is the retry.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { SFNClient } from "@aws-sdk/client-sfn";
import { createDocumentClient, DynamoHirepathStore } from "../../lambdas/adapters/dynamo-store.js";
import { SfnJourneyStarter } from "../../lambdas/adapters/journey-starter.js";
import { DynamoInterviewStore } from "../../lambdas/adapters/interview-store.js";
import { DynamoTalentStore } from "../../lambdas/adapters/dynamo-talent-store.js";
import { DynamoOfferStore } from "../../lambdas/adapters/dynamo-offer-store.js";
import { DynamoTaskStore } from "../../lambdas/adapters/dynamo-task-store.js";
import { SfnTaskCallbacks } from "../../lambdas/adapters/sfn-task-callbacks.js";
import { LocalFileStore } from "../../lambdas/adapters/file-store.js";
import type { FileStore } from "../../lambdas/core/shared/file-store.js";
import type { Clock, JourneyStarter, TaskCallbacks } from "../../lambdas/core/shared/ports.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";
import { startEmulatorServer, type EmulatorServer } from "../../local/aws/emulator-server.js";
import { LocalStepFunctions } from "../../local/sfn/engine.js";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SesEmailSender } from "../../lambdas/adapters/ses-email-sender.js";
import { EndUserMessagingSmsSender } from "../../lambdas/adapters/sms-sender.js";
import type { EmailSender, SmsSender } from "../../lambdas/core/shared/ports.js";
import { recordMessageEvent, MessageEventEnvelope } from "../../lambdas/core/outreach/message-events.js";
import { OutboxStore } from "../../local/messaging/outbox-store.js";
import { SesEmulator } from "../../local/messaging/ses-emulator.js";
import { SmsEmulator } from "../../local/messaging/sms-emulator.js";
import type { EventBridgeEvent } from "../../local/event-bus.js";
import { createSfnEmulator } from "../../local/sfn/sfn-endpoint.js";
import type { InterviewWorkflows } from "../../lambdas/core/interview/interview-ports.js";

const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]);

export class CrashSwitch {
  private allowance: number | undefined;
  /** Effects let through since the switch was last armed or reset. */
  effects = 0;
  /** Effects refused since the switch was armed: at least one means the crash happened. */
  refused = 0;

  /** Lets `effects` more effects through, then refuses every later one. */
  arm(effects: number): void {
    this.allowance = effects;
    this.effects = 0;
    this.refused = 0;
  }

  disarm(): void {
    this.allowance = undefined;
    this.effects = 0;
  }

  /** True when this effect must be refused. */
  take(): boolean {
    if (this.allowance !== undefined && this.effects >= this.allowance) {
      this.refused++;
      return true;
    }
    this.effects++;
    return false;
  }
}

export class CrashError extends Error {
  constructor(what: string) {
    super(`refused ${what}: the caller is treated as crashed`);
  }
}

/** A machine that only waits: starting it is the effect under test, not what it does. */
const HOLD = { StartAt: "Hold", States: { Hold: { Type: "Wait", Seconds: 864_000, End: true } } };
/** A machine that waits for a callback (as the offer journey waits for an approval step), its output the callback's. */
const AWAIT_CALLBACK = {
  StartAt: "WaitForCallback",
  States: { WaitForCallback: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken", Parameters: { FunctionName: "register-token", Payload: { "taskToken.$": "$$.Task.Token" } }, TimeoutSeconds: 864_000, End: true } },
};

export interface CrashWorld {
  table: string;
  doc: DynamoDBDocumentClient;
  store: DynamoHirepathStore;
  interviews: DynamoInterviewStore;
  talent: DynamoTalentStore;
  offers: DynamoOfferStore;
  tasks: DynamoTaskStore;
  /** SendTaskSuccess against the local engine, behind the crash switch. */
  callbacks: TaskCallbacks;
  /** Starts an execution that waits for a callback; resolves with its ARN and task token once it waits. */
  awaitCallback(name: string): Promise<{ executionArn: string; taskToken: string }>;
  /** An execution's status and output, once the engine is idle. */
  execution(executionArn: string): Promise<{ status: string; output?: string }>;
  clock: Clock & { set(iso: string): void };
  crash: CrashSwitch;
  /** The file store (a directory), behind the crash switch. */
  files: FileStore & { real: FileStore };
  /** A workflow starter for one machine (registered on first use), behind the crash switch. */
  journeys(machine: string): JourneyStarter;
  /** Executions of a machine by name. */
  executions(machine: string, name?: string): string[];
  /** Items whose partition key is `pk` (consistent). */
  partition(pk: string): Promise<Array<Record<string, unknown>>>;
  /**
   * The SES and SMS emulators with the real senders, each send behind the crash switch (a process
   * killed before the provider call never made it). Provider events wait in a queue, as EventBridge
   * holds them for a Lambda that is down, until deliverEvents() records them (the message-events
   * handler, a process of its own, so never refused by the switch).
   */
  messaging(): Promise<CrashMessaging>;
  /** Every item of a kind (a scan: small tables only). */
  itemsOfKind(kind: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface CrashMessaging {
  outbox: OutboxStore;
  email: EmailSender;
  sms: SmsSender;
  /** Waits for the emulators' events, then records every queued one; returns how many. */
  deliverEvents(): Promise<number>;
}

export async function openCrashWorld(): Promise<CrashWorld> {
  const crash = new CrashSwitch();
  const dynamo: LocalDynamo = await startDynalite(undefined, 0, { transactions: { refuse: (operation) => WRITES.has(operation) && crash.take() } });
  const config = { endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  const table = "crash-test";
  await ensureTable(new DynamoDBClient(config), table);
  const doc = createDocumentClient(config);
  const dataDir = mkdtempSync(join(tmpdir(), "hirepath-crash-"));
  // Scenarios run one at a time: the callback task invoked next belongs to the execution started last.
  let tokenFor: ((token: string) => void) | undefined;
  const engine = new LocalStepFunctions({
    dataDir,
    dispatcher: {
      invoke: async (_resource, input) => {
        const token = (input as { Payload?: { taskToken?: string } })?.Payload?.taskToken;
        if (token) tokenFor?.(token);
        return {};
      },
    },
  });
  const awaitCallbackArn = engine.registerStateMachine("await-callback", AWAIT_CALLBACK);
  const aws: EmulatorServer = await startEmulatorServer([createSfnEmulator(engine)]);
  const sfn = new SFNClient({ ...config, endpoint: aws.endpoint });
  let now = Date.parse("2026-11-23T02:00:00.000Z");
  const starters = new Map<string, JourneyStarter>();
  const realFiles = new LocalFileStore(join(dataDir, "files"));
  let messaging: { world: CrashMessaging; close(): Promise<void> } | undefined;
  const store = new DynamoHirepathStore(doc, table);
  const clock = {
    // Every read moves time on a little, as a retry happens later than the attempt it repeats.
    now: () => new Date((now += 7)),
    set: (iso: string) => void (now = Date.parse(iso)),
  };
  return {
    table,
    doc,
    store,
    interviews: new DynamoInterviewStore(doc, table),
    talent: new DynamoTalentStore(doc, table),
    offers: new DynamoOfferStore(doc, table),
    tasks: new DynamoTaskStore(doc, table),
    callbacks: {
      succeed: async (taskToken, output) => {
        if (crash.take()) throw new CrashError("SendTaskSuccess");
        return new SfnTaskCallbacks(sfn).succeed(taskToken, output);
      },
    },
    async awaitCallback(name) {
      const token = new Promise<string>((resolve) => (tokenFor = resolve));
      const executionArn = await new SfnJourneyStarter(sfn, awaitCallbackArn).startJourney(name, {});
      return { executionArn, taskToken: await token };
    },
    async execution(executionArn) {
      await engine.whenIdle();
      const d = engine.describeExecution(executionArn);
      return { status: d.status, ...(d.output !== undefined ? { output: d.output } : {}) };
    },
    clock,
    async messaging() {
      if (messaging) return messaging.world;
      const outbox = await OutboxStore.open(join(dataDir, "outbox-world"));
      const queued: EventBridgeEvent[] = [];
      const sink = async (event: EventBridgeEvent) => void queued.push(event);
      const ses = new SesEmulator({ store: outbox, sink, configurationSets: ["crash"], publicBaseUrl: "http://localhost:1", eventDelayMs: 0, log: () => undefined });
      const sms = new SmsEmulator({ store: outbox, sink, configurationSets: ["crash"], defaultOriginationIdentity: "+12065550100", eventDelayMs: 0, log: () => undefined });
      const server = await startEmulatorServer([ses, sms]);
      const clientConfig = { ...config, endpoint: server.endpoint };
      const email = new SesEmailSender(new SESv2Client(clientConfig), { from: "Hirepath <no-reply@hirepath.local>", configurationSet: "crash" });
      const text = new EndUserMessagingSmsSender(new PinpointSMSVoiceV2Client(clientConfig), { originationIdentity: "+12065550100", configurationSet: "crash" });
      messaging = {
        world: {
          outbox,
          email: {
            sendEmail: async (message) => {
              if (crash.take()) throw new CrashError(`SendEmail to ${message.to}`);
              return email.sendEmail(message);
            },
          },
          sms: {
            sendSms: async (message) => {
              if (crash.take()) throw new CrashError(`SendTextMessage to ${message.to}`);
              return text.sendSms(message);
            },
          },
          async deliverEvents() {
            await Promise.all([ses.drain(), sms.drain()]);
            const events = queued.splice(0);
            for (const event of events) await recordMessageEvent(MessageEventEnvelope.parse(event), { store, clock });
            return events.length;
          },
        },
        close: () => server.close(),
      };
      return messaging.world;
    },
    crash,
    files: {
      real: realFiles,
      put: async (key, body) => {
        if (crash.take()) throw new CrashError(`file put ${key}`);
        return realFiles.put(key, body);
      },
      get: (key) => realFiles.get(key),
      delete: async (key) => {
        if (crash.take()) throw new CrashError(`file delete ${key}`);
        return realFiles.delete(key);
      },
    },
    journeys(machine) {
      let starter = starters.get(machine);
      if (!starter) {
        const arn = engine.registerStateMachine(machine, HOLD);
        const real = new SfnJourneyStarter(sfn, arn);
        starter = {
          startJourney: async (name, input) => {
            if (crash.take()) throw new CrashError(`StartExecution ${name}`);
            return real.startJourney(name, input);
          },
        };
        starters.set(machine, starter);
      }
      return starter;
    },
    executions(machine, name) {
      return engine
        .listExecutions({ stateMachineArn: engine.stateMachineArn(machine) })
        .map((e) => e.executionArn)
        .filter((arn) => name === undefined || arn.endsWith(`:${name}`));
    },
    async partition(pk) {
      const items: Array<Record<string, unknown>> = [];
      let last: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk }, ConsistentRead: true, ...(last ? { ExclusiveStartKey: last } : {}) }));
        items.push(...((out.Items ?? []) as Array<Record<string, unknown>>));
        last = out.LastEvaluatedKey;
      } while (last);
      return items;
    },
    async itemsOfKind(kind) {
      const items: Array<Record<string, unknown>> = [];
      let last: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(new ScanCommand({ TableName: table, FilterExpression: "kind = :k", ExpressionAttributeValues: { ":k": kind }, ConsistentRead: true, ...(last ? { ExclusiveStartKey: last } : {}) }));
        items.push(...((out.Items ?? []) as Array<Record<string, unknown>>));
        last = out.LastEvaluatedKey;
      } while (last);
      return items;
    },
    async close() {
      await messaging?.close();
      await engine.close();
      await aws.close();
      await dynamo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The interview's machines, each held (never run) by the crash world: only who started what is checked. */
export function interviewWorkflows(w: CrashWorld): InterviewWorkflows {
  return { journey: w.journeys("interview"), changeNotice: w.journeys("interview-change-notice"), prioritySla: w.journeys("interview-priority-sla"), schedulingLink: w.journeys("interview-scheduling-link") };
}
