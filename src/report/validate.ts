/** Human and JSON renderings of `announce validate`. */
import type { ValidateResult } from "../plan/validate.js";
import { DEFAULT_WIDTH, formatLocation, formatProblem, problemJson } from "./problems.js";
import type { Style } from "./style.js";
import { ui } from "../ui-texts.js";

/** `validate --json` (version 1): the config's and each notice's problems. */
export function validationJson(result: ValidateResult): Record<string, unknown> {
  return {
    version: 1,
    valid: result.valid,
    config: { file: result.config.file, problems: result.config.problems.map(problemJson) },
    notices: result.notices.map((n) => ({ file: n.file, id: n.id, valid: n.problems.length === 0, problems: n.problems.map(problemJson), warnings: n.warnings.map(problemJson) })),
  };
}

/** `validate` for people: each file with its problems and warnings, then the verdict. */
export function formatValidation(result: ValidateResult, style: Style, cwd: string, width = DEFAULT_WIDTH): string {
  const out: string[] = [];
  const t = ui().validate;
  const configName = formatLocation({ file: result.config.file }, cwd);
  if (result.config.problems.length === 0) out.push(`${style.green("✔")} ${configName}`);
  else {
    out.push(`${style.red("✖")} ${configName}: ${t.problems(result.config.problems.length)}`);
    for (const p of result.config.problems) out.push(formatProblem(p, "error", style, cwd, width));
  }
  for (const notice of result.notices) {
    const name = formatLocation({ file: notice.file }, cwd);
    if (notice.problems.length === 0) out.push(`${style.green("✔")} ${name}${notice.warnings.length ? style.yellow(` (${t.warnings(notice.warnings.length)})`) : ""}`);
    else out.push(`${style.red("✖")} ${name}: ${t.problems(notice.problems.length)}`);
    for (const p of notice.problems) out.push(formatProblem(p, "error", style, cwd, width));
    for (const w of notice.warnings) out.push(formatProblem(w, "warning", style, cwd, width));
  }
  const total = result.config.problems.length + result.notices.reduce((n, x) => n + x.problems.length, 0);
  out.push("", result.valid ? style.green(t.allValid) : style.red(t.invalid(total)));
  return out.join("\n");
}

/** "1 problem", "2 problems". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
