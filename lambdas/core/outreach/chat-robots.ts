// Team chat robots for staff alerts: WeCom (企业微信), DingTalk (钉钉), Feishu (飞书) group robots
// and Slack incoming webhooks. Building the request (URL, body, signature) is pure, so each format and
// signing scheme is unit-tested; the adapter (adapters/chat-robot-sender.ts) only POSTs it.
import { createHmac } from "node:crypto";
import * as z from "../shared/zod.js";

/** The signing secret the local stack's loopback receiver (local/chat) checks DingTalk and Feishu robots against; the settings page names it under `npm start`. */
export const LOCAL_CHAT_ROBOT_SECRET = "local-chat-robot-secret";

export const ChatRobot = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("wecom"), webhookUrl: z.url() }),
  z.object({ kind: z.literal("dingtalk"), webhookUrl: z.url(), secret: z.string().min(1).optional() }),
  z.object({ kind: z.literal("feishu"), webhookUrl: z.url(), secret: z.string().min(1).optional() }),
  z.object({ kind: z.literal("slack"), webhookUrl: z.url() }),
]);
export type ChatRobot = z.infer<typeof ChatRobot>;

export interface ChatRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * DingTalk "加签": HMAC-SHA256 keyed by the secret over `timestamp + "\n" + secret` (timestamp in ms),
 * Base64, then URL-encoded into the `timestamp` and `sign` query parameters. The timestamp must be
 * within an hour of DingTalk's clock.
 * https://open.dingtalk.com/document/robots/customize-robot-security-settings
 */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
}

/**
 * Feishu "签名校验": the string `timestamp + "\n" + secret` (timestamp in seconds) is the HMAC-SHA256
 * *key*, over an empty message, Base64. It goes in the JSON body with the timestamp, not the URL.
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
 */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("", "utf8").digest("base64");
}

export function buildChatRequest(robot: ChatRobot, message: { title: string; text: string }, now: Date): ChatRequest {
  const headers = { "content-type": "application/json; charset=utf-8" };
  const plain = `${message.title}\n${message.text}`;
  switch (robot.kind) {
    case "wecom":
      // WeCom group robot: the key in the URL is the credential; markdown content up to 4096 bytes.
      // https://developer.work.weixin.qq.com/document/path/91770
      return { url: robot.webhookUrl, headers, body: JSON.stringify({ msgtype: "markdown", markdown: { content: `**${message.title}**\n${message.text}` } }) };
    case "dingtalk": {
      // https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages (markdown: title + text)
      const url = new URL(robot.webhookUrl);
      if (robot.secret) {
        const timestamp = now.getTime();
        url.searchParams.set("timestamp", String(timestamp));
        url.searchParams.set("sign", dingtalkSign(timestamp, robot.secret));
      }
      return { url: url.toString(), headers, body: JSON.stringify({ msgtype: "markdown", markdown: { title: message.title, text: `### ${message.title}\n${message.text}` } }) };
    }
    case "feishu": {
      // https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot (msg_type text, content.text)
      const timestamp = Math.floor(now.getTime() / 1000);
      const signed = robot.secret ? { timestamp: String(timestamp), sign: feishuSign(timestamp, robot.secret) } : {};
      return { url: robot.webhookUrl, headers, body: JSON.stringify({ ...signed, msg_type: "text", content: { text: plain } }) };
    }
    case "slack":
      // Slack incoming webhook: `text` is the fallback and notification text; the URL is the secret.
      // https://api.slack.com/messaging/webhooks
      return { url: robot.webhookUrl, headers, body: JSON.stringify({ text: `*${message.title}*\n${message.text}` }) };
  }
}

/**
 * Whether the robot accepted the message. WeCom and DingTalk answer `{"errcode":0}`, Feishu
 * `{"code":0}` (older deployments `{"StatusCode":0}`), Slack the plain text `ok`; all with HTTP 200.
 * A 200 with a non-zero code (bad signature, keyword filter, rate limit) is a failure.
 */
export function chatAccepted(robot: ChatRobot, status: number, body: string): { ok: boolean; detail: string } {
  if (status < 200 || status > 299) return { ok: false, detail: `HTTP ${status}: ${body.slice(0, 200)}` };
  if (robot.kind === "slack") return { ok: body.trim() === "ok", detail: body.slice(0, 200) };
  try {
    const parsed = JSON.parse(body) as { errcode?: number; code?: number; StatusCode?: number; errmsg?: string; msg?: string };
    const code = parsed.errcode ?? parsed.code ?? parsed.StatusCode;
    return { ok: code === 0, detail: `${code ?? "?"} ${parsed.errmsg ?? parsed.msg ?? ""}`.trim() };
  } catch {
    return { ok: false, detail: `unparseable response: ${body.slice(0, 200)}` };
  }
}

/** A team's robots, replaced as a whole. Their URLs carry a credential, so the answer shows only kind, host and signing. */
export const TeamChatBody = z.object({ robots: z.array(ChatRobot).max(10) }).strict();
export type TeamChatBody = z.infer<typeof TeamChatBody>;

export async function configureTeamChat(teamId: string, body: TeamChatBody, deps: { teams: { putTeamChat(teamId: string, robots: ChatRobot[], at: string): Promise<void> }; clock: { now(): Date } }) {
  await deps.teams.putTeamChat(teamId, body.robots, deps.clock.now().toISOString());
  return { teamId, robots: body.robots.map((r) => ({ kind: r.kind, host: new URL(r.webhookUrl).host, signed: "secret" in r && Boolean(r.secret) })) };
}

/** What a page may show of a robot: never the URL's credential or the secret. */
export const robotSummary = (r: ChatRobot) => ({ kind: r.kind, host: new URL(r.webhookUrl).host, signed: "secret" in r && Boolean(r.secret) });

export interface TeamChatStore {
  getTeamChat(teamId: string): Promise<ChatRobot[]>;
  /** Every team that has robots configured, with when they were last set. */
  listTeamChats(): Promise<{ teamId: string; robots: ChatRobot[]; updatedAt?: string }[]>;
}

/** Every team's robots, without their credentials. */
export async function listTeamChats(deps: { teams: TeamChatStore }) {
  const teams = await deps.teams.listTeamChats();
  return { teams: teams.map((t) => ({ teamId: t.teamId, robots: t.robots.map(robotSummary), ...(t.updatedAt ? { updatedAt: t.updatedAt } : {}) })).sort((a, b) => a.teamId.localeCompare(b.teamId)) };
}

/** The robots to test: those given (from a form, not saved yet), or else the team's saved ones. */
export const TeamChatTestBody = z.object({ robots: z.array(ChatRobot).min(1).max(10).optional() }).strict();
export type TeamChatTestBody = z.infer<typeof TeamChatTestBody>;

export interface ChatTestTarget {
  channel: string;
  to: string;
  post(message: { title: string; text: string }): Promise<void>;
}

/**
 * Posts a test message to each robot, now, and says per robot whether it took it (and what it said
 * when not: a bad signature, a wrong key). Not a staff alert: nothing is claimed or recorded, so every
 * press of the button sends again.
 */
export async function testTeamChat(teamId: string, body: TeamChatTestBody, by: string, deps: { teams: Pick<TeamChatStore, "getTeamChat">; targetsFor(robots: readonly ChatRobot[]): ChatTestTarget[]; clock: { now(): Date } }) {
  const at = deps.clock.now().toISOString();
  const robots = body.robots ?? (await deps.teams.getTeamChat(teamId));
  const message = { title: "Hirepath 测试消息 / test message", text: `团队 ${teamId} 的机器人可以收到 Hirepath 的提醒。\nTeam ${teamId}'s robot receives Hirepath alerts.\n(${by}, ${at})` };
  const results = await Promise.all(
    deps.targetsFor(robots).map(async (target, index) => {
      try {
        await target.post(message);
        return { index, kind: target.channel, host: target.to, ok: true as const };
      } catch (error) {
        return { index, kind: target.channel, host: target.to, ok: false as const, detail: error instanceof Error ? error.message.slice(0, 300) : String(error) };
      }
    }),
  );
  return { teamId, at, results };
}
