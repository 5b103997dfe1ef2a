// Secrets come from one Secrets Manager secret (JSON), read once per container and cached: they
// change only on rotation, and a cold start pays one call.
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "../core/shared/zod.js";
import type { SecretsProvider } from "../core/shared/ports.js";
import { clientConfig, withLocalHooks, once, type RuntimeEnv } from "./client-config.js";

export const HirepathSecrets = z.object({
  webhookSecrets: z.record(z.string(), z.string().min(16)),
  linkSigningKey: z.string().min(32),
});
export type HirepathSecrets = z.infer<typeof HirepathSecrets>;

const CACHE_MS = 5 * 60_000;

export class SecretsManagerProvider implements SecretsProvider {
  private cached?: { value: Promise<HirepathSecrets>; at: number };

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretArn: string,
  ) {}

  private load(): Promise<HirepathSecrets> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.value;
    const value = this.client.send(new GetSecretValueCommand({ SecretId: this.secretArn })).then((out) => HirepathSecrets.parse(JSON.parse(out.SecretString ?? "{}")));
    value.catch(() => (this.cached = undefined));
    this.cached = { value, at: Date.now() };
    return value;
  }

  async webhookSecret(source: string): Promise<string | undefined> {
    return (await this.load()).webhookSecrets[source];
  }

  async linkSigningKey(): Promise<string> {
    return (await this.load()).linkSigningKey;
  }
}


export function secretsFrom(env: RuntimeEnv & { SECRETS_ARN: string }): SecretsProvider {
  return once(`secrets:${env.SECRETS_ARN}`, () => new SecretsManagerProvider(withLocalHooks(new SecretsManagerClient(clientConfig(env, "secretsManager"))), env.SECRETS_ARN));
}
