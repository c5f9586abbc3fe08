/** `announce resume`: end a pause. */
import type { PauseState } from "../state/pause.js";
import { ExitCode } from "../problems.js";
import { defineCommand } from "./command.js";
import { ui } from "../ui-texts.js";
import { stateDirOf, type StateOptions } from "./state-folder.js";

/** Ends a pause, recorded in the audit log; returns the pause that ended, if there was one. */
export async function resumePublishing(options: StateOptions): Promise<PauseState | undefined> {
  const { resume } = await import("../state/pause.js");
  const { audit } = await import("../state/audit.js");
  const stateDir = await stateDirOf(options);
  const previous = await resume(stateDir);
  await audit(stateDir, [{ actor: options.actor, action: "resume", outcome: previous ? "resumed" : "not-paused", detail: previous?.reason }]);
  return previous;
}

/** `resume`: {@link resumePublishing}, printed. */
export const resumeCommand = defineCommand({
  name: "resume",
  get description() {
    return ui().commands.resume.description;
  },
  run: async (_args: [], _options: Record<string, never>, ctx) => resumePublishing({ config: await ctx.config(), env: ctx.env, stateDir: ctx.stateDir, actor: await ctx.actor() }),
  async present(previous) {
    const { formatResume, resumeJson } = await import("../report/governance.js");
    return { json: resumeJson(previous), human: formatResume(previous), exitCode: ExitCode.Ok };
  },
});
