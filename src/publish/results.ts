/**
 * What publishing produces: the report per channel and per notice, the progress events, and the rules
 * read from them (what counts as a failure, the order of the channels). The CLI renders these; a library
 * user reads them.
 */
import { explain } from "../messages.js";
import { AnnounceError, PublishError } from "../problems.js";
import type { Plan } from "../plan/plan.js";
import type { PauseState } from "../state/pause.js";
import type { Redactor } from "../redact.js";
import type { DiffLine } from "../render/diff.js";

/** Progress, as facts: the CLI turns them into a progress display; `--json` users get the report. */
export type PublishEvent =
  /** `due`: a notice's turn has come; the events that follow carry its id as `notice`. */
  | { type: "notice"; id: string; title: string; urgent: boolean }
  | { type: "connecting"; channel: string }
  /** Connecting failed and is tried again (`attempt` of `attempts`) after `waitMs`, within the connect deadline. */
  | { type: "connect-retry"; channel: string; attempt: number; attempts: number; waitMs: number; reason: string }
  | { type: "connected"; channel: string; account: string }
  | { type: "publishing"; channel: string; index: number; total: number }
  /** Image `image` (from 0) of `images` of post `index` is being uploaded. */
  | { type: "uploading"; channel: string; index: number; image: number; images: number }
  /** Post `index` failed (`reason`: its problem code) and is tried again as `attempt + 1` of `attempts` after `waitMs`. */
  | { type: "retrying"; channel: string; index: number; attempt: number; attempts?: number; waitMs: number; reason: string }
  | { type: "reconciled"; channel: string; index: number; url?: string }
  /** Something the channel's report will say too (a link card left out, a session that could not be saved). */
  | { type: "warning"; channel: string; message: string }
  | { type: "channel-done"; channel: string; report: ChannelReport }
  /** The notice is done on every channel: how many channels published, failed or were skipped, and how long it took. */
  | { type: "finished"; published: number; failed: string[]; skipped: number; elapsedMs: number; dryRun: boolean };

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
  /**
   * The error of a bug (not a classified failure) that ended this channel, with its stack: the channel
   * fails with `INTERNAL_ERROR`, the others finish, and the CLI prints the stack and exits 70. Not part
   * of the JSON report.
   */
  bug?: unknown;
  /**
   * The platform rejected the channel's credentials (an urgent notice went out on the others): the report
   * says so first. Not part of the JSON report (its `error.code` says it).
   */
  rejected?: boolean;
}

export interface PublishReport {
  notice: { id: string; title: string; urgent: boolean; file: string; content: string; publishAt?: string };
  dryRun: boolean;
  /** Publishing is paused (`announce pause`); urgent notices still go out. */
  paused?: PauseState;
  channels: ChannelReport[];
  /** The plan that was (or would be) published, with live limits. */
  plan: Plan;
  /** The notice was edited after it went out on some channel: what changed, and the file to correct. */
  changed?: NoticeChange;
}

/** What changed in a notice since the version that is out, and the notice's path as typed (for `announce correct PATH`). */
export interface NoticeChange {
  file: string;
  /** The changed lines, when the published version's text was kept (`post` keeps it since this version). */
  diff?: { lines: DiffLine[]; more: number };
}

/**
 * Whether a channel's outcome is a failure of the run: it failed, or the notice changed there and a person
 * has to decide (exit code, `ok` in JSON, the summary line). The same for `delete`'s channel reports, whose
 * statuses (deleted, manual, …) are their own: a manual step is not done until a person confirms it
 * (`delete --confirm-manual`).
 */
export function isFailure(report: { status: string } | string): boolean {
  const status = typeof report === "string" ? report : report.status;
  // `manual` (delete): a post a person still has to delete by hand is not gone until it is confirmed.
  return status === "failed" || status === "changed" || status === "manual";
}

/** A classified failure (a platform's answer, an input problem) rather than a bug. */
export function isClassified(error: unknown): error is PublishError | AnnounceError {
  return error instanceof PublishError || error instanceof AnnounceError;
}

/** The report's error object of a classified failure, with secrets redacted. */
export function errorJson(failure: PublishError, redactor: Redactor): NonNullable<ChannelReport["error"]> {
  return {
    code: failure.code,
    message: redactor.redact(failure.message),
    hint: failure.hint,
    status: failure.status,
    platformMessage: failure.platformMessage ? redactor.redact(failure.platformMessage) : undefined,
  };
}

/** The report's error object of a bug in a channel's code; the error itself goes to `bug`. */
export function internalErrorJson(error: unknown, platformName: string, redactor: Redactor): NonNullable<ChannelReport["error"]> {
  const internal = explain("INTERNAL_ERROR", { in: "channel", platform: platformName, reason: (error as Error)?.message ?? String(error) });
  return { ...internal, message: redactor.redact(internal.message) };
}

/** Channel reports in the order of the plan (the config's order). */
export function inPlanOrder<T extends { channel: string }>(reports: T[], plan: Pick<Plan, "channels">): T[] {
  const position = (name: string) => plan.channels.findIndex((c) => c.channel === name);
  return reports.sort((a, b) => position(a.channel) - position(b.channel));
}
