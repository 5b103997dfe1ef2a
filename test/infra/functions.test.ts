import { beforeAll, describe, expect, it } from "vitest";
import { functionCatalogue, functionIds, functionName } from "../../lib/function-catalogue.js";
import { actionsOf, functionResource, logicalIdOf, resourcesOf, resourcesOfStatement, statementsOfRole, synthHirepath, type Synthesized } from "./synth.js";

let s: Synthesized;
beforeAll(() => {
  s = synthHirepath();
});

describe("catalogue functions", () => {
  it("builds exactly one function per catalogue entry (plus the secret seeder)", () => {
    const names = Object.values(resourcesOf(s.template, "AWS::Lambda::Function")).map((f) => f.Properties.FunctionName as string | undefined);
    expect(names.filter(Boolean).sort()).toEqual(functionIds.map((id) => functionName(id)).sort());
    expect(names.filter((n) => n === undefined)).toHaveLength(1); // the custom-resource seeder
  });

  it("runs every function (seeder included) on arm64 nodejs24.x", () => {
    for (const fn of Object.values(resourcesOf(s.template, "AWS::Lambda::Function"))) {
      expect(fn.Properties.Runtime).toBe("nodejs24.x");
      expect(fn.Properties.Architectures).toEqual(["arm64"]);
    }
  });

  it.each(functionIds)("%s: active tracing, catalogue memory/timeout, JSON logs to its own retained log group", (id) => {
    const spec = functionCatalogue[id];
    const props = functionResource(s, id).Properties;
    expect(props).toMatchObject({
      FunctionName: functionName(id),
      TracingConfig: { Mode: "Active" },
      MemorySize: spec.memoryMb,
      Timeout: spec.timeoutSeconds,
      Description: spec.description,
      LoggingConfig: { LogFormat: "JSON", LogGroup: { Ref: logicalIdOf(s.stack, s.stack.functions[id].logGroup) } },
    });
    s.template.hasResourceProperties("AWS::Logs::LogGroup", { LogGroupName: `/aws/lambda/${functionName(id)}`, RetentionInDays: 30 });
  });

  it.each(functionIds)("%s: environment has exactly the schema's variables (plus NODE_OPTIONS), required ones present", (id) => {
    const variables = functionResource(s, id).Properties.Environment.Variables as Record<string, unknown>;
    const shape = (functionCatalogue[id].env as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
    const { NODE_OPTIONS, ...schemaVars } = variables;
    expect(NODE_OPTIONS).toBe("--enable-source-maps");
    for (const name of Object.keys(schemaVars)) expect(Object.keys(shape), `${id}.${name}`).toContain(name);
    for (const [name, field] of Object.entries(shape)) {
      const required = !field.safeParse(undefined).success;
      if (required) expect(schemaVars[name], `${id} needs ${name}`).toBeDefined();
    }
    expect(schemaVars.HIREPATH_RUNTIME).toBe("aws");
    if ("TABLE_NAME" in shape) expect(schemaVars.TABLE_NAME).toEqual({ Ref: logicalIdOf(s.stack, s.stack.data.table) });
  });

  it.each(functionIds)("%s: own role, no AWS-managed policies, only X-Ray on Resource *", (id) => {
    const roleId = logicalIdOf(s.stack, s.stack.functions[id].role);
    const role = s.template.toJSON().Resources[roleId];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(functionResource(s, id).Properties.Role).toEqual({ "Fn::GetAtt": [roleId, "Arn"] });
    const onStar = statementsOfRole(s.template, roleId)
      .filter((st) => resourcesOfStatement(st).includes("*"))
      .flatMap(actionsOf)
      .sort();
    expect(onStar).toEqual(["xray:PutTelemetryRecords", "xray:PutTraceSegments"]);
    // Logs: only streams/events in its own group (no logs:CreateLogGroup, no other group).
    const logStatements = statementsOfRole(s.template, roleId).filter((st) => actionsOf(st).some((a) => a.startsWith("logs:")));
    expect(logStatements).toEqual([
      {
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Effect: "Allow",
        Resource: { "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.functions[id].logGroup), "Arn"] },
      },
    ]);
  });

  it("no role in the stack uses an AWS-managed policy", () => {
    for (const [id, role] of Object.entries(resourcesOf(s.template, "AWS::IAM::Role"))) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it("MessageEvents and InboundSms send async invocations that failed three times to the message-events DLQ; no other function has an event invoke config", () => {
    const configs = Object.values(resourcesOf(s.template, "AWS::Lambda::EventInvokeConfig")).map((r) => r.Properties as { FunctionName: unknown });
    const ids = (["MessageEvents", "InboundSms"] as const).map((id) => logicalIdOf(s.stack, s.stack.functions[id].function));
    expect(configs.map((c) => c.FunctionName).sort()).toEqual(ids.map((id) => ({ Ref: id })).sort());
    for (const id of ids) {
      s.template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
        FunctionName: { Ref: id },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.messageEventsDlq), "Arn"] } } },
      });
    }
  });
});
