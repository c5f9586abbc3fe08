/** `announce adopt NOTICE --since TIME`: rebuild a lost ledger from the platforms; posts nothing. */
import type { AdoptReport } from "../publish/adopt.js";
import { ExitCode } from "../problems.js";
import { argument, channelBugs, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";
import { channelOption, dryRunOption, type ChannelSelection } from "./options.js";

interface AdoptOptions extends ChannelSelection {
  since: string;
  dryRun?: boolean;
}

/** `adopt`: looks for the notice's posts on every channel and records them; exit 1 when a channel could not be searched. */
export const adoptCommand = defineCommand({
  name: "adopt",
  get description() {
    return ui().commands.adopt.description;
  },
  arguments: [argument("<notice>", () => ui().commands.adopt.notice)],
  options: [option("--since <time>", () => ui().commands.adopt.since, { required: true }), channelOption, dryRunOption],
  get help() {
    return ui().commands.adopt.help;
  },
  get nothingDone() {
    return ui().nothingDone.recorded;
  },
  async run([notice]: [string], options: AdoptOptions, ctx): Promise<AdoptReport> {
    const [{ adoptNotice, parseSince }, config] = await Promise.all([import("../publish/adopt.js"), ctx.config()]);
    const since = parseSince(options.since);
    return adoptNotice({ notice, config, env: ctx.env, since, only: options.channel, dryRun: options.dryRun, stateDir: ctx.stateDir, redactor: ctx.redactor, actor: await ctx.actor(), onEvent: ctx.onEvent });
  },
  async present(report, view) {
    const { adoptJson, formatAdopt } = await import("../report/adopt.js");
    const { isFailure } = await import("../publish/results.js");
    return { json: adoptJson(report), human: formatAdopt(report, view.style), exitCode: report.channels.some(isFailure) ? ExitCode.PublishFailed : ExitCode.Ok, bugs: channelBugs(report.channels) };
  },
});
