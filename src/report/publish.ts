/** Human and JSON renderings of `post`, `status` and `delete` reports. */
import { isFailure, type ChannelReport, type NoticeChange, type PublishReport } from "../publish/results.js";
import { shellPath } from "../messages.js";
import type { DeleteReport } from "../publish/remove.js";
import type { StatusReport } from "../publish/status.js";
import { planJson } from "./preview.js";
import { errorLines, problemJson } from "./problems.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

/** `post --json` (version 1); a dry run also carries the plan made with the live limits. */
export function publishJson(report: PublishReport): Record<string, unknown> {
  return {
    version: 1,
    notice: report.notice,
    dryRun: report.dryRun,
    paused: report.paused,
    ok: !report.channels.some(isFailure),
    channels: report.channels.map(channelJson),
    ...(report.changed ? { change: changeJson(report.changed) } : {}),
    ...(report.dryRun ? { plan: planJson(report.plan) } : {}),
  };
}

/** `changed` of `post --json`: the command that publishes the correction, and the changed lines. */
export function changeJson(change: NoticeChange): Record<string, unknown> {
  return { command: correctCommand(change.file), diff: change.diff?.lines, more: change.diff?.more || undefined };
}

/** `announce correct PATH`, with the path as the user typed it. */
export function correctCommand(file: string): string {
  return `announce correct ${shellPath(file)}`;
}

/** What changed since the published version, and how to publish the correction, for people. */
export function changeLines(change: NoticeChange, style: Style): string[] {
  const t = ui().correct;
  const lines = ["", style.bold(t.changedHead)];
  if (change.diff) {
    for (const line of change.diff.lines) lines.push(`  ${line.op === "-" ? style.red(`- ${line.text}`) : style.green(`+ ${line.text}`)}`);
    if (change.diff.more > 0) lines.push(style.dim(`  ${t.moreLines(change.diff.more)}`));
  } else lines.push(style.dim(`  ${t.notKept}`));
  lines.push("", t.toPublish(style.bold(correctCommand(change.file))));
  return lines;
}

const ICON: Record<string, (s: Style) => string> = {
  published: (s) => s.green("✔"),
  planned: (s) => s.green("●"),
  deleted: (s) => s.green("✔"),
  skipped: (s) => s.dim("○"),
  "nothing-to-delete": (s) => s.dim("○"),
  adopted: (s) => s.green("✔"),
  known: (s) => s.green("✔"),
  "not-found": (s) => s.dim("○"),
  "not-published": (s) => s.dim("○"),
  manual: (s) => s.yellow("!"),
  corrected: (s) => s.green("✔"),
  unchanged: (s) => s.green("✔"),
  partial: (s) => s.yellow("◐"),
  correcting: (s) => s.yellow("◐"),
  pending: (s) => s.yellow("?"),
  changed: (s) => s.yellow("≠"),
  failed: (s) => s.red("✖"),
};

export function channelLines(c: Pick<ChannelReport, "channel" | "platform" | "posts" | "reason" | "error" | "warnings"> & { status: string; account?: string }, style: Style): string[] {
  const t = ui();
  const out = [`${(ICON[c.status] ?? ICON.failed!)(style)} ${style.bold(c.channel)} ${style.dim(`(${c.platform}${c.account ? `, ${c.account}` : ""})`)} ${t.common.status(c.status)}${c.reason ? `: ${c.reason}` : ""}`];
  for (const post of c.posts) {
    const note = post.earlier ? style.dim(t.publish.earlier) : post.reconciled ? style.dim(t.publish.reconciled) : "";
    out.push(`    ${post.url ?? post.id}${note}`);
  }
  if (c.error) out.push(...errorLines(c.error, style));
  for (const warning of c.warnings) out.push(`    ${style.yellow(t.common.warning)} ${warning}`);
  return out;
}

/** `post` for people: the summary line, then each channel with its URLs or its error. */
export function formatPublish(report: PublishReport, style: Style): string {
  const failed = report.channels.filter((c) => c.status === "failed");
  const changed = report.channels.filter((c) => c.status === "changed");
  const t = ui().publish;
  const total = report.channels.length;
  const title = report.notice.title;
  const head = report.dryRun
    ? t.dryRun(title)
    : failed.length > 0
      ? total === 1
        ? t.failedOn(report.channels[0]!.channel, title)
        : t.failed(failed.length, total, changed.length, title)
      : changed.length > 0
        ? total === 1
          ? t.changedOnChannel(report.channels[0]!.channel, title)
          : t.changedOn(changed.length, total, title)
        : t.published(title);
  // An urgent notice went out without the channels whose credentials were rejected: they come first, loudly.
  const rejected = report.channels.filter((c) => c.rejected);
  const loud = rejected.length > 0 ? [style.red(style.bold(t.rejected(rejected.map((c) => c.channel))))] : [];
  const channels = [...rejected, ...report.channels.filter((c) => !c.rejected)];
  const lines = [...loud, style.bold(head), ...channels.flatMap((c) => channelLines(c, style))];
  if (report.paused) lines.unshift(style.yellow(t.paused(report.paused.reason)));
  if (!report.dryRun && failed.length > 0) lines.push("", t.runAgain);
  if (report.changed) lines.push(...changeLines(report.changed, style));
  return lines.join("\n");
}

/** `status --json` (version 1): a failed channel's `error` is a problem like every other; `failedAt` says when. */
export function statusJson(report: StatusReport): Record<string, unknown> {
  return {
    version: 1,
    notice: report.notice,
    paused: report.paused,
    approvals: report.approvals,
    recorded: report.recorded,
    channels: report.channels.map(({ error, ...c }) => ({ ...c, error: error && problemJson(error), failedAt: error?.at })),
  };
}

/** `status` for people: per channel what is out, pending or failed, and whether the notice changed since. */
export function formatStatus(report: StatusReport, style: Style): string {
  const t = ui();
  const lines = [style.bold(report.notice.title), style.dim([t.common.id(report.notice.id), ...(report.notice.publishAt ? [t.preview.publishAt(report.notice.publishAt)] : [])].join(" · "))];
  if (report.paused) lines.push(style.yellow(t.publish.pausedSince(report.paused.at, report.paused.by, report.paused.reason)));
  for (const a of report.approvals ?? []) lines.push(`${t.publish.approvalLine(a.by, a.kind === "signed", a.at)}${a.current ? "" : style.dim(t.publish.approvalVoid)}`);
  for (const c of report.channels) {
    lines.push(...channelLines({ ...c, platform: c.platform ?? "?", posts: c.posts, warnings: [], error: c.error ? { code: c.error.code, message: c.error.message } : undefined }, style));
    if (c.version > 1) lines.push(`    ${style.dim(t.correct.version(c.version))}`);
    if (c.status === "correcting") lines.push(`    ${style.yellow(t.common.status("correcting"))} ${t.correct.interrupted}`);
    else if (c.changed) lines.push(`    ${style.yellow(t.publish.changed)} ${t.publish.changedNote}`);
  }
  // Nothing recorded: never published from here, or the ledger was lost (adopt finds the posts).
  if (!report.recorded) lines.push("", style.dim(t.publish.noRecords(report.typed)));
  return lines.join("\n");
}

/**
 * A channel of `post` or `delete` in JSON: field by field, so what is not for machines (a bug's error
 * object) never reaches the output.
 */
export function channelJson(c: Omit<ChannelReport, "status"> & { status: string }): Record<string, unknown> {
  return { channel: c.channel, platform: c.platform, status: c.status, account: c.account, reason: c.reason, posts: c.posts, error: c.error && problemJson(c.error), warnings: c.warnings };
}

/** `delete --json` (version 1). */
export function deleteJson(report: DeleteReport): Record<string, unknown> {
  return {
    version: 1,
    notice: report.notice,
    ok: !report.channels.some(isFailure),
    channels: report.channels.map(channelJson),
  };
}

/** `delete` for people: per channel what was deleted, is left to do by hand, or failed. */
export function formatDelete(report: DeleteReport, style: Style): string {
  if (report.channels.length === 0) return ui().publish.nothingToDelete(report.notice.title);
  return [style.bold(ui().publish.deleteHead(report.notice.title)), ...report.channels.flatMap((c) => channelLines(c, style))].join("\n");
}
