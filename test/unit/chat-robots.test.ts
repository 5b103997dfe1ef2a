import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildChatRequest, chatAccepted, dingtalkSign, feishuSign } from "../../lambdas/core/outreach/chat-robots.js";

const now = new Date("2026-03-10T06:00:00.000Z");
const message = { title: "请致电候选人 / Call the candidate", text: "王小明 13800138000" };

describe("chat robot signatures", () => {
  it("signs DingTalk with HMAC-SHA256(secret, timestamp\\nsecret), Base64, URL-encoded in the query", () => {
    const secret = "SEC0123456789abcdef";
    const expected = createHmac("sha256", secret).update(`${now.getTime()}\n${secret}`).digest("base64");
    expect(dingtalkSign(now.getTime(), secret)).toBe(expected);
    const req = buildChatRequest({ kind: "dingtalk", webhookUrl: "https://oapi.dingtalk.com/robot/send?access_token=abc", secret }, message, now);
    const url = new URL(req.url);
    expect(url.searchParams.get("access_token")).toBe("abc");
    expect(url.searchParams.get("timestamp")).toBe(String(now.getTime()));
    expect(url.searchParams.get("sign")).toBe(expected);
    expect(req.url).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(JSON.parse(req.body)).toMatchObject({ msgtype: "markdown", markdown: { title: message.title } });
  });

  it("signs Feishu with the timestamp\\nsecret string as the HMAC key over an empty message, in the body", () => {
    const secret = "feishu-secret";
    const ts = Math.floor(now.getTime() / 1000);
    const expected = createHmac("sha256", `${ts}\n${secret}`).update("").digest("base64");
    expect(feishuSign(ts, secret)).toBe(expected);
    // Not the DingTalk scheme: key and message are the other way round.
    expect(expected).not.toBe(createHmac("sha256", secret).update(`${ts}\n${secret}`).digest("base64"));
    const body = JSON.parse(buildChatRequest({ kind: "feishu", webhookUrl: "https://open.feishu.cn/open-apis/bot/v2/hook/x", secret }, message, now).body);
    expect(body).toEqual({ timestamp: String(ts), sign: expected, msg_type: "text", content: { text: `${message.title}\n${message.text}` } });
  });

  it("builds the WeCom markdown and Slack text payloads, which carry no signature", () => {
    expect(JSON.parse(buildChatRequest({ kind: "wecom", webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" }, message, now).body)).toEqual({
      msgtype: "markdown",
      markdown: { content: `**${message.title}**\n${message.text}` },
    });
    expect(JSON.parse(buildChatRequest({ kind: "slack", webhookUrl: "https://hooks.slack.com/services/T/B/X" }, message, now).body)).toEqual({ text: `*${message.title}*\n${message.text}` });
  });

  it("treats a 200 with a non-zero code as a failed delivery", () => {
    expect(chatAccepted({ kind: "dingtalk", webhookUrl: "https://x.test" }, 200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({ ok: false, detail: "310000 sign not match" });
    expect(chatAccepted({ kind: "feishu", webhookUrl: "https://x.test" }, 200, '{"code":0,"msg":"success"}').ok).toBe(true);
    expect(chatAccepted({ kind: "slack", webhookUrl: "https://x.test" }, 200, "ok").ok).toBe(true);
    expect(chatAccepted({ kind: "slack", webhookUrl: "https://x.test" }, 404, "no_team").ok).toBe(false);
  });
});
