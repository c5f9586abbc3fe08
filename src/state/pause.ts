/**
 * Pause: on a day when scheduled cheerful posts would be wrong, `announce pause --reason TEXT` stops
 * `due` from publishing anything and `post` from publishing anything but urgent notices, until
 * `announce resume`. The state is `<state>/pause.json`, so it travels with the ledger in CI.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { ensureStateDir } from "./state-dir.js";

export interface PauseState {
  reason: string;
  by: string;
  at: string;
}

export function pauseFile(stateDir: string): string {
  return path.join(stateDir, "pause.json");
}

export async function readPause(stateDir: string): Promise<PauseState | undefined> {
  try {
    return JSON.parse(await readFile(pauseFile(stateDir), "utf8")) as PauseState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export async function pause(stateDir: string, reason: string, by: string): Promise<PauseState> {
  const state: PauseState = { reason, by, at: new Date().toISOString() };
  await ensureStateDir(stateDir);
  await writeFileAtomic(pauseFile(stateDir), JSON.stringify(state, null, 2) + "\n");
  return state;
}

export async function resume(stateDir: string): Promise<PauseState | undefined> {
  const previous = await readPause(stateDir);
  await rm(pauseFile(stateDir), { force: true });
  return previous;
}
