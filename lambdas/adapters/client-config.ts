// Endpoint wiring shared by every adapter factory. In local mode every client must point at a
// loopback stand-in: an endpoint that is missing or not loopback is a startup error, so no code
// path in local mode can reach real AWS. Each factory lives beside its adapter, so a handler's
// bundle loads only the SDK clients it actually uses (SDK imports dominate cold start).

/** The SDK's service-specific endpoint variables (AWS_ENDPOINT_URL_<SERVICE_ID>). */
export const localEndpointVariables = {
  dynamodb: "AWS_ENDPOINT_URL_DYNAMODB",
  sfn: "AWS_ENDPOINT_URL_SFN",
  sesv2: "AWS_ENDPOINT_URL_SESV2",
  smsVoiceV2: "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2",
  pinpoint: "AWS_ENDPOINT_URL_PINPOINT",
  scheduler: "AWS_ENDPOINT_URL_SCHEDULER",
  secretsManager: "AWS_ENDPOINT_URL_SECRETS_MANAGER",
  s3: "AWS_ENDPOINT_URL_S3",
} as const;

export interface RuntimeEnv {
  HIREPATH_RUNTIME: "aws" | "local";
}

export function clientConfig(env: RuntimeEnv, service: keyof typeof localEndpointVariables): { endpoint?: string } {
  if (env.HIREPATH_RUNTIME !== "local") return {};
  const variable = localEndpointVariables[service];
  const endpoint = process.env[variable];
  if (!endpoint) throw new Error(`Local mode requires ${variable}; refusing to fall back to real AWS`);
  const host = new URL(endpoint).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Local mode requires ${variable} to be a loopback address, got ${endpoint}`);
  }
  return { endpoint };
}

/**
 * Local mode only: what the local stack hooks into the adapters (its IAM authorization, see local/iam).
 * Nothing registers here on AWS, where IAM itself decides.
 */
export interface LocalAwsHooks {
  /** SDK plugins added to every client an adapter creates. */
  clientPlugins: Array<{ applyToStack(stack: never): void }>;
  /** Called before the local file store (S3's stand-in) reads, writes or deletes a file. */
  authorizeFileAccess?: (operation: "GetObject" | "PutObject" | "DeleteObject", key: string) => Promise<void>;
}
export const localAwsHooks: LocalAwsHooks = { clientPlugins: [] };

/** The client with the local stack's plugins (none on AWS). */
export function withLocalHooks<C extends { middlewareStack: { use(plugin: never): void } }>(client: C): C {
  for (const plugin of localAwsHooks.clientPlugins) client.middlewareStack.use(plugin as never);
  return client;
}

const memo = new Map<string, unknown>();
/** One adapter (and so one SDK client, one connection pool) per container. */
export function once<T>(key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}
