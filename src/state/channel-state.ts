/**
 * The one reading of the ledger: what the records of one channel of one notice say, as a value that
 * `post`, `status`, `due` and `delete` switch on. Pure: records in, a state out, so every rule about
 * "is it out, may it be live, did it change" is here and is tested as a table.
 */
import type { LedgerRecord } from "./ledger.js";

/** A post the ledger knows to be out (and not deleted through the API). */
export interface PublishedPost {
  index: number;
  id: string;
  url?: string;
  /** Platform details a reply or a deletion needs (Bluesky's cid, …). */
  extra?: Record<string, string>;
  at: string;
  /** The notice's content hash when the post went out. */
  content: string;
  /** When `delete` asked a person to remove it by hand (Instagram has no API to delete). */
  deletedByHand?: string;
}

/**
 * The attempt at a post that is not out: recorded as about to be made (its key and time), with the steps
 * it saved. A re-run uses the same key, looks for the post before making it, and picks the steps up.
 */
export interface Attempt {
  index: number;
  key: string;
  /** The notice's content hash the attempt was made with. */
  content: string;
  at: string;
  /** Steps this attempt saved (a media container's id), for a re-run with the same key. */
  progress?: Record<string, string>;
  /**
   * `unknown`: no answer, or a failure that may have been carried out: the post may be live.
   * `failed`: the platform certainly did not make it (a failure of known kind).
   */
  outcome: "unknown" | "failed";
}

/** The last failure recorded for the channel. */
export interface Failure {
  index: number;
  code: string;
  message: string;
  at: string;
  kind?: "transient" | "unknown" | "permanent";
}

/** Facts every state carries, for callers that need the detail behind the decision. */
export interface ChannelFacts {
  /** Published posts, by index. */
  posts: PublishedPost[];
  /** Attempts at posts that are not out, by index. */
  attempts: Attempt[];
  /** The most recent failure, if it still stands (a later intent, publish or skip clears it). */
  failure?: Failure;
  /** The channel's last skip (nothing to publish), and whether it was for the current content. */
  skip?: { reason: string; current: boolean };
}

/** Why a notice counts as changed on a channel. */
export type ChangedWhy = "edited" | "edited-after-interrupted" | "split-changed";

/**
 * What the ledger says about a channel, checked in this order:
 * - `fresh`: no record at all;
 * - `retracted`: every post was deleted by `delete` and nothing was attempted since;
 * - `changed`: the notice was edited after an attempt whose outcome is unknown (the earlier version may be
 *   live), the thread is split differently than when its first posts went out (only when the plan's
 *   number of posts is given), or the notice was edited after posts went out;
 * - `pending`: an attempt whose outcome is unknown (the post may be live; a re-run looks for it first);
 * - `failed`: the last attempt failed and certainly published nothing;
 * - `published`: every post of the thread (as long as it was when published) is out;
 * - `partial`: some are;
 * - `skipped`: the channel had nothing to publish (for this content, or for an earlier one).
 */
export type ChannelState = ChannelFacts &
  (
    | { kind: "fresh" }
    | { kind: "retracted" }
    | { kind: "changed"; why: "edited"; /** Every post of the published version is out. */ complete: boolean }
    | { kind: "changed"; why: "edited-after-interrupted"; /** The interrupted attempt. */ attempt: Attempt }
    | { kind: "changed"; why: "split-changed"; /** Posts the current plan makes. */ planned: number; /** Posts planned when the first went out. */ split: number }
    | { kind: "pending"; /** The attempts whose outcome is unknown. */ unknown: Attempt[] }
    | { kind: "failed"; failure: Failure }
    | { kind: "published"; total: number }
    | { kind: "partial"; total: number }
    | { kind: "skipped"; reason: string; current: boolean }
  );

/** What the current plan has for the channel: how many posts, when it was rendered with the live limits. */
export interface PlannedChannel {
  posts?: number;
}

/** One post, as its records leave it; internal to the reading. */
interface PostRecord {
  index: number;
  intent?: { key: string; content: string; at: string; total?: number };
  progress?: { key: string; step: Record<string, string> };
  published?: { content: string; id: string; url?: string; extra?: Record<string, string>; at: string; total?: number };
  skipped?: { content: string; reason: string; at: string };
  failed?: Failure;
  deleted?: { at: string; manual?: boolean };
}

/** Folds the records of one channel into its posts, oldest record first. */
function foldPosts(records: readonly LedgerRecord[]): Map<number, PostRecord> {
  const posts = new Map<number, PostRecord>();
  for (const record of records) {
    let post = posts.get(record.index);
    if (!post) posts.set(record.index, (post = { index: record.index }));
    switch (record.type) {
      case "progress":
        post.progress = { key: record.key, step: { ...(post.progress?.key === record.key ? post.progress.step : {}), ...record.step } };
        break;
      case "intent":
        post.intent = { key: record.key, content: record.content, at: record.at, total: record.total };
        post.failed = undefined;
        post.skipped = undefined;
        // A new attempt after a deletion through the API (`post` publishing a retracted notice again on
        // purpose): until it is out, it is an attempt like any other, not part of the retraction.
        if (!post.deleted?.manual) post.deleted = undefined;
        break;
      case "published":
        post.published = { content: record.content, id: record.id, url: record.url, extra: record.extra, at: record.at, total: record.total };
        post.failed = undefined;
        post.deleted = undefined;
        break;
      case "skipped":
        post.skipped = { content: record.content, reason: record.reason, at: record.at };
        post.failed = undefined;
        break;
      case "failed":
        post.failed = { index: record.index, code: record.code, message: record.message, at: record.at, kind: record.kind };
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
  return posts;
}

/**
 * The state of one channel of one notice.
 * @param records the ledger records of that channel and notice, oldest first
 * @param current.content the notice's current content hash
 * @param current.plan what the current plan has for the channel; its number of posts only when it was
 *   rendered with the live limits (an offline plan may split differently than the published one)
 */
export function channelState(records: readonly LedgerRecord[], current: { content: string; plan?: PlannedChannel }): ChannelState {
  const folded = [...foldPosts(records).values()].sort((a, b) => a.index - b.index);
  const posts: PublishedPost[] = folded.flatMap((p) =>
    p.published
      ? [{ index: p.index, id: p.published.id, url: p.published.url, extra: p.published.extra, at: p.published.at, content: p.published.content, deletedByHand: p.deleted?.manual ? p.deleted.at : undefined }]
      : [],
  );
  const attempts: Attempt[] = folded.flatMap((p) => {
    if (!p.intent || p.published) return [];
    const outcome = p.failed && p.failed.kind !== "unknown" && p.failed.kind !== undefined ? "failed" : "unknown";
    const progress = p.progress?.key === p.intent.key ? p.progress.step : undefined;
    return [{ index: p.index, key: p.intent.key, content: p.intent.content, at: p.intent.at, progress, outcome }];
  });
  const failure = folded.flatMap((p) => (p.failed ? [p.failed] : [])).sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  const skipped = folded.find((p) => p.index === 0)?.skipped;
  const facts: ChannelFacts = { posts, attempts, failure, skip: skipped ? { reason: skipped.reason, current: skipped.content === current.content } : undefined };

  if (folded.length === 0) return { ...facts, kind: "fresh" };
  if (folded.some((p) => p.deleted && !p.deleted.manual) && folded.every((p) => !p.published && !p.intent)) return { ...facts, kind: "retracted" };

  const unknown = attempts.filter((a) => a.outcome === "unknown");
  // An edit after an attempt whose outcome is unknown: the earlier version may be live, and neither its
  // key nor a search for the new text would find it.
  const interrupted = unknown.find((a) => a.content !== current.content);
  if (interrupted) return { ...facts, kind: "changed", why: "edited-after-interrupted", attempt: interrupted };

  // The thread's length when it was published, from the ledger: the plan made with the live limits at
  // publishing time (an instance's own character limit can make one post of what the offline plan splits).
  const publishedTotal = folded.find((p) => p.published?.total !== undefined)?.published?.total ?? posts.length;
  const complete = posts.length > 0 && posts.length >= publishedTotal;
  // The same notice split differently than when its first posts went out: the rest of the new split would
  // repeat or lose text next to the published posts.
  const split = folded.find((p) => p.published?.total !== undefined && p.published.content === current.content)?.published?.total;
  if (current.plan?.posts !== undefined && split !== undefined && split !== current.plan.posts && !complete) {
    return { ...facts, kind: "changed", why: "split-changed", planned: current.plan.posts, split };
  }
  if (posts.some((p) => p.content !== current.content)) return { ...facts, kind: "changed", why: "edited", complete };
  if (unknown.length > 0) return { ...facts, kind: "pending", unknown };

  const skipNow = posts.length === 0 && facts.skip?.current;
  if (failure && !skipNow) return { ...facts, kind: "failed", failure };
  if (complete) return { ...facts, kind: "published", total: publishedTotal };
  if (posts.length > 0) return { ...facts, kind: "partial", total: publishedTotal };
  if (facts.skip) return { ...facts, kind: "skipped", reason: facts.skip.reason, current: facts.skip.current };
  // Records that say nothing about a post being out or attempted: nothing to publish was tried yet.
  return { ...facts, kind: "fresh" };
}
