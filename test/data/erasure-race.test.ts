// Erasure racing the talent writes that run beside it (status followers, pool steps, HR's changes),
// against dynalite with the real key schema. Each interleaving is driven, not hoped for: the racing
// write is paused between its read and its write while erasure runs (or erasure is paused between
// its steps), then let go. Afterwards no search entry names the person, a name search does not find
// them, and their talent record holds nothing erasure removed. Intake racing erasure files a new
// application under a new person, never in the erased partition.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient, DynamoHirepathStore } from "../../lambdas/adapters/dynamo-store.js";
import { DynamoTalentStore } from "../../lambdas/adapters/dynamo-talent-store.js";
import { DynamoPersonalDataTable } from "../../lambdas/adapters/dynamo-erasure.js";
import { LocalFileStore } from "../../lambdas/adapters/file-store.js";
import { eraseCandidate, type ErasureDeps } from "../../lambdas/core/privacy/erasure.js";
import { ingestApplication } from "../../lambdas/core/intake/intake.js";
import { GenericApplicationWebhook } from "../../lambdas/core/intake/webhook-payload.js";
import { newId } from "../../lambdas/core/shared/ids.js";
import type { Clock } from "../../lambdas/core/shared/ports.js";
import { SearchQuery } from "../../lambdas/core/talent/talent-search.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

let dynamo: LocalDynamo;
let raw: DynamoDBClient;
let config: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
let store: DynamoHirepathStore;
let talent: DynamoTalentStore;
let filesDir: string;
const TABLE = "erasure-race";
const clock: Clock = { now: () => new Date() };
const admin = { sub: "admin-1" };

beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  config = { endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  raw = new DynamoDBClient(config);
  await ensureTable(raw, TABLE);
  store = new DynamoHirepathStore(createDocumentClient(config), TABLE);
  talent = new DynamoTalentStore(createDocumentClient(config), TABLE);
  filesDir = mkdtempSync(join(tmpdir(), "hirepath-erasure-race-"));
});
afterAll(async () => {
  await dynamo.close();
  rmSync(filesDir, { recursive: true, force: true });
});

interface Pause {
  /** Resolves once the paused call has got there (and waits). */
  reached: Promise<void>;
  release(): void;
}

function pause(): Pause & { arrive(): Promise<void> } {
  let arrived!: () => void;
  let go!: () => void;
  const reached = new Promise<void>((r) => (arrived = r));
  const released = new Promise<void>((r) => (go = r));
  return { reached, release: () => go(), arrive: () => (arrived(), released) };
}

/** A document client that stops before the first command matching `at`, until released. */
function pausedClient(at: (command: { constructor: { name: string }; input: any }) => boolean): { doc: DynamoDBDocumentClient } & Pause {
  const doc = createDocumentClient(config);
  const gate = pause();
  let armed = true;
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  (doc as unknown as { send: (command: any) => Promise<unknown> }).send = async (command) => {
    if (armed && at(command)) {
      armed = false;
      await gate.arrive();
    }
    return send(command);
  };
  return { doc, reached: gate.reached, release: gate.release };
}

const erasureDeps = (table = new DynamoPersonalDataTable(createDocumentClient(config), TABLE)): ErasureDeps => ({
  store,
  talent,
  table,
  files: new LocalFileStore(filesDir),
  clock,
  // These people have no journeys; a stop would be a bug in the test's arrangement.
  journeys: { stopJourney: async (arn) => Promise.reject(new Error(`no journey expected, asked to stop ${arn}`)) },
});

let seq = 0;
/** A person in the pool with what erasure must take away: a name, tags, expectations, a reason. */
async function pooled(name: string) {
  seq++;
  const { candidate } = await store.findOrCreateCandidate(
    newId(),
    { name, phoneE164: `+86137${String(seq).padStart(8, "0")}`, emailNorm: `race${seq}@example.com`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "test" },
    clock.now().toISOString(),
  );
  await talent.updateTalent(candidate.candidateId, clock.now().toISOString(), (t) => ({
    ...t,
    tags: ["zhuxi-java", "wants-remote"],
    expectations: { salaryMin: 31000, salaryMax: 35000, currency: "CNY", location: "浦东" },
    statusReason: "said to call after 8pm",
  }));
  return candidate.candidateId;
}

async function itemsNaming(candidateId: string): Promise<Array<Record<string, any>>> {
  const items: Array<Record<string, any>> = [];
  let last: Record<string, any> | undefined;
  do {
    const out = await raw.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true, ...(last ? { ExclusiveStartKey: last } : {}) }));
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    last = out.LastEvaluatedKey;
  } while (last);
  return items.filter((i) => i.candidateId === candidateId);
}

async function expectUnfindable(candidateId: string, nameQuery: string) {
  const left = await itemsNaming(candidateId);
  expect(left.filter((i) => i.kind === "search-entry" || i.kind === "search-reindex-pending")).toEqual([]);
  expect((await talent.search(SearchQuery.parse({ name: nameQuery }))).items.map((s) => s.candidateId)).not.toContain(candidateId);
  const record = await talent.getTalent(candidateId);
  expect(record?.tags).toEqual([]);
  expect(record?.expectations).toBeUndefined();
  expect(record?.statusReason).toBeUndefined();
  expect(record?.erasedAt).toBeDefined();
  expect(JSON.stringify(left)).not.toMatch(/zhuxi|wants-remote|浦东|31000|after 8pm/i);
}

describe("erasure racing the talent store's writes", () => {
  it("a re-index that read the person before the erasure and writes after it removes what it wrote", async () => {
    const id = await pooled("Racey Lingerwell");
    expect((await talent.search(SearchQuery.parse({ name: "racey" }))).items.map((s) => s.candidateId)).toContain(id);
    const racer = pausedClient((c) => c.constructor.name === "BatchWriteCommand");
    const reindexing = new DynamoTalentStore(racer.doc, TABLE).reindex(id);
    await racer.reached; // it has read the profile and the record, and holds the entries to write

    await eraseCandidate(id, admin, erasureDeps());
    racer.release();
    await reindexing;

    await expectUnfindable(id, "racey");
  });

  it("erasure's last sweep removes the entries a re-index wrote and committed before the profile was marked", async () => {
    const id = await pooled("Sweepa Latewright");
    const racer = pausedClient((c) => c.constructor.name === "BatchWriteCommand");
    const reindexing = new DynamoTalentStore(racer.doc, TABLE).reindex(id);
    await racer.reached;
    // Erasure stops before it redacts the talent record: the entries it found are deleted by then.
    const eraser = pausedClient((c) => c.constructor.name === "UpdateCommand" && c.input.Key?.sk === "TALENT");
    const erasing = eraseCandidate(id, admin, erasureDeps(new DynamoPersonalDataTable(eraser.doc, TABLE)));
    await eraser.reached;
    expect((await itemsNaming(id)).filter((i) => i.kind === "search-entry")).toEqual([]);

    racer.release();
    await reindexing; // nothing is marked yet: its entries (with the name) are written and committed
    expect((await itemsNaming(id)).filter((i) => i.kind === "search-entry").length).toBeGreaterThan(0);
    eraser.release();
    await erasing;

    await expectUnfindable(id, "sweepa");
  });

  it("a talent change that read the record before the erasure does not put their data back, and reports no conflict", async () => {
    const id = await pooled("Resurra Oldread");
    const gate = pause();
    const changing = talent.updateTalent(id, clock.now().toISOString(), async (current) => {
      await gate.arrive(); // read before the erasure; writes after it
      return { ...current, status: "contacted", lastContactAt: clock.now().toISOString() };
    });
    await gate.reached;

    await eraseCandidate(id, admin, erasureDeps());
    gate.release();
    const outcome = await changing;

    await expectUnfindable(id, "resurra");
    expect((await talent.getTalent(id))?.lastContactAt).toBeUndefined();
    expect(outcome.erasedAt).toBeDefined();
  });

  it("a talent change after the erasure writes nothing, even for a person who had no talent record", async () => {
    seq++;
    const { candidate } = await store.findOrCreateCandidate(
      newId(),
      { name: "Norec Afterwards", phoneE164: `+86137${String(seq).padStart(8, "0")}`, locale: "en", timeZone: "Europe/London", preferredChannel: "sms", source: "test" },
      clock.now().toISOString(),
    );
    const id = candidate.candidateId;
    await eraseCandidate(id, admin, erasureDeps());

    const outcome = await talent.updateTalent(id, clock.now().toISOString(), (t) => ({ ...t, tags: ["late-tag"] }));
    await talent.reindex(id);

    expect(outcome.tags).toEqual([]);
    expect(await talent.getTalent(id)).toBeUndefined();
    expect((await itemsNaming(id)).filter((i) => i.kind === "search-entry" || i.kind === "talent")).toEqual([]);
  });

  it("a contact merged in after the erasure is not written onto the erased profile", async () => {
    const id = await pooled("Fillin Afterwards");
    await eraseCandidate(id, admin, erasureDeps());

    await talent.fillContact(id, { phoneE164: "+8613799990001", emailNorm: "fillin@example.com" }, clock.now().toISOString());

    const profile = await store.getCandidate(id);
    expect(profile).toMatchObject({ name: "[erased]" });
    expect(profile?.phoneE164).toBeUndefined();
    expect(profile?.emailNorm).toBeUndefined();
  });

  it("an application whose intake found the person just before the erasure is filed under a new person, never in the erased partition", async () => {
    const id = await pooled("Appla Justbefore");
    // The job board's delivery names the same email: intake resolves it to the pooled person, and
    // stops before it stores the application while HR erases that person.
    const racer = pausedClient((c) => {
      const puts = [c.input?.Item, ...((c.input?.TransactItems as Array<{ Put?: { Item?: Record<string, unknown> } }> | undefined) ?? []).map((t) => t.Put?.Item)];
      return puts.some((item) => item?.kind === "application");
    });
    const started: string[] = [];
    const intake = ingestApplication(
      GenericApplicationWebhook.parse({
        event: "application.created",
        candidate: { name: "Appla Justbefore", email: `race${seq}@example.com`, locale: "en", timeZone: "Europe/London" },
        application: { requisitionId: "req-race", resumeText: "zhuxi resume: ten years of Java" },
      }),
      { source: "generic", deliveryId: `race-${seq}` },
      {
        store: new DynamoHirepathStore(racer.doc, TABLE),
        // The journey start is not what this test is about: record the name, as Step Functions would take it.
        journeys: { startJourney: async (name) => (started.push(name), `arn:aws:states:us-east-1:000000000000:execution:journey:${name}`) },
        clock,
        config: { nudgeAfterSeconds: 3600 },
      },
    );
    await racer.reached;
    await eraseCandidate(id, admin, erasureDeps());
    racer.release();
    const result = await intake;

    expect(result.candidateId).not.toBe(id);
    expect((await itemsNaming(id)).filter((i) => i.kind === "application" || i.type === "application.received")).toEqual([]);
    expect(JSON.stringify(await itemsNaming(id))).not.toMatch(/zhuxi resume|Appla/);
    expect(await store.getApplication(result.candidateId, result.applicationId)).toMatchObject({ requisitionId: "req-race", resumeText: "zhuxi resume: ten years of Java" });
    expect(await store.getCandidate(result.candidateId)).toMatchObject({ name: "Appla Justbefore", emailNorm: `race${seq}@example.com` });
    expect(started).toHaveLength(1);
  });

  it("a delivery retried after HR erased the person it created files the application under a new person", async () => {
    seq++;
    const deps = { store, journeys: { startJourney: async (name: string) => `arn:aws:states:us-east-1:000000000000:execution:journey:${name}` }, clock, config: { nudgeAfterSeconds: 3600 } };
    const payload = GenericApplicationWebhook.parse({
      event: "application.created",
      candidate: { name: "Retrya Aftererase", email: `race${seq}@example.com` },
      application: { requisitionId: "req-race" },
    });
    // The first attempt stored the person and crashed before completing the delivery; HR erased them.
    const first = await store.findOrCreateCandidate((await store.claimDelivery({ source: "generic", deliveryId: `retry-${seq}`, candidateId: newId(), applicationId: newId(), status: "in-progress", receivedAt: clock.now().toISOString() })).record.candidateId, { name: "Retrya Aftererase", emailNorm: `race${seq}@example.com`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "generic" }, clock.now().toISOString());
    await eraseCandidate(first.candidate.candidateId, admin, erasureDeps());

    const retried = await ingestApplication(payload, { source: "generic", deliveryId: `retry-${seq}` }, deps);
    expect(retried.candidateId).not.toBe(first.candidate.candidateId);
    expect((await itemsNaming(first.candidate.candidateId)).filter((i) => i.kind === "application")).toEqual([]);
    expect(await store.getCandidate(retried.candidateId)).toMatchObject({ name: "Retrya Aftererase" });
  });
});
