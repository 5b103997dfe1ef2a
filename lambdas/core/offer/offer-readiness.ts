// Whether an offer can be sent, and how it compares with the budget and the candidate's expectation.
// Every problem names the part it is about, so HR knows exactly what to fix.
import type { AnnualAmount, ExpectedPay, BudgetStatus, OfferPartName, OfferParts, OfferPolicy } from "./offer-model.js";
import { OFFER_PARTS } from "./offer-model.js";

export interface OfferProblem {
  part: OfferPartName;
  /** Field path inside the part, for the problem body (e.g. "commission.example"). */
  path: string;
  code: "missing" | "ambiguous" | "invalid";
  message: string;
}

/** PRC labour law: probation pay may not be below 80 % of the agreed wage. */
const MIN_PROBATION_PAY_PERCENT = 80;

export function offerProblems(parts: OfferParts, now: Date): OfferProblem[] {
  const problems: OfferProblem[] = [];
  for (const part of OFFER_PARTS) {
    const value = parts[part];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      problems.push({ part, path: part, code: "missing", message: `${part} is missing` });
    }
  }
  const { basePay, commission, bonus, probation, startDate, responseDeadline } = parts;
  if (basePay?.period === "month" && basePay.monthsPerYear === undefined) {
    problems.push({ part: "basePay", path: "basePay.monthsPerYear", code: "ambiguous", message: "monthly base pay must say how many months are paid per year (12, 13, …)" });
  }
  if (commission?.kind === "formula") {
    if (!commission.example) {
      problems.push({ part: "commission", path: "commission.example", code: "ambiguous", message: "a commission formula needs a worked example" });
    } else {
      const expected = commissionPayout(commission, commission.example.achieved);
      if (Math.abs(expected - commission.example.payout) > 0.5) {
        problems.push({
          part: "commission",
          path: "commission.example.payout",
          code: "ambiguous",
          message: `the worked example pays ${commission.example.payout} but the formula gives ${round2(expected)}`,
        });
      }
    }
  }
  if (bonus?.kind === "target" && !bonus.basis) {
    problems.push({ part: "bonus", path: "bonus.basis", code: "ambiguous", message: "a target bonus must say what it is based on" });
  }
  if (probation && probation.months > 0 && probation.payPercent < MIN_PROBATION_PAY_PERCENT) {
    problems.push({ part: "probation", path: "probation.payPercent", code: "invalid", message: `probation pay must be at least ${MIN_PROBATION_PAY_PERCENT}% of base` });
  }
  if (responseDeadline && Date.parse(responseDeadline) <= now.getTime()) {
    problems.push({ part: "responseDeadline", path: "responseDeadline", code: "invalid", message: "the response deadline has passed" });
  }
  if (startDate && responseDeadline && Date.parse(`${startDate}T23:59:59Z`) < Date.parse(responseDeadline)) {
    problems.push({ part: "startDate", path: "startDate", code: "invalid", message: "the start date is before the response deadline" });
  }
  return problems;
}

type Formula = Extract<NonNullable<OfferParts["commission"]>, { kind: "formula" }>;

export function commissionPayout(c: Formula, achieved: number): number {
  const payout = c.rate * Math.max(0, achieved - c.threshold);
  return c.cap === undefined ? payout : Math.min(payout, c.cap);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function annualBase(parts: OfferParts): AnnualAmount | undefined {
  const b = parts.basePay;
  if (!b) return undefined;
  return { amount: b.period === "year" ? b.amount : b.amount * (b.monthsPerYear ?? 12), currency: b.currency };
}

export function budgetStatus(parts: OfferParts, budget: OfferPolicy["budget"]): BudgetStatus {
  const annual = annualBase(parts);
  if (!budget || !annual || annual.currency !== budget.currency) return "no-budget";
  if (annual.amount > budget.max) return "above";
  if (annual.amount < budget.min) return "below";
  return "within";
}

/** The expectation per year: a monthly one × its months a year (12 unless it says). */
export function annualExpectation(expectation: ExpectedPay): AnnualAmount {
  const months = expectation.period === "month" ? (expectation.monthsPerYear ?? 12) : 1;
  return { amount: round2(expectation.amount * months), currency: expectation.currency };
}

/** Offer minus expectation, both per year, as a fraction of the expectation (negative: the offer is lower). */
export function expectationGap(parts: OfferParts, expectation: ExpectedPay | undefined): number | undefined {
  const annual = annualBase(parts);
  if (!annual || !expectation || annual.currency !== expectation.currency) return undefined;
  const expected = annualExpectation(expectation);
  return (annual.amount - expected.amount) / expected.amount;
}

export class OfferIncompleteError extends Error {
  constructor(readonly problems: OfferProblem[]) {
    super(`offer cannot be sent: ${problems.map((p) => `${p.path} (${p.code}): ${p.message}`).join("; ")}`);
    this.name = "OfferIncompleteError";
  }
}
