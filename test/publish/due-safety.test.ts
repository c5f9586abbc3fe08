/**
 * What `due` (unattended, in CI) must never do, and what `post` and `delete` must do around it, against
 * two Mastodon fakes: bring back a retracted notice, post a backlog to a channel added later, let one
 * invalid notice (or two sharing an id) hold back the valid ones, publish with an invalid config, guess
 * after an edit that followed an interrupted attempt, or let one channel's bad token stop a retraction
 * elsewhere.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, mastodonChannel, type ChannelEntry } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, threadText, type TestProject } from "../helpers/project.js";

const one = new MastodonFake({ token: "due-token-one" });
const two = new MastodonFake({ token: "due-token-two" });
const env = { ONE: "due-token-one", TWO: "due-token-two", ANNOUNCE_LOCK_STALE_MS: "2000" };
let project: TestProject;
let notices: string;

/** A Mastodon channel on the fake `one` (token `${ONE}`) or `two` (`${TWO}`). */
const onOne = (extra: { max_characters?: number } = {}) => mastodonChannel({ instance: one.url, access_token: "${ONE}", ...extra });
const onTwo = () => mastodonChannel({ instance: two.url, access_token: "${TWO}" });
/** channels.yaml: `defaults: { lang: de }` and these channels. */
const configure = (entries: Record<string, ChannelEntry>) => writeFileSync(project.config, channels(entries, { defaults: { lang: "de" } }));
const cli = (args: string[], extra: Record<string, string> = {}) => runCli([...args, "--config", project.config, "--json"], { env: { ...env, ...extra }, timeoutMs: 60_000 });
const live = (fake: MastodonFake, tag: string) => fake.liveStatuses.filter((s) => s.text.includes(tag));
const write = (name: string, body: string, frontMatter = "") => {
  const file = path.join(notices, `${name}.md`);
  writeFileSync(file, `---\ntitle: Hinweis ${name}\n${frontMatter}---\n${body}\n`);
  return file;
};

beforeAll(async () => {
  await Promise.all([one.start(), two.start()]);
  project = await createProject(channels({}));
});
afterAll(() => Promise.all([one.stop(), two.stop()]));
beforeEach(() => {
  // Each test has a folder of its own, so `due` sees only its notices.
  notices = path.join(project.dir, `notices-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(notices);
  configure({ m1: onOne() });
});

describe("due never brings back or back-fills on its own", () => {
  it("a retracted notice stays retracted; post can publish it again on purpose", async () => {
    const file = write("retract", "Meldung retract1.");
    expect((await cli(["post", file])).code).toBe(0);
    expect((await cli(["delete", file])).code).toBe(0);
    expect(live(one, "retract1")).toHaveLength(0);
    const due = await cli(["due", notices]);
    expect(due.code, due.stdout).toBe(0);
    expect(JSON.parse(due.stdout)).toMatchObject({ alreadyPublished: 1, notices: [] });
    expect(live(one, "retract1")).toHaveLength(0);
    expect((await cli(["post", file])).code).toBe(0);
    expect(live(one, "retract1")).toHaveLength(1);
  });

  it("a channel added (or renamed) later gets no backlog from due; post --channel sends one notice there", async () => {
    const file = write("backlog", "Meldung backlog1.");
    expect((await cli(["post", file])).code).toBe(0);
    configure({ m1: onOne(), m2: onTwo() });
    const due = await cli(["due", notices]);
    expect(JSON.parse(due.stdout)).toMatchObject({ alreadyPublished: 1, notices: [] });
    expect(live(two, "backlog1")).toHaveLength(0);
    // Renamed: m1 is now called stadt; the notice is known, nothing goes out again.
    configure({ stadt: onOne(), m2: onTwo() });
    expect(JSON.parse((await cli(["due", notices])).stdout)).toMatchObject({ alreadyPublished: 1, notices: [] });
    expect(live(one, "backlog1")).toHaveLength(1);
    const onPurpose = await cli(["post", file, "--channel", "m2"]);
    expect(onPurpose.code, onPurpose.stdout).toBe(0);
    expect(live(two, "backlog1")).toHaveLength(1);
  });

  it("a channel that could not be reached when the notice went out is retried by due", async () => {
    configure({ m1: onOne(), m2: onTwo() });
    const file = write("outage", "Meldung outage1.");
    // m2 asks for an hour's pause while connecting: it fails for this run, m1 publishes.
    two.fail429("/api/v1/accounts/verify_credentials", { method: "GET", retryAfterSeconds: 3600, resetInMs: 3_600_000 });
    const first = await cli(["post", file]);
    expect(first.code, first.stdout).toBe(1);
    expect(JSON.parse(first.stdout).channels.map((c: { status: string }) => c.status)).toEqual(["published", "failed"]);
    const due = await cli(["due", notices]);
    expect(due.code, due.stdout).toBe(0);
    expect(JSON.parse(due.stdout).notices).toMatchObject([{ id: "outage", status: "published" }]);
    expect(live(one, "outage1")).toHaveLength(1);
    expect(live(two, "outage1")).toHaveLength(1);
  });
});

describe("an invalid notice holds back only itself; an invalid config stops everything", () => {
  it("two files with one id: neither is published (NOTICE_DUPLICATE_ID on both), the others are, exit 2", async () => {
    write("dup-a", "Meldung dupid1.", "id: gleich\n");
    write("dup-b", "Meldung dupid2.", "id: gleich\n");
    write("dup-other", "Meldung dupother.");
    const due = await cli(["due", notices]);
    expect(due.code).toBe(2);
    const entries = JSON.parse(due.stdout).notices;
    expect(entries.filter((n: { status: string }) => n.status === "invalid")).toEqual([
      expect.objectContaining({ id: "gleich", problems: [expect.objectContaining({ code: "NOTICE_DUPLICATE_ID", key: "id", file: path.join(notices, "dup-a.md") })] }),
      expect.objectContaining({ id: "gleich", problems: [expect.objectContaining({ code: "NOTICE_DUPLICATE_ID", key: "id", file: path.join(notices, "dup-b.md") })] }),
    ]);
    expect(live(one, "dupid")).toHaveLength(0);
    expect(live(one, "dupother")).toHaveLength(1);
  });

  it("a notice that names a channel the config lacks is held back; the valid one is published; exit 2", async () => {
    write("good", "Meldung goodone.");
    write("bad", "Meldung badone.", "channels: [gibtesnicht]\n");
    const due = await cli(["due", notices]);
    expect(due.code, due.stdout).toBe(2);
    const entries = JSON.parse(due.stdout).notices;
    expect(entries).toEqual([
      expect.objectContaining({ id: "bad", status: "invalid", problems: [expect.objectContaining({ code: "NOTICE_UNKNOWN_CHANNEL" })] }),
      expect.objectContaining({ id: "good", status: "published" }),
    ]);
    expect(live(one, "goodone")).toHaveLength(1);
    expect(live(one, "badone")).toHaveLength(0);
  });

  it("an invalid config: exit 2, nothing published, not even an urgent notice", async () => {
    write("cfg-urgent", "Meldung cfgurgent.", "urgent: true\n");
    writeFileSync(project.config, channels({ m1: onOne() }, { defaults: { lang: "de" } }) + "unbekannt: 1\n");
    const due = await cli(["due", notices]);
    expect(due.code, due.stdout).toBe(2);
    expect(JSON.parse(due.stdout)).toMatchObject({ ok: false, problems: [expect.objectContaining({ code: "CONFIG_UNKNOWN_KEY" })] });
    expect(live(one, "cfgurgent")).toHaveLength(0);
  });
});

describe("an edit after an interrupted attempt", () => {
  it("is reported as changed (the earlier version may be live), until the text of the attempt is back", async () => {
    const file = write("edit", "Meldung editone.");
    // Killed right after the intent was recorded: whether the post went out is unknown.
    const killed = await cli(["post", file], { ANNOUNCE_TEST_CRASH: "after:1" });
    expect(killed.signal).toBe("SIGKILL");
    write("edit", "Meldung editone, korrigiert.");
    const edited = await cli(["post", file]);
    expect(edited.code).toBe(1);
    const report = JSON.parse(edited.stdout).channels[0];
    expect(report).toMatchObject({ status: "changed", error: { code: "NOTICE_CHANGED" } });
    expect(report.error.message).toMatch(/interrupted attempt/);
    expect(live(one, "editone")).toHaveLength(0);
    write("edit", "Meldung editone.");
    expect((await cli(["post", file])).code).toBe(0);
    expect(live(one, "editone")).toHaveLength(1);
  });
});

describe("a thread split differently on a re-run", () => {
  it("is reported as changed instead of mixing two splits", async () => {
    configure({ m1: onOne({ max_characters: 300 }) });
    const file = write("split", threadText("splitone"));
    // Killed after the first post of the thread went out and was recorded.
    const killed = await cli(["post", file], { ANNOUNCE_TEST_CRASH: "after:2" });
    expect(killed.signal).toBe("SIGKILL");
    expect(live(one, "splitone")).toHaveLength(1);
    configure({ m1: onOne() });
    const again = await cli(["post", file]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).channels[0]).toMatchObject({ status: "changed", error: { code: "THREAD_SPLIT_CHANGED" } });
    expect(live(one, "splitone")).toHaveLength(1);
  });
});

describe("delete", () => {
  it("says where to look when an interrupted attempt may have left a post the ledger does not know", async () => {
    const file = write("unknown", "Meldung unknownone.");
    expect((await cli(["post", file], { ANNOUNCE_TEST_CRASH: "after:1" })).signal).toBe("SIGKILL");
    const result = await cli(["delete", file]);
    expect(result.code, result.stdout).toBe(1);
    expect(JSON.parse(result.stdout).channels).toMatchObject([{ channel: "m1", status: "failed", error: { code: "OUTCOME_UNKNOWN" } }]);
  });

  it("one channel's rejected token fails only that channel; the retraction reaches the others", async () => {
    configure({ m1: onOne(), m2: onTwo() });
    const file = write("retract2", "Meldung retracttwo.");
    expect((await cli(["post", file])).code).toBe(0);
    const result = await cli(["delete", file], { TWO: "a-revoked-token" });
    expect(result.code, result.stdout).toBe(1);
    const by = Object.fromEntries(JSON.parse(result.stdout).channels.map((c: { channel: string }) => [c.channel, c]));
    expect(by.m1).toMatchObject({ status: "deleted" });
    expect(by.m2).toMatchObject({ status: "failed", error: { code: "AUTH_INVALID" } });
    expect(live(one, "retracttwo")).toHaveLength(0);
    expect(live(two, "retracttwo")).toHaveLength(1);
    expect(result.stdout).not.toContain("a-revoked-token");
  });
});
