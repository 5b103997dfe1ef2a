// The nurture message reads HR's wording too: an admin rewords the English nurture SMS (settings API), and
// the re-engagement journey's first nurture text, on the local engine with the real handlers and the SMS
// emulator, is that text with the person's values, the signature in front and the opt-out words filled in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { approvers, createOffer, linkIn, postLink, submitOffer, waitForState, approveWholeChain } from "./offer-harness.js";

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => h?.close());

describe("nurture with HR's wording", () => {
  it("sends the reworded English nurture SMS and records the version it used", async () => {
    const admin = await h.stack.issuer.issueToken("admin");
    const saved = await fetch(`${h.stack.appUrl}/hr/teams/default/message-templates/re-engagement-nurture/en`, {
      method: "PUT",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({ expectedVersion: 0, sms: { body: "Hi {{candidateName}}, the team here still thinks of you. Coffee? {{portalUrl}} {{optOut}}" } }),
    });
    expect(saved.status).toBe(200);

    const o = await createOffer(h, { name: "Nia Nurture", locale: "en", preferredChannel: "sms" });
    const { body } = await submitOffer(h, o);
    const arn = body.executionArn as string;
    await approveWholeChain(h, arn);
    expect((await postLink(linkIn(h, o.email, "decline")!, { action: "decline", text: "Not now", consent: "yes" })).status).toBe(200);
    expect((await h.finished(arn)).status).toBe("SUCCEEDED");

    const plan = await h.hr(`/hr/candidates/${o.candidateId}/re-engagement`, { method: "PUT", body: JSON.stringify({ nurture: true }) });
    await h.stack.scheduler.fireNow(plan.scheduleName, "hirepath");
    const phone = `+86${o.phone}`;
    await expect.poll(() => h.stack.outbox.list({ to: phone, channel: "sms" }).find((m) => m.text?.includes("still thinks of you"))?.text, { timeout: 60_000 }).toMatch(
      /^Hirepath: Hi Nia Nurture, the team here still thinks of you\. Coffee\? http:\/\/\S+\/s\/\w{10} Reply STOP to opt out$/,
    );
    // The timeline's message.sent follows the provider's receipt: wait for it.
    const sentData = async () => ((await h.hr(`/hr/candidates/${o.candidateId}`)).timeline as Array<{ type: string; data?: Record<string, unknown> }>).find((e) => e.type === "message.sent" && e.data?.template === "re-engagement-nurture")?.data;
    await expect.poll(sentData, { timeout: 30_000 }).toMatchObject({ templateText: { teamId: "default", version: 1 } });
  });
});
