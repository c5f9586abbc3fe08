/** Platform rules that golden files alone would not make obvious. */
import { describe, expect, it } from "vitest";
import { planNotice } from "../../src/plan/plan.js";
import { escapeLittleText } from "../../src/platforms/linkedin.js";
import { graphemeLength, mastodonLength, threadsLength, utf8Length } from "../../src/render/measure.js";
import { testConfig, testNotice } from "../helpers/plan-fixtures.js";

const config = testConfig([
  { name: "m", platform: "mastodon", settings: { instance: "https://m.example", access_token: "${T}", visibility: "public" } },
  { name: "b", platform: "bluesky", settings: { service: "https://b.example", identifier: "x.test", app_password: "${T}" } },
  { name: "f", platform: "facebook", settings: { page_id: "1", access_token: "${T}" } },
  { name: "i", platform: "instagram", settings: { ig_user_id: "1", access_token: "${T}", media_base_url: "https://s.example/m/", media_dir: "m" } },
  { name: "l", platform: "linkedin", settings: { organization: "urn:li:organization:1", access_token: "${T}", version: "202610" } },
  { name: "t", platform: "threads", settings: { user_id: "1", access_token: "${T}" } },
]);

const notice = testNotice;
const channel = (plan: ReturnType<typeof planNotice>, name: string) => plan.channels.find((c) => c.channel === name)!;
const image = { file: "/x/a.png", path: "a.png", alt: "Ein Bild der Innenstadt" };

describe("counting rules", () => {
  it("Mastodon counts each URL as 23 and the content warning", () => {
    expect(mastodonLength("a https://www.example-stadt.de/a/very/long/path/that/goes/on")).toBe(2 + 23);
    expect(mastodonLength("abc", "CW")).toBe(5);
    expect(mastodonLength("hi @stadt@nrw.social")).toBe("hi @stadt".length);
  });
  it("Bluesky counts graphemes and bytes; Threads counts emoji as their UTF-8 bytes", () => {
    const family = "👩‍👩‍👧";
    expect(graphemeLength(`Café ${family}`)).toBe(6);
    expect(utf8Length(family)).toBe(18);
    expect(threadsLength(`ab${family}`)).toBe(2 + 18);
    expect(threadsLength("Straße")).toBe(6);
  });
});

describe("rendering", () => {
  it("drops emphasis and never produces Unicode bold letters", () => {
    const plan = planNotice(notice("Das ist **wichtig** und _kursiv_."), config);
    for (const c of plan.channels.filter((x) => x.status === "ready")) {
      expect(c.posts[0]!.text).toContain("Das ist wichtig und kursiv.");
      expect(c.posts[0]!.text).not.toMatch(/[\u{1D400}-\u{1D7FF}]/u);
    }
  });

  it("writes a link as its text followed by the URL, or the URL alone", () => {
    const plan = planNotice(notice("Siehe [Karte](https://s.example/k) und <https://s.example/x>."), config);
    expect(channel(plan, "m").posts[0]!.text).toContain("Siehe Karte https://s.example/k und https://s.example/x.");
  });

  it("gives Bluesky link and tag facets in UTF-8 byte offsets", () => {
    const plan = planNotice(notice("Grüße 👋 an [die Stadt](https://s.example/ä) #Stadtfest"), config);
    const post = channel(plan, "b").posts[0]!;
    const bytes = Buffer.from(post.text);
    const link = post.facets!.find((f) => f.kind === "link")!;
    expect(bytes.subarray(link.byteStart, link.byteEnd).toString()).toBe("die Stadt");
    expect(link.value).toBe("https://s.example/ä");
    const tag = post.facets!.find((f) => f.kind === "tag")!;
    expect(bytes.subarray(tag.byteStart, tag.byteEnd).toString()).toBe("#Stadtfest");
  });

  it("appends front-matter hashtags unless the text carries them, CamelCase kept", () => {
    const plan = planNotice(notice("Heute #StadtInfo", { hashtags: ["stadtinfo", "FamilienZeit"] }), config);
    const text = channel(plan, "m").posts[0]!.text;
    expect(text.match(/#stadtinfo/gi)).toHaveLength(1);
    expect(text.endsWith("#FamilienZeit")).toBe(true);
  });

  it("plans a link card (Bluesky, LinkedIn article, Facebook link) only when there is a link and no image", () => {
    const withLink = planNotice(notice("Text", { link: "https://s.example/seite" }), config);
    for (const name of ["b", "l", "f"]) expect(channel(withLink, name).posts[0]!.linkCard).toBe("https://s.example/seite");
    const withImage = planNotice(notice("Text", { link: "https://s.example/seite", images: [image] }), config);
    for (const name of ["b", "l", "f"]) expect(channel(withImage, name).posts[0]!.linkCard).toBeUndefined();
  });

  it("skips Instagram without an image, and fails when the notice names it", () => {
    expect(channel(planNotice(notice("Text"), config), "i")).toMatchObject({ status: "skipped", reason: expect.stringContaining("image") });
    const named = planNotice(notice("Text", { channels: ["instagram", "m"] }), config);
    expect(channel(named, "i").status).toBe("invalid");
    expect(named.problems.map((p) => p.code)).toContain("INSTAGRAM_NEEDS_IMAGE");
  });

  it("keeps Instagram to 5 hashtags and says where the link is", () => {
    const plan = planNotice(notice("Text https://s.example/x", { images: [image], hashtags: ["A1", "B2", "C3", "D4", "E5", "F6", "G7"], link: "https://s.example" }), config);
    const c = channel(plan, "i");
    expect(c.posts[0]!.text.match(/#\w+/g)).toHaveLength(5);
    expect(c.posts[0]!.text).toContain("Den Link zur Meldung finden Sie in unserem Profil.");
    expect(c.posts[0]!.text).not.toContain("https://");
    expect(c.warnings.map((w) => w.code)).toContain("INSTAGRAM_TOO_MANY_HASHTAGS");
  });

  it("cuts a single post at a sentence with … and the canonical link", () => {
    const long = Array.from({ length: 200 }, (_, i) => `Satz Nummer ${i} ist hier.`).join(" ");
    const plan = planNotice(notice(long, { link: "https://s.example/meldung" }), config);
    const post = channel(plan, "l").posts[0]!;
    expect(post.length).toBeLessThanOrEqual(3000);
    expect(post.text).toMatch(/ist hier\. …\n\nhttps:\/\/s\.example\/meldung$/);
    expect(channel(plan, "l").warnings.map((w) => w.code)).toContain("TEXT_SHORTENED");
  });

  it("splits long text into a numbered thread with the images on the first post", () => {
    const long = Array.from({ length: 40 }, (_, i) => `Absatz ${i} hat einen Satz.`).join("\n\n");
    const posts = channel(planNotice(notice(long, { images: [image] }), config), "b").posts;
    expect(posts.length).toBeGreaterThan(1);
    expect(posts[0]!.images).toEqual([0]);
    expect(posts.slice(1).every((p) => p.images.length === 0)).toBe(true);
    posts.forEach((p, i) => expect(p.text.endsWith(`${i + 1}/${posts.length}`)).toBe(true));
  });

  it("escapes LinkedIn little text except real hashtags", () => {
    const plan = planNotice(notice("Team (42) <Ort: Rathaus> [TVöD | Vollzeit] @amt karriere_digital #Verwaltung"), config);
    expect(channel(plan, "l").posts[0]!.text).toContain("Team \\(42\\) \\<Ort: Rathaus\\> \\[TVöD \\| Vollzeit\\] \\@amt karriere\\_digital #Verwaltung");
    expect(escapeLittleText({ text: "a https://x.de/a_(b)#c", spans: [{ start: 2, end: 22, kind: "link", value: "https://x.de/a_(b)#c" }] })).toBe("a https://x.de/a%5F%28b%29\\#c");
  });

  it("limits Threads posts to 5 distinct links", () => {
    const links = Array.from({ length: 8 }, (_, i) => `https://s.example/${i}`).join(" ");
    const posts = channel(planNotice(notice(links), config), "t").posts;
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) expect(new Set(post.text.match(/https:\/\/\S+/g)).size).toBeLessThanOrEqual(5);
  });

  it("applies overrides by platform and by channel name", () => {
    const plan = planNotice(notice("Body", { overrides: { linkedin: { skip: true }, m: { text: "Nur für Mastodon" } } }), config);
    expect(channel(plan, "l").status).toBe("skipped");
    expect(channel(plan, "m").posts[0]!.text).toBe("Nur für Mastodon");
  });

  it("warns about pseudo-bold letters and lowercase multi-word hashtags", () => {
    const plan = planNotice(notice("𝐖𝐢𝐜𝐡𝐭𝐢𝐠", { hashtags: ["stadtverwaltung"] }), config);
    expect(plan.warnings.map((w) => w.code).sort()).toEqual(["HASHTAG_NOT_CAMELCASE", "PSEUDO_FORMATTING"]);
  });
});
