// Retry, Catch and Fail.
import { fn, type Category } from "../runner.js";
import { DOC, single } from "./docs.js";

export const errors: Category = {
  name: "Errors: Retry, Catch, Fail",
  cases: [
    {
      name: "Retry retries the named error until the Task succeeds",
      doc: DOC.errors,
      definition: single({ Type: "Task", Resource: fn("flaky"), Parameters: { key: "retry-ok", succeedOn: 3 }, Retry: [{ ErrorEquals: ["FlakyError"], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }], OutputPath: "$.attempt" }),
      expect: { output: 3 },
    },
    {
      name: "an exhausted retrier hands the error to Catch, with ResultPath",
      doc: DOC.errors,
      definition: {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: fn("flaky"),
            Parameters: { key: "retry-exhausted", succeedOn: 9 },
            Retry: [{ ErrorEquals: ["FlakyError"], IntervalSeconds: 1, MaxAttempts: 2 }],
            Catch: [{ ErrorEquals: ["FlakyError"], ResultPath: "$.error", Next: "Handled" }],
            End: true,
          },
          Handled: { Type: "Pass", Parameters: { "error.$": "$.error.Error", "kept.$": "$.kept" }, End: true },
        },
      },
      input: { kept: "input" },
      expect: { output: { error: "FlakyError", kept: "input" } },
    },
    {
      name: "MaxAttempts 0 never retries",
      doc: DOC.errors,
      definition: single({ Type: "Task", Resource: fn("flaky"), Parameters: { key: "retry-zero", succeedOn: 2 }, Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 0 }] }),
      expect: { error: "FlakyError" },
    },
    {
      name: "a Lambda error's Cause is the runtime's JSON error response",
      doc: DOC.errors,
      definition: {
        StartAt: "T",
        States: {
          T: { Type: "Task", Resource: fn("fail"), Parameters: { errorName: "OfferExpired", message: "offer 7 expired" }, Catch: [{ ErrorEquals: ["States.TaskFailed"], Next: "Read" }], End: true },
          Read: { Type: "Pass", Parameters: { "error.$": "$.Error", "cause.$": "States.StringToJson($.Cause)" }, End: true },
        },
      },
      expect: {
        outputSatisfies: (o) => {
          const v = o as { error: string; cause: { errorMessage: string; errorType: string; trace: unknown } };
          return v.error === "OfferExpired" && v.cause.errorMessage === "offer 7 expired" && v.cause.errorType === "OfferExpired" && Array.isArray(v.cause.trace);
        },
        what: "Error OfferExpired, Cause {errorMessage, errorType, trace}",
      },
    },
    {
      name: "States.ALL does not catch States.Runtime",
      doc: DOC.errors,
      definition: {
        StartAt: "T",
        States: { T: { Type: "Task", Resource: fn("echo"), InputPath: "$.missing", Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }], End: true }, Caught: { Type: "Succeed" } },
      },
      input: {},
      expect: { error: "States.Runtime" },
    },
    {
      name: "a Fail state reports its Error and Cause",
      doc: DOC.fail,
      definition: single({ Type: "Fail", Error: "ErrorA", Cause: "Kaiju attack" }),
      expect: { error: "ErrorA", cause: "Kaiju attack" },
    },
    {
      name: "a Fail state without Error or Cause reports neither",
      doc: DOC.fail,
      definition: single({ Type: "Fail" }),
      expect: { error: null, cause: null },
    },
    {
      name: "Fail ErrorPath and CausePath read the input",
      doc: DOC.fail,
      definition: single({ Type: "Fail", ErrorPath: "$.someError", CausePath: "$.someCause" }),
      input: { someError: "CustomError", someCause: "the cause" },
      expect: { error: "CustomError", cause: "the cause" },
    },
    {
      name: "Fail CausePath takes an intrinsic function",
      doc: DOC.fail,
      definition: single({ Type: "Fail", Error: "OfferError", CausePath: "States.Format('offer {} expired', $.offer)" }),
      input: { offer: 7 },
      expect: { error: "OfferError", cause: "offer 7 expired" },
    },
    {
      name: "a Parallel state's Catch catches an error from a branch",
      doc: DOC.parallel,
      definition: {
        StartAt: "Fan",
        States: {
          Fan: {
            Type: "Parallel",
            Branches: [
              { StartAt: "Ok", States: { Ok: { Type: "Pass", End: true } } },
              { StartAt: "Boom", States: { Boom: { Type: "Fail", Error: "BranchFailed", Cause: "no" } } },
            ],
            Catch: [{ ErrorEquals: ["BranchFailed"], Next: "Handled" }],
            End: true,
          },
          Handled: { Type: "Pass", End: true },
        },
      },
      expect: { output: { Error: "BranchFailed", Cause: "no" } },
    },
  ],
};
