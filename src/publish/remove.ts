/**
 * `announce delete`: removes every published post of a notice (all posts of a thread, replies first)
 * from the chosen channels and records it. Re-running is harmless: deleted posts are skipped.
 */
import { auditChannels } from "../state/audit.js";
import { platformById } from "../platforms/index.js";
import type { Channel } from "../platforms/platform.js";
import { Redactor } from "../redact.js";
import { crashHook, Ledger, type LedgerRecord } from "../state/ledger.js";
import { ui } from "../ui-texts.js";
import { channelState, type ChannelState } from "../state/channel-state.js";
import { lockNotice, lockOptions, type LockOptions } from "../state/lock.js";
import { asPublishError } from "../platforms/shared/failure.js";
import { loadInputs, type Loaded } from "./load.js";
import { connectChannels } from "./connect.js";
import { errorJson, isClassified, internalErrorJson, type ChannelReport, type PublishEvent } from "./results.js";
import { defaultRetryPolicy, withRetries } from "../retry.js";
import type { Env } from "../config/config.js";
import { explain, problem } from "../messages.js";
import { AnnounceError, InvalidInputError } from "../problems.js";

export interface DeleteReport {
  notice: { id: string; title: string; file: string };
  channels: (Omit<ChannelReport, "status"> & { status: "deleted" | "nothing-to-delete" | "manual" | "failed" })[];
}

export async function deleteNotice(options: {
  notice: string; config: string; env: Env; only?: string[]; stateDir?: string; redactor?: Redactor; lock?: LockOptions; onEvent?: (e: PublishEvent) => void; actor?: string;
  /** Why, for a retraction page (website). */
  reason?: string;
  /** Channels on which a person deleted by hand what the platform's API cannot (`--confirm-manual`): recorded, nothing else is done. */
  confirmManual?: string[];
}): Promise<DeleteReport> {
  const redactor = options.redactor ?? new Redactor();
  const loaded = await loadInputs(options);
  const { config, notice } = loaded;
  const ledger = new Ledger(loaded.stateDir, crashHook(options.env));
  const release = await lockNotice(loaded.stateDir, notice.id, options.lock ?? lockOptions(options.env));
  try {
    const records = await ledger.channels(notice.id);
    const states = new Map([...records].map(([name, own]) => [name, channelState(own, { content: loaded.content })]));
    if (options.confirmManual) return await confirmManual(options.confirmManual, { loaded, ledger, records, states, actor: options.actor ?? "unknown" });
    const only = options.only ?? [];
    const unknown = only.filter((name) => !config.channels.some((c) => c.name === name || c.platform === name));
    if (unknown.length > 0) {
      throw new InvalidInputError(unknown.map((name) => problem("UNKNOWN_CHANNEL", { name, configured: config.channels.map((c) => c.name) })));
    }
    // Every post the ledger knows to be out, whatever else it says (changed, partial, pending): replies first.
    const withPosts = [...states]
      .filter(([name]) => only.length === 0 || only.includes(name) || only.includes(config.channels.find((c) => c.name === name)?.platform ?? ""))
      .map(([name, state]) => ({ name, posts: [...state.posts].sort((a, b) => b.index - a.index) }));
    if (withPosts.length === 0) {
      // Not "nothing to delete": without a single record, announce cannot tell a notice that was never
      // published from one whose ledger was lost while its posts are live.
      throw new AnnounceError(problem("LEDGER_NO_RECORDS", { id: notice.id, file: options.notice, channels: only.length > 0 ? only : undefined }));
    }
    const missing = withPosts.filter((c) => c.posts.length > 0 && !config.channels.some((ch) => ch.name === c.name));
    if (missing.length > 0) {
      throw new InvalidInputError(missing.map((c) => problem("CHANNEL_NOT_CONFIGURED", { channel: c.name, posts: c.posts.map((p) => p.url ?? p.id) })));
    }
    const toDelete = withPosts.filter((c) => c.posts.length > 0);
    const channels: Channel[] = toDelete.map((c) => config.channels.find((ch) => ch.name === c.name)!);
    const controller = new AbortController();
    const { connected, unreachable } = await connectChannels(channels, loaded, options.env, redactor, controller.signal, options.onEvent, { permanentIsInput: false });

    const reports: DeleteReport["channels"] = withPosts
      .filter((c) => c.posts.length === 0)
      .map((c) => {
        // Retracted by an earlier run (one that was interrupted after this channel, say): deleted, as a
        // re-run of post reports what an earlier run published.
        const earlier = states.get(c.name)?.kind === "retracted";
        const platform = config.channels.find((ch) => ch.name === c.name)?.platform ?? "?";
        return { channel: c.name, platform, status: earlier ? ("deleted" as const) : ("nothing-to-delete" as const), reason: earlier ? ui().publish.deletedEarlier : undefined, posts: [], warnings: [] };
      });
    reports.push(...unreachable.map((r) => ({ ...r, status: "failed" as const })));
    await Promise.all(
      connected.map(async ({ channel, publisher, connection }) => {
        const posts = toDelete.find((c) => c.name === channel.name)!.posts;
        const report: DeleteReport["channels"][number] = { channel: channel.name, platform: channel.platform, status: "deleted", posts: [], warnings: [] };
        for (const published of posts) {
          const base = { v: 1 as const, at: new Date().toISOString(), notice: notice.id, channel: channel.name, platform: channel.platform, index: published.index, id: published.id };
          if (publisher.manualDelete) {
            // The platform cannot delete through its API: say what a person has to do, never claim success.
            if (!published.deletedByHand) await ledger.append({ ...base, type: "deleted", manual: true });
            report.status = "manual";
            report.reason = publisher.manualDelete;
            report.posts.push({ index: published.index, id: published.id, url: published.url });
            continue;
          }
          try {
            await withRetries(defaultRetryPolicy, controller.signal, () => connection.remove({ id: published.id, url: published.url, extra: published.extra }, controller.signal, { reason: options.reason }));
            await ledger.append({ ...base, type: "deleted" });
            report.posts.push({ index: published.index, id: published.id, url: published.url });
          } catch (error) {
            const platformName = platformById(channel.platform).name;
            // A bug fails this channel alone, with its stack in `bug`; the retraction reaches the others.
            if (!isClassified(error)) reports.push({ ...report, status: "failed", error: internalErrorJson(error, platformName, redactor), bug: error });
            else reports.push({ ...report, status: "failed", error: errorJson(asPublishError(error, platformName), redactor) });
            return;
          }
        }
        reports.push(report);
      }),
    );
    // An attempt whose outcome is unknown may have left a post that the ledger does not know: it cannot be
    // deleted by id, so the report says where to look instead of claiming the channel is clean.
    for (const [name, state] of states) {
      const maybe = state.attempts.filter((a) => a.outcome === "unknown");
      if (maybe.length === 0 || !withPosts.some((c) => c.name === name)) continue;
      let report = reports.find((r) => r.channel === name);
      if (!report) reports.push((report = { channel: name, platform: config.channels.find((c) => c.name === name)?.platform ?? "?", status: "failed", posts: [], warnings: [] }));
      report.status = "failed";
      report.error ??= explain("OUTCOME_UNKNOWN", { posts: maybe.map((p) => p.index + 1), channel: name, at: maybe[0]!.at });
    }
    const position = (name: string) => config.channels.findIndex((c) => c.name === name);
    await auditChannels(loaded.stateDir, { action: "delete", actor: options.actor ?? "unknown", notice: notice.id, content: loaded.content }, reports);
    return { notice: { id: notice.id, title: notice.title, file: notice.file }, channels: reports.sort((a, b) => position(a.channel) - position(b.channel)) };
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * `delete --confirm-manual CHANNEL…`: a person deleted by hand the posts that `delete` (or a replacing
 * `correct`) asked them to delete, on a platform whose API cannot (Instagram). Recorded in the ledger and
 * the audit log, so that `status` and later runs agree that they are gone. A channel without such a post
 * is an input problem (NO_MANUAL_STEP): nothing is recorded.
 */
async function confirmManual(
  names: string[],
  o: { loaded: Loaded; ledger: Ledger; records: Map<string, LedgerRecord[]>; states: Map<string, ChannelState>; actor: string },
): Promise<DeleteReport> {
  const { notice, config } = o.loaded;
  const waiting = names.map((name) => ({ name, posts: o.states.get(name)?.posts.filter((p) => p.deletedByHand !== undefined) ?? [] }));
  const none = waiting.filter((c) => c.posts.length === 0);
  if (none.length > 0) throw new InvalidInputError(none.map((c) => problem("NO_MANUAL_STEP", { channel: c.name }, { channel: c.name })));
  const reports: DeleteReport["channels"] = [];
  for (const { name, posts } of waiting) {
    const platform = config.channels.find((c) => c.name === name)?.platform ?? o.records.get(name)?.[0]?.platform ?? "?";
    for (const post of posts) {
      await o.ledger.append({ v: 1, at: new Date().toISOString(), notice: notice.id, channel: name, platform, index: post.index, type: "deleted", id: post.id, manual: true, confirmed: true });
    }
    reports.push({ channel: name, platform, status: "deleted", reason: "deleted by hand (confirmed)", posts: posts.map((p) => ({ index: p.index, id: p.id, url: p.url })), warnings: [] });
  }
  await auditChannels(o.loaded.stateDir, { action: "delete", actor: o.actor, notice: notice.id, content: o.loaded.content }, reports);
  return { notice: { id: notice.id, title: notice.title, file: notice.file }, channels: reports };
}
