// Outreach experiments: the response rate per arm and a two-sided two-proportion z-test. A winner
// is declared only when p < alpha and each arm has a minimum sample, so an A/B with no real
// difference is not called on noise.
export interface ArmResult {
  arm: string;
  assigned: number;
  responded: number;
}

export interface ExperimentVerdict {
  arms: Array<ArmResult & { rate: number }>;
  z: number;
  pValue: number;
  winner?: string;
  reason: "significant" | "not-significant" | "too-few";
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf; error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

export function compareArms(a: ArmResult, b: ArmResult, alpha = 0.05, minPerArm = 30): ExperimentVerdict {
  const arms = [a, b].map((x) => ({ ...x, rate: x.assigned ? x.responded / x.assigned : 0 }));
  if (a.assigned < minPerArm || b.assigned < minPerArm) return { arms, z: 0, pValue: 1, reason: "too-few" };
  const pooled = (a.responded + b.responded) / (a.assigned + b.assigned);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.assigned + 1 / b.assigned));
  const z = se === 0 ? 0 : (arms[0]!.rate - arms[1]!.rate) / se;
  const pValue = 2 * (1 - normalCdf(Math.abs(z)));
  if (pValue >= alpha) return { arms, z, pValue, reason: "not-significant" };
  return { arms, z, pValue, winner: z > 0 ? a.arm : b.arm, reason: "significant" };
}
