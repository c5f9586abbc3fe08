/**
 * Approvals (four-eyes principle): `announce approve NOTICE --by NAME` records an approval of the
 * notice's exact content (hash of front matter, body and image bytes) in `<state>/approvals/<id>.jsonl`,
 * beside the ledger and readable in a pull request. An edit after approval changes the hash and so
 * voids it; the approver must be someone other than the notice's `author`.
 */
import path from "node:path";
import type { Notice } from "../announcement/notice.js";
import type { Config } from "../config/config.js";
import type { Problem } from "../errors.js";
import type { Channel } from "../platforms/platform.js";
import { appendJsonLine, readJsonLines } from "../publish/jsonl.js";
import { ensureStateDir } from "../publish/state-dir.js";

export interface Approval {
  v: 1;
  at: string;
  notice: string;
  content: string;
  by: string;
}

export function approvalsFile(stateDir: string, noticeId: string): string {
  return path.join(stateDir, "approvals", `${noticeId}.jsonl`);
}

export async function recordApproval(stateDir: string, approval: Omit<Approval, "v" | "at">): Promise<Approval> {
  await ensureStateDir(stateDir);
  const record: Approval = { v: 1, at: new Date().toISOString(), ...approval };
  await appendJsonLine(approvalsFile(stateDir, approval.notice), record);
  return record;
}

export async function readApprovals(stateDir: string, noticeId: string): Promise<Approval[]> {
  return readJsonLines<Approval>(approvalsFile(stateDir, noticeId));
}

/** Whether the approval rules are on for any of these channels (per channel, else the config default). */
export function approvalRequired(config: Config, channels: Channel[]): boolean {
  return channels.some((c) => (c.settings.require_approval as boolean | undefined) ?? config.defaults.requireApproval);
}

/** Problems when the notice's current content is not approved by someone other than its author. */
export async function approvalProblems(stateDir: string, notice: Notice, content: string): Promise<Problem[]> {
  const approvals = await readApprovals(stateDir, notice.id);
  const valid = approvals.filter((a) => a.content === content && (notice.author === undefined || !samePerson(a.by, notice.author)));
  if (valid.length > 0) return [];
  const stale = approvals.some((a) => a.content !== content);
  const self = approvals.some((a) => a.content === content && notice.author !== undefined && samePerson(a.by, notice.author));
  return [
    {
      code: "NOTICE_NOT_APPROVED",
      message: stale
        ? `The notice ${notice.id} was changed after it was approved; the approval no longer applies.`
        : self
          ? `The notice ${notice.id} is approved only by its author (${notice.author}); it needs a second person.`
          : `The notice ${notice.id} needs an approval before it is published (require_approval is on).`,
      hint: `Someone other than the author reviews the notice as it is now and runs: announce approve ${path.basename(notice.file)} --by NAME`,
      location: { file: notice.file },
    },
  ];
}

/** Names compared without case and surrounding spaces. */
export function samePerson(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}
