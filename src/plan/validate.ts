/** `announce validate`: every problem of the config and of each notice, at once. No network. */
import { readNotice } from "../announcement/notice.js";
import { readConfig, resolveSecrets, type Env } from "../config/config.js";
import type { Problem } from "../problems.js";
import { everyPlatformWhenEmpty, planNotice, prepareImages } from "./plan.js";

export interface ValidateOptions {
  notices: string[];
  config: string;
  env: Env;
  /** Also require the secrets' environment variables (default true). */
  secrets?: boolean;
}

export interface NoticeValidation {
  file: string;
  id?: string;
  problems: Problem[];
  warnings: Problem[];
}

export interface ValidateResult {
  valid: boolean;
  config: { file: string; problems: Problem[] };
  notices: NoticeValidation[];
}

export async function validate(options: ValidateOptions): Promise<ValidateResult> {
  const configResult = await readConfig(options.config, options.env);
  const config = configResult.config;
  const configProblems = [...configResult.problems];
  if (config && options.secrets !== false) {
    for (const channel of config.channels.filter((c) => c.settings.enabled !== false)) {
      configProblems.push(...resolveSecrets(channel, options.env, config.file, { validate: true }).problems);
    }
  }
  const notices = await Promise.all(
    options.notices.map(async (file): Promise<NoticeValidation> => {
      const { notice, problems } = await readNotice(file);
      if (!notice || !config) return { file, id: notice?.id, problems, warnings: [] };
      const every = everyPlatformWhenEmpty(config);
      const plan = planNotice(notice, every.config);
      await prepareImages(plan, notice);
      return { file, id: notice.id, problems: plan.problems, warnings: [...every.warnings, ...plan.warnings, ...plan.channels.flatMap((c) => c.warnings)] };
    }),
  );
  const valid = configProblems.length === 0 && notices.every((n) => n.problems.length === 0);
  return { valid, config: { file: options.config, problems: configProblems }, notices };
}
