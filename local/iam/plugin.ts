// The SDK middleware that authorizes each call before it leaves the client. It is shared by the
// local stack's own clients (authorized in-process) and the Lambda workers' clients (authorized by
// asking the main thread, which holds the template and the evaluator): kept free of heavy imports
// so a worker's cold start does not load the policy evaluator.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { CallDescription } from "./requests.js";

/**
 * Resolves to undefined when allowed, or AWS's denial message. Returns undefined synchronously when
 * nothing is to be checked (no caller, IAM off).
 */
export type CallCheck = (call: CallDescription) => Promise<string | undefined> | undefined;

/** REST services answer AccessDenied with 403; the JSON-RPC ones (DynamoDB, Step Functions…) with 400. */
const REST_SERVICES = new Set(["SESv2", "Scheduler", "Pinpoint", "S3"]);

/**
 * Runs innermost (after retries and signing, inside the deserializer), so a denial is answered as
 * AWS answers it and the client's own deserializer turns it into AccessDeniedException.
 */
export function iamMiddlewarePlugin(check: CallCheck) {
  return {
    applyToStack(stack: never): void {
      (stack as { add(mw: unknown, options: unknown): void }).add(
        (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
          async (args: { input: Record<string, unknown> }) => {
            const service = (context.clientName ?? "").replace(/(Document)?Client$/, "");
            const operation = (context.commandName ?? "").replace(/Command$/, "");
            const pending = check({ service, operation, input: args.input });
            const denied = pending ? await pending : undefined;
            if (denied === undefined) return next(args);
            const status = REST_SERVICES.has(service) ? 403 : 400;
            const body = JSON.stringify({ __type: "AccessDeniedException", message: denied, Message: denied });
            return {
              response: {
                statusCode: status,
                reason: status === 403 ? "Forbidden" : "Bad Request",
                headers: { "content-type": "application/json", "x-amzn-errortype": "AccessDeniedException", "x-amzn-requestid": randomUUID() },
                body: Readable.from([Buffer.from(body)]),
              },
              output: undefined,
            };
          },
        { step: "deserialize", priority: "low", name: "hirepathLocalIam", override: true },
      );
    },
  };
}
