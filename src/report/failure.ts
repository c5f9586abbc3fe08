/**
 * Whether a channel's outcome is a failure of the run: it failed, or the notice changed there and a person
 * has to decide. It decides the exit code of `post`, `delete` and `due`, `ok` in their JSON and the summary
 * line.
 *
 * The publishing layer is getting its own `isFailure` (publish/results.ts); once it has it, this file is
 * replaced by that import: this is the one place that reads it here.
 */
export function isFailure(report: { status: string }): boolean {
  return report.status === "failed" || report.status === "changed";
}
