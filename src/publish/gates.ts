/**
 * The rules that hold a notice back before anything is published: its publishing time, a pause, and the
 * four-eyes approval.
 */
import { pastablePath, type Notice } from "../announcement/notice.js";
import type { Config } from "../config/config.js";
import type { Channel } from "../platforms/platform.js";
import { problem } from "../messages.js";
import { InvalidInputError, type Problem } from "../problems.js";
import { readApprovals, samePerson } from "../state/approvals.js";
import type { PauseState } from "../state/pause.js";
import type { Loaded } from "./load.js";

/**
 * The rules that hold a notice back: a draft, its publishing time, a pause (urgent notices still go), and the
 * four-eyes approval. Each is an input problem: nothing is published, exit 2.
 */
export async function checkGates(loaded: Loaded, channels: Channel[], options: { now?: boolean; clock?: () => Date; paused?: PauseState; dryRun?: boolean }): Promise<void> {
  const { notice, config, stateDir, content } = loaded;
  const problems: Problem[] = [];
  const now = options.clock?.() ?? new Date();
  // A draft is never published, --now or not: it is there to be reviewed (a dry run may check it).
  if (notice.draft && !options.dryRun) problems.push(problem("NOTICE_DRAFT", { id: notice.id }, { location: { file: notice.file, key: "draft" } }));
  if (notice.publishAt && notice.publishAt > now && !options.now) {
    problems.push(problem("NOTICE_NOT_DUE", { id: notice.id, at: notice.publishAt.toISOString() }, { location: { file: notice.file, key: "publish_at" } }));
  }
  if (options.paused && !notice.urgent) {
    problems.push(problem("PUBLISHING_PAUSED", { at: options.paused.at, by: options.paused.by, reason: options.paused.reason }));
  }
  if (approvalRequired(config, channels)) problems.push(...(await approvalProblems(stateDir, notice, content)));
  if (problems.length > 0) throw new InvalidInputError(problems);
}

/** Whether the approval rules are on for any of these channels (per channel, else the config default). */
export function approvalRequired(config: Config, channels: Channel[]): boolean {
  return channels.some((c) => (c.settings.require_approval as boolean | undefined) ?? config.defaults.requireApproval);
}

/** Problems when the notice's current content is not approved by someone other than its author. */
export async function approvalProblems(stateDir: string, notice: Notice, content: string): Promise<Problem[]> {
  let approvals;
  try {
    approvals = await readApprovals(stateDir, notice.id);
  } catch (error) {
    // A damaged approvals file counts as no approval: its problems say where and how to repair it.
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
  const valid = approvals.filter((a) => a.content === content && (notice.author === undefined || !samePerson(a.by, notice.author)));
  if (valid.length > 0) return [];
  const stale = approvals.some((a) => a.content !== content);
  const self = approvals.some((a) => a.content === content && notice.author !== undefined && samePerson(a.by, notice.author));
  return [problem("NOTICE_NOT_APPROVED", { id: notice.id, why: stale ? "changed" : self ? "self" : "missing", author: notice.author, file: pastablePath(notice) }, { location: { file: notice.file } })];
}

