// The one salary-masking policy. A candidate's salary expectations and a requisition's budget are
// shown only to roles allowed to see them (SALARY_VIEWER_ROLES); everyone else gets "***", wherever
// the figures appear: in the fields that hold them, and in text that embeds them ("expects
// 15000–15000, within the budget of 14000–16000", "期望 / 预算: 15,000–15,000 CNY"). It is applied
// once, on the way out of every staff route (handlers/http/middleware.ts `maskSalaryFigures`): to
// each JSON body, and to each page's view model before it is rendered.
//
// Not masked: an offer's own pay (its parts). Offer operators draft and submit it, so hiding the
// figures they typed protects nothing; what they may not see is what the person asked for and what
// the budget allows. Signed-link pages are not staff routes: a candidate sees their own offer, an
// approver the offer they decide on.
import type { Role } from "../shared/model.js";

export const MASK = "***";

export const DEFAULT_SALARY_VIEWER_ROLES = "admin,hiring-manager,executive";

export function canSeeSalary(roles: readonly Role[], allowed: readonly string[]): boolean {
  return roles.some((r) => allowed.includes(r));
}

/** Fields whose whole value is a salary figure or range. */
const SALARY_KEYS = new Set(["salaryMin", "salaryMax", "budget", "salaryRange", "expectedSalary", "candidateExpectation", "expectation"]);

/** Field names that say salary in another way (an import row's "期望月薪" column): masked when they hold a figure. */
const SALARY_FIELD_WORDS = /salary|薪|工资|预算|期望/i;
/** Words that make the numbers in the same clause salary figures (en and zh-CN). */
const SALARY_WORDS = /expect|budget|salary|compensation|pay\b|wage|期望|预算|薪|工资|待遇/i;
/** An amount: digits with separators, an optional k/K/万/千 and currency around it. */
const AMOUNT = /(?:(?:[¥$€£]|CNY|RMB|USD)\s?)?\d[\d,.]*\d?(?:\s?(?:k|K|万|千|元))?/g;
/** Clause boundaries (a comma inside "15,000" is not one): an amount belongs to the words of its own clause. */
const CLAUSE = /(,(?!\d)|[，;；。!！?？\n]|\.\s|<\/?(?:p|li|td|th|div|h\d|br)\b[^>]*>)/;

/** The text with every amount in a salary clause replaced by the mask. */
export function maskSalaryText(text: string): string {
  if (!SALARY_WORDS.test(text)) return text;
  return text
    .split(CLAUSE)
    .map((clause) => (SALARY_WORDS.test(clause) ? clause.replace(AMOUNT, (amount) => (/\d{3,}|\d[,.]\d{3}|\d\s?(?:k|K|万|千)/.test(amount) ? MASK : amount)) : clause))
    .join("");
}

/** A deep copy with every salary field replaced by the mask and every salary figure in text masked. */
export function maskSalaries<T>(value: T): T {
  if (typeof value === "string") return maskSalaryText(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskSalaries(v)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const figure = (typeof v === "string" || typeof v === "number") && /\d/.test(String(v));
      out[k] = (SALARY_KEYS.has(k) && v !== undefined && v !== null) || (figure && SALARY_FIELD_WORDS.test(k)) ? MASK : maskSalaries(v);
    }
    return out as T;
  }
  return value;
}
