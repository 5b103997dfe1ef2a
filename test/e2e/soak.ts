// The end-to-end soak: many application journeys through `npm start`, with kill -9 at random
// moments and a restart each time, then an account of what a newcomer would see. Shared by the
// test (about 50 journeys, 3 kills) and `npm run bench` (more of both).
//
// Senders behave as job boards do: a delivery whose answer never came (the connection died with
// the process) is sent again, with the same delivery id, until it gets an answer.
// Afterwards, per application:
// - lost: missing from GET /hr/candidates, no application, or no invitation in the outbox once
//   its journey is over;
// - duplicated: a second profile, application, application.received event or invitation;
// - stuck: a journey still running after the stack had time to finish it.
import { SFNClient, DescribeExecutionCommand } from "@aws-sdk/client-sfn";
import { signGenericWebhook } from "../../lambdas/core/intake/webhook-signature.js";
import { hr, newDataDir, outbox, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

export interface SoakOptions {
  journeys: number;
  kills: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** Real ms the journeys get, after the last delivery, to finish. */
  settleMs?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  journeys: number;
  kills: number;
  /** Everything lost, invitations included. */
  lost: number;
  /** Of those, invitations that never reached the outbox (the send path's effectively-once promise). */
  lostInvitations: number;
  duplicated: number;
  stuck: number;
  /** What each lost, duplicated or stuck finding was, for the failure message. */
  findings: string[];
}

/** A small seeded generator, so a failing soak can be run again the same way. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const ENV = {
  // An hour of journey time in a second: the invite's wait for engagement and the nudge are seconds.
  HIREPATH_TIME_SCALE: "3600",
  HIREPATH_NUDGE_AFTER_SECONDS: "3600",
  HIREPATH_EVENT_DELAY_MS: "5",
};

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => undefined);
  const rnd = random(options.seed ?? 42);
  const dataDir = newDataDir();
  let stack: LocalProcess = await startLocalProcess(dataDir, ENV);
  const secret = webhookSecret(dataDir);
  const people = Array.from({ length: options.journeys }, (_, i) => ({
    deliveryId: `soak-${i}`,
    email: `soak${i}@example.com`,
    // Not ending in 0000: the SMS emulator's carrier can't reach those (and the nudge would fall back to a second email).
    phone: `1391${String(i).padStart(4, "0")}888`,
    answer: undefined as undefined | { candidateId: string; applicationId: string; executionArn: string },
  }));
  const bodyOf = (p: (typeof people)[number]) =>
    JSON.stringify({
      event: "application.created",
      candidate: { name: `浸泡${p.deliveryId}`, email: p.email, phone: p.phone, locale: "zh-CN", timeZone: "Asia/Shanghai" },
      application: { requisitionId: "req-sales-sh", resumeText: "5年SaaS大客户销售经验", yearsExperience: 5, location: "上海" },
    });

  // Kills land while deliveries are in flight: after a random share of them has been answered.
  const killAfter = Array.from({ length: options.kills }, () => Math.floor(rnd() * options.journeys)).sort((a, b) => a - b);
  let answered = 0;
  let kills = 0;
  let restarting: Promise<void> | undefined;

  const killAndRestart = async () => {
    kills++;
    log(`kill -9 #${kills} after ${answered} answers`);
    await stack.kill9();
    stack = await startLocalProcess(dataDir, ENV);
  };

  async function deliver(p: (typeof people)[number]): Promise<void> {
    for (let attempt = 0; !p.answer; attempt++) {
      if (restarting) await restarting;
      const url = stack.url;
      const timestamp = Math.floor(Date.now() / 1000);
      const body = bodyOf(p);
      try {
        const res = await fetch(`${url}/webhooks/generic`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hirepath-signature": signGenericWebhook(body, secret, timestamp), "x-hirepath-delivery": p.deliveryId, "x-hirepath-timestamp": String(timestamp) },
          body,
        });
        const json = (await res.json()) as Record<string, string>;
        if (res.status === 202 || res.status === 200) p.answer = { candidateId: json.candidateId!, applicationId: json.applicationId!, executionArn: json.executionArn! };
        else if (res.status >= 500 || attempt < 20) await new Promise((r) => setTimeout(r, 100));
        else throw new Error(`delivery ${p.deliveryId} refused: ${res.status} ${JSON.stringify(json)}`);
      } catch (error) {
        if ((error as Error).message.startsWith("delivery")) throw error;
        // The process died under us: the job board sends it again.
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      answered++;
      while (killAfter.length && answered >= killAfter[0]!) {
        killAfter.shift();
        // One kill per threshold, even when two are crossed at once: each waits for the one before.
        const kill: Promise<void> = (restarting ?? Promise.resolve()).then(killAndRestart).finally(() => {
          if (restarting === kill) restarting = undefined;
        });
        restarting = kill;
        await kill;
      }
    }
  }

  const queue = [...people];
  const workers = Array.from({ length: options.concurrency ?? 8 }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) await deliver(p);
  });
  await Promise.all(workers);
  while (killAfter.length) {
    killAfter.shift();
    await killAndRestart();
  }

  // Let the journeys finish: each is a few journey-hours, seconds at this scale.
  const sfn = new SFNClient({ endpoint: awsEndpointOf(stack), region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const recruiter = await token(stack.url, "recruiter");
  const deadline = Date.now() + (options.settleMs ?? 60_000);
  const status = async (arn: string) => (await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status;
  let running = people.filter((p) => p.answer);
  while (Date.now() < deadline) {
    const states = await Promise.all(running.map(async (p) => ({ p, s: await status(p.answer!.executionArn).catch(() => "UNKNOWN") })));
    running = states.filter((x) => x.s === "RUNNING" || x.s === "UNKNOWN").map((x) => x.p);
    if (running.length === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }

  const findings: string[] = [];
  let lost = 0;
  let lostInvitations = 0;
  let duplicated = 0;
  const stuck = running.length;
  for (const p of running) findings.push(`stuck: ${p.deliveryId}'s journey is still running`);
  const listed = new Set<string>();
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = await hr(stack.url, recruiter, `/hr/candidates?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    for (const c of page.body.items as Array<{ candidateId: string }>) listed.add(c.candidateId);
    cursor = page.body.nextCursor;
  }
  const byPhone = new Map<string, number>();
  for (const id of listed) {
    const v = await hr(stack.url, recruiter, `/hr/candidates/${id}`);
    const phone = String(v.body.candidate?.phoneE164 ?? "");
    byPhone.set(phone, (byPhone.get(phone) ?? 0) + 1);
  }
  for (const p of people) {
    if (!p.answer) {
      lost++;
      findings.push(`lost: ${p.deliveryId} never got an answer`);
      continue;
    }
    if (!listed.has(p.answer.candidateId)) {
      lost++;
      findings.push(`lost: ${p.deliveryId}'s candidate is missing from GET /hr/candidates`);
    }
    if ((byPhone.get(`+86${p.phone}`) ?? 0) > 1) {
      duplicated++;
      findings.push(`duplicated: ${p.deliveryId} has ${byPhone.get(`+86${p.phone}`)} profiles`);
    }
    const view = (await hr(stack.url, recruiter, `/hr/candidates/${p.answer.candidateId}`)).body;
    const applications = (view.applications ?? []) as unknown[];
    const received = ((view.timeline ?? []) as Array<{ type: string }>).filter((e) => e.type === "application.received").length;
    if (applications.length !== 1 || received !== 1) {
      if (applications.length === 0) lost++;
      else duplicated++;
      findings.push(`${applications.length === 0 ? "lost" : "duplicated"}: ${p.deliveryId} has ${applications.length} applications and ${received} application.received events`);
    }
    const invitations = (await outbox(stack.url, { to: p.email, channel: "email" })).length;
    if (invitations > 1) {
      duplicated++;
      findings.push(`duplicated: ${p.deliveryId} got ${invitations} invitations`);
    } else if (invitations === 0 && !running.includes(p)) {
      lost++;
      lostInvitations++;
      findings.push(`lost: ${p.deliveryId}'s invitation never reached the outbox`);
    }
  }
  await stack.stop();
  return { journeys: options.journeys, kills, lost, lostInvitations, duplicated, stuck, findings };
}

/** The AWS stand-ins' endpoint, from the banner `npm start` prints. */
function awsEndpointOf(stack: LocalProcess): string {
  const m = /AWS stand-ins:\s+(\S+)/.exec(stack.output());
  if (!m) throw new Error("the local stack did not print its AWS endpoint");
  return m[1]!;
}
