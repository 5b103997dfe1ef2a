// Interviewers publish their own availability through the HR API, on the local stack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_INTERVIEWER_ID } from "../../local/seed.js";
import { startJourneyHarness, type JourneyHarness } from "./journey-harness.js";

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => h?.close());

async function put(token: string, interviewerId: string, body: unknown) {
  const res = await fetch(`${h.stack.appUrl}/hr/interviewers/${interviewerId}/availability`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const week = { availability: [{ startsAt: "2026-12-01T01:00:00.000Z", endsAt: "2026-12-01T09:00:00.000Z" }] };

describe("interviewer availability", () => {
  it("lets an interviewer publish their own availability with their own login", async () => {
    const interviewer = await h.hr(`/hr/interviewers`);
    const demo = (interviewer.items as Array<{ interviewerId: string; email: string }>).find((i) => i.interviewerId === DEMO_INTERVIEWER_ID)!;
    const token = await h.stack.issuer.issueToken("hiring-manager", { email: demo.email.toUpperCase() });
    const res = await put(token, DEMO_INTERVIEWER_ID, week);
    expect(res.status).toBe(200);
    expect(res.body.availability).toEqual(week.availability);
  });

  it("refuses a hiring manager publishing for someone else, with the reason", async () => {
    const token = await h.stack.issuer.issueToken("hiring-manager", { email: "someone-else@example.com" });
    const res = await put(token, DEMO_INTERVIEWER_ID, week);
    expect(res).toMatchObject({ status: 403, body: { code: "forbidden" } });
  });

  it("names the bad field in a malformed range", async () => {
    const token = await h.stack.issuer.issueToken("recruiter");
    const res = await put(token, DEMO_INTERVIEWER_ID, { availability: [{ startsAt: "soon" }] });
    expect(res.status).toBe(400);
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path).join(" ")).toMatch(/availability\.0\./);
  });
});
