// JSONata states and workflow variables.
import { fn, type Category } from "../runner.js";
import { DOC, chain, single } from "./docs.js";

const JSONATA = { QueryLanguage: "JSONata" };

export const jsonata: Category = {
  name: "JSONata",
  cases: [
    {
      name: "Arguments evaluates {% %} strings and leaves other strings alone",
      doc: DOC.jsonata,
      definition: chain(
        [
          ["Vars", { Type: "Pass", Assign: { customerName: "María" } }],
          ["T", { Type: "Task", Resource: fn("echo"), Arguments: { static: "Hello", title: "{% $states.input.title %}", name: "{% $customerName %}", "not-evaluated": "$customerName" } }],
        ],
        JSONATA,
      ),
      input: { title: "Doctor" },
      expect: { output: { static: "Hello", title: "Doctor", name: "María", "not-evaluated": "$customerName" } },
    },
    {
      name: "Output reads $states.result; a Task's default output is its result",
      doc: DOC.jsonata,
      definition: chain(
        [
          ["T1", { Type: "Task", Resource: fn("echo"), Arguments: { n: 2 } }],
          ["T2", { Type: "Task", Resource: fn("echo"), Output: { doubled: "{% $states.result.n * 2 %}", input: "{% $states.input %}" } }],
        ],
        JSONATA,
      ),
      expect: { output: { doubled: 4, input: { n: 2 } } },
    },
    {
      name: "a Pass state outputs its input unless Output is set",
      doc: DOC.jsonata,
      definition: chain([["P1", { Type: "Pass" }], ["P2", { Type: "Pass", Output: "{% $states.input.a + 1 %}" }]], JSONATA),
      input: { a: 1 },
      expect: { output: 2 },
    },
    {
      name: "Choice Condition picks the first rule that is true",
      doc: DOC.choice,
      definition: {
        ...JSONATA,
        StartAt: "C",
        States: {
          C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.score > 90 %}", Next: "High" }, { Condition: "{% $states.input.score > 50 %}", Next: "Mid" }], Default: "Low" },
          High: { Type: "Pass", Output: "high", End: true },
          Mid: { Type: "Pass", Output: "mid", End: true },
          Low: { Type: "Pass", Output: "low", End: true },
        },
      },
      input: { score: 70 },
      expect: { output: "mid" },
    },
    {
      name: "a Condition that is not a boolean fails with States.QueryEvaluationError",
      doc: DOC.jsonata,
      definition: { ...JSONATA, StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.score %}", Next: "D" }], Default: "D" }, D: { Type: "Succeed" } } },
      input: { score: 70 },
      expect: { error: "States.QueryEvaluationError" },
    },
    {
      name: "an expression yielding nothing fails with States.QueryEvaluationError",
      doc: DOC.jsonata,
      definition: single({ Type: "Pass", Output: "{% $states.input.missing %}" }, JSONATA),
      input: { present: 1 },
      expect: { error: "States.QueryEvaluationError", cause: /An error occurred while executing the state 'S'.*\$states\.input\.missing/ },
    },
    {
      name: "States.QueryEvaluationError can be caught; the catcher's Output reads $states.errorOutput",
      doc: DOC.errors,
      definition: {
        ...JSONATA,
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: fn("echo"),
            Arguments: "{% $number('not a number') %}",
            Catch: [{ ErrorEquals: ["States.QueryEvaluationError"], Output: { caught: "{% $states.errorOutput.Error %}", input: "{% $states.input %}" }, Next: "Done" }],
            End: true,
          },
          Done: { Type: "Succeed" },
        },
      },
      input: { x: 1 },
      expect: { output: { caught: "States.QueryEvaluationError", input: { x: 1 } } },
    },
    {
      name: "without Output a catcher outputs the error output",
      doc: DOC.jsonata,
      definition: {
        ...JSONATA,
        StartAt: "T",
        States: { T: { Type: "Task", Resource: fn("fail"), Arguments: { errorName: "Nope", message: "m" }, Catch: [{ ErrorEquals: ["Nope"], Next: "Done" }], End: true }, Done: { Type: "Pass", Output: "{% $states.input.Error %}", End: true } },
      },
      expect: { output: "Nope" },
    },
    {
      name: "$states.context exposes the context object",
      doc: DOC.context,
      definition: single({ Type: "Pass", Output: { input: "{% $states.context.Execution.Input %}", state: "{% $states.context.State.Name %}" } }, JSONATA),
      input: { a: 1 },
      expect: { output: { input: { a: 1 }, state: "S" } },
    },
    {
      name: "a JSONata state inside a JSONPath machine",
      doc: DOC.structure,
      definition: chain([["Path", { Type: "Pass", Parameters: { "v.$": "$.v" } }], ["Ata", { Type: "Pass", QueryLanguage: "JSONata", Output: "{% $states.input.v & '!' %}" }]]),
      input: { v: "hi" },
      expect: { output: "hi!" },
    },
    {
      name: "a JSONPath state inside a JSONata machine",
      doc: DOC.structure,
      definition: chain([["Ata", { Type: "Pass", Output: { v: "{% $states.input.v %}" } }], ["Path", { Type: "Pass", QueryLanguage: "JSONPath", OutputPath: "$.v" }]], JSONATA),
      input: { v: "hi" },
      expect: { output: "hi" },
    },
    {
      name: "Fail Error and Cause take expressions",
      doc: DOC.fail,
      definition: single({ Type: "Fail", Error: "{% $states.input.code %}", Cause: "{% 'offer ' & $string($states.input.offer) & ' expired' %}" }, JSONATA),
      input: { code: "OfferExpired", offer: 7 },
      expect: { error: "OfferExpired", cause: "offer 7 expired" },
    },
    {
      name: "Parallel takes Arguments and Output",
      doc: DOC.parallel,
      definition: single(
        {
          Type: "Parallel",
          Arguments: { n: "{% $states.input.n %}" },
          Branches: [{ StartAt: "A", States: { A: { Type: "Pass", Output: "{% $states.input.n + 1 %}", End: true } } }, { StartAt: "B", States: { B: { Type: "Pass", Output: "{% $states.input.n * 2 %}", End: true } } }],
          Output: "{% $sum($states.result) %}",
        },
        JSONATA,
      ),
      input: { n: 5 },
      expect: { output: 16 },
    },
    {
      name: "Step Functions' $partition, $range, $hash and $parse",
      doc: DOC.jsonata,
      definition: single({ Type: "Pass", Output: { p: "{% $partition([1,2,3,4,5], 2) %}", r: "{% $range(0, 10, 5) %}", h: "{% $hash('input data', 'SHA-1') %}", j: "{% $parse('{\"a\":1}') %}" } }, JSONATA),
      expect: { output: { p: [[1, 2], [3, 4], [5]], r: [0, 5, 10], h: "aaff4a450a104cd177d28d18d74485e8cae074b7", j: { a: 1 } } },
    },
    {
      name: "$uuid returns a UUID",
      doc: DOC.jsonata,
      definition: single({ Type: "Pass", Output: "{% $uuid() %}" }, JSONATA),
      expect: { outputSatisfies: (o) => typeof o === "string" && /^[0-9a-f-]{36}$/.test(o), what: "a UUID" },
    },
    {
      name: "$eval is not available",
      doc: DOC.jsonata,
      definition: single({ Type: "Pass", Output: "{% $eval('1 + 1') %}" }, JSONATA),
      expect: { error: "States.QueryEvaluationError" },
    },
    {
      name: "TimeoutSeconds takes an expression",
      doc: DOC.task,
      definition: single({ Type: "Task", Resource: fn("echo"), TimeoutSeconds: "{% $states.input.t %}", Output: "{% $states.result.t %}" }, JSONATA),
      input: { t: 30 },
      expect: { output: 30 },
    },
  ],
};

export const variables: Category = {
  name: "Variables",
  cases: [
    {
      name: "Assign stores a value a later JSONPath state reads as $name",
      doc: DOC.variables,
      definition: chain([["Set", { Type: "Pass", Assign: { productName: "product1", count: 42, available: true } }], ["Read", { Type: "Pass", Parameters: { "name.$": "$productName", "count.$": "$count", "available.$": "$available" } }]]),
      expect: { output: { name: "product1", count: 42, available: true } },
    },
    {
      name: "a JSONPath Assign reads the state's result with $",
      doc: DOC.variables,
      definition: chain([
        ["T", { Type: "Task", Resource: fn("echo"), Parameters: { price: 12 }, ResultSelector: { "amount.$": "$.price" }, Assign: { "amount.$": "$.amount" }, ResultPath: null }],
        ["Read", { Type: "Pass", Parameters: { "amount.$": "$amount", "input.$": "$" } }],
      ]),
      input: { order: 1 },
      expect: { output: { amount: 12, input: { order: 1 } } },
    },
    {
      name: "a variable path can select inside the value",
      doc: DOC.variables,
      definition: chain([["Set", { Type: "Pass", Assign: { order: { lines: [{ sku: "A" }, { sku: "B" }] } } }], ["Read", { Type: "Pass", Parameters: { "second.$": "$order.lines[1].sku" } }]]),
      expect: { output: { second: "B" } },
    },
    {
      name: "every expression in a state reads the values from state entry",
      doc: DOC.variables,
      definition: chain(
        [
          ["Init", { Type: "Pass", Assign: { a: 1 } }],
          ["Swap", { Type: "Pass", Assign: { a: "{% $a + 1 %}", b: "{% $a %}" }, Output: { seen: "{% $a %}" } }],
          ["Read", { Type: "Pass", Output: { a: "{% $a %}", b: "{% $b %}", seen: "{% $states.input.seen %}" } }],
        ],
        JSONATA,
      ),
      expect: { output: { a: 2, b: 1, seen: 1 } },
    },
    {
      name: "Map iterations read outer variables",
      doc: DOC.variables,
      definition: chain(
        [
          ["Set", { Type: "Pass", Assign: { factor: 3 } }],
          ["Each", { Type: "Map", Items: "{% [1, 2] %}", ItemProcessor: { StartAt: "Mul", States: { Mul: { Type: "Pass", Output: "{% $states.input * $factor %}", End: true } } } }],
        ],
        JSONATA,
      ),
      expect: { output: [3, 6] },
    },
    {
      name: "a Map iteration's own variables stay inside it",
      doc: DOC.variables,
      definition: chain(
        [
          [
            "Each",
            {
              Type: "Map",
              Items: "{% [1, 2] %}",
              ItemProcessor: { StartAt: "Keep", States: { Keep: { Type: "Pass", Assign: { mine: "{% $states.input %}" }, Next: "Use" }, Use: { Type: "Pass", Output: "{% $mine * 10 %}", End: true } } },
            },
          ],
        ],
        JSONATA,
      ),
      expect: { output: [10, 20] },
    },
    {
      name: "Parallel branches read outer variables",
      doc: DOC.variables,
      definition: chain([
        ["Set", { Type: "Pass", Assign: { greeting: "hi" } }],
        ["Fan", { Type: "Parallel", Branches: [{ StartAt: "A", States: { A: { Type: "Pass", Parameters: { "g.$": "$greeting" }, End: true } } }] }],
      ]),
      expect: { output: [{ g: "hi" }] },
    },
    {
      name: "a catcher can Assign from the error output",
      doc: DOC.variables,
      definition: {
        StartAt: "T",
        States: {
          T: { Type: "Task", Resource: fn("fail"), Parameters: { errorName: "Oops" }, Catch: [{ ErrorEquals: ["States.ALL"], Assign: { "lastError.$": "$.Error" }, ResultPath: null, Next: "Read" }], End: true },
          Read: { Type: "Pass", Parameters: { "lastError.$": "$lastError" }, End: true },
        },
      },
      expect: { output: { lastError: "Oops" } },
    },
    {
      name: "a matched Choice rule can Assign",
      doc: DOC.variables,
      definition: {
        QueryLanguage: "JSONata",
        StartAt: "C",
        States: {
          C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.v > 1 %}", Assign: { size: "big" }, Next: "Read" }], Default: "Read" },
          Read: { Type: "Pass", Output: "{% $size %}", End: true },
        },
      },
      input: { v: 2 },
      expect: { output: "big" },
    },
    {
      name: "a JSONPath Choice rule can compare a variable",
      doc: DOC.choice,
      definition: {
        StartAt: "Set",
        States: {
          Set: { Type: "Pass", Assign: { approved: true }, Next: "C" },
          C: { Type: "Choice", Choices: [{ Variable: "$approved", BooleanEquals: true, Next: "Yes" }], Default: "No" },
          Yes: { Type: "Pass", Result: "yes", End: true },
          No: { Type: "Pass", Result: "no", End: true },
        },
      },
      expect: { output: "yes" },
    },
    {
      name: "a variable name must be a valid identifier",
      doc: DOC.variables,
      definition: single({ Type: "Pass", Assign: { "1abc": 1 } }),
      expect: { rejected: /not a valid variable name|Assign/ },
    },
  ],
};

export const validation: Category = {
  name: "Validation",
  cases: [
    {
      name: "a Task without TimeoutSeconds is accepted and runs",
      doc: DOC.task,
      definition: single({ Type: "Task", Resource: fn("echo") }),
      input: { a: 1 },
      expect: { output: { a: 1 } },
    },
    {
      name: "$$.StateMachine fields are accepted (not mistaken for $$.State)",
      doc: DOC.context,
      definition: single({ Type: "Pass", Parameters: { "name.$": "$$.StateMachine.Name" }, OutputPath: "$.name" }),
      expect: { outputSatisfies: (o) => typeof o === "string" && o.startsWith("conformance-"), what: "the state machine name" },
    },
    {
      name: "a JSONPath field in a JSONata state is rejected",
      doc: DOC.jsonata,
      definition: single({ Type: "Pass", InputPath: "$.a" }, JSONATA),
      expect: { rejected: /InputPath|QueryLanguage|SCHEMA/ },
    },
    {
      name: "$$.Task.Token outside a .waitForTaskToken Task is rejected",
      doc: DOC.callback,
      definition: single({ Type: "Task", Resource: fn("echo"), Parameters: { "token.$": "$$.Task.Token" } }),
      expect: { rejected: /\$\$\.Task\.Token/ },
    },
    {
      name: "a Next naming no state is rejected",
      doc: DOC.structure,
      definition: { StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } },
      expect: { rejected: /Nowhere|MISSING_TRANSITION_TARGET|transition/i },
    },
  ],
};
