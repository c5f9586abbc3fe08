/**
 * The ledger: for every (notice, channel, post index) the intent before a publish call, the result after
 * it, failures and deletions. One JSON-lines file per notice in `<state>/ledger/`, so people can read and
 * diff it, and so CI runs that publish different notices never touch the same file.
 *
 * Every record is appended and fsync'ed before the call it announces is made. A crash at any byte leaves
 * at most one torn last line, which readers skip. Any other line that is not a valid record (checked with
 * zod where records are read) is damage: the notice stops with LEDGER_DAMAGED until a person repairs the
 * file, because a reading around it could miss a post that is out. Records never hold secrets (messages
 * are redacted).
 */
import path from "node:path";
import * as z from "zod";
import type { Env } from "../env.js";
import { problem } from "../messages.js";
import { InvalidInputError, type Problem } from "../problems.js";
import { appendJsonLine, readJsonLines, type DamagedLine } from "./jsonl.js";

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
  | (Base & { type: "intent"; key: string; content: string; total?: number; version?: number })
  /** A step of an attempt that a later attempt with the same key can pick up (a media container's id). */
  | (Base & { type: "progress"; key: string; step: Record<string, string> })
  | (Base & { type: "published"; key: string; content: string; id: string; url?: string; extra?: Record<string, string>; reconciled?: boolean; total?: number; version?: number })
  /** The channel had nothing to publish for this content (e.g. Instagram without an image). */
  | (Base & { type: "skipped"; content: string; reason: string })
  /** `kind`: whether the attempt may have been carried out (`unknown`) or certainly was not. */
  | (Base & { type: "failed"; key?: string; code: string; message: string; kind?: "transient" | "unknown" | "permanent" })
  | (Base & { type: "deleted"; id: string; manual?: boolean; confirmed?: boolean })
  /**
   * `announce correct` begins a new version of the channel's copy (written before its first step, index 0):
   * what it replaces (`from`) with what (`to`, content hashes), how (`edit` in place, a `reply` in the
   * thread, or `replace`: post again and delete the old), the indices of the thread it corrects (`thread`),
   * where new posts start (`base`) and how many posts the new version has (`total`).
   */
  | (Base & { type: "correction"; version: number; from: string; to: string; how: CorrectionHow; thread: number[]; base: number; total: number; note?: string })
  /** A published post edited in place: it now carries `content`, as part of `version`. */
  | (Base & { type: "edited"; id: string; content: string; version: number; total: number });

/** How a correction reaches a channel's copy. */
export type CorrectionHow = "edit" | "reply" | "replace";

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

  /**
   * All records of a notice, oldest first; a torn last line (crash mid-write) is skipped. Any other line
   * that is not a valid record throws an {@link InvalidInputError} (`LEDGER_DAMAGED`, one problem per
   * damaged line, file and line given): a reading without it could say "not published" about a post that
   * is out.
   */
  async records(noticeId: string): Promise<LedgerRecord[]> {
    const read = await readJsonLines(this.fileOf(noticeId), ledgerRecord);
    if (read.damaged.length > 0) throw new InvalidInputError(read.damaged.map((d) => ledgerDamaged(noticeId, d)));
    return read.records;
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
 * kills the process with SIGKILL just before the N-th ledger write of that run begins, or just after the
 * N-th one has finished, the way a power
 * cut or OOM kill would. Undefined (no hook) without the variable. One hook counts the writes of one run,
 * across all the notices it publishes (`due`).
 */
export function crashHook(env: Env): WriteHook | undefined {
  const spec = env.ANNOUNCE_TEST_CRASH;
  if (!spec) return undefined;
  // Begun and finished writes are counted apart: channels write side by side, so the N-th write to finish
  // is not always the last one begun (counted together, "after:1" never came when two writes overlapped).
  let begun = 0;
  let finished = 0;
  return (moment) => {
    const n = moment === "before" ? ++begun : ++finished;
    if (spec === `${moment}:${n}`) process.kill(process.pid, "SIGKILL");
  };
}

/** A time the ledger compares (reconciliation looks for posts made since an attempt): it must parse. */
const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a time");
const strings = z.record(z.string(), z.string());
const base = { v: z.literal(1), at: time, notice: z.string(), channel: z.string().min(1), platform: z.string(), index: z.number().int().min(0) };

/** What a ledger line must be: checked at the one place records are read ({@link Ledger.records}). */
const ledgerRecord = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("intent"), key: z.string(), content: z.string(), total: z.number().int().min(1).optional(), version: z.number().int().min(1).optional() }),
  z.object({ ...base, type: z.literal("progress"), key: z.string(), step: strings }),
  z.object({ ...base, type: z.literal("published"), key: z.string(), content: z.string(), id: z.string(), url: z.string().optional(), extra: strings.optional(), reconciled: z.boolean().optional(), total: z.number().int().min(1).optional(), version: z.number().int().min(1).optional() }),
  z.object({ ...base, type: z.literal("skipped"), content: z.string(), reason: z.string() }),
  z.object({ ...base, type: z.literal("failed"), key: z.string().optional(), code: z.string(), message: z.string(), kind: z.enum(["transient", "unknown", "permanent"]).optional() }),
  z.object({ ...base, type: z.literal("deleted"), id: z.string(), manual: z.boolean().optional(), confirmed: z.boolean().optional() }),
  z.object({
    ...base, type: z.literal("correction"), version: z.number().int().min(2), from: z.string(), to: z.string(), how: z.enum(["edit", "reply", "replace"]),
    thread: z.array(z.number().int().min(0)), base: z.number().int().min(0), total: z.number().int().min(1), note: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal("edited"), id: z.string(), content: z.string(), version: z.number().int().min(2), total: z.number().int().min(1) }),
]) satisfies z.ZodType<LedgerRecord>;

/**
 * The problem of a damaged ledger: which notice, which file and line, what is wrong, and how to repair
 * it. Invalid input: nothing is published or deleted for the notice until the file is repaired, because
 * the ledger without that line could say "not published" about a post that is out.
 */
export function ledgerDamaged(noticeId: string, damaged: DamagedLine): Problem {
  return problem("LEDGER_DAMAGED", { id: noticeId, line: damaged.line, damage: damaged.damage }, { location: { file: damaged.file, line: damaged.line } });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A record without the fields the writer of one channel fills in itself. */
export type LedgerEntry = DistributiveOmit<LedgerRecord, "v" | "at" | "notice" | "channel" | "platform">;
