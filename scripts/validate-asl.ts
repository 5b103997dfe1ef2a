// `npm run validate:asl`: checks every workflow file the way the local engine registers it
// (asl-validator 4, extended where it lags AWS for JSONata, plus the engine's own refusals),
// after the same substitutions CDK applies. Exits non-zero listing every problem.
import { compileDefinition, InvalidDefinitionError } from "../local/sfn/asl.js";
import { functionName, type FunctionId } from "../lib/function-catalogue.js";
import { definitionSubstitutions, readDefinition, stateMachines, substitute, type StateMachineId } from "../lib/state-machines.js";

const substitutions = definitionSubstitutions((fn: FunctionId) => `arn:aws:lambda:us-east-1:123456789012:function:${functionName(fn)}`);
let failed = 0;
for (const id of Object.keys(stateMachines) as StateMachineId[]) {
  try {
    compileDefinition(id, JSON.parse(substitute(readDefinition(id), substitutions)));
    console.log(`ok    ${stateMachines[id].file}`);
  } catch (err) {
    failed++;
    console.log(`FAIL  ${stateMachines[id].file}\n${err instanceof InvalidDefinitionError ? err.problems.map((p) => `      - ${p}`).join("\n") : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
