// Stops journeys (erasure). An execution that already ended is fine: there is nothing to stop.
import { DescribeExecutionCommand, SFNClient, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { clientConfig, withLocalHooks, once, type RuntimeEnv } from "./client-config.js";

import type { JourneyStopper } from "../core/privacy/erasure.js";

export class SfnJourneyStopper implements JourneyStopper {
  constructor(private readonly client: SFNClient) {}

  async stopJourney(executionArn: string, cause: string): Promise<"stopped" | "not-running"> {
    try {
      // Only a running execution can be stopped; a finished one reports what it is.
      const current = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      if (current.status !== "RUNNING") return "not-running";
      await this.client.send(new StopExecutionCommand({ executionArn, error: "CandidateErased", cause }));
      return "stopped";
    } catch (e) {
      const name = (e as { name?: string }).name ?? "";
      if (name === "ExecutionDoesNotExist" || name === "ExecutionNotRunning" || /not running|already/i.test((e as Error).message)) return "not-running";
      throw e;
    }
  }
}

export function journeyStopperFrom(env: RuntimeEnv): JourneyStopper {
  return once("sfn-stopper", () => new SfnJourneyStopper(withLocalHooks(new SFNClient(clientConfig(env, "sfn")))));
}
