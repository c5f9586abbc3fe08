/**
 * The publishing pipeline: validate everything, connect to every channel, plan with live limits, then
 * publish all channels concurrently (the posts of one thread in order), with the ledger, retries and
 * reconciliation. Platforms only say how to talk to their API; everything here is the same for all.
 */
import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import type { Notice } from "../announcement/notice.js";
import { resolveSecrets, type Env } from "../config/config.js";
import { InvalidInputError, type Problem, PublishError } from "../problems.js";
import type { PreparedImage } from "../media/prepare.js";
import { planNotice, prepareImages, type ChannelPlan, type Plan } from "../plan/plan.js";
import { expiryWarning, tokenExpiry } from "./token-expiry.js";
import { platformById } from "../platforms/index.js";
import { imageSpecWithin, type Channel, type Connection, type PostToSend, type Publisher, type PublishContext, type Receipt, type UploadImage } from "../platforms/platform.js";
import { Redactor } from "../redact.js";
import { asPublishError, quotaExhausted } from "../platforms/shared/failure.js";
import { allPublished, Ledger, outcomeUnknown, type ChannelState, type LedgerEntry, type LedgerRecord } from "../state/ledger.js";
import { lockNotice, lockOptions, type LockOptions } from "../state/lock.js";
import { backoffMs, defaultRetryPolicy, sleep, waitTooLong, withRetries, type RetryPolicy } from "../retry.js";
import { checkGates } from "./gates.js";
import { loadInputs, type Loaded } from "./load.js";
import { auditChannels } from "../state/audit.js";
import { readPause, type PauseState } from "../state/pause.js";

/** Progress, as facts: the CLI turns them into a progress display; `--json` users get the report. */
export type PublishEvent =
  | { type: "connecting"; channel: string }
  | { type: "connected"; channel: string; account: string }
  | { type: "publishing"; channel: string; index: number; total: number }
  | { type: "retrying"; channel: string; index: number; attempt: number; waitMs: number; reason: string }
  | { type: "reconciled"; channel: string; index: number; url?: string }
  | { type: "channel-done"; channel: string; report: ChannelReport };

export interface PostResult {
  index: number;
  id: string;
  url?: string;
  /** Published by an earlier run (skipped now). */
  earlier?: boolean;
  /** Found on the platform after an interrupted attempt, not posted again. */
  reconciled?: boolean;
}

export interface ChannelReport {
  channel: string;
  platform: string;
  status: "published" | "skipped" | "failed" | "changed" | "planned";
  reason?: string;
  account?: string;
  posts: PostResult[];
  error?: { code: string; message: string; hint?: string; status?: number; platformMessage?: string };
  warnings: string[];
}

export interface PublishReport {
  notice: { id: string; title: string; urgent: boolean; file: string; content: string; publishAt?: string };
  dryRun: boolean;
  /** Publishing is paused (`announce pause`); urgent notices still go out. */
  paused?: PauseState;
  channels: ChannelReport[];
  /** The plan that was (or would be) published, with live limits. */
  plan: Plan;
}

export interface PublishOptions {
  notice: string;
  config: string;
  env: Env;
  only?: string[];
  dryRun?: boolean;
  /** Overrides the config's state folder (`--state`). */
  stateDir?: string;
  onEvent?: (event: PublishEvent) => void;
  redactor?: Redactor;
  retry?: RetryPolicy;
  lock?: LockOptions;
  /** Actor recorded with each action (for the audit log). */
  actor?: string;
  /** Publish even though `publish_at` is still in the future (`--now`). */
  now?: boolean;
  /** The current time (tests). */
  clock?: () => Date;
  /**
   * Posts without a record may have been published since this time by a run whose ledger was lost (`due
   * --git` taking over an abandoned claim): each is looked for on the platform before it is published.
   */
  reconcileSince?: Date;
}

interface Connected {
  channel: Channel;
  publisher: Publisher;
  connection: Connection;
}

/**
 * Resolves secrets and connects to channels. Before publishing, a permanent failure (a bad token) is an
 * input problem: nothing is published. `delete` passes `permanentIsInput: false`: a retraction must reach
 * every channel it can, so one channel's bad token fails only that channel.
 */
export async function connectChannels(
  channels: Channel[],
  loaded: Loaded,
  env: Env,
  redactor: Redactor,
  signal: AbortSignal,
  onEvent?: (event: PublishEvent) => void,
  options: { permanentIsInput: boolean } = { permanentIsInput: true },
): Promise<{ connected: Connected[]; unreachable: ChannelReport[] }> {
  const problems: Problem[] = [];
  const withSecrets = channels.map((channel) => {
    const { secrets, problems: missing } = resolveSecrets(channel, env, loaded.config.file);
    problems.push(...missing);
    for (const value of Object.values(secrets)) redactor.add(value);
    return { channel, secrets };
  });
  if (problems.length > 0) throw new InvalidInputError(problems);

  const unreachable: ChannelReport[] = [];
  const connected: Connected[] = [];
  await Promise.all(
    withSecrets.map(async ({ channel, secrets }) => {
      const platform = platformById(channel.platform);
      if (!platform.publisher) {
        problems.push({ code: "PLATFORM_NOT_PUBLISHABLE", message: `Publishing to ${platform.name} is not available in this version.`, hint: `Remove ${channel.name} from the selection (--channel) or disable it in the config.`, channel: channel.name });
        return;
      }
      onEvent?.({ type: "connecting", channel: channel.name });
      const publisher = await platform.publisher();
      try {
        const connection = await withRetries(defaultRetryPolicy, signal, () =>
          publisher.connect({ channel, secrets, stateDir: loaded.stateDir, configDir: path.dirname(loaded.config.file), signal }),
        );
        const expiring = expiryWarning(tokenExpiry(connection, channel), channel.name);
        if (expiring) connection.warnings.push(expiring);
        onEvent?.({ type: "connected", channel: channel.name, account: connection.account });
        connected.push({ channel, publisher, connection });
      } catch (error) {
        const failure = asPublishError(error, platform.name);
        if (failure.kind === "permanent" && options.permanentIsInput) {
          problems.push({ code: failure.code, message: `${channel.name}: ${redactor.redact(failure.message)}`, hint: failure.hint, channel: channel.name });
        } else {
          // An outage must not hold back a warning on the other channels: this one fails, the rest go out.
          unreachable.push({ channel: channel.name, platform: channel.platform, status: "failed", posts: [], warnings: [], error: errorJson(failure, redactor) });
        }
      }
    }),
  );
  if (problems.length > 0) throw new InvalidInputError(problems);
  connected.sort((a, b) => channels.indexOf(a.channel) - channels.indexOf(b.channel));
  return { connected, unreachable };
}

/** `announce post`: publish a notice to every selected channel (or, with dryRun, only check and plan). */
export async function publishNotice(options: PublishOptions): Promise<PublishReport> {
  const redactor = options.redactor ?? new Redactor();
  const loaded = await loadInputs(options);
  const { config, notice, content } = loaded;

  // 1. Validate everything before anything is published.
  const offlinePlan = planNotice(notice, config, { only: options.only });
  if (offlinePlan.problems.length > 0) throw new InvalidInputError(offlinePlan.problems);
  const ready = offlinePlan.channels.filter((c) => c.status === "ready").map((c) => config.channels.find((ch) => ch.name === c.channel)!);
  const paused = await readPause(loaded.stateDir);
  await checkGates(loaded, ready, { now: options.now, clock: options.clock, paused });

  const controller = new AbortController();
  const { connected, unreachable } = await connectChannels(ready, loaded, options.env, redactor, controller.signal, options.onEvent);

  // 2. Render with the live limits.
  const plan = planNotice(notice, config, { only: options.only, limits: Object.fromEntries(connected.map((c) => [c.channel.name, c.connection.limits])) });
  await prepareImages(plan, notice, { retain: !options.dryRun });
  if (plan.problems.length > 0) throw new InvalidInputError(plan.problems);

  const skipped = plan.channels.filter((c) => c.status === "skipped").map((c): ChannelReport => ({ channel: c.channel, platform: c.platform, status: "skipped", reason: c.reason, posts: [], warnings: [] }));
  const noticeInfo = { id: notice.id, title: notice.title, urgent: notice.urgent, file: notice.file, content, publishAt: notice.publishAt?.toISOString() };
  if (options.dryRun) {
    const planned = connected.map(({ channel, connection }): ChannelReport => {
      const report: ChannelReport = { channel: channel.name, platform: channel.platform, status: "planned", account: connection.account, posts: [], warnings: connection.warnings };
      const quota = quotaExhausted(connection.quota, platformById(channel.platform).name);
      return quota ? { ...report, status: "failed", error: errorJson(quota, redactor) } : report;
    });
    return { notice: noticeInfo, dryRun: true, paused, channels: order([...planned, ...unreachable, ...skipped], plan), plan };
  }

  // 3. Publish all channels concurrently, under the notice's lock.
  const ledger = new Ledger(loaded.stateDir);
  const release = await lockNotice(loaded.stateDir, notice.id, options.lock ?? lockOptions(options.env));
  try {
    const state = await ledger.state(notice.id);
    // Skips are recorded too, so that `due` can tell a fully published notice from the ledger alone, and
    // so are channels that could not be reached: `due` retries what was attempted (see isFullyPublished).
    for (const c of skipped) {
      const known = state.get(c.channel)?.get(0);
      if (known?.skipped?.content !== content) await ledger.append({ v: 1, at: new Date().toISOString(), notice: notice.id, channel: c.channel, platform: c.platform, index: 0, type: "skipped", content, reason: c.reason ?? "" });
    }
    for (const c of unreachable) {
      await ledger.append({ v: 1, at: new Date().toISOString(), notice: notice.id, channel: c.channel, platform: c.platform, index: 0, type: "failed", code: c.error!.code, message: c.error!.message, kind: "transient" });
    }
    const images = await loadImages(plan, notice);
    const reports = await Promise.all(
      connected.map(async (c) => {
        const channelPlan = plan.channels.find((p) => p.channel === c.channel.name)!;
        const report = await publishChannel(c, channelPlan, {
          notice,
          content,
          ledger,
          state: state.get(c.channel.name) ?? new Map(),
          images: images.get(c.channel.name) ?? [],
          retry: options.retry ?? defaultRetryPolicy,
          redactor,
          signal: controller.signal,
          onEvent: options.onEvent,
          reconcileSince: options.reconcileSince,
        });
        options.onEvent?.({ type: "channel-done", channel: report.channel, report });
        return report;
      }),
    );
    const channels = order([...reports, ...unreachable, ...skipped], plan);
    await auditChannels(loaded.stateDir, { action: "post", actor: options.actor ?? "unknown", notice: notice.id, content }, channels);
    return { notice: noticeInfo, dryRun: false, paused, channels, plan };
  } finally {
    await release().catch(() => undefined);
  }
}

interface ChannelRun {
  notice: Notice;
  content: string;
  ledger: Ledger;
  state: ChannelState;
  images: UploadImage[][];
  retry: RetryPolicy;
  redactor: Redactor;
  signal: AbortSignal;
  onEvent?: (event: PublishEvent) => void;
  reconcileSince?: Date;
}

async function publishChannel({ channel, publisher, connection }: Connected, channelPlan: ChannelPlan, run: ChannelRun): Promise<ChannelReport> {
  // The connection's warnings array, not a copy: notes added while publishing (a link card left out, a
  // session that could not be saved) reach the report too.
  const report: ChannelReport = { channel: channel.name, platform: channel.platform, status: "published", account: connection.account, posts: [], warnings: connection.warnings };
  const base = { v: 1 as const, notice: run.notice.id, channel: channel.name, platform: channel.platform };
  const record = (r: LedgerEntry) => run.ledger.append({ ...base, at: new Date().toISOString(), ...r } as LedgerRecord);

  // A notice edited after an attempt whose outcome is unknown: the earlier version may be live, and
  // neither its key nor a search for the new text would find it. Stop rather than guess.
  const interrupted = [...run.state.values()].find((p) => outcomeUnknown(p) && p.intent!.content !== run.content);
  if (interrupted) {
    return {
      ...report,
      status: "changed",
      error: {
        code: "NOTICE_CHANGED",
        message: `The notice was edited after an interrupted attempt to publish it on ${channel.name} (post ${interrupted.index + 1}, ${interrupted.intent!.at}); that earlier version may be live.`,
        hint: `Restore the text of that attempt and run the same command (it finds and records the post), or look on ${channel.name}: delete the earlier post by hand if it is there and remove this notice's lines of ${channel.name} from the ledger file, then post again.`,
      },
    };
  }

  // The same notice split differently than when its first posts went out (a limit changed since): the
  // rest of the new split would repeat or lose text next to the published posts.
  const split = [...run.state.values()].find((p) => p.published?.total !== undefined && p.published.content === run.content)?.published?.total;
  if (split !== undefined && split !== channelPlan.posts.length && !allPublished(run.state)) {
    return {
      ...report,
      status: "changed",
      error: {
        code: "THREAD_SPLIT_CHANGED",
        message: `The notice now makes ${channelPlan.posts.length} posts on ${channel.name}, but ${split} were planned when its first posts went out (a character limit changed since).`,
        hint: `Restore the limit (max_characters in the config), or remove what is published (announce delete ${path.basename(run.notice.file)} --channel ${channel.name}) and post again.`,
      },
    };
  }

  // A notice edited after it was published is reported, not silently re-posted or ignored.
  const stale = [...run.state.values()].find((p) => p.published && p.published.content !== run.content);
  if (stale) {
    return {
      ...report,
      status: "changed",
      posts: [...run.state.values()].filter((p) => p.published).map((p) => ({ index: p.index, id: p.published!.id, url: p.published!.url, earlier: true })),
      error: {
        code: "NOTICE_CHANGED",
        message: `The notice was edited after it was published on ${channel.name}; the published version differs from the file.`,
        hint: `To publish the new version, remove the old one first (announce delete ${path.basename(run.notice.file)} --channel ${channel.name}), then post again; or restore the published text.`,
      },
    };
  }

  const platform = platformById(channel.platform);
  // A used-up quota (Instagram, Threads) fails this channel for now, before any attempt; the others
  // publish. A re-run whose posts are all out already needs no quota.
  const quota = quotaExhausted(connection.quota, platform.name);
  const firstMissing = channelPlan.posts.findIndex((_, index) => !run.state.get(index)?.published);
  if (quota && firstMissing >= 0) {
    await record({ type: "failed", index: firstMissing, code: quota.code, message: quota.message, kind: "permanent" });
    return { ...report, status: "failed", error: errorJson(quota, run.redactor) };
  }
  let root: Receipt | undefined;
  let previous: Receipt | undefined;
  for (const [index, post] of channelPlan.posts.entries()) {
    const done = run.state.get(index)?.published;
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
      notice: { id: run.notice.id, title: run.notice.title, lang: channelPlan.posts[0]?.fields?.language as string | undefined, urgent: run.notice.urgent, link: run.notice.link },
    };
    const intent = run.state.get(index)?.intent;
    const key = intent?.key ?? publisher.newKey?.() ?? randomUUID();
    // Steps an earlier attempt with this key saved (a media container): picked up, not made again.
    const saved = run.state.get(index)?.progress;
    const ctx: PublishContext = {
      key,
      replyTo: previous,
      root,
      signal: run.signal,
      optionalWorkMs: run.notice.urgent ? 1500 : 5000,
      since: intent ? new Date(intent.at) : (run.reconcileSince ?? new Date()),
      progress: saved?.key === key ? saved.step : undefined,
      checkpoint: async (step) => {
        await record({ type: "progress", index, key: ctx.key, step });
        ctx.progress = { ...ctx.progress, ...step };
      },
    };
    try {
      const lookFirst = Boolean(intent) || run.reconcileSince !== undefined;
      const recordIntent = intent ? undefined : () => record({ type: "intent", index, total: channelPlan.posts.length, key: ctx.key, content: run.content });
      const receipt = await publishPost(connection, item, ctx, lookFirst, run, index, channel.name, platform.name, recordIntent);
      await record({ type: "published", index, total: channelPlan.posts.length, key: ctx.key, content: run.content, id: receipt.receipt.id, url: receipt.receipt.url, extra: receipt.receipt.extra, reconciled: receipt.reconciled || undefined });
      report.posts.push({ index, id: receipt.receipt.id, url: receipt.receipt.url, reconciled: receipt.reconciled || undefined });
      previous = receipt.receipt;
      root ??= previous;
    } catch (error) {
      const failure = asPublishError(error, platform.name);
      await record({ type: "failed", index, key: ctx.key, code: failure.code, message: run.redactor.redact(failure.message), kind: failure.kind });
      return { ...report, status: "failed", error: errorJson(failure, run.redactor) };
    }
  }
  return report;
}

/**
 * One post: reconcile an earlier interrupted attempt first, record the intent, then publish with retries.
 * An outcome that is unknown (dropped connection, 5xx on create) is reconciled, never blindly retried.
 */
async function publishPost(
  connection: Connection,
  item: PostToSend,
  ctx: PublishContext,
  lookFirst: boolean,
  run: ChannelRun,
  index: number,
  channel: string,
  platformName: string,
  /** Records the intent; undefined when an earlier attempt recorded it. */
  recordIntent: (() => Promise<void>) | undefined,
): Promise<{ receipt: Receipt; reconciled: boolean }> {
  const find = () => withRetries(run.retry, run.signal, () => connection.find(item, ctx));
  if (lookFirst) {
    const found = await find();
    if (found) {
      run.onEvent?.({ type: "reconciled", channel, index, url: found.url });
      return { receipt: found, reconciled: true };
    }
  }
  await recordIntent?.();
  for (let attempt = 1; ; attempt++) {
    try {
      return { receipt: await connection.publish(item, ctx), reconciled: false };
    } catch (error) {
      const failure = asPublishError(error, platformName);
      if (failure.kind === "permanent" || attempt >= run.retry.attempts) throw failure;
      if (failure.kind === "unknown") {
        const found = await find();
        if (found) {
          run.onEvent?.({ type: "reconciled", channel, index, url: found.url });
          return { receipt: found, reconciled: true };
        }
      }
      const waitMs = backoffMs(run.retry, attempt, failure.retryAfterMs);
      if (waitMs > run.retry.maxWaitMs) throw waitTooLong(failure, waitMs, run.retry);
      run.onEvent?.({ type: "retrying", channel, index, attempt, waitMs, reason: failure.code });
      await sleep(waitMs, run.signal);
    }
  }
}

/** Prepared images per channel and post, with their bytes. */
async function loadImages(plan: Plan, notice: Notice): Promise<Map<string, UploadImage[][]>> {
  const { prepareImage } = await import("../media/prepare.js");
  const out = new Map<string, UploadImage[][]>();
  for (const channelPlan of plan.channels.filter((c) => c.status === "ready")) {
    const spec = imageSpecWithin(platformById(channelPlan.platform).imageSpec, channelPlan.limits);
    const perPost: UploadImage[][] = [];
    for (const post of channelPlan.posts) {
      const images: UploadImage[] = [];
      for (const index of post.images) {
        const prepared: PreparedImage = await prepareImage(notice.images[index]!.file, spec);
        const hash = createHash("sha256").update(prepared.data).digest("hex").slice(0, 20);
        images.push({ data: prepared.data, format: prepared.format, width: prepared.width, height: prepared.height, alt: notice.images[index]!.alt, name: `${hash}.${prepared.format === "jpeg" ? "jpg" : prepared.format}` });
      }
      perPost.push(images);
    }
    out.set(channelPlan.channel, perPost);
  }
  return out;
}

export function errorJson(failure: PublishError, redactor: Redactor): NonNullable<ChannelReport["error"]> {
  return {
    code: failure.code,
    message: redactor.redact(failure.message),
    hint: failure.hint,
    status: failure.status,
    platformMessage: failure.platformMessage ? redactor.redact(failure.platformMessage) : undefined,
  };
}

function order(reports: ChannelReport[], plan: Plan): ChannelReport[] {
  const position = (name: string) => plan.channels.findIndex((c) => c.channel === name);
  return reports.sort((a, b) => position(a.channel) - position(b.channel));
}
