/**
 * The one reading of the ledger: what the records of one channel of one notice say, as a value that
 * `post`, `status`, `due` and `delete` switch on. Pure: records in, a state out, so every rule about
 * "is it out, may it be live, did it change" is here and is tested as a table.
 */
import type { CorrectionHow, LedgerRecord } from "./ledger.js";

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
  /** The version of the channel's copy this post belongs to (1: as first published; `correct` makes more). */
  version: number;
  /** When it was last edited in place, if it was. */
  edited?: string;
}

/** A correction of a channel's copy, as `announce correct` recorded it before its first step. */
export interface Correction {
  /** The version it makes (2 for the first correction). */
  version: number;
  /** Content hashes: the version it corrects, and the one it publishes. */
  from: string;
  to: string;
  how: CorrectionHow;
  /** Indices of the posts of the thread it corrects, in thread order. */
  thread: number[];
  /** The first index of posts it adds. */
  base: number;
  /** Posts of the new version. */
  total: number;
  note?: string;
  at: string;
}

/**
 * The ledger index of the `position`-th post of a correction's new version: an edit keeps the thread's
 * posts (and adds tail posts after every index used so far); a reply or a replacement adds new posts.
 */
export function correctionIndex(correction: Pick<Correction, "how" | "thread" | "base">, position: number): number {
  const { how, thread, base } = correction;
  if (how !== "edit") return base + position;
  return position < thread.length ? thread[position]! : base + position - thread.length;
}

/** One version of a channel's copy: its number, content hash, how it came out, when it began. */
export interface Version {
  version: number;
  content: string;
  how: "post" | CorrectionHow;
  at: string;
  /** Every post of it is out (and, for a correction, what it replaces is gone). */
  complete: boolean;
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
  /** The version the channel carries: the latest complete one (1 until a correction is complete). */
  version: number;
  /** Every version of the channel's copy, oldest first. */
  versions: Version[];
  /** The posts of the version the channel carries, in thread order (all published posts without corrections). */
  live: PublishedPost[];
  /** The latest correction, complete or not. */
  correction?: Correction;
}

/** Why a notice counts as changed on a channel. */
export type ChangedWhy = "edited" | "edited-after-interrupted" | "split-changed" | "correcting";

/**
 * What the ledger says about a channel, checked in this order:
 * - `fresh`: no record at all;
 * - `retracted`: every post was deleted by `delete` and nothing was attempted since;
 * - `changed`: the notice was edited after an attempt whose outcome is unknown (the earlier version may be
 *   live), a correction (`announce correct`) was begun and is not complete, the thread is split differently
 *   than when its first posts went out (only when the plan's number of posts is given), or the notice was
 *   edited after posts went out (or after its latest correction);
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
    | { kind: "changed"; why: "correcting"; /** The correction begun. */ correction: Correction }
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
  published?: { content: string; id: string; url?: string; extra?: Record<string, string>; at: string; total?: number; version: number; edited?: string };
  skipped?: { content: string; reason: string; at: string };
  failed?: Failure;
  deleted?: { at: string; manual?: boolean };
}

/**
 * Folds the records of one channel into its posts and its corrections, oldest record first. A retraction
 * (every post deleted, nothing attempted) ends the corrections before it: posting the notice again on
 * purpose starts a copy of its own.
 */
function foldPosts(records: readonly LedgerRecord[]): { posts: Map<number, PostRecord>; corrections: Correction[] } {
  const posts = new Map<number, PostRecord>();
  let corrections: Correction[] = [];
  for (const record of records) {
    if (record.type === "correction") {
      const { version, from, to, how, thread, base, total, note, at } = record;
      corrections.push({ version, from, to, how, thread, base, total, note, at });
      continue;
    }
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
        post.published = { content: record.content, id: record.id, url: record.url, extra: record.extra, at: record.at, total: record.total, version: record.version ?? 1 };
        post.failed = undefined;
        post.deleted = undefined;
        break;
      case "edited":
        if (post.published) post.published = { ...post.published, content: record.content, version: record.version, total: record.total, edited: record.at };
        post.failed = undefined;
        break;
      case "skipped":
        post.skipped = { content: record.content, reason: record.reason, at: record.at };
        post.failed = undefined;
        break;
      case "failed":
        post.failed = { index: record.index, code: record.code, message: record.message, at: record.at, kind: record.kind };
        break;
      case "deleted":
        // A manual deletion a person confirmed (`delete --confirm-manual`) is a deletion like any other.
        post.deleted = { at: record.at, manual: record.manual && !record.confirmed };
        if (!post.deleted.manual) {
          post.published = undefined;
          post.intent = undefined;
          if ([...posts.values()].every((p) => !p.published && !p.intent)) corrections = [];
        }
        break;
    }
  }
  return { posts, corrections };
}

/**
 * The state of one channel of one notice.
 * @param records the ledger records of that channel and notice, oldest first
 * @param current.content the notice's current content hash
 * @param current.plan what the current plan has for the channel; its number of posts only when it was
 *   rendered with the live limits (an offline plan may split differently than the published one)
 */
export function channelState(records: readonly LedgerRecord[], current: { content: string; plan?: PlannedChannel }): ChannelState {
  const fold = foldPosts(records);
  const folded = [...fold.posts.values()].sort((a, b) => a.index - b.index);
  const posts: PublishedPost[] = folded.flatMap((p) =>
    p.published
      ? [{ index: p.index, id: p.published.id, url: p.published.url, extra: p.published.extra, at: p.published.at, content: p.published.content, deletedByHand: p.deleted?.manual ? p.deleted.at : undefined, version: p.published.version, edited: p.published.edited }]
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
  const versions = readVersions(posts, fold.corrections);
  const carried = versions.filter((v) => v.complete).at(-1);
  const correction = fold.corrections.at(-1);
  const carriedCorrection = carried && carried.version > 1 ? fold.corrections.find((c) => c.version === carried.version) : undefined;
  const live = carriedCorrection ? postsOf(carriedCorrection, posts) : posts.filter((p) => p.version === 1);
  const facts: ChannelFacts = {
    posts, attempts, failure, skip: skipped ? { reason: skipped.reason, current: skipped.content === current.content } : undefined,
    version: carried?.version ?? 1, versions, live, correction,
  };

  if (folded.length === 0) return { ...facts, kind: "fresh" };
  if (folded.some((p) => p.deleted && !p.deleted.manual) && folded.every((p) => !p.published && !p.intent)) return { ...facts, kind: "retracted" };

  const unknown = attempts.filter((a) => a.outcome === "unknown");
  // An edit after an attempt whose outcome is unknown: the earlier version may be live, and neither its
  // key nor a search for the new text would find it.
  const interrupted = unknown.find((a) => a.content !== current.content);
  if (interrupted) return { ...facts, kind: "changed", why: "edited-after-interrupted", attempt: interrupted };

  if (correction) {
    // A correction begun and not complete: some posts may carry the new version, some the old one.
    if (!versions.at(-1)!.complete) return { ...facts, kind: "changed", why: "correcting", correction };
    if (correction.to !== current.content) return { ...facts, kind: "changed", why: "edited", complete: true };
    return { ...facts, kind: "published", total: correction.total };
  }

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
  // (Without corrections every post is of version 1: `live` is `posts`.)
  if (unknown.length > 0) return { ...facts, kind: "pending", unknown };

  const skipNow = posts.length === 0 && facts.skip?.current;
  if (failure && !skipNow) return { ...facts, kind: "failed", failure };
  if (complete) return { ...facts, kind: "published", total: publishedTotal };
  if (posts.length > 0) return { ...facts, kind: "partial", total: publishedTotal };
  if (facts.skip) return { ...facts, kind: "skipped", reason: facts.skip.reason, current: facts.skip.current };
  // Records that say nothing about a post being out or attempted: nothing to publish was tried yet.
  return { ...facts, kind: "fresh" };
}

/** The posts of a correction's new version that are out, in thread order. */
function postsOf(correction: Correction, posts: readonly PublishedPost[]): PublishedPost[] {
  return Array.from({ length: correction.total }, (_, i) => posts.find((p) => p.index === correctionIndex(correction, i) && p.version === correction.version)).filter((p): p is PublishedPost => p !== undefined);
}

/** Whether a correction is carried out: its posts are all out, and what it takes away is gone. */
function correctionComplete(correction: Correction, posts: readonly PublishedPost[]): boolean {
  if (postsOf(correction, posts).length < correction.total) return false;
  const out = (index: number) => posts.some((p) => p.index === index && p.deletedByHand === undefined);
  if (correction.how === "edit") return correction.thread.slice(correction.total).every((index) => !out(index));
  if (correction.how === "replace") return correction.thread.every((index) => !out(index));
  return true;
}

/** The versions of a channel's copy: the first publication, then each correction. */
function readVersions(posts: readonly PublishedPost[], corrections: readonly Correction[]): Version[] {
  const first = posts.filter((p) => p.version === 1);
  const firstContent = corrections[0]?.from ?? first[0]?.content ?? "";
  const versions: Version[] = [{ version: 1, content: firstContent, how: "post", at: [...first].sort((a, b) => a.at.localeCompare(b.at))[0]?.at ?? "", complete: true }];
  for (const c of corrections) versions.push({ version: c.version, content: c.to, how: c.how, at: c.at, complete: correctionComplete(c, posts) });
  return versions;
}
