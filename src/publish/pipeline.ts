/**
 * The publishing pipeline: validate everything, connect to every channel, plan with live limits, then
 * publish all channels concurrently (the posts of one thread in order), with the ledger, retries and
 * reconciliation. Platforms only say how to talk to their API; everything here is the same for all.
 * The steps have files of their own: connect.ts, channel.ts (one channel's posts), results.ts (reports).
 */
import type { Env } from "../config/config.js";
import { othersWaitHint } from "../messages.js";
import { InvalidInputError } from "../problems.js";
import type { Channel, UploadImage } from "../platforms/platform.js";
import type { ImageSource } from "../media/prepare.js";
import { planNotice, prepareImages, type ChannelPlan, type Plan } from "../plan/plan.js";
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
import { listCopies } from "./canonical.js";
import { startConnecting, type ConnectOutcome, type Connected } from "./connect.js";
import { checkGates } from "./gates.js";
import { loadInputs, type Loaded } from "./load.js";
import { errorJson, inPlanOrder, internalErrorJson, isClassified, isFailure, type ChannelReport, type NoticeChange, type PublishEvent, type PublishReport } from "./results.js";


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
  const started = Date.now();
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

  // 2. Connect to every channel at once, each within its deadline; then plan it with its live limits and
  // prepare its images. A channel that does not answer in time fails alone: the others go ahead.
  const controller = new AbortController();
  const retry = options.retry ?? defaultRetryPolicy;
  const connecting = startConnecting(ready, loaded, options.env, redactor, controller.signal, options.onEvent, { urgent: notice.urgent, retry });
  // Each image file is read and checked once for all channels (each prepares its variant when it connected).
  const open = notice.images.length > 0 ? (await import("../media/prepare.js")).imageFiles() : undefined;
  const preparing = new Map(ready.map((channel) => [channel.name, connecting.get(channel.name)!.then((outcome) => prepareChannel(outcome, loaded, options, open))]));
  // Each is awaited below; one that fails (a bug) must not go unhandled while the run waits for the lock.
  for (const p of preparing.values()) p.catch(() => undefined);
  const noticeInfo = { id: notice.id, title: notice.title, urgent: notice.urgent, file: notice.file, content, publishAt: notice.publishAt?.toISOString() };
  const skipped = offlinePlan.channels.filter((c) => c.status === "skipped").map((c): ChannelReport => ({ channel: c.channel, platform: c.platform, status: "skipped", reason: c.reason, posts: [], warnings: [] }));
  /** The plan as published: each channel's live plan where it connected, its offline plan otherwise. */
  const livePlan = async (): Promise<Plan> => {
    const live = new Map<string, ChannelPlan>();
    for (const p of await Promise.all(preparing.values())) if (p.kind === "ready" || p.kind === "invalid") live.set(p.plan.channel, p.plan);
    return { ...offlinePlan, channels: offlinePlan.channels.map((c) => live.get(c.channel) ?? c), problems: [] };
  };

  // A notice that is not urgent goes out on all its channels or on none: a rejected credential or a post
  // too long for a live limit stops it everywhere, once every channel has answered or passed its deadline.
  // An urgent notice goes out wherever it can: each channel publishes as soon as it is ready.
  if (!notice.urgent || options.dryRun) {
    const prepared = await Promise.all(preparing.values());
    if (!notice.urgent) {
      const rejected = prepared.flatMap((p) => (p.kind === "rejected" ? [p.problem] : []));
      if (rejected.length > 0) {
        const others = ready.map((c) => c.name).filter((name) => !rejected.some((p) => p.channel === name));
        const command = others.length > 0 ? `announce post ${options.notice} --channel ${others.join(" ")}` : undefined;
        throw new InvalidInputError(rejected.map((p) => ({ ...p, hint: othersWaitHint(p.hint, command) })));
      }
      const invalid = prepared.flatMap((p) => (p.kind === "invalid" ? p.plan.problems : []));
      if (invalid.length > 0) throw new InvalidInputError(invalid);
    }
  }
  if (options.dryRun) {
    const planned = await Promise.all(
      ready.map(async (channel): Promise<ChannelReport> => {
        const p = await preparing.get(channel.name)!;
        if (p.kind === "failed" || p.kind === "rejected") return p.report;
        const { connected } = p;
        const report: ChannelReport = { channel: channel.name, platform: channel.platform, status: "planned", account: connected.connection.account, posts: [], warnings: connected.warnings };
        if (p.kind === "invalid") return { ...report, status: "failed", error: p.plan.problems[0] };
        const quota = quotaExhausted(connected.connection.quota, platformById(channel.platform).name);
        return quota ? { ...report, status: "failed", error: errorJson(quota, redactor) } : report;
      }),
    );
    const plan = await livePlan();
    const channels = inPlanOrder([...planned, ...skipped], plan);
    options.onEvent?.(finished(channels, started, true));
    return { notice: noticeInfo, dryRun: true, paused, channels, plan };
  }

  // 3. Publish, under the notice's lock: each channel as soon as it is ready (urgent), or all of them once
  // every channel is ready (the rest); the posts of a thread in order.
  const release = await lockNotice(loaded.stateDir, notice.id, options.lock ?? lockOptions(options.env)).catch((error: unknown) => {
    controller.abort(); // no channel publishes: the connections still under way end now
    throw error;
  });
  try {
    const records = await ledger.channels(notice.id);
    const record = (c: { channel: string; platform: string }) => ({ v: 1 as const, at: new Date().toISOString(), notice: notice.id, channel: c.channel, platform: c.platform, index: 0 });
    // Skips are recorded too, so that `due` can tell a fully published notice from the ledger alone, and
    // so are channels that could not be reached: `due` retries what was attempted (see isFullyPublished).
    for (const c of skipped) {
      const known = channelState(records.get(c.channel) ?? [], { content }).skip;
      if (!known?.current) await ledger.append({ ...record(c), type: "skipped", content, reason: c.reason ?? "" });
    }
    // The text of this version, for the diff a later edit of the notice is shown with.
    await saveVersionText(loaded.stateDir, notice.id, content, noticeText(notice));
    const states = new Map<string, ChannelState>();
    const runChannel = async (channel: Channel): Promise<ChannelReport> => {
        const p = await preparing.get(channel.name)!;
        let report: ChannelReport;
        if (p.kind === "ready") {
          const state = channelState(records.get(channel.name) ?? [], { content, plan: { posts: p.plan.posts.length } });
          states.set(channel.name, state);
          report = await publishChannel(p.connected, p.plan, {
            notice,
            content,
            ledger,
            state,
            images: p.images,
            retry,
            redactor,
            signal: controller.signal,
            onEvent: options.onEvent,
            reconcileSince: options.reconcileSince,
          }).catch((error: unknown): ChannelReport => {
            // An error outside a post's attempt (the ledger could not be written, …): this channel fails alone.
            const platformName = platformById(channel.platform).name;
            const failed: ChannelReport = { channel: channel.name, platform: channel.platform, status: "failed", account: p.connected.connection.account, posts: [], warnings: p.connected.warnings };
            if (isClassified(error)) return { ...failed, error: errorJson(asPublishError(error, platformName), redactor) };
            return { ...failed, error: internalErrorJson(error, platformName, redactor), bug: error };
          });
        } else {
          // Nothing was attempted: not connected (unreachable, a bug, rejected credentials of an urgent
          // notice) or, for an urgent notice, invalid with the live limits. A bug's kind only says that
          // nobody classified it; a rejected credential or an invalid plan wants a person.
          report = p.kind === "invalid" ? { channel: channel.name, platform: channel.platform, status: "failed", account: p.connected.connection.account, posts: [], warnings: p.connected.warnings, error: p.plan.problems[0] } : p.report;
          const kind = p.kind === "failed" ? (p.report.bug === undefined ? "transient" : "unknown") : "permanent";
          await ledger.append({ ...record(report), type: "failed", code: report.error!.code, message: report.error!.message, kind });
        }
        options.onEvent?.({ type: "channel-done", channel: report.channel, report });
        return report;
    };
    // The canonical outlet (the website) first: the other channels' posts link to its page, which then
    // lists their copies.
    const isCanonical = (channel: Channel) => platformById(channel.platform).canonicalUrl !== undefined;
    const reports = await Promise.all(ready.filter(isCanonical).map(runChannel));
    reports.push(...(await Promise.all(ready.filter((c) => !isCanonical(c)).map(runChannel))));
    const outlets = (await Promise.all(preparing.values())).flatMap((p) => (p.kind === "ready" && isCanonical(p.connected.channel) ? [p.connected] : []));
    await listCopies(outlets, reports, notice.id, redactor, controller.signal);
    const plan = await livePlan();
    const channels = inPlanOrder([...reports, ...skipped], plan);
    await auditChannels(loaded.stateDir, { action: "post", actor: options.actor ?? "unknown", notice: notice.id, content }, channels);
    options.onEvent?.(finished(channels, started, false));
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

/** A channel after connecting: ready to publish (planned with its live limits, images prepared), or why not. */
type PreparedChannel =
  | Exclude<ConnectOutcome, { kind: "connected" }>
  | { kind: "ready"; connected: Connected; plan: ChannelPlan; images: UploadImage[][] }
  /** Its posts do not fit its live limits, or an image cannot be prepared for it. */
  | { kind: "invalid"; connected: Connected; plan: ChannelPlan };

/** Plans a connected channel with the limits its server said, and prepares its images. */
async function prepareChannel(outcome: ConnectOutcome, loaded: Loaded, options: PublishOptions, open: ((file: string) => Promise<ImageSource>) | undefined): Promise<PreparedChannel> {
  if (outcome.kind !== "connected") return outcome;
  const { connected } = outcome;
  const name = connected.channel.name;
  const plan = planNotice(loaded.notice, loaded.config, { only: [name], limits: { [name]: connected.connection.limits } });
  // Only this channel (a name may also be a platform id, which selects more).
  plan.channels = plan.channels.filter((c) => c.channel === name);
  // The bytes to upload belong to this run: they are freed with it (`due` publishes many notices).
  const images = await prepareImages(plan, loaded.notice, { retain: !options.dryRun, open });
  const channelPlan = plan.channels[0]!;
  if (channelPlan.status === "invalid") return { kind: "invalid", connected, plan: channelPlan };
  return { kind: "ready", connected, plan: channelPlan, images: images.get(name) ?? [] };
}

/** The `finished` event: the summary of a notice's run. */
function finished(channels: ChannelReport[], started: number, dryRun: boolean): PublishEvent {
  return {
    type: "finished",
    published: channels.filter((c) => c.status === "published" || c.status === "planned").length,
    failed: channels.filter(isFailure).map((c) => c.channel),
    skipped: channels.filter((c) => c.status === "skipped").length,
    elapsedMs: Date.now() - started,
    dryRun,
  };
}
