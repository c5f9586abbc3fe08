/**
 * The audit log: every action (post, delete, correct, approve, pause, resume) appends a record to
 * `<state>/audit.jsonl`: time, actor, notice id, content hash, channel, outcome, URL. Never a secret.
 */
import path from "node:path";
import * as z from "zod";
import { problem } from "../messages.js";
import type { Problem } from "../problems.js";
import { appendJsonLines, readJsonLines } from "./jsonl.js";

export interface AuditRecord {
  v: 1;
  at: string;
  actor: string;
  action: "post" | "delete" | "approve" | "pause" | "resume" | "correct" | "adopt";
  notice?: string;
  content?: string;
  /** `correct`: the content hash of the version the channel carried before. */
  previous?: string;
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
  run: { action: "post" | "delete" | "adopt"; actor: string; notice: string; content: string },
  channels: readonly ChannelOutcome[],
): Promise<void> {
  return audit(
    stateDir,
    channels.map((c) => ({ actor: run.actor, action: run.action, notice: run.notice, content: run.content, channel: c.channel, outcome: c.status, url: c.posts[0]?.url, detail: c.error?.code ?? c.reason })),
  );
}

const auditRecord = z.object({
  v: z.literal(1),
  at: z.string(),
  actor: z.string(),
  action: z.enum(["post", "delete", "approve", "pause", "resume", "correct", "adopt"]),
  notice: z.string().optional(),
  content: z.string().optional(),
  previous: z.string().optional(),
  channel: z.string().optional(),
  outcome: z.string(),
  url: z.string().optional(),
  detail: z.string().optional(),
}) satisfies z.ZodType<AuditRecord>;

/** The audit log as read: its records, and a warning for each line that is not a record. */
export interface AuditRead {
  records: AuditRecord[];
  /** `AUDIT_LINE_UNREADABLE`, one per damaged line, with file and line. */
  warnings: Problem[];
}

/**
 * The audit log, all of it or one notice's records. A damaged line is skipped with a warning rather than
 * stopping the reading: the audit log decides nothing (nothing is published or held back because of it),
 * and one bad line must not hide the rest of the history; the warning says where it is, so it is not
 * missed either. A torn last line (crash mid-write) is skipped silently, as everywhere.
 */
export async function readAudit(stateDir: string, noticeId?: string): Promise<AuditRead> {
  const read = await readJsonLines(auditFile(stateDir), auditRecord);
  const warnings = read.damaged.map((d) => problem("AUDIT_LINE_UNREADABLE", { line: d.line, damage: d.damage }, { location: { file: d.file, line: d.line } }));
  return { records: noticeId ? read.records.filter((r) => r.notice === noticeId) : read.records, warnings };
}
