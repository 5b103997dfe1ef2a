// The whole Hirepath deployment in one stack: data, messaging, the HTTP API with its HR user pool, one
// Lambda function per catalogue entry, the journey state machine(s) and the scheduler plumbing.
// Settings come in as a validated HirepathConfig (see lib/constructs/config.ts for the context keys).
import { ArnFormat, CfnOutput, Duration, Lazy, Stack, Tags, type CfnElement, type StackProps } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { z } from "zod";
import { functionCatalogue, functionIds, type FunctionId, type FunctionSpec, type TableAccess, tableActionsOf } from "./function-catalogue.js";
import type { StateMachineId } from "./state-machines.js";
import type { HirepathConfig } from "./constructs/config.js";
import { FILES_PREFIX, HirepathData } from "./constructs/data.js";
import { HirepathFunction, type LambdaEnvironment } from "./constructs/hirepath-function.js";
import { CALLER_RATE_LIMIT_PER_MINUTE, HirepathApi } from "./constructs/http-api.js";
import { HirepathMessaging } from "./constructs/messaging.js";
import { acknowledge } from "./constructs/nag.js";
import { HirepathWorkflows } from "./constructs/workflows.js";

/** Each function's environment, typed from its own zod schema: a missing or misspelt variable is a compile error. */
export type FunctionEnvironments = { [K in FunctionId]: LambdaEnvironment<(typeof functionCatalogue)[K]["env"]> };

/** The machine that `needs: startJourney` functions start (JOURNEY_STATE_MACHINE_ARN). */
export const JOURNEY_MACHINE: StateMachineId = "ApplicationJourney";
/** The machine that `needs: startOfferJourney` functions start and `completeOfferTasks` functions call back. */
export const OFFER_MACHINE: StateMachineId = "OfferJourney";
/**
 * The machines that `needs: startInterviewJourney` functions start: the journey
 * (INTERVIEW_STATE_MACHINE_ARN) and the interview's other workflows, each its own machine.
 */
export const INTERVIEW_MACHINES = {
  INTERVIEW_STATE_MACHINE_ARN: "InterviewJourney",
  INTERVIEW_CHANGE_NOTICE_STATE_MACHINE_ARN: "InterviewChangeNotice",
  INTERVIEW_PRIORITY_SLA_STATE_MACHINE_ARN: "InterviewPrioritySla",
  INTERVIEW_SCHEDULING_LINK_STATE_MACHINE_ARN: "InterviewSchedulingLink",
} as const satisfies Record<string, StateMachineId>;
/** The machine that `needs: startRecallJourney` functions start (RECALL_STATE_MACHINE_ARN); `stopJourney` may stop it too. */
export const RECALL_MACHINE: StateMachineId = "RecallJourney";
/** The machine that `needs: startCallFollowUp` functions start (CALL_FOLLOW_UP_STATE_MACHINE_ARN); `stopJourney` may stop it too. */
export const CALL_FOLLOW_UP_MACHINE: StateMachineId = "CallFollowUp";
/**
 * The journeys erasure (`needs: stopJourney`) stops: every machine whose executions the personal-data
 * registry can find for a person (application journeys, the interview's workflows, recalls, offers). The erasure
 * tests check each execution they see stopped belongs to one of these.
 */
export const ERASURE_STOPS: readonly StateMachineId[] = [JOURNEY_MACHINE, ...Object.values(INTERVIEW_MACHINES), RECALL_MACHINE, OFFER_MACHINE, CALL_FOLLOW_UP_MACHINE];

export interface HirepathStackProps extends StackProps {
  readonly config: HirepathConfig;
}

export class HirepathStack extends Stack {
  readonly config: HirepathConfig;
  readonly data: HirepathData;
  readonly messaging: HirepathMessaging;
  readonly api: HirepathApi;
  readonly functions: Readonly<Record<FunctionId, HirepathFunction>>;
  readonly workflows: HirepathWorkflows;
  readonly messageEventsDlq: Queue;

  constructor(scope: Construct, id: string, props: HirepathStackProps) {
    super(scope, id, {
      description: "Hirepath: automated candidate journeys (HTTP API, Lambda, Step Functions, DynamoDB, SES, End User Messaging SMS)",
      ...props,
    });
    const { config } = props;
    this.config = config;
    Tags.of(this).add("app", "hirepath");
    Tags.of(this).add("hirepath:prefix", config.prefix);

    this.data = new HirepathData(this, "Data", { prefix: config.prefix, logRetention: config.logRetention, pitrRecoveryDays: config.pitrRecoveryDays });
    this.messaging = new HirepathMessaging(this, "Messaging", { config });
    this.api = new HirepathApi(this, "Api", { prefix: config.prefix, logRetention: config.logRetention, featurePlan: config.cognitoFeaturePlan, ...(config.customDomain ? { customDomain: config.customDomain } : {}) });

    // Functions are built before the machines that invoke them; the machine ARN is filled in lazily for
    // the functions that start journeys (it resolves to a Ref, so CloudFormation orders them correctly).
    const journeyArn = Lazy.string({ produce: () => this.workflows.machines[JOURNEY_MACHINE].stateMachineArn });
    // The offer machine invokes OfferJourneyStep, whose role calls back into that machine: a Ref would be a
    // CloudFormation cycle, so its ARN is built from its (fixed) name instead.
    const offerArn = this.offerMachineArn();
    const scheduling = {
      SCHEDULE_GROUP_NAME: config.prefix,
      RE_ENGAGEMENT_STATE_MACHINE_ARN: this.machineArnByName("ReEngagement"),
      SCHEDULER_ROLE_ARN: Lazy.string({ produce: () => this.workflows.schedulerRole.roleArn }),
    };
    const interviewArns = Object.fromEntries(
      Object.entries(INTERVIEW_MACHINES).map(([variable, id]) => [variable, Lazy.string({ produce: () => this.workflows.machines[id].stateMachineArn })]),
    ) as Record<keyof typeof INTERVIEW_MACHINES, string>;
    const importArn = Lazy.string({ produce: () => this.workflows.machines.TalentImport.stateMachineArn });
    const recallArn = Lazy.string({ produce: () => this.workflows.machines[RECALL_MACHINE].stateMachineArn });
    const callFollowUpArn = Lazy.string({ produce: () => this.workflows.machines[CALL_FOLLOW_UP_MACHINE].stateMachineArn });

    const base = {
      TABLE_NAME: this.data.table.tableName,
      POWERTOOLS_SERVICE_NAME: "hirepath",
      HIREPATH_RUNTIME: "aws",
    } as const;
    const secrets = { SECRETS_ARN: this.data.secret.secretArn };
    const limited = { RATE_LIMIT_PER_MINUTE: String(CALLER_RATE_LIMIT_PER_MINUTE) };
    const filesUrl = `s3://${this.data.files.bucketName}/${FILES_PREFIX}`;
    const environments: FunctionEnvironments = {
      WebhookIntake: { ...base, ...limited, ...secrets, JOURNEY_STATE_MACHINE_ARN: journeyArn, FILE_STORE_URL: filesUrl },
      HrApi: {
        ...base,
        ...limited,
        ...secrets,
        ...this.api.consoleLoginEnvironment,
        FILE_STORE_URL: filesUrl,
        JOURNEY_STATE_MACHINE_ARN: journeyArn,
        OFFER_STATE_MACHINE_ARN: offerArn,
        ...scheduling,
        ...interviewArns,
        PUBLIC_BASE_URL: this.api.baseUrl,
        ...this.messaging.emailEnvironment,
        ...this.messaging.smsEnvironment,
        ...this.api.apiTokenEnvironment,
      },
      PublicLinks: { ...base, ...limited, ...secrets, ...interviewArns, RECALL_STATE_MACHINE_ARN: recallArn },
      ScreenApplication: base,
      SendMessage: {
        ...base,
        ...secrets,
        PUBLIC_BASE_URL: this.api.baseUrl,
        ...this.messaging.emailEnvironment,
        ...this.messaging.smsEnvironment,
      },
      TalentApi: {
        ...base,
        ...limited,
        ...secrets,
        RECALL_STATE_MACHINE_ARN: recallArn,
        CALL_FOLLOW_UP_STATE_MACHINE_ARN: callFollowUpArn,
        ...this.api.consoleLoginEnvironment,
        FILE_STORE_URL: filesUrl,
        PUBLIC_BASE_URL: this.api.baseUrl,
        ...this.messaging.emailEnvironment,
        ...this.messaging.smsEnvironment,
      },
      TalentFiles: { ...base, ...limited, FILE_STORE_URL: filesUrl, TALENT_IMPORT_STATE_MACHINE_ARN: importArn, ...this.api.consoleLoginEnvironment, PUBLIC_BASE_URL: this.api.baseUrl },
      TalentImportStep: { ...base, FILE_STORE_URL: filesUrl },
      CheckEngagement: base,
      RecordOutcome: base,
      // A delivery failure for good sends the message again by the other channel, with its links.
      MessageEvents: { ...base, ...secrets, PUBLIC_BASE_URL: this.api.baseUrl, ...this.messaging.emailEnvironment, ...this.messaging.smsEnvironment },
      OfferJourneyStep: {
        ...base,
        ...secrets,
        PUBLIC_BASE_URL: this.api.baseUrl,
        ...scheduling,
        EMAIL_FROM: this.messaging.emailEnvironment.EMAIL_FROM,
        SES_CONFIGURATION_SET: this.messaging.emailEnvironment.SES_CONFIGURATION_SET,
      },
      OfferLinks: { ...base, ...limited },
      ReEngagementStep: {
        ...base,
        ...secrets,
        PUBLIC_BASE_URL: this.api.baseUrl,
        ...this.messaging.emailEnvironment,
        ...this.messaging.smsEnvironment,
      },
      InterviewStep: { ...base, ...this.messaging.emailEnvironment },
      InboundSms: base,
      ApiReference: { POWERTOOLS_SERVICE_NAME: "hirepath", HIREPATH_RUNTIME: "aws" },
      RecallJourneyStep: {
        ...base,
        ...secrets,
        PUBLIC_BASE_URL: this.api.baseUrl,
        ...this.messaging.emailEnvironment,
        ...this.messaging.smsEnvironment,
      },
    };

    const functions = {} as Record<FunctionId, HirepathFunction>;
    for (const fnId of functionIds) {
      functions[fnId] = this.buildFunction(fnId, environments[fnId]);
    }
    this.functions = functions;

    this.workflows = new HirepathWorkflows(this, "Workflows", {
      prefix: config.prefix,
      logRetention: config.logRetention,
      functions,
    });

    this.grantCatalogueAccess();
    this.api.addRoutes(functions);
    this.messageEventsDlq = this.routeMessageEvents();
    this.addOutputs();
  }

  private buildFunction<K extends FunctionId>(id: K, environment: FunctionEnvironments[K]): HirepathFunction {
    // The per-id pairing of spec and environment is checked by FunctionEnvironments; here they are
    // handed to the construct generically, which re-validates the environment against spec.env at synth.
    return new HirepathFunction<z.ZodType>(this, id, {
      spec: functionCatalogue[id] as FunctionSpec,
      environment: environment as LambdaEnvironment<z.ZodType>,
      logRetention: this.config.logRetention,
      prefix: this.config.prefix,
    });
  }

  /** Least privilege per function, from the catalogue's tableAccess and needs. */
  private grantCatalogueAccess(): void {
    const { secret } = this.data;

    for (const fnId of functionIds) {
      const fn = this.functions[fnId];
      const { spec } = fn;

      // "none": a function that never touches the table (ApiReference) gets no grant at all.
      if (spec.tableAccess !== "none") this.grantTableAccess(fn, fnId, spec.tableAccess);

      for (const need of spec.needs) {
        switch (need) {
          case "secrets":
            secret.grantRead(fn.role);
            break;
          case "sendEmail":
            this.messaging.grantSendEmail(fn.role);
            break;
          case "sendSms":
            this.messaging.grantSendSms(fn.role);
            break;
          case "stopJourney": {
            for (const machineKey of ERASURE_STOPS) {
              if (machineKey === OFFER_MACHINE) {
                // The offer machine is granted by name (see the constructor for why not a Ref).
                fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["states:StopExecution", "states:DescribeExecution"], resources: [this.offerExecutionsArn()] }));
                this.acknowledgeOfferExecutions(fn, fnId, "StopExecution and DescribeExecution", "execution names are per offer submission", "erasing a candidate must stop their running offer journey");
                continue;
              }
              const machine = this.workflows.machines[machineKey];
              machine.grantExecution(fn.role, "states:StopExecution", "states:DescribeExecution");
              const machineId = Stack.of(this).resolve((machine.node.defaultChild as CfnElement).logicalId) as string;
              acknowledge(
                fn.role,
                `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}:*]`,
                `${fnId} may StopExecution and DescribeExecution on executions of the ${machineKey} machine only (execution names are per application, interview or recall, so they can't be listed in advance); erasing a candidate must stop their running journeys.`,
              );
            }
            break;
          }
          case "startJourney":
            // A retried intake whose journey already closed describes it to confirm it is the same one.
            this.grantStartAndDescribe(fn, fnId, JOURNEY_MACHINE, "application-journey", "execution names are per application", "to treat a retried intake whose journey already finished as started");
            break;
          case "startOfferJourney":
            fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["states:StartExecution"], resources: [this.offerMachineArn()] }));
            // A submission started twice describes the existing execution to tell a retry from a conflict.
            fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["states:DescribeExecution"], resources: [this.offerExecutionsArn()] }));
            this.acknowledgeOfferExecutions(fn, fnId, "DescribeExecution", "execution names are per offer submission", "to treat a submission started twice as started once");
            break;
          case "completeOfferTasks":
            // Task-token calls are authorized against the state machine that issued the token. Only
            // SendTaskSuccess: a decision always completes the wait; nothing fails it or sends heartbeats.
            fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["states:SendTaskSuccess"], resources: [this.offerMachineArn()] }));
            break;
          case "readFiles":
          case "writeFiles":
          case "deleteFiles": {
            // One statement per function, with every file operation it needs: added once, at its first file need.
            if (spec.needs.find((n) => n === "readFiles" || n === "writeFiles" || n === "deleteFiles") !== need) break;
            this.data.grantFiles(fn.role, { read: spec.needs.includes("readFiles"), write: spec.needs.includes("writeFiles"), delete: spec.needs.includes("deleteFiles") });
            acknowledge(
              fn.role,
              `AwsSolutions-IAM5[Resource::<${Stack.of(this).resolve((this.data.files.node.defaultChild as CfnElement).logicalId) as string}.Arn>/${FILES_PREFIX}/*]`,
              `${fnId} may ${spec.needs.filter((n) => n.endsWith("Files")).map((n) => n.replace("Files", "")).join(", ")} candidate files under the "${FILES_PREFIX}/" prefix of the Hirepath files bucket only; object keys are per upload, so they can't be listed in advance.`,
            );
            break;
          }
          case "manageSchedules":
            this.grantManageSchedules(fn);
            break;
          case "startInterviewJourney":
            // A booking, flag or link retried after its workflow started describes the execution to confirm it is the same one.
            for (const id of Object.values(INTERVIEW_MACHINES)) {
              this.grantStartAndDescribe(fn, fnId, id, id.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase(), "execution names are per interview version, priority flag, change or link", "to treat a retried booking, flag, change or link whose workflow already started as started once");
            }
            break;
          case "startImport":
            // An upload retried after its import closed describes the execution to confirm it is the same one.
            this.grantStartAndDescribe(fn, fnId, "TalentImport", "talent-import", "execution names are per file and attempt", "to treat a retried upload as the import it already started");
            break;
          case "startRecallJourney":
            // Starting a recall twice: a closed execution is described to confirm it is the same one.
            this.grantStartAndDescribe(fn, fnId, RECALL_MACHINE, "recall-journey", "execution names are per recall", "to treat a recall started twice as started once");
            break;
          case "startCallFollowUp":
            // A call logged twice (the same attemptKey) starts its follow-up once: a closed run is described to confirm it.
            this.grantStartAndDescribe(fn, fnId, CALL_FOLLOW_UP_MACHINE, "call-follow-up", "execution names are per call", "to treat a call logged twice as one follow-up");
            break;
          default: {
            const unknown: never = need;
            throw new Error(`Unknown catalogue need "${String(unknown)}" on ${fnId}`);
          }
        }
      }
    }
  }

  /**
   * Exactly the table actions the catalogue lists, on the table; Query on each index the function queries
   * (not "index/*"). Nothing else: no Scan, ConditionCheckItem, DescribeTable or stream reads unless listed.
   * The CMK grants are CDK's for a table reader or writer, which AWS documents for principals using a
   * table under a customer-managed key.
   */
  private grantTableAccess(fn: HirepathFunction, fnId: FunctionId, access: TableAccess): void {
    const { table } = this.data;
    const actions = tableActionsOf(access);
    const onTable = actions.map((a) => `dynamodb:${a}`);
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: onTable, resources: [table.tableArn] }));
    const indexes = access.indexes ?? [];
    if (indexes.length) {
      fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["dynamodb:Query"], resources: indexes.map((i) => `${table.tableArn}/index/${i}`) }));
    }
    const writes = actions.some((a) => a === "PutItem" || a === "UpdateItem" || a === "DeleteItem" || a === "BatchWriteItem");
    const key = this.data.key;
    if (!writes) {
      key.grant(fn.role, "kms:Decrypt", "kms:DescribeKey");
      return;
    }
    key.grant(fn.role, "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*");
    acknowledge(
      fn.role,
      "AwsSolutions-IAM5[Action::kms:ReEncrypt*]",
      `kms:ReEncrypt* is among the permissions AWS documents for a principal writing to a table under a customer-managed key: ${fnId} writes items DynamoDB encrypts with that key; the statement names only the Hirepath CMK.`,
    );
    acknowledge(
      fn.role,
      "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]",
      `kms:GenerateDataKey* is among the permissions AWS documents for a principal writing to a table under a customer-managed key: DynamoDB needs data keys to encrypt ${fnId}'s writes; the statement names only the Hirepath CMK.`,
    );
  }

  /**
   * StartExecution on one machine, plus DescribeExecution on its executions: SfnJourneyStarter
   * describes a closed execution to tell a retried start (same input) from a conflict.
   */
  private grantStartAndDescribe(fn: HirepathFunction, fnId: string, id: StateMachineId, what: string, names: string, why: string): void {
    const machine = this.workflows.machines[id];
    machine.grantStartExecution(fn.role);
    machine.grantExecution(fn.role, "states:DescribeExecution");
    const machineId = Stack.of(this).resolve((machine.node.defaultChild as CfnElement).logicalId) as string;
    acknowledge(
      fn.role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}:*]`,
      `${fnId} may DescribeExecution on executions of the ${what} machine only (${names}, so they can't be listed in advance); it needs this ${why}.`,
    );
  }

  /** The offer journey's ARN from its name (see the constructor for why not a Ref). */
  private offerMachineArn(): string {
    return this.machineArnByName(OFFER_MACHINE);
  }

  /** Every execution of the offer journey, by the machine's fixed name. */
  private offerExecutionsArn(): string {
    return Stack.of(this).formatArn({ service: "states", resource: "execution", resourceName: `${this.machineName(OFFER_MACHINE)}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  private acknowledgeOfferExecutions(fn: HirepathFunction, fnId: string, actions: string, names: string, why: string): void {
    acknowledge(
      fn.role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${this.machineName(OFFER_MACHINE)}:*]`,
      `${fnId} may ${actions} on executions of the offer-journey machine only (${names}, so they can't be listed in advance); ${why}.`,
    );
  }

  /** A machine's fixed name (HirepathWorkflows names each `<prefix>-<kebab id>`). */
  private machineName(id: StateMachineId): string {
    return `${this.config.prefix}-${id.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()}`;
  }

  /** A machine's ARN from its fixed name (HirepathWorkflows names each `<prefix>-<kebab id>`). */
  private machineArnByName(id: StateMachineId): string {
    return Stack.of(this).formatArn({ service: "states", resource: "stateMachine", resourceName: this.machineName(id), arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  /**
   * Re-engagement schedules: create, replace and delete one-time schedules in the hirepath group
   * only, and pass exactly the scheduler role, only to EventBridge Scheduler.
   */
  private grantManageSchedules(fn: HirepathFunction): void {
    const group = this.workflows.scheduleGroup.scheduleGroupName;
    const schedules = Stack.of(this).formatArn({ service: "scheduler", resource: "schedule", resourceName: `${group}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule"], resources: [schedules] }));
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["iam:PassRole"],
        resources: [this.workflows.schedulerRole.roleArn],
        conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
      }),
    );
    acknowledge(
      fn.role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${group}/*]`,
      `${fn.spec.id} creates and deletes one-time re-engagement schedules whose names are per candidate ("reengage-<candidateId>"), so it needs the hirepath schedule group's "schedule/${group}/*"; no other group is reachable.`,
    );
  }

  /** SES and SMS delivery events reach MessageEvents; whatever cannot be delivered or processed lands in a DLQ. */
  private routeMessageEvents(): Queue {
    const dlq = new Queue(this, "MessageEventsDlq", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      dlq,
      "AwsSolutions-SQS3",
      "This queue is itself the dead-letter queue: it receives message events EventBridge could not deliver and MessageEvents invocations that failed after retries, for inspection and replay; a DLQ of a DLQ would add nothing.",
    );

    const handler = this.functions.MessageEvents.function;
    // Lambda's own async retries, then the failed event (with the error) goes to the same DLQ, for
    // every function the catalogue says must not drop one (local/lambda-runtime.ts mirrors this).
    for (const id of functionIds) {
      if (functionCatalogue[id].asyncFailure !== "dlq") continue;
      this.functions[id].function.configureAsyncInvoke({ onFailure: new SqsDestination(dlq), retryAttempts: 2, maxEventAge: Duration.hours(6) });
    }
    this.messaging.routeEventsTo(handler, dlq);
    // Inbound SMS (STOP, replies) share the DLQ: an opt-out SNS could not deliver must not be lost.
    this.messaging.receiveTwoWaySmsWith(this.functions.InboundSms.function, dlq);
    return dlq;
  }

  private addOutputs(): void {
    this.api.addOutputs();
    const journey = this.workflows.machines[JOURNEY_MACHINE];
    new CfnOutput(this, "TableName", { value: this.data.table.tableName, description: "DynamoDB table" });
    new CfnOutput(this, "SecretArn", { value: this.data.secret.secretArn, description: "Secrets Manager secret (webhookSecrets, linkSigningKey)" });
    new CfnOutput(this, "JourneyStateMachineArn", { value: journey.stateMachineArn, description: "Application journey state machine" });
    new CfnOutput(this, "InterviewStateMachineArn", { value: this.workflows.machines[INTERVIEW_MACHINES.INTERVIEW_STATE_MACHINE_ARN].stateMachineArn, description: "Interview journey state machine" });
    new CfnOutput(this, "SchedulerRoleArn", {
      value: this.workflows.schedulerRole.roleArn,
      description: "Role EventBridge Scheduler assumes to start the next journey stage",
    });
    new CfnOutput(this, "ScheduleGroupName", { value: this.workflows.scheduleGroup.scheduleGroupName, description: "Schedule group for one-time journey schedules" });
    new CfnOutput(this, "EmailConfigurationSet", { value: this.messaging.emailConfigurationSet.configurationSetName, description: "SES configuration set" });
    new CfnOutput(this, "MessageEventsDlqUrl", {
      value: this.messageEventsDlq.queueUrl,
      description: "Dead-letter queue for undeliverable or failed message events",
    });
  }
}
