// Paged listings: how many items, and where the previous page stopped.
import * as z from "./zod.js";

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /** The previous page's `nextCursor`, as given. */
  cursor: z.string().optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;
