/**
 * The state folder (`.announce/`): ledger, approvals, audit log, claims and pause state belong in version
 * control; sessions (tokens) and locks never do. A `.gitignore` inside the folder says so, so that a CI
 * job that commits the folder cannot commit a token.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export const PRIVATE_STATE = ["sessions/", "locks/"];

/** The state folder of a run: `--state DIR` when given, else the config's (`state:` or `.announce/` beside it). */
export function resolveStateDir(option: string | undefined, config: { stateDir: string }): string {
  return option ? path.resolve(option) : config.stateDir;
}

/** The `.gitignore` that {@link ensureStateDir} writes into the state folder, as it writes it. */
export const STATE_GITIGNORE = `# Written by announce: sessions hold tokens and locks are per machine; never commit them.\n${PRIVATE_STATE.join("\n")}\n`;

export async function ensureStateDir(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  // "wx": never overwrite a file the user adapted.
  await writeFile(path.join(stateDir, ".gitignore"), STATE_GITIGNORE, { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
}
