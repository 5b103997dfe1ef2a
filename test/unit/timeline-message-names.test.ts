// Messages on the console timeline are named in words in the page's language, never by template id.
import { describe, expect, it } from "vitest";
import { timelineEntry } from "../../lambdas/pages/console/timeline-text.js";
import { TEMPLATE_LABELS } from "../../lambdas/pages/console/message-names.js";
import { TemplateName } from "../../lambdas/core/outreach/templates.js";
import type { TimelineEvent } from "../../lambdas/core/shared/model.js";

const text = (html: string) => html.replace(/<[^>]+>/g, "");
const sent = (template: string, type = "message.sent") =>
  ({ eventId: "e1", candidateId: "c1", at: "2026-12-08T07:55:00.000Z", type, summary: `${template} sent by email to a@example.com`, data: { messageId: "m1", channel: "email", template } }) as TimelineEvent;

describe("message names on the console timeline", () => {
  it("names a sent invitation in Chinese on the zh-CN page and in English on the en page, without its id", () => {
    const zh = text(timelineEntry(sent("interview-invite"), "zh-CN", "12-08 15:55"));
    expect(zh).toContain("消息已发送面试邀请 · 邮件");
    expect(zh).not.toContain("interview-invite");
    const en = text(timelineEntry(sent("interview-reminder-24h", "message.opened"), "en", "12-08 15:55"));
    expect(en).toContain("Message openedDay-before interview reminder · email");
    expect(en).not.toContain("reminder-24h");
  });

  it("knows every template the outreach module can render", () => {
    expect(TemplateName.filter((t) => !TEMPLATE_LABELS[t])).toEqual([]);
  });

  it("names an unknown template by its family, not its id", () => {
    expect(text(timelineEntry(sent("offer-something-new"), "zh-CN", "t"))).toContain("Offer 消息");
    expect(text(timelineEntry(sent("offer-something-new"), "zh-CN", "t"))).not.toContain("something");
  });

  it("names a held self-scheduling link in Chinese", () => {
    const held = { ...sent("x", "message.held"), data: { what: "Self-scheduling link", localTime: "08:00 on 2026-12-08 Asia/Shanghai", zone: "Asia/Shanghai", reason: "quiet-hours" } } as TimelineEvent;
    expect(text(timelineEntry(held, "zh-CN", "t"))).toContain("自助预约面试链接 · 暂缓至");
  });
});
