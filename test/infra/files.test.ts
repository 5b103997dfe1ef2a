// The candidate-files bucket and who may touch it.
import { beforeAll, describe, expect, it } from "vitest";
import { functionCatalogue, functionIds } from "../../lib/function-catalogue.js";
import { actionsOf, functionResource, logicalIdOf, resourcesOf, resourcesOfStatement, statementsOfRole, synthHirepath, type Synthesized } from "./synth.js";

let s: Synthesized;
beforeAll(() => {
  s = synthHirepath();
});

const fileNeeds = { readFiles: "s3:GetObject", writeFiles: "s3:PutObject", deleteFiles: "s3:DeleteObject" } as const;
const fileActionsOf = (id: (typeof functionIds)[number]) =>
  (functionCatalogue[id].needs as readonly string[]).filter((n): n is keyof typeof fileNeeds => n in fileNeeds).map((n) => fileNeeds[n]);
const fileUsers = functionIds.filter((id) => fileActionsOf(id).length > 0);

describe("candidate files bucket", () => {
  it("is private, TLS-only, KMS-encrypted with the Hirepath key and retained", () => {
    const buckets = resourcesOf(s.template, "AWS::S3::Bucket");
    const filesId = logicalIdOf(s.stack, s.stack.data.files);
    const bucket = buckets[filesId]!;
    expect(bucket.DeletionPolicy).toBe("Retain");
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const sse = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(sse.ServerSideEncryptionByDefault).toMatchObject({ SSEAlgorithm: "aws:kms", KMSMasterKeyID: { "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.data.key), "Arn"] } });
    expect(sse.BucketKeyEnabled).toBe(true);
    const policies = Object.values(resourcesOf(s.template, "AWS::S3::BucketPolicy")).filter((p) => JSON.stringify(p.Properties.Bucket).includes(filesId));
    expect(JSON.stringify(policies)).toContain('"aws:SecureTransport":"false"');
  });

  it("grants each function only the file operations it performs: read, write or delete", () => {
    expect(Object.fromEntries(fileUsers.map((id) => [id, fileActionsOf(id)]))).toEqual({
      WebhookIntake: ["s3:PutObject", "s3:DeleteObject"],
      HrApi: ["s3:GetObject"],
      TalentApi: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      TalentFiles: ["s3:PutObject"],
      TalentImportStep: ["s3:GetObject", "s3:PutObject"],
    });
  });

  it("is reachable only by the talent functions and the webhook front door (large dead-letter bodies), for objects under files/ only", () => {
    expect([...fileUsers].sort()).toEqual(["HrApi", "TalentApi", "TalentFiles", "TalentImportStep", "WebhookIntake"]);
    for (const id of functionIds) {
      const roleId = logicalIdOf(s.stack, s.stack.functions[id].role);
      const s3 = statementsOfRole(s.template, roleId).filter((st) => actionsOf(st).some((a) => a.startsWith("s3:")));
      if (!fileUsers.includes(id)) {
        expect(s3, id).toEqual([]);
        continue;
      }
      expect(s3.flatMap(actionsOf).sort(), id).toEqual([...fileActionsOf(id)].sort());
      expect(JSON.stringify(s3.flatMap(resourcesOfStatement)), id).toContain("/files/*");
      expect(functionResource(s, id).Properties.Environment.Variables.FILE_STORE_URL, id).toBeDefined();
    }
  });
});
