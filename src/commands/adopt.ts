/** `announce adopt NOTICE --since TIME`: rebuild a lost ledger from the platforms; posts nothing. */
import type { AdoptReport } from "../publish/adopt.js";
import { ExitCode } from "../problems.js";
import { channelBugs, defineCommand } from "./command.js";
import { channelOption, dryRunOption, type ChannelSelection } from "./options.js";

interface AdoptOptions extends ChannelSelection {
  since: string;
  dryRun?: boolean;
}

/** `adopt`: looks for the notice's posts on every channel and records them; exit 1 when a channel could not be searched. */
export const adoptCommand = defineCommand({
  name: "adopt",
  description: "find a notice's posts on every channel and record them in the ledger (a lost ledger); posts nothing",
  arguments: [{ name: "<notice>", description: "the notice file, as it was published" }],
  options: [
    { flags: "--since <time>", description: "a time before the notice was first published (ISO 8601, e.g. 2026-11-29T07:00+01:00)", required: true },
    channelOption,
    dryRunOption,
  ],
  help: "\nExamples:\n  announce adopt notices/2026-11-29-bombe.md --since 2026-11-29T06:00+01:00\n  announce adopt notices/2026-11-29-bombe.md --since 2026-11-29 --dry-run --json",
  nothingDone: "Nothing was recorded.",
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
