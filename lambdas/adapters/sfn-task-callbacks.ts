// SendTaskSuccess for the offer journey's callback tasks. A token that is no longer open (the wait
// timed out and was re-registered, or another caller completed it first) is an expected race, not
// an error: the caller's state in DynamoDB already decides what the workflow sees next.
import { SendTaskSuccessCommand, SFNClient } from "@aws-sdk/client-sfn";
import type { TaskCallbacks } from "../core/shared/ports.js";
import { translateSendError } from "./aws-errors.js";
import { clientConfig, withLocalHooks, once, type RuntimeEnv } from "./client-config.js";

const CLOSED_TOKEN = new Set(["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"]);

export class SfnTaskCallbacks implements TaskCallbacks {
  constructor(private readonly client: SFNClient) {}

  async succeed(taskToken: string, output: Record<string, unknown>): Promise<boolean> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return true;
    } catch (error) {
      if (CLOSED_TOKEN.has((error as { name?: string })?.name ?? "")) return false;
      translateSendError("Step Functions", error);
    }
  }
}

export function taskCallbacksFrom(env: RuntimeEnv): TaskCallbacks {
  return once("sfn-callbacks", () => new SfnTaskCallbacks(withLocalHooks(new SFNClient(clientConfig(env, "sfn")))));
}
