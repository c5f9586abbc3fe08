/**
 * The CI recipe: the ledger lives in the repository and `announce due --git` claims each notice with a
 * commit before publishing. Two pipelines racing (two clones of one repository, a local bare remote)
 * publish every notice exactly once.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { projectRoot, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const TOKEN = "SECRET-ci-token-5e1b";
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/**
 * A notices repository as CI sees it: a bare remote under `root` holding channels.yaml (one Mastodon
 * channel on `fake`), the given notices under notices/ and, when asked, examples/gitattributes.
 */
function seedRepository(root: string, fake: MastodonFake, notices: Record<string, string>, options: { gitattributes?: boolean } = {}): string {
  const remote = path.join(root, "remote.git");
  git(root, "init", "--quiet", "--bare", "--initial-branch=main", remote);
  const seed = clone(root, remote, "seed");
  writeFileSync(path.join(seed, "channels.yaml"), channels({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }));
  if (options.gitattributes) writeFileSync(path.join(seed, ".gitattributes"), readFileSync(path.join(projectRoot, "examples/gitattributes"), "utf8"));
  mkdirSync(path.join(seed, "notices"));
  for (const [id, text] of Object.entries(notices)) writeFileSync(path.join(seed, "notices", `${id}.md`), text);
  git(seed, "add", ".");
  git(seed, "commit", "--quiet", "-m", "notices");
  git(seed, "push", "--quiet", "origin", "HEAD:main");
  return remote;
}

/** A runner's fresh clone of the remote's main branch, with a committer identity. */
function clone(root: string, remote: string, name: string): string {
  const dir = path.join(root, name);
  git(root, "clone", "--quiet", remote, dir);
  for (const [k, v] of [["user.name", name], ["user.email", `${name}@example.invalid`]]) git(dir, "config", k!, v!);
  return dir;
}

const noticeText = (title: string, body: string, urgent = false) => `---\ntitle: ${title}\n${urgent ? "urgent: true\n" : ""}---\n${body}\n`;

describe("two CI pipelines racing on one repository", () => {
  const fake = new MastodonFake({ token: TOKEN });
  const root = tempDir("announce-ci-");
  let remote: string;

  beforeAll(async () => {
    await fake.start();
    const notices = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`n${i + 1}`, noticeText(`Meldung ${i + 1}`, `Text der Meldung race-${i + 1}-end.`, i === 3)]));
    remote = seedRepository(root, fake, notices, { gitattributes: true });
  });
  afterAll(() => fake.stop());

  it("publishes each notice once, and both runs end with the full ledger pushed", async () => {
    const a = clone(root, remote, "runner-a");
    const b = clone(root, remote, "runner-b");
    const env = { M_TOKEN: TOKEN, ANNOUNCE_ACTOR: "ci" };
    const [ra, rb] = await Promise.all([
      runCli(["due", "notices", "--git", "--json"], { cwd: a, env, timeoutMs: 120_000 }),
      runCli(["due", "notices", "--git", "--json"], { cwd: b, env, timeoutMs: 120_000 }),
    ]);
    expect(ra.stderr + rb.stderr).not.toContain("internal error");
    expect([ra.code, rb.code]).toEqual([0, 0]);
    for (let i = 1; i <= 6; i++) expect(fake.liveStatuses.filter((s) => s.text.includes(`race-${i}-end`)), `notice ${i}`).toHaveLength(1);
    const statuses = [JSON.parse(ra.stdout), JSON.parse(rb.stdout)].flatMap((r) => r.notices.map((n: { id: string; status: string }) => `${n.id}:${n.status}`));
    expect(statuses.filter((s: string) => s.endsWith(":published")).sort()).toEqual(["n1", "n2", "n3", "n4", "n5", "n6"].map((n) => `${n}:published`));

    // A third clone sees everything published in the pushed ledger, and spends no network call on it.
    const c = clone(root, remote, "runner-c");
    const before = fake.requests.length;
    const rc = JSON.parse((await runCli(["due", "notices", "--json"], { cwd: c, env })).stdout);
    expect(rc.alreadyPublished).toBe(6);
    expect(fake.requests.length).toBe(before);
    // Sessions and locks never reach the repository.
    expect(git(c, "ls-files", ".announce")).not.toMatch(/sessions|locks/);
    expect(git(c, "ls-files", ".announce")).toContain(".announce/ledger/n1.jsonl");
  });
});

/**
 * The orders of two racing runs in which the other run's results (the first to commit the state folder's
 * `.gitignore`) reach the remote while this run still has its own untracked copy of that file. The other
 * run ("runner-a") runs first against a copy of the remote; its commits reach the real remote exactly when
 * the test says, so no timing decides the order.
 */
describe("a runner whose own .gitignore is still untracked when the other run's results arrive", () => {
  const fake = new MastodonFake({ token: TOKEN });
  const env = { M_TOKEN: TOKEN, ANNOUNCE_ACTOR: "ci" };
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  /** The remote with one notice, runner-b's clone of it, and runner-a's run done but not yet pushed there. */
  async function otherRunAhead(name: string) {
    const root = tempDir(`announce-ci-${name}-`);
    const remote = seedRepository(root, fake, { n1: noticeText("Meldung", `Text der Meldung ${name}-1-end.`) }, { gitattributes: true });
    const b = clone(root, remote, "runner-b");
    const a = clone(root, remote, "runner-a");
    const side = path.join(root, "side.git");
    git(root, "clone", "--quiet", "--bare", remote, side);
    git(a, "remote", "set-url", "origin", side);
    const first = await runCli(["due", "notices", "--git", "--json"], { cwd: a, env, timeoutMs: 60_000 });
    expect(first.code, first.stdout).toBe(0);
    expect(git(a, "ls-files", ".announce")).toContain(".announce/.gitignore");
    git(a, "remote", "set-url", "origin", remote);
    return { a, b, remote };
  }

  it("starts after the other run pushed: its first pull brings the other's .gitignore", async () => {
    const { a, b } = await otherRunAhead("late");
    git(a, "push", "--quiet", "origin", "HEAD:main");
    const result = await runCli(["due", "notices", "--git", "--json"], { cwd: b, env, timeoutMs: 60_000 });
    expect(result.stderr).not.toContain("internal error");
    expect(result.code, result.stdout).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ alreadyPublished: 1, notices: [] });
    expect(fake.liveStatuses.filter((s) => s.text.includes("late-1-end"))).toHaveLength(1);
    expect(git(b, "status", "--porcelain")).toBe("");
  });

  it("loses its claim's push to the other run's results: it moves to the remote's state and publishes nothing again", async () => {
    const { a, b } = await otherRunAhead("lost");
    // The other run's results land between this run's pull and its claim's push.
    const hook = path.join(b, ".git", "hooks", "pre-push");
    writeFileSync(hook, `#!/bin/sh\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\ngit -C '${a}' push --quiet origin HEAD:main\n`);
    chmodSync(hook, 0o755);
    const result = await runCli(["due", "notices", "--git", "--json"], { cwd: b, env, timeoutMs: 60_000 });
    expect(result.stderr).not.toContain("internal error");
    expect(result.code, result.stdout).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ alreadyPublished: 1, notices: [] });
    expect(fake.liveStatuses.filter((s) => s.text.includes("lost-1-end"))).toHaveLength(1);
    expect(git(b, "status", "--porcelain")).toBe("");
  });
});

describe("a remote that refuses the ledger", () => {
  const fake = new MastodonFake({ token: TOKEN });
  const root = tempDir("announce-ci-refuse-");
  let remote: string;

  beforeAll(async () => {
    await fake.start();
    remote = seedRepository(root, fake, { n1: noticeText("Meldung 1", "Text der Meldung refuse-1-end."), n2: noticeText("Meldung 2", "Text der Meldung refuse-2-end.") });
    // From now on the remote takes claims but refuses every other commit (as a protected branch might).
    const hook = path.join(remote, "hooks", "pre-receive");
    writeFileSync(hook, '#!/bin/sh\nwhile read old new ref; do\n  case "$(git log -1 --format=%s "$new")" in "announce: claim"*) ;; *) echo "protected branch" >&2; exit 1 ;; esac\ndone\n');
    chmodSync(hook, 0o755);
  });
  afterAll(() => fake.stop());

  it("stops after the first notice, reports what it published and GIT_PUSH_FAILED, and exits 1", async () => {
    const dir = clone(root, remote, "runner");
    const result = await runCli(["due", "notices", "--git", "--json"], { cwd: dir, env: { M_TOKEN: TOKEN, ANNOUNCE_GIT_PUSH_ATTEMPTS: "2" }, timeoutMs: 60_000 });
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.notices.map((n: { id: string; status: string }) => `${n.id}:${n.status}`)).toEqual(["n1:published"]);
    expect(report.problems).toEqual([expect.objectContaining({ code: "GIT_PUSH_FAILED", message: expect.stringContaining("protected branch") })]);
    // Exactly the first notice reached the server; the second waits for a run that can record it.
    expect(fake.liveStatuses.filter((s) => s.text.includes("refuse-1-end"))).toHaveLength(1);
    expect(fake.liveStatuses.filter((s) => s.text.includes("refuse-2-end"))).toHaveLength(0);
    // The ledger is committed locally, ready to be pushed by hand.
    expect(git(dir, "log", "-1", "--format=%s")).toContain("announce: n1");
    expect(git(dir, "show", "--name-only", "--format=", "HEAD")).toContain(".announce/ledger/n1.jsonl");
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});

describe("a remote that cannot be reached", () => {
  const fake = new MastodonFake({ token: TOKEN });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it("stops before publishing anything with GIT_PULL_FAILED (exit 1), naming what git said", async () => {
    const root = tempDir("announce-ci-gone-");
    const dir = clone(root, seedRepository(root, fake, { n1: noticeText("Meldung", "Text der Meldung gone-1-end.") }), "runner");
    git(dir, "remote", "set-url", "origin", path.join(root, "moved-away.git"));
    const result = await runCli(["due", "notices", "--git", "--json"], { cwd: dir, env: { M_TOKEN: TOKEN } });
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(1);
    const problem = JSON.parse(result.stdout).problems[0];
    expect(problem).toMatchObject({ code: "GIT_PULL_FAILED", hint: expect.stringContaining("fetch the repository") });
    expect(problem.message).toMatch(/fatal: .*moved-away\.git/);
    expect(fake.liveStatuses).toHaveLength(0);
  });
});

describe("the CI examples", () => {
  const documented = ["preview", "validate", "post", "status", "delete", "check", "due", "approve", "pause", "resume", "log"];
  for (const file of ["github-actions.yml", "gitlab-ci.yml"]) {
    it(`${file} is valid YAML and calls only documented commands`, async () => {
      const text = readFileSync(path.join(projectRoot, "examples", file), "utf8");
      expect(() => parse(text)).not.toThrow();
      const calls = [...text.matchAll(/\bannounce ([a-z-]+)/g)].map((m) => m[1]!).filter((c) => c !== "report");
      expect(calls.length).toBeGreaterThan(0);
      const help = (await runCli(["--help"])).stdout;
      const readme = readFileSync(path.join(projectRoot, "README.md"), "utf8");
      for (const command of calls) {
        expect(documented).toContain(command);
        expect(help).toContain(command);
        expect(readme).toContain(`announce ${command}`);
      }
      for (const secret of ["MASTODON_TOKEN", "BLUESKY_APP_PASSWORD"]) if (file === "github-actions.yml") expect(text).toContain(`secrets.${secret}`);
    });
  }
});

describe("a notice that failed in one pipeline", () => {
  const fake = new MastodonFake({ token: TOKEN });
  const root = tempDir("announce-ci-retry-");
  let remote: string;

  beforeAll(async () => {
    await fake.start();
    remote = seedRepository(root, fake, { warn: noticeText("Sturmwarnung", "Text der Meldung retry-1-end.", true) }, { gitattributes: true });
  });
  afterAll(() => fake.stop());

  it("is taken up by the next pipeline at once: the claim is released with the pushed ledger", async () => {
    const env = { M_TOKEN: TOKEN, ANNOUNCE_ACTOR: "ci" };
    // The instance asks for an hour's pause: the first run fails the channel and pushes its ledger.
    fake.fail429("/api/v1/statuses", { retryAfterSeconds: 3600, resetInMs: 3_600_000 });
    const first = await runCli(["due", "notices", "--git", "--json"], { cwd: clone(root, remote, "runner-1"), env, timeoutMs: 60_000 });
    expect(first.code, first.stdout).toBe(1);
    expect(JSON.parse(first.stdout).notices).toMatchObject([{ id: "warn", status: "failed" }]);
    const second = await runCli(["due", "notices", "--git", "--json"], { cwd: clone(root, remote, "runner-2"), env, timeoutMs: 60_000 });
    expect(second.code, second.stdout).toBe(0);
    expect(JSON.parse(second.stdout).notices).toMatchObject([{ id: "warn", status: "published" }]);
    expect(fake.liveStatuses.filter((s) => s.text.includes("retry-1-end"))).toHaveLength(1);
  });
});

describe("a pipeline that died after publishing, before pushing its ledger", () => {
  const fake = new MastodonFake({ token: TOKEN });
  const root = tempDir("announce-ci-died-");
  let remote: string;

  beforeAll(async () => {
    await fake.start();
    remote = seedRepository(root, fake, { gone: noticeText("Wasserrohrbruch", "Text der Meldung died-1-end.") }, { gitattributes: true });
  });
  afterAll(() => fake.stop());

  it("leaves a claim that expires; the run that takes it over finds the post and does not publish it again", async () => {
    const env = { M_TOKEN: TOKEN, ANNOUNCE_ACTOR: "ci" };
    // Killed right after the second ledger write (the post is published and recorded, locally only).
    const died = await runCli(["due", "notices", "--git", "--json"], { cwd: clone(root, remote, "runner-died"), env: { ...env, ANNOUNCE_TEST_CRASH: "after:2" }, timeoutMs: 60_000 });
    expect(died.signal).toBe("SIGKILL");
    expect(fake.liveStatuses.filter((s) => s.text.includes("died-1-end"))).toHaveLength(1);
    // Half an hour later (the claim is made older instead of waiting), the next run takes the claim over.
    const next = clone(root, remote, "runner-next");
    const claimFile = path.join(next, ".announce/claims/gone.json");
    const claim = JSON.parse(readFileSync(claimFile, "utf8")) as { run: string; at: string };
    expect(claim).not.toHaveProperty("done");
    writeFileSync(claimFile, JSON.stringify({ ...claim, at: new Date(Date.now() - 31 * 60_000).toISOString() }));
    git(next, "commit", "--quiet", "-am", "time passes");
    git(next, "push", "--quiet");
    const result = await runCli(["due", "notices", "--git", "--json"], { cwd: next, env, timeoutMs: 60_000 });
    expect(result.code, result.stdout).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.notices).toMatchObject([{ id: "gone", status: "published", report: { channels: [{ posts: [{ reconciled: true }] }] } }]);
    expect(fake.liveStatuses.filter((s) => s.text.includes("died-1-end"))).toHaveLength(1);
  });
});
