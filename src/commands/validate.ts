/** `announce validate NOTICE...`: check notices and the config; every problem at once (no network). */
import type { ValidateResult } from "../plan/validate.js";
import { ExitCode } from "../problems.js";
import { defineCommand } from "./command.js";

/** `validate`: every problem of the config and the notices at once; exit 2 when there is any. */
export const validateCommand = defineCommand({
  name: "validate",
  description: "check notices and the config; list every problem at once (no network)",
  arguments: [{ name: "<notices...>", description: "notice files" }],
  options: [{ flags: "--no-secrets", description: "do not require the secrets' environment variables" }],
  help: "\nExample:\n  announce validate notices/*.md",
  async run([notices]: [string[]], options: { secrets: boolean }, ctx): Promise<ValidateResult> {
    const { validate } = await import("../plan/validate.js");
    return validate({ notices, config: await ctx.config(), env: ctx.env, secrets: options.secrets });
  },
  async present(result, view) {
    const { formatValidation, validationJson } = await import("../report/validate.js");
    return { json: validationJson(result), human: formatValidation(result, view.style, view.cwd, view.width), exitCode: result.valid ? ExitCode.Ok : ExitCode.InvalidInput };
  },
});
