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
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { AnnounceError } from "../errors.js";
import { ensureStateDir, PRIVATE_STATE } from "./state-dir.js";

const run = promisify(execFile);

export interface Claim {
  run: string;
  at: string;
}

/** A claim older than this is considered abandoned (its run died); the ledger then reconciles. */
const CLAIM_TTL_MS = 30 * 60_000;

export class GitSync {
  private constructor(
    private readonly root: string,
    private readonly stateDir: string,
    readonly runId: string,
  ) {}

  static async open(stateDir: string, runId: string): Promise<GitSync> {
    await ensureStateDir(stateDir);
    try {
      const { stdout } = await run("git", ["rev-parse", "--show-toplevel"], { cwd: stateDir });
      const sync = new GitSync(stdout.trim(), stateDir, runId);
      await sync.git("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}");
      return sync;
    } catch (error) {
      throw new AnnounceError(
        {
          code: "GIT_SYNC_UNAVAILABLE",
          message: `--git needs the state folder ${stateDir} inside a git checkout whose branch tracks a remote branch.`,
          hint: "Run in a clone of the notices repository (in CI: check out the branch, not a detached commit), or leave out --git.",
        },
        { cause: error },
      );
    }
  }

  private async git(...args: string[]): Promise<string> {
    const { stdout } = await run("git", args, { cwd: this.root, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  }

  /** Brings the checkout up to date with the remote (rebasing local commits). */
  async pull(): Promise<void> {
    await this.git("pull", "--rebase", "--quiet");
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

  /**
   * Claims a notice for this run. Returns false when another run holds a fresh claim, or won the race to
   * push one.
   */
  async claim(noticeId: string): Promise<boolean> {
    await this.pull();
    const existing = await this.readClaim(noticeId);
    if (existing && existing.run !== this.runId && Date.now() - Date.parse(existing.at) < CLAIM_TTL_MS) return false;
    const file = this.claimFile(noticeId);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ run: this.runId, at: new Date().toISOString() }, null, 2) + "\n");
    await this.git("add", "--", file);
    await this.git("commit", "--quiet", "-m", `announce: claim ${noticeId}`, "--", file);
    try {
      await this.git("push", "--quiet");
      return true;
    } catch {
      // Another run pushed first: go back to the remote's state and look at its claim.
      await this.git("fetch", "--quiet");
      await this.git("reset", "--keep", "@{u}");
      const winner = await this.readClaim(noticeId);
      return winner?.run === this.runId;
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
      throw new AnnounceError({ code: "PRIVATE_STATE_STAGED", message: `Refusing to commit private state (${leaked.join(", ")}).`, hint: `Keep ${PRIVATE_STATE.join(" and ")} in ${path.join(this.stateDir, ".gitignore")}.` });
    }
    if (staged.some((line) => line.trim() !== "")) await this.git("commit", "--quiet", "-m", message);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.git("push", "--quiet");
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await this.pull();
      }
    }
  }
}
