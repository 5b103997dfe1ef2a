// JSONPath input and output processing: InputPath, Parameters, ResultSelector, ResultPath,
// OutputPath, and how paths with no match behave.
import { fn, type Category } from "../runner.js";
import { DOC, single } from "./docs.js";

const task = (extra: Record<string, unknown>) => ({ Type: "Task", Resource: fn("echo"), ...extra });

export const jsonpath: Category = {
  name: "JSONPath input/output",
  cases: [
    {
      name: "InputPath selects part of the input",
      doc: DOC.inputPath,
      definition: single({ Type: "Pass", InputPath: "$.dataset2" }),
      input: { comment: "Example for InputPath.", dataset1: { val1: 1, val2: 2, val3: 3 }, dataset2: { val1: "a", val2: "b", val3: "c" } },
      expect: { output: { val1: "a", val2: "b", val3: "c" } },
    },
    {
      name: "InputPath with a slice yields an array",
      doc: DOC.inputPath,
      definition: single({ Type: "Pass", InputPath: "$.a[0:2]" }),
      input: { a: [1, 2, 3, 4] },
      expect: { output: [1, 2] },
    },
    {
      name: "Parameters mixes static values and paths",
      doc: DOC.inputPath,
      definition: single({
        Type: "Pass",
        Parameters: { comment: "Selecting what I care about.", MyDetails: { "size.$": "$.product.details.size", "exists.$": "$.product.availability", StaticValue: "foo" } },
      }),
      input: { comment: "Example for Parameters.", product: { details: { color: "blue", size: "small", material: "cotton" }, availability: "in stock", sku: "2317", cost: "$23" } },
      expect: { output: { comment: "Selecting what I care about.", MyDetails: { size: "small", exists: "in stock", StaticValue: "foo" } } },
    },
    {
      name: "ResultSelector reshapes a Task result before ResultPath",
      doc: DOC.inputPath,
      definition: single(task({ ResultSelector: { "ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType" }, ResultPath: "$.EMROutput" })),
      input: { output: { ClusterId: "AKIAIOSFODNN7EXAMPLE" }, resourceType: "elasticmapreduce" },
      expect: { output: { output: { ClusterId: "AKIAIOSFODNN7EXAMPLE" }, resourceType: "elasticmapreduce", EMROutput: { ClusterId: "AKIAIOSFODNN7EXAMPLE", ResourceType: "elasticmapreduce" } } },
    },
    {
      name: "ResultPath adds the result to the input",
      doc: DOC.resultPath,
      definition: single({ Type: "Pass", Result: "Hello, Step Functions!", ResultPath: "$.taskresult" }),
      input: { comment: "This is a test of the input and output of a Task state.", details: "Default example", who: "AWS Step Functions" },
      expect: {
        output: { comment: "This is a test of the input and output of a Task state.", details: "Default example", who: "AWS Step Functions", taskresult: "Hello, Step Functions!" },
      },
    },
    {
      name: "ResultPath null discards the result and keeps the input",
      doc: DOC.resultPath,
      definition: single({ Type: "Pass", Result: "Hello, Step Functions!", ResultPath: null }),
      input: { comment: "kept" },
      expect: { output: { comment: "kept" } },
    },
    {
      name: "ResultPath $ (the default) replaces the input with the result",
      doc: DOC.resultPath,
      definition: single({ Type: "Pass", Result: { a: 1 }, ResultPath: "$" }),
      input: { comment: "replaced" },
      expect: { output: { a: 1 } },
    },
    {
      name: "ResultPath creates the missing objects on its way",
      doc: DOC.resultPath,
      definition: single({ Type: "Pass", Result: 42, ResultPath: "$.a.b.c" }),
      input: { keep: true },
      expect: { output: { keep: true, a: { b: { c: 42 } } } },
    },
    {
      name: "a falsy Pass Result (0) is still the result",
      doc: DOC.pass,
      definition: single({ Type: "Pass", Result: 0, ResultPath: "$.count" }),
      input: { n: 1 },
      expect: { output: { n: 1, count: 0 } },
    },
    {
      name: "ResultPath into an input that is not an object fails with States.Runtime",
      doc: DOC.resultPath,
      definition: single({ Type: "Pass", Result: 1, ResultPath: "$.x" }),
      input: "just a string",
      expect: { error: "States.Runtime", cause: /Unable to apply ReferencePath \$\.x to input "just a string"/ },
    },
    {
      name: "OutputPath selects part of the output",
      doc: DOC.outputPath,
      definition: single({ Type: "Pass", Result: { Payload: { id: 7 } }, ResultPath: "$.result", OutputPath: "$.result.Payload" }),
      input: { x: 1 },
      expect: { output: { id: 7 } },
    },
    {
      name: "InputPath null gives the state an empty object",
      doc: DOC.inputPath,
      definition: single({ Type: "Pass", InputPath: null }),
      input: { dropped: true },
      expect: { output: {} },
    },
    {
      name: "a definite path with no match fails with AWS's cause text",
      doc: DOC.paths,
      definition: { StartAt: "P", States: { P: { Type: "Pass", InputPath: "$.nope", End: true } } },
      input: { yes: 1 },
      expect: { error: "States.Runtime", cause: "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.nope' : No results for path: $['nope']" },
    },
    {
      name: "a Parameters path with no match names the field and the input",
      doc: DOC.inputPath,
      definition: single({ Type: "Pass", Parameters: { "x.$": "$.missing" } }),
      input: { a: 1 },
      expect: { error: "States.Runtime", cause: /The JSONPath '\$\.missing' specified for the field 'x\.\$' could not be found in the input '\{"a":1\}'/ },
    },
    {
      name: "a wildcard that matches nothing yields []",
      doc: DOC.paths,
      definition: single({ Type: "Pass", Parameters: { "ids.$": "$.items[*].id" } }),
      input: { items: [] },
      expect: { output: { ids: [] } },
    },
    {
      name: "a slice that matches nothing yields []",
      doc: DOC.paths,
      definition: single({ Type: "Pass", Parameters: { "later.$": "$.items[5:9]" } }),
      input: { items: [1, 2] },
      expect: { output: { later: [] } },
    },
    {
      name: "a filter expression selects matching items",
      doc: DOC.paths,
      definition: single({ Type: "Pass", Parameters: { "big.$": "$.items[?(@.n > 1)].n" } }),
      input: { items: [{ n: 1 }, { n: 2 }, { n: 3 }] },
      expect: { output: { big: [2, 3] } },
    },
    {
      name: "bracket notation reads keys with spaces",
      doc: DOC.paths,
      definition: single({ Type: "Pass", Parameters: { "v.$": "$['first name']" } }),
      input: { "first name": "Ada" },
      expect: { output: { v: "Ada" } },
    },
  ],
};
