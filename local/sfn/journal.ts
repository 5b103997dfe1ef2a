// Append-only NDJSON journal shared by the Step Functions engine and the Scheduler emulation.
//
// Durability model: every record is one `write(2)` of one complete line on a file opened with
// O_APPEND (fs.writeSync). The write lands in the kernel page cache before the call returns, so
// it survives `kill -9` of the process (not a power loss - there is no fsync per line; that is
// the price of thousands of transitions per second). A record is written before the effect it
// describes becomes visible outside the process, e.g. a task token is journaled before the
// integration that receives it is invoked.
//
// On open the file is replayed and compacted: the caller decides which records still matter and
// the survivors are written to a temporary file that atomically replaces the journal. A torn
// last line (impossible with single writes, but cheap to tolerate) is dropped.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export class Journal<R> {
  private fd: number | undefined;

  private constructor(readonly file: string) {}

  /**
   * Reads every record, lets `compact` choose the survivors (it may return the same array to
   * keep everything), rewrites the file if anything was dropped, and opens it for appending.
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
    if (damaged || kept !== records || kept.length !== records.length) journal.rewrite(kept);
    journal.fd = openSync(file, "a");
    return { journal, records: kept };
  }

  append(record: R): void {
    if (this.fd === undefined) throw new Error(`journal ${this.file} is closed`);
    writeSync(this.fd, JSON.stringify(record) + "\n");
  }

  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  close(): void {
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
