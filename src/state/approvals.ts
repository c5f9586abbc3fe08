/**
 * Approvals (four-eyes principle): `announce approve NOTICE --by NAME` records an approval of the
 * notice's exact content (hash of front matter, body and image bytes) in `<state>/approvals/<id>.jsonl`,
 * beside the ledger and readable in a pull request. An edit after approval changes the hash and so
 * voids it; the approver must be someone other than the notice's `author`. Whether an approval is needed
 * and valid is a publishing gate (src/publish/gates.ts).
 */
import path from "node:path";
import { appendJsonLine, readJsonLines } from "./jsonl.js";
import { ensureStateDir } from "./state-dir.js";

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

/** Names compared without case and surrounding spaces. */
export function samePerson(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}
