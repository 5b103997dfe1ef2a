// Erasure's reach into the local stand-ins' own copies (local/privacy/local-copies.ts). Only the local
// stack sets LOCAL_COPIES_URL; on AWS there is nothing to call and erasure skips this step.
import type { ErasureCounts, LocalCopies } from "../core/privacy/erasure.js";

export class HttpLocalCopies implements LocalCopies {
  constructor(private readonly baseUrl: string) {}

  private async post(operation: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.baseUrl}/${operation}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`local copies: ${operation} answered ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  }

  async erase(person: { name?: string; email?: string; phone?: string }): Promise<ErasureCounts> {
    // The phone as sent (E.164) and as people write it (the national number).
    const national = person.phone?.replace(/^\+86/, "");
    const traces = [person.email, person.phone, national, person.name].filter((t): t is string => Boolean(t));
    const out = await this.post("erase", { traces });
    return Object.fromEntries(Object.entries(out).filter((e): e is [string, number] => typeof e[1] === "number"));
  }

  async compact(): Promise<void> {
    await this.post("compact", {});
  }
}

export function localCopiesFrom(env: { LOCAL_COPIES_URL?: string | undefined }): LocalCopies | undefined {
  return env.LOCAL_COPIES_URL ? new HttpLocalCopies(env.LOCAL_COPIES_URL) : undefined;
}
