/** `announce post NOTICE`: publish a notice to every selected channel; safe to re-run. */
import type { PublishReport } from "../publish/results.js";
import { ExitCode } from "../problems.js";
import { argument, channelBugs, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";
import { channelOption, dryRunOption, type ChannelSelection } from "./options.js";

interface PostOptions extends ChannelSelection {
  dryRun?: boolean;
  now?: boolean;
}

/** `post`: the publishing pipeline, its report, exit 1 when a channel failed or changed. */
export const postCommand = defineCommand({
  name: "post",
  get description() {
    return ui().commands.post.description;
  },
  arguments: [argument("<notice>", () => ui().options.noticeFile)],
  options: [channelOption, dryRunOption, option("--now", () => ui().commands.post.now)],
  get help() {
    return ui().commands.post.help;
  },
  get nothingDone() {
    return ui().nothingDone.published;
  },
  async run([notice]: [string], options: PostOptions, ctx): Promise<PublishReport> {
    const { publishNotice } = await import("../publish/pipeline.js");
    return publishNotice({ notice, config: await ctx.config(), env: ctx.env, only: options.channel, dryRun: options.dryRun, now: options.now, stateDir: ctx.stateDir, redactor: ctx.redactor, actor: await ctx.actor(), onEvent: ctx.onEvent });
  },
  async present(report, view) {
    const { formatPublish, publishJson } = await import("../report/publish.js");
    const { isFailure } = await import("../publish/results.js");
    let human = formatPublish(report, view.style);
    if (report.dryRun) {
      const { formatPlan } = await import("../report/preview.js");
      human = `${formatPlan(report.plan, view.style, view.cwd)}\n\n${human}`;
    }
    return { json: publishJson(report), human, exitCode: report.channels.some(isFailure) ? ExitCode.PublishFailed : ExitCode.Ok, bugs: channelBugs(report.channels) };
  },
});
