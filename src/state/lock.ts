/**
 * One publishing run per notice at a time: a lock file in the state folder (proper-lockfile: atomic
 * mkdir, refreshed while held, considered stale when its holder died and stopped refreshing it).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";
import type { Env } from "../env.js";
import { explain } from "../messages.js";
import { AnnounceError } from "../problems.js";
import { ensureStateDir } from "./state-dir.js";

export interface LockOptions {
  /** How long to wait for another run to finish before giving up. */
  waitMs: number;
  /** After how long without refresh a lock counts as abandoned (its process died). */
  staleMs: number;
}

/**
 * The lock timing of a run: wait up to 2 minutes for another run, and take a lock over after 10 s without
 * refresh; ANNOUNCE_LOCK_WAIT_MS and ANNOUNCE_LOCK_STALE_MS change them (e.g. a CI job that should fail
 * fast, or tests that kill processes on purpose). proper-lockfile needs a stale time of at least 2 s.
 */
export function lockOptions(env: Env): LockOptions {
  return {
    waitMs: Number(env.ANNOUNCE_LOCK_WAIT_MS) || 120_000,
    staleMs: Math.max(2000, Number(env.ANNOUNCE_LOCK_STALE_MS) || 10_000),
  };
}

/** Takes the lock of a notice, waiting up to `waitMs`; returns the release function. */
export async function lockNotice(stateDir: string, noticeId: string, options: LockOptions): Promise<() => Promise<void>> {
  await ensureStateDir(stateDir);
  const dir = path.join(stateDir, "locks");
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, noticeId);
  const interval = 250;
  try {
    return await lockfile.lock(target, {
      realpath: false,
      stale: options.staleMs,
      update: Math.max(1000, Math.floor(options.staleMs / 2)),
      retries: { retries: Math.ceil(options.waitMs / interval), factor: 1, minTimeout: interval, maxTimeout: interval },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new AnnounceError(explain("NOTICE_LOCKED", { id: noticeId, waitMs: options.waitMs, staleMs: options.staleMs }));
    }
    throw error;
  }
}
