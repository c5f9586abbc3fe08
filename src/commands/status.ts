/** `announce status NOTICE`: what of a notice is published, pending or failed, per channel. */
import type { StatusReport } from "../publish/status.js";
import { ExitCode } from "../problems.js";
import { argument, defineCommand } from "./command.js";
import { ui } from "../ui-texts.js";

/** `status`: what the ledger says about a notice, per channel. */
export const statusCommand = defineCommand({
  name: "status",
  get description() {
    return ui().commands.status.description;
  },
  arguments: [argument("<notice>", () => ui().options.noticeFile)],
  get help() {
    return ui().commands.status.help;
  },
  async run([notice]: [string], _options: Record<string, never>, ctx): Promise<StatusReport> {
    const { noticeStatus } = await import("../publish/status.js");
    return noticeStatus({ notice, config: await ctx.config(), env: ctx.env, stateDir: ctx.stateDir });
  },
  async present(report, view) {
    const { formatStatus, statusJson } = await import("../report/publish.js");
    // Showing a failure is the command succeeding: status is for reading, its exit code is not the run's.
    return { json: statusJson(report), human: formatStatus(report, view.style), exitCode: ExitCode.Ok };
  },
});
