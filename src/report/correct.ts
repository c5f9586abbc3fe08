/** Human and JSON renderings of `announce correct`. */
import type { CorrectChannelReport, CorrectReport } from "../publish/correct.js";
import { changeJson, changeLines, channelLines, correctCommand } from "./publish.js";
import { problemJson } from "./problems.js";
import type { Style } from "./style.js";

/** Whether a channel's outcome is a failure of the run: it failed, or an old post waits to be deleted by hand. */
export function correctFailed(c: Pick<CorrectChannelReport, "status">): boolean {
  return c.status === "failed" || c.status === "manual";
}

/** `correct --json` (version 1). */
export function correctJson(report: CorrectReport): Record<string, unknown> {
  return {
    version: 1,
    notice: report.notice,
    dryRun: report.dryRun,
    paused: report.paused,
    ok: !report.channels.some(correctFailed),
    channels: report.channels.map((c) => ({
      channel: c.channel, platform: c.platform, status: c.status, how: c.how, version: c.version, previous: c.previous,
      account: c.account, reason: c.reason, posts: c.posts, removed: c.removed, error: c.error && problemJson(c.error), warnings: c.warnings,
    })),
    ...(report.change ? { change: changeJson(report.change) } : {}),
  };
}

const HOW: Record<string, string> = { edit: "edited in place", reply: "a correction in the thread", replace: "posted again, the old version deleted" };

/** `correct` for people: the summary, then each channel with how it was corrected, its posts and what was removed. */
export function formatCorrect(report: CorrectReport, style: Style): string {
  const failed = report.channels.filter(correctFailed);
  const head = report.dryRun
    ? `Dry run: correction of ${report.notice.title} — credentials and limits checked, nothing changed.`
    : failed.length > 0
      ? `${failed.length} of ${report.channels.length} channels not corrected: ${report.notice.title}`
      : report.channels.some((c) => c.status === "corrected")
        ? `Corrected: ${report.notice.title}`
        : report.channels.every((c) => c.status === "not-published")
          ? `Nothing to correct: ${report.notice.title} is not published on these channels (announce post publishes it).`
          : `Nothing to correct: ${report.notice.title} is the same on every channel.`;
  const lines = [style.bold(head)];
  if (report.paused) lines.unshift(style.yellow(`Publishing is paused (${report.paused.reason}); only urgent notices go out.`));
  for (const c of report.channels) {
    const how = c.how ? ` (${HOW[c.how]}${c.version ? `, version ${c.version}` : ""})` : c.version && c.version > 1 ? ` (version ${c.version})` : "";
    const [first, ...rest] = channelLines(c, style);
    lines.push(first + style.dim(how), ...rest);
    for (const removed of c.removed) lines.push(`    ${style.dim(`removed ${removed.url ?? removed.id}`)}`);
  }
  if (report.change && (report.dryRun || report.channels.some((c) => c.status === "corrected"))) {
    lines.push(...changeLines(report.change, style).slice(0, -2));
  }
  if (!report.dryRun && failed.length > 0) lines.push("", `Run the same command again to finish: ${correctCommand(report.typed)}; what is corrected is skipped.`);
  return lines.join("\n");
}
