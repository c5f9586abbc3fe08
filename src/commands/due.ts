/** `announce due DIR`: publish every notice under DIR whose time has come and that is not fully published. */
import type { DueReport } from "../publish/due.js";
import { ExitCode } from "../problems.js";
import { argument, channelBugs, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";

/**
 * `due`: every due notice published, its report; exit 2 when a notice is invalid (it alone was held back),
 * else 1 when a notice failed or is blocked or the run stopped.
 */
export const dueCommand = defineCommand({
  name: "due",
  get description() {
    return ui().commands.due.description;
  },
  arguments: [argument("<dir>", () => ui().commands.due.dir)],
  options: [option("--git", () => ui().commands.due.git)],
  get help() {
    return ui().commands.due.help;
  },
  get nothingDone() {
    return ui().nothingDone.published;
  },
  async run([dir]: [string], options: { git?: boolean }, ctx): Promise<DueReport> {
    const { publishDue } = await import("../publish/due.js");
    return publishDue({ dir, config: await ctx.config(), env: ctx.env, stateDir: ctx.stateDir, redactor: ctx.redactor, actor: await ctx.actor(), git: options.git, onEvent: ctx.onEvent });
  },
  async present(report, view) {
    const { dueJson, formatDue } = await import("../report/due.js");
    // A notice failed (a channel failed or changed) or is blocked (no approval), or the run stopped (a push).
    const failed = report.notices.some((n) => n.status === "failed" || n.status === "blocked") || (report.problems?.length ?? 0) > 0;
    // A bug stopped a notice outside its channels (the entry's bug), or one channel of it (in its report).
    const bugs = report.notices.flatMap((n) => [...(n.bug === undefined ? [] : [{ where: ui().program.inNotice(n.id), error: n.bug }]), ...(n.report ? channelBugs(n.report.channels, `${ui().program.inNotice(n.id)}, `) : [])]);
    // An invalid notice held back only itself; the run still ends with exit 2 so that someone looks at it.
    const invalid = report.notices.some((n) => n.status === "invalid");
    const exitCode = invalid ? ExitCode.InvalidInput : failed ? ExitCode.PublishFailed : ExitCode.Ok;
    return { json: dueJson(report), human: formatDue(report, view.style), exitCode, bugs };
  },
});
