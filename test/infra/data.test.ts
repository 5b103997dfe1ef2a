import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { functionIds, functionCatalogue, tableActionsOf } from "../../lib/function-catalogue.js";
import { GSI } from "../../lib/constructs/data.js";
import { TTL_ATTRIBUTE } from "../../lambdas/core/shared/keys.js";
import { actionsOf, resourcesOfStatement, functionResource, logicalIdOf, resourcesOf, statementsOfRole, synthHirepath, type Synthesized } from "./synth.js";

let s: Synthesized;
beforeAll(() => {
  s = synthHirepath();
});

describe("DynamoDB table", () => {
  it("is the only table: on-demand, PITR, deletion-protected, retained", () => {
    const tables = resourcesOf(s.template, "AWS::DynamoDB::Table");
    expect(Object.keys(tables)).toHaveLength(1);
    const [table] = Object.values(tables);
    expect(table!.DeletionPolicy).toBe("Retain");
    expect(table!.UpdateReplacePolicy).toBe("Retain");
    expect(table!.Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      // 35 days unless pitrRecoveryDays says less: how long an erased item stays restorable (README, Privacy).
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
      DeletionProtectionEnabled: true,
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    });
  });

  it("expires short-lived items (rate-limit windows) by its TTL attribute", () => {
    const [table] = Object.values(resourcesOf(s.template, "AWS::DynamoDB::Table"));
    expect(table!.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });

  it("is encrypted with the customer-managed key, which rotates and is retained", () => {
    const keyId = logicalIdOf(s.stack, s.stack.data.key);
    s.template.hasResourceProperties("AWS::DynamoDB::Table", {
      SSESpecification: { SSEEnabled: true, SSEType: "KMS", KMSMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] } },
    });
    s.template.hasResource("AWS::KMS::Key", { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: "Retain" });
  });

  it("has the byEmail, byPhone and openTasks GSIs with their keys", () => {
    const [table] = Object.values(resourcesOf(s.template, "AWS::DynamoDB::Table"));
    const gsis = table!.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }>;
    expect(gsis.map((g) => g.IndexName).sort()).toEqual(["byEmail", "byPhone", "openTasks"]);
    for (const [name, keys] of Object.entries(GSI)) {
      expect(gsis.find((g) => g.IndexName === name)).toEqual({
        IndexName: name,
        KeySchema: [
          { AttributeName: keys.partitionKey, KeyType: "HASH" },
          { AttributeName: keys.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      });
    }
  });

  it("grants each function exactly the table actions it lists, on the table, and Query on the indexes it lists only", () => {
    const tableId = logicalIdOf(s.stack, s.stack.data.table);
    for (const id of functionIds) {
      const roleId = logicalIdOf(s.stack, s.stack.functions[id].role);
      const onTable = statementsOfRole(s.template, roleId).filter((st) => JSON.stringify(st.Resource).includes(tableId));
      const access = functionCatalogue[id].tableAccess;
      if (access === "none") {
        expect(onTable, id).toEqual([]);
        continue;
      }
      const table = onTable.filter((st) => !JSON.stringify(st.Resource).includes("/index/"));
      expect(table.flatMap(actionsOf).sort(), id).toEqual(tableActionsOf(access).map((a) => `dynamodb:${a}`).sort());
      expect(table.flatMap(resourcesOfStatement), id).toEqual([{ "Fn::GetAtt": [tableId, "Arn"] }]);
      const indexes = onTable.filter((st) => JSON.stringify(st.Resource).includes("/index/"));
      expect(indexes.flatMap(actionsOf).every((a) => a === "dynamodb:Query"), id).toBe(true);
      const indexArns = indexes.flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
      expect(indexArns.map((r) => /\/index\/([^"]+)"/.exec(r)?.[1]).sort(), id).toEqual([...(access.indexes ?? [])].sort());
    }
  });

  it("grants no function Scan (except the one-off task migration), ConditionCheckItem, DescribeTable or stream reads, index-wide Query, or DeleteItem unless it deletes", () => {
    const all = functionIds.map((id) => ({ id, statements: statementsOfRole(s.template, logicalIdOf(s.stack, s.stack.functions[id].role)) }));
    const holders = (action: string) => all.filter(({ statements }) => statements.flatMap(actionsOf).includes(action)).map(({ id }) => id).sort();
    expect(holders("dynamodb:Scan")).toEqual(["HrApi", "TalentApi"]);
    for (const never of ["dynamodb:DescribeTable", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"]) expect(holders(never), never).toEqual([]);
    // DeleteItem: the four that delete items themselves, and those that write a talent record (its re-index
    // marker is deleted once the search entries match); the read-only CheckEngagement never.
    const deleters = ["HrApi", "InterviewStep", "PublicLinks", "TalentApi"];
    const talentWriters = functionIds.filter((id) => functionCatalogue[id].tableAccess !== "none" && (functionCatalogue[id].tableAccess as { writesTalent?: true }).writesTalent);
    expect(talentWriters).not.toContain("CheckEngagement");
    expect(holders("dynamodb:DeleteItem")).toEqual([...new Set([...deleters, ...talentWriters])].sort());
    // ConditionCheckItem only in a talent record's write (the not-erased check).
    expect(holders("dynamodb:ConditionCheckItem")).toEqual([...talentWriters].sort());
    expect(JSON.stringify(all.map(({ statements }) => statements.flatMap(resourcesOfStatement)))).not.toContain("/index/*");
  });
});

describe("secret", () => {
  it("is generated at deploy under the CMK, with no literal value in the template", () => {
    const keyId = logicalIdOf(s.stack, s.stack.data.key);
    const secrets = resourcesOf(s.template, "AWS::SecretsManager::Secret");
    expect(Object.keys(secrets)).toHaveLength(1);
    const [secret] = Object.values(secrets);
    expect(secret!.Properties.SecretString).toBeUndefined();
    expect(secret!.Properties.KmsKeyId).toEqual({ "Fn::GetAtt": [keyId, "Arn"] });
    expect(secret!.Properties.GenerateSecretString).toMatchObject({ GenerateStringKey: "linkSigningKey" });
    expect(JSON.parse(secret!.Properties.GenerateSecretString.SecretStringTemplate as string)).toEqual({ webhookSecrets: {} });
  });

  it("is seeded with webhookSecrets.generic by a custom resource that cannot change anything else", () => {
    const secretId = logicalIdOf(s.stack, s.stack.data.secret);
    s.template.hasResourceProperties("Custom::HirepathSecretSeed", { SecretId: { Ref: secretId } });
    const seederRole = Object.entries(resourcesOf(s.template, "AWS::IAM::Role")).find(([id]) => id.startsWith("DataSeedSecretRole"));
    expect(seederRole).toBeDefined();
    const actions = statementsOfRole(s.template, seederRole![0]).flatMap(actionsOf).sort();
    expect(actions).toEqual(["logs:CreateLogStream", "logs:PutLogEvents", "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"]);
  });

  it("is readable (only) by functions that need secrets, which get SECRETS_ARN", () => {
    const secretId = logicalIdOf(s.stack, s.stack.data.secret);
    for (const id of functionIds) {
      const roleId = logicalIdOf(s.stack, s.stack.functions[id].role);
      const secretActions = statementsOfRole(s.template, roleId)
        .filter((st) => JSON.stringify(st.Resource).includes(secretId))
        .flatMap(actionsOf)
        .sort();
      const env = functionResource(s, id).Properties.Environment.Variables as Record<string, unknown>;
      if ((functionCatalogue[id].needs as readonly string[]).includes("secrets")) {
        expect(secretActions, id).toEqual(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]);
        expect(env.SECRETS_ARN, id).toEqual({ Ref: secretId });
      } else {
        expect(secretActions, id).toEqual([]);
        expect(env.SECRETS_ARN, id).toBeUndefined();
      }
    }
  });
});
