/**
 * Problems, rendered: one JSON object for every problem and every channel or notice error of every
 * command's `--json` output ({@link problemJson}), and their human forms.
 */
import type { Location, Problem } from "../problems.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

/** "notices/x.md:9:3 (images.0.alt)", relative to `cwd`. */
export function formatLocation(location: Location | undefined, cwd: string): string {
  if (!location?.file) return location?.key ? `(${location.key})` : "";
  const file = location.file.startsWith(cwd + "/") ? location.file.slice(cwd.length + 1) : location.file;
  const line = location.line ? `:${location.line}${location.column ? `:${location.column}` : ""}` : "";
  return `${file}${line}${location.key ? ` (${location.key})` : ""}`;
}

/** Columns of human output when the terminal does not say (not a terminal: a file, a pipe, CI logs). */
export const DEFAULT_WIDTH = 80;

/**
 * Word-wraps `text` to `width` columns: the first line after `first`, the others after `rest` (both of
 * plain characters; a word longer than a line, such as a URL, stays whole on its own line).
 */
export function wrap(text: string, width: number, first: string, rest: string = " ".repeat(first.length)): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    let prefix = lines.length === 0 ? first : rest;
    for (const word of paragraph.split(" ")) {
      if (line !== "" && prefix.length + [...line].length + 1 + [...word].length > width) {
        lines.push(prefix + line);
        prefix = rest;
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    lines.push(prefix + line);
  }
  return lines;
}

/** "error NOTICE_IMAGE_ALT_MISSING notice.md:9 (images.0.alt)\n  The image … has no alt text.\n  → Describe …", wrapped to `width`. */
export function formatProblem(problem: Problem, kind: "error" | "warning", style: Style, cwd: string, width = DEFAULT_WIDTH): string {
  const label = kind === "error" ? style.red(style.bold(ui().common.error)) : style.yellow(style.bold(ui().common.warning));
  const where = formatLocation(problem.location, cwd);
  const lines = [`${label} ${style.dim(problem.code)}${where ? ` ${where}` : ""}`, ...wrap(problem.message, width, "  ")];
  if (problem.hint) lines.push(...wrap(problem.hint, width, "  → ", "    ").map((l, i) => (i === 0 ? l.replace("→", style.cyan("→")) : l)));
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
export function errorLines(error: Problem, style: Style, indent = "    ", width = DEFAULT_WIDTH): string[] {
  const out = wrap(`${error.code} ${error.message}`, width, indent, `${indent}  `).map((l, i) => (i === 0 ? l.replace(error.code, style.red(error.code)) : l));
  if (error.platformMessage && !error.message.includes(error.platformMessage)) out.push(...wrap(ui().common.platformSaid(error.platformMessage), width, indent, `${indent}  `));
  if (error.hint) out.push(...wrap(error.hint, width, `${indent}→ `, `${indent}  `).map((l, i) => (i === 0 ? l.replace("→", style.cyan("→")) : l)));
  return out;
}
