// Talent-pool search: which index entries a candidate has, and how a query picks its partition.
//
// Access pattern (one table, no Scan): each candidate owns a handful of index items, one per
// searchable term, in partitions `IDX#<field>#<value>`. A query reads the single most selective
// partition with a Query (sorted, paginated by its own key) and applies the remaining filters to
// the summary carried on each item, so a page costs one or a few Queries, whatever the pool size.
// Phone and email need no index at all: the uniqueness markers already map them to one person.
// For 100,000 candidates this is ~6 small items per person (≈600,000 items, on-demand); the
// largest partition is a status with up to 100,000 entries, still read one page at a time. A GSI
// was not used because a multi-valued field (tags, requisitions) cannot be a GSI key.
//
// The two time-ordered listings ("everyone", "by status") are split into SEARCH_SHARDS (4) partitions
// by candidate id: their sort keys start with a timestamp, so every new entry lands at the same
// end of the partition, and one partition takes at most 1,000 writes a second on DynamoDB — an
// import landing 2,000 people a second would throttle on it. A read of a sharded listing merges
// the shards' pages by sort key (the store's search does this for every query; one partition is
// the case of one shard).
import * as z from "../shared/zod.js";
import { parsePhone } from "../shared/normalize.js";
import { TalentStatus, type SearchSummary, type TalentProfile } from "./talent-model.js";
import type { Candidate } from "../shared/model.js";
import { queryKeyword } from "./resume-keywords.js";

export const SEARCH_SHARDS = 4;
/** A stable shard per candidate: the same one on every re-index. */
export function shardOf(candidateId: string): number {
  let h = 0;
  for (let i = 0; i < candidateId.length; i++) h = (h * 31 + candidateId.charCodeAt(i)) >>> 0;
  return h % SEARCH_SHARDS;
}

export interface SearchTerm {
  field: "name" | "tag" | "status" | "req" | "rated" | "all" | "kw";
  value: string;
  sort: string;
}

export const SearchQuery = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  /** Any way a person would type it ("138 0013 8000", "+86 138-0013-8000", "0086…"): read as E.164 in CN unless it has a country code. */
  phone: z
    .string()
    .trim()
    .min(5)
    .max(32)
    .transform((raw, ctx) => {
      const parsed = parsePhone(raw);
      if (parsed.ok) return parsed.e164;
      ctx.addIssue({ code: "custom", message: parsed.reason });
      return raw;
    })
    .optional(),
  email: z.string().trim().min(3).max(320).optional(),
  tag: z.string().trim().min(1).max(60).optional(),
  status: TalentStatus.optional(),
  requisition: z.string().trim().min(1).max(100).optional(),
  /** A word from the person's resumes (Chinese or English). */
  keyword: z.string().trim().min(1).max(60).optional(),
  /** "Rejected (or stalled) but rated at least N" on the 1–5 interview scale. */
  minRating: z.coerce.number().min(1).max(5).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const normalizeTag = (tag: string) => tag.trim().toLowerCase();
export const normalizeName = (name: string) => name.trim().toLowerCase().replace(/\s+/g, " ");
/** Names partition by their first character: a surname for Chinese names, an initial otherwise. */
export const namePartition = (nameNorm: string) => [...nameNorm][0] ?? "_";
const ratingKey = (rating: number) => String(Math.round(rating * 100)).padStart(3, "0");

export function summaryOf(candidate: Candidate, talent: TalentProfile): SearchSummary {
  return {
    candidateId: candidate.candidateId,
    name: candidate.name,
    ...(candidate.phoneE164 ? { phoneE164: candidate.phoneE164 } : {}),
    ...(candidate.emailNorm ? { emailNorm: candidate.emailNorm } : {}),
    status: talent.status,
    ...(talent.statusSource ? { statusSource: talent.statusSource } : {}),
    tags: talent.tags,
    requisitionIds: talent.requisitionIds,
    ...(talent.maxRating !== undefined ? { maxRating: talent.maxRating } : {}),
    ...(talent.rejectionReason ? { rejectionReason: talent.rejectionReason } : {}),
    updatedAt: talent.updatedAt,
  };
}

export function searchTerms(candidate: Candidate, talent: TalentProfile): SearchTerm[] {
  // A merged person is found as the one they merged into; an erased one is not found at all.
  if (talent.mergedInto || talent.erasedAt || candidate.erasedAt) return [];
  const id = candidate.candidateId;
  const name = normalizeName(candidate.name);
  const shard = shardOf(id);
  const terms: SearchTerm[] = [
    { field: "all", value: `all#${shard}`, sort: `${talent.updatedAt}#${id}` },
    { field: "status", value: `${talent.status}#${shard}`, sort: `${talent.updatedAt}#${id}` },
  ];
  if (name) terms.push({ field: "name", value: namePartition(name), sort: `${name}#${id}` });
  // Tag and requisition entries sort by status first: "rejected with tag X" reads only the
  // rejected slice of the tag's partition instead of filtering all of it.
  for (const tag of new Set(talent.tags.map(normalizeTag))) terms.push({ field: "tag", value: tag, sort: `${talent.status}#${id}` });
  for (const req of new Set(talent.requisitionIds)) terms.push({ field: "req", value: req, sort: `${talent.status}#${id}` });
  for (const kw of new Set(talent.keywords)) terms.push({ field: "kw", value: kw, sort: `${talent.status}#${id}` });
  if ((talent.status === "rejected" || talent.status === "stalled") && talent.maxRating !== undefined) {
    terms.push({ field: "rated", value: "rejected", sort: `${ratingKey(talent.maxRating)}#${id}` });
  }
  return terms;
}

export interface PrimaryTerm {
  field: SearchTerm["field"];
  /** The partition values to read and merge: one, or every shard of a sharded listing. */
  values: string[];
  prefix?: string;
  from?: string;
  newestFirst: boolean;
}

const allShards = (base: string) => Array.from({ length: SEARCH_SHARDS }, (_, i) => `${base}#${i}`);

/** The partition(s) a query reads: the most selective filter it has. */
export function primaryTerm(q: SearchQuery): PrimaryTerm {
  const term = pickTerm(q);
  const sharded = term.field === "all" || term.field === "status";
  const { value, ...rest } = term;
  return { ...rest, values: sharded ? allShards(value) : [value] };
}

function pickTerm(q: SearchQuery): Omit<PrimaryTerm, "values"> & { value: string } {
  const statusSlice = q.status ? { prefix: `${q.status}#` } : {};
  // A keyword can only be read from its own partition (summaries don't carry the words), so it leads.
  const keyword = q.keyword ? queryKeyword(q.keyword) : undefined;
  if (q.keyword) return { field: "kw", value: keyword ?? "", ...statusSlice, newestFirst: false };
  if (q.requisition) return { field: "req", value: q.requisition, ...statusSlice, newestFirst: false };
  if (q.tag) return { field: "tag", value: normalizeTag(q.tag), ...statusSlice, newestFirst: false };
  if (q.minRating !== undefined) return { field: "rated", value: "rejected", from: ratingKey(q.minRating), newestFirst: true };
  if (q.name) {
    const name = normalizeName(q.name);
    return { field: "name", value: namePartition(name), prefix: name, newestFirst: false };
  }
  if (q.status) return { field: "status", value: q.status, newestFirst: true };
  return { field: "all", value: "all", newestFirst: true };
}

/** The remaining filters, applied to each entry's summary. */
export function matchesQuery(s: SearchSummary, q: SearchQuery): boolean {
  if (q.status && s.status !== q.status) return false;
  if (q.tag && !s.tags.some((t) => normalizeTag(t) === normalizeTag(q.tag!))) return false;
  if (q.requisition && !s.requisitionIds.includes(q.requisition)) return false;
  if (q.name && !normalizeName(s.name).startsWith(normalizeName(q.name))) return false;
  if (q.minRating !== undefined) {
    if (s.status !== "rejected" && s.status !== "stalled") return false;
    if ((s.maxRating ?? 0) < q.minRating) return false;
  }
  return true;
}
