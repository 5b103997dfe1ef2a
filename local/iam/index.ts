// IAM in the local stack: every AWS call a function, a state machine or the scheduler makes is
// authorized against that role's policies in the synthesized template, and a denied call fails with
// AccessDeniedException, as on AWS. On by default; HIREPATH_LOCAL_IAM=off turns it off.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { localAwsHooks } from "../../lambdas/adapters/client-config.js";
import { currentCaller, describeCaller, type Caller } from "./caller.js";
import { IamAccessDenied, IamAuthorizer } from "./authorizer.js";
import { buildIamModel, type LocalNames } from "./model.js";
import { requestsFor, type CallDescription } from "./requests.js";
import { loadTemplate, type LocalSynthContext } from "./template.js";

export { runAs, currentCaller, type Caller } from "./caller.js";
export { IamAccessDenied } from "./authorizer.js";

export interface LocalIamOptions {
  names: LocalNames;
  synthContext: LocalSynthContext;
  phoneNumberIds: Record<string, string>;
  issuingStateMachine(token: string): string | undefined;
  /** Appends each (caller, action, resource) decision here (JSON lines), for the least-privilege test. */
  evidenceFile?: string;
}

export interface LocalIam {
  authorizer: IamAuthorizer;
  /** Startup cost: template (cached or synthesized) plus the model. */
  ms: number;
  cachedTemplate: boolean;
  /** Throws AccessDeniedException unless the caller's role allows every request of the call. */
  authorize(caller: Caller, call: CallDescription): Promise<void>;
}

/** The authorizer the client plugin consults; one local stack per process is active at a time. */
let active: LocalIam | undefined;

export function localIamEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !/^(off|0|false|no)$/i.test(env.HIREPATH_LOCAL_IAM ?? "");
}

export async function startLocalIam(options: LocalIamOptions): Promise<LocalIam> {
  const started = performance.now();
  const { template, cached } = await loadTemplate(options.synthContext);
  const model = buildIamModel(template, options.names);
  const authorizer = new IamAuthorizer(model, options.evidenceFile);
  const iam: LocalIam = {
    authorizer,
    ms: performance.now() - started,
    cachedTemplate: cached,
    authorize: (caller, call) => authorizer.authorize(caller, requestsFor(call, { model, issuingStateMachine: options.issuingStateMachine, phoneNumberIds: options.phoneNumberIds })),
  };
  installHooks();
  active = iam;
  return iam;
}

/** Stops authorizing (the stack closed, or IAM is off). */
export function stopLocalIam(iam?: LocalIam): void {
  if (!iam || active === iam) active = undefined;
}

let installed = false;
function installHooks(): void {
  if (installed) return;
  installed = true;
  localAwsHooks.clientPlugins.push(iamPlugin);
  localAwsHooks.authorizeFileAccess = async (operation, key) => {
    const caller = currentCaller();
    if (!active || !caller) return;
    // The file store stands in for S3: authorize the object the function's deployed FILE_STORE_URL names.
    const url = caller.kind === "function" ? active.authorizer.model.functionEnvironments[caller.id]["FILE_STORE_URL"] : undefined;
    const bucketAndPrefix = url?.startsWith("s3://") ? url.slice("s3://".length) : `${active.authorizer.model.names.filesBucket}/(no FILE_STORE_URL)`;
    const [bucket, ...prefix] = bucketAndPrefix.split("/");
    await active.authorize(caller, { service: "S3", operation, input: { Bucket: bucket, Key: [...prefix.filter(Boolean), key].join("/") } });
  };
}

/** REST services answer AccessDenied with 403; the JSON-RPC ones (DynamoDB, Step Functions…) with 400. */
const REST_SERVICES = new Set(["SESv2", "Scheduler", "Pinpoint", "S3"]);

/**
 * The SDK middleware: runs innermost (after retries and signing, inside the deserializer), so a denial
 * is answered as AWS answers it and the client's own deserializer turns it into AccessDeniedException.
 */
const iamPlugin = {
  applyToStack(stack: never): void {
    (stack as { add(mw: unknown, options: unknown): void }).add(
      (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
        async (args: { input: Record<string, unknown> }) => {
          const iam = active;
          const caller = currentCaller();
          if (!iam || !caller) return next(args);
          const service = (context.clientName ?? "").replace(/(Document)?Client$/, "");
          const operation = (context.commandName ?? "").replace(/Command$/, "");
          try {
            await iam.authorize(caller, { service, operation, input: args.input });
          } catch (error) {
            if (!(error instanceof IamAccessDenied)) throw error;
            const status = REST_SERVICES.has(service) ? 403 : 400;
            const body = JSON.stringify({ __type: "AccessDeniedException", message: error.message, Message: error.message });
            return {
              response: {
                statusCode: status,
                reason: status === 403 ? "Forbidden" : "Bad Request",
                headers: { "content-type": "application/json", "x-amzn-errortype": "AccessDeniedException", "x-amzn-requestid": randomUUID() },
                body: Readable.from([Buffer.from(body)]),
              },
              output: undefined,
            };
          }
          return next(args);
        },
      { step: "deserialize", priority: "low", name: "hirepathLocalIam", override: true },
    );
  },
};

export { describeCaller };
