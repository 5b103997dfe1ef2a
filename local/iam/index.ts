// IAM in the local stack: every AWS call a function, a state machine or the scheduler makes is
// authorized against that role's policies in the synthesized template, and a denied call fails with
// AccessDeniedException, as on AWS. On by default; HIREPATH_LOCAL_IAM=off turns it off.
import { localAwsHooks } from "../../lambdas/adapters/client-config.js";
import { currentCaller, describeCaller, type Caller } from "./caller.js";
import { IamAccessDenied, IamAuthorizer } from "./authorizer.js";
import { buildIamModel, type LocalNames } from "./model.js";
import { requestsFor, type CallDescription } from "./requests.js";
import { iamMiddlewarePlugin } from "./plugin.js";
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

/** The in-process check: the caller of the code running now, against the active stack's roles. */
const iamPlugin = iamMiddlewarePlugin((call) => {
  const iam = active;
  const caller = currentCaller();
  if (!iam || !caller) return undefined;
  return denialOf(() => iam.authorize(caller, call));
});

/** Undefined when the check passes, AWS's message when IAM denies it; other failures propagate. */
export async function denialOf(check: () => Promise<void>): Promise<string | undefined> {
  try {
    await check();
    return undefined;
  } catch (error) {
    if (error instanceof IamAccessDenied) return error.message;
    throw error;
  }
}

export { describeCaller };
