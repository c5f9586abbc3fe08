/** `announce validate NOTICE...`: check notices and the config; every problem at once (no network). */
import type { ValidateResult } from "../plan/validate.js";
import { ExitCode } from "../problems.js";
import { argument, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";

/** `validate`: every problem of the config and the notices at once; exit 2 when there is any. */
export const validateCommand = defineCommand({
  name: "validate",
  get description() {
    return ui().commands.validate.description;
  },
  arguments: [argument("<notices...>", () => ui().commands.validate.notices)],
  options: [option("--no-secrets", () => ui().commands.validate.noSecrets)],
  get help() {
    return ui().commands.validate.help;
  },
  async run([notices]: [string[]], options: { secrets: boolean }, ctx): Promise<ValidateResult> {
    const { validate } = await import("../plan/validate.js");
    return validate({ notices, config: await ctx.config(), env: ctx.env, secrets: options.secrets });
  },
  async present(result, view) {
    const { formatValidation, validationJson } = await import("../report/validate.js");
    return { json: validationJson(result), human: formatValidation(result, view.style, view.cwd, view.width), exitCode: result.valid ? ExitCode.Ok : ExitCode.InvalidInput };
  },
});
