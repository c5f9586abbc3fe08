/** `announce init [DIR]`: a starter project for a press office; never overwrites a file. */
import type { InitResult } from "../config/starter.js";
import { ExitCode } from "../problems.js";
import { argument, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";

/** `init`: the starter written (or found), and what to do next. */
export const initCommand = defineCommand({
  name: "init",
  get description() {
    return ui().commands.init.description;
  },
  arguments: [argument("[dir]", () => ui().commands.init.dir)],
  options: [option("--package <spec>", () => ui().commands.init.package), option("--no-lockfile", () => ui().commands.init.noLockfile)],
  get help() {
    return ui().commands.init.help;
  },
  async run([dir]: [string | undefined], options: { package?: string; lockfile?: boolean }, ctx): Promise<InitResult> {
    const path = await import("node:path");
    const { initProject, installedSource } = await import("../config/starter.js");
    const { VERSION } = await import("../version.js");
    return initProject({
      dir: path.resolve(ctx.cwd, dir ?? "."),
      version: VERSION,
      packageSpec: options.package,
      installedSpec: options.package === undefined ? await installedSource(import.meta.filename) : undefined,
      lockfile: options.lockfile !== false,
      env: ctx.env,
      onLockfile: () => ctx.progress?.(ui().init.writingLockfile),
    });
  },
  async present(result, view) {
    const { formatInit, initJson } = await import("../report/init.js");
    return { json: initJson(result), human: formatInit(result, view.style, view.cwd, view.width), exitCode: ExitCode.Ok };
  },
});
