// The one preference and consent record: how a person wants to be reached, what they care about,
// when suits them, and what they agreed to. Every journey reads it through preferences.ts (nurture,
// recall, outreach's channel choice); HR edits it through the API. Language and time zone stay on
// the candidate profile (every template already reads them there) and are shown here merged in.
import * as z from "../shared/zod.js";
import { Locale, TimeZone } from "../shared/model.js";

/** Why we may contact someone. Each is granted or withdrawn on its own (PIPL/GDPR purpose limitation). */
export const ConsentPurpose = z.enum(["active-application", "talent-pool", "re-engagement", "marketing"]);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

/** Who recorded a preference or a consent. */
export const PreferenceSource = z.enum(["candidate", "hr", "intake", "import"]);
export type PreferenceSource = z.infer<typeof PreferenceSource>;

export const Consent = z.object({
  granted: z.boolean(),
  at: z.string(),
  source: PreferenceSource,
  /** The HR user, or where the candidate said it (the decline page, an SMS reply). */
  by: z.string().max(200).optional(),
  /** A consent that lapses (PIPL: keep personal data no longer than needed). */
  expiresAt: z.string().optional(),
});
export type Consent = z.infer<typeof Consent>;

/** How the person said they want to be reached. "phone" and "wechat" are asked for, not sent by us. */
export const ContactChannel = z.enum(["email", "sms", "phone", "wechat"]);
export type ContactChannel = z.infer<typeof ContactChannel>;

/** The stored record (item kind "preferences"), versioned for optimistic writes. */
export const PreferenceRecord = z.object({
  candidateId: z.string(),
  channel: ContactChannel.optional(),
  channelSource: PreferenceSource.optional(),
  /** What the candidate cares about (flexible hours, growth, salary …), in their or HR's words. */
  caresAbout: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  careerGoal: z.string().trim().max(500).optional(),
  /** Only when the candidate said one, in their words ("weekday evenings"). */
  bestTime: z.string().trim().max(100).optional(),
  consents: z.partialRecord(ConsentPurpose, Consent).default({}),
  version: z.number().int().nonnegative(),
  updatedAt: z.string(),
  updatedBy: z.string().optional(),
});
export type PreferenceRecord = z.infer<typeof PreferenceRecord>;

export const emptyPreferenceRecord = (candidateId: string, now: string): PreferenceRecord => ({ candidateId, caresAbout: [], consents: {}, version: 0, updatedAt: now });

/** What journeys read: the record merged with the profile's language, zone and intake channel. */
export interface Preferences {
  candidateId: string;
  /** The channel to reach them on, and whose word it is ("intake": the job board's field, or a guess from what we have). */
  channel: { value: ContactChannel; source: PreferenceSource };
  /** For a message (email or SMS): the stated channel, with phone and WeChat people texted. */
  messageChannel: "email" | "sms";
  caresAbout: string[];
  careerGoal?: string;
  bestTime?: string;
  language: Locale;
  timeZone: string;
  consents: Partial<Record<ConsentPurpose, Consent & { current: boolean }>>;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

/** HR's edit: fields present are set, null clears one; consents are recorded per purpose. */
export const PreferencesChange = z
  .object({
    channel: ContactChannel.nullable().optional(),
    caresAbout: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
    careerGoal: z.string().trim().max(500).nullable().optional(),
    bestTime: z.string().trim().max(100).nullable().optional(),
    language: Locale.optional(),
    timeZone: TimeZone.optional(),
    consents: z.partialRecord(ConsentPurpose, z.object({ granted: z.boolean(), expiresAt: z.iso.datetime({ offset: true }).optional() }).strict()).optional(),
    /** The version read before editing: a 409 instead of silently overwriting someone else's change. */
    expectedVersion: z.number().int().nonnegative().optional(),
  })
  .strict();
export type PreferencesChange = z.infer<typeof PreferencesChange>;
