/**
 * One channel's posts: decided from the channel's state in the ledger (changed, or what is out and what
 * an earlier attempt left), then each post in order, with the ledger, retries and reconciliation.
 */
import { randomUUID } from "node:crypto";
import { pastablePath, type Notice } from "../announcement/notice.js";
import { explain } from "../messages.js";
import type { ChannelPlan } from "../plan/plan.js";
import { platformById } from "../platforms/index.js";
import type { Connection, PostToSend, PublishContext, Receipt, UploadImage } from "../platforms/platform.js";
import { asPublishError, quotaExhausted } from "../platforms/shared/failure.js";
import type { Redactor } from "../redact.js";
import { backoffMs, sleep, waitTooLong, withRetries, type RetryPolicy } from "../retry.js";
import type { ChannelState } from "../state/channel-state.js";
import type { Ledger, LedgerEntry, LedgerRecord } from "../state/ledger.js";
import type { Connected } from "./connect.js";
import { errorJson, internalErrorJson, isClassified, type ChannelReport, type PublishEvent } from "./results.js";

/** What one channel's run needs besides its connection and plan. */
export interface ChannelRun {
  notice: Notice;
  /** The notice's content hash. */
  content: string;
  ledger: Ledger;
  /** The channel's state in the ledger, read with the plan's number of posts. */
  state: ChannelState;
  /** The images to upload, per post. */
  images: UploadImage[][];
  retry: RetryPolicy;
  redactor: Redactor;
  signal: AbortSignal;
  onEvent?: (event: PublishEvent) => void;
  reconcileSince?: Date;
}

/**
 * Publishes a channel's posts that are not out yet, in order. A classified failure ends the channel with
 * `failed`; an edit the ledger shows ends it with `changed` before anything is sent; a bug in the
 * channel's code ends it with `failed`, `INTERNAL_ERROR` and the error in `bug` (its attempt is recorded
 * as of unknown outcome, so a re-run looks for the post first).
 */
export async function publishChannel({ channel, publisher, connection, warn, warnings }: Connected, channelPlan: ChannelPlan, run: ChannelRun): Promise<ChannelReport> {
  // The channel's own list, not a copy: warnings told while publishing (a link card left out, a
  // session that could not be saved) reach the report too.
  const report: ChannelReport = { channel: channel.name, platform: channel.platform, status: "published", account: connection.account, posts: [], warnings };
  const base = { v: 1 as const, notice: run.notice.id, channel: channel.name, platform: channel.platform };
  const record = (r: LedgerEntry) => run.ledger.append({ ...base, at: new Date().toISOString(), ...r } as LedgerRecord);
  const { state } = run;
  const file = pastablePath(run.notice);

  if (state.kind === "changed") {
    switch (state.why) {
      case "edited-after-interrupted":
        return {
          ...report,
          status: "changed",
          error: explain("NOTICE_CHANGED", { after: "interrupted", channel: channel.name, post: state.attempt.index + 1, at: state.attempt.at }),
        };
      case "split-changed":
        return {
          ...report,
          status: "changed",
          error: explain("THREAD_SPLIT_CHANGED", { posts: state.planned, planned: state.split, channel: channel.name, file }),
        };
      case "edited":
      case "correcting":
        // Reported, not silently re-posted or ignored: `announce correct` publishes the new version (and
        // completes a correction that was interrupted).
        return {
          ...report,
          status: "changed",
          posts: (state.why === "edited" ? state.live : state.posts).map((p) => ({ index: p.index, id: p.id, url: p.url, earlier: true })),
          error: explain("NOTICE_CHANGED", { after: "published", channel: channel.name, file }),
        };
    }
  }
  // Out in a corrected version (`announce correct`), whose posts need not be at the plan's indices.
  if (state.kind === "published" && state.version > 1) {
    return { ...report, posts: state.live.map((p) => ({ index: p.index, id: p.id, url: p.url, earlier: true })) };
  }

  const platform = platformById(channel.platform);
  const out = new Map(state.posts.map((p) => [p.index, p]));
  const attempts = new Map(state.attempts.map((a) => [a.index, a]));
  // A used-up quota (Instagram, Threads) fails this channel for now, before any attempt; the others
  // publish. A re-run whose posts are all out already needs no quota.
  const quota = quotaExhausted(connection.quota, platform.name);
  const firstMissing = channelPlan.posts.findIndex((_, index) => !out.has(index));
  if (quota && firstMissing >= 0) {
    await record({ type: "failed", index: firstMissing, code: quota.code, message: quota.message, kind: "permanent" });
    return { ...report, status: "failed", error: errorJson(quota, run.redactor) };
  }
  let root: Receipt | undefined;
  let previous: Receipt | undefined;
  for (const [index, post] of channelPlan.posts.entries()) {
    const done = out.get(index);
    if (done) {
      previous = { id: done.id, url: done.url, extra: done.extra };
      root ??= previous;
      report.posts.push({ index, id: done.id, url: done.url, earlier: true });
      continue;
    }
    run.onEvent?.({ type: "publishing", channel: channel.name, index, total: channelPlan.posts.length });
    const item: PostToSend = {
      index,
      post,
      images: run.images[index] ?? [],
    };
    // An earlier attempt at this post: its key again (the platform's idempotency key), its steps picked up.
    const attempt = attempts.get(index);
    const ctx: PublishContext = {
      key: attempt?.key ?? publisher.newKey?.() ?? randomUUID(),
      replyTo: previous,
      root,
      signal: run.signal,
      optionalWorkMs: run.notice.urgent ? 1500 : 5000,
      since: attempt ? new Date(attempt.at) : (run.reconcileSince ?? new Date()),
      // Looked for although the ledger has no attempt: a run whose ledger was lost may have made it.
      unkeyed: attempt === undefined && run.reconcileSince !== undefined,
      progress: attempt?.progress,
      checkpoint: async (step) => {
        await record({ type: "progress", index, key: ctx.key, step });
        ctx.progress = { ...ctx.progress, ...step };
      },
      warn,
      uploading: (image, images) => run.onEvent?.({ type: "uploading", channel: channel.name, index, image, images }),
    };
    try {
      const lookFirst = attempt !== undefined || run.reconcileSince !== undefined;
      const recordIntent = attempt ? undefined : () => record({ type: "intent", index, total: channelPlan.posts.length, key: ctx.key, content: run.content });
      const receipt = await publishPost(connection, item, ctx, { lookFirst, run, channel: channel.name, platformName: platform.name, recordIntent });
      await record({ type: "published", index, total: channelPlan.posts.length, key: ctx.key, content: run.content, id: receipt.receipt.id, url: receipt.receipt.url, extra: receipt.receipt.extra, reconciled: receipt.reconciled || undefined });
      report.posts.push({ index, id: receipt.receipt.id, url: receipt.receipt.url, reconciled: receipt.reconciled || undefined });
      previous = receipt.receipt;
      root ??= previous;
    } catch (error) {
      if (!isClassified(error)) {
        // A bug: whether the request it interrupted went out is unknown, so the attempt stays open.
        const failure = internalErrorJson(error, platform.name, run.redactor);
        await record({ type: "failed", index, key: ctx.key, code: failure.code, message: failure.message, kind: "unknown" });
        return { ...report, status: "failed", error: failure, bug: error };
      }
      const failure = asPublishError(error, platform.name);
      await record({ type: "failed", index, key: ctx.key, code: failure.code, message: run.redactor.redact(failure.message), kind: failure.kind });
      return { ...report, status: "failed", error: errorJson(failure, run.redactor) };
    }
  }
  return report;
}

/**
 * One post: reconcile an earlier interrupted attempt first, record the intent, then publish with retries.
 * An outcome that is unknown (dropped connection, 5xx on create) is reconciled, never blindly retried. A
 * bug (an error nobody classified) is not retried either: it goes up as it is.
 */
export async function publishPost(
  connection: Connection,
  item: PostToSend,
  ctx: PublishContext,
  o: {
    lookFirst: boolean;
    run: ChannelRun;
    channel: string;
    platformName: string;
    /** Records the intent; undefined when an earlier attempt recorded it. */
    recordIntent: (() => Promise<void>) | undefined;
  },
): Promise<{ receipt: Receipt; reconciled: boolean }> {
  const { run, channel } = o;
  const index = item.index;
  const find = () => withRetries(run.retry, run.signal, () => connection.find(item, ctx));
  if (o.lookFirst) {
    const found = await find();
    if (found) {
      run.onEvent?.({ type: "reconciled", channel, index, url: found.url });
      return { receipt: found, reconciled: true };
    }
  }
  await o.recordIntent?.();
  // From here on the post has a key in the ledger: a later look is by that key.
  ctx.unkeyed = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return { receipt: await connection.publish(item, ctx), reconciled: false };
    } catch (error) {
      if (!isClassified(error)) throw error;
      const failure = asPublishError(error, o.platformName);
      if (failure.kind === "permanent" || failure.final || attempt >= run.retry.attempts) throw failure;
      if (failure.kind === "unknown") {
        const found = await find();
        if (found) {
          run.onEvent?.({ type: "reconciled", channel, index, url: found.url });
          return { receipt: found, reconciled: true };
        }
      }
      const waitMs = backoffMs(run.retry, attempt, failure.retryAfterMs);
      if (waitMs > run.retry.maxWaitMs) throw waitTooLong(failure, waitMs, run.retry);
      run.onEvent?.({ type: "retrying", channel, index, attempt, attempts: run.retry.attempts, waitMs, reason: failure.code });
      await sleep(waitMs, run.signal);
    }
  }
}
