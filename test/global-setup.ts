// Runs once before the test files: warms the local IAM template cache (see local/iam/template.ts), so
// the many local stacks the tests start read it instead of each synthesizing the CDK app at once.
import { loadTemplate } from "../local/iam/template.js";
import { localSynthContext } from "../local/stack.js";

export default async function setup(): Promise<void> {
  const { cached, ms } = await loadTemplate(localSynthContext("sms-voice-v2"));
  if (!cached) console.log(`local IAM: synthesized the template for the local stacks in ${Math.round(ms)} ms`);
}
