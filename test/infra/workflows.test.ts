import { beforeAll, describe, expect, it } from "vitest";
import { functionCatalogue, functionIds, type FunctionId } from "../../lib/function-catalogue.js";
import { readDefinition, stateMachines, substitute, type StateMachineId } from "../../lib/state-machines.js";
import { substitutionsFor } from "../../lib/constructs/workflows.js";
import { actionsOf, functionResource, logicalIdOf, resourcesOf, resourcesOfStatement, statementsOfRole, synthHirepath, type Synthesized } from "./synth.js";
import { ERASURE_STOPS, INTERVIEW_MACHINES } from "../../lib/hirepath-stack.js";

let s: Synthesized;
beforeAll(() => {
  s = synthHirepath();
});

const machineIds = Object.keys(stateMachines) as StateMachineId[];

function machineResource(id: StateMachineId) {
  return s.template.toJSON().Resources[logicalIdOf(s.stack, s.stack.workflows.machines[id])];
}

describe.each(machineIds)("state machine %s", (id) => {
  it("is STANDARD, logs ALL with execution data to its log group, and traces", () => {
    const props = machineResource(id).Properties;
    expect(props.StateMachineType).toBe("STANDARD");
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
    expect(props.LoggingConfiguration).toMatchObject({ Level: "ALL", IncludeExecutionData: true });
    expect(props.LoggingConfiguration.Destinations).toHaveLength(1);
  });

  it("substitutes every placeholder with the ARN of the function the ASL names", () => {
    const props = machineResource(id).Properties;
    const substitutions = props.DefinitionSubstitutions as Record<string, { "Fn::GetAtt": [string, string] }>;
    // Render what Step Functions will do at deploy, with GetAtt references as readable markers.
    const markers = Object.fromEntries(Object.entries(substitutions).map(([k, v]) => [k, `GETATT(${v["Fn::GetAtt"][0]}.${v["Fn::GetAtt"][1]})`]));
    const rendered = substitute(props.DefinitionString as string, markers);
    expect(rendered).not.toMatch(/\$\{/);

    // JSONPath states name the function in Parameters, JSONata states in Arguments.
    const source = JSON.parse(readDefinition(id)) as { States: Record<string, { Type: string; Parameters?: { FunctionName?: string }; Arguments?: { FunctionName?: string } }> };
    const functionOf = (state: (typeof source.States)[string]) => (state.Parameters ?? state.Arguments)?.FunctionName;
    const deployed = JSON.parse(rendered) as typeof source;
    let tasks = 0;
    for (const [name, state] of Object.entries(source.States)) {
      const placeholder = functionOf(state)?.match(/^\$\{(\w+)FunctionArn\}$/)?.[1] as FunctionId | undefined;
      if (!placeholder) continue;
      tasks++;
      const fnLogicalId = logicalIdOf(s.stack, s.stack.functions[placeholder].function);
      expect(functionOf(deployed.States[name]!), name).toBe(`GETATT(${fnLogicalId}.Arn)`);
    }
    expect(tasks).toBeGreaterThan(0);
  });

  it("passes only the substitutions the definition uses (no dependency on functions that start it)", () => {
    const used = Object.keys(machineResource(id).Properties.DefinitionSubstitutions as object).sort();
    const placeholders = [...new Set([...readDefinition(id).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
    expect(used).toEqual(placeholders);
  });

  it("its role can invoke exactly the functions in `invokes` (and their versions), nothing else", () => {
    const roleId = logicalIdOf(s.stack, s.stack.workflows.machines[id].role);
    const invokeStatements = statementsOfRole(s.template, roleId).filter((st) => actionsOf(st).some((a) => a.startsWith("lambda:")));
    expect(invokeStatements.flatMap(actionsOf)).toEqual(["lambda:InvokeFunction"]);
    const resources = invokeStatements.flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
    const expected = stateMachines[id].invokes.flatMap((fn) => {
      const arn = { "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.functions[fn].function), "Arn"] };
      return [JSON.stringify(arn), JSON.stringify({ "Fn::Join": ["", [arn, ":*"]] })];
    });
    expect(resources.sort()).toEqual(expected.sort());
  });

  it("its role has Resource \"*\" only for log delivery and X-Ray actions", () => {
    const roleId = logicalIdOf(s.stack, s.stack.workflows.machines[id].role);
    const onStar = statementsOfRole(s.template, roleId)
      .filter((st) => resourcesOfStatement(st).includes("*"))
      .flatMap(actionsOf);
    expect(onStar.length).toBeGreaterThan(0);
    for (const action of onStar) expect(action).toMatch(/^(logs:(Create|Get|Update|Delete|List)LogDeliver(y|ies)|logs:(PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)|xray:)/);
  });
});

describe("journey start", () => {
  const starters = (need: string) => functionIds.filter((id) => (functionCatalogue[id].needs as readonly string[]).includes(need));
  const journeyStarters = starters("startJourney");
  const interviewStarters = starters("startInterviewJourney");
  const importStarters = starters("startImport");
  const recallStarters = starters("startRecallJourney");
  const followUpStarters = starters("startCallFollowUp");

  it("functions with needs: startJourney / startInterviewJourney / startImport / startRecallJourney / startCallFollowUp get the machine's ARN and states:StartExecution on exactly that machine", () => {
    expect(journeyStarters.length).toBeGreaterThan(0);
    expect(interviewStarters).toEqual(expect.arrayContaining(["HrApi", "PublicLinks"]));
    expect(importStarters).toEqual(["TalentFiles"]);
    // HR's API and the owner's link in a recall brief both start the recall journey.
    expect(recallStarters.sort()).toEqual(["PublicLinks", "TalentApi"]);
    // Logging a missed call (the talent API) starts its follow-up's workflow.
    expect(followUpStarters).toEqual(["TalentApi"]);
    const journeyId = logicalIdOf(s.stack, s.stack.workflows.machines.ApplicationJourney);
    // The interview's workflows are four machines; a function that starts one may start each.
    const interviewIds = Object.fromEntries(Object.entries(INTERVIEW_MACHINES).map(([variable, machine]) => [variable, logicalIdOf(s.stack, s.stack.workflows.machines[machine])]));
    const importId = logicalIdOf(s.stack, s.stack.workflows.machines.TalentImport);
    const recallId = logicalIdOf(s.stack, s.stack.workflows.machines.RecallJourney);
    const followUpId = logicalIdOf(s.stack, s.stack.workflows.machines.CallFollowUp);
    for (const id of functionIds) {
      const env = functionResource(s, id).Properties.Environment.Variables as Record<string, unknown>;
      const roleId = logicalIdOf(s.stack, s.stack.functions[id].role);
      const starts = statementsOfRole(s.template, roleId).filter((st) => actionsOf(st).includes("states:StartExecution"));
      // The offer and re-engagement machines are separate grants (their own needs), asserted below.
      const granted = starts.flatMap(resourcesOfStatement).filter((r) => !/offer-journey|re-engagement/.test(JSON.stringify(r)));
      const expected = [
        ...(journeyStarters.includes(id) ? [{ Ref: journeyId }] : []),
        ...(interviewStarters.includes(id) ? Object.values(interviewIds).map((machine) => ({ Ref: machine })) : []),
        ...(importStarters.includes(id) ? [{ Ref: importId }] : []),
        ...(recallStarters.includes(id) ? [{ Ref: recallId }] : []),
        ...(followUpStarters.includes(id) ? [{ Ref: followUpId }] : []),
      ];
      expect(env.JOURNEY_STATE_MACHINE_ARN, id).toEqual(journeyStarters.includes(id) ? { Ref: journeyId } : undefined);
      for (const [variable, machine] of Object.entries(interviewIds)) expect(env[variable], `${id} ${variable}`).toEqual(interviewStarters.includes(id) ? { Ref: machine } : undefined);
      expect(env.TALENT_IMPORT_STATE_MACHINE_ARN, id).toEqual(importStarters.includes(id) ? { Ref: importId } : undefined);
      expect(env.RECALL_STATE_MACHINE_ARN, id).toEqual(recallStarters.includes(id) ? { Ref: recallId } : undefined);
      expect(env.CALL_FOLLOW_UP_STATE_MACHINE_ARN, id).toEqual(followUpStarters.includes(id) ? { Ref: followUpId } : undefined);
      expect(granted, id).toEqual(expect.arrayContaining(expected));
      expect(granted.length, id).toBe(expected.length);
    }
  });

  it("lets erasure (needs: stopJourney) stop and describe every journey a person can be in: application, the interview's workflows, recall, offer and a call's follow-up, and nothing else", () => {
    const stoppers = starters("stopJourney");
    expect(stoppers).toEqual(["TalentApi"]);
    const byRef = ["ApplicationJourney", ...Object.values(INTERVIEW_MACHINES), "RecallJourney", "CallFollowUp"] as const;
    expect([...ERASURE_STOPS].sort()).toEqual([...byRef, "OfferJourney"].sort());
    const executionsOf = (machine: StateMachineId) => JSON.stringify({ Ref: logicalIdOf(s.stack, s.stack.workflows.machines[machine]) });
    for (const id of functionIds) {
      const stops = statementsOfRole(s.template, logicalIdOf(s.stack, s.stack.functions[id].role)).filter((st) => actionsOf(st).includes("states:StopExecution"));
      if (!stoppers.includes(id)) {
        expect(stops, id).toEqual([]);
        continue;
      }
      for (const st of stops) expect(actionsOf(st).sort(), id).toEqual(["states:DescribeExecution", "states:StopExecution"]);
      const resources = stops.flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
      expect(resources, id).toHaveLength(byRef.length + 1);
      for (const machine of byRef) {
        expect(resources.filter((r) => r.includes(executionsOf(machine)) && r.includes(":execution:")), `${id} ${machine}`).toHaveLength(1);
      }
      expect(resources.filter((r) => r.includes(":execution:hirepath-offer-journey:*")), `${id} OfferJourney`).toHaveLength(1);
    }
  });

  it("lets interview and offer starters describe those workflows' executions (a retried start is told from a conflict)", () => {
    const describes = (id: FunctionId) =>
      statementsOfRole(s.template, logicalIdOf(s.stack, s.stack.functions[id].role))
        .filter((st) => actionsOf(st).includes("states:DescribeExecution"))
        .flatMap(resourcesOfStatement)
        .map((r) => JSON.stringify(r));
    const interviewExecutions = Object.values(INTERVIEW_MACHINES).map((m) => JSON.stringify({ Ref: logicalIdOf(s.stack, s.stack.workflows.machines[m]) }));
    expect(interviewStarters.length).toBeGreaterThan(0);
    for (const id of interviewStarters) {
      for (const machine of interviewExecutions) expect(describes(id).some((r) => r.includes(machine) && r.includes(":execution:")), `${id} ${machine}`).toBe(true);
    }
    const offerStarters = starters("startOfferJourney");
    expect(offerStarters.length).toBeGreaterThan(0);
    for (const id of offerStarters) expect(describes(id).some((r) => r.includes(":execution:hirepath-offer-journey:*")), id).toBe(true);
    // Nobody else may describe interview or offer executions, apart from erasure's stopper.
    for (const id of functionIds.filter((f) => !interviewStarters.includes(f) && !offerStarters.includes(f) && !starters("stopJourney").includes(f))) {
      expect(describes(id).filter((r) => interviewExecutions.some((m) => r.includes(m)) || r.includes("hirepath-offer-journey")), id).toEqual([]);
    }
  });

  it("lets each function describe executions of exactly the machines it starts (a retried start after its journey closed) or stops, and no others", () => {
    const refText = (machine: StateMachineId) => JSON.stringify({ Ref: logicalIdOf(s.stack, s.stack.workflows.machines[machine]) });
    const offerExecutions = ":execution:hirepath-offer-journey:*";
    expect(starters("startOfferJourney")).toEqual(["HrApi"]);
    for (const id of functionIds) {
      const needs = functionCatalogue[id].needs as readonly string[];
      const statements = statementsOfRole(s.template, logicalIdOf(s.stack, s.stack.functions[id].role));
      const described = statements.filter((st) => actionsOf(st).includes("states:DescribeExecution")).flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
      const expected = [
        ...(needs.includes("startJourney") ? [refText("ApplicationJourney")] : []),
        ...(needs.includes("startInterviewJourney") ? Object.values(INTERVIEW_MACHINES).map(refText) : []),
        ...(needs.includes("startImport") ? [refText("TalentImport")] : []),
        ...(needs.includes("startRecallJourney") ? [refText("RecallJourney")] : []),
        // Erasure stops (and so describes) every machine in ERASURE_STOPS; the offer machine by name.
        ...(needs.includes("stopJourney") ? ERASURE_STOPS.map((m) => (m === "OfferJourney" ? offerExecutions : refText(m))) : []),
        ...(needs.includes("startOfferJourney") ? [offerExecutions] : []),
      ];
      // Every grant is on executions (":execution:<machine>:*"), never on the machine or "*".
      expect(described.every((r) => r.includes(":execution:")), id).toBe(true);
      for (const machine of expected) expect(described.some((r) => r.includes(machine)), `${id} ${machine}`).toBe(true);
      expect(new Set(described).size, id).toBe(new Set(expected).size);
    }
  });

  it("lets the recall machine invoke only RecallJourneyStep", () => {
    const machine = s.template.toJSON().Resources[logicalIdOf(s.stack, s.stack.workflows.machines.RecallJourney)];
    expect(Object.keys(machine.Properties.DefinitionSubstitutions)).toEqual(["RecallJourneyStepFunctionArn"]);
  });

  it("refuses a definition that calls a function not listed in invokes", () => {
    const all = Object.fromEntries(functionIds.map((fn) => [`${fn}FunctionArn`, `arn:${fn}`]));
    const definition = JSON.stringify({ States: { X: { Parameters: { FunctionName: "${HrApiFunctionArn}" } } } });
    expect(() => substitutionsFor("ApplicationJourney", definition, all)).toThrow(/calls HrApi .* does not list it in invokes/);
    expect(() => substitutionsFor("ApplicationJourney", "${NopeFunctionArn}", all)).toThrow(/has no definition substitution/);
  });
});

describe("offer journey callbacks and start", () => {
  const needing = (need: string) => functionIds.filter((id) => (functionCatalogue[id].needs as readonly string[]).includes(need));
  const offerArnText = (r: unknown) => JSON.stringify(r).includes(":stateMachine:hirepath-offer-journey");

  it("names the offer machine hirepath-offer-journey, which the ARN in grants is built from", () => {
    s.template.hasResourceProperties("AWS::StepFunctions::StateMachine", { StateMachineName: "hirepath-offer-journey" });
  });

  it("grants task-token callbacks on the offer machine only, to exactly the functions that need them", () => {
    expect(needing("completeOfferTasks").sort()).toEqual(["OfferJourneyStep", "OfferLinks"]);
    for (const id of functionIds) {
      const roleId = logicalIdOf(s.stack, s.stack.functions[id].role);
      const callbacks = statementsOfRole(s.template, roleId).filter((st) => actionsOf(st).some((a) => a.startsWith("states:SendTask")));
      if (needing("completeOfferTasks").includes(id)) {
        // Never SendTaskFailure or SendTaskHeartbeat: nothing sends them.
        expect(callbacks.flatMap(actionsOf).sort(), id).toEqual(["states:SendTaskSuccess"]);
        expect(callbacks.flatMap(resourcesOfStatement).every(offerArnText), id).toBe(true);
      } else {
        expect(callbacks, id).toEqual([]);
      }
    }
  });

  it("lets only startOfferJourney functions start the offer machine, and gives them its ARN", () => {
    for (const id of functionIds) {
      const roleId = logicalIdOf(s.stack, s.stack.functions[id].role);
      const starts = statementsOfRole(s.template, roleId).filter((st) => actionsOf(st).includes("states:StartExecution")).flatMap(resourcesOfStatement).filter(offerArnText);
      const env = functionResource(s, id).Properties.Environment.Variables as Record<string, unknown>;
      if (needing("startOfferJourney").includes(id)) {
        expect(starts, id).toHaveLength(1);
        expect(offerArnText(env.OFFER_STATE_MACHINE_ARN), id).toBe(true);
      } else {
        expect(starts, id).toEqual([]);
      }
    }
  });
});

describe("re-engagement schedules", () => {
  const managers = functionIds.filter((id) => (functionCatalogue[id].needs as readonly string[]).includes("manageSchedules"));

  it("lets only manageSchedules functions create and delete schedules, in the hirepath group only, and pass only the scheduler role to Scheduler", () => {
    expect(managers.sort()).toEqual(["HrApi", "OfferJourneyStep"]);
    const schedulerRoleId = logicalIdOf(s.stack, s.stack.workflows.schedulerRole);
    for (const id of functionIds) {
      const roleId = logicalIdOf(s.stack, s.stack.functions[id].role);
      const statements = statementsOfRole(s.template, roleId);
      const scheduling = statements.filter((st) => actionsOf(st).some((a) => a.startsWith("scheduler:")));
      const passRole = statements.filter((st) => actionsOf(st).includes("iam:PassRole"));
      if (!managers.includes(id)) {
        expect([...scheduling, ...passRole], id).toEqual([]);
        continue;
      }
      expect(scheduling.flatMap(actionsOf).sort(), id).toEqual(["scheduler:CreateSchedule", "scheduler:DeleteSchedule"]);
      expect(JSON.stringify(scheduling.flatMap(resourcesOfStatement)), id).toContain(":schedule/hirepath/*");
      expect(passRole.flatMap(resourcesOfStatement), id).toEqual([{ "Fn::GetAtt": [schedulerRoleId, "Arn"] }]);
      expect((passRole[0] as { Condition?: unknown }).Condition, id).toEqual({ StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } });
      const env = functionResource(s, id).Properties.Environment.Variables as Record<string, unknown>;
      expect(env.SCHEDULE_GROUP_NAME, id).toBe("hirepath");
      expect(JSON.stringify(env.RE_ENGAGEMENT_STATE_MACHINE_ARN), id).toContain(":stateMachine:hirepath-re-engagement");
    }
  });

  it("lets the scheduler role start the re-engagement machine", () => {
    const roleId = logicalIdOf(s.stack, s.stack.workflows.schedulerRole);
    const starts = statementsOfRole(s.template, roleId).filter((st) => actionsOf(st).includes("states:StartExecution")).flatMap(resourcesOfStatement);
    expect(starts).toContainEqual({ Ref: logicalIdOf(s.stack, s.stack.workflows.machines.ReEngagement) });
  });
});

describe("EventBridge Scheduler", () => {
  it("has the hirepath schedule group", () => {
    s.template.hasResourceProperties("AWS::Scheduler::ScheduleGroup", { Name: "hirepath" });
  });

  it("has a role only Scheduler in this account can assume, allowed to start the re-engagement machine only (the one schedules target)", () => {
    const roleId = logicalIdOf(s.stack, s.stack.workflows.schedulerRole);
    const role = s.template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: "sts:AssumeRole",
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
      },
    ]);
    const statements = statementsOfRole(s.template, roleId);
    expect(statements.flatMap(actionsOf)).toEqual(["states:StartExecution"]);
    expect(statements.flatMap(resourcesOfStatement)).toEqual([{ Ref: logicalIdOf(s.stack, s.stack.workflows.machines.ReEngagement) }]);
  });

  it("exposes the role ARN and group name as outputs", () => {
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.SchedulerRoleArn!.Value).toEqual({ "Fn::GetAtt": [logicalIdOf(s.stack, s.stack.workflows.schedulerRole), "Arn"] });
    expect(outputs.ScheduleGroupName).toBeDefined();
    expect(outputs.JourneyStateMachineArn!.Value).toEqual({ Ref: logicalIdOf(s.stack, s.stack.workflows.machines.ApplicationJourney) });
  });
});

it("every state machine in lib/state-machines.ts is deployed", () => {
  expect(Object.keys(resourcesOf(s.template, "AWS::StepFunctions::StateMachine"))).toHaveLength(machineIds.length);
});
