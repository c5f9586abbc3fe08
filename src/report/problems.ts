/**
 * Problems, rendered: one JSON object for every problem and every channel or notice error of every
 * command's `--json` output ({@link problemJson}), and their human forms.
 */
import type { Location, Problem } from "../problems.js";
import type { Style } from "./style.js";

/** "notices/x.md:9:3 (images.0.alt)", relative to `cwd`. */
export function formatLocation(location: Location | undefined, cwd: string): string {
  if (!location?.file) return location?.key ? `(${location.key})` : "";
  const file = location.file.startsWith(cwd + "/") ? location.file.slice(cwd.length + 1) : location.file;
  const line = location.line ? `:${location.line}${location.column ? `:${location.column}` : ""}` : "";
  return `${file}${line}${location.key ? ` (${location.key})` : ""}`;
}

/** "error NOTICE_IMAGE_ALT_MISSING notice.md:9 (images.0.alt)\n  The image … has no alt text.\n  → Describe …" */
export function formatProblem(problem: Problem, kind: "error" | "warning", style: Style, cwd: string): string {
  const label = kind === "error" ? style.red(style.bold("error")) : style.yellow(style.bold("warning"));
  const where = formatLocation(problem.location, cwd);
  const lines = [`${label} ${style.dim(problem.code)}${where ? ` ${where}` : ""}`, `  ${problem.message}`];
  if (problem.hint) lines.push(`  ${style.cyan("→")} ${problem.hint}`);
  return lines.join("\n");
}

/** A problem in `--json` output (README, "JSON output"); what is not known is left out. */
export interface ProblemJson {
  code: string;
  message: string;
  hint?: string;
  channel?: string;
  file?: string;
  line?: number;
  column?: number;
  key?: string;
  status?: number;
  platformMessage?: string;
}

/**
 * The one JSON shape of a problem: in `problems` and `warnings` lists and as a channel's or notice's
 * `error`, in every command's `--json` output. Only these fields, whatever else the problem's object holds
 * (a ledger record's time, an error's stack).
 */
export function problemJson(problem: Problem): ProblemJson {
  return {
    code: problem.code,
    message: problem.message,
    hint: problem.hint,
    channel: problem.channel,
    file: problem.location?.file,
    line: problem.location?.line,
    column: problem.location?.column,
    key: problem.location?.key,
    status: problem.status,
    platformMessage: problem.platformMessage,
  };
}

/** The `--json` document of a command stopped by problems (invalid input, a held lock, a failed pull). */
export function failureJson(problems: readonly Problem[]): { version: 1; ok: false; problems: ProblemJson[] } {
  return { version: 1, ok: false, problems: problems.map(problemJson) };
}

/** An error under a channel or notice in a report: "    CODE message", what the platform said, "    → hint". */
export function errorLines(error: Problem, style: Style, indent = "    "): string[] {
  const out = [`${indent}${style.red(error.code)} ${error.message}`];
  if (error.platformMessage && !error.message.includes(error.platformMessage)) out.push(`${indent}platform said: ${error.platformMessage}`);
  if (error.hint) out.push(`${indent}${style.cyan("→")} ${error.hint}`);
  return out;
}
