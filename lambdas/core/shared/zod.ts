// Zod's `z` namespace re-exports every locale, which costs ~370 KB per Lambda bundle. Importing
// `* as z` from this module instead keeps the same `z.object(...)` style while esbuild tree-shakes
// everything we don't name here (≈85 KB). Add a function here when core needs a new one.
export { array, coerce, email, enum, literal, number, object, partialRecord, record, string, union, unknown, url, boolean, discriminatedUnion, iso, ZodError } from "zod";
export type { infer, input, output, ZodType } from "zod";
