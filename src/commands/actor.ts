/**
 * Who is acting: `--actor`, else ANNOUNCE_ACTOR, else the CI's own user variables, else the login name.
 */
import os from "node:os";
import type { Env } from "../env.js";

export function resolveActor(option: string | undefined, env: Env): string {
  if (option) return option;
  if (env.ANNOUNCE_ACTOR) return env.ANNOUNCE_ACTOR;
  // GitHub Actions and GitLab CI name the user who triggered the pipeline.
  if (env.GITHUB_ACTOR) return `${env.GITHUB_ACTOR} (GitHub Actions)`;
  if (env.GITLAB_USER_LOGIN) return `${env.GITLAB_USER_LOGIN} (GitLab CI)`;
  if (env.CI) return "ci";
  try {
    return os.userInfo().username;
  } catch {
    return "unknown";
  }
}
