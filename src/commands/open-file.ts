/**
 * Opening a file with the system's opener (`announce preview --html --open`): `open` on macOS, `start` on
 * Windows, `xdg-open` elsewhere. Never in CI, where nobody would look at it and a browser could hang the job.
 */
import { createRequire } from "node:module";
import type { Env } from "../env.js";
import { problem } from "../messages.js";
import type { Problem } from "../problems.js";

/** The opener command for a platform, with its arguments before the file. */
function opener(platform: NodeJS.Platform): { command: string; args: string[] } {
  if (platform === "darwin") return { command: "open", args: [] };
  if (platform === "win32") return { command: "cmd", args: ["/c", "start", '""'] };
  return { command: "xdg-open", args: [] };
}

/**
 * Opens `file` and resolves once the opener has started (it is left to run on its own); a warning when it
 * was not opened (in CI, or the opener could not be started).
 */
export async function openFile(file: string, env: Env, platform: NodeJS.Platform = process.platform): Promise<Problem | undefined> {
  if (env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0") return problem("PREVIEW_NOT_OPENED", { why: "ci", file });
  const { spawn } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
  const { command, args } = opener(platform);
  return new Promise((resolve) => {
    const child = spawn(command, [...args, file], { detached: true, stdio: "ignore", env: env as NodeJS.ProcessEnv });
    child.once("error", (error: NodeJS.ErrnoException) => resolve(problem("PREVIEW_NOT_OPENED", { why: "failed", file, opener: command, reason: error.code ?? error.message })));
    child.once("spawn", () => {
      child.unref();
      resolve(undefined);
    });
  });
}
