import { DescribeExecutionCommand, ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { executionArnFor, SfnJourneyStarter } from "../../lambdas/adapters/journey-starter.js";

const sfn = mockClient(SFNClient);
const machine = "arn:aws:states:us-east-1:123456789012:stateMachine:hirepath-application-journey";
const starter = new SfnJourneyStarter(new SFNClient({ region: "us-east-1" }), machine);
const alreadyExists = () => new ExecutionAlreadyExists({ message: "Execution Already Exists", $metadata: {} });

beforeEach(() => sfn.reset());

describe("starting a journey", () => {
  it("treats a closed execution with the same input as already started (a retry after a crash)", async () => {
    sfn.on(StartExecutionCommand).rejects(alreadyExists());
    sfn.on(DescribeExecutionCommand).resolves({ input: '{"a":1}', status: "SUCCEEDED" });
    expect(await starter.startJourney("app-1", { a: 1 })).toBe(executionArnFor(machine, "app-1"));
  });

  it("reports a conflict when the existing execution has different input", async () => {
    sfn.on(StartExecutionCommand).rejects(alreadyExists());
    sfn.on(DescribeExecutionCommand).resolves({ input: '{"a":2}', status: "RUNNING" });
    await expect(starter.startJourney("app-1", { a: 1 })).rejects.toMatchObject({ name: "ConcurrentChangeError" });
  });

  it("builds the execution ARN from the machine ARN", () => {
    expect(executionArnFor(machine, "app-9")).toBe("arn:aws:states:us-east-1:123456789012:execution:hirepath-application-journey:app-9");
  });
});
