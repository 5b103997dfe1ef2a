// Salary fields are shown only to roles allowed to see them; everyone else gets "***" in the API
// and on pages. Masking happens on the way out, on every shape that can carry a salary.
import type { Role } from "../shared/model.js";

export const MASK = "***";

export function canSeeSalary(roles: readonly Role[], allowed: readonly string[]): boolean {
  return roles.some((r) => allowed.includes(r));
}

const SALARY_KEYS = new Set(["salaryMin", "salaryMax", "budget", "salaryRange", "expectedSalary"]);

/** A deep copy with every salary-bearing field replaced by the mask. */
export function maskSalaries<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskSalaries(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SALARY_KEYS.has(k) && v !== undefined ? MASK : maskSalaries(v);
    return out as T;
  }
  return value;
}
