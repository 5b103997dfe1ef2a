// CDK entry point (cdk.json: "npx tsx bin/app.ts"). Environment-agnostic unless the `account`/`region`
// context keys are given, so `cdk synth` needs no AWS credentials.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { configFromContext, PlaceholderDeployError } from "../lib/constructs/config.js";
import { HirepathStack } from "../lib/hirepath-stack.js";

/** Builds the Hirepath app on `app` (tests pass an App with their own context), with cdk-nag enabled. */
export function buildApp(app: App = new App()): { app: App; stack: HirepathStack } {
  const account = app.node.tryGetContext("account") as string | undefined;
  const region = app.node.tryGetContext("region") as string | undefined;
  const stackName = (app.node.tryGetContext("stackName") as string | undefined) ?? "Hirepath";

  const stack = new HirepathStack(app, stackName, {
    config: configFromContext(app.node),
    env: account || region ? { account, region } : undefined,
  });

  // AWS Solutions checks run at synth; any unacknowledged finding fails `cdk synth`.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  try {
    buildApp().app.synth();
  } catch (error) {
    // Say what to set, without a stack trace in the way: this is the deployer's mistake, not ours.
    if (!(error instanceof PlaceholderDeployError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
