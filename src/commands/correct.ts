/** `announce correct NOTICE`: publish the edited notice over every published copy; safe to re-run. */
import type { CorrectReport } from "../publish/correct.js";
import { ExitCode } from "../problems.js";
import { argument, channelBugs, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";
import { channelOption, dryRunOption, type ChannelSelection } from "./options.js";

interface CorrectOptions extends ChannelSelection {
  dryRun?: boolean;
  note?: string;
}

/** `correct`: edits in place where the platform allows it, else by each channel's `corrections` policy. */
export const correctCommand = defineCommand({
  name: "correct",
  get description() {
    return ui().commands.correct.description;
  },
  arguments: [argument("<notice>", () => ui().commands.correct.notice)],
  options: [channelOption, option("--note <text>", () => ui().commands.correct.note), dryRunOption],
  get help() {
    return ui().commands.correct.help;
  },
  get nothingDone() {
    return ui().nothingDone.corrected;
  },
  async run([notice]: [string], options: CorrectOptions, ctx): Promise<CorrectReport> {
    const { correctNotice } = await import("../publish/correct.js");
    return correctNotice({ notice, config: await ctx.config(), env: ctx.env, only: options.channel, dryRun: options.dryRun, note: options.note, stateDir: ctx.stateDir, redactor: ctx.redactor, actor: await ctx.actor(), onEvent: ctx.onEvent });
  },
  async present(report, view) {
    const { correctFailed, correctJson, formatCorrect } = await import("../report/correct.js");
    return { json: correctJson(report), human: formatCorrect(report, view.style), exitCode: report.channels.some(correctFailed) ? ExitCode.PublishFailed : ExitCode.Ok, bugs: channelBugs(report.channels) };
  },
});
