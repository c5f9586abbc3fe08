/**
 * A channel's own `timeouts:`: `announce post` and `announce delete` as processes to two Mastodon fakes, one
 * of them behind a proxy that accepts connections and never answers. The top-level connect deadline is long
 * (60 s); the hung channel's own is 2 s. It fails with UNREACHABLE naming its own deadline, the other
 * channel's post arrives (and is deleted), and once the proxy passes again a re-run completes the hung
 * channel, with one copy on each server.
 *
 * Nothing here measures time: which deadline held is read from the report, which names it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MastodonFake } from "../fakes/mastodon.js";
import { PdsProxy } from "../fakes/pds-proxy.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

interface ChannelJson {
  channel: string;
  status: string;
  posts: { earlier?: boolean }[];
  error?: { code: string; message: string };
}

describe("a channel's own connect deadline (Mastodon fakes, one behind a hanging proxy)", () => {
  const slow = new MastodonFake({ token: "own-deadline-slow" });
  const other = new MastodonFake({ token: "own-deadline-other" });
  let stalled: PdsProxy;
  let project: TestProject;
  const env = { SLOW: "own-deadline-slow", OTHER: "own-deadline-other" };

  beforeAll(async () => {
    await Promise.all([slow.start(), other.start()]);
    stalled = new PdsProxy(slow.url);
    await stalled.start();
    const config = channels(
      {
        slow: mastodonChannel({ instance: stalled.url, access_token: "${SLOW}", timeouts: { connect: 2 } }),
        other: mastodonChannel({ instance: other.url, access_token: "${OTHER}" }),
      },
      // Long enough that a run waiting for it would not end within the test's time.
      { defaults: { lang: "de" }, timeouts: { connect: 60, urgent_connect: 60, request: 60 } },
    );
    project = await createProject(config);
  });
  afterAll(() => Promise.all([slow.stop(), other.stop(), stalled.stop()]));

  const run = async (command: "post" | "delete", file: string) => {
    const result = await runCli([command, file, "--config", project.config, "--json"], { env, timeoutMs: 45_000 });
    const report = JSON.parse(result.stdout) as { channels: ChannelJson[] };
    return { code: result.code, byName: Object.fromEntries(report.channels.map((c) => [c.channel, c])) as Record<string, ChannelJson> };
  };
  const copies = (tag: string) => ({ slow: slow.liveStatuses.filter((s) => s.text.includes(tag)).length, other: other.liveStatuses.filter((s) => s.text.includes(tag)).length });

  it("post: the hung channel fails by its own deadline, not the top-level one; the other publishes; a re-run completes it", async () => {
    const tag = "owndeadlinepost";
    const file = project.writeNotice(tag, { title: `Meldung ${tag}` }, `Sperrung der Brücke (${tag}). Bitte umfahren Sie den Bereich.`);

    stalled.mode = { kind: "hang" };
    const first = await run("post", file);
    stalled.mode = { kind: "pass" };
    expect(first.code).toBe(1);
    expect(first.byName.slow).toMatchObject({ status: "failed", error: { code: "UNREACHABLE" } });
    // The channel's own 2 s, not the top-level 60 s.
    expect(first.byName.slow!.error!.message).toMatch(/^slow: Mastodon did not answer within 2 s/);
    expect(first.byName.other).toMatchObject({ status: "published" });
    expect(stalled.requests.some((r) => r.mode === "hang")).toBe(true);
    // Nothing of the hung channel reached its server; the other's post did.
    expect(slow.requests.length).toBe(0);
    expect(copies(tag)).toEqual({ slow: 0, other: 1 });

    const again = await run("post", file);
    expect(again.code).toBe(0);
    expect(again.byName.slow).toMatchObject({ status: "published" });
    expect(again.byName.other!.posts.every((p) => p.earlier)).toBe(true);
    expect(copies(tag)).toEqual({ slow: 1, other: 1 });
  });

  it("delete: the same deadline holds; the other channel's copy is deleted, a re-run deletes the rest", async () => {
    const tag = "owndeadlinedelete";
    const file = project.writeNotice(tag, { title: `Meldung ${tag}` }, `Veranstaltung abgesagt (${tag}).`);
    expect((await run("post", file)).code).toBe(0);
    expect(copies(tag)).toEqual({ slow: 1, other: 1 });

    stalled.mode = { kind: "hang" };
    const first = await run("delete", file);
    stalled.mode = { kind: "pass" };
    expect(first.code).toBe(1);
    expect(first.byName.slow).toMatchObject({ status: "failed", error: { code: "UNREACHABLE" } });
    expect(first.byName.slow!.error!.message).toMatch(/^slow: Mastodon did not answer within 2 s/);
    expect(first.byName.other).toMatchObject({ status: "deleted" });
    expect(copies(tag)).toEqual({ slow: 1, other: 0 });

    const again = await run("delete", file);
    expect(again.code).toBe(0);
    expect(again.byName.slow).toMatchObject({ status: "deleted" });
    expect(copies(tag)).toEqual({ slow: 0, other: 0 });
  });
});
