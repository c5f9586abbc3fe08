/**
 * The state folder (`.announce/`): ledger, approvals, audit log, claims and pause state belong in version
 * control; sessions (tokens) and locks never do. A `.gitignore` inside the folder says so, so that a CI
 * job that commits the folder cannot commit a token.
 */
import { chmod, lstat, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { problem } from "../messages.js";
import { InvalidInputError } from "../problems.js";

export const PRIVATE_STATE = ["sessions/", "locks/"];

/** The state folder of a run: `--state DIR` when given, else the config's (`state:` or `.announce/` beside it). */
export function resolveStateDir(option: string | undefined, config: { stateDir: string }): string {
  return option ? path.resolve(option) : config.stateDir;
}

/** The `.gitignore` that {@link ensureStateDir} writes into the state folder, as it writes it. */
export const STATE_GITIGNORE = `# Written by announce: sessions hold tokens and locks are per machine; never commit them.\n${PRIVATE_STATE.join("\n")}\n`;

/** What announce keeps in the state folder; none of it may be a symbolic link. */
const STATE_ENTRIES = ["ledger", "approvals", "sessions", "locks", "claims", "audit.jsonl", "pause.json", ".gitignore"];

/**
 * Makes the state folder and checks what is in it before anything is written there: an entry that is a
 * symbolic link is refused (`STATE_SYMLINK`, exit 2), so that no ledger record, audit line or session
 * token is written outside the folder; an existing `sessions/` that others may read or write is
 * tightened to the owner alone (0700). The state folder itself may be a link: where it lives is the
 * user's choice.
 */
export async function ensureStateDir(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const links: string[] = [];
  await Promise.all(
    STATE_ENTRIES.map(async (name) => {
      const info = await lstat(path.join(stateDir, name)).catch(() => undefined);
      if (info?.isSymbolicLink()) links.push(path.join(stateDir, name));
      else if (name === "sessions" && info?.isDirectory() && (info.mode & 0o077) !== 0) await chmod(path.join(stateDir, name), 0o700);
    }),
  );
  if (links.length > 0) throw new InvalidInputError(links.sort().map((link) => problem("STATE_SYMLINK", { path: link }, { location: { file: link } })));
  // "wx": never overwrite a file the user adapted.
  await writeFile(path.join(stateDir, ".gitignore"), STATE_GITIGNORE, { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
}
