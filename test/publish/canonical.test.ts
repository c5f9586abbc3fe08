// The canonical outlet in the pipeline, in-process against two Mastodon fakes: the website first, its copies
// listed after (two channels of one platform told apart), and a website that cannot be written failing
// alone while the warning still goes out everywhere else.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishNotice } from "../../src/publish/pipeline.js";
import type { PublishEvent } from "../../src/publish/results.js";
import { MastodonFake } from "../fakes/mastodon.js";
import { channels, mastodonChannel, websiteChannel } from "../helpers/channels.js";
import { createProject, type TestProject } from "../helpers/project.js";

const one = new MastodonFake({ token: "canonical-token-one" });
const two = new MastodonFake({ token: "canonical-token-two" });
const env = { ONE: "canonical-token-one", TWO: "canonical-token-two" };
const base = "https://www.example-stadt.de/meldungen/";
let project: TestProject;

const configure = (dir: string) =>
  writeFileSync(
    project.config,
    channels(
      {
        web: websiteChannel({ dir, base_url: base }),
        m1: mastodonChannel({ instance: one.url, access_token: "${ONE}" }),
        m2: mastodonChannel({ instance: two.url, access_token: "${TWO}" }),
      },
      { defaults: { lang: "de" } },
    ),
  );
const publish = (file: string, onEvent?: (e: PublishEvent) => void) => publishNotice({ notice: file, config: project.config, env, lock: { waitMs: 2000, staleMs: 2000 }, onEvent });

beforeAll(async () => {
  await Promise.all([one.start(), two.start()]);
  project = await createProject(channels({}));
});
afterAll(() => Promise.all([one.stop(), two.stop()]));

describe("the website as the canonical outlet", () => {
  it("publishes first, and lists the copies of two Mastodon accounts by their account", async () => {
    configure("./site");
    const file = project.writeNotice("zwei", { title: "Zwei Konten" }, "Meldung canonical-zwei.");
    const events: PublishEvent[] = [];
    const report = await publish(file, (e) => events.push(e));
    expect(report.channels.map((c) => [c.channel, c.status])).toEqual([
      ["web", "published"],
      ["m1", "published"],
      ["m2", "published"],
    ]);
    // The website was done before either Mastodon channel began.
    const order = events.filter((e) => e.type === "publishing" || e.type === "channel-done").map((e) => `${e.type} ${e.channel}`);
    expect(order.indexOf("channel-done web")).toBeLessThan(order.indexOf("publishing m1"));
    expect(order.indexOf("channel-done web")).toBeLessThan(order.indexOf("publishing m2"));
    for (const fake of [one, two]) expect(fake.liveStatuses.find((s) => s.text.includes("canonical-zwei"))!.text).toContain(`${base}zwei/`);

    const html = readFileSync(path.join(project.dir, "site", "zwei", "index.html"), "utf8");
    const copies = [...html.matchAll(/<a class="u-syndication" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]);
    expect(copies).toEqual([
      [`Mastodon (${report.channels[1]!.account})`, report.channels[1]!.posts[0]!.url],
      [`Mastodon (${report.channels[2]!.account})`, report.channels[2]!.posts[0]!.url],
    ]);
  });

  it("a website that cannot be written fails alone; the other channels still publish, linking to the page", async () => {
    // The folder is a file: nothing can be written into it.
    writeFileSync(path.join(project.dir, "not-a-folder"), "");
    configure("./not-a-folder");
    const file = project.writeNotice("blockiert", { title: "Blockiert" }, "Meldung canonical-blockiert.");
    const report = await publish(file);
    expect(report.channels.map((c) => [c.channel, c.status])).toEqual([
      ["web", "failed"],
      ["m1", "published"],
      ["m2", "published"],
    ]);
    expect(report.channels[0]!.error).toMatchObject({ code: "WEBSITE_UNWRITABLE" });
    expect(one.liveStatuses.find((s) => s.text.includes("canonical-blockiert"))!.text).toContain(`${base}blockiert/`);
  });
});
