// cdk-nag v3 findings are acknowledged with CDK's own Validations API. This wrapper refuses vague reasons
// at synth time, so every acknowledgement in the template history says *why* the finding is acceptable.
import { Stack, Validations, type CfnElement } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

const MIN_REASON_LENGTH = 40;

/** Acknowledge one cdk-nag finding on `scope` and everything under it. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  const trimmed = reason.trim();
  if (trimmed.length < MIN_REASON_LENGTH) {
    throw new Error(`cdk-nag acknowledgement ${id} on ${scope.node.path} needs a specific reason (at least ${MIN_REASON_LENGTH} characters), got "${trimmed}"`);
  }
  Validations.of(scope).acknowledge({ id, reason: trimmed });
}

/**
 * How cdk-nag names a `Fn::GetAtt` in an IAM5 finding: `<LogicalId.Arn>`. Used to acknowledge a wildcard
 * suffix on one specific resource (e.g. a table's `/index/*`) rather than every wildcard on the policy.
 */
export function nagGetAtt(element: CfnElement, attribute = "Arn"): string {
  const logicalId = Stack.of(element).resolve(element.logicalId) as string;
  return `<${logicalId}.${attribute}>`;
}
