import { DescribeExecutionCommand, ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { JourneyStarter } from "../core/shared/ports.js";
import type { InterviewWorkflows } from "../core/interview/interview-ports.js";
import { ConcurrentChangeError } from "../core/shared/errors.js";
import { translateSendError } from "./aws-errors.js";
import { clientConfig, withLocalHooks, once, type RuntimeEnv } from "./client-config.js";

/** arn:aws:states:r:a:stateMachine:M + name → arn:aws:states:r:a:execution:M:name */
export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

const sameJson = (a: string | undefined, b: string) => {
  try {
    return JSON.stringify(JSON.parse(a ?? "null")) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
};

export class SfnJourneyStarter implements JourneyStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async startJourney(name: string, input: Record<string, unknown>): Promise<string> {
    const body = JSON.stringify(input);
    try {
      // Standard workflows treat a repeated name with identical input as the same execution while
      // it runs, which is what makes a retried intake start nothing new.
      const out = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: body }));
      return out.executionArn!;
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) translateSendError("Step Functions", error);
    }
    // Once the execution has closed, AWS answers ExecutionAlreadyExists even for the same input. A
    // retry after a crash can land here; the journey did start, so this is success, not a conflict.
    const executionArn = executionArnFor(this.stateMachineArn, name);
    // Only "no such execution" means absent; anything else (an AccessDenied above all) is an error to
    // surface, not a conflict to report: swallowing it turned a missing grant into a 409.
    const existing = await this.client.send(new DescribeExecutionCommand({ executionArn })).catch((e: unknown) => {
      if ((e as { name?: string }).name === "ExecutionDoesNotExist") return undefined;
      return translateSendError("Step Functions", e);
    });
    if (existing && sameJson(existing.input, body)) return executionArn;
    throw new ConcurrentChangeError(`journey ${name} already exists with different input`);
  }
}

export function journeysFrom(env: RuntimeEnv & { JOURNEY_STATE_MACHINE_ARN: string }): JourneyStarter {
  return once(`sfn:${env.JOURNEY_STATE_MACHINE_ARN}`, () => new SfnJourneyStarter(withLocalHooks(new SFNClient(clientConfig(env, "sfn"))), env.JOURNEY_STATE_MACHINE_ARN));
}

function starterFor(env: RuntimeEnv, stateMachineArn: string): JourneyStarter {
  return once(`sfn:${stateMachineArn}`, () => new SfnJourneyStarter(withLocalHooks(new SFNClient(clientConfig(env, "sfn"))), stateMachineArn));
}

export function interviewJourneysFrom(
  env: RuntimeEnv & {
    INTERVIEW_STATE_MACHINE_ARN: string;
    INTERVIEW_CHANGE_NOTICE_STATE_MACHINE_ARN: string;
    INTERVIEW_PRIORITY_SLA_STATE_MACHINE_ARN: string;
    INTERVIEW_SCHEDULING_LINK_STATE_MACHINE_ARN: string;
  },
): InterviewWorkflows {
  return {
    journey: starterFor(env, env.INTERVIEW_STATE_MACHINE_ARN),
    changeNotice: starterFor(env, env.INTERVIEW_CHANGE_NOTICE_STATE_MACHINE_ARN),
    prioritySla: starterFor(env, env.INTERVIEW_PRIORITY_SLA_STATE_MACHINE_ARN),
    schedulingLink: starterFor(env, env.INTERVIEW_SCHEDULING_LINK_STATE_MACHINE_ARN),
  };
}

export function importWorkflowFrom(env: RuntimeEnv & { TALENT_IMPORT_STATE_MACHINE_ARN: string }): JourneyStarter {
  return once(`sfn:${env.TALENT_IMPORT_STATE_MACHINE_ARN}`, () => new SfnJourneyStarter(withLocalHooks(new SFNClient(clientConfig(env, "sfn"))), env.TALENT_IMPORT_STATE_MACHINE_ARN));
}

export function callFollowUpsFrom(env: RuntimeEnv & { CALL_FOLLOW_UP_STATE_MACHINE_ARN: string }): JourneyStarter {
  return starterFor(env, env.CALL_FOLLOW_UP_STATE_MACHINE_ARN);
}

export function recallJourneysFrom(env: RuntimeEnv & { RECALL_STATE_MACHINE_ARN: string }): JourneyStarter {
  return once(`sfn:${env.RECALL_STATE_MACHINE_ARN}`, () => new SfnJourneyStarter(withLocalHooks(new SFNClient(clientConfig(env, "sfn"))), env.RECALL_STATE_MACHINE_ARN));
}
