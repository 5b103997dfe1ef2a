import { describe, expect, it } from "vitest";
import { formatInterviewTime, InterviewTemplateName, mapLinkFor } from "../../lambdas/core/interview/interview-templates.js";
import { renderEmail, renderSms } from "../../lambdas/core/outreach/templates.js";

const context = {
  candidateName: "王<小明>",
  requisitionTitle: "大客户销售 & 渠道",
  portalUrl: "https://h.example/l/p",
  unsubscribeUrl: "https://h.example/l/u",
  interview: {
    when: "2026年3月10日星期二 14:00（Asia/Shanghai）",
    mode: "onsite" as const,
    location: "上海市浦东新区世纪大道100号",
    mapUrl: "https://uri.amap.com/search?keyword=x",
    interviewerName: "李娜",
    interviewerBackground: "12年企业软件销售",
    whatToBring: "身份证",
    confirmUrl: "https://h.example/l/i?action=confirm",
    rescheduleUrl: "https://h.example/l/i?action=reschedule",
    declineUrl: "https://h.example/l/i?action=decline",
  },
};

describe("interview templates", () => {
  for (const template of InterviewTemplateName) {
    for (const locale of ["zh-CN", "en"] as const) {
      it(`${template} (${locale}) renders escaped HTML, text and SMS with the details`, () => {
        const email = renderEmail(template, locale, context);
        expect(email.html).toContain("王&lt;小明&gt;");
        expect(email.html).not.toContain("<小明>");
        expect(email.html).toContain("大客户销售 &amp; 渠道");
        expect(email.text).toContain(context.interview.when);
        expect(email.html).toContain("ses:no-track");
        const sms = renderSms(template, locale, context);
        expect(sms.length).toBeGreaterThan(10);
        expect(sms).toMatch(locale === "zh-CN" ? /回复TD退订$/ : /Reply STOP to opt out$/);
      });
    }
  }

  it("offers confirm, reschedule and decline on the invitation, and only reschedule after a no-show", () => {
    const actions = (t: (typeof InterviewTemplateName)[number]) => [...renderEmail(t, "en", context).html.matchAll(/data-action="(\w+)"/g)].map((m) => m[1]);
    expect(actions("interview-scheduled")).toEqual(["confirm", "reschedule", "decline"]);
    expect(actions("interview-no-show")).toEqual(["reschedule"]);
    expect(actions("interview-reminder-2h")).toEqual([]);
  });

  it("formats the time in the candidate's zone and language, and links onsite addresses to a map", () => {
    expect(formatInterviewTime(new Date("2026-03-10T06:00:00Z"), "Asia/Shanghai", "zh-CN")).toMatch(/^2026年3月10日星期二 14:00（Asia\/Shanghai）$/);
    expect(formatInterviewTime(new Date("2026-03-10T06:00:00Z"), "America/Los_Angeles", "en")).toContain("11:00");
    expect(mapLinkFor("上海 世纪大道", "zh-CN")).toBe("https://uri.amap.com/search?keyword=%E4%B8%8A%E6%B5%B7%20%E4%B8%96%E7%BA%AA%E5%A4%A7%E9%81%93");
    expect(mapLinkFor("1 Market St", "en")).toContain("google.com/maps/search/?api=1&query=1%20Market%20St");
  });
});
