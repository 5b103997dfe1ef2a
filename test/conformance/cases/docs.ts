// The AWS documentation pages the conformance cases are written from (one per field family).
const dg = (page: string): string => `https://docs.aws.amazon.com/step-functions/latest/dg/${page}.html`;

export const DOC = {
  inputPath: dg("input-output-inputpath-params"),
  resultPath: dg("input-output-resultpath"),
  outputPath: dg("input-output-example"),
  paths: dg("amazon-states-language-paths"),
  intrinsics: dg("intrinsic-functions"),
  choice: dg("state-choice"),
  context: dg("input-output-contextobject"),
  errors: dg("concepts-error-handling"),
  fail: dg("state-fail"),
  pass: dg("state-pass"),
  task: dg("state-task"),
  map: dg("state-map-inline"),
  parallel: dg("state-parallel"),
  wait: dg("state-wait"),
  jsonata: dg("transforming-data"),
  variables: dg("workflow-variables"),
  structure: dg("statemachine-structure"),
  callback: dg("connect-to-resource"),
} as const;

/** A machine with one state (plus `End: true` where the type takes it). */
export const single = (state: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...top,
  StartAt: "S",
  // Fail, Succeed and Choice end (or branch) by their type; `End` is not allowed on them.
  States: { S: ["Fail", "Succeed", "Choice"].includes(String(state["Type"])) ? state : { ...state, End: true } },
});

/** A machine whose states run in the order given; each but the last gets `Next` to the following one. */
export const chain = (states: Array<[string, Record<string, unknown>]>, top: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...top,
  StartAt: states[0]![0],
  States: Object.fromEntries(
    states.map(([name, s], i) => {
      const terminal = s["Type"] === "Choice" || s["Type"] === "Succeed" || s["Type"] === "Fail" || "Next" in s || "End" in s;
      return [name, terminal ? s : i < states.length - 1 ? { ...s, Next: states[i + 1]![0] } : { ...s, End: true }];
    }),
  ),
});
