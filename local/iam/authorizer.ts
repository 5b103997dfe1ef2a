// Authorizes the local stack's AWS calls against the deployed policies, with @cloud-copilot/iam-simulate
// (AWS's evaluation logic: identity policies, resource policies such as KMS key policies and Lambda
// permissions, conditions). A denied call fails as on AWS, with AccessDeniedException, and each
// decision can be recorded as evidence for the least-privilege test (HIREPATH_IAM_EVIDENCE=<file>).
import { appendFileSync } from "node:fs";
import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { Caller } from "./caller.js";
import type { IamModel, PolicyDocument, RoleModel } from "./model.js";
import type { AuthorizationRequest } from "./requests.js";

export interface Decision {
  allowed: boolean;
  request: AuthorizationRequest;
  principal: string;
}

/** One line of evidence: who (function, machine or scheduler), what, on which resource, and the verdict. */
export interface EvidenceLine {
  caller: string;
  action: string;
  resource: string;
  /** Condition keys the request carried (kms:ViaService, iam:PassedToService). */
  context?: Record<string, string>;
  allowed: boolean;
}

export class IamAccessDenied extends Error {
  constructor(readonly decision: Decision) {
    const { request, principal } = decision;
    const session = principal.replace(/^arn:aws:iam::(\d+):role\/(.+)$/, "arn:aws:sts::$1:assumed-role/$2/local");
    super(`User: ${session} is not authorized to perform: ${request.action} on resource: ${request.resource} because no identity-based policy allows the ${request.action} action`);
    this.name = "AccessDeniedException";
  }
}

export function callerLabel(caller: Caller): string {
  return caller.kind === "function" ? caller.id : caller.kind === "machine" ? `machine:${caller.name}` : "scheduler";
}

export class IamAuthorizer {
  private readonly cache = new Map<string, Promise<boolean>>();
  private readonly recorded = new Set<string>();
  /** The roles the template deploys. A test may swap another role in to show a denial; that is not evidence. */
  private readonly deployedRoles: ReadonlySet<RoleModel>;

  constructor(
    readonly model: IamModel,
    private readonly evidenceFile: string | undefined,
  ) {
    this.deployedRoles = new Set([...Object.values(model.functionRoles), ...Object.values(model.machineRoles), model.schedulerRole]);
  }

  roleOf(caller: Caller): RoleModel {
    if (caller.kind === "function") return this.model.functionRoles[caller.id];
    if (caller.kind === "scheduler") return this.model.schedulerRole;
    const role = this.model.machineRoles[caller.name];
    if (!role) throw new Error(`local IAM: the template has no state machine ${caller.name}`);
    return role;
  }

  /** Every request must be allowed; the first denial is thrown as AccessDeniedException. */
  async authorize(caller: Caller, requests: AuthorizationRequest[]): Promise<void> {
    const role = this.roleOf(caller);
    for (const request of requests) {
      const allowed = await this.evaluate(role, request);
      this.record(caller, request, allowed);
      if (!allowed) throw new IamAccessDenied({ allowed, request, principal: role.arn });
    }
  }

  /** A service principal (events, sns) invoking a function: the function's resource policy decides. */
  async authorizeServiceInvoke(service: string, functionName: string, sourceArn: string): Promise<boolean> {
    const resource = `arn:aws:lambda:${this.model.names.region}:${this.model.names.accountId}:function:${functionName}`;
    const key = `${service}|${resource}|${sourceArn}`;
    let decision = this.cache.get(key);
    if (!decision) {
      decision = this.simulate({
        request: {
          principal: service,
          action: "lambda:InvokeFunction",
          resource: { resource, accountId: this.model.names.accountId },
          contextVariables: { "aws:SourceArn": sourceArn, "aws:SourceAccount": this.model.names.accountId },
        },
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: this.model.functionPolicies[functionName] ?? { Version: "2012-10-17", Statement: [] },
      });
      this.cache.set(key, decision);
    }
    return decision;
  }

  private evaluate(role: RoleModel, request: AuthorizationRequest): Promise<boolean> {
    const key = `${role.arn}|${request.action}|${request.resource}|${JSON.stringify(request.context ?? {})}`;
    let decision = this.cache.get(key);
    if (!decision) {
      const resourcePolicy: PolicyDocument | undefined = request.action.startsWith("kms:") ? this.model.keyPolicies[request.resource] : undefined;
      decision = this.simulate({
        request: {
          principal: role.arn,
          action: request.action,
          resource: { resource: request.resource, accountId: this.model.names.accountId },
          contextVariables: request.context ?? {},
        },
        identityPolicies: role.policies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(resourcePolicy ? { resourcePolicy } : {}),
      });
      this.cache.set(key, decision);
    }
    return decision;
  }

  private async simulate(simulation: Simulation): Promise<boolean> {
    const result = await runSimulation(simulation, {});
    if (result.resultType !== "error") return result.overallResult === "Allowed";
    // iam-data lists Step Functions' task-token actions as wildcard-only, but Step Functions authorizes
    // them against the state machine that issued the token (and the grants name that machine).
    if (/^states:SendTask/.test(simulation.request.action) && JSON.stringify(result.errors).includes("must.use.wildcard")) {
      return runUnsafeSimulation(simulation, {}) === "Allowed";
    }
    throw new Error(`local IAM: cannot evaluate ${simulation.request.action} on ${simulation.request.resource.resource}: ${JSON.stringify(result.errors)}`);
  }

  private record(caller: Caller, request: AuthorizationRequest, allowed: boolean): void {
    if (!this.evidenceFile || !this.deployedRoles.has(this.roleOf(caller))) return;
    const line: EvidenceLine = { caller: callerLabel(caller), action: request.action, resource: request.resource, ...(request.context ? { context: request.context } : {}), allowed };
    const text = JSON.stringify(line);
    if (this.recorded.has(text)) return;
    this.recorded.add(text);
    // One short line per append: concurrent stacks (the e2e tests) can share the file.
    appendFileSync(this.evidenceFile, `${text}\n`);
  }
}
