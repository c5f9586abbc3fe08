/**
 * `announce post` to Bluesky as a process against the real PDS, through a proxy that injects faults on
 * record creation (`com.atproto.repo.createRecord`, what the publisher uses): a 429 with Retry-After, a
 * 500, and a connection dropped after the PDS stored the record. Each ends with exactly one copy of every
 * post on the PDS. Then: neither the app password nor a session token is in any output or written file.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PdsProxy } from "../fakes/pds-proxy.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { channels } from "../helpers/channels.js";
import { createProject, threadText, type TestProject } from "../helpers/project.js";
import { realAccounts } from "../helpers/real-servers.js";
import { readBlueskyPosts, type BlueskyAccount } from "../setup/accounts.js";

const CREATE = "com.atproto.repo.createRecord";
const GET = "com.atproto.repo.getRecord";

describe("failures while publishing (Bluesky, real PDS behind a fault proxy)", () => {
  const pdsUrl = inject("pds").url;
  const proxy = new PdsProxy(pdsUrl);
  let account: BlueskyAccount;
  let project: TestProject;
  let env: Record<string, string>;
  /** Every run of this file, for the secrets check at the end. */
  const runs: CliResult[] = [];

  beforeAll(async () => {
    await proxy.start();
    const real = await realAccounts({ pds: inject("pds"), blueskyAccount: "bfault" });
    account = real.account;
    env = { ...real.env, ANNOUNCE_LOCK_STALE_MS: "2000" };
    // Each request ends after 5 s without an answer (a stalled PDS), instead of the default 30 s.
    project = await createProject(channels({ b: real.bluesky({ service: proxy.url }) }, { defaults: { lang: "de" }, timeouts: { request: 5 } }));
  });
  afterAll(() => proxy.stop());

  /** Posts on the PDS itself (not through the proxy) whose text has the tag. */
  const onPds = async (tag: string) => (await readBlueskyPosts(pdsUrl, account.did)).filter((r) => r.value.text.includes(tag));
  const post = async (tag: string) => {
    const file = project.writeNotice(tag, { title: `Meldung ${tag}` }, threadText(tag));
    const result = await runCli(["post", file, "--config", project.config, "--json"], { env });
    runs.push(result);
    return result;
  };
  const postsOf = (result: CliResult): { reconciled?: boolean }[] => JSON.parse(result.stdout).channels[0].posts;

  it("waits as long as a 429's Retry-After says, then publishes each post once", async () => {
    const before = proxy.requestsTo(CREATE).length;
    proxy.fail429(CREATE, { retryAfterSeconds: 1 });
    const result = await post("bfrate");
    expect(result.code, result.stderr).toBe(0);
    const planned = postsOf(result).length;
    expect(planned).toBeGreaterThanOrEqual(3);
    const creates = proxy.requestsTo(CREATE).slice(before);
    expect(creates.map((r) => r.fault)).toEqual(["429", ...Array<undefined>(planned).fill(undefined)]);
    expect(creates[1]!.at - creates[0]!.at).toBeGreaterThanOrEqual(900);
    expect(await onPds("bfrate")).toHaveLength(planned);
  });

  it("checks the PDS after a 500 on record creation, then publishes each post once", async () => {
    const before = proxy.requests.length;
    proxy.fail500(CREATE);
    const result = await post("bfserver");
    expect(result.code, result.stderr).toBe(0);
    const planned = postsOf(result).length;
    expect(planned).toBeGreaterThanOrEqual(3);
    const calls = proxy.requests.slice(before).filter((r) => r.nsid === CREATE || r.nsid === GET);
    // The failed create, a look for the record (not there), then the retry and the rest of the thread.
    expect(calls.slice(0, 3).map((r) => [r.nsid, r.fault])).toEqual([[CREATE, "500"], [GET, undefined], [CREATE, undefined]]);
    expect(calls.filter((r) => r.nsid === CREATE)).toHaveLength(planned + 1);
    expect(await onPds("bfserver")).toHaveLength(planned);
  });

  it("finds the record after the connection dropped once the PDS had stored it, and does not create it again", async () => {
    const before = proxy.requestsTo(CREATE).length;
    proxy.dropAfterStore(CREATE);
    const result = await post("bfdropped");
    expect(result.code, result.stderr).toBe(0);
    const posts = postsOf(result);
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(posts[0]!.reconciled).toBe(true);
    expect(posts.slice(1).every((p) => !p.reconciled)).toBe(true);
    // One create per post: the dropped one was not sent again.
    expect(proxy.requestsTo(CREATE).slice(before)).toHaveLength(posts.length);
    expect(await onPds("bfdropped")).toHaveLength(posts.length);
  });

  it("gives up on a record creation the PDS stored but never answered (its own timeout), finds the record and does not create it again", async () => {
    const before = proxy.requestsTo(CREATE).length;
    proxy.stallAfterStore(CREATE);
    const result = await post("bfstalled");
    expect(result.code, result.stderr).toBe(0);
    const posts = postsOf(result);
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(posts[0]!.reconciled).toBe(true);
    const creates = proxy.requestsTo(CREATE).slice(before);
    expect(creates[0]!.fault).toBe("stall-after-store");
    expect(creates).toHaveLength(posts.length);
    expect(await onPds("bfstalled")).toHaveLength(posts.length);
  });

  it("never writes the app password or a session token to output or to any file but the session store", async () => {
    // A run that fails (429 on every attempt) writes the error paths too; its re-run finishes the thread.
    proxy.fail429(CREATE, { retryAfterSeconds: 0, times: 5 });
    const failed = await post("bfsecret");
    expect(failed.code).toBe(1);
    const ok = await post("bfsecret");
    expect(ok.code, ok.stderr).toBe(0);
    expect(await onPds("bfsecret")).toHaveLength(postsOf(ok).length);
    const file = path.join(project.dir, "bfsecret.md");
    for (const args of [["status", file], ["log"]]) runs.push(await runCli([...args, "--config", project.config], { env }));

    const written = project.writtenFiles();
    const sessionFiles = written.filter((f) => f.file.startsWith(path.join(project.stateDir, "sessions") + path.sep));
    expect(sessionFiles.map((f) => path.basename(f.file))).toEqual(["b.bluesky.json"]);
    expect(statSync(sessionFiles[0]!.file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(sessionFiles[0]!.content.toString("utf8")) as { session: { accessJwt: string; refreshJwt: string } };
    // Every token the tool used (access tokens, and refresh tokens for refreshSession) and the saved ones.
    const bearer = proxy.requests.map((r) => /^Bearer (.+)$/.exec(r.headers.authorization ?? "")?.[1]).filter((t): t is string => t !== undefined);
    const tokens = new Set([...bearer, saved.session.accessJwt, saved.session.refreshJwt]);
    expect(tokens.size).toBeGreaterThanOrEqual(3);

    expect(runs.length).toBeGreaterThanOrEqual(7);
    for (const run of runs) {
      const output = run.stdout + run.stderr;
      expect(output.includes(account.appPassword), "app password in output").toBe(false);
      for (const token of tokens) expect(output.includes(token), "token in output").toBe(false);
    }
    expect(written.some((f) => f.file.includes("ledger"))).toBe(true);
    for (const { file: name, content } of written) {
      expect(content.includes(account.appPassword), name).toBe(false);
      // Sessions are kept on purpose (mode 0600, git-ignored) so that runs need not log in again.
      if (sessionFiles.some((f) => f.file === name)) continue;
      for (const token of tokens) expect(content.includes(token), name).toBe(false);
    }
  });
});
