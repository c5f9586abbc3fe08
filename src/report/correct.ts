/** Human and JSON renderings of `announce correct`. */
import type { CorrectChannelReport, CorrectReport } from "../publish/correct.js";
import { changeJson, changeLines, channelLines, correctCommand } from "./publish.js";
import { problemJson } from "./problems.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

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

/** `correct` for people: the summary, then each channel with how it was corrected, its posts and what was removed. */
export function formatCorrect(report: CorrectReport, style: Style): string {
  const failed = report.channels.filter(correctFailed);
  const t = ui().correct;
  const title = report.notice.title;
  const head = report.dryRun
    ? t.dryRun(title)
    : failed.length > 0
      ? t.failed(failed.length, report.channels.length, title)
      : report.channels.some((c) => c.status === "corrected")
        ? t.corrected(title)
        : report.channels.every((c) => c.status === "not-published")
          ? t.notPublished(title)
          : t.same(title);
  const lines = [style.bold(head)];
  if (report.paused) lines.unshift(style.yellow(ui().publish.paused(report.paused.reason)));
  for (const c of report.channels) {
    const how = c.how ? ` (${t.how(c.how, c.version)})` : c.version && c.version > 1 ? ` (${t.versionOnly(c.version)})` : "";
    const [first, ...rest] = channelLines(c, style);
    lines.push(first + style.dim(how), ...rest);
    for (const removed of c.removed) lines.push(`    ${style.dim(t.removed(removed.url ?? removed.id))}`);
  }
  if (report.change && (report.dryRun || report.channels.some((c) => c.status === "corrected"))) {
    lines.push(...changeLines(report.change, style).slice(0, -2));
  }
  if (!report.dryRun && failed.length > 0) lines.push("", t.runAgain(correctCommand(report.typed)));
  return lines.join("\n");
}
