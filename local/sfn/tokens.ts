// Task tokens for `.waitForTaskToken` integrations. The interpreter resolves `$$.Task.Token`
// to a placeholder while it evaluates Parameters/Arguments; the engine swaps in a real, opaque
// token here before the integration sees its input (the token is minted only once the resume
// key, computed from that input, shows no token was issued before a crash).
import { randomBytes } from "node:crypto";
import { TASK_TOKEN_PLACEHOLDER } from "./asl.js";

const PREFIX = "AQC";
const BODY_LENGTH = 512; // base64url of 384 random bytes; AWS tokens are several hundred characters
const WELL_FORMED = new RegExp(`^${PREFIX}[A-Za-z0-9_-]{${BODY_LENGTH}}$`);

export function mintTaskToken(): string {
  return PREFIX + randomBytes(384).toString("base64url");
}

/** Shape check only: a malformed token is `InvalidToken`, a well-formed unknown one `TaskDoesNotExist`. */
export function isWellFormedTaskToken(token: unknown): token is string {
  return typeof token === "string" && WELL_FORMED.test(token);
}

/** Deep-replaces the placeholder (also inside strings, e.g. built with States.Format). */
export function substituteTaskToken(value: unknown, token: string): unknown {
  if (typeof value === "string") return value.includes(TASK_TOKEN_PLACEHOLDER) ? value.split(TASK_TOKEN_PLACEHOLDER).join(token) : value;
  if (Array.isArray(value)) return value.map((v) => substituteTaskToken(v, token));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteTaskToken(v, token)]));
  }
  return value;
}

export type TokenOutcome =
  | { kind: "success"; output: string }
  | { kind: "failure"; error: string | null; cause: string | null }
  | { kind: "timeout"; error: "States.Timeout" | "States.HeartbeatTimeout" }
  /** The execution ended (stopped, timed out, failed elsewhere) while the task waited. */
  | { kind: "closed" };

export interface TaskTokenState {
  token: string;
  /** Short id of the execution. */
  x: string;
  /** Resume key of the task invocation that minted the token (see engine `resumeKey`). */
  key: string;
  stateName: string;
  resource: string;
  issuedAt: number;
  /** Real epoch ms at which TimeoutSeconds (scaled) expires. */
  timeoutAt: number;
  /** Real ms allowed between heartbeats (scaled), if HeartbeatSeconds is set. */
  heartbeatMs?: number;
  lastHeartbeat: number;
  outcome?: TokenOutcome;
  /** Set while a run awaits the outcome. */
  notify?: (outcome: TokenOutcome) => void;
  /** Set while a run awaits the outcome: restarts the heartbeat timer after SendTaskHeartbeat. */
  rearmHeartbeat?: () => void;
}
