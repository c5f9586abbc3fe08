/** `announce log [NOTICE]`: the audit log. */
import path from "node:path";
import type { AuditRead } from "../state/audit.js";
import type { Env } from "../env.js";
import { ExitCode } from "../problems.js";
import { argument, defineCommand } from "./command.js";
import { ui } from "../ui-texts.js";
import { stateDirOf } from "./state-folder.js";

/**
 * The audit log, all of it or one notice's records (the notice given as its file or its id), with a
 * warning for each damaged line (skipped: see readAudit).
 */
export async function auditLog(options: { config: string; env: Env; stateDir?: string; notice?: string }): Promise<AuditRead & { notice?: string }> {
  const { readAudit } = await import("../state/audit.js");
  const stateDir = await stateDirOf(options);
  let noticeId = options.notice ? path.basename(options.notice).replace(/\.md$/, "") : undefined;
  if (options.notice?.endsWith(".md")) {
    const { readNotice } = await import("../announcement/notice.js");
    noticeId = (await readNotice(options.notice)).notice?.id ?? noticeId;
  }
  return { ...(await readAudit(stateDir, noticeId)), ...(options.notice !== undefined ? { notice: options.notice } : {}) };
}

/** `log`: {@link auditLog}, printed. */
export const logCommand = defineCommand({
  name: "log",
  get description() {
    return ui().commands.log.description;
  },
  arguments: [argument("[notice]", () => ui().commands.log.notice)],
  run: async ([notice]: [string | undefined], _options: Record<string, never>, ctx) => auditLog({ notice, config: await ctx.config(), env: ctx.env, stateDir: ctx.stateDir }),
  async present(log, view) {
    const { formatLog, logJson } = await import("../report/governance.js");
    return { json: logJson(log), human: formatLog(log, view.style, view.cwd), exitCode: ExitCode.Ok };
  },
});
