/**
 * `announce adopt`: rebuilds a lost ledger from the platforms. For every selected channel it looks for the
 * notice's posts made since a given time, with each platform's `find` (the one reconciliation uses), by
 * what the posts say, and records each post it finds as published. Nothing is posted: a later `post`
 * publishes only what was not found, and `delete` can remove what was.
 *
 * A thread is looked for post by post, each as a reply to the one found before it; the first post that is
 * not found ends the search on that channel (the ones after it would answer it), and what was found is
 * recorded with the thread's length, so the channel reads as partly published.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Env } from "../config/config.js";
import { explain, problem, sentence } from "../messages.js";
import { planNotice } from "../plan/plan.js";
import { platformById } from "../platforms/index.js";
import type { PlannedPost, PublishContext, Receipt } from "../platforms/platform.js";
import { asPublishError } from "../platforms/shared/failure.js";
import { InvalidInputError } from "../problems.js";
import { Redactor } from "../redact.js";
import { defaultRetryPolicy, withRetries, type RetryPolicy } from "../retry.js";
import { auditChannels } from "../state/audit.js";
import { channelState, type ChannelState } from "../state/channel-state.js";
import { crashHook, Ledger, type LedgerEntry } from "../state/ledger.js";
import { lockNotice, lockOptions, type LockOptions } from "../state/lock.js";
import { connectChannels, type Connected } from "./connect.js";
import { loadInputs } from "./load.js";
import { errorJson, inPlanOrder, internalErrorJson, isClassified, type ChannelReport, type PostResult, type PublishEvent } from "./results.js";

export interface AdoptOptions {
  notice: string;
  config: string;
  env: Env;
  /** Posts made before this time are not this notice's (the time before it was first published). */
  since: Date;
  only?: string[];
  /** Look and report, record nothing. */
  dryRun?: boolean;
  stateDir?: string;
  redactor?: Redactor;
  retry?: RetryPolicy;
  lock?: LockOptions;
  onEvent?: (event: PublishEvent) => void;
  actor?: string;
}

/**
 * One channel: `adopted` (every post found, recorded), `partial` (the first ones found and recorded, the
 * rest not found), `not-found` (none), `known` (the ledger records it as published already), `skipped` (the
 * plan has nothing for it), `changed` (the ledger's posts are of an earlier version; left alone) or `failed`
 * (it could not be searched).
 */
export type AdoptStatus = "adopted" | "partial" | "not-found" | "known" | "skipped" | "changed" | "failed";

export interface AdoptReport {
  notice: { id: string; title: string; file: string; content: string };
  since: string;
  dryRun: boolean;
  channels: (Omit<ChannelReport, "status"> & { status: AdoptStatus; total?: number })[];
}

type AdoptChannel = AdoptReport["channels"][number];

/**
 * `--since`: a date and time (ISO 8601; a date alone is its midnight UTC) that is not in the future. Posts
 * made before it are never taken for the notice's.
 */
export function parseSince(value: string, now = new Date()): Date {
  const time = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(time)) throw new InvalidInputError([problem("SINCE_INVALID", { value, why: "unreadable" })]);
  if (time > now.getTime()) throw new InvalidInputError([problem("SINCE_INVALID", { value, why: "future" })]);
  return new Date(time);
}

/** Looks for the notice's posts on every selected channel and records what it finds (unless `dryRun`). */
export async function adoptNotice(options: AdoptOptions): Promise<AdoptReport> {
  const redactor = options.redactor ?? new Redactor();
  const loaded = await loadInputs(options);
  const { config, notice, content } = loaded;
  const since = options.since;

  const offlinePlan = planNotice(notice, config, { only: options.only });
  if (offlinePlan.problems.length > 0) throw new InvalidInputError(offlinePlan.problems);
  const ready = offlinePlan.channels.filter((c) => c.status === "ready").map((c) => config.channels.find((ch) => ch.name === c.channel)!);
  const ledger = new Ledger(loaded.stateDir, crashHook(options.env));
  await ledger.records(notice.id); // a damaged ledger stops here (LEDGER_DAMAGED), before any platform is asked

  const controller = new AbortController();
  // A rejected token fails its channel alone: what can be found elsewhere is still worth recording.
  const { connected, unreachable } = await connectChannels(ready, loaded, options.env, redactor, controller.signal, options.onEvent, { permanentIsInput: false });
  // The texts as they were published: rendered with the live limits, like `post` renders them.
  const plan = planNotice(notice, config, { only: options.only, limits: Object.fromEntries(connected.map((c) => [c.channel.name, c.connection.limits])) });
  const skipped = plan.channels.filter((c) => c.status === "skipped").map((c): AdoptChannel => ({ channel: c.channel, platform: c.platform, status: "skipped", reason: c.reason, posts: [], warnings: [] }));
  const noticeInfo = { id: notice.id, title: notice.title, file: notice.file, content };

  const release = options.dryRun ? async () => undefined : await lockNotice(loaded.stateDir, notice.id, options.lock ?? lockOptions(options.env));
  try {
    const records = await ledger.channels(notice.id);
    const retry = options.retry ?? defaultRetryPolicy;
    const reports = await Promise.all(
      connected.map(async (c) => {
        const channelPlan = plan.channels.find((p) => p.channel === c.channel.name)!;
        const state = channelState(records.get(c.channel.name) ?? [], { content, plan: { posts: channelPlan.posts.length } });
        return adoptChannel(c, channelPlan.posts.length, {
          state,
          posts: channelPlan.posts,
          since,
          retry,
          signal: controller.signal,
          record: options.dryRun ? undefined : (r) => ledger.append({ ...r, v: 1, at: new Date().toISOString(), notice: notice.id, channel: c.channel.name, platform: c.channel.platform }),
          content,
          file: notice.file,
          urgent: notice.urgent,
        }).catch((error: unknown): AdoptChannel => {
          const platformName = platformById(c.channel.platform).name;
          const failed: AdoptChannel = { channel: c.channel.name, platform: c.channel.platform, status: "failed", account: c.connection.account, posts: [], warnings: c.warnings };
          if (isClassified(error)) return { ...failed, error: errorJson(asPublishError(error, platformName), redactor) };
          return { ...failed, error: internalErrorJson(error, platformName, redactor), bug: error };
        });
      }),
    );
    const channels = inPlanOrder([...reports, ...unreachable.map((r): AdoptChannel => ({ ...r, status: "failed" })), ...skipped], plan);
    if (!options.dryRun) await auditChannels(loaded.stateDir, { action: "adopt", actor: options.actor ?? "unknown", notice: notice.id, content }, channels);
    return { notice: noticeInfo, since: since.toISOString(), dryRun: options.dryRun ?? false, channels };
  } finally {
    await release().catch(() => undefined);
  }
}

/** What one channel's search needs besides its connection. */
interface ChannelWork {
  /** The channel's state in the ledger, read with the plan's number of posts. */
  state: ChannelState;
  /** The posts as the channel's platform rendered them with the live limits. */
  posts: PlannedPost[];
  since: Date;
  retry: RetryPolicy;
  signal: AbortSignal;
  /** Writes a `published` record for the channel; undefined in a dry run. */
  record: ((r: Extract<LedgerEntry, { type: "published" }>) => Promise<void>) | undefined;
  content: string;
  file: string;
  urgent: boolean;
}

async function adoptChannel({ channel, publisher, connection, warn, warnings }: Connected, total: number, work: ChannelWork): Promise<AdoptChannel> {
  const report: AdoptChannel = { channel: channel.name, platform: channel.platform, status: "adopted", account: connection.account, posts: [], warnings, total };
  const { state } = work;
  if (state.kind === "changed") {
    // The ledger holds posts or an attempt of another version of the notice (or a different split): a
    // person decides, as for `post`.
    const posts = state.posts.map((p) => ({ index: p.index, id: p.id, url: p.url, earlier: true }));
    const error =
      state.why === "edited-after-interrupted"
        ? explain("NOTICE_CHANGED", { after: "interrupted", channel: channel.name, post: state.attempt.index + 1, at: state.attempt.at })
        : state.why === "split-changed"
          ? explain("THREAD_SPLIT_CHANGED", { posts: state.planned, planned: state.split, channel: channel.name, file: path.basename(work.file) })
          : explain("NOTICE_CHANGED", { after: "published", channel: channel.name, file: path.basename(work.file) });
    return { ...report, status: "changed", posts, error };
  }
  if (state.kind === "published") {
    return { ...report, status: "known", posts: state.posts.map((p) => ({ index: p.index, id: p.id, url: p.url, earlier: true })) };
  }
  const out = new Map(state.posts.map((p) => [p.index, p]));
  const attempts = new Map(state.attempts.map((a) => [a.index, a]));
  let root: Receipt | undefined;
  let previous: Receipt | undefined;
  let found = 0;
  for (const [index, post] of work.posts.entries()) {
    const known = out.get(index);
    if (known) {
      previous = { id: known.id, url: known.url, extra: known.extra };
      root ??= previous;
      report.posts.push({ index, id: known.id, url: known.url, earlier: true });
      found++;
      continue;
    }
    // An attempt the ledger does have is looked for by its key too (Bluesky's record key); a post without
    // one, by what it says.
    const attempt = attempts.get(index);
    const ctx: PublishContext = {
      key: attempt?.key ?? publisher.newKey?.() ?? randomUUID(),
      unkeyed: attempt === undefined,
      replyTo: previous,
      root,
      signal: work.signal,
      optionalWorkMs: work.urgent ? 1500 : 5000,
      since: work.since,
      progress: attempt?.progress,
      checkpoint: () => Promise.resolve(),
      warn,
    };
    // `find` looks by text, reply target and time; the images' bytes are not needed for that.
    const receipt = await withRetries(work.retry, work.signal, () => connection.find({ index, post, images: [] }, ctx));
    if (!receipt) break;
    await work.record?.({ type: "published", index, total, key: ctx.key, content: work.content, id: receipt.id, url: receipt.url, extra: receipt.extra, reconciled: true });
    const result: PostResult = { index, id: receipt.id, url: receipt.url, reconciled: true };
    report.posts.push(result);
    previous = receipt;
    root ??= previous;
    found++;
  }
  if (found === total) return report;
  const reason = sentence("ADOPT_NOT_FOUND", { found, total, since: work.since.toISOString() });
  return { ...report, status: found === 0 ? "not-found" : "partial", reason };
}
