// Signed webhooks from ATSs, each with its vendor's own signature scheme and payload, mapped to
// the generic application intake. Every scheme is an HMAC-SHA256 of the raw body; they differ in
// where the signature travels and how it is written:
//   greenhouse  `Signature: sha256 <hex>` header; HMAC-SHA256(secret key, entire body).
//               https://developers.greenhouse.io/webhooks.html (Authentication). Greenhouse sends a
//               `Greenhouse-Event-ID` header, our idempotency key when present.
//   ashby       `Ashby-Signature: sha256=<hex>` header; HMAC-SHA256(secret token, raw body).
//               https://developers.ashbyhq.com/docs/authenticating-webhooks
//   workable    `X-Workable-Signature: <hex>` header; HMAC-SHA256(account token or OAuth app
//               secret, request payload). https://workable.readme.io/reference/webhooks (Encryption)
//   moka        `?sign=<hex>` in the request URL; HMAC-SHA256(signing key, request body), hex.
//               https://mokahr.moyincloud.com/d/1687298461344493569.html (webhooks的安全保障)
//               Moka's sample signs JSON.stringify(body), which is the compact body it sends, so we
//               verify the raw bytes; the query value is carried as the `x-moka-sign` header so a
//               dead letter keeps it for replay.
// None of these carries a signed timestamp, so freshness cannot be checked; replays are made
// harmless by the delivery id (the vendor's event id, else a hash of the body).
// Lever (lever-webhook.ts) and Feishu Hire (feishu-webhook.ts) sign a timestamp, and send ids only.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import * as z from "../shared/zod.js";
import { SignatureError, ValidationError } from "../shared/errors.js";
import { zodIssues } from "../shared/problem.js";
import type { GenericApplicationWebhook } from "./webhook-payload.js";

export const atsSources = ["greenhouse", "ashby", "workable", "moka"] as const;
export type AtsSource = (typeof atsSources)[number];
export const isAtsSource = (s: string): s is AtsSource => (atsSources as readonly string[]).includes(s);

export interface MappedDelivery {
  deliveryId: string;
  /** The vendor's event name, kept with the raw payload. */
  event: string;
  /** Undefined for events we acknowledge but do not ingest (a ping, a stage change we don't map). */
  application?: GenericApplicationWebhook;
  /** The vendor's candidate id, for the timeline. */
  externalCandidateId?: string;
  /** The vendor's ids for an event that carries ids only (Lever, Feishu): what enrichment would look up. */
  externalIds?: Record<string, string>;
}

function hmacHex(secret: string, body: Buffer): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

export function compareHex(expected: Buffer, givenHex: string | undefined, header: string): void {
  if (!givenHex) throw new SignatureError(`missing ${header}`, { code: "signature-missing" });
  if (!/^[0-9a-f]{64}$/i.test(givenHex)) throw new SignatureError(`${header} must be 64 hex characters`, { code: "signature-malformed" });
  if (!timingSafeEqual(expected, Buffer.from(givenHex, "hex"))) throw new SignatureError("signature does not match the body", { code: "signature-mismatch" });
}

export function verifyAtsSignature(source: AtsSource, body: Buffer, headers: Record<string, string>, secret: string): void {
  const expected = hmacHex(secret, body);
  switch (source) {
    case "greenhouse": {
      const raw = headers["signature"];
      const m = raw ? /^sha256\s+([0-9a-f]+)$/i.exec(raw.trim()) : null;
      if (raw && !m) throw new SignatureError("Signature must be `sha256 <hex>`", { code: "signature-malformed" });
      return compareHex(expected, m?.[1], "Signature header");
    }
    case "ashby": {
      const raw = headers["ashby-signature"];
      const m = raw ? /^sha256=([0-9a-f]+)$/i.exec(raw.trim()) : null;
      if (raw && !m) throw new SignatureError("Ashby-Signature must be `sha256=<hex>`", { code: "signature-malformed" });
      return compareHex(expected, m?.[1], "Ashby-Signature header");
    }
    case "workable":
      return compareHex(expected, headers["x-workable-signature"]?.trim(), "X-Workable-Signature header");
    case "moka":
      return compareHex(expected, headers["x-moka-sign"]?.trim(), "sign query parameter");
  }
}

const bodyHash = (body: Buffer) => createHash("sha256").update(body).digest("hex").slice(0, 40);
const str = z.union([z.string(), z.number()]).transform(String);

// --- payload shapes (only the fields we map; everything else is kept in the raw payload) --------

const GreenhouseBody = z.object({
  action: z.string(),
  payload: z
    .object({
      application: z
        .object({
          id: str,
          candidate: z.object({
            id: str,
            first_name: z.string().nullish(),
            last_name: z.string().nullish(),
            email_addresses: z.array(z.object({ value: z.string(), type: z.string().nullish() })).default([]),
            phone_numbers: z.array(z.object({ value: z.string(), type: z.string().nullish() })).default([]),
          }),
          jobs: z.array(z.object({ id: str, name: z.string().nullish() })).default([]),
        })
        .optional(),
    })
    .default({}),
});

const AshbyBody = z.object({
  action: z.string(),
  data: z
    .object({
      application: z
        .object({
          id: z.string(),
          candidate: z.object({
            id: z.string(),
            name: z.string(),
            primaryEmailAddress: z.object({ value: z.string() }).nullish(),
            primaryPhoneNumber: z.object({ value: z.string() }).nullish(),
          }),
          job: z.object({ id: z.string(), title: z.string().nullish() }),
        })
        .optional(),
    })
    .default({}),
});

const WorkableBody = z.object({
  id: str.optional(),
  firing_rule: z.string(),
  resource_type: z.string().optional(),
  data: z.object({
    id: str,
    name: z.string().nullish(),
    firstname: z.string().nullish(),
    lastname: z.string().nullish(),
    email: z.string().nullish(),
    phone: z.string().nullish(),
    address: z.string().nullish(),
    summary: z.string().nullish(),
    job: z.object({ shortcode: z.string(), title: z.string().nullish() }).nullish(),
  }),
});

const MokaBody = z.object({
  id: str,
  event: z.string(),
  triggeredAt: z.union([z.string(), z.number()]).optional(),
  data: z.object({
    candidateId: str,
    applicationId: str.optional(),
    name: z.string(),
    prefixPhone: z.string().nullish(),
    phone: z.string().nullish(),
    email: z.string().nullish(),
    experience: z.number().nullish(),
    location: z.string().nullish(),
    jobId: str.nullish(),
    jobTitle: z.string().nullish(),
  }),
});

function parse<T extends z.ZodType>(schema: T, json: unknown, source: string): z.infer<T> {
  const r = schema.safeParse(json);
  if (!r.success) throw new ValidationError(`body does not match the ${source} webhook payload`, zodIssues(r.error));
  return r.data;
}

function application(candidate: { name: string; email?: string | null; phone?: string | null }, requisitionId: string, extra: Partial<GenericApplicationWebhook["application"]> = {}, timeZone = "Asia/Shanghai"): GenericApplicationWebhook {
  if (!candidate.email && !candidate.phone) {
    throw new ValidationError("the candidate has neither an email nor a phone", [{ path: "candidate", message: "a candidate needs an email or a phone", code: "no_contact" }]);
  }
  const locale = /[\u4e00-\u9fff]/.test(candidate.name) ? "zh-CN" : "en";
  return {
    event: "application.created",
    candidate: {
      name: candidate.name.trim() || "(unnamed)",
      ...(candidate.email ? { email: candidate.email } : {}),
      ...(candidate.phone ? { phone: candidate.phone } : {}),
      locale,
      timeZone: locale === "zh-CN" ? "Asia/Shanghai" : timeZone,
    },
    application: { requisitionId, ...extra },
  };
}

/** Maps a verified body to our application, or to an acknowledged event we don't ingest. */
export function mapAtsDelivery(source: AtsSource, body: Buffer, headers: Record<string, string>): MappedDelivery {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw new ValidationError("body is not valid JSON", [{ path: "(root)", message: (e as Error).message, code: "invalid_json" }]);
  }
  switch (source) {
    case "greenhouse": {
      const b = parse(GreenhouseBody, json, source);
      const deliveryId = headers["greenhouse-event-id"] ?? `sha-${bodyHash(body)}`;
      const app = b.payload.application;
      if (b.action !== "new_candidate_application" || !app) return { deliveryId, event: b.action };
      const c = app.candidate;
      const job = app.jobs[0];
      return {
        deliveryId,
        event: b.action,
        externalCandidateId: c.id,
        application: application(
          { name: [c.first_name, c.last_name].filter(Boolean).join(" "), email: c.email_addresses[0]?.value ?? null, phone: c.phone_numbers[0]?.value ?? null },
          job ? `greenhouse-${job.id}` : "greenhouse-unassigned",
          { externalId: String(app.id) },
        ),
      };
    }
    case "ashby": {
      const b = parse(AshbyBody, json, source);
      const app = b.data.application;
      const deliveryId = app ? `${b.action}-${app.id}` : `sha-${bodyHash(body)}`;
      if (b.action !== "applicationSubmit" || !app) return { deliveryId, event: b.action };
      return {
        deliveryId,
        event: b.action,
        externalCandidateId: app.candidate.id,
        application: application(
          { name: app.candidate.name, email: app.candidate.primaryEmailAddress?.value ?? null, phone: app.candidate.primaryPhoneNumber?.value ?? null },
          `ashby-${app.job.id}`,
          { externalId: String(app.id) },
        ),
      };
    }
    case "workable": {
      const b = parse(WorkableBody, json, source);
      const deliveryId = b.id ? `${b.firing_rule}-${b.id}` : `${b.firing_rule}-${b.data.id}`;
      if (b.firing_rule !== "candidate_created") return { deliveryId, event: b.firing_rule };
      const d = b.data;
      return {
        deliveryId,
        event: b.firing_rule,
        externalCandidateId: d.id,
        application: application(
          { name: d.name ?? [d.firstname, d.lastname].filter(Boolean).join(" "), email: d.email ?? null, phone: d.phone ?? null },
          d.job ? `workable-${d.job.shortcode}` : "workable-unassigned",
          // Workable's candidate is per job: the candidate in that job is the application.
          { externalId: `${d.id}@${d.job?.shortcode ?? "none"}`, ...(d.summary ? { resumeText: d.summary } : {}), ...(d.address ? { location: d.address } : {}) },
        ),
      };
    }
    case "moka": {
      const b = parse(MokaBody, json, source);
      const d = b.data;
      const prefix = d.prefixPhone ? d.prefixPhone.replace(/^\+?/, "+") : "";
      const phone = d.phone ? (d.phone.startsWith("+") || !prefix || prefix === "+86" ? d.phone : `${prefix}${d.phone}`) : null;
      return {
        deliveryId: b.id,
        event: b.event,
        externalCandidateId: d.candidateId,
        application: application(
          { name: d.name, email: d.email ?? null, phone },
          d.jobId ? `moka-${d.jobId}` : "moka-unassigned",
          {
            externalId: d.applicationId ?? `${d.candidateId}@${d.jobId ?? "none"}`,
            ...(d.experience !== null && d.experience !== undefined && d.experience >= 0 ? { yearsExperience: d.experience } : {}),
            ...(d.location ? { location: d.location } : {}),
          },
        ),
      };
    }
  }
}
