// Alerts to staff (recruiter tasks, escalations, changes to an interview). Email is always sent; a
// team may add a chat robot (chat-robots.ts). Each delivery is tried a few times in-process, and
// every attempt's result is returned so the caller can keep it on the task: a failed alert is shown
// to HR, never dropped. Email ids derive from the alert's idempotency key, so a retried step does not
// email anyone twice.
import { derivedId } from "../shared/ids.js";
import type { AlertDelivery } from "../shared/model.js";
import type { Clock, EmailSender, HirepathStore } from "../shared/ports.js";
import { escapeHtml } from "../shared/escape-html.js";

export interface StaffAlert {
  /** Idempotency key: the same alert key never emails the same person twice. */
  key: string;
  candidateId: string;
  applicationId?: string;
  to: readonly string[];
  subject: string;
  text: string;
}

/** One team chat robot. `post` throws when the robot did not accept the message. */
export interface ChatTarget {
  /** "wecom" | "dingtalk" | "feishu" | "slack". */
  channel: string;
  /** Where, without the credential in the URL (the host). */
  to: string;
  /** Stable per robot, for the post-once marker. */
  id: string;
  post(message: { title: string; text: string }): Promise<void>;
}

export interface ChatDelivery {
  targets: readonly ChatTarget[];
  /** Marks (alert, robot) as posted; false when an earlier attempt already posted it. */
  claim(deliveryId: string): Promise<boolean>;
  /** Undoes a claim whose post failed, so a later retry of the step may post. */
  release(deliveryId: string): Promise<void>;
}

export interface StaffAlertDeps {
  store: HirepathStore;
  email: EmailSender;
  clock: Clock;
  chat?: ChatDelivery;
  /** Attempts per delivery before it is recorded as failed. */
  attempts?: number;
  /** Pause between attempts (ms); tests pass 0. */
  backoffMs?: number;
}


async function withAttempts<T>(attempts: number, backoffMs: number, run: () => Promise<T>): Promise<{ ok: true; value: T; attempts: number } | { ok: false; error: string; attempts: number }> {
  let last = "";
  for (let i = 1; i <= attempts; i++) {
    try {
      return { ok: true, value: await run(), attempts: i };
    } catch (error) {
      last = `${(error as Error).name}: ${(error as Error).message}`;
      if (i < attempts && backoffMs > 0) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (i - 1)));
    }
  }
  return { ok: false, error: last, attempts };
}

export async function sendStaffAlert(alert: StaffAlert, deps: StaffAlertDeps): Promise<AlertDelivery[]> {
  const attempts = deps.attempts ?? 3;
  const backoffMs = deps.backoffMs ?? 200;
  const deliveries: AlertDelivery[] = [];
  for (const to of new Set(alert.to)) {
    const messageId = derivedId("staff-alert", alert.key, to);
    const claim = await deps.store.claimMessage({
      messageId,
      idempotencyKey: `${alert.key}#${to}`,
      candidateId: alert.candidateId,
      ...(alert.applicationId ? { applicationId: alert.applicationId } : {}),
      channel: "email",
      template: "staff-alert",
      to,
      status: "sending",
      createdAt: deps.clock.now().toISOString(),
    });
    if (!claim.claimed && claim.record.status !== "failed") continue; // already sent (or in doubt): never twice
    if (!claim.claimed) await deps.store.reclaimFailedMessage(messageId, deps.clock.now().toISOString());
    const result = await withAttempts(attempts, backoffMs, () =>
      deps.email.sendEmail({
        to,
        subject: alert.subject,
        text: alert.text,
        html: `<!doctype html><html><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif"><pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(alert.text)}</pre></body></html>`,
        headers: {},
        tags: { "hirepath-message-id": messageId },
      }),
    );
    const at = deps.clock.now().toISOString();
    if (result.ok) await deps.store.markMessage(messageId, { status: "sent", provider: result.value.provider, providerMessageId: result.value.providerMessageId, sentAt: at });
    else await deps.store.markMessage(messageId, { status: "failed", failedAt: at });
    deliveries.push({ channel: "email", to, status: result.ok ? "sent" : "failed", attempts: result.attempts, at, ...(result.ok ? {} : { error: result.error }) });
  }
  for (const target of deps.chat?.targets ?? []) {
    const deliveryId = derivedId("chat-alert", alert.key, target.id);
    if (!(await deps.chat!.claim(deliveryId))) continue; // posted by an earlier attempt: never twice
    const result = await withAttempts(attempts, backoffMs, () => target.post({ title: alert.subject, text: alert.text }));
    if (!result.ok) await deps.chat!.release(deliveryId);
    deliveries.push({ channel: target.channel, to: target.to, status: result.ok ? "sent" : "failed", attempts: result.attempts, at: deps.clock.now().toISOString(), ...(result.ok ? {} : { error: result.error }) });
  }
  return deliveries;
}
