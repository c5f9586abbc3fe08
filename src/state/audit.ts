/**
 * The audit log: every action (post, delete, approve, pause, resume) appends a record to
 * `<state>/audit.jsonl`: time, actor, notice id, content hash, channel, outcome, URL. Never a secret.
 */
import path from "node:path";
import { appendJsonLines, readJsonLines } from "./jsonl.js";

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

/** Appends records, all with the same time, in one write. */
export async function audit(stateDir: string, records: Omit<AuditRecord, "v" | "at">[]): Promise<void> {
  const at = new Date().toISOString();
  await appendJsonLines(auditFile(stateDir), records.map((record) => ({ v: 1, at, ...record })));
}

/** What `post` and `delete` report per channel, as far as the audit log keeps it. */
interface ChannelOutcome {
  channel: string;
  status: string;
  reason?: string;
  posts: { url?: string }[];
  error?: { code: string };
}

/** One record per channel of a `post` or `delete` run: its outcome, the first post's URL, the error code or reason. */
export function auditChannels(
  stateDir: string,
  run: { action: "post" | "delete"; actor: string; notice: string; content: string },
  channels: readonly ChannelOutcome[],
): Promise<void> {
  return audit(
    stateDir,
    channels.map((c) => ({ actor: run.actor, action: run.action, notice: run.notice, content: run.content, channel: c.channel, outcome: c.status, url: c.posts[0]?.url, detail: c.error?.code ?? c.reason })),
  );
}

export async function readAudit(stateDir: string, noticeId?: string): Promise<AuditRecord[]> {
  const records = await readJsonLines<AuditRecord>(auditFile(stateDir));
  return noticeId ? records.filter((r) => r.notice === noticeId) : records;
}
