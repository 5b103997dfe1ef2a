// Secrets Manager stand-in: serves the one Hirepath secret, generated on first start and kept in
// the data directory, through the awsJson1_1 protocol the real client speaks.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { HirepathSecrets } from "../../lambdas/adapters/secrets.js";
import { webhookSecretNames } from "../../lambdas/core/intake/webhook-intake.js";
import { awsJsonError, awsJsonResult, jsonTarget, parseJsonBody, type ServiceEmulator } from "../http/aws-protocol.js";

/**
 * One secret per webhook source, plus Feishu's Verification Token, as the deployed secret is seeded
 * (lib/constructs/data.ts). Lever and Feishu issue theirs; locally we play the vendor, so any value does.
 */
export const LOCAL_WEBHOOK_SOURCES = webhookSecretNames;

export function loadOrCreateSecrets(file: string): HirepathSecrets {
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as HirepathSecrets) : undefined;
  // A data directory from before a source existed gains that source's secret, keeping the others.
  if (existing && LOCAL_WEBHOOK_SOURCES.every((s) => existing.webhookSecrets[s])) return existing;
  const secrets: HirepathSecrets = {
    webhookSecrets: {
      ...Object.fromEntries(LOCAL_WEBHOOK_SOURCES.map((s) => [s, `whsec_${randomBytes(24).toString("base64url")}`])),
      ...existing?.webhookSecrets,
    },
    linkSigningKey: existing?.linkSigningKey ?? randomBytes(32).toString("base64url"),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function createSecretsEmulator(secretArn: string, secrets: HirepathSecrets): ServiceEmulator {
  const ct = "application/x-amz-json-1.1";
  return {
    name: "Secrets Manager",
    matches: (req) => jsonTarget(req)?.prefix === "secretsmanager",
    handle: async (req) => {
      const target = jsonTarget(req)!;
      if (target.operation !== "GetSecretValue") {
        return awsJsonError(400, "UnsupportedOperation", `Secrets Manager ${target.operation} is not emulated locally`, ct);
      }
      const { SecretId } = parseJsonBody<{ SecretId?: string }>(req);
      if (SecretId !== secretArn && SecretId !== secretArn.split(":").pop()) {
        return awsJsonError(400, "ResourceNotFoundException", `Secrets Manager can't find the specified secret: ${SecretId}`, ct);
      }
      return awsJsonResult(
        { ARN: secretArn, Name: secretArn.split(":").pop(), SecretString: JSON.stringify(secrets), VersionId: "local", VersionStages: ["AWSCURRENT"], CreatedDate: 0 },
        ct,
      );
    },
  };
}
