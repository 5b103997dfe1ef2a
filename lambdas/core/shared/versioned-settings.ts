// What settings HR edits share (message templates, the sending rules): every save is a new version,
// written under the version the editor read (optimistic concurrency), so of two saves from one version
// one lands and the other gets a 409 that says which version is stored now. Each version is also kept
// as its own item with who saved it and when: that history is the audit of who changed what.
import * as z from "./zod.js";
import { ConcurrentChangeError } from "./errors.js";

/** The `expectedVersion` a save carries: the version the editor read, 0 for a setting never saved. */
export const expectedVersionField = (what: string) =>
  z.number().int().nonnegative().describe(`The version the editor started from: 0 when the ${what} had never been saved. Another save in between → 409 concurrent-change.`);

/** Who saved a version, and when. */
export const SavedBy = z.object({ version: z.number().int().positive(), updatedAt: z.string(), updatedBy: z.string() });

/**
 * The refusal of a save whose `expectedVersion` is no longer stored. The 409's problem says which version
 * is stored now (an RFC 9457 extension member), for the editor's message.
 */
export function staleVersion(what: string, currentVersion: number, expectedVersion: number): ConcurrentChangeError {
  const error = new ConcurrentChangeError(`${what} is at version ${currentVersion}, not ${expectedVersion}: someone saved it in between. Reload it and make the change again.`);
  return Object.assign(error, { problemExtras: { currentVersion } });
}
