/** `announce correct NOTICE`: publish the edited notice over every published copy; safe to re-run. */
import type { CorrectReport } from "../publish/correct.js";
import { ExitCode } from "../problems.js";
import { channelBugs, defineCommand } from "./command.js";
import { channelOption, dryRunOption, type ChannelSelection } from "./options.js";

interface CorrectOptions extends ChannelSelection {
  dryRun?: boolean;
  note?: string;
}

/** `correct`: edits in place where the platform allows it, else by each channel's `corrections` policy. */
export const correctCommand = defineCommand({
  name: "correct",
  description: "publish the edited notice over its published copies (edit in place, else reply or replace); safe to re-run",
  arguments: [{ name: "<notice>", description: "the notice file, edited" }],
  options: [
    channelOption,
    { flags: "--note <text>", description: "a visible correction note (default: correction_note of the notice)" },
    dryRunOption,
  ],
  help: '\nExamples:\n  announce correct notices/2026-11-29-bombe.md\n  announce correct notices/2026-11-29-bombe.md --note "Die Zahl der Betroffenen war falsch." --dry-run',
  nothingDone: "Nothing was corrected.",
  async run([notice]: [string], options: CorrectOptions, ctx): Promise<CorrectReport> {
    const { correctNotice } = await import("../publish/correct.js");
    return correctNotice({ notice, config: await ctx.config(), env: ctx.env, only: options.channel, dryRun: options.dryRun, note: options.note, stateDir: ctx.stateDir, redactor: ctx.redactor, actor: await ctx.actor(), onEvent: ctx.onEvent });
  },
  async present(report, view) {
    const { correctFailed, correctJson, formatCorrect } = await import("../report/correct.js");
    return { json: correctJson(report), human: formatCorrect(report, view.style), exitCode: report.channels.some(correctFailed) ? ExitCode.PublishFailed : ExitCode.Ok, bugs: channelBugs(report.channels) };
  },
});
