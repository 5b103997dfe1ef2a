// The sending rules: when a candidate may get a message from us (not in their quiet hours, in their own
// time zone) and how many on one of their days (the daily cap). One truth for every journey: each
// planning step reads the rules in force here at the moment it plans a message, so a change HR saves
// applies to the next message planned. A message already held keeps the time it was planned for (its
// journey is waiting until then, and the hold on the timeline says so); it is not re-planned.
//
// HR edits the rules (PUT /hr/settings/sending, admins). Nothing stored → the deployment's default
// (QUIET_HOURS_START / QUIET_HOURS_END / DAILY_MESSAGE_CAP in the function's env, else 21:00–08:00 and 3).
// Saves are versioned like message templates (shared/versioned-settings.ts): two saves from one version →
// one lands, the other is a 409; every version is kept with who saved it and when.
import * as z from "../shared/zod.js";
import type { Clock } from "../shared/ports.js";
import { expectedVersionField, SavedBy, staleVersion } from "../shared/versioned-settings.js";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time as HH:MM (24-hour), e.g. 21:00");

export const QuietHoursRule = z
  .object({
    start: HHMM.describe("When quiet hours begin, in the candidate's time zone (HH:MM, 24-hour)"),
    end: HHMM.describe("When sending may resume, in the candidate's time zone. Earlier than `start` means the quiet hours cross midnight (21:00–08:00)"),
  })
  .strict()
  .refine((q) => q.start !== q.end, { path: ["end"], message: "must differ from start (to allow messages at any hour, set quietHours to null)" });

export const DAILY_CAP_BOUNDS = { min: 1, max: 20 } as const;

export const SendingRules = z
  .object({
    quietHours: QuietHoursRule.nullable().describe("Hours in the candidate's own time zone when no message is sent (one due then waits until they end); null: no quiet hours"),
    dailyCap: z.number().int().min(DAILY_CAP_BOUNDS.min).max(DAILY_CAP_BOUNDS.max).describe("The most messages one candidate gets from us on one of their local days; one more waits until the next day (answers to the candidate's own action and urgent interview news are exempt)"),
  })
  .strict();
export type SendingRules = z.infer<typeof SendingRules>;

/** What the deployment answers when HR never saved rules: the 21:00–08:00 and 3, unless the env seeds others. */
export const BUILT_IN_SENDING_RULES: SendingRules = { quietHours: { start: "21:00", end: "08:00" }, dailyCap: 3 };

export const SendingRulesBody = SendingRules.extend({ expectedVersion: expectedVersionField("sending rules") }).strict();
export type SendingRulesBody = z.infer<typeof SendingRulesBody>;

/** The stored rules: one item, the current version. */
export const StoredSendingRules = SendingRules.extend(SavedBy.shape);
export type StoredSendingRules = z.infer<typeof StoredSendingRules>;
/** One saved version, as the history (audit) keeps it. */
export const SendingRulesVersion = StoredSendingRules;
export type SendingRulesVersion = StoredSendingRules;

export interface SendingRulesStore {
  /** The current version, or undefined when HR never saved rules. */
  getSendingRules(): Promise<StoredSendingRules | undefined>;
  /** Writes `next` (version = expectedVersion + 1) and its history entry together; false when the stored version is not `expectedVersion`. */
  saveSendingRules(next: SendingRulesVersion, expectedVersion: number): Promise<boolean>;
  /** Newest first. */
  sendingRulesHistory(limit: number): Promise<SendingRulesVersion[]>;
  /** The deployment's default (env-seeded), in force while nothing is stored. */
  readonly sendingRulesDefault: SendingRules;
}

/** The rules in force now, and whether HR set them (version > 0) or they are the deployment's default. */
export interface RulesInForce extends SendingRules {
  version: number;
}

/** What every planner calls when it plans a candidate message: one read, no cache, so HR's change applies to the next plan. */
export async function sendingRulesInForce(store: Pick<SendingRulesStore, "getSendingRules" | "sendingRulesDefault">): Promise<RulesInForce> {
  const stored = await store.getSendingRules();
  return stored ? { quietHours: stored.quietHours, dailyCap: stored.dailyCap, version: stored.version } : { ...store.sendingRulesDefault, version: 0 };
}

/**
 * The env's seed as rules (QUIET_HOURS_START / QUIET_HOURS_END / DAILY_MESSAGE_CAP): a deployer's default,
 * validated like a save. Equal start and end meant "never quiet" to the env, so it is null here.
 */
export function seededSendingRules(env: { QUIET_HOURS_START?: string | undefined; QUIET_HOURS_END?: string | undefined; DAILY_MESSAGE_CAP?: number | undefined }): SendingRules {
  const start = env.QUIET_HOURS_START ?? BUILT_IN_SENDING_RULES.quietHours!.start;
  const end = env.QUIET_HOURS_END ?? BUILT_IN_SENDING_RULES.quietHours!.end;
  return SendingRules.parse({ quietHours: start === end ? null : { start, end }, dailyCap: env.DAILY_MESSAGE_CAP ?? BUILT_IN_SENDING_RULES.dailyCap });
}

export interface SendingRulesDeps {
  rules: SendingRulesStore;
  clock: Clock;
}

/** GET /hr/settings/sending: the rules in force, their version, who saved them, the default, and the last 20 versions. */
export async function sendingRulesSetting(deps: Pick<SendingRulesDeps, "rules">) {
  const [stored, history] = await Promise.all([deps.rules.getSendingRules(), deps.rules.sendingRulesHistory(20)]);
  const inForce = stored ?? { ...deps.rules.sendingRulesDefault, version: 0 };
  return {
    quietHours: inForce.quietHours,
    dailyCap: inForce.dailyCap,
    version: inForce.version,
    source: stored ? ("saved" as const) : ("default" as const),
    ...(stored ? { updatedAt: stored.updatedAt, updatedBy: stored.updatedBy } : {}),
    timeZone: "candidate" as const,
    default: deps.rules.sendingRulesDefault,
    dailyCapBounds: DAILY_CAP_BOUNDS,
    history: history.map((h) => ({ version: h.version, quietHours: h.quietHours, dailyCap: h.dailyCap, updatedAt: h.updatedAt, updatedBy: h.updatedBy })),
  };
}
export type SendingRulesSetting = Awaited<ReturnType<typeof sendingRulesSetting>>;

/** PUT /hr/settings/sending: a new version under the one the editor read; a save in between → 409 concurrent-change. */
export async function saveSendingRules(body: SendingRulesBody, by: string, deps: SendingRulesDeps) {
  const { expectedVersion, ...rules } = body;
  const next = SendingRulesVersion.parse({ ...rules, version: expectedVersion + 1, updatedAt: deps.clock.now().toISOString(), updatedBy: by });
  if (!(await deps.rules.saveSendingRules(next, expectedVersion))) {
    const current = await deps.rules.getSendingRules();
    throw staleVersion("the sending rules", current?.version ?? 0, expectedVersion);
  }
  return sendingRulesSetting(deps);
}
