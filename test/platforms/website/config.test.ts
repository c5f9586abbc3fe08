// The website channel in the config and the plan: the one media host of Instagram and Threads, and the
// notice's link defaulting to its page. In-process, no server.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/config.js";
import { planNotice } from "../../../src/plan/plan.js";
import { channels, instagramChannel, mastodonChannel, threadsChannel, websiteChannel, type ChannelEntry, type ConfigOptions } from "../../helpers/channels.js";
import { testNotice } from "../../helpers/plan-fixtures.js";

const web = websiteChannel({ dir: "./public/meldungen", base_url: "https://www.example-stadt.de/meldungen" });
const ig = instagramChannel({ ig_user_id: "1784", access_token: "${IG}" });
const th = threadsChannel({ user_id: "1789", access_token: "${TH}" });
const m = mastodonChannel({ instance: "https://nrw.social", access_token: "${M}" });

function config(entries: Record<string, ChannelEntry>, options: ConfigOptions = {}) {
  return parseConfig(channels(entries, { defaults: { lang: "de" }, ...options }), "/x/channels.yaml", {});
}
const settingsOf = (result: ReturnType<typeof config>, name: string) => result.config!.channels.find((c) => c.name === name)!.settings;

describe("one media host", () => {
  it("Instagram and Threads use the website's media folder when nothing else is configured", () => {
    const result = config({ web, ig, th });
    expect(result.problems).toEqual([]);
    for (const name of ["ig", "th"]) {
      expect(settingsOf(result, name)).toMatchObject({ media_dir: "./public/meldungen/media", media_base_url: "https://www.example-stadt.de/meldungen/media/" });
    }
  });

  it("the config's media: wins over the website's, and a channel's own media_* keys over both", () => {
    const result = config(
      { web, ig, th: { ...th, media_dir: "./threads-media", media_base_url: "https://cdn.example-stadt.de/threads/" } },
      { media: { dir: "./public/bilder", base_url: "https://www.example-stadt.de/bilder/" } },
    );
    expect(result.problems).toEqual([]);
    expect(settingsOf(result, "ig")).toMatchObject({ media_dir: "./public/bilder", media_base_url: "https://www.example-stadt.de/bilder/" });
    expect(settingsOf(result, "th")).toMatchObject({ media_dir: "./threads-media", media_base_url: "https://cdn.example-stadt.de/threads/" });
  });

  it("an Instagram channel without any media host is a config problem naming the one setting to add", () => {
    const result = config({ ig, m });
    expect(result.config).toBeUndefined();
    expect(result.problems).toEqual([
      expect.objectContaining({ code: "MEDIA_HOST_MISSING", channel: "ig", location: { file: "/x/channels.yaml", key: "media" } }),
    ]);
    expect(result.problems[0]!.hint).toContain("media: { dir:");
  });

  it("a Threads channel without one is fine until a notice has images, then the plan names media:", () => {
    const result = config({ th, m });
    expect(result.problems).toEqual([]);
    expect(planNotice(testNotice("Text."), result.config!).problems).toEqual([]);
    const withImage = testNotice("Text.", { images: [{ file: "/x/karte.png", path: "karte.png", alt: "Karte der Umleitung" }] });
    const problems = planNotice(withImage, result.config!).problems;
    expect(problems.map((p) => p.code)).toEqual(["THREADS_MEDIA_URL_MISSING"]);
    expect(problems[0]!.hint).toContain("media: { dir, base_url }");
  });
});

describe("the notice's link defaults to its page", () => {
  const page = "https://www.example-stadt.de/meldungen/n/";

  it("every other channel links to the website's page; the plan says so", () => {
    const plan = planNotice(testNotice("Die Brücke ist gesperrt."), config({ web, m }).config!);
    expect(plan.notice.link).toBe(page);
    expect(plan.channels.find((c) => c.channel === "m")!.posts[0]!.text).toContain(page);
    expect(plan.channels.find((c) => c.channel === "web")!.posts[0]).toMatchObject({ url: page });
  });

  it("also when --channel leaves the website out, so that every run renders the same text", () => {
    const plan = planNotice(testNotice("Die Brücke ist gesperrt."), config({ web, m }).config!, { only: ["m"] });
    expect(plan.channels.map((c) => c.channel)).toEqual(["m"]);
    expect(plan.channels[0]!.posts[0]!.text).toContain(page);
  });

  it("not when the notice has its own link, or does not go to the website", () => {
    const own = planNotice(testNotice("Text.", { link: "https://www.example-stadt.de/aktuelles/x" }), config({ web, m }).config!);
    expect(own.channels.find((c) => c.channel === "m")!.posts[0]!.text).not.toContain(page);
    const skipped = planNotice(testNotice("Text.", { overrides: { website: { skip: true } } }), config({ web, m }).config!);
    expect(skipped.notice.link).toBeUndefined();
    const elsewhere = planNotice(testNotice("Text.", { channels: ["m"] }), config({ web, m }).config!);
    expect(elsewhere.notice.link).toBeUndefined();
  });
});

describe("a notice id the site uses itself", () => {
  it("is invalid for the website (media, index, feeds), with what to do", () => {
    const plan = planNotice(testNotice("Text.", { id: "media" }), config({ web, m }).config!);
    expect(plan.problems).toEqual([expect.objectContaining({ code: "WEBSITE_RESERVED_ID", channel: "web" })]);
    expect(planNotice(testNotice("Text.", { id: "medien" }), config({ web, m }).config!).problems).toEqual([]);
  });
});
