/**
 * The ledger: for every (notice, channel, post index) the intent before a publish call, the result after
 * it, failures and deletions. One JSON-lines file per notice in `<state>/ledger/`, so people can read and
 * diff it, and so CI runs that publish different notices never touch the same file.
 *
 * Every record is appended and fsync'ed before the call it announces is made. A crash at any byte leaves
 * at most one torn last line, which readers skip. Records never hold secrets (messages are redacted).
 */
import path from "node:path";
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

export interface PostState {
  index: number;
  intent?: { key: string; content: string; at: string };
  /** The steps recorded for the attempt with this key. */
  progress?: { key: string; step: Record<string, string> };
  published?: { key: string; content: string; id: string; url?: string; extra?: Record<string, string>; at: string; total?: number };
  skipped?: { content: string; reason: string };
  failed?: { code: string; message: string; at: string; kind?: "transient" | "unknown" | "permanent" };
  deleted?: { at: string; manual?: boolean };
}

export type ChannelState = Map<number, PostState>;

export class Ledger {
  constructor(readonly stateDir: string) {}

  fileOf(noticeId: string): string {
    return path.join(this.stateDir, "ledger", `${noticeId}.jsonl`);
  }

  /** All records of a notice, oldest first; a torn last line (crash mid-write) is skipped. */
  records(noticeId: string): Promise<LedgerRecord[]> {
    return readJsonLines<LedgerRecord>(this.fileOf(noticeId));
  }

  /** Appends one record and waits until it is on disk, before the step it announces starts. */
  async append(record: LedgerRecord): Promise<void> {
    crashPoint("before");
    await appendJsonLine(this.fileOf(record.notice), record);
    crashPoint("after");
  }

  /** The state of every post of a notice, per channel. */
  async state(noticeId: string): Promise<Map<string, ChannelState>> {
    return foldRecords(await this.records(noticeId));
  }
}

/**
 * Fault injection for the crash tests: ANNOUNCE_TEST_CRASH="before:N" or "after:N" kills the process with
 * SIGKILL just before or after the N-th ledger write of this run, the way a power cut or OOM kill would.
 */
let writes = 0;
function crashPoint(moment: "before" | "after"): void {
  const spec = process.env.ANNOUNCE_TEST_CRASH;
  if (!spec) return;
  if (moment === "before") writes++;
  if (spec === `${moment}:${writes}`) process.kill(process.pid, "SIGKILL");
}

/**
 * Whether every post a channel's plan had when it was published is out. The plan is the one made with the
 * live limits at publishing time (a Mastodon instance's own character limit can make one post of what the
 * offline plan splits in two), so it is read from the ledger, which records the thread's length with each post.
 */
export function allPublished(posts: ChannelState | undefined): boolean {
  const published = [...(posts?.values() ?? [])].filter((p) => p.published);
  return published.length > 0 && published.length >= (published[0]!.published!.total ?? published.length);
}

/**
 * An attempt whose outcome is unknown: recorded as about to be made, and then neither published nor
 * certainly refused (no answer, or a failure that may have been carried out). The post may be live.
 */
export function outcomeUnknown(post: PostState): boolean {
  return Boolean(post.intent) && !post.published && !post.deleted && (!post.failed || post.failed.kind === "unknown" || post.failed.kind === undefined);
}

export function foldRecords(records: LedgerRecord[]): Map<string, ChannelState> {
  const channels = new Map<string, ChannelState>();
  for (const record of records) {
    let posts = channels.get(record.channel);
    if (!posts) channels.set(record.channel, (posts = new Map()));
    let post = posts.get(record.index);
    if (!post) posts.set(record.index, (post = { index: record.index }));
    switch (record.type) {
      case "progress":
        post.progress = { key: record.key, step: { ...(post.progress?.key === record.key ? post.progress.step : {}), ...record.step } };
        break;
      case "intent":
        post.intent = { key: record.key, content: record.content, at: record.at };
        post.failed = undefined;
        break;
      case "published":
        post.published = { key: record.key, content: record.content, id: record.id, url: record.url, extra: record.extra, at: record.at, total: record.total };
        post.failed = undefined;
        post.deleted = undefined;
        break;
      case "skipped":
        post.skipped = { content: record.content, reason: record.reason };
        break;
      case "failed":
        post.failed = { code: record.code, message: record.message, at: record.at, kind: record.kind };
        break;
      case "deleted":
        post.deleted = { at: record.at, manual: record.manual };
        if (!record.manual) {
          post.published = undefined;
          post.intent = undefined;
        }
        break;
    }
  }
  return channels;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A record without the fields the writer of one channel fills in itself. */
export type LedgerEntry = DistributiveOmit<LedgerRecord, "v" | "at" | "notice" | "channel" | "platform">;
