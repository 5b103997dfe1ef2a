import { readFileSync } from "node:fs";
import { App } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { buildApp } from "../../bin/app.ts";
const cdkJson = JSON.parse(readFileSync("/work/main/cdk.json", "utf8"));
const app = new App({ context: { ...cdkJson.context, "aws:cdk:bundling-stacks": [] , ...(process.env.CTX ? JSON.parse(process.env.CTX) : {}) }, outdir: "/tmp/hp/out" });
const { stack } = buildApp(app);
const report = new AwsSolutionsChecks().validateScope(app);
for (const v of report.violations) console.log(v.severity, v.ruleName, v.violatingResources.map(r => r.constructPath).join(", "));
try { app.synth(); console.log("SYNTH OK"); } catch (e) { console.log("SYNTH FAIL", String(e).slice(0, 3000)); }
