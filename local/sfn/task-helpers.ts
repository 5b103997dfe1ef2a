// Pure helpers for running Task and Wait states: duration arithmetic and the resource naming
// used in history events. Paths and JSONata expressions are resolved by the interpreter; these
// helpers get plain numbers and timestamps.
import type { WaitSpec } from "./asl.js";

/**
 * Real milliseconds a Wait lasts when it starts now: Seconds divided by timeScale, Timestamp as
 * (timestamp - now) / timeScale (never negative).
 */
export function waitDurationMs(wait: WaitSpec, timeScale: number, now = Date.now()): number {
  if (wait.Seconds !== undefined) return (wait.Seconds * 1000) / timeScale;
  if (wait.Timestamp !== undefined) return Math.max(0, (Date.parse(wait.Timestamp) - now) / timeScale);
  return 0;
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
