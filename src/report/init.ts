/** Human and JSON renderings of `announce init`. */
import path from "node:path";
import type { InitResult } from "../config/starter.js";
import { ui } from "../ui-texts.js";
import { formatProblem, problemJson } from "./problems.js";
import type { Style } from "./style.js";

/** The command that shows the starter's example notice (the same in every language). */
const PREVIEW = "announce preview notices/beispiel.md";

/** `init --json` (version 1). */
export function initJson(result: InitResult): Record<string, unknown> {
  return { version: 1, ...result, warnings: result.warnings.map(problemJson) };
}

/** `init` for people: what was written, what was there already, and the next steps. */
export function formatInit(result: InitResult, style: Style, cwd: string, width?: number): string {
  const t = ui().init;
  const where = path.relative(cwd, result.dir) || ".";
  const out = [
    ...result.written.map((f) => `${style.green("+")} ${f}`),
    ...result.kept.map((f) => `${style.dim("=")} ${f} ${style.dim(t.exists)}`),
    ...result.warnings.flatMap((w) => ["", formatProblem(w, "warning", style, cwd, width)]),
    "",
    style.bold(t.next),
    ...(where === "." ? [] : [`  cd ${where}`]),
    result.lockfile === "written" ? t.lockfileCheck(result.packageSpec) : t.npmInstall(result.packageSpec),
    `  ${PREVIEW}`,
    t.editConfig,
    t.login,
    t.check,
  ];
  return out.join("\n");
}
