// Pure helpers for running Task and Wait states: duration arithmetic and the resource naming
// used in history events. Paths and JSONata expressions are resolved by the interpreter; these
// helpers get plain numbers and timestamps.
import type { WaitSpec } from "./asl.js";

/**
 * The journey instant (epoch ms) a Wait that starts at `now` ends: now + Seconds, or the
 * Timestamp itself (now, if it has passed). In journey time, so a Timestamp wait after a scaled
 * Seconds wait ends at its timestamp, not an offset later (the offsets used to add up).
 */
export function waitUntilMs(wait: WaitSpec, now: number): number {
  if (wait.Seconds !== undefined) return now + wait.Seconds * 1000;
  if (wait.Timestamp !== undefined) return Math.max(now, Date.parse(wait.Timestamp));
  return now;
}

/**
 * How AWS names a resource in history events: `arn:aws:states:::lambda:invoke` is resourceType
 * "lambda", resource "invoke"; `arn:aws:states:::aws-sdk:dynamodb:getItem` is "aws-sdk:dynamodb" /
 * "getItem". A bare Lambda ARN produces LambdaFunction* events instead of Task* events.
 */
export function describeResource(resource: string): { resourceType: string; resource: string; lambdaFunction: boolean } {
  if (resource.startsWith("arn:aws:lambda:")) return { resourceType: "lambda", resource, lambdaFunction: true };
  const m = /^arn:aws:states:::(aws-sdk:[^:]+|[^:]+):(.+)$/.exec(resource);
  if (m) return { resourceType: m[1] ?? "", resource: m[2] ?? "", lambdaFunction: false };
  return { resourceType: "unknown", resource, lambdaFunction: false };
}
