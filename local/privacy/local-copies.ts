// What erasure reaches only locally: the stand-ins' own copies of a person. The outbox keeps every
// rendered email and SMS (a provider keeps nothing we could erase through its API; the outbox is the
// developer's window on what was sent), the chat outbox keeps staff alerts naming them, and dynalite's
// LevelDB keeps deleted items and old versions on disk until compacted. Served on the AWS stand-ins'
// loopback port; TalentApi reaches it through LOCAL_COPIES_URL, which only the local stack sets.
//   POST /local/privacy/erase    {"traces": ["<email>", "<phone>", "<name>"]} → {"outboxMessages": n, "chatMessages": n}
//   POST /local/privacy/compact  → {} once the local DynamoDB's files hold no erased data
// A crash test (HIREPATH_CRASH_AT) can have the whole process SIGKILLed when erasure reaches one of
// these steps: that is a real kill -9 at a known point mid-erasure, which a timer could not hit.
import { awsJsonError, type AwsRequest, type AwsResponse, type ServiceEmulator } from "../http/aws-protocol.js";
import type { ChatOutbox } from "../chat/chat-outbox.js";
import type { OutboxStore } from "../messaging/outbox-store.js";

export const LOCAL_COPIES_PATH = "/local/privacy";

/** Where erasure's local steps can kill the process: before the outbox copies go, or before compaction. */
export const ERASURE_CRASH_POINTS = ["erasure-local-copies", "erasure-compact"] as const;
export type ErasureCrashPoint = (typeof ERASURE_CRASH_POINTS)[number];

/** SIGKILL, not exit: no handler, no flush, no close of the table, as a crash would be. */
const crash = () => process.kill(process.pid, "SIGKILL");

export function createLocalCopiesEmulator(deps: { outbox: OutboxStore; chatOutbox: ChatOutbox; compactDynamo(): Promise<void>; crashAt?: ErasureCrashPoint | undefined }): ServiceEmulator {
  const json = (body: unknown): AwsResponse => ({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return {
    name: "local copies (erasure)",
    matches: (req: AwsRequest) => req.path.startsWith(`${LOCAL_COPIES_PATH}/`),
    async handle(req) {
      if (req.method === "POST" && req.path === `${LOCAL_COPIES_PATH}/erase`) {
        if (deps.crashAt === "erasure-local-copies") crash();
        const { traces } = JSON.parse(req.body.toString("utf8") || "{}") as { traces?: unknown };
        const wanted = Array.isArray(traces) ? traces.filter((t): t is string => typeof t === "string" && t.length >= 3) : [];
        const outboxMessages = deps.outbox.eraseMentioning(wanted);
        const before = deps.chatOutbox.messages.length;
        const keptChat = deps.chatOutbox.messages.filter((m) => !wanted.some((t) => JSON.stringify(m).includes(t)));
        deps.chatOutbox.messages.splice(0, before, ...keptChat);
        return json({ outboxMessages, chatMessages: before - keptChat.length });
      }
      if (req.method === "POST" && req.path === `${LOCAL_COPIES_PATH}/compact`) {
        if (deps.crashAt === "erasure-compact") crash();
        await deps.compactDynamo();
        return json({});
      }
      return awsJsonError(404, "UnknownOperationException", `no local operation ${req.method} ${req.path}`);
    },
  };
}
