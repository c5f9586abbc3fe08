import type { Location, Problem } from "../problems.js";
import type { Style } from "./style.js";

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

export function problemJson(problem: Problem): Record<string, unknown> {
  return {
    code: problem.code,
    message: problem.message,
    hint: problem.hint,
    channel: problem.channel,
    file: problem.location?.file,
    line: problem.location?.line,
    column: problem.location?.column,
    key: problem.location?.key,
  };
}

/** An error under a channel or notice in a report: "    CODE message", what the platform said, "    → hint". */
export function errorLines(error: { code: string; message: string; hint?: string; platformMessage?: string }, style: Style, indent = "    "): string[] {
  const out = [`${indent}${style.red(error.code)} ${error.message}`];
  if (error.platformMessage && !error.message.includes(error.platformMessage)) out.push(`${indent}platform said: ${error.platformMessage}`);
  if (error.hint) out.push(`${indent}${style.cyan("→")} ${error.hint}`);
  return out;
}
