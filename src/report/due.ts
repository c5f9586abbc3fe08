/** Human and JSON renderings of `announce due`. */
import type { DueReport } from "../publish/due.js";
import { formatPublish, publishJson } from "./publish.js";
import { errorLines, problemJson } from "./problems.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

/** `due` for people: the counts, then each due notice's report or why it was not published. */
export function formatDue(report: DueReport, style: Style): string {
  const out: string[] = [];
  const t = ui();
  if (report.paused) out.push(style.yellow(t.due.pausedSince(report.paused.at, report.paused.by, report.paused.reason)));
  const invalid = report.notices.filter((n) => n.status === "invalid").length;
  out.push(t.due.counts({ scanned: report.scanned, due: report.notices.length - invalid, invalid, alreadyPublished: report.alreadyPublished, scheduled: report.scheduled, drafts: report.drafts }));
  for (const entry of report.notices) {
    out.push("");
    if (entry.report) out.push(formatPublish(entry.report, style));
    else if (entry.status === "invalid") out.push(`${style.red("✖")} ${style.bold(entry.title ?? entry.id)} ${style.dim(entry.file)} ${t.due.invalid}`);
    else out.push(`${entry.status === "paused" || entry.status === "claimed" ? style.yellow("!") : style.red("✖")} ${style.bold(entry.title ?? entry.id)} ${style.dim(entry.id)} ${t.common.status(entry.status)}${entry.status === "claimed" ? t.due.claimed : entry.status === "paused" ? t.due.paused : ""}`);
    for (const problem of entry.problems ?? []) out.push(...errorLines(problem, style));
  }
  for (const problem of report.problems ?? []) out.push("", `${style.red("✖")} ${style.bold(t.due.stopped)}`, ...errorLines(problem, style, "  "));
  return out.join("\n");
}

/** `due --json` (version 1): each published notice's report as `post --json` has it; a bug's error stays out. */
export function dueJson(report: DueReport): Record<string, unknown> {
  return {
    ...report,
    notices: report.notices.map(({ report: published, problems, bug: _bug, ...entry }) => ({ ...entry, problems: problems?.map(problemJson), report: published ? publishJson(published) : undefined })),
    problems: report.problems?.map(problemJson),
  };
}
