// Export and erasure on request (PIPL art. 45/47, GDPR art. 15/17), both by walking the personal-data
// registry (item-kinds.ts): the candidate's partition, every item elsewhere that names their id, the
// items those point at, and dead letters whose body names them. Export returns them by section.
//
// Erasure runs in an order that a failure at any point can be retried to completion:
//  1. find everything (nothing changed yet);
//  2. stop their running journeys: a denial or outage here stops the erasure before any data is
//     touched, so a retry finds the same journeys again;
//  3. edit or delete their files (resumes, import files and chunks, large dead-letter bodies), while
//     the items that say where the files are still exist;
//  4. erase items outside their partition, then the partition, the profile last: until the profile
//     is erased, a retry still knows their email and phone;
//  5. sweep what a write already in flight put back meanwhile (search entries, the talent record):
//     the profile now carries `erasedAt`, which every later talent write checks, so after this
//     sweep nothing can add them again;
//  6. write the audit entry (candidate id and counts only), once everything else is done.
import { NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import { keys, type ItemKey } from "../shared/keys.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import type { FileStore } from "../shared/file-store.js";
import type { TalentStore } from "../talent/talent-ports.js";
import { importChunkFileKey, removeImportRows } from "../talent/import-file-redaction.js";
import { declarationOf, ERASED, itemKinds, type FileErasure, type PersonalData, type StoredItem } from "./item-kinds.js";

export { ERASED };

export interface ErasureCounts {
  [what: string]: number;
}

/** The table as erasure and export see it (DynamoDB: adapters/dynamo-erasure.ts). */
export interface PersonalDataTable {
  partition(pk: string): Promise<StoredItem[]>;
  /** Every item outside the candidate's partition whose `candidateId` is theirs (of these kinds, when given). */
  itemsNaming(candidateId: string, kinds?: readonly string[]): Promise<StoredItem[]>;
  get(key: ItemKey): Promise<StoredItem | undefined>;
  /** True when the item was there. */
  delete(key: ItemKey): Promise<boolean>;
  /** Sets and removes attributes of an item that exists; false when it is gone. */
  redact(key: ItemKey, set: Record<string, unknown>, remove: readonly string[]): Promise<boolean>;
}

export interface JourneyStopper {
  stopJourney(executionArn: string, cause: string): Promise<"stopped" | "not-running">;
}

/**
 * Copies kept outside the table and the file store that only the local stack has (the outbox's
 * rendered messages, old on-disk versions of erased items). On AWS there are none to reach: what AWS
 * itself keeps after an erasure is in the README.
 */
export interface LocalCopies {
  /** Removes the stand-ins' copies naming the person; counts what went. */
  erase(person: { name?: string; email?: string; phone?: string }): Promise<ErasureCounts>;
  /** Drops erased data from the local store's files (run once the items are erased). */
  compact(): Promise<void>;
}

export interface ErasureDeps {
  store: HirepathStore;
  talent: TalentStore;
  table: PersonalDataTable;
  files: FileStore;
  clock: Clock;
  journeys: JourneyStopper;
  localCopies?: LocalCopies;
}

interface Found {
  item: StoredItem;
  declaration: PersonalData;
}

const keyOf = (i: StoredItem): ItemKey => ({ pk: String(i.pk), sk: String(i.sk) });
const keyText = (k: ItemKey) => `${k.pk}\u0000${k.sk}`;

function decodedBody(letter: StoredItem): string {
  const raw = String(letter.rawBody ?? "");
  return letter.bodyEncoding === "base64" ? Buffer.from(raw, "base64").toString("utf8") : raw;
}

/** Whether a dead letter's body names the person (by email, or phone digits in any format). */
function namesPerson(body: string, person: { email?: string | undefined; phone?: string | undefined }): boolean {
  if (person.email && body.toLowerCase().includes(person.email.toLowerCase())) return true;
  const national = person.phone?.replace(/^\+86/, "").replace(/^\+/, "");
  return Boolean(national && national.length >= 6 && body.replace(/[\s().-]/g, "").includes(national));
}

/** Everything held about the candidate, each item with its kind's declaration. */
async function findPersonalData(candidateId: string, deps: Pick<ErasureDeps, "table" | "files">): Promise<{ found: Found[]; profile?: StoredItem }> {
  const seen = new Set<string>();
  const found: Found[] = [];
  const add = (item: StoredItem) => {
    const key = keyText(keyOf(item));
    if (seen.has(key)) return;
    seen.add(key);
    const declaration = declarationOf(item);
    if (declaration.personalData) found.push({ item, declaration });
  };
  const own = await deps.table.partition(keys.candidatePartition(candidateId));
  own.forEach(add);
  (await deps.table.itemsNaming(candidateId)).forEach(add);
  // What their items point at: search entries, raw payloads, messages whose timeline event survives…
  for (const { item, declaration } of [...found]) {
    for (const key of declaration.links?.(item) ?? []) {
      if (seen.has(keyText(key))) continue;
      const linked = await deps.table.get(key);
      if (linked) add(linked);
    }
  }
  const profile = own.find((i) => i.kind === "candidate");
  const person = { email: profile?.emailNorm as string | undefined, phone: profile?.phoneE164 as string | undefined };
  if (person.email || person.phone) {
    for (const letter of await deps.table.partition(keys.deadLetterPartition)) {
      if (letter.kind !== "dead-letter" || letter.rawBody === ERASED) continue;
      const body = letter.bodyKey && !letter.rawBody ? ((await deps.files.get(String(letter.bodyKey)))?.toString("utf8") ?? "") : decodedBody(letter);
      if (namesPerson(body, person)) add(letter);
    }
  }
  return { found, ...(profile ? { profile } : {}) };
}

const strip = ({ pk: _p, sk: _s, indexKeys: _x, ...rest }: StoredItem) => rest;

export async function exportCandidate(candidateId: string, deps: { store: HirepathStore; table: PersonalDataTable; files: FileStore; clock: Clock }): Promise<Record<string, unknown>> {
  if (!(await deps.store.getCandidate(candidateId))) throw new NotFoundError(`candidate ${candidateId} not found`);
  const { found } = await findPersonalData(candidateId, deps);
  // Every section the registry knows, empty ones included: an export says what it found nothing of.
  const sections: Record<string, unknown[]> = Object.fromEntries(Object.values(itemKinds).flatMap((d) => (d.personalData ? [[d.export, []]] : [])));
  for (const { item, declaration } of found) (sections[declaration.export] ??= []).push(strip(item));
  return { candidateId, exportedAt: deps.clock.now().toISOString(), ...sections };
}

/** Groups the files to erase: whole files, and per import the row numbers to blank. */
async function eraseFiles(found: Found[], deps: Pick<ErasureDeps, "table" | "files">): Promise<number> {
  const wanted: FileErasure[] = found.flatMap(({ item, declaration }) => declaration.files?.(item) ?? []);
  let count = 0;
  for (const key of new Set(wanted.flatMap((f) => (f.action === "delete" ? [f.key] : [])))) {
    if (await deps.files.get(key)) count++;
    await deps.files.delete(key);
  }
  const rowsByImport = new Map<string, number[]>();
  for (const f of wanted) if (f.action === "remove-import-rows") rowsByImport.set(f.importId, [...(rowsByImport.get(f.importId) ?? []), ...f.rowNumbers]);
  for (const [importId, rowNumbers] of rowsByImport) {
    const importItems = await deps.table.partition(keys.importJob(importId).pk);
    const job = importItems.find((i) => i.kind === "import-job");
    const chunkKeys = importItems.filter((i) => i.kind === "import-chunk").map((c) => importChunkFileKey(importId, Number(c.attempt), Number(c.chunk)));
    // A chunk written but not yet landed (a crashed attempt) has a file and no item: try the job's.
    for (let chunk = 0; job && chunk < Number(job.chunks ?? 0); chunk++) chunkKeys.push(importChunkFileKey(importId, Number(job.attempt ?? 1), chunk));
    const upload = job ? { filename: String(job.filename), fileKey: String(job.fileKey) } : undefined;
    count += await removeImportRows(upload, [...new Set(chunkKeys)], rowNumbers, deps.files);
  }
  return count;
}

/** Kinds a write in flight can put back after step 1 found the person's items (all deleted on erasure). */
const LATE_WRITES = ["search-entry", "search-reindex-pending"] as const;

async function redact(item: StoredItem, declaration: PersonalData, now: string, deps: Pick<ErasureDeps, "table">): Promise<boolean> {
  if (declaration.erase.action !== "redact") return false;
  const { set, remove, markErased } = declaration.erase;
  return deps.table.redact(keyOf(item), { ...set, ...(markErased ? { erasedAt: now, updatedAt: now } : {}) }, remove);
}

export async function eraseCandidate(candidateId: string, actor: { sub: string }, deps: ErasureDeps): Promise<{ candidateId: string; counts: ErasureCounts; journeys: Record<string, "stopped" | "not-running"> }> {
  if (!(await deps.store.getCandidate(candidateId))) throw new NotFoundError(`candidate ${candidateId} not found`);
  const now = deps.clock.now().toISOString();
  const { found, profile } = await findPersonalData(candidateId, deps);

  // 2. Journeys first. The cause names no person: it shows in the execution history.
  const journeys: Record<string, "stopped" | "not-running"> = {};
  for (const arn of new Set(found.flatMap(({ item, declaration }) => declaration.journeys?.(item) ?? []))) {
    journeys[arn] = await deps.journeys.stopJourney(arn, "candidate erased on request");
  }

  // 3. Files, while the items that name them are still there.
  const counts: ErasureCounts = { files: await eraseFiles(found, deps) };

  // Local stand-ins' own copies (the outbox), named by what the profile still holds: before step 4.
  if (deps.localCopies && profile && profile.name !== ERASED) {
    const person = {
      ...(profile.name ? { name: String(profile.name) } : {}),
      ...(profile.emailNorm ? { email: String(profile.emailNorm) } : {}),
      ...(profile.phoneE164 ? { phone: String(profile.phoneE164) } : {}),
    };
    for (const [what, n] of Object.entries(await deps.localCopies.erase(person))) counts[what] = (counts[what] ?? 0) + n;
  }

  // 4. Items: elsewhere first, their own partition next, the profile last.
  const order = (f: Found) => (f.item.kind === "candidate" ? 2 : String(f.item.pk) === keys.candidatePartition(candidateId) ? 1 : 0);
  for (const { item, declaration } of [...found].sort((a, b) => order(a) - order(b))) {
    const { erase } = declaration;
    let done = false;
    if (erase.action === "delete") done = await deps.table.delete(keyOf(item));
    else if (erase.action === "redact") done = await redact(item, declaration, now, deps);
    if (done) counts[declaration.export] = (counts[declaration.export] ?? 0) + 1;
  }

  // 5. Late writes: a re-index or talent change that read the person before step 4 may have written
  // after step 1 found their items. Anything it wrote before the profile was marked is here now;
  // anything after, it removes itself (adapters/dynamo-talent-store.ts checks the mark).
  const talentRecord = await deps.table.get(keys.talentProfile(candidateId));
  if (talentRecord && !talentRecord.erasedAt) await redact(talentRecord, declarationOf(talentRecord) as PersonalData, now, deps);
  for (const item of await deps.table.itemsNaming(candidateId, LATE_WRITES)) {
    const { export: section } = declarationOf(item) as PersonalData;
    if (await deps.table.delete(keyOf(item))) counts[section] = (counts[section] ?? 0) + 1;
  }
  // Locally, the store's files still hold what was just deleted or overwritten until compacted.
  await deps.localCopies?.compact();

  // 6. The audit entry, last: its presence says the erasure completed.
  await deps.talent.putAudit({ auditId: derivedId("erasure", candidateId), at: now, action: "erase", actor: actor.sub, subjects: [candidateId], detail: { counts } });
  return { candidateId, counts, journeys };
}
