/** `announce init [DIR]`: a starter project for a press office; never overwrites a file. */
import type { InitResult } from "../config/starter.js";
import { ExitCode } from "../problems.js";
import { defineCommand } from "./command.js";

/** `init`: the starter written (or found), and what to do next. */
export const initCommand = defineCommand({
  name: "init",
  description: "create a starter project (channels.yaml, an example notice, CI definitions); never overwrites a file",
  arguments: [{ name: "[dir]", description: "the project folder (default: the current folder)" }],
  options: [
    {
      flags: "--package <spec>",
      description: "where CI installs announce from, pinned: an exact version (default: this one), a .tgz URL or a git URL with #tag",
    },
  ],
  help: "\nExamples:\n  announce init pressestelle\n  announce init --package https://downloads.example-stadt.de/announce-0.1.0.tgz",
  async run([dir]: [string | undefined], options: { package?: string }, ctx): Promise<InitResult> {
    const path = await import("node:path");
    const { initProject } = await import("../config/starter.js");
    const { VERSION } = await import("../version.js");
    return initProject({ dir: path.resolve(ctx.cwd, dir ?? "."), version: VERSION, packageSpec: options.package });
  },
  async present(result, view) {
    const { formatInit, initJson } = await import("../report/init.js");
    return { json: initJson(result), human: formatInit(result, view.style, view.cwd), exitCode: ExitCode.Ok };
  },
});
