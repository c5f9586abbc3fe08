/** Human and JSON renderings of `approve`, `pause`, `resume` and `log`. */
import type { Approval } from "../state/approvals.js";
import type { AuditRead } from "../state/audit.js";
import type { PauseState } from "../state/pause.js";
import { formatProblem, problemJson } from "./problems.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

/** `approve --json` (version 1). */
export function approvalJson(approval: Approval): Record<string, unknown> {
  return { version: 1, approval };
}

/** The approval, and that any edit voids it. */
export function formatApproval(approval: Approval): string {
  return ui().governance.approved(approval.notice, approval.by, approval.content.slice(0, 19), approval.kind === "signed");
}

/** `pause --json` (version 1). */
export function pauseJson(state: PauseState): Record<string, unknown> {
  return { version: 1, paused: state };
}

/** The pause, and how to end it. */
export function formatPause(state: PauseState): string {
  return ui().governance.paused(state.reason);
}

/** `resume --json` (version 1): the pause that ended, or null when there was none. */
export function resumeJson(previous: PauseState | undefined): Record<string, unknown> {
  return { version: 1, resumed: previous ?? null };
}

/** The pause that ended, or that there was none. */
export function formatResume(previous: PauseState | undefined): string {
  return previous ? ui().governance.resumed(previous.reason) : ui().governance.notPaused;
}

/** `log --json` (version 1): the records, and a warning for each damaged line that was left out. */
export function logJson(log: AuditRead): Record<string, unknown> {
  return { version: 1, records: log.records, warnings: log.warnings.map(problemJson) };
}

/**
 * The audit log for people: one line per record (outcomes in words: `not-paused` → "not paused"), then a
 * warning for each damaged line left out. `notice`: the notice asked for, as typed.
 */
export function formatLog(log: AuditRead & { notice?: string }, style: Style, cwd: string): string {
  const t = ui();
  const lines = log.records.map((r) =>
    [style.dim(t.governance.logTime(r.at)), r.actor, r.action, r.notice ?? "", r.channel ?? "", t.common.status(r.outcome), r.url ?? "", r.detail ? style.dim(r.detail) : ""].filter(Boolean).join("  "),
  );
  if (log.records.length === 0 && log.warnings.length === 0) lines.push(log.notice !== undefined ? t.governance.logNone(log.notice) : t.governance.logEmpty);
  return [...lines, ...log.warnings.map((w) => formatProblem(w, "warning", style, cwd))].join("\n");
}
