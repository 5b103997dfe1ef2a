// The durable state: one single-table DynamoDB design and one JSON secret, both under a customer-managed
// KMS key the HR team owns (key policy, rotation, CloudTrail of every decrypt).
import { TTL_ATTRIBUTE } from "../../lambdas/core/shared/keys.js";
import { CustomResource, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal, type IRole } from "aws-cdk-lib/aws-iam";
import { Key, ViaServicePrincipal } from "aws-cdk-lib/aws-kms";
import { Architecture, Code, Function as LambdaFunction, LoggingFormat, Runtime } from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { tableIndexes, tableKeys } from "../table-design.js";
import { webhookSecretNames } from "../../lambdas/core/intake/webhook-intake.js";
import { acknowledge } from "./nag.js";

/** Where candidate files live in the bucket (FILE_STORE_URL = s3://<bucket>/files). */
export const FILES_PREFIX = "files";

export interface HirepathDataProps {
  readonly prefix: string;
  readonly logRetention: RetentionDays;
  /** PITR's window: an erased item stays restorable from it this long (README, Privacy). */
  readonly pitrRecoveryDays: number;
}

/** The global secondary indexes the handlers query, from the design the local table uses too. */
export const GSI = Object.fromEntries(tableIndexes.map((i) => [i.name, { partitionKey: i.partitionKey, sortKey: i.sortKey }]));

// Fills in any secret value the template cannot generate itself. CloudFormation's GenerateSecretString
// generates exactly one key, and the secret needs two (linkSigningKey and webhookSecrets.generic), so
// CloudFormation generates linkSigningKey and this function adds the rest on create/update. It never
// overwrites a value that exists (operators rotate by editing the secret), never returns or logs a value,
// and uses node:crypto, so no secret ever appears in the template, in code, or in CloudFormation outputs.
const SEED_SECRET_SOURCE = `
const { SecretsManagerClient, GetSecretValueCommand, PutSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
const { randomBytes } = require("node:crypto");
const sm = new SecretsManagerClient({});
const generate = () => randomBytes(32).toString("base64url");
async function respond(event, status, reason) {
  const body = JSON.stringify({
    Status: status, Reason: reason, NoEcho: true, Data: {},
    PhysicalResourceId: event.PhysicalResourceId || event.LogicalResourceId,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
  });
  const res = await fetch(event.ResponseURL, { method: "PUT", headers: { "content-type": "" }, body });
  if (!res.ok) throw new Error("CloudFormation response failed with HTTP " + res.status);
}
exports.handler = async (event) => {
  try {
    if (event.RequestType !== "Delete") {
      const SecretId = event.ResourceProperties.SecretId;
      const out = await sm.send(new GetSecretValueCommand({ SecretId }));
      const value = JSON.parse(out.SecretString || "{}");
      const next = { ...value, webhookSecrets: { ...(value.webhookSecrets || {}) } };
      let changed = false;
      for (const source of ${JSON.stringify(webhookSecretNames)}) {
        if (!next.webhookSecrets[source]) { next.webhookSecrets[source] = generate(); changed = true; }
      }
      if (!next.linkSigningKey) { next.linkSigningKey = generate(); changed = true; }
      if (changed) await sm.send(new PutSecretValueCommand({ SecretId, SecretString: JSON.stringify(next) }));
    }
    await respond(event, "SUCCESS", "seeded");
  } catch (error) {
    console.error("seeding failed", error && error.name);
    await respond(event, "FAILED", "Seeding the Hirepath secret failed: " + (error && error.name));
  }
};
`;

export class HirepathData extends Construct {
  readonly key: Key;
  readonly table: Table;
  readonly secret: Secret;
  /** Candidate files (job-board exports, resumes), under the prefix FILES_PREFIX. */
  readonly files: Bucket;

  constructor(scope: Construct, id: string, props: HirepathDataProps) {
    super(scope, id);

    this.key = new Key(this, "Key", {
      description: "Hirepath: encrypts candidate data (DynamoDB) and the webhook/link-signing secret",
      enableKeyRotation: true,
      // Retained with the table: a deleted key would make the retained table unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Projection ALL: every GSI query (find a candidate by email/phone, list due tasks) renders the item it
    // finds, so KEYS_ONLY would cost a second GetItem per hit. Items are small (well under 4 KB) and these
    // indexes are sparse (only items carrying the attribute are indexed), so the extra storage is negligible.
    this.table = new Table(this, "Table", {
      partitionKey: { name: tableKeys.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableKeys.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: props.pitrRecoveryDays },
      // Only short-lived items carry it (rate-limit windows, SMS short links); every other item has no such attribute.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [indexName, keys] of Object.entries(GSI)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: keys.partitionKey, type: AttributeType.STRING },
        sortKey: { name: keys.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.secret = new Secret(this, "Secret", {
      description: "Hirepath: webhook secrets per job-board source and the link-signing key (JSON)",
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ webhookSecrets: {} }),
        generateStringKey: "linkSigningKey",
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    acknowledge(
      this.secret,
      "AwsSolutions-SMG4",
      "Not rotated automatically: webhookSecrets are shared with external job boards, which must be updated in step, and rotating linkSigningKey invalidates every signed link already emailed to candidates. Rotation is an operator runbook step (edit the secret; the seeder never overwrites).",
    );

    // Résumés and job-board exports are personal data: private, TLS-only, encrypted with the same CMK
    // as the table (a bucket key keeps the KMS request count, and so its cost, low), retained with it.
    this.files = new Bucket(this, "Files", {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.files,
      "AwsSolutions-S1",
      "No S3 server access logs: every read and write goes through the TalentApi/TalentFiles functions, which log the actor and file per request, and erasure must be able to remove a candidate's files without copies surviving in an access-log bucket.",
    );

    this.seedSecret(props);
  }

  /**
   * Only the file operations a function performs, on candidate files only. SSE-KMS: reading decrypts with
   * the bucket's key, writing asks it for a data key.
   */
  grantFiles(role: IRole, operations: { read?: boolean; write?: boolean; delete?: boolean }): void {
    const actions = [...(operations.read ? ["s3:GetObject"] : []), ...(operations.write ? ["s3:PutObject"] : []), ...(operations.delete ? ["s3:DeleteObject"] : [])];
    if (actions.length === 0) return;
    role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [this.files.arnForObjects(`${FILES_PREFIX}/*`)] }));
    const keyActions = [...(operations.read ? ["kms:Decrypt"] : []), ...(operations.write ? ["kms:GenerateDataKey"] : [])];
    if (keyActions.length) role.addToPrincipalPolicy(new PolicyStatement({ actions: keyActions, resources: [this.key.keyArn] }));
  }

  private seedSecret(props: HirepathDataProps): void {
    const logGroup = new LogGroup(this, "SeedSecretLogs", { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    // Custom role instead of AWSLambdaBasicExecutionRole: write to its own log group, read/write this secret.
    const role = new Role(this, "SeedSecretRole", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: "Hirepath: seeds generated values into the Hirepath secret at deploy",
    });
    logGroup.grantWrite(role);
    // Read (GetSecretValue + kms:Decrypt via Secrets Manager) and store a new version; nothing else, so not
    // grantWrite, which would also allow UpdateSecret (changing the key or description).
    this.secret.grantRead(role);
    role.addToPolicy(new PolicyStatement({ actions: ["secretsmanager:PutSecretValue"], resources: [this.secret.secretArn] }));
    this.key.grant(new ViaServicePrincipal(`secretsmanager.${Stack.of(this).region}.amazonaws.com`, role), "kms:GenerateDataKey");

    const seeder = new LambdaFunction(this, "SeedSecretFunction", {
      description: "Hirepath: seeds generated values into the Hirepath secret at deploy (CloudFormation custom resource)",
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      handler: "index.handler",
      code: Code.fromInline(SEED_SECRET_SOURCE),
      timeout: Duration.seconds(30),
      memorySize: 256,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
    });

    const seed = new CustomResource(this, "SeedSecret", {
      serviceToken: seeder.functionArn,
      resourceType: "Custom::HirepathSecretSeed",
      // A changed SecretId (a replaced secret) re-runs the seeding.
      properties: { SecretId: this.secret.secretArn },
    });
    seed.node.addDependency(role);
  }
}
