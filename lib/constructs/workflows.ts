// The Step Functions workflows (one per ASL file in lib/state-machines.ts) and the EventBridge Scheduler
// plumbing for long gaps: a journey that must wait weeks or months ends its current execution and leaves a
// one-time schedule that starts the next stage, instead of one execution idling for half a year.
import { RemovalPolicy, Stack } from "aws-cdk-lib";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { ScheduleGroup } from "aws-cdk-lib/aws-scheduler";
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import type { FunctionId } from "../function-catalogue.js";
import { definitionSubstitutions, readDefinition, stateMachines, type StateMachineId } from "../state-machines.js";
import type { HirepathFunction } from "./hirepath-function.js";
import { acknowledge, nagGetAtt } from "./nag.js";

export interface HirepathWorkflowsProps {
  readonly prefix: string;
  readonly logRetention: RetentionDays;
  readonly functions: Readonly<Record<FunctionId, HirepathFunction>>;
}

/** The machines EventBridge Scheduler starts (RE_ENGAGEMENT_STATE_MACHINE_ARN in the schedules' target). */
export const SCHEDULE_TARGETS: readonly StateMachineId[] = ["ReEngagement"];

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

function kebab(id: string): string {
  return id.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}

/**
 * The substitutions a definition actually uses. Passing the full map would make every machine depend on
 * every function, and functions that start journeys depend on the machine: a CloudFormation cycle.
 * Also fails synth if the definition calls a function the spec does not list in `invokes` (it would
 * have no permission to invoke it) or uses a placeholder nobody provides.
 */
export function substitutionsFor(id: StateMachineId, definition: string, all: Record<string, string>): Record<string, string> {
  const spec = stateMachines[id];
  const used: Record<string, string> = {};
  for (const [, name] of definition.matchAll(PLACEHOLDER)) {
    if (name === undefined) continue;
    const value = all[name];
    if (value === undefined) throw new Error(`State machine ${id}: \${${name}} in ${spec.file} has no definition substitution`);
    const fn = name.replace(/FunctionArn$/, "");
    if (!(spec.invokes as readonly string[]).includes(fn)) {
      throw new Error(`State machine ${id}: ${spec.file} calls ${fn} but lib/state-machines.ts does not list it in invokes`);
    }
    used[name] = value;
  }
  return used;
}

export class HirepathWorkflows extends Construct {
  readonly machines: Record<StateMachineId, StateMachine>;
  readonly scheduleGroup: ScheduleGroup;
  /** The role EventBridge Scheduler assumes to start the next stage of a journey. */
  readonly schedulerRole: Role;

  constructor(scope: Construct, id: string, props: HirepathWorkflowsProps) {
    super(scope, id);
    const { functions } = props;
    const allSubstitutions = definitionSubstitutions((fn) => functions[fn].function.functionArn);

    const machines = {} as Record<StateMachineId, StateMachine>;
    for (const machineId of Object.keys(stateMachines) as StateMachineId[]) {
      const spec = stateMachines[machineId];
      const name = `${props.prefix}-${kebab(machineId)}`;
      const definition = readDefinition(machineId);

      const logGroup = new LogGroup(this, `${machineId}Logs`, {
        // The /aws/vendedlogs/ prefix keeps CloudWatch's log resource policy from growing per machine.
        logGroupName: `/aws/vendedlogs/states/${name}`,
        retention: props.logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      });

      const machine = new StateMachine(this, machineId, {
        stateMachineName: name,
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromString(definition),
        definitionSubstitutions: substitutionsFor(machineId, definition, allSubstitutions),
        logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
        tracingEnabled: true,
      });

      // Explicit grants for exactly the functions this machine invokes (fromString gets no automatic grants).
      for (const fnId of spec.invokes) {
        const fn = functions[fnId].function;
        fn.grantInvoke(machine);
        acknowledge(
          machine.role,
          `AwsSolutions-IAM5[Resource::${nagGetAtt(fn.node.defaultChild as CfnFunction)}:*]`,
          `grantInvoke adds "<${fnId} ARN>:*" so the machine may also invoke published versions and aliases of ${fnId}, and only of that function.`,
        );
      }

      acknowledge(
        machine.role,
        "AwsSolutions-IAM5[Resource::*]",
        "Step Functions logging to CloudWatch Logs uses the log-delivery APIs (logs:CreateLogDelivery, PutResourcePolicy, DescribeLogGroups…) and X-Ray tracing uses xray:PutTraceSegments/GetSamplingRules; none of these support resource-level permissions, so AWS requires Resource \"*\".",
      );
      machines[machineId] = machine;
    }
    this.machines = machines;

    this.scheduleGroup = new ScheduleGroup(this, "ScheduleGroup", {
      scheduleGroupName: props.prefix,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const account = Stack.of(this).account;
    this.schedulerRole = new Role(this, "SchedulerRole", {
      description: "Hirepath: EventBridge Scheduler starts the next stage of a journey after a long gap",
      // Confused-deputy guard: only Scheduler acting for this account may assume the role.
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", { conditions: { StringEquals: { "aws:SourceAccount": account } } }),
    });
    // Only the machines a schedule targets: re-engagement months after a stalled or declined offer.
    this.schedulerRole.addToPolicy(
      new PolicyStatement({
        actions: ["states:StartExecution"],
        resources: SCHEDULE_TARGETS.map((id) => machines[id].stateMachineArn),
      }),
    );
  }
}
