// The per-caller rate limit through `npm start`, as a caller meets it: a 429 problem with Retry-After, and
// another user unaffected. The local stack turns the limit on only when asked (HIREPATH_RATE_LIMIT_PER_MINUTE).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newDataDir, startLocalProcess, token, type LocalProcess } from "./local-process.js";

const LIMIT = 3;
let stack: LocalProcess;
beforeAll(async () => {
  stack = await startLocalProcess(newDataDir(), { HIREPATH_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
}, 200_000);
afterAll(async () => stack?.stop());

describe("rate limit", () => {
  it("answers a user's requests past the limit with a 429 problem and Retry-After, and leaves another user alone", async () => {
    const recruiter = await token(stack.url, "recruiter");
    const get = (bearer: string) => fetch(`${stack.url}/hr/candidates`, { headers: { authorization: `Bearer ${bearer}` } });
    // Windows are whole minutes, so a run may straddle one: twice the limit plus one must meet it.
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 2 * LIMIT + 1 && !refused; i++) {
      const res = await get(recruiter);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
      else await res.arrayBuffer();
    }
    expect(refused, `statuses ${statuses.join(",")}`).toBeDefined();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(LIMIT);
    expect(refused!.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(refused!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused!.json()).toMatchObject({ status: 429, code: "throttled", type: "/problems/throttled", limit: LIMIT, retryAfterSeconds: retryAfter });

    const other = await get(await token(stack.url, "admin"));
    expect(other.status).toBe(200);
    // The problem type resolves to its page, as every code's does.
    expect((await fetch(`${stack.url}/problems/throttled`)).status).toBe(200);
  });
});
