// Starts a fresh snac2 instance (Mastodon client API) on 127.0.0.1 with a free port, in a temp folder,
// creates users and gets an OAuth access token for each. Replaces the shell version (start-snac.sh):
// no curl needed, and the snac httpd is stopped with this process.
//
//   node snac-server.mjs [--users alice,bob] [--snac PATH] [--exit-with-stdin]
//
// PATH defaults to $SNAC, else the project's .tools/snac/usr/bin/snac (see install-snac.sh).
// Prints one JSON line {"url","dir","httpdPid","users":[{"name","password","token"}],"startMs"} on stdout
// when ready. Stops httpd and removes the temp folder on SIGTERM/SIGINT, and with --exit-with-stdin
// also when stdin closes (the test runner keeps a pipe open, so a dead runner leaves nothing behind).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freePort } from "./free-port.mjs";
import { getSnacToken } from "./snac-token.mjs";

const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const DEFAULT_SNAC = process.env.SNAC || path.join(PROJECT_ROOT, ".tools/snac/usr/bin/snac");

/**
 * Runs a snac command line, feeding `input` to its prompts; resolves with stdout.
 * @param {string} snac @param {string[]} args @param {string} input
 * @returns {Promise<string>}
 */
function runSnac(snac, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(snac, args, { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("error", (error) => reject(new Error(`cannot run ${snac}: ${error.message}`)));
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`snac ${args[0]} exited with ${code}: ${out.trim()}`)),
    );
    child.stdin.end(input);
  });
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {string} file */
const tail = (file) => {
  try {
    return fs.readFileSync(file, "utf8").slice(-4000);
  } catch {
    return "";
  }
};

/**
 * @param {{ snac?: string, users?: string[], port?: number, signal?: AbortSignal }} [options]
 *   signal: aborts a startup in progress (stops httpd, removes the folder, rejects).
 */
export async function startSnac({ snac = DEFAULT_SNAC, users = ["alice"], port, signal } = {}) {
  if (!fs.existsSync(snac)) throw new Error(`snac not found at ${snac}; run test/setup/servers/install-snac.sh`);
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "announce-snac-"));
  const dir = path.join(tmp, "data"); // `snac init` insists on creating the data folder itself
  const log = path.join(tmp, "httpd.log");
  /** @type {import("node:child_process").ChildProcess | undefined} */
  let httpd;

  const close = async () => {
    if (httpd && httpd.exitCode === null && httpd.signalCode === null) {
      const exited = new Promise((resolve) => httpd?.once("exit", resolve));
      // SIGKILL right away: on SIGTERM snac waits about 2.5 s for its background thread, and all it
      // could save is the data folder we delete next. (snac runs as a single process, no children.)
      httpd.kill("SIGKILL");
      await exited;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    // Prompts: address, port, host name, URL prefix, admin email.
    await runSnac(snac, ["init", dir], `127.0.0.1\n${port}\nlocalhost:${port}\n\n\n`);
    signal?.throwIfAborted();
    // Plain http on loopback (snac would otherwise write https:// into every id and URL).
    const serverJson = path.join(dir, "server.json");
    const config = JSON.parse(fs.readFileSync(serverJson, "utf8"));
    fs.writeFileSync(serverJson, JSON.stringify({ ...config, protocol: "http" }, null, 4));

    // Each adduser generates an RSA key (0.1-0.7 s of CPU), so create the users in parallel.
    const accounts = await Promise.all(
      users.map(async (name) => {
        // Prompt: the display name. The password is printed as "User password is XXXX".
        const out = await runSnac(snac, ["adduser", dir, name], `${name}\n`);
        const password = /^User password is (\S+)/m.exec(out)?.[1];
        if (!password) throw new Error(`snac adduser ${name}: no password in its output: ${out.trim()}`);
        return { name, password };
      }),
    );
    signal?.throwIfAborted();

    const logFd = fs.openSync(log, "a");
    httpd = spawn(snac, ["httpd", dir], { stdio: ["ignore", logFd, logFd] });
    fs.closeSync(logFd);
    let exitedEarly = false;
    httpd.once("exit", () => (exitedEarly = true));

    const deadline = Date.now() + 10_000;
    for (;;) {
      signal?.throwIfAborted();
      if (exitedEarly) throw new Error(`snac httpd exited during startup:\n${tail(log)}`);
      if (Date.now() > deadline) throw new Error(`snac httpd did not answer on ${url} within 10 s:\n${tail(log)}`);
      const ok = await fetch(`${url}/api/v1/instance`).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(20);
    }

    const withTokens = await Promise.all(
      accounts.map(async (account) => ({ ...account, token: await getSnacToken(url, account.name, account.password) })),
    );
    signal?.throwIfAborted();
    return { url, dir: tmp, log, httpd, users: withTokens, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** @param {string} flag */
function option(flag) {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t0 = performance.now();
  // Handlers go in before startup, so that a stop request during startup also stops httpd.
  const startup = new AbortController();
  /** @type {Awaited<ReturnType<typeof startSnac>> | undefined} */
  let running;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // During startup, startSnac cleans up after itself when aborted; the catch below then exits.
    startup.abort();
    if (!running) return;
    await running.close().catch((error) => console.error("snac-server: close failed:", error));
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (process.argv.includes("--exit-with-stdin")) {
    process.stdin.on("end", stop);
    process.stdin.on("error", stop);
    process.stdin.resume();
  }

  try {
    running = await startSnac({
      snac: option("--snac") ?? DEFAULT_SNAC,
      users: (option("--users") ?? "alice").split(",").filter(Boolean),
      signal: startup.signal,
    });
  } catch (error) {
    if (stopping) process.exit(0);
    console.error("snac-server: could not start:", error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const server = running;
  if (stopping) {
    await server.close();
    process.exit(0);
  }
  server.httpd.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(`snac-server: snac httpd exited unexpectedly (${signal ?? code}):\n${tail(server.log)}`);
    fs.rmSync(server.dir, { recursive: true, force: true });
    process.exit(1);
  });
  console.log(
    JSON.stringify({
      url: server.url,
      dir: server.dir,
      httpdPid: server.httpd.pid,
      users: server.users,
      startMs: Math.round(performance.now() - t0),
    }),
  );
}
