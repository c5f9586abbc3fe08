/** Loading a run: the config, the notice, the state folder and the notice's content hash, every problem at once. */
import { contentHash, readNotice, type Notice } from "../announcement/notice.js";
import { readConfig, type Config, type Env } from "../config/config.js";
import { InvalidInputError } from "../problems.js";
import { resolveStateDir } from "../state/state-dir.js";

/** What every command that acts on one notice starts from. */
export interface Loaded {
  config: Config;
  notice: Notice;
  stateDir: string;
  content: string;
}

/** Reads config and notice; every problem at once. */
export async function loadInputs(options: { notice: string; config: string; env: Env; stateDir?: string }): Promise<Loaded> {
  const [configResult, noticeResult] = await Promise.all([readConfig(options.config, options.env), readNotice(options.notice)]);
  const problems = [...configResult.problems, ...noticeResult.problems];
  if (!configResult.config || !noticeResult.notice) throw new InvalidInputError(problems);
  return {
    config: configResult.config,
    notice: noticeResult.notice,
    stateDir: resolveStateDir(options.stateDir, configResult.config),
    content: await contentHash(noticeResult.notice),
  };
}

