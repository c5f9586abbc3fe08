/** `announce approve NOTICE --by NAME`: record an approval of the notice's exact content (four-eyes principle). */
import type { Approval } from "../state/approvals.js";
import { problem } from "../messages.js";
import { ExitCode, InvalidInputError } from "../problems.js";
import { argument, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";
import type { StateOptions } from "./state-folder.js";

/** Records an approval of the notice's current content, in the audit log too; the author cannot approve their own notice. */
export async function approveNotice(options: StateOptions & { notice: string; by: string }): Promise<Approval> {
  // The notice is read in full (Markdown parser and all) for approve only, not for pause, resume or log.
  const { loadInputs } = await import("../publish/load.js");
  const { samePerson, recordApproval } = await import("../state/approvals.js");
  const { audit } = await import("../state/audit.js");
  const { notice, content, stateDir } = await loadInputs(options);
  if (notice.author && samePerson(notice.author, options.by)) {
    throw new InvalidInputError([problem("APPROVER_IS_AUTHOR", { by: options.by })]);
  }
  const approval = await recordApproval(stateDir, { notice: notice.id, content, by: options.by });
  await audit(stateDir, [{ actor: options.actor, action: "approve", notice: notice.id, content, outcome: "approved", detail: `by ${options.by}` }]);
  return approval;
}

/** `approve`: {@link approveNotice}, printed. */
export const approveCommand = defineCommand({
  name: "approve",
  get description() {
    return ui().commands.approve.description;
  },
  arguments: [argument("<notice>", () => ui().options.noticeFile)],
  options: [option("--by <name>", () => ui().commands.approve.by, { required: true })],
  get help() {
    return ui().commands.approve.help;
  },
  run: async ([notice]: [string], options: { by: string }, ctx) =>
    approveNotice({ notice, by: options.by, config: await ctx.config(), env: ctx.env, stateDir: ctx.stateDir, actor: await ctx.actor() }),
  async present(approval) {
    const { approvalJson, formatApproval } = await import("../report/governance.js");
    return { json: approvalJson(approval), human: formatApproval(approval), exitCode: ExitCode.Ok };
  },
});
