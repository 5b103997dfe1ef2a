// Intrinsic functions, from the examples and rules on AWS's intrinsic functions page.
import type { Category, ConformanceCase } from "../runner.js";
import { DOC, single } from "./docs.js";

/** A Pass state computing `{ "value.$": <expression> }` from the input. */
const intrinsic = (name: string, expression: string, input: unknown, expect: ConformanceCase["expect"]): ConformanceCase => ({
  name,
  doc: DOC.intrinsics,
  definition: single({ Type: "Pass", Parameters: { "value.$": expression } }),
  input,
  expect,
});

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const intrinsics: Category = {
  name: "Intrinsic functions",
  cases: [
    intrinsic("States.Array builds an array", "States.Array($.Id)", { Id: 123456 }, { output: { value: [123456] } }),
    intrinsic("States.ArrayPartition chunks an array", "States.ArrayPartition($.inputArray, 4)", { inputArray: [1, 2, 3, 4, 5, 6, 7] }, { output: { value: [[1, 2, 3, 4], [5, 6, 7]] } }),
    intrinsic("States.ArrayContains finds a value", "States.ArrayContains($.inputArray, $.lookingFor)", { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], lookingFor: 5 }, { output: { value: true } }),
    intrinsic("States.ArrayRange counts from start to end by step", "States.ArrayRange(1, 9, 2)", {}, { output: { value: [1, 3, 5, 7, 9] } }),
    intrinsic("States.ArrayGetItem reads an index", "States.ArrayGetItem($.inputArray, $.index)", { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 }, { output: { value: 6 } }),
    intrinsic("States.ArrayLength counts items", "States.ArrayLength($.inputArray)", { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, { output: { value: 9 } }),
    intrinsic("States.ArrayUnique removes duplicates", "States.ArrayUnique($.inputArray)", { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] }, { output: { value: [1, 2, 3, 4] } }),
    intrinsic("States.Base64Encode encodes", "States.Base64Encode($.input)", { input: "Data to encode" }, { output: { value: "RGF0YSB0byBlbmNvZGU=" } }),
    intrinsic("States.Base64Decode decodes", "States.Base64Decode($.base64)", { base64: "RGF0YSB0byBlbmNvZGU=" }, { output: { value: "Data to encode" } }),
    intrinsic("States.Hash computes SHA-1", "States.Hash($.Data, $.Algorithm)", { Data: "input data", Algorithm: "SHA-1" }, { output: { value: "aaff4a450a104cd177d28d18d74485e8cae074b7" } }),
    intrinsic(
      "States.JsonMerge merges shallowly",
      "States.JsonMerge($.json1, $.json2, false)",
      { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } },
      { output: { value: { a: { a3: 1, a4: 2 }, b: 2, c: 3 } } },
    ),
    intrinsic("States.JsonMerge refuses deep mode", "States.JsonMerge($.json1, $.json2, true)", { json1: {}, json2: {} }, { error: "States.Runtime" }),
    intrinsic("States.StringToJson parses", "States.StringToJson($.escapedJsonString)", { escapedJsonString: '{"foo": "bar"}' }, { output: { value: { foo: "bar" } } }),
    intrinsic("States.StringToJson of an empty string is null", "States.StringToJson($.s)", { s: "" }, { output: { value: null } }),
    intrinsic("States.JsonToString serialises", "States.JsonToString($.unescapedJson)", { unescapedJson: { foo: "bar" } }, { output: { value: '{"foo":"bar"}' } }),
    intrinsic("States.MathRandom stays within [start, end)", "States.MathRandom($.start, $.end)", { start: 1, end: 999 }, {
      outputSatisfies: (o) => {
        const v = (o as { value: number }).value;
        return Number.isInteger(v) && v >= 1 && v < 999;
      },
      what: "an integer from 1 to 998",
    }),
    intrinsic("States.MathRandom rounds non-integer bounds", "States.MathRandom($.start, $.end)", { start: 1.6, end: 3.4 }, {
      outputSatisfies: (o) => [2].includes((o as { value: number }).value),
      what: "2 (bounds rounded to 2 and 3)",
    }),
    intrinsic("States.MathAdd adds", "States.MathAdd($.value1, $.step)", { value1: 111, step: -1 }, { output: { value: 110 } }),
    intrinsic("States.MathAdd rounds its arguments to integers", "States.MathAdd($.a, $.b)", { a: 1.6, b: 1.4 }, { output: { value: 3 } }),
    intrinsic("States.StringSplit splits on a delimiter", "States.StringSplit($.inputString, $.splitter)", { inputString: "1,2,3,4,5", splitter: "," }, { output: { value: ["1", "2", "3", "4", "5"] } }),
    intrinsic("States.StringSplit splits on each delimiter character", "States.StringSplit($.inputString, $.splitter)", { inputString: "This.is+a,test=string", splitter: ".+,=" }, {
      output: { value: ["This", "is", "a", "test", "string"] },
    }),
    intrinsic("States.StringSplit drops empty tokens", "States.StringSplit($.s, ',')", { s: ",a,,b," }, { output: { value: ["a", "b"] } }),
    intrinsic("States.UUID returns a v4 UUID", "States.UUID()", {}, { outputSatisfies: (o) => UUID_V4.test((o as { value: string }).value), what: "a version 4 UUID" }),
    intrinsic("States.Format fills placeholders", "States.Format('Hello, my name is {}.', $.name)", { name: "Arnav" }, { output: { value: "Hello, my name is Arnav." } }),
    intrinsic("States.Format renders objects and arrays as AWS does", "States.Format('{}', $.obj)", { obj: { A: 1, B: [] } }, { output: { value: "{A=1, B=[]}" } }),
    intrinsic("States.Format keeps escaped braces and quotes literal", "States.Format('\\{\\} it\\'s {}', 'fine')", {}, { output: { value: "{} it's fine" } }),
    intrinsic(
      "intrinsics nest",
      "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.Arn, '/'), 2), '.'), 1))",
      { Arn: "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/recipe-name.version/1.0.0" },
      { output: { value: "1.0" } },
    ),
  ],
};
