/** The state folder of the commands that need only it (pause, resume, log): no notice, no network. */
import path from "node:path";
import type { Env } from "../env.js";
import { InvalidInputError } from "../problems.js";

/** What a command working on the state folder is given. */
export interface StateOptions {
  config: string;
  env: Env;
  /** `--state`, overriding the config's state folder. */
  stateDir?: string;
  actor: string;
}

/** The state folder: from `--state`, else from the config (read only then). */
export async function stateDirOf(options: Omit<StateOptions, "actor">): Promise<string> {
  if (options.stateDir) return path.resolve(options.stateDir);
  const { readConfig } = await import("../config/config.js");
  const { config, problems } = await readConfig(options.config, options.env);
  if (!config) throw new InvalidInputError(problems);
  return config.stateDir;
}
