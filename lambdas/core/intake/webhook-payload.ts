// The generic job-board webhook body. Field paths in validation errors come from this schema.
import * as z from "../shared/zod.js";
import { Channel, Locale, TimeZone } from "../shared/model.js";

export const GenericApplicationWebhook = z
  .object({
    event: z.literal("application.created"),
    candidate: z
      .object({
        name: z.string().trim().min(1).max(200),
        email: z.email().optional(),
        phone: z.string().trim().min(5).max(32).optional(),
        locale: Locale.default("zh-CN"),
        timeZone: TimeZone.default("Asia/Shanghai"),
        preferredChannel: Channel.optional(),
      })
      .refine((c) => c.email !== undefined || c.phone !== undefined, {
        message: "a candidate needs an email or a phone",
        path: ["email"],
      }),
    application: z.object({
      requisitionId: z.string().trim().min(1).max(100),
      /** The sender's own id for this application: the same one again is a duplicate, whatever its delivery id. */
      externalId: z.string().trim().min(1).max(200).optional(),
      resumeText: z.string().max(200_000).optional(),
      yearsExperience: z.number().nonnegative().max(80).optional(),
      location: z.string().max(200).optional(),
      /** Answers to knock-out questions, by question id. */
      answers: z.record(z.string().max(100), z.union([z.string().max(1000), z.boolean()])).optional(),
    }),
  })
  .strict();
export type GenericApplicationWebhook = z.infer<typeof GenericApplicationWebhook>;
