/** `announce status`: what the ledger says about a notice, per channel, and whether it changed since. */
import { contentHash, pastablePath, readNotice } from "../announcement/notice.js";
import { readConfig, type Env } from "../config/config.js";
import { planNotice } from "../plan/plan.js";
import { readApprovals } from "../state/approvals.js";
import { readPause, type PauseState } from "../state/pause.js";
import { Ledger } from "../state/ledger.js";
import { channelState, type ChannelState } from "../state/channel-state.js";
import { InvalidInputError } from "../problems.js";
import { resolveStateDir } from "../state/state-dir.js";

export interface ChannelStatus {
  channel: string;
  platform?: string;
  /** published: every planned post is out; partial: some; pending: an attempt whose outcome is unknown; failed: the last attempt failed. */
  status: "published" | "partial" | "pending" | "failed" | "deleted" | "not-published" | "skipped" | "correcting";
  /** The version of the notice the channel carries (1 as first published; each `announce correct` adds one). */
  version: number;
  /** Every version of the channel's copy: its content hash, how it came out, when, and whether it is complete. */
  versions: { version: number; content: string; how: string; at: string; complete: boolean }[];
  posts: { index: number; id: string; url?: string; at: string }[];
  /** The notice changed after these posts were published. */
  changed: boolean;
  /** The last failure that still stands; `kind` says whether the attempt may have been carried out. */
  error?: { code: string; message: string; at: string; kind?: "transient" | "unknown" | "permanent" };
  reason?: string;
}

/** An approval as `status` shows it: who, which kind, and whether it is of the notice as it is now. */
export interface ApprovalStatus {
  by: string;
  kind: "signed" | "unsigned";
  at: string;
  /** Of the current content (an edit since voids it). Whether it counts is decided by post (signature, signers, author). */
  current: boolean;
}

export interface StatusReport {
  /** `publishAt`: the notice's publish_at (ISO 8601), when it has one. */
  notice: { id: string; title: string; file: string; content: string; publishAt?: string };
  paused?: PauseState;
  /** The recorded approvals; undefined when the approvals file is damaged. */
  approvals?: ApprovalStatus[];
  channels: ChannelStatus[];
  /** Whether the ledger has any record of the notice (none: never published from here, or the ledger was lost). */
  recorded: boolean;
  /** The notice's path as typed, for the commands status suggests. */
  typed: string;
}

export async function noticeStatus(options: { notice: string; config: string; env: Env; stateDir?: string }): Promise<StatusReport> {
  const [configResult, noticeResult] = await Promise.all([readConfig(options.config, options.env), readNotice(options.notice)]);
  if (!configResult.config || !noticeResult.notice) throw new InvalidInputError([...configResult.problems, ...noticeResult.problems]);
  const config = configResult.config;
  const notice = noticeResult.notice;
  const content = await contentHash(notice);
  const ledger = new Ledger(resolveStateDir(options.stateDir, config));
  const records = await ledger.channels(notice.id);
  const plan = planNotice(notice, config);

  const names = new Set([...plan.channels.map((c) => c.channel), ...records.keys()]);
  const channels: ChannelStatus[] = [...names].map((name) => {
    const planned = plan.channels.find((c) => c.channel === name);
    // The offline plan's number of posts is not the published one (live limits): no split check here.
    const state = channelState(records.get(name) ?? [], { content });
    return {
      channel: name,
      platform: planned?.platform ?? config.channels.find((c) => c.name === name)?.platform,
      status: planned?.status === "skipped" && state.posts.length === 0 ? "skipped" : statusOf(state),
      posts: state.live.map((p) => ({ index: p.index, id: p.id, url: p.url, at: p.at })),
      changed: state.kind === "changed" && (state.why === "edited" || state.why === "correcting" || (state.why === "edited-after-interrupted" && state.posts.some((p) => p.content !== content))),
      version: state.version,
      versions: state.versions.filter((v) => v.at !== ""),
      error: state.failure && { code: state.failure.code, message: state.failure.message, at: state.failure.at, kind: state.failure.kind },
      reason: planned?.status === "skipped" ? planned.reason : undefined,
    };
  });
  const approvals = await readApprovals(ledger.stateDir, notice.id).then(
    (list) => list.map((a): ApprovalStatus => ({ by: a.by, kind: a.kind ?? "unsigned", at: a.at, current: a.content === content })),
    (error: unknown) => {
      if (error instanceof InvalidInputError) return undefined; // post and due say where it is damaged
      throw error;
    },
  );
  return {
    notice: { id: notice.id, title: notice.title, file: notice.file, content, publishAt: notice.publishAt?.toISOString() },
    paused: await readPause(ledger.stateDir),
    approvals,
    channels,
    recorded: [...records.values()].some((list) => list.length > 0),
    typed: pastablePath(notice),
  };
}

/** The word `status` shows for a channel's state (the notice's plan may still call it skipped). */
function statusOf(state: ChannelState): ChannelStatus["status"] {
  switch (state.kind) {
    case "fresh":
    case "skipped":
      return "not-published";
    case "retracted":
      return "deleted";
    case "failed":
      return "failed";
    case "pending":
      return "pending";
    case "changed":
      // Edited after an interrupted attempt: whether that attempt is live is what is open. Otherwise the
      // posts are out in an earlier version (`changed` says so).
      return state.why === "edited-after-interrupted" ? "pending" : state.why === "split-changed" ? "partial" : state.why === "correcting" ? "correcting" : "published";
    case "published":
      return "published";
    case "partial":
      return "partial";
  }
}
