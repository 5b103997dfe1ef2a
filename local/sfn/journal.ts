// Append-only NDJSON journal shared by the Step Functions engine and the Scheduler emulation.
//
// Durability model: records are appended as complete lines with `write(2)` on a file opened
// with O_APPEND (fs.writeSync). A write lands in the kernel page cache before the call returns,
// so it survives `kill -9` of the process (not a power loss: there is no fsync per line - that is
// the price of thousands of transitions per second).
//
// Records appended during one synchronous stretch of work are coalesced and written by a single
// writeSync when the current microtask queue drains (or earlier via flush()). Nothing outside the
// process can observe an effect of those records before that point - I/O only happens on a later
// event-loop turn - except what the caller does synchronously, so callers flush() before handing
// something out (a task token to an integration, an API response, another journal's record).
//
// On open the file is replayed and compacted: the caller decides which records still matter and
// the survivors are written to a temporary file (fsync'd) that atomically replaces the journal.
// A torn last line (impossible with single writes, but cheap to tolerate) is dropped.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export class Journal<R> {
  private fd: number | undefined;

  private constructor(readonly file: string) {}

  /**
   * Reads every record, lets `compact` choose the survivors (it may return the same array to
   * keep everything), rewrites the file without the rest when worthwhile, and opens it for
   * appending. Returns the survivors.
   */
  static open<R>(file: string, compact: (records: R[]) => R[]): { journal: Journal<R>; records: R[] } {
    mkdirSync(dirname(file), { recursive: true });
    const records: R[] = [];
    let damaged = false;
    if (existsSync(file)) {
      const text = readFileSync(file, "utf8");
      for (const line of text.split("\n")) {
        if (!line) continue;
        try {
          records.push(JSON.parse(line) as R);
        } catch {
          damaged = true;
        }
      }
      if (text.length > 0 && !text.endsWith("\n")) damaged = true;
    }
    const kept = compact(records);
    const journal = new Journal<R>(file);
    // Rewriting costs a pass over the whole file, so it is done when it pays: at least a tenth of
    // the lines are garbage (or the file is damaged). Until then the garbage is skipped on replay.
    if (damaged || records.length - kept.length > records.length * 0.1) journal.rewrite(kept);
    journal.fd = openSync(file, "a");
    return { journal, records: kept };
  }

  private pending: string[] = [];
  private flushQueued = false;

  append(record: R): void {
    if (this.fd === undefined) throw new Error(`journal ${this.file} is closed`);
    this.pending.push(JSON.stringify(record));
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Writes every appended record now. */
  flush(): void {
    this.flushQueued = false;
    if (this.fd === undefined || this.pending.length === 0) return;
    const text = this.pending.join("\n") + "\n";
    this.pending = [];
    writeSync(this.fd, text);
  }

  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private rewrite(records: R[]): void {
    const tmp = `${this.file}.compact-${process.pid}`;
    const fd = openSync(tmp, "w");
    try {
      const chunk: string[] = [];
      for (const rec of records) {
        chunk.push(JSON.stringify(rec));
        if (chunk.length >= 1000) {
          writeSync(fd, chunk.join("\n") + "\n");
          chunk.length = 0;
        }
      }
      if (chunk.length) writeSync(fd, chunk.join("\n") + "\n");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}
