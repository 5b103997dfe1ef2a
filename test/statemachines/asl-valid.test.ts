// Every ASL file is checked after the same substitutions CDK applies: by asl-validator, by the
// local engine's registration checks (asl-validator extended for JSONata, plus its refusals), and
// by our own rules: unique state names and an explicit TimeoutSeconds on every Task.
import { readdirSync, readFileSync } from "node:fs";
import aslValidator from "asl-validator";
import { compileDefinition } from "../../local/sfn/asl.js";
import { describe, expect, it } from "vitest";
import { functionName, type FunctionId } from "../../lib/function-catalogue.js";
import { definitionSubstitutions, stateMachines, substitute } from "../../lib/state-machines.js";

const files = readdirSync(new URL("../../statemachines/", import.meta.url)).filter((f) => f.endsWith(".asl.json"));
const substitutions = definitionSubstitutions((fn: FunctionId) => `arn:aws:lambda:us-east-1:123456789012:function:${functionName(fn)}`);

type State = { Type: string; TimeoutSeconds?: number; TimeoutSecondsPath?: string; Branches?: { States: Record<string, State> }[]; ItemProcessor?: { States: Record<string, State> }; Iterator?: { States: Record<string, State> } };
function allStates(states: Record<string, State>): Array<[string, State]> {
  return Object.entries(states).flatMap(([name, s]) => [
    [name, s] as [string, State],
    ...(s.Branches ?? []).flatMap((b) => allStates(b.States)),
    ...(s.ItemProcessor ? allStates(s.ItemProcessor.States) : []),
    ...(s.Iterator ? allStates(s.Iterator.States) : []),
  ]);
}

describe("state machine definitions", () => {
  it("has a file for every declared state machine and vice versa", () => {
    expect(files.sort()).toEqual(Object.values(stateMachines).map((s) => s.file.replace("statemachines/", "")).sort());
  });

  for (const file of files) {
    const text = readFileSync(new URL(`../../statemachines/${file}`, import.meta.url), "utf8");
    const definition = JSON.parse(substitute(text, substitutions)) as { States: Record<string, State> };

    it(`${file} is valid ASL`, () => {
      const { isValid, errors } = aslValidator(definition);
      expect(errors).toEqual([]);
      expect(isValid).toBe(true);
    });

    it(`${file} registers on the local engine`, () => {
      expect(() => compileDefinition(file, definition)).not.toThrow();
    });

    it(`${file} has unique state names across branches`, () => {
      const names = allStates(definition.States).map(([n]) => n);
      expect(names.length).toBe(new Set(names).size);
    });

    it(`${file} sets TimeoutSeconds on every Task (AWS's default is 99,999,999 s: no journey should wait that long by accident)`, () => {
      const missing = allStates(definition.States).filter(([, s]) => s.Type === "Task" && s.TimeoutSeconds === undefined && s.TimeoutSecondsPath === undefined);
      expect(missing.map(([n]) => n)).toEqual([]);
    });
  }
});
