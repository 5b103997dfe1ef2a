// The synthesized template, read as IAM sees it: every role's policies (function roles, state machine
// roles, the Scheduler role), the Lambda permissions that let EventBridge and SNS invoke a function, the
// KMS keys that encrypt the table, secret and bucket, and the ARNs of the resources the local stack
// stands in for. CloudFormation intrinsics are resolved to the local stack's physical names, so a
// policy reads exactly like the deployed one with our account, region and names filled in.
import { functionIds, functionName, type FunctionId } from "../../lib/function-catalogue.js";
import type { CfnResource, CfnTemplate } from "./template.js";

export interface PolicyDocument {
  Version?: string;
  Statement: Array<Record<string, unknown>>;
}

export interface RoleModel {
  logicalId: string;
  arn: string;
  policies: Array<{ name: string; policy: PolicyDocument }>;
}

/** The local stack's physical names for the resources it stands in for. */
export interface LocalNames {
  region: string;
  accountId: string;
  tableName: string;
  secretArn: string;
  sesConfigurationSet: string;
  smsConfigurationSet: string;
  schedulerRoleArn: string;
  filesBucket: string;
}

export interface IamModel {
  names: LocalNames;
  functionRoles: Record<FunctionId, RoleModel>;
  /** By state machine name (hirepath-offer-journey). */
  machineRoles: Record<string, RoleModel>;
  schedulerRole: RoleModel;
  /** Each function's resource policy (its AWS::Lambda::Permission resources), by function name. */
  functionPolicies: Record<string, PolicyDocument>;
  /** KMS key ARN by the ARN of what it encrypts (table, secret, bucket). */
  keyOf: Record<string, string>;
  keyPolicies: Record<string, PolicyDocument>;
  /** Each function's environment as deployed, resolved (FILE_STORE_URL names the bucket). */
  functionEnvironments: Record<FunctionId, Record<string, string>>;
  /** The rule ARN each local event rule stands for, by the rule's event pattern (JSON). */
  ruleArnsByPattern: Record<string, string>;
  topicArns: string[];
}

type Json = unknown;

export function buildIamModel(template: CfnTemplate, names: LocalNames): IamModel {
  const resources = template.Resources;
  const { region, accountId } = names;
  const arn = (service: string, resource: string, withRegion = true, withAccount = true) =>
    `arn:aws:${service}:${withRegion ? region : ""}:${withAccount ? accountId : ""}:${resource}`;

  const roleName = (logicalId: string, res: CfnResource) => {
    const trust = JSON.stringify(res.Properties?.["AssumeRolePolicyDocument"] ?? {});
    // The Scheduler role's ARN is in the functions' environment (SCHEDULER_ROLE_ARN): keep the local one.
    if (trust.includes("scheduler.amazonaws.com")) return names.schedulerRoleArn;
    return arn("iam", `role/${logicalId}`, false);
  };

  /** Ref and Fn::GetAtt of each resource, as the local stack names it. */
  const physical = (logicalId: string): { ref: string; attrs: Record<string, string> } => {
    const res = resources[logicalId];
    if (!res) throw new Error(`local IAM: the template has no resource ${logicalId}`);
    const p = (res.Properties ?? {}) as Record<string, Json>;
    const str = (key: string) => (typeof p[key] === "string" ? (p[key] as string) : undefined);
    switch (res.Type) {
      case "AWS::DynamoDB::Table": {
        const tableArn = arn("dynamodb", `table/${names.tableName}`);
        return { ref: names.tableName, attrs: { Arn: tableArn, StreamArn: `${tableArn}/stream/local` } };
      }
      case "AWS::StepFunctions::StateMachine": {
        const name = str("StateMachineName") ?? logicalId;
        const machineArn = arn("states", `stateMachine:${name}`);
        return { ref: machineArn, attrs: { Arn: machineArn, Name: name } };
      }
      case "AWS::Lambda::Function": {
        const name = str("FunctionName") ?? logicalId;
        return { ref: name, attrs: { Arn: arn("lambda", `function:${name}`) } };
      }
      case "AWS::IAM::Role": {
        const roleArn = roleName(logicalId, res);
        return { ref: roleArn.split("/").pop()!, attrs: { Arn: roleArn, RoleId: logicalId } };
      }
      case "AWS::SecretsManager::Secret":
        return { ref: names.secretArn, attrs: { Id: names.secretArn } };
      case "AWS::KMS::Key": {
        const keyId = `00000000-0000-4000-8000-${logicalId.replace(/[^a-zA-Z0-9]/g, "").toLowerCase().padEnd(12, "0").slice(-12)}`;
        return { ref: keyId, attrs: { Arn: arn("kms", `key/${keyId}`), KeyId: keyId } };
      }
      case "AWS::S3::Bucket":
        return { ref: names.filesBucket, attrs: { Arn: `arn:aws:s3:::${names.filesBucket}`, DomainName: `${names.filesBucket}.s3.amazonaws.com` } };
      case "AWS::SES::ConfigurationSet":
        return { ref: names.sesConfigurationSet, attrs: {} };
      case "AWS::SES::EmailIdentity":
        return { ref: str("EmailIdentity") ?? logicalId, attrs: {} };
      case "AWS::SMSVOICE::ConfigurationSet":
        return { ref: names.smsConfigurationSet, attrs: { Arn: arn("sms-voice", `configuration-set/${names.smsConfigurationSet}`) } };
      case "AWS::Scheduler::ScheduleGroup": {
        const name = str("Name") ?? logicalId;
        return { ref: name, attrs: { Arn: arn("scheduler", `schedule-group/${name}`) } };
      }
      case "AWS::SNS::Topic": {
        const name = str("TopicName") ?? logicalId;
        const topicArn = arn("sns", name);
        return { ref: topicArn, attrs: { TopicArn: topicArn, TopicName: name } };
      }
      case "AWS::Logs::LogGroup": {
        const name = str("LogGroupName") ?? logicalId;
        return { ref: name, attrs: { Arn: arn("logs", `log-group:${name}:*`) } };
      }
      case "AWS::SQS::Queue":
        return { ref: `https://sqs.${region}.amazonaws.com/${accountId}/${logicalId}`, attrs: { Arn: arn("sqs", logicalId), QueueName: logicalId } };
      case "AWS::Events::Rule":
        return { ref: logicalId, attrs: { Arn: arn("events", `rule/${logicalId}`) } };
      default:
        // Not something a local caller can reach (API, user pool, ...): a marker that matches no real ARN.
        return { ref: `unresolved:${logicalId}`, attrs: new Proxy({}, { get: (_t, a) => `unresolved:${logicalId}.${String(a)}` }) as Record<string, string> };
    }
  };

  const pseudo: Record<string, string> = {
    "AWS::Partition": "aws",
    "AWS::Region": region,
    "AWS::AccountId": accountId,
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "Hirepath",
    "AWS::NoValue": "",
  };

  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, Json>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      const [fn] = keys as [string];
      const arg = obj[fn];
      switch (fn) {
        case "Ref":
          return pseudo[arg as string] ?? physical(arg as string).ref;
        case "Fn::GetAtt": {
          const [id, attr] = Array.isArray(arg) ? (arg as [string, string]) : (String(arg).split(".") as [string, string]);
          return physical(id).attrs[attr] ?? `unresolved:${id}.${attr}`;
        }
        case "Fn::Join": {
          const [sep, parts] = arg as [string, Json[]];
          return (resolve(parts) as Json[]).map(String).join(sep);
        }
        case "Fn::Select": {
          const [index, list] = arg as [Json, Json];
          return (resolve(list) as Json[])[Number(resolve(index))];
        }
        case "Fn::Split": {
          const [sep, source] = arg as [string, Json];
          return String(resolve(source)).split(sep);
        }
        case "Fn::Sub": {
          const [text, vars] = typeof arg === "string" ? [arg, {}] : (arg as [string, Record<string, Json>]);
          return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
            if (name in vars) return String(resolve(vars[name]));
            if (pseudo[name] !== undefined) return pseudo[name]!;
            const [id, attr] = name.split(".");
            return attr ? physical(id!).attrs[attr] ?? `unresolved:${name}` : physical(id!).ref;
          });
        }
      }
    }
    return Object.fromEntries(keys.map((k) => [k, resolve(obj[k])]));
  };

  const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  const roleModel = (roleLogicalId: string): RoleModel => {
    const role = resources[roleLogicalId]!;
    const policies: RoleModel["policies"] = [];
    for (const [id, res] of byType("AWS::IAM::Policy")) {
      const roles = (res.Properties?.["Roles"] ?? []) as Array<{ Ref?: string }>;
      if (roles.some((r) => r.Ref === roleLogicalId)) policies.push({ name: id, policy: resolve(res.Properties!["PolicyDocument"]) as PolicyDocument });
    }
    for (const inline of (role.Properties?.["Policies"] ?? []) as Array<{ PolicyName: string; PolicyDocument: Json }>) {
      policies.push({ name: inline.PolicyName, policy: resolve(inline.PolicyDocument) as PolicyDocument });
    }
    if (role.Properties?.["ManagedPolicyArns"]) {
      // AWS managed policies are not in the template, so the local stack could not honour them.
      throw new Error(`local IAM: role ${roleLogicalId} has managed policies, which the local stack cannot evaluate`);
    }
    return { logicalId: roleLogicalId, arn: physical(roleLogicalId).attrs["Arn"]!, policies };
  };

  const roleOf = (res: CfnResource, key: string): string => {
    const ref = res.Properties?.[key] as { "Fn::GetAtt"?: [string, string] } | undefined;
    const id = ref?.["Fn::GetAtt"]?.[0];
    if (!id) throw new Error(`local IAM: cannot find the role of ${JSON.stringify(res.Properties?.[key])}`);
    return id;
  };

  const functionsByName = Object.fromEntries(byType("AWS::Lambda::Function").map(([id, r]) => [r.Properties?.["FunctionName"], { id, r }]));
  const functionRoles = {} as Record<FunctionId, RoleModel>;
  const functionEnvironments = {} as Record<FunctionId, Record<string, string>>;
  for (const fnId of functionIds) {
    const found = functionsByName[functionName(fnId)];
    if (!found) throw new Error(`local IAM: the template has no function ${functionName(fnId)}`);
    functionRoles[fnId] = roleModel(roleOf(found.r, "Role"));
    functionEnvironments[fnId] = resolve((found.r.Properties?.["Environment"] as { Variables?: Json } | undefined)?.Variables ?? {}) as Record<string, string>;
  }

  const machineRoles: Record<string, RoleModel> = {};
  for (const [, res] of byType("AWS::StepFunctions::StateMachine")) {
    machineRoles[String(res.Properties?.["StateMachineName"])] = roleModel(roleOf(res, "RoleArn"));
  }

  const schedulerRoleId = byType("AWS::IAM::Role").find(([id, r]) => roleName(id, r) === names.schedulerRoleArn)?.[0];
  if (!schedulerRoleId) throw new Error("local IAM: the template has no role EventBridge Scheduler can assume");

  const functionPolicies: Record<string, PolicyDocument> = {};
  for (const [id, res] of byType("AWS::Lambda::Permission")) {
    const p = resolve(res.Properties) as Record<string, string>;
    const name = p["FunctionName"]!.split(":").pop()!;
    const doc = (functionPolicies[name] ??= { Version: "2012-10-17", Statement: [] });
    const principal = p["Principal"]!.endsWith(".amazonaws.com") ? { Service: p["Principal"] } : { AWS: p["Principal"] };
    doc.Statement.push({
      Sid: id,
      Effect: "Allow",
      Principal: principal,
      Action: p["Action"],
      Resource: arn("lambda", `function:${name}`),
      ...(p["SourceArn"] ? { Condition: { ArnLike: { "aws:SourceArn": p["SourceArn"] } } } : {}),
    });
  }

  const keyOf: Record<string, string> = {};
  const keyArn = (ref: Json) => {
    const resolved = String(resolve(ref));
    return resolved.startsWith("arn:") ? resolved : arn("kms", `key/${resolved}`);
  };
  for (const [id, res] of byType("AWS::DynamoDB::Table")) {
    const sse = res.Properties?.["SSESpecification"] as { KMSMasterKeyId?: Json } | undefined;
    if (sse?.KMSMasterKeyId) keyOf[physical(id).attrs["Arn"]!] = keyArn(sse.KMSMasterKeyId);
  }
  for (const [id, res] of byType("AWS::SecretsManager::Secret")) {
    if (res.Properties?.["KmsKeyId"]) keyOf[physical(id).ref] = keyArn(res.Properties["KmsKeyId"]);
  }
  for (const [id, res] of byType("AWS::S3::Bucket")) {
    const rules = (res.Properties?.["BucketEncryption"] as { ServerSideEncryptionConfiguration?: Array<{ ServerSideEncryptionByDefault?: { KMSMasterKeyID?: Json } }> } | undefined)?.ServerSideEncryptionConfiguration ?? [];
    const key = rules.find((r) => r.ServerSideEncryptionByDefault?.KMSMasterKeyID)?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
    if (key) keyOf[physical(id).attrs["Arn"]!] = keyArn(key);
  }
  const keyPolicies = Object.fromEntries(byType("AWS::KMS::Key").map(([id, res]) => [physical(id).attrs["Arn"]!, resolve(res.Properties?.["KeyPolicy"]) as PolicyDocument]));

  const ruleArnsByPattern = Object.fromEntries(
    byType("AWS::Events::Rule").map(([id, res]) => [canonicalPattern(resolve(res.Properties?.["EventPattern"]) as Record<string, unknown>), physical(id).attrs["Arn"]!]),
  );
  const topicArns = byType("AWS::SNS::Topic").map(([id]) => physical(id).ref);

  return {
    names,
    functionRoles,
    machineRoles,
    schedulerRole: roleModel(schedulerRoleId),
    functionPolicies,
    keyOf,
    keyPolicies,
    functionEnvironments,
    ruleArnsByPattern,
    topicArns,
  };
}

/** An event pattern as a key: its fields in a fixed order. */
export function canonicalPattern(pattern: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(pattern).sort(([a], [b]) => a.localeCompare(b))));
}
