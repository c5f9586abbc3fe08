/**
 * `announce approve NOTICE --key KEY` (or `--by NAME` where the config allows unsigned approvals): record
 * an approval of the notice's exact content (four-eyes principle).
 */
import type { Approval } from "../state/approvals.js";
import { problem } from "../messages.js";
import { ExitCode, InvalidInputError } from "../problems.js";
import { argument, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";
import type { StateOptions } from "./state-folder.js";

/**
 * Records an approval of the notice's current content, in the audit log too. Signed (`key`): the approval
 * statement is signed with the SSH key, and the approver is the principal the config's allowed_signers
 * file gives that key; a key it does not list is refused. Unsigned (`by`): only where the config allows
 * unsigned approvals. Either way the notice's author (its `author`, the authors and signers of its commits)
 * cannot approve it.
 */
export async function approveNotice(options: StateOptions & { notice: string; by?: string; key?: string }): Promise<Approval> {
  // The notice is read in full (Markdown parser and all) for approve only, not for pause, resume or log.
  const { loadInputs } = await import("../publish/load.js");
  const { allowedSignersFiles, approvalPolicies, noticeAuthors } = await import("../publish/gates.js");
  const { samePerson, recordApproval } = await import("../state/approvals.js");
  const { audit } = await import("../state/audit.js");
  const { notice, content, stateDir, config } = await loadInputs(options);
  const files = allowedSignersFiles(config);
  const authors = await noticeAuthors(notice, files);
  const refuseAuthor = (by: string) => {
    if (authors.some((author) => samePerson(author, by))) throw new InvalidInputError([problem("APPROVER_IS_AUTHOR", { by })]);
  };

  let approval: Approval;
  if (options.key) {
    const { approvalStatement, principalsOf, signStatement } = await import("../publish/signatures.js");
    let signature: string;
    try {
      signature = await signStatement(approvalStatement(notice.id, content), options.key);
    } catch (error) {
      throw new InvalidInputError([problem("APPROVAL_SIGNING_FAILED", { key: options.key, reason: (error as Error).message })]);
    }
    let by: string | undefined;
    for (const file of files) {
      by = (await principalsOf(signature, file))[0];
      if (by) break;
    }
    if (!by) throw new InvalidInputError([problem("APPROVER_NOT_ALLOWED", { files: files.length > 0 ? files : [ui().governance.noSignersFile] })]);
    refuseAuthor(by);
    approval = await recordApproval(stateDir, { notice: notice.id, content, by, kind: "signed", signature });
  } else {
    const policies = approvalPolicies(config, config.channels.filter((c) => c.settings.enabled !== false));
    if (!options.by || (policies.length > 0 && !policies.some((p) => p.unsigned))) throw new InvalidInputError([problem("APPROVAL_NEEDS_SIGNATURE", {})]);
    refuseAuthor(options.by);
    approval = await recordApproval(stateDir, { notice: notice.id, content, by: options.by, kind: "unsigned" });
  }
  await audit(stateDir, [{ actor: options.actor, action: "approve", notice: notice.id, content, outcome: "approved", detail: `${approval.kind}: ${approval.by}` }]);
  return approval;
}

/** `approve`: {@link approveNotice}, printed. */
export const approveCommand = defineCommand({
  name: "approve",
  get description() {
    return ui().commands.approve.description;
  },
  arguments: [argument("<notice>", () => ui().options.noticeFile)],
  options: [option("--key <file>", () => ui().commands.approve.key), option("--by <name>", () => ui().commands.approve.by)],
  get help() {
    return ui().commands.approve.help;
  },
  run: async ([notice]: [string], options: { by?: string; key?: string }, ctx) =>
    approveNotice({ notice, by: options.by, key: options.key, config: await ctx.config(), env: ctx.env, stateDir: ctx.stateDir, actor: await ctx.actor() }),
  async present(approval) {
    const { approvalJson, formatApproval } = await import("../report/governance.js");
    return { json: approvalJson(approval), human: formatApproval(approval), exitCode: ExitCode.Ok };
  },
});
