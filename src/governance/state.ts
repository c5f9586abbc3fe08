/** The state folder for commands that need no notice: from `--state`, else from the config. */
import path from "node:path";
import { readConfig, type Env } from "../config/config.js";
import { InputProblems } from "../publish/pipeline.js";

export async function stateDirOf(configFile: string, env: Env, option?: string): Promise<string> {
  if (option) return path.resolve(option);
  const { config, problems } = await readConfig(configFile, env);
  if (!config) throw new InputProblems(problems);
  return config.stateDir;
}
