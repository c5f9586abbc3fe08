/**
 * The publishing pipeline: validate everything, connect to every channel, plan with live limits, then
 * publish all channels concurrently (the posts of one thread in order), with the ledger, retries and
 * reconciliation. Platforms only say how to talk to their API; everything here is the same for all.
 * The steps have files of their own: connect.ts, channel.ts (one channel's posts), results.ts (reports).
 */
import type { Env } from "../config/config.js";
import { InvalidInputError } from "../problems.js";
import { planNotice, prepareImages } from "../plan/plan.js";
import { platformById } from "../platforms/index.js";
import { asPublishError, quotaExhausted } from "../platforms/shared/failure.js";
import { Redactor } from "../redact.js";
import { defaultRetryPolicy, type RetryPolicy } from "../retry.js";
import { auditChannels } from "../state/audit.js";
import { channelState, type ChannelState } from "../state/channel-state.js";
import { saveVersionText, readVersionText } from "../state/versions.js";
import { lineDiff, noticeText } from "../render/diff.js";
import type { Notice } from "../announcement/notice.js";
import { crashHook, Ledger, type WriteHook } from "../state/ledger.js";
import { lockNotice, lockOptions, type LockOptions } from "../state/lock.js";
import { readPause } from "../state/pause.js";
import { publishChannel } from "./channel.js";
import { canonicalFirst, listCopies } from "./canonical.js";
import { connectChannels, type Connected } from "./connect.js";
import { checkGates } from "./gates.js";
import { loadInputs } from "./load.js";
import { errorJson, inPlanOrder, internalErrorJson, isClassified, type ChannelReport, type NoticeChange, type PublishEvent, type PublishReport } from "./results.js";


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
  /**
   * Called around each ledger write of the run; by default made from `env` ({@link crashHook}). `due`
   * passes one hook to all the notices it publishes, so the writes of its run are counted together.
   */
  onLedgerWrite?: WriteHook;
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
  await checkGates(loaded, ready, { now: options.now, clock: options.clock, paused, dryRun: options.dryRun });
  // A damaged ledger stops the notice before any platform is contacted (LEDGER_DAMAGED, invalid input);
  // it is read again under the lock below, where the decisions are made.
  const ledger = new Ledger(loaded.stateDir, options.onLedgerWrite ?? crashHook(options.env));
  await ledger.records(notice.id);

  const controller = new AbortController();
  const { connected, unreachable } = await connectChannels(ready, loaded, options.env, redactor, controller.signal, options.onEvent);

  // 2. Render with the live limits.
  const plan = planNotice(notice, config, { only: options.only, limits: Object.fromEntries(connected.map((c) => [c.channel.name, c.connection.limits])) });
  // The bytes to upload belong to this run: they are freed with it (`due` publishes many notices).
  const images = await prepareImages(plan, notice, { retain: !options.dryRun });
  if (plan.problems.length > 0) throw new InvalidInputError(plan.problems);

  const skipped = plan.channels.filter((c) => c.status === "skipped").map((c): ChannelReport => ({ channel: c.channel, platform: c.platform, status: "skipped", reason: c.reason, posts: [], warnings: [] }));
  const noticeInfo = { id: notice.id, title: notice.title, urgent: notice.urgent, file: notice.file, content, publishAt: notice.publishAt?.toISOString() };
  if (options.dryRun) {
    const planned = connected.map(({ channel, connection, warnings }): ChannelReport => {
      const report: ChannelReport = { channel: channel.name, platform: channel.platform, status: "planned", account: connection.account, posts: [], warnings };
      const quota = quotaExhausted(connection.quota, platformById(channel.platform).name);
      return quota ? { ...report, status: "failed", error: errorJson(quota, redactor) } : report;
    });
    return { notice: noticeInfo, dryRun: true, paused, channels: inPlanOrder([...planned, ...unreachable, ...skipped], plan), plan };
  }

  // 3. Publish all channels concurrently, under the notice's lock.
  const release = await lockNotice(loaded.stateDir, notice.id, options.lock ?? lockOptions(options.env));
  try {
    const records = await ledger.channels(notice.id);
    const record = (c: { channel: string; platform: string }) => ({ v: 1 as const, at: new Date().toISOString(), notice: notice.id, channel: c.channel, platform: c.platform, index: 0 });
    // Skips are recorded too, so that `due` can tell a fully published notice from the ledger alone, and
    // so are channels that could not be reached: `due` retries what was attempted (see isFullyPublished).
    for (const c of skipped) {
      const known = channelState(records.get(c.channel) ?? [], { content }).skip;
      if (!known?.current) await ledger.append({ ...record(c), type: "skipped", content, reason: c.reason ?? "" });
    }
    for (const c of unreachable) {
      // A bug while connecting attempted nothing either; its kind only says that nobody classified it.
      await ledger.append({ ...record(c), type: "failed", code: c.error!.code, message: c.error!.message, kind: c.bug === undefined ? "transient" : "unknown" });
    }
    const retry = options.retry ?? defaultRetryPolicy;
    // The text of this version, for the diff a later edit of the notice is shown with.
    await saveVersionText(loaded.stateDir, notice.id, content, noticeText(notice));
    const states = new Map<string, ChannelState>();
    const runChannel = async (c: Connected): Promise<ChannelReport> => {
        const channelPlan = plan.channels.find((p) => p.channel === c.channel.name)!;
        const state = channelState(records.get(c.channel.name) ?? [], { content, plan: { posts: channelPlan.posts.length } });
        states.set(c.channel.name, state);
        const report = await publishChannel(c, channelPlan, {
          notice,
          content,
          ledger,
          state,
          images: images.get(c.channel.name) ?? [],
          retry,
          redactor,
          signal: controller.signal,
          onEvent: options.onEvent,
          reconcileSince: options.reconcileSince,
        }).catch((error: unknown): ChannelReport => {
          // An error outside a post's attempt (the ledger could not be written, …): this channel fails alone.
          const platformName = platformById(c.channel.platform).name;
          const failed: ChannelReport = { channel: c.channel.name, platform: c.channel.platform, status: "failed", account: c.connection.account, posts: [], warnings: c.warnings };
          if (isClassified(error)) return { ...failed, error: errorJson(asPublishError(error, platformName), redactor) };
          return { ...failed, error: internalErrorJson(error, platformName, redactor), bug: error };
        });
        options.onEvent?.({ type: "channel-done", channel: report.channel, report });
        return report;
    };
    // The canonical outlet (the website) first: the other channels' posts link to its page, which then
    // lists their copies.
    const [outlets, others] = canonicalFirst(connected);
    const reports = await Promise.all(outlets.map(runChannel));
    reports.push(...(await Promise.all(others.map(runChannel))));
    await listCopies(outlets, reports, notice.id, redactor, controller.signal);
    const channels = inPlanOrder([...reports, ...unreachable, ...skipped], plan);
    await auditChannels(loaded.stateDir, { action: "post", actor: options.actor ?? "unknown", notice: notice.id, content }, channels);
    return { notice: noticeInfo, dryRun: false, paused, channels, plan, changed: await whatChanged(loaded.stateDir, notice, options.notice, [...states.values()]) };
  } finally {
    await release().catch(() => undefined);
  }
}


/**
 * When the notice was edited after it went out on some channel: the command that publishes the correction
 * (with the path as typed) and what changed since the version that is out, when its text was kept.
 */
export async function whatChanged(stateDir: string, notice: Notice, typed: string, states: readonly ChannelState[]): Promise<NoticeChange | undefined> {
  const edited = states.find((s) => s.kind === "changed" && (s.why === "edited" || s.why === "correcting"));
  if (!edited) return undefined;
  const earlier = edited.live[0]?.content ?? edited.posts[0]?.content;
  const text = earlier ? await readVersionText(stateDir, notice.id, earlier) : undefined;
  return { file: typed, diff: text === undefined ? undefined : lineDiff(text, noticeText(notice)) };
}
