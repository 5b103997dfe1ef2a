// `npm start`: the whole of Hirepath in one process, with no AWS account.
import { startLocalStack } from "../local/stack.js";
import { DEMO_REQUISITION_ID } from "../local/seed.js";
import { webhookSources } from "../lambdas/core/intake/webhook-intake.js";
import { ERASURE_CRASH_POINTS, type ErasureCrashPoint } from "../local/privacy/local-copies.js";

const dataDir = process.env.HIREPATH_DATA_DIR ?? ".data";
const appPort = Number(process.env.PORT ?? 3000);
// Journey time (one clock for the whole process, local/clock). Default: an hour passes in a minute,
// so the tour's SMS nudge shows up while you watch. It continues from <dataDir>/clock.json after a restart.
const timeScale = Number(process.env.HIREPATH_TIME_SCALE ?? 60);
// Time-skipping: whenever nothing is runnable, jump to the next timer (a six-month journey in seconds).
const timeSkip = process.env.HIREPATH_TIME_SKIP === "1";
// Start with journey time stopped; move it with POST /local/clock.
const clockPaused = process.env.HIREPATH_CLOCK_PAUSED === "1";
// Where journey time begins in a fresh data directory (ISO instant); default: the wall.
const clockStart = process.env.HIREPATH_CLOCK_START ? Date.parse(process.env.HIREPATH_CLOCK_START) : undefined;
if (clockStart !== undefined && Number.isNaN(clockStart)) throw new Error(`HIREPATH_CLOCK_START must be an ISO instant, got "${process.env.HIREPATH_CLOCK_START}"`);
const quiet = process.env.HIREPATH_QUIET === "1";
// Crash tests: kill -9 this process when an erasure reaches a step (test/e2e/erasure-crash.test.ts).
const crashAt = process.env.HIREPATH_CRASH_AT as ErasureCrashPoint | undefined;
if (crashAt && !ERASURE_CRASH_POINTS.includes(crashAt)) throw new Error(`HIREPATH_CRASH_AT must be one of ${ERASURE_CRASH_POINTS.join(", ")}, not "${crashAt}"`);

const stack = await startLocalStack({
  dataDir,
  appPort,
  awsPort: Number(process.env.HIREPATH_AWS_PORT ?? 0),
  timeScale,
  timeSkip,
  clockPaused,
  ...(clockStart !== undefined ? { clockStart } : {}),
  ...(process.env.HIREPATH_NUDGE_AFTER_SECONDS ? { nudgeAfterSeconds: Number(process.env.HIREPATH_NUDGE_AFTER_SECONDS) } : {}),
  ...(process.env.HIREPATH_EVENT_DELAY_MS ? { eventDelayMs: Number(process.env.HIREPATH_EVENT_DELAY_MS) } : {}),
  ...(process.env.HIREPATH_SMS_PROVIDER === "pinpoint" ? { smsProvider: "pinpoint" as const } : {}),
  ...(crashAt ? { crashAt } : {}),
  log: (line) => {
    if (!quiet) console.log(`[local] ${line}`);
  },
});

const u = stack.appUrl;
const secret = stack.secrets.webhookSecrets.generic;
console.log(`
Hirepath is running locally (data in ${dataDir}, journey time ×${timeScale}${timeSkip ? ", time-skipping" : ""}${clockPaused ? ", paused" : ""}: ${stack.clock.state().now}).

  Outbox (emails and SMS):   ${u}/outbox
  HR console (sign in):      ${u}/hr/console/search
  HR API:                    ${u}/hr/...
  Webhooks:                  POST ${u}/webhooks/{source}, source one of ${webhookSources.join(", ")}
                             (their secrets: ${dataDir}/secrets.json)
  IAM:                       ${stack.iam ? `on: every AWS call is authorized against the deployed roles (${Math.round(stack.iam.ms)} ms at startup)` : "OFF"}
  AWS stand-ins:             ${stack.awsEndpoint} (Step Functions, Scheduler, SES v2, SMS, Pinpoint, Secrets Manager)
  DynamoDB (dynalite):       ${stack.dynamoEndpoint}
  Journey time:              curl ${u}/local/clock; move it: curl -X POST ${u}/local/clock -d '{"advance":"PT1H"}'
                             (or {"to":"<ISO>"}, {"skip":"next"}, {"scale":600}, {"paused":true})

Get a token for a role (admin, recruiter, hiring-manager, executive):
  TOKEN=$(curl -s '${u}/local/auth/token?role=recruiter' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
  curl -s -H "Authorization: Bearer $TOKEN" ${u}/hr/candidates

Post a signed application webhook (secret for source "generic": ${secret}):
  BODY='{"event":"application.created","candidate":{"name":"王小明","email":"xiaoming@example.com","phone":"13800138000","locale":"zh-CN","timeZone":"Asia/Shanghai"},"application":{"requisitionId":"${DEMO_REQUISITION_ID}","resumeText":"5年SaaS大客户销售经验","yearsExperience":5,"location":"上海"}}'
  TS=$(date +%s); SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac '${secret}' -hex | sed 's/^.* //')
  curl -s -X POST ${u}/webhooks/generic -H 'content-type: application/json' \\
    -H "X-Hirepath-Signature: v2=$SIG" -H "X-Hirepath-Delivery: demo-$TS" -H "X-Hirepath-Timestamp: $TS" -d "$BODY"
`);

if (crashAt) console.log(`CRASH SWITCH ARMED (HIREPATH_CRASH_AT=${crashAt}): this process kills itself with SIGKILL when an erasure reaches that step.\n`);
if (!stack.iam) {
  console.log("!!! LOCAL IAM IS OFF (HIREPATH_LOCAL_IAM=off): AWS calls are NOT checked against the deployed roles; a call AWS would deny succeeds here. !!!\n");
}

// Tests and scripts wait for this line.
console.log(`hirepath: ready at ${u}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log("\nStopping; in-flight journeys resume on the next start.");
    void stack.close().then(() => process.exit(0));
  });
}
