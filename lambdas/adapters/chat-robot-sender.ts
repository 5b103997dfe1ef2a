// Posts staff alerts to team chat robots (WeCom, DingTalk, Feishu, Slack) with fetch; the request
// itself (format, signature) is built in core/chat-robots.ts. Under the local runtime only loopback
// URLs are allowed, so a test or `npm start` can never post to a real chat.
import { buildChatRequest, chatAccepted, type ChatRobot } from "../core/outreach/chat-robots.js";
import { DomainError } from "../core/shared/errors.js";
import { derivedId } from "../core/shared/ids.js";
import type { InterviewStore } from "../core/interview/interview-ports.js";
import type { ChatDelivery, ChatTarget } from "../core/outreach/staff-alerts.js";

export class ChatDeliveryError extends DomainError {}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const TIMEOUT_MS = 5000;

export function chatTargetsFor(robots: readonly ChatRobot[], runtime: "aws" | "local", clock: () => Date = () => new Date()): ChatTarget[] {
  return robots.map((robot) => {
    const url = new URL(robot.webhookUrl);
    return {
      channel: robot.kind,
      to: url.host,
      id: derivedId("robot", robot.kind, robot.webhookUrl),
      async post(message) {
        if (runtime === "local" && !LOOPBACK.has(url.hostname)) throw new ChatDeliveryError(`local runtime refuses to post to ${url.host}: only loopback chat robots are allowed`);
        const request = buildChatRequest(robot, message, clock());
        const res = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body, signal: AbortSignal.timeout(TIMEOUT_MS) });
        const verdict = chatAccepted(robot, res.status, await res.text());
        if (!verdict.ok) throw new ChatDeliveryError(`${robot.kind} robot refused the message: ${verdict.detail}`);
      },
    };
  });
}

export function chatDeliveryFor(robots: readonly ChatRobot[], interviews: InterviewStore, runtime: "aws" | "local"): ChatDelivery {
  return {
    targets: chatTargetsFor(robots, runtime),
    claim: (id) => interviews.claimChatDelivery(id, new Date().toISOString()),
    release: (id) => interviews.releaseChatDelivery(id),
  };
}
