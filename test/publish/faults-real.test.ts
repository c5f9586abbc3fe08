/**
 * Fault tests against the real servers: the process killed (SIGKILL) before and after each ledger write
 * of a three-post thread, then re-run; and two `post` runs of one notice at once. Each ends with exactly
 * one copy of every post on the server.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { readBlueskyPosts, readSnacStatuses, type BlueskyAccount } from "../setup/accounts.js";
import { channels } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, threadText, type TestProject } from "../helpers/project.js";
import { realAccounts } from "../helpers/real-servers.js";

// Writes of a three-post thread: intent 0, published 0, intent 1, published 1, intent 2, published 2.
// "before:2" = the post is on the server but the ledger does not know it yet: the hard case.
const CRASH_POINTS = ["after:1", "before:2", "after:2", "before:4", "after:5", "before:6"];

describe("crashes and concurrent runs (real servers)", () => {
  let project: TestProject;
  let account: BlueskyAccount;
  let env: Record<string, string>;
  const snac = inject("snac");
  let mastodonToken: string;

  beforeAll(async () => {
    const real = await realAccounts({ snac, snacUser: "bob", pds: inject("pds"), blueskyAccount: "crash" });
    ({ account, snac: { token: mastodonToken } } = real);
    env = { ...real.env, ANNOUNCE_LOCK_STALE_MS: "2000" };
    project = await createProject(channels({ m: real.mastodon({ max_characters: 300 }), b: real.bluesky() }, { defaults: { lang: "de" } }));
  });

  const blueskyCount = async (tag: string) => (await readBlueskyPosts(inject("pds").url, account.did)).filter((r) => r.value.text.includes(tag)).length;
  const mastodonCount = async (tag: string) => (await readSnacStatuses(snac.url, mastodonToken)).filter((s) => (s.text ?? s.content).includes(tag)).length;

  for (const channel of ["b", "m"] as const) {
    it.each(CRASH_POINTS)(`${channel}: killed at %s, then re-run: exactly one copy of each post`, async (point) => {
      const tag = `crash${channel}${point.replace(":", "")}`;
      const notice = project.writeNotice(tag, { title: `Meldung ${tag}` }, threadText(tag));
      const killed = await runCli(["post", notice, "--config", project.config, "--channel", channel], { env: { ...env, ANNOUNCE_TEST_CRASH: point } });
      expect(killed.signal).toBe("SIGKILL");
      const rerun = await runCli(["post", notice, "--config", project.config, "--channel", channel, "--json"], { env });
      expect(rerun.code).toBe(0);
      const report = JSON.parse(rerun.stdout);
      const planned = report.channels[0].posts.length;
      expect(planned).toBeGreaterThanOrEqual(3);
      const count = channel === "b" ? await blueskyCount(tag) : await mastodonCount(tag);
      expect(count).toBe(planned);
    });
  }

  it("two post runs of one notice at once publish it once", async () => {
    const tag = "gleichzeitig";
    const notice = project.writeNotice(tag, { title: `Meldung ${tag}` }, threadText(tag));
    const [a, b] = await Promise.all([
      runCli(["post", notice, "--config", project.config, "--json"], { env }),
      runCli(["post", notice, "--config", project.config, "--json"], { env }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    // One run published, the other waited for the lock and found everything done.
    const earlier = [a, b].map((r) => JSON.parse(r.stdout).channels.every((c: { posts: { earlier?: boolean }[] }) => c.posts.every((p) => p.earlier)));
    expect(earlier.sort()).toEqual([false, true]);
    const planned = JSON.parse(a.stdout).channels.map((c: { posts: unknown[] }) => c.posts.length);
    expect(await mastodonCount(tag)).toBe(planned[0]);
    expect(await blueskyCount(tag)).toBe(planned[1]);
  });
});
