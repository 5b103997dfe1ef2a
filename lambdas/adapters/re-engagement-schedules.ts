// EventBridge Scheduler one-time schedules (`at()`) that start the re-engagement workflow months
// later. Visible in the console and through the HR API, and cancellable (DeleteSchedule).
import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from "@aws-sdk/client-scheduler";
import type { ReEngagementSchedules } from "../core/shared/ports.js";
import { translateSendError } from "./aws-errors.js";
import { clientConfig, withLocalHooks, once, type RuntimeEnv } from "./client-config.js";

export interface ScheduleTargetConfig {
  group: string;
  stateMachineArn: string;
  roleArn: string;
}

/** `at()` takes local date-time without zone; with ScheduleExpressionTimezone UTC it is exact. */
const atExpression = (at: Date) => `at(${at.toISOString().slice(0, 19)})`;

const isNotFound = (e: unknown) => e instanceof ResourceNotFoundException || (e as { name?: string })?.name === "ResourceNotFoundException";

export class SchedulerReEngagementSchedules implements ReEngagementSchedules {
  constructor(
    private readonly client: SchedulerClient,
    private readonly target: ScheduleTargetConfig,
  ) {}

  async schedule(name: string, at: Date, input: Record<string, unknown>): Promise<void> {
    const request = {
      Name: name,
      GroupName: this.target.group,
      ScheduleExpression: atExpression(at),
      ScheduleExpressionTimezone: "UTC",
      FlexibleTimeWindow: { Mode: "OFF" as const },
      // The schedule removes itself once it has fired: nothing lingers in the group.
      ActionAfterCompletion: "DELETE" as const,
      Target: { Arn: this.target.stateMachineArn, RoleArn: this.target.roleArn, Input: JSON.stringify(input) },
    };
    try {
      await this.client.send(new CreateScheduleCommand(request));
    } catch (error) {
      if (!(error instanceof ConflictException || (error as { name?: string })?.name === "ConflictException")) translateSendError("EventBridge Scheduler", error);
      // Rescheduling: replace the existing one-time schedule.
      await this.cancel(name);
      await this.client.send(new CreateScheduleCommand(request)).catch((e: unknown) => translateSendError("EventBridge Scheduler", e));
    }
  }

  async cancel(name: string): Promise<boolean> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.target.group }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      translateSendError("EventBridge Scheduler", error);
    }
  }
}

export function reEngagementSchedulesFrom(env: RuntimeEnv & { SCHEDULE_GROUP_NAME: string; RE_ENGAGEMENT_STATE_MACHINE_ARN: string; SCHEDULER_ROLE_ARN: string }): ReEngagementSchedules {
  return once(`schedules:${env.SCHEDULE_GROUP_NAME}`, () =>
    new SchedulerReEngagementSchedules(withLocalHooks(new SchedulerClient(clientConfig(env, "scheduler"))), { group: env.SCHEDULE_GROUP_NAME, stateMachineArn: env.RE_ENGAGEMENT_STATE_MACHINE_ARN, roleArn: env.SCHEDULER_ROLE_ARN }),
  );
}
