/** Human and JSON renderings of `announce due`. */
import type { DueReport } from "../publish/due.js";
import { formatPublish, publishJson } from "./publish.js";
import { errorLines, problemJson } from "./problems.js";
import type { Style } from "./style.js";

/** `due` for people: the counts, then each due notice's report or why it was not published. */
export function formatDue(report: DueReport, style: Style): string {
  const out: string[] = [];
  if (report.paused) out.push(style.yellow(`Paused since ${report.paused.at} by ${report.paused.by}: ${report.paused.reason}`));
  const invalid = report.notices.filter((n) => n.status === "invalid").length;
  const counts = [`${report.notices.length - invalid} due`, ...(invalid > 0 ? [`${invalid} invalid`] : []), `${report.alreadyPublished} already published`, `${report.scheduled} scheduled for later`, ...(report.drafts > 0 ? [`${report.drafts} ${report.drafts === 1 ? "draft" : "drafts"} (not published)`] : [])];
  out.push(`${report.scanned} notices: ${counts.join(", ")}.`);
  for (const entry of report.notices) {
    out.push("");
    if (entry.report) out.push(formatPublish(entry.report, style));
    else if (entry.status === "invalid") out.push(`${style.red("✖")} ${style.bold(entry.title ?? entry.id)} ${style.dim(entry.file)} invalid: not published (the other notices are)`);
    else out.push(`${entry.status === "paused" || entry.status === "claimed" ? style.yellow("!") : style.red("✖")} ${style.bold(entry.title ?? entry.id)} ${style.dim(entry.id)} ${entry.status}${entry.status === "claimed" ? ": another run is publishing it" : entry.status === "paused" ? ": publishing is paused" : ""}`);
    for (const problem of entry.problems ?? []) out.push(...errorLines(problem, style));
  }
  for (const problem of report.problems ?? []) out.push("", `${style.red("✖")} ${style.bold("The run stopped")}`, ...errorLines(problem, style, "  "));
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
