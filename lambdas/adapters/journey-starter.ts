import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { JourneyStarter } from "../core/ports.js";
import { ConcurrentChangeError } from "../core/errors.js";
import { translateSendError } from "./aws-errors.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";

export class SfnJourneyStarter implements JourneyStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async startJourney(name: string, input: Record<string, unknown>): Promise<string> {
    try {
      // Standard workflows treat a repeated name with identical input as the same execution,
      // which is what makes a retried intake start nothing new.
      const out = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }));
      return out.executionArn!;
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) throw new ConcurrentChangeError(`journey ${name} already exists with different input`);
      translateSendError("Step Functions", error);
    }
  }
}


export function journeysFrom(env: RuntimeEnv & { JOURNEY_STATE_MACHINE_ARN: string }): JourneyStarter {
  return once(`sfn:${env.JOURNEY_STATE_MACHINE_ARN}`, () => new SfnJourneyStarter(new SFNClient(clientConfig(env, "sfn")), env.JOURNEY_STATE_MACHINE_ARN));
}

export function interviewJourneysFrom(env: RuntimeEnv & { INTERVIEW_STATE_MACHINE_ARN: string }): JourneyStarter {
  return once(`sfn:${env.INTERVIEW_STATE_MACHINE_ARN}`, () => new SfnJourneyStarter(new SFNClient(clientConfig(env, "sfn")), env.INTERVIEW_STATE_MACHINE_ARN));
}
