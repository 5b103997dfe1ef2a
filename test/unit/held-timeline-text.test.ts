// A held message on the console's timeline: named in the page's language, with what, until when in the
// candidate's zone and why; a cap exemption says why the cap did not hold it.
import { describe, expect, it } from "vitest";
import { timelineEntry } from "../../lambdas/pages/console/timeline-text.js";
import type { TimelineEvent } from "../../lambdas/core/shared/model.js";

const held = {
  eventId: "e1",
  candidateId: "c1",
  at: "2026-12-08T07:55:00.000Z",
  type: "message.held",
  summary: "Interview invitation held until 08:00 on 2026-12-08 America/Los_Angeles: quiet hours",
  data: { what: "Interview invitation", until: "2026-12-08T16:00:00.000Z", zone: "America/Los_Angeles", localTime: "08:00 on 2026-12-08 America/Los_Angeles", reason: "quiet-hours" },
} as TimelineEvent;

/** The entry as a reader sees it: text without the markup. */
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#39;/g, "'");

describe("held messages on the console timeline", () => {
  it("names the hold, its end in the candidate's zone and its reason, in zh-CN and en", () => {
    const zh = text(timelineEntry(held, "zh-CN", "12-08 15:55"));
    expect(zh).toContain("消息暂缓发送");
    expect(zh).toContain("暂缓至 08:00 on 2026-12-08 America/Los_Angeles（免打扰时段）");
    // Marked as a zoned time (the console's page check refuses unlabelled times), and not a <time> the page would re-zone.
    expect(timelineEntry(held, "en", "12-08 15:55")).toContain('<span data-zone="America/Los_Angeles" translate="no">08:00 on 2026-12-08 America/Los_Angeles</span>');
    const en = text(timelineEntry(held, "en", "12-08 15:55"));
    expect(en).toContain("Message held");
    expect(en).toContain("Interview invitation · held until 08:00 on 2026-12-08 America/Los_Angeles (quiet hours)");
  });

  it("says why the daily cap did not hold a message", () => {
    const exempt = { ...held, type: "message.cap-exempt", data: { what: "Interview invitation", why: "it confirms the candidate's own booking", dailyCap: 3 } } as TimelineEvent;
    expect(text(timelineEntry(exempt, "en", "12-08 15:55"))).toContain("Not held by the daily limitInterview invitation: it confirms the candidate's own booking");
  });
});
