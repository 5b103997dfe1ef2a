// Inline Map, Parallel and Wait.
import { fn, type Category } from "../runner.js";
import { DOC, chain, single } from "./docs.js";

const iterator = (state: Record<string, unknown>) => ({ ProcessorConfig: { Mode: "INLINE" }, StartAt: "Item", States: { Item: { ...state, End: true } } });

export const map: Category = {
  name: "Map (inline)",
  cases: [
    {
      name: "ItemsPath and ItemSelector with $$.Map.Item.Index and Value",
      doc: DOC.map,
      definition: single({
        Type: "Map",
        ItemsPath: "$.detail.shipped",
        ItemSelector: { "parcel.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "courier.$": "$.detail.courier" },
        ItemProcessor: iterator({ Type: "Pass" }),
      }),
      input: { detail: { courier: "UQS", shipped: [{ prod: "R31", item: 1 }, { prod: "S39", item: 2 }] } },
      expect: {
        output: [
          { parcel: { prod: "R31", item: 1 }, index: 0, courier: "UQS" },
          { parcel: { prod: "S39", item: 2 }, index: 1, courier: "UQS" },
        ],
      },
    },
    {
      name: "without ItemsPath the input itself is the array; results keep item order",
      doc: DOC.map,
      definition: single({ Type: "Map", MaxConcurrency: 1, ItemProcessor: iterator({ Type: "Task", Resource: fn("echo") }) }),
      input: [3, 1, 2],
      expect: { output: [3, 1, 2] },
    },
    {
      name: "an empty array gives []",
      doc: DOC.map,
      definition: single({ Type: "Map", ItemsPath: "$.items", ItemProcessor: iterator({ Type: "Pass" }), ResultPath: "$.results" }),
      input: { items: [] },
      expect: { output: { items: [], results: [] } },
    },
    {
      name: "the legacy Iterator and Parameters fields still work",
      doc: DOC.map,
      definition: single({ Type: "Map", ItemsPath: "$.items", Parameters: { "v.$": "$$.Map.Item.Value" }, Iterator: { StartAt: "I", States: { I: { Type: "Pass", OutputPath: "$.v", End: true } } } }),
      input: { items: ["a", "b"] },
      expect: { output: ["a", "b"] },
    },
    {
      name: "ResultSelector and ResultPath apply to the array of results",
      doc: DOC.map,
      definition: single({ Type: "Map", ItemsPath: "$.items", ItemProcessor: iterator({ Type: "Pass" }), ResultSelector: { "count.$": "States.ArrayLength($)" }, ResultPath: "$.summary" }),
      input: { items: [1, 2, 3] },
      expect: { output: { items: [1, 2, 3], summary: { count: 3 } } },
    },
    {
      name: "a failing iteration fails the Map with its error, which Catch can handle",
      doc: DOC.map,
      definition: {
        StartAt: "M",
        States: {
          M: {
            Type: "Map",
            ItemsPath: "$.items",
            ItemProcessor: iterator({ Type: "Task", Resource: fn("fail"), Parameters: { errorName: "ItemFailed", "message.$": "$" } }),
            Catch: [{ ErrorEquals: ["ItemFailed"], ResultPath: "$.error", Next: "Done" }],
            End: true,
          },
          Done: { Type: "Pass", OutputPath: "$.error.Error", End: true },
        },
      },
      input: { items: ["x"] },
      expect: { output: "ItemFailed" },
    },
    {
      name: "ItemsPath that is not an array fails with States.Runtime",
      doc: DOC.map,
      definition: single({ Type: "Map", ItemsPath: "$.items", ItemProcessor: iterator({ Type: "Pass" }) }),
      input: { items: { not: "an array" } },
      expect: { error: "States.Runtime" },
    },
    {
      name: "MaxConcurrencyPath reads the concurrency from the input",
      doc: DOC.map,
      definition: single({ Type: "Map", ItemsPath: "$.items", MaxConcurrencyPath: "$.limit", ItemProcessor: iterator({ Type: "Pass" }) }),
      input: { items: [1, 2, 3], limit: 2 },
      expect: { output: [1, 2, 3] },
    },
    {
      name: "a JSONata Map takes Items and ItemSelector with $states.context.Map.Item",
      doc: DOC.map,
      definition: single(
        { Type: "Map", Items: "{% $states.input.numbers %}", ItemSelector: { n: "{% $states.context.Map.Item.Value %}", i: "{% $states.context.Map.Item.Index %}" }, ItemProcessor: iterator({ Type: "Pass", Output: "{% $states.input.n * 10 + $states.input.i %}" }) },
        { QueryLanguage: "JSONata" },
      ),
      input: { numbers: [1, 2] },
      expect: { output: [10, 21] },
    },
  ],
};

export const parallel: Category = {
  name: "Parallel",
  cases: [
    {
      name: "branches get the same input and their outputs form an array in branch order",
      doc: DOC.parallel,
      definition: single({
        Type: "Parallel",
        Branches: [
          { StartAt: "A", States: { A: { Type: "Pass", InputPath: "$.a", End: true } } },
          { StartAt: "B", States: { B: { Type: "Task", Resource: fn("echo"), InputPath: "$.b", End: true } } },
        ],
      }),
      input: { a: 1, b: 2 },
      expect: { output: [1, 2] },
    },
    {
      name: "ResultSelector and ResultPath apply to the branch outputs",
      doc: DOC.parallel,
      definition: single({
        Type: "Parallel",
        Branches: [{ StartAt: "A", States: { A: { Type: "Pass", Result: "x", End: true } } }, { StartAt: "B", States: { B: { Type: "Pass", Result: "y", End: true } } }],
        ResultSelector: { "first.$": "$[0]", "second.$": "$[1]" },
        ResultPath: "$.both",
      }),
      input: { keep: 1 },
      expect: { output: { keep: 1, both: { first: "x", second: "y" } } },
    },
    {
      name: "a failing branch fails the Parallel state",
      doc: DOC.parallel,
      definition: single({
        Type: "Parallel",
        Branches: [{ StartAt: "A", States: { A: { Type: "Pass", End: true } } }, { StartAt: "B", States: { B: { Type: "Fail", Error: "BranchError", Cause: "b failed" } } }],
      }),
      expect: { error: "BranchError", cause: "b failed" },
    },
  ],
};

export const wait: Category = {
  name: "Wait",
  cases: [
    {
      name: "Seconds waits and passes the input through",
      doc: DOC.wait,
      definition: single({ Type: "Wait", Seconds: 10 }),
      input: { a: 1 },
      expect: { output: { a: 1 } },
    },
    {
      name: "SecondsPath reads the duration from the input",
      doc: DOC.wait,
      definition: single({ Type: "Wait", SecondsPath: "$.delay" }),
      input: { delay: 5 },
      expect: { output: { delay: 5 } },
    },
    {
      name: "a Timestamp in the past ends the wait at once",
      doc: DOC.wait,
      definition: single({ Type: "Wait", Timestamp: "2016-03-14T01:59:00Z" }),
      input: { a: 1 },
      expect: { output: { a: 1 } },
    },
    {
      name: "TimestampPath reads the time from the input",
      doc: DOC.wait,
      definition: single({ Type: "Wait", TimestampPath: "$.expirydate" }),
      input: { expirydate: "2016-03-14T01:59:00Z" },
      expect: { output: { expirydate: "2016-03-14T01:59:00Z" } },
    },
    {
      name: "InputPath and OutputPath apply around the wait",
      doc: DOC.wait,
      definition: single({ Type: "Wait", Seconds: 1, InputPath: "$.inner", OutputPath: "$.x" }),
      input: { inner: { x: 9 } },
      expect: { output: 9 },
    },
    {
      name: "a SecondsPath that is not a non-negative integer fails with States.Runtime",
      doc: DOC.wait,
      definition: single({ Type: "Wait", SecondsPath: "$.delay" }),
      input: { delay: -5 },
      expect: { error: "States.Runtime" },
    },
    {
      name: "a JSONata Seconds expression sets the duration",
      doc: DOC.wait,
      definition: chain([["W", { Type: "Wait", Seconds: "{% $states.input.minutes * 60 %}" }], ["Done", { Type: "Pass", Output: "{% $states.input %}" }]], { QueryLanguage: "JSONata" }),
      input: { minutes: 1 },
      expect: { output: { minutes: 1 } },
    },
    {
      name: "a Wait state can Assign variables",
      doc: DOC.variables,
      definition: chain([["W", { Type: "Wait", Seconds: 1, Assign: { waited: true } }], ["Read", { Type: "Pass", Parameters: { "waited.$": "$waited" } }]]),
      expect: { output: { waited: true } },
    },
  ],
};
