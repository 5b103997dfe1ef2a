// Shared shapes for the local AWS service emulators. Every emulator (DynamoDB via dynalite,
// Step Functions, Scheduler, SES v2, SMS v2, Pinpoint) is mounted on one loopback port and
// picked by the X-Amz-Target header (JSON protocols) or the path (REST protocols), so a real
// @aws-sdk client pointed at AWS_ENDPOINT_URL_<SERVICE> reaches it unchanged.
import type { IncomingHttpHeaders } from "node:http";

export interface AwsRequest {
  method: string;
  /** Path without the query string, e.g. "/v2/email/outbound-emails". */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface AwsResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface ServiceEmulator {
  /** Human name used in logs and in the "unknown service" error. */
  readonly name: string;
  matches(req: AwsRequest): boolean;
  handle(req: AwsRequest): Promise<AwsResponse>;
}

/** The operation named by an awsJson1_0/1_1 request, e.g. "SendTaskSuccess" for "AWSStepFunctions.SendTaskSuccess". */
export function jsonTarget(req: AwsRequest): { prefix: string; operation: string } | undefined {
  const target = req.headers["x-amz-target"];
  if (typeof target !== "string") return undefined;
  const dot = target.lastIndexOf(".");
  if (dot < 0) return undefined;
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}

export function awsJsonResult(body: unknown, contentType = "application/x-amz-json-1.0"): AwsResponse {
  return { status: 200, headers: { "content-type": contentType }, body: JSON.stringify(body ?? {}) };
}

/** awsJson protocol error: the SDK reads the error code from `__type`. */
export function awsJsonError(status: number, type: string, message: string, contentType = "application/x-amz-json-1.0"): AwsResponse {
  return { status, headers: { "content-type": contentType }, body: JSON.stringify({ __type: type, message }) };
}

export function restJsonResult(body: unknown, status = 200): AwsResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) };
}

/** restJson protocol error: the SDK reads the code from the x-amzn-errortype header. */
export function restJsonError(status: number, type: string, message: string): AwsResponse {
  return {
    status,
    headers: { "content-type": "application/json", "x-amzn-errortype": type },
    body: JSON.stringify({ message, Message: message }),
  };
}

export function parseJsonBody<T = Record<string, unknown>>(req: AwsRequest): T {
  if (req.body.length === 0) return {} as T;
  return JSON.parse(req.body.toString("utf8")) as T;
}
