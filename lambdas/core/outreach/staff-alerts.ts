// Alerts to staff (recruiter tasks, escalations, changes to an interview). Email is always sent; a
// team may add a chat robot (chat-robots.ts). Each delivery is tried a few times in-process, and
// every attempt's result is returned so the caller can keep it on the task: a failed alert is shown
// to HR, never dropped. Emails go through send-once.ts, so a retried step does not email anyone twice.
import { derivedId } from "../shared/ids.js";
import type { AlertDelivery } from "../shared/model.js";
import type { EmailSender } from "../shared/ports.js";
import { escapeHtml } from "../shared/escape-html.js";
import { DEFAULT_TRANSIENT_RETRY, sendOnce, type SendOnceDeps } from "./send-once.js";

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

export interface StaffAlertDeps extends SendOnceDeps {
  email: EmailSender;
  chat?: ChatDelivery;
}

export async function sendStaffAlert(alert: StaffAlert, deps: StaffAlertDeps): Promise<AlertDelivery[]> {
  const retry = deps.retry ?? DEFAULT_TRANSIENT_RETRY;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deliveries: AlertDelivery[] = [];
  for (const to of new Set(alert.to)) {
    const outcome = await sendOnce(
      {
        // The ids alerts had before this module: derivedId("staff-alert", key, to).
        idPrefix: "staff-alert",
        idempotencyKey: `${alert.key}\u0000${to}`,
        candidateId: alert.candidateId,
        ...(alert.applicationId ? { applicationId: alert.applicationId } : {}),
        audience: "staff",
        channel: "email",
        to,
        template: "staff-alert",
      },
      (tags) =>
        deps.email.sendEmail({
          to,
          subject: alert.subject,
          text: alert.text,
          html: `<!doctype html><html><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif"><pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(alert.text)}</pre></body></html>`,
          headers: {},
          tags,
        }),
      // Every error is worth a few tries for staff: a failed alert is recorded on the task either way.
      { ...deps, retry: { ...retry, everyError: true } },
    );
    if (outcome.outcome === "sent" && outcome.duplicate) continue; // sent by an earlier attempt: never twice
    if (outcome.outcome === "in-doubt") continue;
    const at = deps.clock.now().toISOString();
    deliveries.push({ channel: "email", to, status: outcome.outcome === "sent" ? "sent" : "failed", attempts: outcome.attempts, at, ...(outcome.outcome === "failed" ? { error: `${outcome.error.name}: ${outcome.error.message}` } : {}) });
  }
  for (const target of deps.chat?.targets ?? []) {
    const deliveryId = derivedId("chat-alert", alert.key, target.id);
    if (!(await deps.chat!.claim(deliveryId))) continue; // posted by an earlier attempt: never twice
    let attempts = 0;
    let error: string | undefined;
    for (; attempts < retry.attempts; ) {
      attempts++;
      try {
        await target.post({ title: alert.subject, text: alert.text });
        error = undefined;
        break;
      } catch (e) {
        error = `${(e as Error).name}: ${(e as Error).message}`;
        if (attempts < retry.attempts) await sleep(retry.backoffMs * 2 ** (attempts - 1));
      }
    }
    if (error) await deps.chat!.release(deliveryId);
    deliveries.push({ channel: target.channel, to: target.to, status: error ? "failed" : "sent", attempts, at: deps.clock.now().toISOString(), ...(error ? { error } : {}) });
  }
  return deliveries;
}
