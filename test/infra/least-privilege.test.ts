// Least privilege from evidence: test/infra/iam-evidence.json holds the AWS calls the whole test suite
// makes as each role (recorded by the local stack's IAM, see scripts/iam-evidence.ts). Every one of them
// must be granted by today's template, and every grant must be used by one of them or carry a written
// reason in unexercised-grants.ts. Add a grant without a call, or a call without a grant, and this fails.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { IamAuthorizer, IamAccessDenied, type EvidenceLine } from "../../local/iam/authorizer.js";
import type { Caller } from "../../local/iam/caller.js";
import { buildIamModel, type IamModel, type RoleModel } from "../../local/iam/model.js";
import { loadTemplate } from "../../local/iam/template.js";
import { localIamNames, localSynthContext } from "../../local/stack.js";
import { functionIds, type FunctionId } from "../../lib/function-catalogue.js";
import { unexercisedGrants, type UnexercisedGrant } from "./unexercised-grants.js";

const evidence = (JSON.parse(readFileSync(new URL("./iam-evidence.json", import.meta.url), "utf8")) as { calls: EvidenceLine[] }).calls;

let model: IamModel;
beforeAll(async () => {
  model = buildIamModel((await loadTemplate(localSynthContext("sms-voice-v2"))).template, localIamNames());
});

function callerOf(label: string): Caller {
  if (label === "scheduler") return { kind: "scheduler" };
  if (label.startsWith("machine:")) return { kind: "machine", name: label.slice("machine:".length) };
  return { kind: "function", id: label as FunctionId };
}

/** IAM's wildcard match: * any run of characters, ? one. */
function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return re.test(value);
}

interface Grant {
  caller: string;
  action: string;
  resource: string;
}

function grantsOf(caller: string, role: RoleModel): Grant[] {
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : [v as string]);
  return role.policies.flatMap(({ policy }) =>
    policy.Statement.filter((s) => s["Effect"] === "Allow").flatMap((s) => list(s["Action"]).flatMap((action) => list(s["Resource"]).map((resource) => ({ caller, action, resource })))),
  );
}

function allGrants(): Grant[] {
  return [
    ...functionIds.flatMap((id) => grantsOf(id, model.functionRoles[id])),
    ...Object.entries(model.machineRoles).flatMap(([name, role]) => grantsOf(`machine:${name}`, role)),
    ...grantsOf("scheduler", model.schedulerRole),
  ];
}

describe("least privilege from evidence", () => {
  it("grants every call the test suite makes", async () => {
    const authorizer = new IamAuthorizer(model, undefined);
    const denied: string[] = [];
    for (const call of evidence) {
      try {
        await authorizer.authorize(callerOf(call.caller), [{ action: call.action, resource: call.resource, ...(call.context ? { context: call.context } : {}) }]);
      } catch (error) {
        if (!(error instanceof IamAccessDenied)) throw error;
        denied.push(`${call.caller} ${call.action} ${call.resource}`);
      }
    }
    // A call the suite makes that the template does not grant fails on AWS: grant it in lib/.
    expect(denied).toEqual([]);
  });

  it("uses every grant, or says in unexercised-grants.ts why it is kept", () => {
    const unused = unexercised().filter((grant) => !unexercisedGrants.some((r) => excuses(r, grant)));
    // A new call: `npm run iam:evidence` records it. A grant nothing needs: remove it, or say why in unexercised-grants.ts.
    expect(unused.map((g) => `${g.caller} ${g.action} ${g.resource}`)).toEqual([]);
  });

  it("keeps no reason that excuses nothing: a grant it stood for is exercised now, or gone", () => {
    const grants = unexercised();
    const stale = unexercisedGrants.filter((r) => !grants.some((g) => excuses(r, g)));
    expect(stale.map((r) => r.reason)).toEqual([]);
  });
});

/** Grants no recorded call uses. */
function unexercised(): Grant[] {
  // A call recorded as denied was still made: it is evidence the grant is needed.
  return allGrants().filter((grant) => !evidence.some((c) => c.caller === grant.caller && globMatches(grant.action, c.action) && globMatches(grant.resource, c.resource)));
}

function excuses(reason: UnexercisedGrant, grant: Grant): boolean {
  return (
    (reason.callers === "*" || reason.callers.some((c) => globMatches(c, grant.caller))) &&
    globMatches(reason.action, grant.action) &&
    (reason.resource === undefined || globMatches(reason.resource, grant.resource))
  );
}
