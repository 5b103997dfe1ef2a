// The portal's interview section offers what the candidate can still do: confirm, move and prepare for
// an interview ahead of them; nothing for one that took place, was missed, or whose time has passed.
import { describe, expect, it } from "vitest";
import { renderInterviewPortalSection } from "../../lambdas/pages/interview-portal.js";
import type { InterviewDetails } from "../../lambdas/core/interview/interview-templates.js";
import type { Interview } from "../../lambdas/core/shared/model.js";

const interview: Interview = {
  interviewId: "i1", candidateId: "c1", applicationId: "a1", interviewerId: "iv1", startsAt: "2026-12-08T02:00:00.000Z", endsAt: "2026-12-08T03:00:00.000Z",
  mode: "video", whatToBring: {}, status: "scheduled", version: 1, recruiterEmail: "hr@example.com", createdBy: "hr", createdAt: "2026-12-07T00:00:00.000Z", updatedAt: "2026-12-07T00:00:00.000Z",
};
const details = { when: "2026年12月8日星期二 10:00（Asia/Shanghai）", mode: "video", videoUrl: "https://meet.example.com/x", interviewerName: "李娜", confirmUrl: "/l/c?action=confirm", rescheduleUrl: "/l/c?action=reschedule", declineUrl: "/l/c?action=decline" } as InterviewDetails;
const render = (i: Interview, now: string) => renderInterviewPortalSection({ locale: "zh-CN", interview: i, details, timeline: [], formSubmitted: false, now: new Date(now) });

describe("the portal's interview section", () => {
  it("offers confirm, reschedule and the pre-interview form before the interview", () => {
    const html = render(interview, "2026-12-07T12:00:00.000Z");
    expect(html).toContain('data-action="confirm"');
    expect(html).toContain('data-action="reschedule"');
    expect(html).toContain('value="pre-interview-form"');
    expect(html).toContain("2026年12月8日星期二 10:00");
  });

  it("offers nothing to do for an interview that took place, was missed, or whose time has passed", () => {
    for (const [i, now] of [
      [{ ...interview, outcome: "attended" as const }, "2026-12-08T04:00:00.000Z"],
      [{ ...interview, outcome: "no-show" as const }, "2026-12-08T04:00:00.000Z"],
      [interview, "2026-12-08T03:30:00.000Z"],
    ] as const) {
      const html = render(i, now);
      expect(html).not.toContain("data-action=");
      expect(html).not.toContain("<form");
      expect(html).not.toContain("2026年12月8日星期二 10:00");
    }
  });
});
