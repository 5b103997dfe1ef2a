// Every SMS, in both languages, as it is sent: signature, short links (a custom domain, as the deployment guide
// sets up), the SMS time format, the salary range. Each must fit its segment budget (SMS_SEGMENT_BUDGET), with
// segments counted by Twilio's calculator (GSM-7 160/153, UCS-2 70/67), and English ones must stay GSM-7.
import { SegmentedMessage } from "sms-segments-calculator";
import { describe, expect, it } from "vitest";
import { formatInterviewTime, formatInterviewTimeShort, type InterviewDetails } from "../../lambdas/core/interview/interview-templates.js";
import { salaryRange, smsContext } from "../../lambdas/core/outreach/send-message.js";
import { renderSms, SMS_SEGMENT_BUDGET, TemplateName, type TemplateContext } from "../../lambdas/core/outreach/templates.js";
import { nurtureSms } from "../../lambdas/core/re-engagement/re-engagement.js";
import type { HirepathStore } from "../../lambdas/core/shared/ports.js";
import { resolveShortLink, type ShortLinkRecord } from "../../lambdas/core/shared/short-links.js";
import { linkUrl, signLink } from "../../lambdas/core/shared/signed-links.js";

const BASE = "https://jobs.example.com";
const KEY = "test-link-signing-key";
const exp = Math.floor(Date.parse("2027-01-07T00:00:00Z") / 1000);
const startsAt = new Date("2026-12-08T06:30:00Z");

function memoryStore() {
  const links = new Map<string, ShortLinkRecord>();
  const store = {
    putShortLink: async (id: string, r: ShortLinkRecord) => (links.has(id) ? false : (links.set(id, r), true)),
    getShortLink: async (id: string) => links.get(id),
  };
  return { links, store: store as unknown as HirepathStore };
}

// Typical, not tiny: a three-character Chinese name and a seven-character title; a 24-character English one.
const people = {
  "zh-CN": { name: "欧阳小明", title: "大客户销售经理", tz: "Asia/Shanghai", cares: ["弹性工作"], location: "上海市静安区南京西路1266号", opening: "华东区销售总监" },
  en: { name: "Alex Chen", title: "Senior Account Executive", tz: "America/Los_Angeles", cares: ["flexible hours"], location: "500 Howard St, San Francisco", opening: "Sales Director" },
} as const;

async function sent(template: TemplateName, locale: "zh-CN" | "en", mode: "video" | "onsite" = "video") {
  const p = people[locale];
  const { store, links } = memoryStore();
  const signed = (claims: Parameters<typeof signLink>[0]) => linkUrl(BASE, signLink(claims, KEY));
  const interview: InterviewDetails = {
    when: formatInterviewTime(startsAt, p.tz, locale),
    whenShort: formatInterviewTimeShort(startsAt, p.tz, locale),
    mode,
    ...(mode === "video" ? { videoUrl: "https://meeting.tencent.com/dm/Ab3dE6gH" } : { location: p.location }),
    interviewerName: "Li",
    confirmUrl: `${signed({ p: "interview", c: "cand-1", i: "int-1", v: 0, exp })}?action=confirm`,
    rescheduleUrl: `${signed({ p: "interview", c: "cand-1", i: "int-1", v: 0, exp })}?action=reschedule`,
    declineUrl: `${signed({ p: "interview", c: "cand-1", i: "int-1", v: 0, exp })}?action=decline`,
  };
  const context: TemplateContext = {
    candidateName: p.name,
    requisitionTitle: p.title,
    portalUrl: signed({ p: "portal", c: "cand-1", a: "app-1", exp }),
    unsubscribeUrl: signed({ p: "unsubscribe", c: "cand-1", ch: "sms", exp }),
    actionUrl: signed({ p: "schedule", c: "cand-1", n: "nonce-123456", o: "eyJpIjoiaW50ZXJ2aWV3ZXItMSIsIm0iOiJ2aWRlbyJ9", exp }),
    interview,
    salaryRange: salaryRange({ min: 15000, max: 25000, currency: "CNY" }, locale),
    caresAbout: [...p.cares],
  };
  const body = renderSms(template, locale, await smsContext(context, { store, config: { publicBaseUrl: BASE, linkTtlDays: 30, smsSignature: "Hirepath" } }));
  return { body, links, store };
}

const cases = TemplateName.flatMap((t) => (["zh-CN", "en"] as const).map((l) => [t, l] as const));

describe("SMS length", () => {
  it.each(cases)("%s (%s) fits its segment budget, with short links only", async (template, locale) => {
    const { body } = await sent(template, locale);
    const message = new SegmentedMessage(body, "auto");
    expect(message.segmentsCount, `${message.encodingName}, ${message.numberOfCharacters} characters: ${body}`).toBeLessThanOrEqual(SMS_SEGMENT_BUDGET[template][locale]);
    if (locale === "en") expect(message.encodingName, body).toBe("GSM-7");
    expect(body.startsWith(locale === "zh-CN" ? "【Hirepath】" : "Hirepath: ")).toBe(true);
    // No signed token travels by SMS: every link of ours is /s/ plus ten characters.
    for (const url of body.match(/https?:\/\/\S+/g) ?? []) {
      if (url.startsWith(BASE)) expect(url).toMatch(/^https:\/\/jobs\.example\.com\/s\/[2-9a-zA-Z]{10}$/);
    }
  });

  it.each(["interview-reminder-24h", "interview-reminder-2h"] as const)("%s fits with an onsite address instead of a video link", async (template) => {
    for (const locale of ["zh-CN", "en"] as const) {
      const { body } = await sent(template, locale, "onsite");
      expect(new SegmentedMessage(body, "auto").segmentsCount, body).toBeLessThanOrEqual(SMS_SEGMENT_BUDGET[template][locale]);
    }
  });

  it.each(["zh-CN", "en"] as const)("the re-engagement nurture SMS (%s) fits its budget", async (locale) => {
    const p = people[locale];
    const { store } = memoryStore();
    const body = await nurtureSms({ name: p.name, locale }, p.cares, p.opening, linkUrl(BASE, signLink({ p: "portal", c: "cand-1", exp }, KEY)), { store, config: { publicBaseUrl: BASE } });
    const message = new SegmentedMessage(body, "auto");
    expect(message.segmentsCount, body).toBeLessThanOrEqual(SMS_SEGMENT_BUDGET["re-engagement-nurture"][locale]);
    if (locale === "en") expect(message.encodingName, body).toBe("GSM-7");
  });

  it("resolves a short link to the one signed link it stands for, with its action, until that link expires", async () => {
    const { body, store } = await sent("interview-scheduled", "en");
    const id = /\/s\/(\w{10})/.exec(body)![1]!;
    const link = await resolveShortLink(id, store, new Date("2026-12-07T00:00:00Z"));
    expect(link.query).toEqual({ action: "confirm" });
    expect(link.token.split(".")).toHaveLength(2);
    await expect(resolveShortLink(id, store, new Date("2027-01-08T00:00:00Z"))).rejects.toThrow(/expired/);
    await expect(resolveShortLink("zzzzzzzzzz", store, new Date("2026-12-07T00:00:00Z"))).rejects.toThrow(/no such link/);
  });

  it("starts with the configured signature instead of Hirepath", async () => {
    const { store } = memoryStore();
    const context = { candidateName: "王小明", requisitionTitle: "销售", portalUrl: linkUrl(BASE, signLink({ p: "portal", c: "c", exp }, KEY)), unsubscribeUrl: "" };
    const zh = renderSms("interview-invite", "zh-CN", await smsContext(context, { store, config: { publicBaseUrl: BASE, linkTtlDays: 30, smsSignature: "星辰科技" } }));
    const en = renderSms("interview-invite", "en", await smsContext(context, { store, config: { publicBaseUrl: BASE, linkTtlDays: 30, smsSignature: "Stellar" } }));
    expect(zh.startsWith("【星辰科技】")).toBe(true);
    expect(en.startsWith("Stellar: ")).toBe(true);
    expect(zh + en).not.toContain("Hirepath");
  });
});
