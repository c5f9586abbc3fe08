/**
 * `announce post`, `status` and `delete` as whole processes against the real servers: a Bluesky PDS and
 * snac2 (Mastodon API). Assertions read back what the servers hold.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { readBlueskyPosts, readSnacStatuses, type BlueskyAccount } from "../setup/accounts.js";
import { channels } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, threadText, type TestProject } from "../helpers/project.js";
import { realAccounts } from "../helpers/real-servers.js";

const ALT = "Stadtplan mit dem gesperrten Bereich rund um die Kampstraße";

describe("post to Mastodon and Bluesky (real servers)", () => {
  let project: TestProject;
  let account: BlueskyAccount;
  let env: Record<string, string>;
  const snac = inject("snac");
  let mastodonToken: string;

  beforeAll(async () => {
    const real = await realAccounts({ snac, snacUser: "alice", pds: inject("pds"), blueskyAccount: "post" });
    ({ account, env, snac: { token: mastodonToken } } = real);
    project = await createProject(channels({ "stadt-mastodon": real.mastodon({ max_characters: 300 }), "stadt-bluesky": real.bluesky() }, { defaults: { lang: "de" } }));
  });

  it("publishes a three-post thread with an image to both, and a re-run posts nothing twice", async () => {
    const notice = project.writeNotice("sperrung", { title: "Sperrung der Kampstraße", hashtags: ["StadtInfo"], images: [{ path: "images/karte.png", alt: ALT }] }, threadText("sperrung") + "\n\nMehr: [Umleitungsplan](https://www.example-stadt.de/umleitung) 😀");
    const first = await runCli(["post", notice, "--config", project.config, "--json"], { env });
    expect(first.stderr).not.toContain("internal error");
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.ok).toBe(true);
    for (const channel of report.channels) {
      expect(channel.status).toBe("published");
      expect(channel.posts.length).toBeGreaterThanOrEqual(3);
      for (const post of channel.posts) expect(post.url).toMatch(/^https?:\/\//);
    }
    const [mastodonPosts, blueskyPosts] = report.channels.map((c: { posts: unknown[] }) => c.posts.length);

    // Bluesky: three records, a reply chain to the first, the image with alt text, facets on exact bytes.
    const records = await readBlueskyPosts(inject("pds").url, account.did);
    expect(records).toHaveLength(blueskyPosts);
    const [root, second, third] = records;
    const last = records.at(-1)!;
    expect(root!.value.text).toContain("Sperrung der Kampstraße");
    expect(root!.value.langs).toEqual(["de"]);
    const embed = root!.value.embed as { images: { alt: string; aspectRatio: { width: number; height: number } }[] };
    expect(embed.images[0]!.alt).toBe(ALT);
    expect(embed.images[0]!.aspectRatio).toEqual({ width: 320, height: 200 });
    expect(second!.value.reply).toMatchObject({ root: { uri: root!.uri, cid: root!.cid }, parent: { uri: root!.uri, cid: root!.cid } });
    expect(third!.value.reply).toMatchObject({ root: { uri: root!.uri }, parent: { uri: second!.uri, cid: second!.cid } });
    const bytes = Buffer.from(last.value.text);
    const facets = last.value.facets ?? [];
    const link = facets.find((f) => f.features[0]!.$type === "app.bsky.richtext.facet#link")!;
    expect(bytes.subarray(link.index.byteStart, link.index.byteEnd).toString()).toBe("Umleitungsplan");
    const tag = facets.find((f) => f.features[0]!.$type === "app.bsky.richtext.facet#tag")!;
    expect(bytes.subarray(tag.index.byteStart, tag.index.byteEnd).toString()).toBe("#StadtInfo");
    records.forEach((r, i) => expect(r.value.text.endsWith(`${i + 1}/${records.length}`)).toBe(true));

    // Mastodon (snac): three statuses, each replying to the previous, the image with its description.
    const statuses = await readSnacStatuses(snac.url, mastodonToken);
    const mine = statuses.filter((s) => (s.text ?? s.content).includes("sperrung"));
    expect(mine).toHaveLength(mastodonPosts);
    expect(mine[0]!.media_attachments[0]!.description).toBe(ALT);
    expect(mine[1]!.in_reply_to_id).toBe(mine[0]!.id);
    expect(mine[2]!.in_reply_to_id).toBe(mine[1]!.id);

    // A second run finds everything in the ledger and posts nothing.
    const again = await runCli(["post", notice, "--config", project.config, "--json"], { env });
    expect(again.code).toBe(0);
    for (const channel of JSON.parse(again.stdout).channels) for (const post of channel.posts) expect(post.earlier).toBe(true);
    expect(await readBlueskyPosts(inject("pds").url, account.did)).toHaveLength(blueskyPosts);
    expect((await readSnacStatuses(snac.url, mastodonToken)).filter((s) => (s.text ?? s.content).includes("sperrung"))).toHaveLength(mastodonPosts);

    // status shows it; delete removes every copy; deleting again is harmless.
    const status = JSON.parse((await runCli(["status", notice, "--config", project.config, "--json"], { env })).stdout);
    expect(status.channels.map((c: { status: string }) => c.status)).toEqual(["published", "published"]);
    const removed = await runCli(["delete", notice, "--config", project.config, "--json"], { env });
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout).channels.map((c: { status: string }) => c.status)).toEqual(["deleted", "deleted"]);
    expect(await readBlueskyPosts(inject("pds").url, account.did)).toHaveLength(0);
    expect((await readSnacStatuses(snac.url, mastodonToken)).filter((s) => (s.text ?? s.content).includes("sperrung"))).toHaveLength(0);
    const twice = await runCli(["delete", notice, "--config", project.config, "--json"], { env });
    expect(twice.code).toBe(0);
    expect(JSON.parse((await runCli(["status", notice, "--config", project.config, "--json"], { env })).stdout).channels.map((c: { status: string }) => c.status)).toEqual(["deleted", "deleted"]);
  });

  it("reports an edited notice as changed instead of posting it again", async () => {
    const notice = project.writeNotice("aenderung", { title: "Änderung" }, "Erste Fassung der Meldung aenderung.");
    expect((await runCli(["post", notice, "--config", project.config, "--channel", "bluesky"], { env })).code).toBe(0);
    project.writeNotice("aenderung", { title: "Änderung" }, "Zweite Fassung der Meldung aenderung.");
    const second = await runCli(["post", notice, "--config", project.config, "--channel", "bluesky", "--json"], { env });
    expect(second.code).toBe(1);
    const channel = JSON.parse(second.stdout).channels[0];
    expect(channel.status).toBe("changed");
    expect(channel.error.hint).toContain(`announce correct ${notice}`);
    const status = JSON.parse((await runCli(["status", notice, "--config", project.config, "--json"], { env })).stdout);
    expect(status.channels.find((c: { channel: string }) => c.channel === "stadt-bluesky").changed).toBe(true);
  });

  it("stops with exit 2 and publishes nothing when a token is invalid", async () => {
    const before = (await readBlueskyPosts(inject("pds").url, account.did)).length;
    const notice = project.writeNotice("falsch", { title: "Falscher Schlüssel" }, "Diese Meldung darf nirgends erscheinen.");
    const result = await runCli(["post", notice, "--config", project.config], { env: { ...env, M_TOKEN: "not-a-valid-token-123" } });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/stadt-mastodon/);
    expect(result.stderr).toContain("Nothing was published.");
    expect(await readBlueskyPosts(inject("pds").url, account.did)).toHaveLength(before);
  });
});
