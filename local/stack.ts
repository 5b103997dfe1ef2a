// The whole system in one process: the same ASL files and handler modules as the AWS stack, against
// loopback stand-ins. The only local wiring is AWS_ENDPOINT_URL_*, env and dummy credentials.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./http/listen.js";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { functionName, type FunctionId } from "../lib/function-catalogue.js";
import { eventRules, ruleMatches } from "../lib/event-rules.js";
import { definitionSubstitutions, readDefinition, stateMachines, substitute, type StateMachineId } from "../lib/state-machines.js";
import { localEndpointVariables } from "../lambdas/adapters/client-config.js";
import { createApiGateway } from "./api-gateway.js";
import { createLocalIssuer, type LocalIssuer } from "./auth/local-issuer.js";
import { createLocalOAuth } from "./auth/local-oauth.js";
import { CALLBACK_PATH, LOGIN_PATH } from "../lambdas/core/access/console-login.js";
import { ensureTable, startDynalite, type DynamoRequestMeter, type LocalDynamo } from "./aws/dynamodb.js";
import { startEmulatorServer, type EmulatorServer } from "./aws/emulator-server.js";
import { createSecretsEmulator, loadOrCreateSecrets } from "./aws/secrets-emulator.js";
import { LOCAL_ACCOUNT, LOCAL_REGION, type EventBridgeEvent } from "./event-bus.js";
import { loadLambdas, LocalQueue, type LambdaRuntime, type LambdaRuntimeOptions } from "./lambda-runtime.js";
import { createOutboxPages } from "./messaging/outbox-pages.js";
import { createChatOutbox, type ChatOutbox } from "./chat/chat-outbox.js";
import { OutboxStore } from "./messaging/outbox-store.js";
import { PinpointEmulator } from "./messaging/pinpoint-emulator.js";
import { SesEmulator } from "./messaging/ses-emulator.js";
import { SmsEmulator } from "./messaging/sms-emulator.js";
import { SmsOptOutList, type TwoWayInboundMessage } from "./messaging/sms-two-way.js";
import { createTaskDispatcher } from "./sfn/dispatcher.js";
import { LocalStepFunctions } from "./sfn/engine.js";
import { createSfnEmulator } from "./sfn/sfn-endpoint.js";
import { LocalScheduler, createSchedulerEmulator } from "./scheduler/index.js";
import { VirtualClock, handleClockRequest, installVirtualDate } from "./clock/index.js";
import { seedDemoData } from "./seed.js";
import { createLocalCopiesEmulator, LOCAL_COPIES_PATH, type ErasureCrashPoint } from "./privacy/local-copies.js";
import { scheduledSends } from "./messaging/scheduled-sends.js";
import { canonicalPattern, type LocalNames } from "./iam/model.js";
import { localIamEnabled, runAs, startLocalIam, stopLocalIam, IamAccessDenied, type LocalIam } from "./iam/index.js";
import { StatesError } from "./sfn/errors.js";
import type { TaskDispatcher } from "./sfn/types.js";
import { withLocalHooks } from "../lambdas/adapters/client-config.js";
import { problemTypeUri } from "../lambdas/core/shared/problem-types.js";
import type { HirepathSecrets } from "../lambdas/adapters/secrets.js";

export interface LocalStackOptions {
  /** Persistent state: dynalite, executions, schedules, outbox, secrets, keys. */
  dataDir: string;
  /** Public port for the API, the outbox and signed links. 0 picks a free one. */
  appPort?: number;
  /** Loopback port for the AWS stand-ins. 0 picks a free one. */
  awsPort?: number;
  /** Journey seconds per wall second, for the whole process (the clock, local/clock). */
  timeScale?: number;
  /** Time-skipping: when nothing is runnable, journey time jumps to the earliest pending timer. */
  timeSkip?: boolean;
  /** Start with journey time stopped (tests advance it explicitly). */
  clockPaused?: boolean;
  /** Journey time (epoch ms) to begin at when the data directory has no clock yet. Default: the wall. */
  clockStart?: number;
  /** How long the journey waits for the invite to be opened before the SMS nudge (seconds, unscaled). */
  nudgeAfterSeconds?: number;
  /** Delay before providers' delivery events, ms. */
  eventDelayMs?: number;
  smsProvider?: "sms-voice-v2" | "pinpoint";
  seed?: boolean;
  log?: (line: string) => void;
  /** Crash tests only: SIGKILL the process when an erasure reaches this step (local/privacy/local-copies.ts). */
  crashAt?: ErasureCrashPoint;
  /** Benchmark hook: sees every DynamoDB request (operation and sizes). */
  dynamoMeter?: DynamoRequestMeter;
  /**
   * Authorize every AWS call against the deployed roles (see local/iam). Default: on, unless
   * HIREPATH_LOCAL_IAM=off. Off means nothing is checked, which AWS will not forgive.
   */
  iam?: boolean;
  /** Append each IAM decision to this file (JSON lines); default HIREPATH_IAM_EVIDENCE; null: never (deliberate denials in tests). */
  iamEvidenceFile?: string | null;
  /** Lambda execution environments: concurrency per function, idle time before one is reaped, per-function overrides, where workers' logs go. */
  lambda?: Pick<LambdaRuntimeOptions, "concurrency" | "idleSeconds" | "overrides" | "logLine">;
}

export const LOCAL_TABLE = "hirepath-local";
export const LOCAL_SCHEDULE_GROUP = "hirepath";
export const LOCAL_SCHEDULER_ROLE_ARN = `arn:aws:iam::${LOCAL_ACCOUNT}:role/hirepath-scheduler`;
export const LOCAL_SES_CONFIGURATION_SET = "hirepath-local";
export const LOCAL_SMS_CONFIGURATION_SET = "hirepath-local-sms";
export const LOCAL_PINPOINT_APP = "hirepathlocalpinpointapp0000000";
export const LOCAL_ORIGINATION = "+12065550100";
/** The id End User Messaging would give LOCAL_ORIGINATION: IAM authorizes SendTextMessage on the phone-number resource. */
export const LOCAL_PHONE_NUMBER_ID = "phone-0000000000000000000000000hirepath";
/** The files bucket S3 would hold; locally files live in the data directory, authorized as these objects. */
export const LOCAL_FILES_BUCKET = "hirepath-local-files";
export const LOCAL_TWO_WAY_TOPIC_ARN = `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:hirepath-two-way-sms`;
export const LOCAL_CUSTOM_OPT_OUT_KEYWORD = "退订";
export const LOCAL_SECRET_ARN = `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:hirepath-local`;
/** The HR console's app client at the local issuer (the HR API's is the issuer's audience, "hirepath-local"). */
export const LOCAL_CONSOLE_CLIENT_ID = "hirepath-local-console";

export interface LocalStack {
  appUrl: string;
  awsEndpoint: string;
  dynamoEndpoint: string;
  secrets: HirepathSecrets;
  issuer: LocalIssuer;
  /** Journey time: read it, advance it (`await stack.clock.advance(3600_000)`), skip to the next timer. */
  clock: VirtualClock;
  engine: LocalStepFunctions;
  scheduler: LocalScheduler;
  outbox: OutboxStore;
  /** The SMS emulators' account opt-out list (what AWS keeps after a STOP). */
  smsOptOuts: SmsOptOutList;
  /** Loopback team chat robots (WeCom, DingTalk, Feishu, Slack) at /chat-outbox. */
  chatOutbox: ChatOutbox;
  runtime: LambdaRuntime;
  /** The message-events DLQ (SQS on AWS): asynchronous invocations that failed three times, with the error. */
  deadLetterQueue: LocalQueue;
  /** Undefined when local IAM is off. */
  iam: LocalIam | undefined;
  stateMachineArn(id: StateMachineId): string;
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const timeScale = options.timeScale ?? 1;
  const region = LOCAL_REGION;
  const accountId = LOCAL_ACCOUNT;

  // One clock for the whole process, installed before anything reads the time: handlers, jose,
  // the emulators and the outbox all see journey time, and it continues after a restart.
  // It stands still while the stack starts (dynalite, loading handlers), so a slow start spends no journey time.
  const clock = new VirtualClock({ file: join(dataDir, "clock.json"), scale: timeScale, paused: true, log, ...(options.clockStart !== undefined ? { start: options.clockStart } : {}) });
  const uninstallDate = installVirtualDate(() => clock.now());

  // The app server's port must be known before the handlers load: links in messages point at it.
  const app = createServer();
  const appListener = await listenOnLoopback(app, options.appPort ?? 3000);
  const appPort = appListener.port;
  const appUrl = `http://localhost:${appPort}`;

  const dynamo: LocalDynamo = await startDynalite(join(dataDir, "dynamodb"), 0, { ...(options.dynamoMeter ? { meter: options.dynamoMeter } : {}), log });
  const secrets = loadOrCreateSecrets(join(dataDir, "secrets.json"));

  // IAM before any client exists: the clients pick up its SDK plugin when an adapter creates them.
  let engineRef: LocalStepFunctions | undefined;
  const evidenceFile = options.iamEvidenceFile === null ? undefined : (options.iamEvidenceFile ?? process.env.HIREPATH_IAM_EVIDENCE);
  const iam = (options.iam ?? localIamEnabled()) ? await startLocalIam({
    names: localIamNames(),
    synthContext: localSynthContext(options.smsProvider ?? "sms-voice-v2"),
    phoneNumberIds: { [LOCAL_ORIGINATION]: LOCAL_PHONE_NUMBER_ID },
    issuingStateMachine: (token) => engineRef?.issuingStateMachine(token),
    ...(evidenceFile ? { evidenceFile } : {}),
  }) : undefined;
  if (iam) log(`IAM: every AWS call is authorized against the deployed roles (template ${iam.cachedTemplate ? "cached" : "synthesized"}, ${Math.round(iam.ms)} ms)`);
  else {
    stopLocalIam();
    log("IAM is OFF: AWS calls are not checked against the deployed roles");
  }
  const outbox = await OutboxStore.open(dataDir);

  // Late-bound: the event bus needs the handlers, which need the env, which needs the endpoints.
  let deliver: (event: EventBridgeEvent) => Promise<void> = async () => undefined;
  const sink = (event: EventBridgeEvent) => deliver(event);

  const ses = new SesEmulator({ store: outbox, sink, configurationSets: [LOCAL_SES_CONFIGURATION_SET], publicBaseUrl: appUrl, ...(options.eventDelayMs !== undefined ? { eventDelayMs: options.eventDelayMs } : {}), log });
  // Two-way SMS: the emulator publishes inbound texts to the "SNS topic", whose one subscriber is InboundSms.
  let deliverInbound: (message: TwoWayInboundMessage) => Promise<void> = async () => undefined;
  const optOuts = SmsOptOutList.open(dataDir);
  const sms = new SmsEmulator({
    store: outbox,
    sink,
    configurationSets: [LOCAL_SMS_CONFIGURATION_SET],
    defaultOriginationIdentity: LOCAL_ORIGINATION,
    ...(options.eventDelayMs !== undefined ? { eventDelayMs: options.eventDelayMs } : {}),
    log,
    optOuts,
    // What the README's manual step adds to the number on AWS: 退订 as a custom OPT_OUT keyword.
    customOptOutKeywords: [LOCAL_CUSTOM_OPT_OUT_KEYWORD],
    inboundSink: (message) => deliverInbound(message),
  });
  const pinpoint = new PinpointEmulator({ store: outbox, sink, applicationIds: [LOCAL_PINPOINT_APP], defaultOriginationNumber: LOCAL_ORIGINATION, ...(options.eventDelayMs !== undefined ? { eventDelayMs: options.eventDelayMs } : {}), log, optOuts });

  // The engine and scheduler are created before the emulator server so it can route to them; the
  // dispatcher binds to the handlers once they are loaded.
  let runtime: LambdaRuntime | undefined;
  // The harness's own client: its Task states' DynamoDB calls are authorized as the machine's role.
  const dynamoClient = withLocalHooks(new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: { accessKeyId: "local", secretAccessKey: "local" } }));
  const innerDispatcher = createTaskDispatcher({
    lambdas: new Proxy({} as Record<string, (e: unknown, c: never) => Promise<unknown>>, {
      get: (_t, name: string) => runtime?.byName[name],
      has: (_t, name: string) => Boolean(runtime && name in runtime.byName),
      ownKeys: () => Object.keys(runtime?.byName ?? {}),
      getOwnPropertyDescriptor: (_t, name: string) => (runtime && name in runtime.byName ? { enumerable: true, configurable: true, value: runtime.byName[name] } : undefined),
    }),
    asyncLambdas: (name) => runtime?.asyncByName[name],
    region,
    accountId,
    sdkClients: { dynamodb: dynamoClient },
  });
  const dispatcher = iam ? authorizingDispatcher(innerDispatcher, iam) : innerDispatcher;
  const engine = new LocalStepFunctions({ dataDir, dispatcher, clock, timeScale, region, accountId, log: (msg: string) => log(msg) });
  // "hirepath": the schedule group the CDK stack creates (HirepathWorkflows.scheduleGroup).
  engineRef = engine;
  // Scheduler starts a target with the schedule's role: the Scheduler role must allow StartExecution on it.
  const schedulerTargets = {
    hasStateMachine: (arn: string) => engine.hasStateMachine(arn),
    startExecution: (params: { stateMachineArn: string; name?: string; input?: string }) =>
      runAs({ kind: "scheduler" }, async () => {
        await iam?.authorize({ kind: "scheduler" }, { service: "SFN", operation: "StartExecution", input: { stateMachineArn: params.stateMachineArn } });
        return engine.startExecution(params);
      }),
  };
  // Schedules are timers on the one clock.
  const scheduler = new LocalScheduler({ dataDir, clock, timeScale, engine: schedulerTargets, lambdas: (name: string) => runtime?.asyncByName[name], region, accountId, scheduleGroups: [LOCAL_SCHEDULE_GROUP] });
  const chatOutbox = createChatOutbox();
  const localCopies = createLocalCopiesEmulator({ outbox, chatOutbox, compactDynamo: () => dynamo.compact(), crashAt: options.crashAt });
  const aws: EmulatorServer = await startEmulatorServer(
    [createSfnEmulator(engine), createSchedulerEmulator(scheduler), ses, sms, pinpoint, createSecretsEmulator(LOCAL_SECRET_ARN, secrets), localCopies],
    options.awsPort ?? 0,
  );

  // A token lasts an hour of wall time at the current scale (at least an hour of journey time).
  const tokenTtlSeconds = () => 3600 * Math.max(1, clock.scale);
  const issuer = await createLocalIssuer(join(dataDir, "local-issuer-key.json"), `${appUrl}/local/auth`, undefined, tokenTtlSeconds);

  const stateMachineArns = Object.fromEntries(
    (Object.keys(stateMachines) as StateMachineId[]).map((id) => [id, `arn:aws:states:${region}:${accountId}:stateMachine:hirepath-${id.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()}`]),
  ) as Record<StateMachineId, string>;

  // The variables the functions are given: each function's environment gets the ones its schema
  // names (as its CDK construct does), validated by the handler when it loads.
  const endpointVars = Object.fromEntries(Object.entries(localEndpointVariables).map(([svc, v]) => [v, svc === "dynamodb" ? dynamo.endpoint : aws.endpoint]));
  const functionVars: Record<string, string> = {
    ...endpointVars,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    HIREPATH_RUNTIME: "local",
    TABLE_NAME: LOCAL_TABLE,
    SECRETS_ARN: LOCAL_SECRET_ARN,
    JOURNEY_STATE_MACHINE_ARN: stateMachineArns.ApplicationJourney,
    OFFER_STATE_MACHINE_ARN: stateMachineArns.OfferJourney,
    RE_ENGAGEMENT_STATE_MACHINE_ARN: stateMachineArns.ReEngagement,
    SCHEDULE_GROUP_NAME: LOCAL_SCHEDULE_GROUP,
    SCHEDULER_ROLE_ARN: LOCAL_SCHEDULER_ROLE_ARN,
    INTERVIEW_STATE_MACHINE_ARN: stateMachineArns.InterviewJourney,
    INTERVIEW_CHANGE_NOTICE_STATE_MACHINE_ARN: stateMachineArns.InterviewChangeNotice,
    INTERVIEW_PRIORITY_SLA_STATE_MACHINE_ARN: stateMachineArns.InterviewPrioritySla,
    INTERVIEW_SCHEDULING_LINK_STATE_MACHINE_ARN: stateMachineArns.InterviewSchedulingLink,
    TALENT_IMPORT_STATE_MACHINE_ARN: stateMachineArns.TalentImport,
    RECALL_STATE_MACHINE_ARN: stateMachineArns.RecallJourney,
    CALL_FOLLOW_UP_STATE_MACHINE_ARN: stateMachineArns.CallFollowUp,
    PUBLIC_BASE_URL: appUrl,
    // The console's sign-in: the local issuer mimics Cognito's issuer and managed-login endpoints.
    COGNITO_ISSUER: issuer.issuer,
    COGNITO_DOMAIN_URL: issuer.issuer,
    CONSOLE_CLIENT_ID: LOCAL_CONSOLE_CLIENT_ID,
    API_CLIENT_ID: issuer.audience,
    EMAIL_FROM: "Hirepath <no-reply@hirepath.local>",
    SES_CONFIGURATION_SET: LOCAL_SES_CONFIGURATION_SET,
    SMS_PROVIDER: options.smsProvider ?? "sms-voice-v2",
    SMS_ORIGINATION_IDENTITY: LOCAL_ORIGINATION,
    SMS_CONFIGURATION_SET: LOCAL_SMS_CONFIGURATION_SET,
    PINPOINT_APPLICATION_ID: LOCAL_PINPOINT_APP,
    NUDGE_AFTER_SECONDS: String(options.nudgeAfterSeconds ?? 3600),
    SMS_SIGNATURE: process.env.HIREPATH_SMS_SIGNATURE ?? "Hirepath",
    // Off unless asked for: the tests and the bench send thousands of requests a minute as one user.
    RATE_LIMIT_PER_MINUTE: process.env.HIREPATH_RATE_LIMIT_PER_MINUTE ?? "0",
    // Talent pool: uploads (imports, resumes) live in the data directory locally, S3 on AWS.
    FILE_STORE_URL: pathToFileURL(join(dataDir, "files")).href,
    // Erasure's reach into the stand-ins' own copies (outbox, chat outbox, dynalite's files).
    LOCAL_COPIES_URL: `${aws.endpoint}${LOCAL_COPIES_PATH}`,
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_TRACE_ENABLED: "false",
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
    AWS_LAMBDA_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
  };
  // Also this process's: the stack's own clients and tools in this process read the same endpoints.
  Object.assign(process.env, functionVars);

  await ensureTable(dynamoClient, LOCAL_TABLE);
  const deadLetterQueue = new LocalQueue("MessageEventsDlq", join(dataDir, "queues", "message-events-dlq.jsonl"));
  runtime = await loadLambdas({ region, accountId, env: functionVars, clock: clock.sharedState(), log, deadLetterQueue, ...(iam ? { iam } : {}), ...options.lambda });
  const lambdas = runtime.lambdas;

  // EventBridge: the same rules as the deployed stack.
  deliver = async (event) => {
    for (const rule of eventRules) {
      if (!ruleMatches(rule, event)) continue;
      // EventBridge invokes the target only if the function's resource policy lets this rule do so.
      const ruleArn = iam?.authorizer.model.ruleArnsByPattern[canonicalPattern({ "detail-type": [...rule.detailTypes], source: [rule.source] })];
      if (iam && !(ruleArn && (await iam.authorizer.authorizeServiceInvoke("events.amazonaws.com", functionName(rule.target), ruleArn)))) {
        log(`IAM: event rule ${rule.id} may not invoke ${rule.target} (no AWS::Lambda::Permission for ${ruleArn ?? "a rule with this pattern"}); the event is dropped`);
        continue;
      }
      try {
        // EventBridge invokes asynchronously: a function at its limit gets the event when an environment frees.
        await runtime!.invokeAsync(rule.target, event);
      } catch (error) {
        log(`event rule ${rule.id} → ${rule.target} failed: ${(error as Error).message}`);
      }
    }
  };

  deliverInbound = async (message) => {
    if (iam && !(await iam.authorizer.authorizeServiceInvoke("sns.amazonaws.com", functionName("InboundSms"), LOCAL_TWO_WAY_TOPIC_ARN))) {
      log(`IAM: the two-way SMS topic may not invoke InboundSms (no AWS::Lambda::Permission for ${LOCAL_TWO_WAY_TOPIC_ARN}); the text is dropped`);
      return;
    }
    try {
      await runtime!.invokeAsync("InboundSms", snsEvent(LOCAL_TWO_WAY_TOPIC_ARN, JSON.stringify(message)));
    } catch (error) {
      log(`two-way SMS → InboundSms failed: ${(error as Error).message}`);
    }
  };

  for (const id of Object.keys(stateMachines) as StateMachineId[]) {
    const definition = substitute(readDefinition(id), definitionSubstitutions((fn: FunctionId) => `arn:aws:lambda:${region}:${accountId}:function:${functionName(fn)}`));
    engine.registerStateMachine(stateMachineArns[id].split(":").pop()!, JSON.parse(definition));
  }

  const api = createApiGateway({ lambdas, issuer, lambdaContext: (fn) => runtime!.context(fn) });
  const outboxPages = createOutboxPages({ store: outbox, ses, sms, pinpoint, clock, scheduled: () => scheduledSends(engine.pendingWaits()) });
  const oauth = createLocalOAuth({
    issuer,
    client: { clientId: LOCAL_CONSOLE_CLIENT_ID, callbackUrls: [`${appUrl}${CALLBACK_PATH}`], logoutUrls: [`${appUrl}${LOGIN_PATH}`] },
  });

  app.on("request", (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const path = (req.url ?? "/").split("?")[0]!;
        if (path === "/" ) {
          res.writeHead(302, { location: "/outbox" }).end();
          return;
        }
        // Reads (and long polls) of the outbox are not waited for; its actions (simulated replies, receipts) are.
        if (path.startsWith("/outbox") && (await (req.method === "GET" || req.method === "HEAD" ? outboxPages(req, res) : clock.track(outboxPages(req, res))))) return;
        if (path.startsWith("/local/auth")) return (await oauth(req, res)) ? undefined : await localAuth(req, res, issuer, tokenTtlSeconds());
        const body = await readBody(req);
        if (path === "/local/clock" && (await handleClockRequest(clock, req, res, body))) return;
        if (path.startsWith("/chat-outbox") && (await chatOutbox.handle(req, res, body))) return;
        if (path === "/local/openapi.json" && req.method === "GET") {
          // The local-only routes' document (outbox API, local issuer, chat receiver, clock), beside /openapi.json in /docs.
          res.writeHead(200, { "content-type": "application/json" }).end(readFileSync(LOCAL_OPENAPI_FILE));
          return;
        }
        // Anything else goes where API Gateway would send it; no match is its $default route (a 404 or 405 problem).
        // The clock waits for a request in flight before it moves on (advance, time-skipping).
        await clock.track(api(req, res, body));
      } catch (error) {
        if (error instanceof PayloadTooLargeError) {
          // The body was read to its end (and dropped), so the client gets this answer, not a reset.
          if (!res.headersSent) res.writeHead(413, { "content-type": "application/problem+json", connection: "close" });
          res.end(JSON.stringify({ type: problemTypeUri("payload-too-large"), title: "The request body is too large", status: 413, code: "payload-too-large", detail: `request bodies are limited to ${MAX_REQUEST_BYTES} bytes (Lambda's synchronous payload limit)`, limitBytes: MAX_REQUEST_BYTES }));
          return;
        }
        log(`request failed: ${(error as Error).stack}`);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/problem+json" });
        res.end(JSON.stringify({ type: problemTypeUri("internal"), title: "Internal error", status: 500, code: "internal" }));
      }
    })();
  });

  if (options.seed ?? true) await seedDemoData(lambdas.HrApi, runtime.context("HrApi"));
  // Resume whatever was in flight when the last process stopped (kill -9 included). The providers'
  // events first: a send step that died mid-send waits for them to know whether its message went out.
  const resumedEvents = (await ses.resumeEvents()) + (await sms.resumeEvents()) + (await pinpoint.resumeEvents());
  if (resumedEvents) log(`outbox: resuming provider events for ${resumedEvents} message(s) sent before the restart`);
  await engine.recover();
  await scheduler.recover();
  // Advancing waits for these to have nothing runnable: every execution parked on its next wait,
  // no schedule target being called, every provider event delivered.
  clock.addSettler(() => engine.whenIdle());
  clock.addSettler(() => scheduler.whenIdle());
  clock.addSettler(() => ses.drain());
  clock.addSettler(() => sms.drain());
  clock.addSettler(() => pinpoint.drain());
  if (!options.clockPaused) clock.setPaused(false);
  // Only now: skipping during recovery could jump past a schedule that is not armed yet.
  if (options.timeSkip) clock.setSkip(true);

  return {
    appUrl,
    awsEndpoint: aws.endpoint,
    dynamoEndpoint: dynamo.endpoint,
    secrets,
    issuer,
    clock,
    engine,
    scheduler,
    outbox,
    smsOptOuts: optOuts,
    chatOutbox,
    runtime,
    deadLetterQueue,
    iam,
    stateMachineArn: (id) => stateMachineArns[id],
    close: async () => {
      await scheduler.close();
      await engine.close();
      await appListener.close();
      // Let work already under way finish against an open table: provider events owed for sent
      // messages, and handlers the engine or an event started. Bounded, so a stuck handler can't
      // hold shutdown; what it didn't finish is resumed by the next start.
      await Promise.race([Promise.all([ses.drain(), sms.drain(), pinpoint.drain()]), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await runtime.idle(5_000);
      // Whatever still runs is stopped with its environment, as Lambda would at the timeout.
      await runtime.close();
      await aws.close();
      await dynamo.close();
      stopLocalIam(iam);
      clock.close();
      uninstallDate();
    },
  };
}

/** The event SNS delivers to a Lambda subscriber (one record per published message). */
function snsEvent(topicArn: string, message: string) {
  const messageId = crypto.randomUUID();
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: `${topicArn}:${crypto.randomUUID()}`,
        Sns: { Type: "Notification", MessageId: messageId, TopicArn: topicArn, Subject: null, Message: message, Timestamp: new Date().toISOString(), MessageAttributes: {} },
      },
    ],
  };
}

/** Lambda's synchronous invocation payload limit; on AWS a larger request never reaches a function. */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
/** Past this the connection is cut rather than read to the end: nobody sends that much by mistake. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

const LOCAL_OPENAPI_FILE = new URL("../lib/openapi/local.openapi.json", import.meta.url);

class PayloadTooLargeError extends Error {}

/** The body, or PayloadTooLargeError once it is over the limit and has been read (and dropped) to its end. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > DRAIN_LIMIT_BYTES) req.destroy();
      else if (size <= MAX_REQUEST_BYTES) chunks.push(c);
    });
    req.on("end", () => (size > MAX_REQUEST_BYTES ? reject(new PayloadTooLargeError()) : resolveBody(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

/** GET /local/auth/token?role=recruiter → a signed JWT for that role; /local/auth/jwks → the public keys. */
async function localAuth(req: IncomingMessage, res: ServerResponse, issuer: LocalIssuer, ttlSeconds: number): Promise<void> {
  const url = new URL(req.url ?? "/", "http://local");
  if (url.pathname === "/local/auth/jwks" || url.pathname === "/local/auth/.well-known/jwks.json") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(issuer.jwks));
    return;
  }
  if (url.pathname === "/local/auth/token") {
    const role = url.searchParams.get("role") ?? "recruiter";
    const { Role } = await import("../lambdas/core/shared/model.js");
    const parsed = Role.safeParse(role);
    if (!parsed.success) {
      res.writeHead(400, { "content-type": "application/problem+json" }).end(
        JSON.stringify({ type: problemTypeUri("validation-failed"), title: "The request is not valid", status: 400, code: "validation-failed", errors: [{ path: "role", message: `one of ${Role.options.join(", ")}`, code: "invalid_value" }] }),
      );
      return;
    }
    const token = await issuer.issueToken(parsed.data, { ttlSeconds, ...(url.searchParams.get("email") ? { email: url.searchParams.get("email")! } : {}) });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token, tokenType: "Bearer", expiresIn: Math.round(ttlSeconds), role: parsed.data }));
    return;
  }
  res.writeHead(404, { "content-type": "application/problem+json" }).end(JSON.stringify({ type: problemTypeUri("route-not-found"), title: "No such route", status: 404, code: "route-not-found", detail: `no local route ${url.pathname}` }));
}

/** The local stack's physical names, as local IAM fills them into the template's policies. */
export function localIamNames(): LocalNames {
  return {
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    tableName: LOCAL_TABLE,
    secretArn: LOCAL_SECRET_ARN,
    sesConfigurationSet: LOCAL_SES_CONFIGURATION_SET,
    smsConfigurationSet: LOCAL_SMS_CONFIGURATION_SET,
    schedulerRoleArn: LOCAL_SCHEDULER_ROLE_ARN,
    filesBucket: LOCAL_FILES_BUCKET,
  };
}

/** The CDK context the local IAM template is synthesized with: the sender, number and provider the local stack uses. */
export function localSynthContext(smsProvider: "sms-voice-v2" | "pinpoint"): Record<string, string> {
  // demo: hirepath.local is a sender no SES account can verify, which a synth for deployment refuses.
  return smsProvider === "pinpoint"
    ? { demo: "true", emailFrom: "no-reply@hirepath.local", smsProvider, smsOriginationIdentity: LOCAL_ORIGINATION, pinpointApplicationId: LOCAL_PINPOINT_APP }
    : { demo: "true", emailFrom: "no-reply@hirepath.local", smsProvider, smsOriginationIdentity: LOCAL_PHONE_NUMBER_ID };
}

/**
 * Runs each Task as its state machine's role: the role must allow invoking the function (as Step
 * Functions checks), and the Task's own AWS calls are authorized as that role.
 */
function authorizingDispatcher(inner: TaskDispatcher, iam: LocalIam): TaskDispatcher {
  return {
    invoke: (resource, input, ctx) => {
      const machine = ctx.executionArn.split(":")[6] ?? "";
      return runAs({ kind: "machine", name: machine }, async () => {
        const base = resource.replace(/\.waitForTaskToken$/, "");
        const functionArn = base.startsWith("arn:aws:lambda:") ? base : base === "arn:aws:states:::lambda:invoke" ? (input as { FunctionName?: string } | null)?.FunctionName : undefined;
        if (functionArn) {
          try {
            await iam.authorize({ kind: "machine", name: machine }, { service: "Lambda", operation: "Invoke", input: { FunctionName: functionArn } });
          } catch (error) {
            if (!(error instanceof IamAccessDenied)) throw error;
            throw new StatesError("Lambda.AWSLambdaException", `${error.message} (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: ${crypto.randomUUID()}; Proxy: null)`);
          }
        }
        return inner.invoke(resource, input, ctx);
      });
    },
  };
}
