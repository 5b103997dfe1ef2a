// Keyword screening. Decides advance / reject / hold and always says why, so HR can trust or
// override it. Pure: no I/O.
import type { ScreenResult, ScreeningRules } from "../shared/model.js";

export interface ScreeningInput {
  resumeText?: string;
  yearsExperience?: number;
  location?: string;
  answers?: Record<string, string | boolean>;
}

/** NFKC folds full-width forms (ＪＡＶＡ, ２年) into ASCII, so Chinese resumes match English rules. */
function fold(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

const hasCjk = (s: string) => /[\u3400-\u9fff\uf900-\ufaff]/.test(s);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A keyword matches as a substring for CJK (no spaces between words), and at word boundaries for
 * Latin text so "java" does not match "javascript". "a|b" means either.
 */
export function keywordMatches(text: string, keyword: string): boolean {
  const folded = fold(text);
  return keyword
    .split("|")
    .map((alt) => fold(alt.trim()))
    .filter(Boolean)
    .some((alt) => {
      if (hasCjk(alt)) return folded.includes(alt);
      // Only Latin letters and digits continue a Latin word: Chinese text around "SaaS" is a boundary.
      const pattern = new RegExp(`(^|[^\\p{Script=Latin}\\p{N}+#])${escapeRegExp(alt)}(?=$|[^\\p{Script=Latin}\\p{N}+#])`, "u");
      return pattern.test(folded);
    });
}

/** Yes/no answers arrive as booleans or words ("yes", "是"); strings compare folded. */
function sameAnswer(given: string | boolean, required: string | boolean): boolean {
  const asBool = (v: string | boolean) => (typeof v === "boolean" ? v : ["yes", "y", "true", "是", "有", "可以"].includes(fold(v).trim()) ? true : ["no", "n", "false", "否", "没有", "不"].includes(fold(v).trim()) ? false : undefined);
  if (typeof required === "boolean") return asBool(given) === required;
  return fold(String(given)).trim() === fold(required).trim();
}

/** Rules stored before knock-out questions existed have none. */
type Rules = Omit<ScreeningRules, "knockOutQuestions"> & Partial<Pick<ScreeningRules, "knockOutQuestions">>;

export function screenApplication(rules: Rules, input: ScreeningInput): ScreenResult {
  const text = input.resumeText ?? "";
  const matchedRequired = rules.requiredKeywords.filter((k) => keywordMatches(text, k));
  const missingRequired = rules.requiredKeywords.filter((k) => !matchedRequired.includes(k));
  const matchedBonus = rules.bonusKeywords.filter((k) => keywordMatches(text, k));
  const reasons: string[] = [];
  const score =
    (rules.requiredKeywords.length ? matchedRequired.length / rules.requiredKeywords.length : 1) * 70 +
    (rules.bonusKeywords.length ? matchedBonus.length / rules.bonusKeywords.length : 0) * 30;

  let decision: ScreenResult["decision"] = "advance";
  if (!text.trim() && rules.requiredKeywords.length > 0) {
    // No resume text is not evidence against the candidate: a human looks.
    decision = "hold";
    reasons.push("no resume text to screen");
  }
  if (decision !== "hold" && missingRequired.length > 0) {
    decision = "reject";
    reasons.push(`missing required keywords: ${missingRequired.join(", ")}`);
  }
  if (rules.minYearsExperience !== undefined) {
    if (input.yearsExperience === undefined) {
      if (decision === "advance") decision = "hold";
      reasons.push("years of experience not stated");
    } else if (input.yearsExperience < rules.minYearsExperience) {
      decision = "reject";
      reasons.push(`${input.yearsExperience} years of experience is below the minimum of ${rules.minYearsExperience}`);
    }
  }
  if (rules.locations?.length) {
    const where = input.location ?? "";
    const inLocation = rules.locations.some((l) => keywordMatches(where, l));
    if (!inLocation && decision === "advance") {
      decision = "hold";
      reasons.push(where ? `location "${where}" is outside ${rules.locations.join("/")}` : "location not stated");
    }
  }
  for (const q of rules.knockOutQuestions ?? []) {
    const label = q.question.en ?? q.question["zh-CN"] ?? q.id;
    const answer = input.answers?.[q.id];
    if (answer === undefined) {
      if (decision === "advance") decision = "hold";
      reasons.push(`knock-out question "${label}" not answered`);
    } else if (!sameAnswer(answer, q.requiredAnswer)) {
      decision = "reject";
      reasons.push(`knock-out question "${label}": answered ${JSON.stringify(answer)}, required ${JSON.stringify(q.requiredAnswer)}`);
    }
  }
  if (decision === "advance") {
    reasons.push(
      matchedRequired.length ? `all required keywords present: ${matchedRequired.join(", ")}` : "no required keywords configured",
    );
    if (matchedBonus.length) reasons.push(`bonus keywords: ${matchedBonus.join(", ")}`);
  }
  return { decision, reasons, matchedRequired, missingRequired, matchedBonus, score: Math.round(score) };
}
