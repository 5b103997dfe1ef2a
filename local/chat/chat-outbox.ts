// A loopback stand-in for the team chat robots (WeCom, DingTalk, Feishu, Slack), so staff alerts can
// be sent and checked without the network. It answers like each provider does, verifies the DingTalk
// and Feishu signatures against LOCAL_CHAT_ROBOT_SECRET, and keeps what it received:
//   POST /chat-outbox/{wecom|dingtalk|feishu|slack}/{robot}   the robot's webhook
//   GET  /chat-outbox/api/messages                            what arrived (JSON)
// A robot named "broken" refuses everything, to exercise failed deliveries.
import type { IncomingMessage, ServerResponse } from "node:http";
import { dingtalkSign, feishuSign, LOCAL_CHAT_ROBOT_SECRET } from "../../lambdas/core/outreach/chat-robots.js";

export { LOCAL_CHAT_ROBOT_SECRET };

export interface ChatOutboxMessage {
  kind: string;
  robot: string;
  at: string;
  /** Whether the signature checked out (undefined when the provider has none). */
  signed?: boolean;
  body: unknown;
}

export interface ChatOutbox {
  messages: ChatOutboxMessage[];
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean>;
}

const ONE_HOUR_MS = 3600_000;

export function createChatOutbox(): ChatOutbox {
  const messages: ChatOutboxMessage[] = [];
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" }).end(typeof body === "string" ? body : JSON.stringify(body));
  };
  return {
    messages,
    async handle(req, res, raw) {
      const url = new URL(req.url ?? "/", "http://local");
      if (!url.pathname.startsWith("/chat-outbox")) return false;
      if (req.method === "GET" && url.pathname === "/chat-outbox/api/messages") {
        reply(res, 200, { items: messages });
        return true;
      }
      const [, , kind, robot] = url.pathname.split("/");
      if (req.method !== "POST" || !kind || !robot) {
        reply(res, 404, { message: "Not Found" });
        return true;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
      } catch {
        reply(res, 400, { errcode: 40001, errmsg: "invalid json" });
        return true;
      }
      const broken = robot === "broken";
      switch (kind) {
        case "wecom":
          if (broken || !url.searchParams.get("key")) return reply(res, 200, { errcode: 93000, errmsg: "invalid webhook url" }), true;
          messages.push({ kind, robot, at: new Date().toISOString(), body });
          return reply(res, 200, { errcode: 0, errmsg: "ok" }), true;
        case "dingtalk": {
          const timestamp = Number(url.searchParams.get("timestamp"));
          const signed = url.searchParams.get("sign") === dingtalkSign(timestamp, LOCAL_CHAT_ROBOT_SECRET) && Math.abs(Date.now() - timestamp) < ONE_HOUR_MS;
          if (broken || !signed) return reply(res, 200, { errcode: 310000, errmsg: "sign not match" }), true;
          messages.push({ kind, robot, at: new Date().toISOString(), signed, body });
          return reply(res, 200, { errcode: 0, errmsg: "ok" }), true;
        }
        case "feishu": {
          const timestamp = Number(body.timestamp);
          const signed = body.sign === feishuSign(timestamp, LOCAL_CHAT_ROBOT_SECRET) && Math.abs(Date.now() / 1000 - timestamp) < 3600;
          if (broken || !signed) return reply(res, 200, { code: 19021, msg: "sign match fail or timestamp is not within one hour from current time" }), true;
          messages.push({ kind, robot, at: new Date().toISOString(), signed, body });
          return reply(res, 200, { code: 0, msg: "success", data: {} }), true;
        }
        case "slack":
          if (broken) return reply(res, 404, "no_team"), true;
          messages.push({ kind, robot, at: new Date().toISOString(), body });
          return reply(res, 200, "ok"), true;
        default:
          reply(res, 404, { message: `unknown robot kind ${kind}` });
          return true;
      }
    },
  };
}
