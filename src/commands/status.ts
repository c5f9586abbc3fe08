/** `announce status NOTICE`: what of a notice is published, pending or failed, per channel. */
import type { StatusReport } from "../publish/status.js";
import { ExitCode } from "../problems.js";
import { defineCommand } from "./command.js";

/** `status`: what the ledger says about a notice, per channel. */
export const statusCommand = defineCommand({
  name: "status",
  description: "show, per channel, what of a notice is published, pending or failed, and whether it changed since",
  arguments: [{ name: "<notice>", description: "the notice file" }],
  help: "\nExample:\n  announce status notices/2026-11-29-bombe.md --json",
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
