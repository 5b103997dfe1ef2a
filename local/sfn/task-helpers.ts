// Pure helpers for running Task, Wait and callback states: duration arithmetic and the
// resource naming used in history events.
import type { WaitSpec } from "./asl.js";
import { StatesError } from "./errors.js";
import { readReferencePath } from "./ref-path.js";

/** Same profile the library (and AWS) accept for Wait timestamps. */
const RFC3339 =
  /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(\.\d+)?(Z|(\+|-)([01][0-9]|2[0-3]):([0-5][0-9]))$/;

function runtime(message: string): StatesError {
  return new StatesError("States.Runtime", message, { retryable: false, catchable: false });
}

/**
 * The journey instant (epoch ms) a Wait that starts at `now` ends: now + Seconds / SecondsPath,
 * or the Timestamp / TimestampPath itself (now, if it has passed). In journey time, so a
 * Timestamp wait after a scaled Seconds wait ends at its timestamp, not an offset later.
 * Paths are evaluated against the Wait's effective input (after InputPath), like the library.
 */
export function waitUntilMs(wait: WaitSpec, input: unknown, context: () => unknown, now: number): number {
  if (wait.Seconds !== undefined) return now + wait.Seconds * 1000;
  if (wait.SecondsPath !== undefined) {
    const { found, value } = readReferencePath(wait.SecondsPath, input, context);
    if (!found) throw runtime(`Invalid path '${wait.SecondsPath}': the Wait state's SecondsPath does not point to a value`);
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      throw runtime(`The SecondsPath '${wait.SecondsPath}' evaluated to ${JSON.stringify(value)}, but a non-negative integer is required`);
    }
    return now + value * 1000;
  }
  let timestamp = wait.Timestamp;
  if (wait.TimestampPath !== undefined) {
    const { found, value } = readReferencePath(wait.TimestampPath, input, context);
    if (!found) throw runtime(`Invalid path '${wait.TimestampPath}': the Wait state's TimestampPath does not point to a value`);
    if (typeof value !== "string" || !RFC3339.test(value)) {
      throw runtime(`The TimestampPath '${wait.TimestampPath}' evaluated to ${JSON.stringify(value)}, but an RFC3339 timestamp is required`);
    }
    timestamp = value;
  }
  if (timestamp === undefined) throw runtime("Wait state has none of Seconds, SecondsPath, Timestamp, TimestampPath");
  return Math.max(now, Date.parse(timestamp));
}

/** TimeoutSeconds/HeartbeatSeconds, or their *Path read from the effective input. */
export function resolveSeconds(
  field: string,
  value: number | undefined,
  path: string | undefined,
  input: unknown,
  context: () => unknown,
): number | undefined {
  if (value !== undefined) return value;
  if (path === undefined) return undefined;
  const { found, value: v } = readReferencePath(path, input, context);
  if (!found) throw runtime(`Invalid path '${path}': ${field} does not point to a value`);
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw runtime(`${field} '${path}' evaluated to ${JSON.stringify(v)}, but a positive integer is required`);
  }
  return v;
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
