/** Human renderings of `due`, `check` and `log`. */
import type { AuditRecord } from "../state/audit.js";
import type { ChannelCheck } from "../publish/check.js";
import type { DueReport } from "../publish/due.js";
import { formatPublish, publishJson } from "./publish.js";
import { errorLines, problemJson } from "./problems.js";
import type { Style } from "./style.js";

export function formatDue(report: DueReport, style: Style): string {
  const out: string[] = [];
  if (report.paused) out.push(style.yellow(`Paused since ${report.paused.at} by ${report.paused.by}: ${report.paused.reason}`));
  out.push(`${report.scanned} notices: ${report.notices.length} due, ${report.alreadyPublished} already published, ${report.scheduled} scheduled for later.`);
  for (const entry of report.notices) {
    out.push("");
    if (entry.report) out.push(formatPublish(entry.report, style));
    else out.push(`${entry.status === "paused" || entry.status === "claimed" ? style.yellow("!") : style.red("✖")} ${style.bold(entry.title)} ${style.dim(entry.id)} ${entry.status}${entry.status === "claimed" ? ": another run is publishing it" : entry.status === "paused" ? ": publishing is paused" : ""}`);
    for (const problem of entry.problems ?? []) out.push(...errorLines(problem, style));
  }
  for (const problem of report.problems ?? []) out.push("", `${style.red("✖")} ${style.bold("The run stopped")}`, ...errorLines(problem, style, "  "));
  return out.join("\n");
}

/** `due --json` (version 1): each published notice's report as `post --json` has it. */
export function dueJson(report: DueReport): Record<string, unknown> {
  return {
    ...report,
    notices: report.notices.map(({ report: published, problems, ...entry }) => ({ ...entry, problems: problems?.map(problemJson), report: published ? publishJson(published) : undefined })),
    problems: report.problems?.map(problemJson),
  };
}

/** `check --json` (version 1). */
export function checkJson(checks: ChannelCheck[]): Record<string, unknown> {
  return { version: 1, ok: checks.every((c) => c.ok), channels: checks };
}

export function formatCheck(checks: ChannelCheck[], style: Style): string {
  const out: string[] = [];
  for (const c of checks) {
    out.push(`${c.ok ? style.green("✔") : style.red("✖")} ${style.bold(c.channel)} ${style.dim(`(${c.platform})`)}${c.account ? ` as ${c.account}` : ""}`);
    if (c.limits && Object.keys(c.limits).length) out.push(`    limits: ${Object.entries(c.limits).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    if (c.quota) out.push(`    quota: ${c.quota.used}/${c.quota.total} per ${c.quota.window}`);
    if (c.tokenExpiresAt) out.push(`    token expires: ${c.tokenExpiresAt}${c.tokenExpirySource === "config" ? " (token_expires_at in the config)" : ""}`);
    if (c.scopes?.length) out.push(`    scopes: ${c.scopes.join(", ")}`);
    for (const w of c.warnings) out.push(`    ${style.yellow("warning")} ${w}`);
    if (c.error) out.push(...errorLines(c.error, style));
  }
  return out.join("\n");
}

export function formatLog(records: AuditRecord[], style: Style): string {
  if (records.length === 0) return "The audit log is empty.";
  return records
    .map((r) => [style.dim(r.at), r.actor, r.action, r.notice ?? "", r.channel ?? "", r.outcome, r.url ?? "", r.detail ? style.dim(r.detail) : ""].filter(Boolean).join("  "))
    .join("\n");
}
