/** `announce status`: what the ledger says about a notice, per channel, and whether it changed since. */
import { contentHash, readNotice } from "../announcement/notice.js";
import { readConfig, type Env } from "../config/config.js";
import { planNotice } from "../plan/plan.js";
import { readPause, type PauseState } from "../state/pause.js";
import { allPublished, Ledger, outcomeUnknown } from "../state/ledger.js";
import { InvalidInputError } from "../problems.js";
import { resolveStateDir } from "../state/state-dir.js";

export interface ChannelStatus {
  channel: string;
  platform?: string;
  /** published: every planned post is out; partial: some; pending: an attempt whose outcome is unknown; failed: the last attempt failed. */
  status: "published" | "partial" | "pending" | "failed" | "deleted" | "not-published" | "skipped";
  posts: { index: number; id: string; url?: string; at: string }[];
  /** The notice changed after these posts were published. */
  changed: boolean;
  error?: { code: string; message: string; at: string };
  reason?: string;
}

export interface StatusReport {
  notice: { id: string; title: string; file: string; content: string };
  paused?: PauseState;
  channels: ChannelStatus[];
}

export async function noticeStatus(options: { notice: string; config: string; env: Env; stateDir?: string }): Promise<StatusReport> {
  const [configResult, noticeResult] = await Promise.all([readConfig(options.config, options.env), readNotice(options.notice)]);
  if (!configResult.config || !noticeResult.notice) throw new InvalidInputError([...configResult.problems, ...noticeResult.problems]);
  const config = configResult.config;
  const notice = noticeResult.notice;
  const content = await contentHash(notice);
  const ledger = new Ledger(resolveStateDir(options.stateDir, config));
  const state = await ledger.state(notice.id);
  const plan = planNotice(notice, config);

  const names = new Set([...plan.channels.map((c) => c.channel), ...state.keys()]);
  const channels: ChannelStatus[] = [...names].map((name) => {
    const planned = plan.channels.find((c) => c.channel === name);
    const posts = [...(state.get(name)?.values() ?? [])].sort((a, b) => a.index - b.index);
    const published = posts.filter((p) => p.published).map((p) => ({ index: p.index, id: p.published!.id, url: p.published!.url, at: p.published!.at, content: p.published!.content }));
    const changed = published.some((p) => p.content !== content);
    const pending = posts.some(outcomeUnknown);
    const failed = pending ? undefined : posts.find((p) => p.failed);
    const deleted = posts.length > 0 && posts.every((p) => p.deleted && !p.published);
    let status: ChannelStatus["status"] = "not-published";
    if (planned?.status === "skipped" && published.length === 0) status = "skipped";
    else if (deleted) status = "deleted";
    else if (failed) status = "failed";
    else if (pending) status = "pending";
    else if (published.length > 0) status = allPublished(state.get(name)) || changed ? "published" : "partial";
    return {
      channel: name,
      platform: planned?.platform ?? config.channels.find((c) => c.name === name)?.platform,
      status,
      posts: published.map(({ content: _content, ...p }) => p),
      changed,
      error: posts.find((p) => p.failed)?.failed,
      reason: planned?.status === "skipped" ? planned.reason : undefined,
    };
  });
  return { notice: { id: notice.id, title: notice.title, file: notice.file, content }, paused: await readPause(ledger.stateDir), channels };
}
