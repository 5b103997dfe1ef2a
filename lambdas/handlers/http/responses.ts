// Small helpers the route implementations share.
import { NotFoundError } from "../../core/shared/errors.js";
import { canSeeSalary } from "../../core/privacy/salary-masking.js";
import type { Caller } from "./router.js";

/** The value, or a 404 naming what was missing. */
export function found<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new NotFoundError(`${what} not found`);
  return value;
}

/** Whether the caller's role may see salary figures (SALARY_VIEWER_ROLES). */
export function salaryVisible(caller: Caller, viewerRoles: string): boolean {
  return canSeeSalary(caller.roles, viewerRoles.split(",").map((r) => r.trim()));
}
