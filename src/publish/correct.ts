/**
 * `announce correct`: publishes the edited notice over its published copies, so that every channel says
 * the same. Per channel, from the one reading of the ledger (channel-state.ts):
 *
 * - **edit** in place where the platform's API can (Mastodon, Facebook, LinkedIn): each post of the
 *   thread keeps its id, replies and reactions; a longer thread gets its tail posts as replies, a shorter
 *   one loses its tail posts;
 * - elsewhere the channel's `corrections` policy: **reply** (default; the corrected text in the thread,
 *   starting with a correction line such as "Korrektur:") or **replace** (the corrected version posted,
 *   then the old one deleted).
 *
 * A correction is a new version of the channel's copy: a `correction` record says what it replaces, how,
 * and where its posts go before the first step; each step is recorded as it is done (`edited`, `intent`
 * and `published` with the version, `deleted`). Edits and deletions can be repeated, new posts are
 * reconciled like every post: so a run stopped at any step is completed by running it again, and a run
 * after a complete correction changes nothing. Corrections pass the same gates as `post` (approval of the
 * new content, a pause lets urgent notices through); `due` never corrects.
 */
import { randomUUID } from "node:crypto";
import type { Env } from "../config/config.js";
import { explain } from "../messages.js";
import { correctionNotice } from "../plan/correction.js";
import { planNotice, prepareImages, type ChannelPlan } from "../plan/plan.js";
import { platformById } from "../platforms/index.js";
import type { PostToSend, PublishContext, Receipt, UploadImage } from "../platforms/platform.js";
import { asPublishError } from "../platforms/shared/failure.js";
import { InvalidInputError } from "../problems.js";
import { Redactor } from "../redact.js";
import { lineDiff, noticeText } from "../render/diff.js";
import { pastablePath } from "../announcement/notice.js";
import { defaultRetryPolicy, withRetries, type RetryPolicy } from "../retry.js";
import { audit } from "../state/audit.js";
import { channelState, correctionIndex, type ChannelState, type Correction, type PublishedPost } from "../state/channel-state.js";
import { crashHook, Ledger, type CorrectionHow, type LedgerEntry, type LedgerRecord, type WriteHook } from "../state/ledger.js";
import { lockNotice, lockOptions, type LockOptions } from "../state/lock.js";
import { readPause, type PauseState } from "../state/pause.js";
import { readVersionText, saveVersionText } from "../state/versions.js";
import { publishPost, type ChannelRun } from "./channel.js";
import { connectChannels, type Connected } from "./connect.js";
import { checkGates } from "./gates.js";
import { loadInputs, type Loaded } from "./load.js";
import { errorJson, inPlanOrder, internalErrorJson, isClassified, type ChannelReport, type NoticeChange, type PostResult, type PublishEvent } from "./results.js";

export interface CorrectOptions {
  /** The notice's path as the user typed it. */
  notice: string;
  config: string;
  env: Env;
  only?: string[];
  /** Decide and plan (with the live limits), change nothing. */
  dryRun?: boolean;
  /** A visible correction note (`--note`); default: the notice's `correction_note`. */
  note?: string;
  stateDir?: string;
  redactor?: Redactor;
  retry?: RetryPolicy;
  lock?: LockOptions;
  actor?: string;
  onEvent?: (event: PublishEvent) => void;
  /** Called around each ledger write (crash tests); by default made from `env`. */
  onLedgerWrite?: WriteHook;
}

/**
 * A channel's outcome: `corrected` (every copy says the new version now), `unchanged` (it did already),
 * `not-published` (nothing of the notice is out there), `planned` (dry run), `manual` (corrected, but an
 * old post must be deleted by hand: Instagram), `failed`.
 */
export type CorrectStatus = "corrected" | "unchanged" | "not-published" | "planned" | "manual" | "failed";

export interface CorrectChannelReport extends Omit<ChannelReport, "status"> {
  status: CorrectStatus;
  /** How the channel is corrected. */
  how?: CorrectionHow;
  /** The version the channel carries (after the run), and the one it corrected. */
  version?: number;
  previous?: { version: number; content: string };
  /** Posts deleted: the tail of a shorter thread, or the replaced version. */
  removed: PostResult[];
}

export interface CorrectReport {
  notice: { id: string; title: string; file: string; content: string };
  /** The notice's path as the user typed it. */
  typed: string;
  dryRun: boolean;
  paused?: PauseState;
  channels: CorrectChannelReport[];
  /** What changed since the version that is out (when its text was kept), and the path as typed. */
  change?: NoticeChange;
}

/** What `correct` does on a channel, decided from the ledger alone. */
type Decision =
  | { act: "correct"; state: ChannelState }
  | { act: "resume"; state: ChannelState & { correction: Correction } }
  | { act: "skip"; status: "unchanged" | "not-published"; state: ChannelState }
  | { act: "fail"; error: NonNullable<ChannelReport["error"]>; state: ChannelState };

function decide(state: ChannelState, content: string, channel: string, typed: string): Decision {
  switch (state.kind) {
    case "fresh":
    case "skipped":
    case "retracted":
      return { act: "skip", status: "not-published", state };
    case "published":
      return { act: "skip", status: "unchanged", state };
    case "pending":
    case "partial":
    case "failed":
      return { act: "fail", error: explain("CORRECT_POST_FIRST", { channel, state: state.kind, file: typed }), state };
    case "changed":
      switch (state.why) {
        case "edited-after-interrupted":
          return { act: "fail", error: explain("NOTICE_CHANGED", { after: "interrupted", channel, post: state.attempt.index + 1, at: state.attempt.at }), state };
        case "correcting":
          if (state.correction.to === content) return { act: "resume", state: { ...state, correction: state.correction } };
          return { act: "fail", error: explain("CORRECTION_INTERRUPTED", { channel, at: state.correction.at, file: typed }), state };
        case "split-changed":
        case "edited":
          return { act: "correct", state };
      }
  }
}

/** `announce correct`: the corrected notice onto every published copy (or, with dryRun, the plan of it). */
export async function correctNotice(options: CorrectOptions): Promise<CorrectReport> {
  const redactor = options.redactor ?? new Redactor();
  const loaded = await loadInputs(options);
  const { config, notice, content } = loaded;
  const offline = planNotice(notice, config, { only: options.only });
  if (offline.problems.length > 0) throw new InvalidInputError(offline.problems);
  const ledger = new Ledger(loaded.stateDir, options.onLedgerWrite ?? crashHook(options.env));
  const selected = offline.channels.filter((c) => c.status === "ready").map((c) => config.channels.find((ch) => ch.name === c.channel)!);
  type Decided = Map<string, { records: LedgerRecord[]; decision: Decision }>;
  const decisions = async (): Promise<Decided> => {
    const records = await ledger.channels(notice.id);
    return new Map(selected.map((c) => [c.name, { records: records.get(c.name) ?? [], decision: decide(channelState(records.get(c.name) ?? [], { content }), content, c.name, options.notice) }]));
  };
  const first = await decisions();
  const acting = selected.filter((c) => ["correct", "resume"].includes(first.get(c.name)!.decision.act));
  const paused = await readPause(loaded.stateDir);
  // The same gates as `post`: the new content approved where required, a pause lets urgent notices through.
  if (acting.length > 0) await checkGates(loaded, acting, { now: true, paused });

  const controller = new AbortController();
  const { connected, unreachable } = await connectChannels(acting, loaded, options.env, redactor, controller.signal, options.onEvent);
  const lang = notice.lang ?? config.defaults.lang;
  // Each channel's posts, rendered with its live limits from what the correction says there.
  const planned = new Map<string, { how: CorrectionHow; plan: ChannelPlan; images: UploadImage[][] }>();
  for (const c of connected) {
    const decision = first.get(c.channel.name)!.decision;
    const resumed = decision.act === "resume" ? decision.state.correction : undefined;
    const how = resumed?.how ?? howFor(c);
    const variant = correctionNotice(notice, how, lang, resumed ? resumed.note : (options.note ?? notice.correctionNote));
    const plan = planNotice(variant, config, { only: [c.channel.name], limits: { [c.channel.name]: c.connection.limits } });
    const images = await prepareImages(plan, variant, { retain: !options.dryRun });
    if (plan.problems.length > 0) throw new InvalidInputError(plan.problems);
    planned.set(c.channel.name, { how, plan: plan.channels[0]!, images: images.get(c.channel.name) ?? [] });
  }

  const reportOf = (name: string, status: CorrectStatus, extra: Partial<CorrectChannelReport> = {}): CorrectChannelReport => ({
    channel: name,
    platform: config.channels.find((c) => c.name === name)!.platform,
    status,
    posts: [],
    removed: [],
    warnings: [],
    ...extra,
  });
  /** The report of a channel that `correct` does not act on (nothing to do there, or it cannot). */
  const settledOne = (name: string, decision: Decision): CorrectChannelReport[] => {
    const live = decision.state.live.map((p) => ({ index: p.index, id: p.id, url: p.url, earlier: true }));
    if (decision.act === "skip") return [reportOf(name, decision.status, { posts: live, version: decision.state.version })];
    if (decision.act === "fail") return [reportOf(name, "failed", { error: decision.error, posts: live })];
    return [];
  };
  const settled = (decided: Decided) => selected.flatMap((c) => settledOne(c.name, decided.get(c.name)!.decision));
  const noticeInfo = { id: notice.id, title: notice.title, file: notice.file, content };
  const change = await changeOf(loaded, options.notice, [...first.values()].map((d) => d.decision));
  const order = offline;
  const failedReport = (r: ChannelReport): CorrectChannelReport => ({ ...r, status: "failed", removed: [] });

  if (options.dryRun) {
    const plannedReports = connected.map((c) => reportOf(c.channel.name, "planned", { how: planned.get(c.channel.name)!.how, account: c.connection.account, warnings: c.warnings }));
    const channels = [...settled(first), ...plannedReports, ...unreachable.map(failedReport)];
    return { notice: noticeInfo, typed: options.notice, dryRun: true, paused, channels: inPlanOrder(channels, order), change };
  }

  const release = await lockNotice(loaded.stateDir, notice.id, options.lock ?? lockOptions(options.env));
  try {
    // Read again under the lock: another run may have corrected (or posted) since.
    const now = await decisions();
    await saveVersionText(loaded.stateDir, notice.id, content, noticeText(notice));
    const retry = options.retry ?? defaultRetryPolicy;
    const reports = await Promise.all(
      connected.map(async (c): Promise<CorrectChannelReport> => {
        const { decision, records } = now.get(c.channel.name)!;
        if (decision.act !== "correct" && decision.act !== "resume") return settledOne(c.channel.name, decision)[0]!;
        const { how, plan, images } = planned.get(c.channel.name)!;
        const run: ChannelRun = { notice, content, ledger, state: decision.state, images, retry, redactor, signal: controller.signal, onEvent: options.onEvent };
        const report = await correctChannel(c, plan, run, { how, records, resumed: decision.act === "resume" ? decision.state.correction : undefined, note: options.note ?? notice.correctionNote }).catch((error: unknown): CorrectChannelReport => {
          // Outside a step (the ledger could not be written, …): this channel fails alone.
          const platformName = platformById(c.channel.platform).name;
          const failed = reportOf(c.channel.name, "failed", { how, account: c.connection.account, warnings: c.warnings });
          if (isClassified(error)) return { ...failed, error: errorJson(asPublishError(error, platformName), redactor) };
          return { ...failed, error: internalErrorJson(error, platformName, redactor), bug: error };
        });
        options.onEvent?.({ type: "channel-done", channel: report.channel, report: { ...report, status: report.status === "failed" ? "failed" : "published" } });
        return report;
      }),
    );
    const channels = inPlanOrder([...settled(now).filter((r) => !connected.some((c) => c.channel.name === r.channel)), ...reports, ...unreachable.map(failedReport)], order);
    await audit(
      loaded.stateDir,
      channels
        .filter((c) => c.status !== "not-published" && c.status !== "unchanged")
        .map((c) => ({ actor: options.actor ?? "unknown", action: "correct" as const, notice: notice.id, content, previous: c.previous?.content, channel: c.channel, outcome: c.status, url: c.posts[0]?.url, detail: c.error?.code ?? c.how })),
    );
    return { notice: noticeInfo, typed: options.notice, dryRun: false, paused, channels, change };
  } finally {
    await release().catch(() => undefined);
  }
}

/** How a channel is corrected: in place where its platform can edit, else by its `corrections` policy. */
function howFor({ publisher, connection, channel }: Connected): CorrectionHow {
  if (publisher.edits && connection.edit) return "edit";
  return (channel.settings.corrections as "reply" | "replace" | undefined) ?? "reply";
}

/** What changed since the version that is out on the first channel to correct, when its text was kept. */
async function changeOf(loaded: Loaded, typed: string, decisions: Decision[]): Promise<NoticeChange | undefined> {
  const acting = decisions.find((d) => d.act === "correct" || d.act === "resume");
  if (!acting) return undefined;
  const from = acting.act === "resume" ? acting.state.correction.from : acting.state.versions.find((v) => v.version === acting.state.version)?.content;
  const text = from ? await readVersionText(loaded.stateDir, loaded.notice.id, from) : undefined;
  return { file: typed, diff: text === undefined ? undefined : lineDiff(text, noticeText(loaded.notice)) };
}

/**
 * One channel's correction: the `correction` record (unless an interrupted one is resumed), then each post
 * of the new version in order (edited, or published as a reply or a new post), then the posts the new
 * version no longer has deleted (replies first).
 */
async function correctChannel(
  { channel, publisher, connection, warn, warnings }: Connected,
  plan: ChannelPlan,
  run: ChannelRun,
  o: { how: CorrectionHow; records: readonly LedgerRecord[]; resumed?: Correction; note?: string },
): Promise<CorrectChannelReport> {
  const { state } = run;
  const platform = platformById(channel.platform);
  const carried = state.versions.find((v) => v.version === state.version)!;
  const report: CorrectChannelReport = { channel: channel.name, platform: channel.platform, status: "corrected", account: connection.account, posts: [], removed: [], warnings, how: o.how, previous: { version: carried.version, content: carried.content } };
  const base = { v: 1 as const, notice: run.notice.id, channel: channel.name, platform: channel.platform };
  const record = (r: LedgerEntry) => run.ledger.append({ ...base, at: new Date().toISOString(), ...r } as LedgerRecord);

  let correction = o.resumed;
  if (correction && correction.total !== plan.posts.length) {
    return { ...report, status: "failed", error: explain("THREAD_SPLIT_CHANGED", { posts: plan.posts.length, planned: correction.total, channel: channel.name, file: pastablePath(run.notice) }) };
  }
  if (!correction) {
    const next = Math.max(...state.versions.map((v) => v.version)) + 1;
    const used = Math.max(-1, ...o.records.map((r) => r.index));
    const fields = { version: next, from: carried.content, to: run.content, how: o.how, thread: state.live.map((p) => p.index), base: used + 1, total: plan.posts.length, ...(o.note ? { note: o.note } : {}) };
    await record({ type: "correction", index: 0, ...fields });
    correction = { ...fields, at: new Date().toISOString() };
  } else {
    report.previous = { version: correction.version - 1, content: correction.from };
  }
  report.version = correction.version;

  const posts = new Map<number, PublishedPost>(state.posts.map((p) => [p.index, p]));
  const attempts = new Map(state.attempts.map((a) => [a.index, a]));
  const receiptOf = (p: PublishedPost): Receipt => ({ id: p.id, url: p.url, extra: p.extra });
  const thread = correction.thread.map((index) => posts.get(index)).filter((p): p is PublishedPost => p !== undefined);
  // A reply continues the thread from its last post (Bluesky also names the thread's first post).
  // The root is the thread's first post still out, which may be older than the version corrected.
  const first = [...posts.values()].filter((p) => p.deletedByHand === undefined).sort((a, b) => a.index - b.index)[0];
  let root: Receipt | undefined = o.how === "reply" && publisher.replies && thread.length > 0 && first ? receiptOf(first) : undefined;
  let previous: Receipt | undefined = o.how === "reply" && publisher.replies && thread.length > 0 ? receiptOf(thread.at(-1)!) : undefined;
  let index = -1;
  try {
    for (const [position, post] of plan.posts.entries()) {
      index = correctionIndex(correction, position);
      const item: PostToSend = { index: position, post, images: run.images[position] ?? [] };
      const existing = posts.get(index);
      if (existing && existing.version === correction.version) {
        // Done by an earlier run of this correction.
        report.posts.push({ index, id: existing.id, url: existing.url, earlier: true });
      } else if (existing && o.how === "edit" && connection.edit) {
        run.onEvent?.({ type: "publishing", channel: channel.name, index: position, total: plan.posts.length });
        await withRetries(run.retry, run.signal, () => connection.edit!(receiptOf(existing), item, run.signal));
        await record({ type: "edited", index, id: existing.id, content: run.content, version: correction.version, total: correction.total });
        report.posts.push({ index, id: existing.id, url: existing.url });
      } else {
        run.onEvent?.({ type: "publishing", channel: channel.name, index: position, total: plan.posts.length });
        const attempt = attempts.get(index);
        const key = attempt?.key ?? publisher.newKey?.() ?? randomUUID();
        const ctx: PublishContext = {
          key,
          replyTo: previous,
          root,
          signal: run.signal,
          optionalWorkMs: run.notice.urgent ? 1500 : 5000,
          since: attempt ? new Date(attempt.at) : new Date(),
          progress: attempt?.progress,
          checkpoint: async (step) => {
            await record({ type: "progress", index, key, step });
            ctx.progress = { ...ctx.progress, ...step };
          },
          warn,
        };
        const version = correction.version;
        const recordIntent = attempt ? undefined : () => record({ type: "intent", index, total: correction.total, key, content: run.content, version });
        const sent = await publishPost(connection, item, ctx, { lookFirst: attempt !== undefined, run, channel: channel.name, platformName: platform.name, recordIntent });
        await record({ type: "published", index, total: correction.total, key, content: run.content, id: sent.receipt.id, url: sent.receipt.url, extra: sent.receipt.extra, reconciled: sent.reconciled || undefined, version });
        report.posts.push({ index, id: sent.receipt.id, url: sent.receipt.url, reconciled: sent.reconciled || undefined });
        posts.set(index, { index, id: sent.receipt.id, url: sent.receipt.url, extra: sent.receipt.extra, at: new Date().toISOString(), content: run.content, version });
      }
      const done = posts.get(index)!;
      previous = receiptOf(done);
      root ??= previous;
    }
    // What the new version no longer has: the tail of a shorter thread, or the replaced version.
    const gone = o.how === "edit" ? correction.thread.slice(correction.total) : o.how === "replace" ? correction.thread : [];
    for (const old of [...gone].reverse()) {
      index = old;
      const published = posts.get(old);
      if (!published) continue;
      if (publisher.manualDelete) {
        // The platform cannot delete: a person must (announce delete --confirm-manual records it).
        if (!published.deletedByHand) await record({ type: "deleted", index: old, id: published.id, manual: true });
        report.status = "manual";
        report.reason = publisher.manualDelete;
        report.removed.push({ index: old, id: published.id, url: published.url });
        continue;
      }
      await withRetries(run.retry, run.signal, () => connection.remove(receiptOf(published), run.signal));
      await record({ type: "deleted", index: old, id: published.id });
      report.removed.push({ index: old, id: published.id, url: published.url });
    }
  } catch (error) {
    if (!isClassified(error)) {
      const failure = internalErrorJson(error, platform.name, run.redactor);
      await record({ type: "failed", index: Math.max(0, index), code: failure.code, message: failure.message, kind: "unknown" });
      return { ...report, status: "failed", error: failure, bug: error };
    }
    const failure = asPublishError(error, platform.name);
    await record({ type: "failed", index: Math.max(0, index), code: failure.code, message: run.redactor.redact(failure.message), kind: failure.kind });
    return { ...report, status: "failed", error: errorJson(failure, run.redactor) };
  }
  return report;
}
