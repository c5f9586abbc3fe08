/**
 * `approve`, `pause`, `resume` and `log`: the work behind the commands, each recorded in the audit log.
 * The CLI only prints the results.
 */
import path from "node:path";
import { readNotice } from "../announcement/notice.js";
import { readConfig, type Env } from "../config/config.js";
import { InvalidInputError } from "../problems.js";
import { samePerson, recordApproval, type Approval } from "../state/approvals.js";
import { audit, readAudit, type AuditRecord } from "../state/audit.js";
import { pause, resume, type PauseState } from "../state/pause.js";

interface StateOptions {
  config: string;
  env: Env;
  /** `--state`, overriding the config's state folder. */
  stateDir?: string;
  actor: string;
}

/** The state folder: from `--state`, else from the config. */
async function stateDirOf(options: Omit<StateOptions, "actor">): Promise<string> {
  if (options.stateDir) return path.resolve(options.stateDir);
  const { config, problems } = await readConfig(options.config, options.env);
  if (!config) throw new InvalidInputError(problems);
  return config.stateDir;
}

/** Records an approval of the notice's current content; the author cannot approve their own notice. */
export async function approveNotice(options: StateOptions & { notice: string; by: string }): Promise<Approval> {
  // The publishing pipeline (Markdown parser and all) only for approve, not for pause, resume or log.
  const { loadInputs } = await import("../publish/load.js");
  const loaded = await loadInputs(options);
  const { notice, content, stateDir } = loaded;
  if (notice.author && samePerson(notice.author, options.by)) {
    throw new InvalidInputError([{ code: "APPROVER_IS_AUTHOR", message: `${options.by} wrote the notice and cannot approve it.`, hint: "Ask a second person to review and approve it." }]);
  }
  const approval = await recordApproval(stateDir, { notice: notice.id, content, by: options.by });
  await audit(stateDir, [{ actor: options.actor, action: "approve", notice: notice.id, content, outcome: "approved", detail: `by ${options.by}` }]);
  return approval;
}

export async function pausePublishing(options: StateOptions & { reason: string }): Promise<PauseState> {
  const stateDir = await stateDirOf(options);
  const state = await pause(stateDir, options.reason, options.actor);
  await audit(stateDir, [{ actor: options.actor, action: "pause", outcome: "paused", detail: options.reason }]);
  return state;
}

/** Ends a pause; returns the pause that ended, if there was one. */
export async function resumePublishing(options: StateOptions): Promise<PauseState | undefined> {
  const stateDir = await stateDirOf(options);
  const previous = await resume(stateDir);
  await audit(stateDir, [{ actor: options.actor, action: "resume", outcome: previous ? "resumed" : "not-paused", detail: previous?.reason }]);
  return previous;
}

/** The audit log, all of it or one notice's records (the notice given as its file or its id). */
export async function auditLog(options: Omit<StateOptions, "actor"> & { notice?: string }): Promise<AuditRecord[]> {
  const stateDir = await stateDirOf(options);
  let noticeId = options.notice ? path.basename(options.notice).replace(/\.md$/, "") : undefined;
  if (options.notice?.endsWith(".md")) noticeId = (await readNotice(options.notice)).notice?.id ?? noticeId;
  return readAudit(stateDir, noticeId);
}
