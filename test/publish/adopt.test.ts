/**
 * A lost ledger, on all six platforms (snac2, the real PDS, the Graph, Threads and LinkedIn fakes): a notice
 * is published, its ledger file deleted; `delete` then says the ledger knows nothing instead of "nothing to
 * delete", `adopt` finds every post (a thread post by post) and records it, and the next `post` sends
 * nothing: one copy everywhere, counted on the servers. `delete` then removes them. A thread missing its
 * last post is adopted as partial, and `post` publishes only that post, as a reply to the one before.
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { AtpAgent } from "@atproto/api";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { publishNotice } from "../../src/publish/pipeline.js";
import { runCli } from "../helpers/cli.js";
import { threadText, type TestProject } from "../helpers/project.js";
import type { RealAccounts } from "../helpers/real-servers.js";
import { SixPlatforms } from "../helpers/six-platforms.js";

const SECRETS = { FB: "SECRET-adopt-fb-1a2b", IG: "SECRET-adopt-ig-3c4d", TH: "SECRET-adopt-th-5e6f", LI: "SECRET-adopt-li-7a8b" };

interface ChannelJson {
  channel: string;
  status: string;
  reason?: string;
  total?: number;
  posts: { index: number; id: string; url?: string; earlier?: boolean; reconciled?: boolean }[];
  error?: { code: string };
}

describe("a lost ledger: adopt finds the posts, post sends nothing again, delete removes them", () => {
  const six = new SixPlatforms(SECRETS, { pollsBeforeFinished: 1 });
  const { graph, threads, linkedin } = six;
  let project: TestProject;
  let real: RealAccounts;
  let env: Record<string, string>;
  const snac = inject("snac");
  const pds = inject("pds");

  beforeAll(async () => {
    // 300 characters on Mastodon and Threads too: the notice is a thread of three there and on Bluesky.
    await six.start({ snac, pds, snacUser: "ivan", blueskyAccount: "adopt", maxCharacters: 300 });
    ({ project, real, env } = six);
  });
  afterAll(() => six.stop());

  const cli = async (...args: string[]) => {
    const result = await runCli([...args, "--config", project.config, "--json"], { env, timeoutMs: 180_000 });
    expect(result.stderr).not.toContain("internal error");
    for (const secret of Object.values(SECRETS)) expect(result.stdout + result.stderr).not.toContain(secret);
    return { ...result, json: JSON.parse(result.stdout) as { ok: boolean; channels: ChannelJson[]; problems?: { code: string; message: string; hint?: string }[] } };
  };
  const byChannel = (report: { channels: ChannelJson[] }) => Object.fromEntries(report.channels.map((c) => [c.channel, c]));

  const onServers = (tag: string) => six.live(tag);
  /** How many live copies each platform holds, by platform (stadt-mastodon → mastodon). */
  const counts = async (tag: string) => Object.fromEntries(Object.entries(await onServers(tag)).map(([k, v]) => [k.replace("stadt-", ""), v.length]));

  it("finds and records every post after the ledger was deleted; post then sends nothing; delete removes every copy", async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const file = project.writeNotice("adopt-all", { title: "Sperrung adopt-all", images: [{ path: "images/karte.png", alt: "Stadtplan mit den gesperrten Straßen" }] }, threadText("adopt-all"));
    const ledgerFile = path.join(project.stateDir, "ledger", "adopt-all.jsonl");

    const posted = await cli("post", file);
    expect(posted.code, posted.stdout).toBe(0);
    const published = byChannel(posted.json);
    const threadLength = { mastodon: published["stadt-mastodon"]!.posts.length, bluesky: published["stadt-bluesky"]!.posts.length, threads: published["stadt-threads"]!.posts.length };
    expect(Math.min(...Object.values(threadLength))).toBeGreaterThanOrEqual(2);
    const expected = { ...threadLength, facebook: 1, instagram: 1, linkedin: 1 };
    expect(await counts("adopt-all")).toEqual(expected);

    rmSync(ledgerFile);

    // Without a record, delete does not claim there is nothing to delete: it says why, exit 1, and points to adopt.
    const blind = await cli("delete", file);
    expect(blind.code).toBe(1);
    expect(blind.json.problems).toMatchObject([{ code: "LEDGER_NO_RECORDS" }]);
    expect(blind.json.problems![0]!.hint).toContain("announce adopt");
    expect(await counts("adopt-all")).toEqual(expected);

    // A dry run looks and reports, and writes no ledger.
    const dry = await cli("adopt", file, "--since", since, "--dry-run");
    expect(dry.code, dry.stdout).toBe(0);
    for (const c of dry.json.channels) expect(c.status, c.channel).toBe("adopted");
    expect(existsSync(ledgerFile)).toBe(false);

    const adopted = await cli("adopt", file, "--since", since);
    expect(adopted.code, adopted.stdout).toBe(0);
    const found = byChannel(adopted.json);
    for (const c of adopted.json.channels) {
      expect(c.status, c.channel).toBe("adopted");
      // The same posts that the first run published, in thread order.
      expect(c.posts.map((p) => p.id), c.channel).toEqual(published[c.channel]!.posts.map((p) => p.id));
    }
    expect(found["stadt-bluesky"]!.posts).toHaveLength(threadLength.bluesky);

    const again = await cli("post", file);
    expect(again.code, again.stdout).toBe(0);
    for (const c of again.json.channels) {
      expect(c.status, c.channel).toBe("published");
      for (const p of c.posts) expect(p.earlier, c.channel).toBe(true);
    }
    expect(await counts("adopt-all")).toEqual(expected);

    const removed = await cli("delete", file);
    const statuses = Object.fromEntries(removed.json.channels.map((c) => [c.channel, c.status]));
    expect(statuses).toEqual({ "stadt-mastodon": "deleted", "stadt-bluesky": "deleted", "stadt-facebook": "deleted", "stadt-instagram": "manual", "stadt-linkedin": "deleted", "stadt-threads": "deleted" });
    expect(await counts("adopt-all")).toEqual({ mastodon: 0, bluesky: 0, facebook: 0, instagram: 1, linkedin: 0, threads: 0 });
  });

  it("a thread missing its last post is adopted as partial; post publishes only that post, as a reply to the one before", async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const file = project.writeNotice("adopt-part", { title: "Sperrung adopt-part", channels: ["stadt-mastodon", "stadt-bluesky"] }, threadText("adopt-part"));
    const posted = await cli("post", file);
    expect(posted.code, posted.stdout).toBe(0);
    const first = byChannel(posted.json);
    const lengths = { mastodon: first["stadt-mastodon"]!.posts.length, bluesky: first["stadt-bluesky"]!.posts.length };
    rmSync(path.join(project.stateDir, "ledger", "adopt-part.jsonl"));

    // The last post of each thread is gone (the run died before it, with its ledger).
    const lastMastodon = first["stadt-mastodon"]!.posts.at(-1)!.id;
    const gone = await fetch(new URL(`/api/v1/statuses/${encodeURIComponent(lastMastodon)}`, snac.url), { method: "DELETE", headers: { authorization: `Bearer ${real.snac.token}` } });
    expect(gone.ok).toBe(true);
    const agent = new AtpAgent({ service: pds.url });
    await agent.login({ identifier: real.account.handle, password: real.account.password });
    const lastBluesky = first["stadt-bluesky"]!.posts.at(-1)!.id;
    await agent.com.atproto.repo.deleteRecord({ repo: real.account.did, collection: "app.bsky.feed.post", rkey: lastBluesky.split("/").at(-1)! });

    const adopted = await cli("adopt", file, "--since", since);
    expect(adopted.code, adopted.stdout).toBe(0);
    const found = byChannel(adopted.json);
    expect(found["stadt-mastodon"]).toMatchObject({ status: "partial", total: lengths.mastodon });
    expect(found["stadt-mastodon"]!.posts).toHaveLength(lengths.mastodon - 1);
    expect(found["stadt-bluesky"]).toMatchObject({ status: "partial", total: lengths.bluesky });
    expect(found["stadt-bluesky"]!.posts).toHaveLength(lengths.bluesky - 1);

    const status = await cli("status", file);
    for (const c of status.json.channels) expect(c.status, c.channel).toBe("partial");

    const completed = await cli("post", file);
    expect(completed.code, completed.stdout).toBe(0);
    const done = byChannel(completed.json);
    for (const name of ["stadt-mastodon", "stadt-bluesky"]) {
      const posts = done[name]!.posts;
      expect(posts.map((p) => p.earlier ?? false), name).toEqual(posts.map((_, i) => i < posts.length - 1));
    }
    const live = await onServers("adopt-part");
    expect(live["stadt-mastodon"]).toHaveLength(lengths.mastodon);
    expect(live["stadt-bluesky"]).toHaveLength(lengths.bluesky);
    // The new last posts answer the adopted ones before them.
    const newMastodon = live["stadt-mastodon"].find((s) => s.id === done["stadt-mastodon"]!.posts.at(-1)!.id)!;
    expect(newMastodon.in_reply_to_id).toBe(first["stadt-mastodon"]!.posts.at(-2)!.id);
    const newBluesky = live["stadt-bluesky"].find((p) => p.uri === done["stadt-bluesky"]!.posts.at(-1)!.id)!;
    expect(newBluesky.value.reply?.parent.uri).toBe(first["stadt-bluesky"]!.posts.at(-2)!.id);
  });

  it("a run that looks first for posts of a run whose ledger was lost (a due --git takeover) finds a Bluesky post by its text", async () => {
    const since = new Date(Date.now() - 60_000);
    const file = project.writeNotice("takeover", { title: "Sperrung takeover-bsky", channels: ["stadt-bluesky"] }, "Meldung takeover-bsky: Die Straße bleibt gesperrt.");
    expect((await cli("post", file)).code).toBe(0);
    rmSync(path.join(project.stateDir, "ledger", "takeover.jsonl"));
    const report = await publishNotice({ notice: file, config: project.config, env, reconcileSince: since });
    expect(report.channels).toMatchObject([{ channel: "stadt-bluesky", status: "published", posts: [{ index: 0, reconciled: true }] }]);
    expect((await onServers("takeover-bsky"))["stadt-bluesky"]).toHaveLength(1);
  });

  it("refuses a --since that is not a time or lies in the future, before asking any platform", async () => {
    const file = project.writeNotice("adopt-since", { title: "Since" }, "Meldung adopt-since.");
    const requests = graph.requests.length + linkedin.requests.length + threads.requests.length;
    for (const since of ["gestern", new Date(Date.now() + 3_600_000).toISOString()]) {
      const result = await cli("adopt", file, "--since", since);
      expect(result.code, since).toBe(2);
      expect(result.json.problems, since).toMatchObject([{ code: "SINCE_INVALID" }]);
    }
    expect(graph.requests.length + linkedin.requests.length + threads.requests.length).toBe(requests);
  });
});
