// Durable state of the Step Functions engine: the journal records, their replay into memory,
// and compaction. The engine decides *what* happens; this module only remembers it.
//
// Journal records (one JSON line each, `<dataDir>/sfn/journal.ndjson`):
//   def     a state machine definition version (executions are pinned to the version they started with)
//   start   an execution was started
//   ev      one history event; `cp: 1` marks a top-level *StateEntered - a resume checkpoint
//   tok     a task token was issued (written before the integration receiving it is invoked)
//   hb      a heartbeat for a token
//   tokend  a token's outcome (success output / failure / timeout / closed)
//   wait    a Wait started; `until` is its real wake-up time (epoch ms, already scaled)
//   end     an execution closed
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Journal } from "./journal.js";
import type { TaskTokenState, TokenOutcome } from "./tokens.js";
import type { ExecutionHistoryEvent, ExecutionStatus, JsonValue } from "./types.js";

export type StoredEvent = Omit<ExecutionHistoryEvent, "timestamp"> & { t: number };

export interface Execution {
  /** Short id used in journal lines. */
  x: string;
  arn: string;
  smArn: string;
  smName: string;
  name: string;
  /** Definition version the execution runs. */
  hash: string;
  input: string;
  startMs: number;
  roleArn: string;
  status: ExecutionStatus;
  stopMs?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** Number of history events (ids are 1..eventCount). */
  eventCount: number;
  /**
   * The history, kept in memory while the execution runs and for the most recently closed ones;
   * older closed executions read it back from the journal on demand (bounded memory).
   */
  events: StoredEvent[] | undefined;
  /** Last top-level StateEntered: where a resumed run starts, with that state's raw input and the top-level variables. */
  checkpoint?: { seq: number; state: string; input: string; vars?: Record<string, JsonValue> };
}

type Rec =
  | { k: "def"; h: string; name: string; d: Record<string, unknown> }
  | { k: "start"; x: string; arn: string; sm: string; smName: string; name: string; h: string; in: string; t: number; role: string }
  | { k: "ev"; x: string; e: StoredEvent; cp?: 1; v?: Record<string, JsonValue> }
  | { k: "tok"; x: string; key: string; tok: string; s: string; r: string; t: number; to: number; hb?: number }
  | { k: "hb"; tok: string; t: number }
  | { k: "tokend"; tok: string; o: TokenOutcome }
  | { k: "wait"; x: string; key: string; until: number }
  | { k: "end"; x: string; st: ExecutionStatus; t: number; out?: string; err?: string; cause?: string };

export class ExecutionStore {
  readonly executions = new Map<string, Execution>();
  readonly byX = new Map<string, Execution>();
  readonly definitions = new Map<string, { name: string; definition: Record<string, unknown> }>();
  readonly tokens = new Map<string, TaskTokenState>();
  /** `${x}|${resumeKey}` -> token: lets a resumed run find the token it already issued. */
  readonly tokensByKey = new Map<string, TaskTokenState>();
  /** Tokens issued by each execution (by short id). */
  readonly tokensByExecution = new Map<string, TaskTokenState[]>();
  /** `${x}|${resumeKey}` -> real wake-up time of a Wait. */
  readonly waits = new Map<string, number>();
  private readonly journal: Journal<Rec>;
  /** Closed executions whose history is still in memory, oldest first. */
  private readonly cachedHistories = new Set<Execution>();

  /**
   * @param retentionMs closed executions older than this are dropped on open (AWS keeps closed
   *   Standard executions for 90 days).
   * @param historyCacheSize how many closed executions keep their history in memory.
   */
  constructor(
    dataDir: string,
    retentionMs: number,
    private readonly historyCacheSize = 1000,
    /** Journey time (the local clock): history timestamps and retention are in journey time. */
    private readonly now: () => number = () => Date.now(),
  ) {
    const { journal, records } = Journal.open<Rec>(join(dataDir, "sfn", "journal.ndjson"), (recs) => compact(recs, retentionMs, now()));
    this.journal = journal;
    for (const rec of records) this.apply(rec);
  }

  /** An execution's history, from memory or (for older closed executions) from the journal. */
  history(exec: Execution): StoredEvent[] {
    if (exec.events) return exec.events;
    this.journal.flush();
    const prefix = `{"k":"ev","x":${JSON.stringify(exec.x)},`;
    const events: StoredEvent[] = [];
    for (const line of readFileSync(this.journal.file, "utf8").split("\n")) {
      if (line.startsWith(prefix)) events.push((JSON.parse(line) as { e: StoredEvent }).e);
    }
    return events;
  }

  get isOpen(): boolean {
    return this.journal.isOpen;
  }

  close(): void {
    this.journal.close();
  }

  /** Writes buffered records now (see Journal): call before anything leaves the process. */
  flush(): void {
    this.journal.flush();
  }

  private write(rec: Rec): void {
    this.journal.append(rec);
    this.apply(rec);
  }

  /** Applies a record to memory (used both for replay and for new records). */
  private apply(rec: Rec): void {
    switch (rec.k) {
      case "def":
        this.definitions.set(rec.h, { name: rec.name, definition: rec.d });
        break;
      case "start": {
        const exec: Execution = {
          x: rec.x,
          arn: rec.arn,
          smArn: rec.sm,
          smName: rec.smName,
          name: rec.name,
          hash: rec.h,
          input: rec.in,
          startMs: rec.t,
          roleArn: rec.role,
          status: "RUNNING",
          eventCount: 0,
          events: [],
        };
        this.executions.set(exec.arn, exec);
        this.byX.set(exec.x, exec);
        break;
      }
      case "ev": {
        const exec = this.byX.get(rec.x);
        if (!exec) break;
        exec.eventCount = rec.e.id;
        exec.events?.push(rec.e);
        if (rec.cp && rec.e.stateName !== undefined && rec.e.input !== undefined) {
          exec.checkpoint = { seq: rec.e.id, state: rec.e.stateName, input: rec.e.input, ...(rec.v ? { vars: rec.v } : {}) };
        }
        break;
      }
      case "tok": {
        if (this.tokens.has(rec.tok)) break;
        const state: TaskTokenState = {
          token: rec.tok,
          x: rec.x,
          key: rec.key,
          stateName: rec.s,
          resource: rec.r,
          issuedAt: rec.t,
          timeoutAt: rec.to,
          heartbeatMs: rec.hb,
          lastHeartbeat: rec.t,
        };
        this.tokens.set(rec.tok, state);
        this.tokensByKey.set(`${rec.x}|${rec.key}`, state);
        const list = this.tokensByExecution.get(rec.x);
        if (list) list.push(state);
        else this.tokensByExecution.set(rec.x, [state]);
        break;
      }
      case "hb": {
        const tok = this.tokens.get(rec.tok);
        if (tok) tok.lastHeartbeat = rec.t;
        break;
      }
      case "tokend": {
        const tok = this.tokens.get(rec.tok);
        if (tok && !tok.outcome) tok.outcome = rec.o;
        break;
      }
      case "wait":
        this.waits.set(`${rec.x}|${rec.key}`, rec.until);
        break;
      case "end": {
        const exec = this.byX.get(rec.x);
        if (!exec) break;
        exec.status = rec.st;
        exec.stopMs = rec.t;
        exec.output = rec.out;
        exec.error = rec.err;
        exec.cause = rec.cause;
        this.cachedHistories.add(exec);
        if (this.cachedHistories.size > this.historyCacheSize) {
          const oldest = this.cachedHistories.values().next().value as Execution;
          this.cachedHistories.delete(oldest);
          oldest.events = undefined;
        }
        break;
      }
    }
  }

  putDefinition(hash: string, name: string, definition: Record<string, unknown>): void {
    if (!this.definitions.has(hash)) this.write({ k: "def", h: hash, name, d: definition });
  }

  createExecution(e: { x: string; arn: string; smArn: string; smName: string; name: string; hash: string; input: string; startMs: number; roleArn: string }): Execution {
    this.write({ k: "start", x: e.x, arn: e.arn, sm: e.smArn, smName: e.smName, name: e.name, h: e.hash, in: e.input, t: e.startMs, role: e.roleArn });
    return this.byX.get(e.x)!;
  }

  /** `vars`: the top-level workflow variables at a checkpoint (omitted when there are none). */
  appendEvent(exec: Execution, event: Omit<StoredEvent, "id" | "previousEventId" | "t">, checkpoint: boolean, vars?: Record<string, JsonValue>): StoredEvent {
    const e = { id: exec.eventCount + 1, previousEventId: exec.eventCount, t: this.now(), ...event } as StoredEvent;
    const hasVars = vars !== undefined && Object.keys(vars).length > 0;
    this.write(checkpoint ? { k: "ev", x: exec.x, e, cp: 1, ...(hasVars ? { v: vars } : {}) } : { k: "ev", x: exec.x, e });
    return e;
  }

  issueToken(tok: TaskTokenState): void {
    this.write({ k: "tok", x: tok.x, key: tok.key, tok: tok.token, s: tok.stateName, r: tok.resource, t: tok.issuedAt, to: tok.timeoutAt, hb: tok.heartbeatMs });
  }

  heartbeat(token: string, at: number): void {
    this.write({ k: "hb", tok: token, t: at });
  }

  settleToken(token: string, outcome: TokenOutcome): void {
    this.write({ k: "tokend", tok: token, o: outcome });
  }

  recordWait(x: string, key: string, until: number): void {
    this.write({ k: "wait", x, key, until });
  }

  endExecution(exec: Execution, status: ExecutionStatus, result: { output?: string; error?: string; cause?: string }): void {
    this.write({ k: "end", x: exec.x, st: status, t: this.now(), out: result.output, err: result.error, cause: result.cause });
  }
}

/**
 * Keeps what a restart needs: definitions still referenced, executions within retention with
 * their history, and - for running executions - only the heartbeat/wait records that can still
 * matter (the last heartbeat per token, waits of the current checkpoint).
 */
function compact(records: Rec[], retentionMs: number, now: number): Rec[] {
  const cutoff = now - retentionMs;
  const dropped = new Set<string>();
  const running = new Set<string>();
  const checkpointSeq = new Map<string, number>();
  const tokenOwner = new Map<string, string>();
  const lastHeartbeat = new Map<string, Rec>();
  for (const rec of records) {
    if (rec.k === "start") running.add(rec.x);
    else if (rec.k === "end") {
      running.delete(rec.x);
      if (rec.t < cutoff) dropped.add(rec.x);
    } else if (rec.k === "ev" && rec.cp) checkpointSeq.set(rec.x, rec.e.id);
    else if (rec.k === "tok") tokenOwner.set(rec.tok, rec.x);
    else if (rec.k === "hb") lastHeartbeat.set(rec.tok, rec);
  }
  const usedDefs = new Set<string>();
  for (const rec of records) if (rec.k === "start" && !dropped.has(rec.x)) usedDefs.add(rec.h);
  const kept = records.filter((rec) => {
    switch (rec.k) {
      case "def":
        return usedDefs.has(rec.h);
      case "start":
      case "ev":
      case "end":
      case "tok":
        return !dropped.has(rec.x);
      case "tokend": {
        const owner = tokenOwner.get(rec.tok);
        return owner !== undefined && !dropped.has(owner);
      }
      case "hb": {
        const owner = tokenOwner.get(rec.tok);
        return owner !== undefined && running.has(owner) && lastHeartbeat.get(rec.tok) === rec;
      }
      case "wait":
        return running.has(rec.x) && Number(rec.key.split("|")[0]) === (checkpointSeq.get(rec.x) ?? 0);
    }
  });
  return kept.length === records.length ? records : kept;
}
