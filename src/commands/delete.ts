/** `announce delete NOTICE`: remove every published post of a notice; safe to re-run. */
import type { DeleteReport } from "../publish/remove.js";
import { ExitCode } from "../problems.js";
import { channelBugs, defineCommand } from "./command.js";
import { channelOption, type ChannelSelection } from "./options.js";

/** `delete`: the retraction, its report, exit 1 when a channel failed. */
export const deleteCommand = defineCommand({
  name: "delete",
  description: "remove every published post of a notice (all posts of a thread); safe to re-run",
  arguments: [{ name: "<notice>", description: "the notice file" }],
  options: [
    channelOption,
    { flags: "--reason <reason>", description: "why the notice is retracted (shown on the website's retraction page)" },
    { flags: "--confirm-manual <channel...>", description: "record that a person deleted by hand what the platform's API cannot (Instagram)" },
  ],
  help:
    "\nExamples:\n  announce delete notices/2026-11-29-bombe.md --channel stadt-mastodon\n" +
    '  announce delete notices/2026-11-29-bombe.md --reason "Die Entschärfung ist verschoben."\n' +
    "  announce delete notices/2026-11-29-bombe.md --confirm-manual stadt-instagram",
  nothingDone: "Nothing was deleted.",
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
