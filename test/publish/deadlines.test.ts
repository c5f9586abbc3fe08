/**
 * A warning never waits: `announce post` as a process to three channels — Mastodon on snac2 and Bluesky on
 * the real PDS, each behind a proxy that can stop answering, and a Mastodon fake — while one of them
 * accepts connections and never answers, answers only after the connect deadline, or drops every
 * connection. The other channels' posts arrive, the report names the hung channel (UNREACHABLE), a re-run
 * once it answers again completes it, and every server holds exactly one copy.
 *
 * Deadlines are small (channels.yaml `timeouts:`) so the runs are short; nothing here measures time.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MastodonFake } from "../fakes/mastodon.js";
import { PdsProxy, type StallMode } from "../fakes/pds-proxy.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { realAccounts } from "../helpers/real-servers.js";
import { readBlueskyPosts, readSnacStatuses, type BlueskyAccount } from "../setup/accounts.js";

interface ChannelJson {
  channel: string;
  status: string;
  posts: { earlier?: boolean }[];
  error?: { code: string; message: string };
}

describe("a channel that does not answer fails alone (real snac2 and PDS)", () => {
  const snac = inject("snac");
  const pds = inject("pds");
  const fake = new MastodonFake({ token: "deadline-fake-token" });
  const mastodonProxy = new PdsProxy(snac.url);
  const blueskyProxy = new PdsProxy(pds.url);
  let project: TestProject;
  let account: BlueskyAccount;
  let snacToken: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    await Promise.all([fake.start(), mastodonProxy.start(), blueskyProxy.start()]);
    const real = await realAccounts({ snac, snacUser: "carol", pds, blueskyAccount: "deadline" });
    ({ account } = real);
    snacToken = real.snac.token;
    env = { ...real.env, F_TOKEN: "deadline-fake-token" };
    const config = channels(
      { m: real.mastodon({ instance: mastodonProxy.url }), b: real.bluesky({ service: blueskyProxy.url }), f: mastodonChannel({ instance: fake.url, access_token: "${F_TOKEN}" }) },
      // Short enough for quick runs, long enough for a busy machine's PDS to log in.
      { defaults: { lang: "de" }, timeouts: { connect: 5, urgent_connect: 5, request: 5 } },
    );
    project = await createProject(config);
  });
  afterAll(() => Promise.all([fake.stop(), mastodonProxy.stop(), blueskyProxy.stop()]));

  const copies = async (tag: string) => ({
    m: (await readSnacStatuses(snac.url, snacToken)).filter((s) => (s.text ?? s.content).includes(tag)).length,
    b: (await readBlueskyPosts(pds.url, account.did)).filter((r) => r.value.text.includes(tag)).length,
    f: fake.liveStatuses.filter((s) => s.text.includes(tag)).length,
  });
  const post = async (file: string) => {
    const result = await runCli(["post", file, "--config", project.config, "--json"], { env });
    const report = JSON.parse(result.stdout) as { channels: ChannelJson[] };
    return { code: result.code, byName: Object.fromEntries(report.channels.map((c) => [c.channel, c])) as Record<string, ChannelJson> };
  };

  const cases: { what: string; channel: "m" | "b"; mode: StallMode; urgent: boolean }[] = [
    { what: "accepts connections and never answers (Mastodon)", channel: "m", mode: { kind: "hang" }, urgent: false },
    { what: "answers only after the connect deadline (Mastodon, urgent)", channel: "m", mode: { kind: "late", ms: 8000 }, urgent: true },
    { what: "drops every connection (Mastodon)", channel: "m", mode: { kind: "drop" }, urgent: false },
    { what: "accepts connections and never answers (Bluesky)", channel: "b", mode: { kind: "hang" }, urgent: false },
  ];
  it.each(cases)("$what: the others publish, the report names it, a re-run completes it, one copy everywhere", async ({ channel, mode, urgent }) => {
    const tag = `dl${channel}${mode.kind}`;
    const file = project.writeNotice(tag, { title: `Meldung ${tag}`, urgent }, `Sperrung wegen Wasserrohrbruch (${tag}). Bitte umfahren Sie den Bereich.`);
    const proxy = channel === "m" ? mastodonProxy : blueskyProxy;
    // Without a saved session the Bluesky channel logs in through its proxy (a resumed one may go to the
    // PDS named in the session's DID document).
    if (channel === "b") rmSync(path.join(project.stateDir, "sessions", "b.bluesky.json"), { force: true });
    const others = (["m", "b", "f"] as const).filter((c) => c !== channel);

    proxy.mode = mode;
    const first = await post(file);
    proxy.mode = { kind: "pass" };
    expect(first.code).toBe(1);
    expect(first.byName[channel]).toMatchObject({ status: "failed", error: { code: "UNREACHABLE" } });
    expect(first.byName[channel]!.error!.message).toContain(`${channel}: `);
    for (const other of others) expect(first.byName[other]).toMatchObject({ status: "published" });
    expect(proxy.requests.some((r) => r.mode === mode.kind)).toBe(true);
    expect(await copies(tag)).toEqual({ m: 0, b: 0, f: 0, [channel]: 0, ...Object.fromEntries(others.map((o) => [o, 1])) });

    const again = await post(file);
    expect(again.code).toBe(0);
    expect(again.byName[channel]).toMatchObject({ status: "published" });
    expect(again.byName[channel]!.posts.every((p) => !p.earlier)).toBe(true);
    for (const other of others) expect(again.byName[other]!.posts.every((p) => p.earlier)).toBe(true);
    expect(await copies(tag)).toEqual({ m: 1, b: 1, f: 1 });
  });

  it("shows on stderr what happens: connecting, the retries with their count, the hung channel, a summary", async () => {
    const tag = "dlprogress";
    const file = project.writeNotice(tag, { title: `Meldung ${tag}` }, `Sperrung (${tag}).`);
    mastodonProxy.mode = { kind: "drop" };
    const result = await runCli(["post", file, "--config", project.config], { env });
    mastodonProxy.mode = { kind: "pass" };
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("… m: connecting");
    expect(result.stderr).toMatch(/… m: no connection \(NETWORK\), retry 2\/5 in \d+\.\d s/);
    expect(result.stderr).toMatch(/✖ m: failed \(UNREACHABLE\)/);
    expect(result.stderr).toMatch(/published on 2 of 3 channels; failed: m \(run the same command again to finish\)/);
    expect(result.stdout).toContain("UNREACHABLE");
    // The report wraps long lines: read it as one line.
    expect(result.stdout.replace(/\s+/g, " ")).toMatch(/m: Mastodon did not answer within 5 s \(last: .+?\); the channel is left out of this run/);
    expect(await copies(tag)).toEqual({ m: 0, b: 1, f: 1 });
  });
});
