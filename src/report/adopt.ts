/** Human and JSON renderings of `adopt` reports. */
import type { AdoptReport } from "../publish/adopt.js";
import { isFailure } from "../publish/results.js";
import { channelJson, channelLines } from "./publish.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

/** `adopt --json` (version 1): per channel what was found and recorded; `total` is the thread's length. */
export function adoptJson(report: AdoptReport): Record<string, unknown> {
  return {
    version: 1,
    notice: report.notice,
    since: report.since,
    dryRun: report.dryRun,
    ok: !report.channels.some(isFailure),
    channels: report.channels.map((c) => ({ ...channelJson(c), total: c.total })),
  };
}

/** `adopt` for people: per channel the posts found (recorded, or with --dry-run what would be), or why none. */
export function formatAdopt(report: AdoptReport, style: Style): string {
  const t = ui().adopt;
  const head = report.dryRun ? t.dryRun(report.notice.title, report.since) : t.head(report.notice.title, report.since);
  // A found post is listed by its URL alone: the channel's status says it was found and recorded.
  const lines = [style.bold(head), ...report.channels.flatMap((c) => channelLines({ ...c, posts: c.posts.map((p) => ({ ...p, reconciled: undefined })) }, style))];
  const missing = report.channels.filter((c) => c.status === "not-found" || c.status === "partial");
  if (!report.dryRun && missing.length > 0) lines.push("", t.missing);
  return lines.join("\n");
}
