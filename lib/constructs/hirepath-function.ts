// One Lambda function from the catalogue. The environment is typed from the function's zod schema (the
// same schema the handler parses process.env with at cold start) and validated again at synth time, so
// infrastructure and handler cannot disagree about a variable's name or shape.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Duration, RemovalPolicy, Stack, Token } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Code, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { z } from "zod";
import { functionName, type FunctionId, type FunctionSpec } from "../function-catalogue.js";
import { repoRoot } from "../state-machines.js";
import { acknowledge } from "./nag.js";

/** Lambda environment values are strings; keep literal unions (enums) from the schema, coerce the rest to string. */
type EnvValue<V> = [V] extends [string | undefined] ? V : string;

/**
 * The `environment` a function must be given: exactly the schema's input keys, with the schema's
 * optionality (keys with a default may be omitted), as strings.
 */
export type LambdaEnvironment<S extends z.ZodType> = { [K in keyof z.input<S>]: EnvValue<z.input<S>[K]> };

/** Runtime plumbing the construct adds itself; handlers never read these, so they are not in the schemas. */
const RUNTIME_ENVIRONMENT = {
  // Stack traces point at the TypeScript sources via the bundle's source map.
  NODE_OPTIONS: "--enable-source-maps",
} as const;

// Placeholder used only when bundling is skipped for this stack (infra tests, `cdk synth` of other
// stacks) and the handler module does not exist yet; a skipped-bundling asset is not deployable anyway.
const SKIPPED_BUNDLING_PLACEHOLDER = "exports.handler = async () => { throw new Error('bundling was skipped at synth'); };";

/**
 * Validates an environment against its schema at synth time. Literal values get the schema's full check
 * (format, enum, URL…). Values that are CDK tokens (ARNs, names, URLs of resources in this stack) are
 * unknown until deploy, so for them only presence is checked. Throws naming every offending variable.
 */
export function validateEnvironment(owner: string, schema: z.ZodType, environment: Readonly<Record<string, unknown>>): Record<string, string> {
  const problems: string[] = [];
  const tokenKeys = new Set<string>();
  const values: Record<string, string> = {};

  for (const [name, value] of Object.entries(environment)) {
    if (value === undefined) continue;
    if (typeof value !== "string") {
      problems.push(`${name}: Lambda environment values must be strings, got ${typeof value}`);
      continue;
    }
    if (Token.isUnresolved(value)) tokenKeys.add(name);
    values[name] = value;
  }

  // A name the schema does not know is a typo or a stale variable: the handler would silently ignore it.
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  if (shape) {
    for (const name of Object.keys(values)) {
      if (!(name in shape)) problems.push(`${name}: not a variable of this function's env schema`);
    }
  }

  const result = schema.safeParse(values);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = issue.path.map(String).join(".");
      // A token cannot be format-checked; it is present, which is all that can be known at synth.
      if (tokenKeys.has(String(issue.path[0]))) continue;
      problems.push(`${name || "(environment)"}: ${issue.message}`);
    }
  }

  if (problems.length > 0) {
    throw new Error(`HirepathFunction "${owner}": invalid environment — ${problems.join("; ")}`);
  }
  return values;
}

export interface HirepathFunctionProps<S extends z.ZodType> {
  /** The catalogue entry: entry file, env schema, memory, timeout, description. */
  readonly spec: FunctionSpec<S>;
  /** Typed from `spec.env`; validated against it at synth. */
  readonly environment: LambdaEnvironment<S>;
  readonly logRetention: RetentionDays;
  /** Physical-name prefix (see functionName in the catalogue). */
  readonly prefix: string;
}

export class HirepathFunction<S extends z.ZodType = z.ZodType> extends Construct {
  readonly function: NodejsFunction;
  /** The function's own role: per-function least privilege, no AWS-managed policies. */
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly spec: FunctionSpec<S>;

  constructor(scope: Construct, id: string, props: HirepathFunctionProps<S>) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    const environment = validateEnvironment(spec.id, spec.env, props.environment as Record<string, unknown>);
    const name = functionName(spec.id as FunctionId, props.prefix);

    // An explicit log group gives the retention a home and means the role never needs logs:CreateLogGroup.
    this.logGroup = new LogGroup(this, "Logs", {
      logGroupName: `/aws/lambda/${name}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Not AWSLambdaBasicExecutionRole: that managed policy allows creating and writing to *any* log group
    // in the account. This role may only write streams and events to this function's own log group.
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Hirepath ${spec.id}: ${spec.description}`.slice(0, 1000),
    });
    this.logGroup.grantWrite(this.role);

    const entry = join(repoRoot, spec.entry);
    const placeholder = !Stack.of(this).bundlingRequired && !existsSync(entry);

    this.function = new NodejsFunction(this, "Function", {
      functionName: name,
      description: spec.description,
      entry,
      handler: placeholder ? "index.handler" : "handler",
      code: placeholder ? Code.fromInline(SKIPPED_BUNDLING_PLACEHOLDER) : undefined,
      depsLockFilePath: join(repoRoot, "package-lock.json"),
      projectRoot: repoRoot,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { ...environment, ...RUNTIME_ENVIRONMENT },
      bundling: {
        format: OutputFormat.ESM,
        target: "node24",
        minify: true,
        sourceMap: true,
        // Source maps keep file:line for stack traces; embedding the sources would double the bundle size.
        sourcesContent: false,
        mainFields: ["module", "main"],
        // The nodejs24.x runtime ships AWS SDK v3, so bundling it only makes cold starts slower.
        externalModules: ["@aws-sdk/*"],
        // ESM bundles have no `require`; some dependencies still call it for Node built-ins.
        banner: "import { createRequire as __hirepathCreateRequire } from 'node:module'; const require = __hirepathCreateRequire(import.meta.url);",
        // Files a function serves as they are (the API reference's Swagger UI), copied beside the bundle.
        ...(spec.assets?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [`mkdir -p "${outputDir}/docs-assets"`, ...spec.assets!.map((file) => `cp "${inputDir}/node_modules/${file}" "${outputDir}/docs-assets/"`)],
              },
            }
          : {}),
      },
    });

    acknowledge(
      this.role,
      "AwsSolutions-IAM5[Resource::*]",
      "Active X-Ray tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which do not support resource-level permissions, so AWS requires Resource \"*\" for them; infra tests assert that X-Ray actions are the only ones granted on \"*\".",
    );
  }
}
