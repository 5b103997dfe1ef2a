// Choice rules (JSONPath) and the context object.
import { fn, type Category, type ConformanceCase } from "../runner.js";
import { DOC } from "./docs.js";

/** A Choice on one rule: "Yes" when it matches, "No" otherwise. */
const choose = (name: string, rule: Record<string, unknown>, input: unknown, matched: boolean): ConformanceCase => ({
  name,
  doc: DOC.choice,
  definition: {
    StartAt: "C",
    States: {
      C: { Type: "Choice", Choices: [{ ...rule, Next: "Yes" }], Default: "No" },
      Yes: { Type: "Pass", Result: "yes", End: true },
      No: { Type: "Pass", Result: "no", End: true },
    },
  },
  input,
  expect: { output: matched ? "yes" : "no" },
});

export const choice: Category = {
  name: "Choice rules",
  cases: [
    choose("StringEquals matches", { Variable: "$.type", StringEquals: "Private" }, { type: "Private" }, true),
    choose("NumericGreaterThanEquals inside And", { And: [{ Variable: "$.value", NumericGreaterThanEquals: 20 }, { Variable: "$.value", NumericLessThan: 30 }] }, { value: 25 }, true),
    choose("Not inverts", { Not: { Variable: "$.type", StringEquals: "Private" } }, { type: "Public" }, true),
    choose("Or matches any", { Or: [{ Variable: "$.a", BooleanEquals: true }, { Variable: "$.b", BooleanEquals: true }] }, { a: false, b: true }, true),
    choose("a type mismatch does not match", { Variable: "$.value", NumericEquals: 1 }, { value: "1" }, false),
    choose("IsNull true matches null", { Variable: "$.v", IsNull: true }, { v: null }, true),
    choose("IsNull false matches a non-null value", { Variable: "$.v", IsNull: false }, { v: 3 }, true),
    choose("IsBoolean false matches a string", { Variable: "$.v", IsBoolean: false }, { v: "true" }, true),
    choose("IsNumeric false matches a string", { Variable: "$.v", IsNumeric: false }, { v: "7" }, true),
    choose("IsString false matches a number", { Variable: "$.v", IsString: false }, { v: 7 }, true),
    choose("IsString false does not match a string", { Variable: "$.v", IsString: false }, { v: "s" }, false),
    choose("IsPresent false matches a missing field", { Variable: "$.missing", IsPresent: false }, { v: 1 }, true),
    choose("IsTimestamp recognises RFC 3339", { Variable: "$.t", IsTimestamp: true }, { t: "2016-03-14T01:59:00Z" }, true),
    choose("StringMatches uses * as a wildcard", { Variable: "$.file", StringMatches: "log-*.txt" }, { file: "log-2024-01-01.txt" }, true),
    choose("TimestampLessThan compares instants", { Variable: "$.t", TimestampLessThan: "2016-03-14T01:59:00Z" }, { t: "2016-03-14T01:58:00+00:00" }, true),
    choose("NumericEqualsPath compares two fields", { Variable: "$.a", NumericEqualsPath: "$.b" }, { a: 3, b: 3 }, true),
    {
      name: "a comparison on a missing Variable fails with States.Runtime",
      doc: DOC.choice,
      definition: { StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Variable: "$.missing", StringEquals: "x", Next: "Y" }], Default: "Y" }, Y: { Type: "Succeed" } } },
      input: {},
      expect: { error: "States.Runtime", cause: /An error occurred while executing the state 'C'.*Invalid path '\$\.missing'/ },
    },
    {
      name: "no matching rule and no Default fails with States.NoChoiceMatched",
      doc: DOC.choice,
      definition: { StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Variable: "$.v", StringEquals: "x", Next: "Y" }] }, Y: { Type: "Succeed" } } },
      input: { v: "y" },
      expect: { error: "States.NoChoiceMatched" },
    },
  ],
};

const ctx = (name: string, parameters: Record<string, unknown>, input: unknown, expect: ConformanceCase["expect"]): ConformanceCase => ({
  name,
  doc: DOC.context,
  definition: { StartAt: "Read", States: { Read: { Type: "Pass", Parameters: parameters, End: true } } },
  input,
  expect,
});

export const context: Category = {
  name: "Context object",
  cases: [
    ctx("$$.Execution.Input is the execution's input", { "in.$": "$$.Execution.Input" }, { a: 1 }, { output: { in: { a: 1 } } }),
    ctx("$$.Execution.Id and Name identify the execution", { "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name" }, {}, {
      outputSatisfies: (o) => {
        const v = o as { id: string; name: string };
        return v.id.startsWith("arn:aws:states:us-east-1:123456789012:execution:") && v.id.endsWith(`:${v.name}`);
      },
      what: "an execution ARN ending with the execution name",
    }),
    ctx("$$.StateMachine.Id and Name identify the state machine", { "id.$": "$$.StateMachine.Id", "name.$": "$$.StateMachine.Name" }, {}, {
      outputSatisfies: (o) => {
        const v = o as { id: string; name: string };
        return v.id === `arn:aws:states:us-east-1:123456789012:stateMachine:${v.name}` && v.name.startsWith("conformance-");
      },
      what: "the state machine's ARN and name",
    }),
    ctx("$$.State.Name is the current state", { "name.$": "$$.State.Name" }, {}, { output: { name: "Read" } }),
    ctx("$$.State.EnteredTime is a timestamp", { "t.$": "$$.State.EnteredTime" }, {}, {
      outputSatisfies: (o) => !Number.isNaN(Date.parse((o as { t: string }).t)),
      what: "an ISO 8601 timestamp",
    }),
    ctx("$$ holds Execution, State and StateMachine only", { "ctx.$": "$$" }, {}, {
      outputSatisfies: (o) => JSON.stringify(Object.keys((o as { ctx: object }).ctx).sort()) === '["Execution","State","StateMachine"]',
      what: "exactly the keys Execution, State, StateMachine",
    }),
    {
      name: "$$.State.RetryCount counts the retries of the state",
      doc: DOC.context,
      definition: {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: fn("flaky"),
            Parameters: { key: "retry-count", succeedOn: 3, "retryCount.$": "$$.State.RetryCount" },
            Retry: [{ ErrorEquals: ["FlakyError"], IntervalSeconds: 1, MaxAttempts: 3 }],
            OutputPath: "$.seen.retryCount",
            End: true,
          },
        },
      },
      expect: { output: 2 },
    },
  ],
};
