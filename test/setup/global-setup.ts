/**
 * Vitest global setup: starts the real servers the tests publish to, once per run, and stops them after.
 *
 * - Bluesky: a real PDS with an in-memory PLC directory (test/setup/servers/pds-server.mjs).
 * - Mastodon API: snac2 (test/setup/servers/snac-server.mjs), installed into .tools/snac on first use by
 *   test/setup/servers/install-snac.sh; it is given several users with OAuth tokens.
 * - A headless Chromium for the accessibility tests of the HTML announce writes: Debian's `chromium`
 *   package, found (or installed with apt-get when missing and we are root) by
 *   test/setup/servers/install-chromium.sh; tests get its path with `inject("chromium")` and drive it with
 *   test/helpers/browser.ts.
 *
 * Both run as child processes on 127.0.0.1 and start in parallel (about 3 s). Tests read their addresses
 * with `inject("pds")` / `inject("snac")` (types in ./provided.d.ts). A server that cannot start fails the
 * run with its output in the error; it is never skipped silently.
 *
 * Nothing is left behind: teardown stops both (the snac wrapper stops its httpd) and removes their temp
 * folders; a synchronous `exit` hook kills whatever is still alive; and the children watch their stdin
 * pipe (--exit-with-stdin), so they also stop when the test runner is killed outright.
 *
 * ANNOUNCE_TEST_SERVERS=0 starts nothing and provides nothing: only for quick local runs of pure unit
 * tests (e.g. `ANNOUNCE_TEST_SERVERS=0 npx vitest run test/render`). Refused when CI=true.
 * ANNOUNCE_TEST_SERVERS=excluded does the same for a run that left out the files needing the servers
 * (scripts/test-node22.mjs), and is allowed in CI.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { ProvidedContext } from "vitest";
import type { TestProject } from "vitest/node";

const SERVERS = fileURLToPath(new URL("./servers/", import.meta.url));
const SNAC_USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "kim", "gina", "zoe"];
/** First run downloads snac and may install its libraries (and Chromium) with apt-get. */
const INSTALL_TIMEOUT_MS = 600_000;
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

interface PdsLine {
  pdsUrl: string;
  plcUrl: string;
  dir: string;
}
interface SnacLine {
  url: string;
  dir: string;
  httpdPid: number;
  users: { name: string; password: string; token: string }[];
}

/** A server process started by this setup. */
class ServerProcess {
  private output = "";
  private ready = false;
  private stopping = false;
  readonly exited: Promise<void>;
  /** Temp folder and helper process reported by the child, for cleanup when it cannot clean up itself. */
  dir: string | undefined;
  extraPid: number | undefined;
  extraCommand = "";
  readonly name: string;
  readonly proc: ChildProcess;

  constructor(name: string, proc: ChildProcess) {
    this.name = name;
    this.proc = proc;
    this.exited = new Promise((resolve) => proc.once("close", () => resolve()));
    // Keep draining both pipes (a full pipe would block the child), remembering the recent output.
    proc.stdout?.on("data", (chunk: Buffer) => this.remember(chunk));
    proc.stderr?.on("data", (chunk: Buffer) => this.remember(chunk));
    proc.once("exit", (code, signal) => {
      // Before it was ready, waitForLine() reports the exit as the startup error.
      if (this.ready && !this.stopping) {
        console.error(`[test servers] ${name} exited unexpectedly (${signal ?? `code ${code}`}):\n${this.recentOutput()}`);
      }
    });
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  recentOutput(): string {
    return this.output.trim() || "(no output)";
  }

  private remember(chunk: Buffer): void {
    this.output = (this.output + chunk.toString()).slice(-8000);
  }

  /** Resolves with the first stdout line that `parse` accepts; rejects when the child exits or times out. */
  waitForLine<T>(parse: (value: unknown) => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let buffered = "";
      const onData = (chunk: Buffer) => {
        buffered += chunk.toString();
        let newline: number;
        while ((newline = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          let value: T | undefined;
          try {
            value = parse(JSON.parse(line));
          } catch {
            value = undefined; // not JSON: a log line
          }
          if (value !== undefined) {
            this.ready = true;
            return finish(() => resolve(value));
          }
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        finish(() =>
          reject(new Error(`${this.name} exited (${signal ?? `code ${code}`}) before it was ready:\n${this.recentOutput()}`)),
        );
      const onError = (error: Error) => finish(() => reject(new Error(`${this.name} could not be started: ${error.message}`)));
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${this.name} was not ready after ${timeoutMs / 1000} s:\n${this.recentOutput()}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.proc.stdout?.off("data", onData);
        this.proc.off("exit", onExit);
        this.proc.off("error", onError);
        settle();
      };
      this.proc.stdout?.on("data", onData);
      this.proc.once("exit", onExit);
      this.proc.once("error", onError);
    });
  }

  /** SIGTERM (the child cleans up after itself), then SIGKILL after a grace period, then our own cleanup. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.alive) {
      this.proc.kill("SIGTERM");
      const exited = await Promise.race([this.exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
      if (!exited) {
        this.proc.kill("SIGKILL");
        await this.exited;
      }
    }
    this.cleanUpSync();
  }

  /**
   * Last resort, in a synchronous `exit` handler (e.g. vitest exiting on Ctrl-C before teardown). SIGTERM,
   * not SIGKILL: the child outlives us for a moment and removes its folder and helper itself, also when
   * it is still starting and we do not know them yet.
   */
  killSync(): void {
    this.stopping = true;
    if (this.alive) this.proc.kill("SIGTERM");
    else this.cleanUpSync();
  }

  private cleanUpSync(): void {
    // A wrapper that exited cleanly has stopped its helper; otherwise the helper may be orphaned.
    if (this.extraPid !== undefined && this.proc.exitCode !== 0) killIfRunning(this.extraPid, this.extraCommand);
    this.extraPid = undefined;
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** SIGKILLs `pid` if it still runs `command` (checked in /proc, so that a recycled pid is left alone). */
function killIfRunning(pid: number, command: string): void {
  try {
    if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(command)) return;
    process.kill(pid, "SIGKILL");
  } catch {
    // gone already
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * Runs one of the install scripts beside the servers (a no-op when the tool is installed); resolves with
 * what it printed on stdout, rejects with its output when it fails. What it printed on stderr (only on
 * first use: what was installed) is shown.
 */
function runInstallScript(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn("sh", [`${SERVERS}${script}`], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => proc.kill("SIGKILL"), INSTALL_TIMEOUT_MS);
    proc.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${script}: ${error.message}`));
    });
    proc.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        if (stderr.trim()) console.log(stderr.trim());
        resolve(stdout.trim());
      } else {
        reject(new Error(`${script} failed (${signal ?? `code ${code}`}):\n${`${stdout}\n${stderr}`.trim()}`));
      }
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // "excluded": the caller left out the files that need the servers (scripts/test-node22.mjs), also in CI.
  if (process.env.ANNOUNCE_TEST_SERVERS === "excluded") return undefined;
  if (process.env.ANNOUNCE_TEST_SERVERS === "0") {
    if (process.env.CI === "true") throw new Error("ANNOUNCE_TEST_SERVERS=0 is not allowed under CI=true");
    console.warn("[test servers] ANNOUNCE_TEST_SERVERS=0: not starting the PDS and snac; tests that need them will fail");
    return undefined;
  }

  const servers: ServerProcess[] = [];
  const start = (name: string, args: string[]): ServerProcess => {
    // process.execPath: the same (supported) Node that runs vitest. stdin stays an open pipe: the
    // children stop when it closes, i.e. when this process is gone.
    const proc = spawn(process.execPath, [...args, "--exit-with-stdin"], { cwd: SERVERS, stdio: ["pipe", "pipe", "pipe"] });
    const server = new ServerProcess(name, proc);
    servers.push(server);
    return server;
  };
  const killAllSync = () => servers.forEach((server) => server.killSync());
  process.once("exit", killAllSync);
  const teardown = async () => {
    process.off("exit", killAllSync);
    await Promise.all(servers.map((server) => server.stop()));
  };

  const startPds = async (): Promise<ProvidedContext["pds"]> => {
    const pds = start("Bluesky PDS", ["--require", "./listen-localhost.cjs", "pds-server.mjs"]);
    const line = await pds.waitForLine<PdsLine>(
      (value) => (isObject(value) && typeof value.pdsUrl === "string" ? (value as unknown as PdsLine) : undefined),
      START_TIMEOUT_MS,
    );
    pds.dir = line.dir;
    return { url: line.pdsUrl };
  };

  const startSnac = async (): Promise<ProvidedContext["snac"]> => {
    await runInstallScript("install-snac.sh");
    const snac = start("snac2", ["snac-server.mjs", "--users", SNAC_USERS.join(",")]);
    const line = await snac.waitForLine<SnacLine>(
      (value) => (isObject(value) && typeof value.url === "string" && Array.isArray(value.users) ? (value as unknown as SnacLine) : undefined),
      START_TIMEOUT_MS,
    );
    snac.dir = line.dir;
    // Killed directly only if the wrapper could not stop it (the wrapper was SIGKILLed or crashed).
    snac.extraPid = line.httpdPid;
    snac.extraCommand = line.dir;
    return { url: line.url, users: line.users.map(({ name, token, password }) => ({ name, token, password })) };
  };

  const findChromium = async (): Promise<ProvidedContext["chromium"]> => ({ path: await runInstallScript("install-chromium.sh") });

  // Start all at once; wait for all to settle, so that teardown also catches the slower ones.
  const [pds, snac, chromium] = await Promise.allSettled([startPds(), startSnac(), findChromium()]);
  if (pds.status === "rejected" || snac.status === "rejected" || chromium.status === "rejected") {
    await teardown();
    const reasons = [pds, snac, chromium].flatMap((result) => (result.status === "rejected" ? [errorMessage(result.reason)] : []));
    throw new Error(`test servers could not start:\n${reasons.join("\n\n")}`);
  }

  project.provide("pds", pds.value);
  project.provide("snac", snac.value);
  project.provide("chromium", chromium.value);
  return teardown;
}
