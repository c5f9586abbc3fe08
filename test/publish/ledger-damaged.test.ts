/**
 * A damaged ledger (a line that is not a record, anywhere but as the torn last line of a crash) stops its
 * notice with LEDGER_DAMAGED, exit 2, naming the file and line: `post` and `due` publish nothing of it, `delete`
 * deletes nothing, `status` does not guess. Before, such a ledger read as "not published" (and `post`
 * published again) or, with a `null` line, ended in an internal error.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

const fake = new MastodonFake({ token: "damaged-ledger-token" });
const env = { M_TOKEN: "damaged-ledger-token", ANNOUNCE_LOCK_STALE_MS: "2000" };
let project: TestProject;
let notices: string;

const cli = (args: string[], json = true, extra: Record<string, string> = {}) => runCli([...args, "--config", project.config, ...(json ? ["--json"] : [])], { env: { ...env, ...extra }, timeoutMs: 60_000 });
const live = (tag: string) => fake.liveStatuses.filter((s) => s.text.includes(tag));
const ledgerOf = (id: string) => path.join(project.stateDir, "ledger", `${id}.jsonl`);
const write = (name: string, body: string) => {
  const file = path.join(notices, `${name}.md`);
  writeFileSync(file, `---\ntitle: Hinweis ${name}\n---\n${body}\n`);
  return file;
};
/** Puts `line` into the ledger of `id` as its second line (before the `published` record, which stays). */
const damage = (id: string, line: string) => {
  const lines = readFileSync(ledgerOf(id), "utf8").split("\n");
  lines.splice(1, 0, line);
  writeFileSync(ledgerOf(id), lines.join("\n"));
};
const expectDamaged = (stdout: string, id: string) => {
  const json = JSON.parse(stdout);
  expect(json).toMatchObject({ ok: false });
  expect(json.problems).toEqual([expect.objectContaining({ code: "LEDGER_DAMAGED", file: ledgerOf(id), line: 2, hint: expect.stringMatching(/version control/) })]);
  expect(json.problems[0].message).toContain(id);
};

beforeAll(async () => {
  await fake.start();
  project = await createProject(channels({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }, { defaults: { lang: "de" } }));
});
afterAll(() => fake.stop());
beforeEach(() => {
  notices = path.join(project.dir, `notices-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(notices);
});

describe("a damaged ledger stops its notice: exit 2, the file and line, nothing sent", () => {
  it.each([
    ["an unparseable line in the middle", "{this is not json}"],
    ["a null line", "null"],
    ["a record of an unknown type", JSON.stringify({ v: 1, at: "2026-11-29T08:00:00.000Z", notice: "x", channel: "m", platform: "mastodon", index: 0, type: "gepostet" })],
  ])("%s: post, post --dry-run, status, delete", async (_what, line) => {
    const tag = `dmg${Math.random().toString(36).slice(2, 8)}`;
    const file = write(tag, `Meldung ${tag}.`);
    expect((await cli(["post", file])).code).toBe(0);
    damage(tag, line);
    const requests = fake.requests.length;

    const post = await cli(["post", file]);
    expect(post.code, post.stdout + post.stderr).toBe(2);
    expectDamaged(post.stdout, tag);
    const dryRun = await cli(["post", file, "--dry-run"]);
    expect(dryRun.code, dryRun.stdout + dryRun.stderr).toBe(2);
    expectDamaged(dryRun.stdout, tag);
    const status = await cli(["status", file]);
    expect(status.code, status.stdout + status.stderr).toBe(2);
    expectDamaged(status.stdout, tag);
    const remove = await cli(["delete", file]);
    expect(remove.code, remove.stdout + remove.stderr).toBe(2);
    expectDamaged(remove.stdout, tag);

    // Nothing reached the server: no second copy, no deletion, not even a connection.
    expect(fake.requests.length).toBe(requests);
    expect(live(tag)).toHaveLength(1);
  });

  it("for people: the problem with file:line, what is wrong, what to do, and that nothing was published", async () => {
    const file = write("human", "Meldung humanone.");
    expect((await cli(["post", file])).code).toBe(0);
    damage("human", "null");
    const post = await cli(["post", file], false);
    expect(post.code).toBe(2);
    const out = post.stdout + post.stderr;
    expect(out).toContain(`LEDGER_DAMAGED ${ledgerOf("human")}:2`);
    expect(out).toContain("line 2 is null, not a record");
    expect(out).toMatch(/Restore the file from version control/);
    expect(out).toContain("Nothing was published.");
    expect(live("humanone")).toHaveLength(1);
  });

  it("due: a damaged ledger holds back only its notice (exit 2, naming it); the other notices are published", async () => {
    const damaged = write("due-damaged", "Meldung duedamaged.");
    expect((await cli(["post", damaged])).code).toBe(0);
    damage("due-damaged", "{kaputt");
    write("due-fresh", "Meldung duefresh.");
    const due = await cli(["due", notices]);
    expect(due.code, due.stdout + due.stderr).toBe(2);
    const entries = JSON.parse(due.stdout).notices;
    expect(entries).toEqual([
      expect.objectContaining({ id: "due-damaged", status: "invalid", problems: [expect.objectContaining({ code: "LEDGER_DAMAGED", file: ledgerOf("due-damaged"), line: 2 })] }),
      expect.objectContaining({ id: "due-fresh", status: "published" }),
    ]);
    expect(live("duefresh")).toHaveLength(1);
    expect(live("duedamaged")).toHaveLength(1);
  });

  it("a torn last line, then a re-run: the re-run closes it and the ledger stays readable", async () => {
    const file = write("torn", "Meldung tornone.");
    // Killed right after the intent was written; then a crash in the middle of writing a record.
    expect((await cli(["post", file], true, { ANNOUNCE_TEST_CRASH: "after:1" })).signal).toBe("SIGKILL");
    writeFileSync(ledgerOf("torn"), readFileSync(ledgerOf("torn"), "utf8") + '{"v":1,"at":"2026-11-29T08:0');
    const again = await cli(["post", file]);
    expect(again.code, again.stdout).toBe(0);
    // The torn line is now in the middle of the file, closed by the re-run's first append.
    expect(readFileSync(ledgerOf("torn"), "utf8").split("\n")[1]).toMatch(/^\{"v":1,"at":"2026-11-29T08:0 .*torn/);
    const status = await cli(["status", file]);
    expect(status.code, status.stdout).toBe(0);
    expect(JSON.parse(status.stdout).channels).toMatchObject([{ channel: "m", status: "published" }]);
    expect((await cli(["post", file])).code).toBe(0);
    expect(live("tornone")).toHaveLength(1);
  });
});

describe("approvals and the audit log", () => {
  it("a damaged approvals file counts as no approval: post stops with APPROVALS_DAMAGED (file:line), nothing sent", async () => {
    const file = write("freigabe", "Meldung freigabeone.");
    writeFileSync(project.config, channels({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}", require_approval: true, unsigned_approvals: true }) }, { defaults: { lang: "de" } }));
    try {
      expect((await cli(["approve", file, "--by", "A. Schmidt"])).code).toBe(0);
      const approvals = path.join(project.stateDir, "approvals", "freigabe.jsonl");
      writeFileSync(approvals, "null\n" + readFileSync(approvals, "utf8"));
      const requests = fake.requests.length;
      const post = await cli(["post", file]);
      expect(post.code, post.stdout + post.stderr).toBe(2);
      expect(JSON.parse(post.stdout).problems).toEqual([expect.objectContaining({ code: "APPROVALS_DAMAGED", file: approvals, line: 1 })]);
      expect(fake.requests.length).toBe(requests);
      expect(live("freigabeone")).toHaveLength(0);
    } finally {
      writeFileSync(project.config, channels({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }, { defaults: { lang: "de" } }));
    }
  });

  it("log lists what it can read of a damaged audit log and warns with file:line (exit 0)", async () => {
    const file = write("protokoll", "Meldung protokollone.");
    expect((await cli(["post", file])).code).toBe(0);
    const auditLog = path.join(project.stateDir, "audit.jsonl");
    writeFileSync(auditLog, "{kaputt\n" + readFileSync(auditLog, "utf8"));
    const log = await cli(["log", file]);
    expect(log.code, log.stdout + log.stderr).toBe(0);
    const json = JSON.parse(log.stdout);
    expect(json.records).toEqual([expect.objectContaining({ action: "post", notice: "protokoll", outcome: "published" })]);
    expect(json.warnings).toEqual([expect.objectContaining({ code: "AUDIT_LINE_UNREADABLE", file: auditLog, line: 1 })]);
    const human = await cli(["log", file], false);
    expect(human.stdout).toContain(`AUDIT_LINE_UNREADABLE ${auditLog}:1`);
  });
});
