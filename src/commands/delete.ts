/** `announce delete NOTICE`: remove every published post of a notice; safe to re-run. */
import type { DeleteReport } from "../publish/remove.js";
import { ExitCode } from "../problems.js";
import { argument, channelBugs, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";
import { channelOption, type ChannelSelection } from "./options.js";

/** `delete`: the retraction, its report, exit 1 when a channel failed. */
export const deleteCommand = defineCommand({
  name: "delete",
  get description() {
    return ui().commands.delete.description;
  },
  arguments: [argument("<notice>", () => ui().options.noticeFile)],
  options: [channelOption, option("--reason <reason>", () => ui().commands.delete.reason), option("--confirm-manual <channel...>", () => ui().commands.delete.confirmManual)],
  get help() {
    return ui().commands.delete.help;
  },
  get nothingDone() {
    return ui().nothingDone.deleted;
  },
  async run([notice]: [string], options: ChannelSelection & { reason?: string; confirmManual?: string[] }, ctx): Promise<DeleteReport> {
    const { deleteNotice } = await import("../publish/remove.js");
    return deleteNotice({ notice, config: await ctx.config(), env: ctx.env, only: options.channel, reason: options.reason, confirmManual: options.confirmManual, stateDir: ctx.stateDir, redactor: ctx.redactor, actor: await ctx.actor(), onEvent: ctx.onEvent });
  },
  async present(report, view) {
    const { deleteJson, formatDelete } = await import("../report/publish.js");
    const { isFailure } = await import("../publish/results.js");
    return { json: deleteJson(report), human: formatDelete(report, view.style), exitCode: report.channels.some(isFailure) ? ExitCode.PublishFailed : ExitCode.Ok, bugs: channelBugs(report.channels) };
  },
});
