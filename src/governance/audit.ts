/**
 * The audit log: every action (post, delete, approve, pause, resume) appends a record to
 * `<state>/audit.jsonl`: time, actor, notice id, content hash, channel, outcome, URL. Never a secret.
 */
import path from "node:path";
import { appendJsonLine, readJsonLines } from "../publish/jsonl.js";

export interface AuditRecord {
  v: 1;
  at: string;
  actor: string;
  action: "post" | "delete" | "approve" | "pause" | "resume";
  notice?: string;
  content?: string;
  channel?: string;
  /** published, failed, skipped, changed, deleted, manual, approved, paused, resumed, … */
  outcome: string;
  url?: string;
  /** Error code, pause reason or other short detail. */
  detail?: string;
}

export function auditFile(stateDir: string): string {
  return path.join(stateDir, "audit.jsonl");
}

export async function audit(stateDir: string, records: Omit<AuditRecord, "v" | "at">[]): Promise<void> {
  const at = new Date().toISOString();
  for (const record of records) await appendJsonLine(auditFile(stateDir), { v: 1, at, ...record });
}

export async function readAudit(stateDir: string, noticeId?: string): Promise<AuditRecord[]> {
  const records = await readJsonLines<AuditRecord>(auditFile(stateDir));
  return noticeId ? records.filter((r) => r.notice === noticeId) : records;
}
