// What IAM checks for each AWS call the local functions make: the action and every resource AWS
// authorizes it against, with the extra checks that are easy to forget (the index ARN for a Query with
// IndexName, both SES ARNs, iam:PassRole for a schedule's role, KMS for what a customer-managed key
// encrypts, the issuing state machine for task-token calls). A call this map does not know is an
// error: an unmapped call would otherwise pass unchecked.
import type { IamModel } from "./model.js";

export interface AuthorizationRequest {
  action: string;
  resource: string;
  context?: Record<string, string>;
}

export interface CallDescription {
  /** SDK service id as in the client name: DynamoDB, SFN, SESv2, PinpointSMSVoiceV2, Pinpoint, Scheduler, SecretsManager, S3. */
  service: string;
  /** Operation name without "Command" (GetItem, StartExecution…). */
  operation: string;
  input: Record<string, unknown>;
}

export interface RequestMapOptions {
  model: IamModel;
  /** The state machine whose execution issued a task token. */
  issuingStateMachine(token: string): string | undefined;
  /** Account phone numbers by E.164 (the local SMS emulator's numbers), for SendTextMessage's identity. */
  phoneNumberIds: Record<string, string>;
}

export class UnmappedCallError extends Error {
  constructor(call: CallDescription) {
    super(`local IAM: no IAM mapping for ${call.service}.${call.operation}; add it to local/iam/requests.ts so the call is authorized like on AWS`);
    this.name = "UnmappedCallError";
  }
}

/** lib-dynamodb's document commands, by the DynamoDB operation they send. */
const DOCUMENT_OPERATIONS: Record<string, string> = {
  Get: "GetItem",
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  BatchGet: "BatchGetItem",
  BatchWrite: "BatchWriteItem",
  TransactGet: "TransactGetItems",
  TransactWrite: "TransactWriteItems",
};

export function requestsFor(call: CallDescription, options: RequestMapOptions): AuthorizationRequest[] {
  const { model } = options;
  const { region, accountId } = model.names;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
  const input = call.input;
  const str = (value: unknown) => (typeof value === "string" ? value : "");
  const kms = (resourceArn: string, action: string, viaService: string): AuthorizationRequest[] => {
    const key = model.keyOf[resourceArn];
    return key ? [{ action, resource: key, context: { "kms:ViaService": `${viaService}.${region}.amazonaws.com`, "kms:CallerAccount": accountId } }] : [];
  };

  switch (call.service) {
    case "DynamoDB": {
      const op = DOCUMENT_OPERATIONS[call.operation] ?? call.operation;
      const table = (name: unknown) => (str(name).startsWith("arn:") ? str(name) : arn("dynamodb", `table/${str(name)}`));
      // DynamoDB decrypts the table key with the caller's permission on the customer-managed key.
      const withKey = (requests: AuthorizationRequest[]) => {
        const tables = [...new Set(requests.map((r) => r.resource.replace(/\/index\/.*$/, "")))];
        return [...requests, ...tables.flatMap((t) => kms(t, "kms:Decrypt", "dynamodb"))];
      };
      switch (op) {
        case "GetItem":
        case "PutItem":
        case "UpdateItem":
        case "DeleteItem":
        case "DescribeTable":
          return withKey([{ action: `dynamodb:${op}`, resource: table(input["TableName"]) }]);
        case "Query":
        case "Scan": {
          const base = table(input["TableName"]);
          return withKey([{ action: `dynamodb:${op}`, resource: input["IndexName"] ? `${base}/index/${str(input["IndexName"])}` : base }]);
        }
        case "BatchGetItem":
        case "BatchWriteItem":
          return withKey(Object.keys((input["RequestItems"] ?? {}) as object).map((name) => ({ action: `dynamodb:${op}`, resource: table(name) })));
        case "TransactWriteItems": {
          // There is no TransactWriteItems action: each item is authorized as its own write.
          const items = (input["TransactItems"] ?? []) as Array<Record<string, { TableName?: string }>>;
          const kinds: Record<string, string> = { Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem", ConditionCheck: "ConditionCheckItem" };
          return withKey(
            items.flatMap((item) => Object.entries(item).filter(([k]) => kinds[k]).map(([k, v]) => ({ action: `dynamodb:${kinds[k]}`, resource: table(v.TableName) }))),
          );
        }
        case "TransactGetItems": {
          const items = (input["TransactItems"] ?? []) as Array<{ Get?: { TableName?: string } }>;
          return withKey(items.map((item) => ({ action: "dynamodb:GetItem", resource: table(item.Get?.TableName) })));
        }
      }
      break;
    }
    case "SFN": {
      switch (call.operation) {
        case "StartExecution":
          return [{ action: "states:StartExecution", resource: str(input["stateMachineArn"]) }];
        case "DescribeExecution":
        case "StopExecution":
        case "GetExecutionHistory":
          return [{ action: `states:${call.operation}`, resource: str(input["executionArn"]) }];
        case "SendTaskSuccess":
        case "SendTaskFailure":
        case "SendTaskHeartbeat": {
          // Authorized against the state machine that issued the token; an unknown token is AWS's
          // TaskDoesNotExist, which the emulator answers after IAM lets the call through on "*".
          const machine = options.issuingStateMachine(str(input["taskToken"]));
          return [{ action: `states:${call.operation}`, resource: machine ?? "*" }];
        }
      }
      break;
    }
    case "SESv2": {
      if (call.operation === "SendEmail") {
        // SES v2 authorizes the sending identity and, when one is named, the configuration set.
        const from = str(input["FromEmailAddress"]);
        const address = (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
        const identityArn = str(input["FromEmailAddressIdentityArn"]) || arn("ses", `identity/${address.slice(address.lastIndexOf("@") + 1)}`);
        const requests: AuthorizationRequest[] = [{ action: "ses:SendEmail", resource: identityArn }];
        if (input["ConfigurationSetName"]) requests.push({ action: "ses:SendEmail", resource: arn("ses", `configuration-set/${str(input["ConfigurationSetName"])}`) });
        return requests;
      }
      break;
    }
    case "PinpointSMSVoiceV2": {
      if (call.operation === "SendTextMessage") {
        const identity = str(input["OriginationIdentity"]);
        const identityArn = identity.startsWith("arn:")
          ? identity
          : identity.startsWith("pool-")
            ? arn("sms-voice", `pool/${identity}`)
            : arn("sms-voice", `phone-number/${identity.startsWith("phone-") ? identity : (options.phoneNumberIds[identity] ?? identity)}`);
        const requests: AuthorizationRequest[] = [{ action: "sms-voice:SendTextMessage", resource: identityArn }];
        // The Service Authorization Reference lists ConfigurationSet among SendTextMessage's resources.
        if (input["ConfigurationSetName"]) requests.push({ action: "sms-voice:SendTextMessage", resource: arn("sms-voice", `configuration-set/${str(input["ConfigurationSetName"])}`) });
        return requests;
      }
      break;
    }
    case "Pinpoint": {
      if (call.operation === "SendMessages") return [{ action: "mobiletargeting:SendMessages", resource: arn("mobiletargeting", `apps/${str(input["ApplicationId"])}/messages`) }];
      break;
    }
    case "Scheduler": {
      const schedule = arn("scheduler", `schedule/${str(input["GroupName"]) || "default"}/${str(input["Name"])}`);
      switch (call.operation) {
        case "CreateSchedule":
        case "UpdateSchedule": {
          const role = str((input["Target"] as { RoleArn?: string } | undefined)?.RoleArn);
          // Scheduler checks that the caller may hand the schedule's role to it.
          return [
            { action: `scheduler:${call.operation}`, resource: schedule },
            { action: "iam:PassRole", resource: role, context: { "iam:PassedToService": "scheduler.amazonaws.com" } },
          ];
        }
        case "DeleteSchedule":
        case "GetSchedule":
          return [{ action: `scheduler:${call.operation}`, resource: schedule }];
      }
      break;
    }
    case "SecretsManager": {
      if (call.operation === "GetSecretValue") {
        const secret = str(input["SecretId"]);
        return [{ action: "secretsmanager:GetSecretValue", resource: secret }, ...kms(secret, "kms:Decrypt", "secretsmanager")];
      }
      break;
    }
    case "Lambda": {
      if (call.operation === "Invoke") {
        const name = str(input["FunctionName"]);
        return [{ action: "lambda:InvokeFunction", resource: name.startsWith("arn:") ? name : arn("lambda", `function:${name}`) }];
      }
      break;
    }
    case "S3": {
      const bucketArn = `arn:aws:s3:::${str(input["Bucket"])}`;
      const object = `${bucketArn}/${str(input["Key"])}`;
      switch (call.operation) {
        case "GetObject":
          return [{ action: "s3:GetObject", resource: object }, ...kms(bucketArn, "kms:Decrypt", "s3")];
        case "PutObject":
          return [{ action: "s3:PutObject", resource: object }, ...kms(bucketArn, "kms:GenerateDataKey", "s3")];
        case "DeleteObject":
          return [{ action: "s3:DeleteObject", resource: object }];
      }
      break;
    }
  }
  throw new UnmappedCallError(call);
}
