/** `announce check`: connect to every channel and show credentials, limits, quotas and token expiry. */
import type { ChannelCheck } from "../publish/check.js";
import { ExitCode } from "../problems.js";
import { channelBugs, defineCommand } from "./command.js";
import { ui } from "../ui-texts.js";
import { channelOption, type ChannelSelection } from "./options.js";

/** `check`: one check per channel; exit 1 when any is not fine. */
export const checkCommand = defineCommand({
  name: "check",
  get description() {
    return ui().commands.check.description;
  },
  options: [channelOption],
  get help() {
    return ui().commands.check.help;
  },
  async run(_args: [], options: ChannelSelection, ctx): Promise<ChannelCheck[]> {
    const { checkChannels } = await import("../publish/check.js");
    return checkChannels({ config: await ctx.config(), env: ctx.env, only: options.channel, stateDir: ctx.stateDir, redactor: ctx.redactor });
  },
  async present(checks, view) {
    const { checkJson, formatCheck } = await import("../report/check.js");
    return { json: checkJson(checks), human: formatCheck(checks, view.style), exitCode: checks.every((c) => c.ok) ? ExitCode.Ok : ExitCode.PublishFailed, bugs: channelBugs(checks) };
  },
});
