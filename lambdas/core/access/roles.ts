// Roles come from Cognito groups. API Gateway's JWT authorizer flattens array claims into a string
// like "[admin recruiter]", so accept that form as well as a real array.
import { ForbiddenError } from "../shared/errors.js";
import { Role } from "../shared/model.js";

export function rolesFromClaims(claims: Record<string, unknown> | undefined): Role[] {
  const raw = claims?.["cognito:groups"];
  let groups: string[] = [];
  if (Array.isArray(raw)) groups = raw.map(String);
  else if (typeof raw === "string") groups = raw.replace(/^\[|\]$/g, "").split(/[\s,]+/).filter(Boolean);
  return groups.filter((g): g is Role => Role.safeParse(g).success);
}

export function requireRole(roles: readonly Role[], allowed: readonly Role[], action: string): void {
  if (!roles.some((r) => allowed.includes(r))) {
    throw new ForbiddenError(`${action} needs one of: ${allowed.join(", ")}`);
  }
}

/** Everyone who may read HR data. */
export const READERS: readonly Role[] = ["admin", "recruiter", "hiring-manager", "executive"];
/** Those who run the hiring work day to day. */
export const OPERATORS: readonly Role[] = ["admin", "recruiter"];
