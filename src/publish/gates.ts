/**
 * The rules that hold a notice back before anything is published: its publishing time, a pause, and the
 * four-eyes approval.
 */
import path from "node:path";
import { pastablePath, type Notice } from "../announcement/notice.js";
import type { Config } from "../config/config.js";
import type { Channel } from "../platforms/platform.js";
import { problem } from "../messages.js";
import { InvalidInputError, type Problem } from "../problems.js";
import { approvalsFile, readApprovals, samePerson } from "../state/approvals.js";
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
  if (approvalRequired(config, channels)) problems.push(...(await approvalProblems(stateDir, notice, content, approvalPolicies(config, channels))));
  if (problems.length > 0) throw new InvalidInputError(problems);
}

/** Whether the approval rules are on for any of these channels (per channel, else the config default). */
export function approvalRequired(config: Config, channels: Channel[]): boolean {
  return channels.some((c) => (c.settings.require_approval as boolean | undefined) ?? config.defaults.requireApproval);
}

/**
 * What counts as an approval on a channel: signatures by keys of its allowed_signers file (the channel's,
 * else the config's default), and unsigned approvals only where the config says so.
 */
export interface ApprovalPolicy {
  /** Absolute path of the allowed_signers file; none: no signed approval can count. */
  allowedSigners?: string;
  /** Whether approvals by name alone (approve --by) count. */
  unsigned: boolean;
}

/** The distinct approval policies of the channels that require an approval. */
export function approvalPolicies(config: Config, channels: Channel[]): ApprovalPolicy[] {
  const policies = new Map<string, ApprovalPolicy>();
  for (const channel of channels) {
    if (!((channel.settings.require_approval as boolean | undefined) ?? config.defaults.requireApproval)) continue;
    const file = channel.settings.allowed_signers as string | undefined;
    const policy: ApprovalPolicy = {
      allowedSigners: file ? path.resolve(path.dirname(config.file), file) : config.defaults.allowedSigners,
      unsigned: (channel.settings.unsigned_approvals as boolean | undefined) ?? config.defaults.unsignedApprovals ?? false,
    };
    policies.set(JSON.stringify(policy), policy);
  }
  return [...policies.values()];
}

/** Every allowed_signers file the config names (for approve: where the approver's key must be listed). */
export function allowedSignersFiles(config: Config): string[] {
  const files = new Set<string>(config.defaults.allowedSigners ? [config.defaults.allowedSigners] : []);
  for (const channel of config.channels) {
    const file = channel.settings.allowed_signers as string | undefined;
    if (file) files.add(path.resolve(path.dirname(config.file), file));
  }
  return [...files];
}

/**
 * Who wrote the notice: its `author`, and the repository's authors of the file (commit e-mail addresses,
 * and the principals of SSH-signed commits per the allowed_signers files). Their approvals never count.
 */
export async function noticeAuthors(notice: Notice, allowedSigners: readonly string[]): Promise<string[]> {
  const { commitAuthors } = await import("./signatures.js");
  const found = await Promise.all((allowedSigners.length > 0 ? allowedSigners : [undefined]).map((file) => commitAuthors(notice.file, file)));
  return [...new Set([...(notice.author ? [notice.author] : []), ...found.flat()])];
}

/** How a signed approval stands against one allowed_signers file. */
type Verdict = "verified" | "not-allowed" | "tampered";

/**
 * Problems when the notice's current content is not approved by someone other than its author under
 * every policy. A signed approval whose record does not match its signature (an edited `by`, `content`
 * or `notice`) is APPROVAL_SIGNATURE_INVALID and blocks publishing: someone changed the file.
 */
export async function approvalProblems(stateDir: string, notice: Notice, content: string, policies: readonly ApprovalPolicy[]): Promise<Problem[]> {
  let approvals;
  try {
    approvals = await readApprovals(stateDir, notice.id);
  } catch (error) {
    // A damaged approvals file counts as no approval: its problems say where and how to repair it.
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
  const { approvalStatement, principalsOf, verifyStatement } = await import("./signatures.js");
  const files = [...new Set(policies.flatMap((p) => (p.allowedSigners ? [p.allowedSigners] : [])))];
  const authors = await noticeAuthors(notice, files);
  const isAuthor = (by: string) => authors.some((author) => samePerson(author, by));
  const current = approvals.map((a, i) => ({ ...a, line: i + 1 })).filter((a) => a.content === content && a.notice === notice.id);

  // Each current signed approval against each allowed_signers file.
  const verdicts = new Map<number, Map<string, Verdict>>();
  const tampered: Problem[] = [];
  for (const approval of current.filter((a) => a.kind === "signed")) {
    const byFile = new Map<string, Verdict>();
    for (const file of files) {
      const principals = await principalsOf(approval.signature!, file);
      if (principals.length === 0) byFile.set(file, "not-allowed");
      else if (!principals.includes(approval.by)) byFile.set(file, "tampered");
      else byFile.set(file, (await verifyStatement(approvalStatement(notice.id, content), approval.signature!, approval.by, file)) ? "verified" : "tampered");
    }
    verdicts.set(approval.line, byFile);
    if ([...byFile.values()].includes("tampered")) {
      tampered.push(problem("APPROVAL_SIGNATURE_INVALID", { id: notice.id, line: approval.line, by: approval.by }, { location: { file: approvalsFile(stateDir, notice.id), line: approval.line } }));
    }
  }
  if (tampered.length > 0) return tampered;

  const problems: Problem[] = [];
  for (const policy of policies) {
    const counts = (a: (typeof current)[number]) =>
      !isAuthor(a.by) && (a.kind === "signed" ? policy.allowedSigners !== undefined && verdicts.get(a.line)?.get(policy.allowedSigners) === "verified" : policy.unsigned);
    if (current.some(counts)) continue;
    const signed = !policy.unsigned;
    const why =
      current.length === 0
        ? approvals.some((a) => a.content !== content)
          ? "changed"
          : "missing"
        : current.every((a) => isAuthor(a.by))
          ? "self"
          : current.some((a) => a.kind !== "signed" && !isAuthor(a.by)) && !policy.unsigned && !current.some((a) => a.kind === "signed" && !isAuthor(a.by))
            ? "unsigned"
            : "not-allowed";
    const made = problem("NOTICE_NOT_APPROVED", { id: notice.id, why, author: notice.author ?? authors[0], file: pastablePath(notice), signed }, { location: { file: notice.file } });
    if (!problems.some((p) => p.message === made.message)) problems.push(made);
  }
  return problems;
}
