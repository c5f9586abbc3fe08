/** `announce pause --reason TEXT`: `due` publishes nothing and `post` only urgent notices until `resume`. */
import type { PauseState } from "../state/pause.js";
import { ExitCode } from "../problems.js";
import { defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";
import { stateDirOf, type StateOptions } from "./state-folder.js";

/** Pauses publishing, recorded in the audit log. */
export async function pausePublishing(options: StateOptions & { reason: string }): Promise<PauseState> {
  const { pause } = await import("../state/pause.js");
  const { audit } = await import("../state/audit.js");
  const stateDir = await stateDirOf(options);
  const state = await pause(stateDir, options.reason, options.actor);
  await audit(stateDir, [{ actor: options.actor, action: "pause", outcome: "paused", detail: options.reason }]);
  return state;
}

/** `pause`: {@link pausePublishing}, printed. */
export const pauseCommand = defineCommand({
  name: "pause",
  get description() {
    return ui().commands.pause.description;
  },
  options: [option("--reason <text>", () => ui().commands.pause.reason, { required: true })],
  get help() {
    return ui().commands.pause.help;
  },
  run: async (_args: [], options: { reason: string }, ctx) =>
    pausePublishing({ reason: options.reason, config: await ctx.config(), env: ctx.env, stateDir: ctx.stateDir, actor: await ctx.actor() }),
  async present(state) {
    const { formatPause, pauseJson } = await import("../report/governance.js");
    return { json: pauseJson(state), human: formatPause(state), exitCode: ExitCode.Ok };
  },
});
