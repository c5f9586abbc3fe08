/** Human and JSON renderings of `announce init`. */
import path from "node:path";
import type { InitResult } from "../config/starter.js";
import type { Style } from "./style.js";

/** `init --json` (version 1). */
export function initJson(result: InitResult): Record<string, unknown> {
  return { version: 1, ...result };
}

/** `init` for people: what was written, what was there already, and the next steps. */
export function formatInit(result: InitResult, style: Style, cwd: string): string {
  const where = path.relative(cwd, result.dir) || ".";
  const out = [
    ...result.written.map((f) => `${style.green("+")} ${f}`),
    ...result.kept.map((f) => `${style.dim("=")} ${f} ${style.dim("(exists, left as it is)")}`),
    "",
    style.bold("Next steps:"),
    ...(where === "." ? [] : [`  cd ${where}`]),
    `  npm install                 writes package-lock.json with announce ${result.packageSpec} and its integrity hash;`,
    "                              check where it came from (\"resolved\"), then commit package.json and package-lock.json",
    "  announce preview notices/beispiel.md",
    "  edit channels.yaml          remove the # of each platform you use",
    "  announce login CHANNEL      get a token and write it to .env (never committed)",
    "  announce check              are the tokens and permissions right?",
  ];
  return out.join("\n");
}
