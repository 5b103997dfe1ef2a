// Shared synth helper for the infra tests. Uses the real entry point (bin/app.ts, so cdk-nag is attached
// exactly as in `cdk synth`) and cdk.json's context (feature flags and defaults), with bundling disabled:
// "aws:cdk:bundling-stacks": [] makes NodejsFunction skip esbuild, so tests are fast and need no handlers.
import { readFileSync } from "node:fs";
import { App, type Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { buildApp } from "../../bin/app.js";
import type { HirepathStack } from "../../lib/hirepath-stack.js";

export const NO_BUNDLING = { "aws:cdk:bundling-stacks": [] as string[] };
/** Tests synthesize a demo stack: placeholder sender and SMS number allowed (a synth for deployment refuses them). */
export const DEMO = { demo: "true" };

/** cdk.json's context: the feature flags and defaults a real `cdk synth` sees. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface Synthesized {
  readonly app: App;
  readonly stack: HirepathStack;
  readonly template: Template;
}

/** Builds the app without synthesizing it (no validation run yet). */
export function buildHirepath(context: Record<string, unknown> = {}): { app: App; stack: HirepathStack } {
  return buildApp(new App({ context: { ...cdkJsonContext(), ...NO_BUNDLING, ...DEMO, ...context } }));
}

/** Builds and synthesizes; synthesis runs the cdk-nag plugin, so it throws on any unacknowledged finding. */
export function synthHirepath(context: Record<string, unknown> = {}): Synthesized {
  const { app, stack } = buildHirepath(context);
  return { app, stack, template: Template.fromStack(stack) };
}

/** CloudFormation resources of one type, keyed by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { Properties: Record<string, any>; [k: string]: any }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, any> }>;
}

export function logicalIdOf(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;
}

/** Every statement of every IAM policy attached to the role with logical id `roleLogicalId`. */
export function statementsOfRole(template: Template, roleLogicalId: string): Array<{ Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown }> {
  const policies = Object.values(resourcesOf(template, "AWS::IAM::Policy")).filter((p) =>
    (p.Properties.Roles as Array<{ Ref?: string }>).some((r) => r.Ref === roleLogicalId),
  );
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
}

export function actionsOf(statement: { Action: string | string[] }): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export function resourcesOfStatement(statement: { Resource: unknown }): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** The synthesized AWS::Lambda::Function of a catalogue function. */
export function functionResource(s: Synthesized, id: keyof HirepathStack["functions"]): { Properties: Record<string, any> } {
  return s.template.toJSON().Resources[logicalIdOf(s.stack, s.stack.functions[id].function)];
}
