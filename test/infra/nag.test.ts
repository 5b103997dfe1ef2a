// cdk-nag (AwsSolutions) must pass with zero unacknowledged findings, every acknowledgement must carry a
// specific reason, and no acknowledgement may be stale (each must silence a finding that really exists).
import { Validations, type App } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { buildHirepath, synthHirepath, type Synthesized } from "./synth.js";

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function acknowledgements(app: App): Acknowledgement[] {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ""), reason }))),
  );
}

function findings(app: App): Array<{ rule: string; path: string }> {
  return new AwsSolutionsChecks().validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? "" })));
}

const VARIANTS: Record<string, Record<string, unknown>> = {
  defaults: {},
  "pinpoint, essentials, existing SES identity": {
    smsProvider: "pinpoint",
    pinpointApplicationId: "0123456789abcdef0123456789abcdef",
    smsOriginationIdentity: "+15555550100",
    cognitoFeaturePlan: "essentials",
    emailFrom: "jobs@acme-hr.example",
    sesIdentityExists: "true",
  },
};

describe.each(Object.entries(VARIANTS))("cdk-nag AwsSolutions (%s)", (_name, context) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthHirepath(context);
  });

  it("has zero unacknowledged findings", () => {
    expect(findings(s.app)).toEqual([]);
  });

  it("synthesizes with the AwsSolutions plugin registered by bin/app.ts (findings would fail synth)", () => {
    expect(() => s.app.synth()).not.toThrow();
  });

  it("has no CDK warnings or errors", () => {
    expect(Annotations.fromStack(s.stack).findWarning("*", Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(s.stack).findError("*", Match.anyValue())).toEqual([]);
  });

  it("gives every acknowledgement a specific reason", () => {
    const acks = acknowledgements(s.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(40);
      expect(ack.reason, `${ack.path} ${ack.id}`).not.toMatch(/\b(TODO|FIXME|temporar|not needed|n\/a)\b/i);
    }
  });

  it("never acknowledges AWS-managed policies (IAM4) or outdated runtimes (L1): those are fixed, not excused", () => {
    expect(acknowledgements(s.app).filter((a) => /^AwsSolutions-(IAM4|L1)\b/.test(a.id))).toEqual([]);
  });

  it("acknowledges only wildcards that are named (no blanket IAM5 acknowledgement)", () => {
    expect(acknowledgements(s.app).filter((a) => a.id === "AwsSolutions-IAM5")).toEqual([]);
  });
});

describe("acknowledgements are not stale", () => {
  afterEach(() => vi.restoreAllMocks());

  it("bin/app.ts wires the AwsSolutions plugin into synthesis: an unacknowledged finding fails synth", () => {
    vi.spyOn(Validations.prototype, "acknowledge").mockImplementation(() => undefined);
    expect(() => synthHirepath()).toThrow(/AwsSolutions-SMG4/);
  });

  it.each(Object.entries(VARIANTS))("each acknowledgement silences a real finding at or under its construct (%s)", (_name, context) => {
    const acks = acknowledgements(synthHirepath(context).app);
    // The same app with acknowledgements switched off shows what each one silences.
    vi.spyOn(Validations.prototype, "acknowledge").mockImplementation(() => undefined);
    const raw = findings(buildHirepath(context).app);
    const stale = acks.filter((ack) => !raw.some((f) => f.rule === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`))));
    expect(stale).toEqual([]);
  });
});
