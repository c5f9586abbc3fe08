/**
 * Keeping the ledger in the repository when several CI pipelines run at once (`announce due --git`).
 *
 * Runners start clean, so the ledger lives in the repository and each pipeline commits it back. Before a
 * notice is published, the run claims it: it writes `<state>/claims/<id>.json`, commits and pushes.
 * Only one of two racing pushes is accepted; the loser moves back to the remote's state (`reset --keep`,
 * which keeps unrelated local changes), sees the other run's claim and leaves the notice alone. Results
 * are pushed after publishing; append-only JSON-lines files merge with git's `union` driver
 * (`.gitattributes`), so rebasing onto another run's results never conflicts.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { Env } from "../env.js";
import { explain } from "../messages.js";
import { AnnounceError } from "../problems.js";
import { backoffMs, sleep, type RetryPolicy } from "../retry.js";
import { ensureStateDir, PRIVATE_STATE, STATE_GITIGNORE } from "./state-dir.js";

const run = promisify(execFile);

export interface Claim {
  run: string;
  at: string;
  /** The run is through with the notice and its ledger is pushed with this: the next run may take it up. */
  done?: boolean;
}

/** A claim older than this is considered abandoned (its run died); the ledger then reconciles. */
const CLAIM_TTL_MS = 30 * 60_000;

export class GitSync {
  private readonly retry: RetryPolicy;

  private constructor(
    private readonly root: string,
    private readonly stateDir: string,
    readonly runId: string,
    pushAttempts: number,
  ) {
    this.retry = { ...PUSH_RETRY, attempts: pushAttempts };
  }

  /** `pushAttempts`: how often a claim or push may lose a race before the run gives up (see {@link pushAttempts}). */
  static async open(stateDir: string, runId: string, pushAttempts = PUSH_RETRY.attempts): Promise<GitSync> {
    await ensureStateDir(stateDir);
    try {
      const { stdout } = await run("git", ["rev-parse", "--show-toplevel"], { cwd: stateDir });
      const sync = new GitSync(stdout.trim(), stateDir, runId, pushAttempts);
      await sync.git("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}");
      return sync;
    } catch (error) {
      throw new AnnounceError(explain("GIT_SYNC_UNAVAILABLE", { stateDir }), { cause: error });
    }
  }

  /** Runs git in the checkout; a failure is GIT_FAILED with git's reason (callers that expect one catch it). */
  private async git(...args: string[]): Promise<string> {
    try {
      const { stdout } = await run("git", args, { cwd: this.root, maxBuffer: 16 * 1024 * 1024 });
      return stdout;
    } catch (error) {
      throw new AnnounceError(explain("GIT_FAILED", { command: args[0], root: this.root, why: gitDetail(error) }), { cause: error });
    }
  }

  /**
   * Moves the checkout onto other runs' commits (a pull or a reset). Every run writes the state folder's
   * `.gitignore` when it starts, and the file stays untracked until the run commits its first results. When
   * another run's results come first, they bring the same file, and git will not overwrite an untracked
   * file ("would be overwritten by merge"). So a `.gitignore` that is untracked and exactly as announce
   * writes it is set aside for the move, and written again after it unless the move brought one.
   */
  private async moveCheckout(move: () => Promise<unknown>): Promise<void> {
    const ignore = path.join(this.stateDir, ".gitignore");
    const ours = (await readFile(ignore, "utf8").catch(() => undefined)) === STATE_GITIGNORE && (await this.git("ls-files", "--", ignore)).trim() === "";
    if (ours) await rm(ignore);
    try {
      await move();
    } finally {
      await ensureStateDir(this.stateDir);
    }
  }

  /** Brings the checkout up to date with the remote (rebasing local commits). */
  async pull(): Promise<void> {
    try {
      await this.moveCheckout(() => this.git("pull", "--rebase", "--quiet"));
    } catch (error) {
      throw new AnnounceError(explain("GIT_PULL_FAILED", { why: gitDetail(error) }), { cause: error });
    }
  }

  private claimFile(noticeId: string): string {
    return path.join(this.stateDir, "claims", `${noticeId}.json`);
  }

  private async readClaim(noticeId: string): Promise<Claim | undefined> {
    try {
      return JSON.parse(await readFile(this.claimFile(noticeId), "utf8")) as Claim;
    } catch {
      return undefined;
    }
  }

  /** A claim of another run that is neither done nor expired. */
  private heldByOther(claim: Claim | undefined): boolean {
    return claim !== undefined && !claim.done && claim.run !== this.runId && Date.now() - Date.parse(claim.at) < CLAIM_TTL_MS;
  }

  /**
   * Marks this run's claim of a notice as done; the next {@link push} carries it with the ledger. A notice
   * that failed on a channel is then retried by the next scheduled run, not only after the claim expired.
   */
  async release(noticeId: string): Promise<void> {
    const claim = await this.readClaim(noticeId);
    if (claim?.run !== this.runId) return;
    await writeFile(this.claimFile(noticeId), JSON.stringify({ ...claim, done: true }, null, 2) + "\n");
  }

  /**
   * Claims a notice for this run. `claimed` is false when another run holds a fresh claim, or won the race
   * to push one. `abandonedAt`: the claim taken over was an expired one of a run that never said it was
   * done, so that run may have published without its ledger reaching the remote.
   */
  async claim(noticeId: string): Promise<{ claimed: boolean; abandonedAt?: Date }> {
    const file = this.claimFile(noticeId);
    for (let attempt = 1; ; attempt++) {
      await this.pull();
      const previous = await this.readClaim(noticeId);
      if (this.heldByOther(previous)) return { claimed: false };
      const abandonedAt = previous && !previous.done && previous.run !== this.runId ? new Date(previous.at) : undefined;
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify({ run: this.runId, at: new Date().toISOString() }, null, 2) + "\n");
      await this.git("add", "--", file);
      await this.git("commit", "--quiet", "-m", `announce: claim ${noticeId}`, "--", file);
      try {
        await this.git("push", "--quiet");
        return { claimed: true, abandonedAt };
      } catch (error) {
        // Another run pushed first (a rejected fast-forward, or a ref lock lost on the remote): go back to
        // the remote's state and look at its claim. No claim there means the other push was about
        // something else: try again.
        await this.git("fetch", "--quiet").catch((fetchError: unknown) => {
          throw pushFailed(`claim ${noticeId}`, fetchError, attempt);
        });
        await this.moveCheckout(() => this.git("reset", "--quiet", "--keep", "@{u}"));
        const winner = await this.readClaim(noticeId);
        if (this.heldByOther(winner)) return { claimed: false };
        if (winner?.run === this.runId) return { claimed: true, abandonedAt };
        if (attempt >= this.retry.attempts) throw pushFailed(`claim ${noticeId}`, error, attempt);
        await sleep(backoffMs(this.retry, attempt));
      }
    }
  }

  /** Commits the state folder (ledger, audit log, claims) and pushes, rebasing onto other runs' results. */
  async push(message: string): Promise<void> {
    // Sessions and locks are ignored by <state>/.gitignore (adding a folder skips ignored files).
    await this.git("add", "--", this.stateDir);
    const staged = (await this.git("diff", "--cached", "--name-only")).split("\n");
    const leaked = staged.filter((file) => PRIVATE_STATE.some((dir) => file.includes(`/${dir}`)));
    if (leaked.length > 0) {
      await this.git("reset", "--quiet", "--", ...leaked);
      throw new AnnounceError(explain("PRIVATE_STATE_STAGED", { files: leaked, dirs: PRIVATE_STATE, gitignore: path.join(this.stateDir, ".gitignore") }));
    }
    if (staged.some((line) => line.trim() !== "")) await this.git("commit", "--quiet", "-m", message);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.git("push", "--quiet");
        return;
      } catch (error) {
        if (attempt >= this.retry.attempts) throw pushFailed(message, error, attempt);
        await sleep(backoffMs(this.retry, attempt));
        await this.pull();
      }
    }
  }
}

/**
 * Racing pipelines push often (a claim per notice), so a push can lose several times in a row; jittered
 * backoff lets the runs fall out of step. 12 attempts wait at most about 20 s in all.
 */
const PUSH_RETRY: RetryPolicy = { attempts: 12, baseMs: 100, maxBackoffMs: 3_000, maxWaitMs: 3_000 };

/** The push attempts of a run: 12, or ANNOUNCE_GIT_PUSH_ATTEMPTS. */
export function pushAttempts(env: Env): number {
  return Math.max(1, Number(env.ANNOUNCE_GIT_PUSH_ATTEMPTS) || PUSH_RETRY.attempts);
}

/**
 * Why a git command failed: the remote's own message and the line that says what failed
 * (" ! [rejected] …", "fatal: …"); never a remote URL's credentials.
 */
function gitDetail(error: unknown): string | undefined {
  // execFile's error, possibly wrapped in GIT_FAILED by GitSync.git.
  const cause = error instanceof AnnounceError ? error.cause : error;
  const stderr = cause instanceof Error && "stderr" in cause ? String((cause as { stderr: unknown }).stderr) : "";
  const lines = stderr.split("\n").map((line) => line.trim());
  const detail = [lines.find((line) => /^remote: \S/.test(line)), lines.find((line) => /rejected|^error:|^fatal:/.test(line))]
    .filter((line) => line !== undefined)
    .join("; ")
    .replace(/\/\/[^/@\s]+@/g, "//");
  return detail || undefined;
}

function pushFailed(what: string, cause: unknown, attempts: number): AnnounceError {
  return new AnnounceError(explain("GIT_PUSH_FAILED", { what, attempts, why: gitDetail(cause) }), { cause });
}
