/**
 * The ledger: for every (notice, channel, post index) the intent before a publish call, the result after
 * it, failures and deletions. One JSON-lines file per notice in `<state>/ledger/`, so people can read and
 * diff it, and so CI runs that publish different notices never touch the same file.
 *
 * Every record is appended and fsync'ed before the call it announces is made. A crash at any byte leaves
 * at most one torn last line, which readers skip. Records never hold secrets (messages are redacted).
 */
import path from "node:path";
import type { Env } from "../env.js";
import { appendJsonLine, readJsonLines } from "./jsonl.js";

interface Base {
  v: 1;
  at: string;
  notice: string;
  channel: string;
  platform: string;
  /** Position of the post in the channel's thread (0 for single posts). */
  index: number;
}

export type LedgerRecord =
  /** About to publish: the key (idempotency key / record key) and the notice's content hash. */
  | (Base & { type: "intent"; key: string; content: string; total?: number })
  /** A step of an attempt that a later attempt with the same key can pick up (a media container's id). */
  | (Base & { type: "progress"; key: string; step: Record<string, string> })
  | (Base & { type: "published"; key: string; content: string; id: string; url?: string; extra?: Record<string, string>; reconciled?: boolean; total?: number })
  /** The channel had nothing to publish for this content (e.g. Instagram without an image). */
  | (Base & { type: "skipped"; content: string; reason: string })
  /** `kind`: whether the attempt may have been carried out (`unknown`) or certainly was not. */
  | (Base & { type: "failed"; key?: string; code: string; message: string; kind?: "transient" | "unknown" | "permanent" })
  | (Base & { type: "deleted"; id: string; manual?: boolean });

/**
 * Called just before (`before`) and just after (`after`) each record is written. The crash tests use it
 * to stop the process at an exact step ({@link crashHook}); it is made per run, never shared.
 */
export type WriteHook = (moment: "before" | "after") => void;

export class Ledger {
  /**
   * @param stateDir the state folder
   * @param onWrite called around every append of this ledger (see {@link WriteHook})
   */
  constructor(
    readonly stateDir: string,
    private readonly onWrite?: WriteHook,
  ) {}

  fileOf(noticeId: string): string {
    return path.join(this.stateDir, "ledger", `${noticeId}.jsonl`);
  }

  /** All records of a notice, oldest first; a torn last line (crash mid-write) is skipped. */
  records(noticeId: string): Promise<LedgerRecord[]> {
    return readJsonLines<LedgerRecord>(this.fileOf(noticeId));
  }

  /**
   * The records of a notice per channel, oldest first, in the order the channels first appear. Read them
   * with `channelState` (channel-state.ts), the one reading of the ledger.
   */
  async channels(noticeId: string): Promise<Map<string, LedgerRecord[]>> {
    const channels = new Map<string, LedgerRecord[]>();
    for (const record of await this.records(noticeId)) {
      let records = channels.get(record.channel);
      if (!records) channels.set(record.channel, (records = []));
      records.push(record);
    }
    return channels;
  }

  /** Appends one record and waits until it is on disk, before the step it announces starts. */
  async append(record: LedgerRecord): Promise<void> {
    this.onWrite?.("before");
    await appendJsonLine(this.fileOf(record.notice), record);
    this.onWrite?.("after");
  }
}

/**
 * Fault injection for the crash tests: ANNOUNCE_TEST_CRASH="before:N" or "after:N" in a run's environment
 * kills the process with SIGKILL just before or after the N-th ledger write of that run, the way a power
 * cut or OOM kill would. Undefined (no hook) without the variable. One hook counts the writes of one run,
 * across all the notices it publishes (`due`).
 */
export function crashHook(env: Env): WriteHook | undefined {
  const spec = env.ANNOUNCE_TEST_CRASH;
  if (!spec) return undefined;
  let writes = 0;
  return (moment) => {
    if (moment === "before") writes++;
    if (spec === `${moment}:${writes}`) process.kill(process.pid, "SIGKILL");
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A record without the fields the writer of one channel fills in itself. */
export type LedgerEntry = DistributiveOmit<LedgerRecord, "v" | "at" | "notice" | "channel" | "platform">;
