/** Platform rules that golden files alone would not make obvious. */
import { describe, expect, it } from "vitest";
import { planNotice } from "../../src/plan/plan.js";
import { platformById } from "../../src/platforms/index.js";
import { escapeLittleText } from "../../src/platforms/linkedin/index.js";
import { mastodonLength } from "../../src/platforms/mastodon/index.js";
import { threadsLength } from "../../src/platforms/threads/index.js";
import { graphemeLength, utf8Length } from "../../src/render/measure.js";
import { renderLittleText } from "../fakes/linkedin.js";
import { mastodonLength as mastodonFakeLength } from "../fakes/mastodon.js";
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
/** What the platform says of a channel's post besides its text (facets, link card, fields), as preview shows it. */
const details = (plan: ReturnType<typeof planNotice>, name: string, index = 0) => {
  const c = channel(plan, name);
  return platformById(c.platform).details(c.posts[index]!);
};
const image = { file: "/x/a.png", path: "a.png", alt: "Ein Bild der Innenstadt" };

describe("counting rules", () => {
  it("Mastodon counts each URL as 23 and the content warning", () => {
    expect(mastodonLength("a https://www.example-stadt.de/a/very/long/path/that/goes/on")).toBe(2 + 23);
    expect(mastodonLength("abc", "CW")).toBe(5);
    expect(mastodonLength("hi @stadt@nrw.social")).toBe("hi @stadt".length);
  });
  it("Mastodon ends a URL as twitter-text does: a closing quote, », ], * or ~ after it counts on its own", () => {
    const texts = [
      "„https://example.com/a“ ok",
      "«https://example.com/a» ok",
      "»https://example.com/a« ok",
      "[https://example.com/a] ok",
      "*https://example.com/a* ok",
      "~https://example.com/a~ ok",
      "'https://example.com/a', ok",
      "(https://example.com/a_(b)) ok",
      "https://example.com/a?x=1&y= ok",
      "https://example.com/a/#frag_1. ok",
      "https://example.com/a%20b%. ok",
    ];
    for (const text of texts) expect([text, mastodonLength(text)]).toEqual([text, mastodonFakeLength(text)]);
    expect(mastodonLength("„https://example.com/a“ ok")).toBe(1 + 23 + 1 + 3);
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
    const link = details(plan, "b").facets!.find((f) => f.kind === "link")!;
    expect(bytes.subarray(link.byteStart, link.byteEnd).toString()).toBe("die Stadt");
    expect(link.value).toBe("https://s.example/ä");
    const tag = details(plan, "b").facets!.find((f) => f.kind === "tag")!;
    expect(bytes.subarray(tag.byteStart, tag.byteEnd).toString()).toBe("#Stadtfest");
  });

  it("gives Bluesky no tag facet for a tag over 64 graphemes or 640 bytes, and keeps its text", () => {
    const long = `A${"b".repeat(64)}`; // 65 graphemes
    const stacked = `a${"\u0301".repeat(10)}`; // one grapheme of 21 bytes
    const heavy = stacked.repeat(30); // 630 bytes
    const heavier = stacked.repeat(31); // 651 bytes
    const edge = `A${"b".repeat(63)}`; // 64 graphemes
    const plan = planNotice(notice(`Heute #${long} und #${edge} und #${heavy} und #${heavier}`), config);
    const c = channel(plan, "b");
    const post = c.posts[0]!;
    expect(post.text).toContain(`#${long} und #${edge}`);
    expect(post.text).toContain(`#${heavier}`);
    const tags = details(plan, "b").facets!.filter((f) => f.kind === "tag").map((f) => f.value);
    expect(tags).toEqual([edge, heavy]);
    expect(c.warnings.filter((w) => w.code === "BLUESKY_TAG_TOO_LONG")).toHaveLength(2);
  });

  it("keeps a closing quote or bracket after a bare URL out of the link: Bluesky facet, LinkedIn escaping, Mastodon count", () => {
    const plan = planNotice(notice("Siehe „https://s.example/a“ und [https://s.example/b]."), config);
    const bluesky = channel(plan, "b").posts[0]!;
    expect(bluesky.text).toContain("Siehe „s.example/a“ und [s.example/b].");
    const bytes = Buffer.from(bluesky.text);
    const links = details(plan, "b").facets!.filter((f) => f.kind === "link");
    expect(links.map((f) => [f.value, bytes.subarray(f.byteStart, f.byteEnd).toString()])).toEqual([
      ["https://s.example/a", "s.example/a"],
      ["https://s.example/b", "s.example/b"],
    ]);
    expect(channel(plan, "l").posts[0]!.text).toContain("Siehe „https://s.example/a“ und \\[https://s.example/b\\].");
    const mastodon = channel(plan, "m").posts[0]!;
    expect(mastodon.length).toBe(mastodonFakeLength(mastodon.text));
  });

  it("appends front-matter hashtags unless the text carries them, CamelCase kept", () => {
    const plan = planNotice(notice("Heute #StadtInfo", { hashtags: ["stadtinfo", "FamilienZeit"] }), config);
    const text = channel(plan, "m").posts[0]!.text;
    expect(text.match(/#stadtinfo/gi)).toHaveLength(1);
    expect(text.endsWith("#FamilienZeit")).toBe(true);
  });

  it("plans a link card (Bluesky, LinkedIn article, Facebook link) only when there is a link and no image", () => {
    const withLink = planNotice(notice("Text", { link: "https://s.example/seite" }), config);
    for (const name of ["b", "l", "f"]) expect(details(withLink, name).linkCard).toBe("https://s.example/seite");
    const withImage = planNotice(notice("Text", { link: "https://s.example/seite", images: [image] }), config);
    for (const name of ["b", "l", "f"]) expect(details(withImage, name).linkCard).toBeUndefined();
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
    expect(c.warnings.map((w) => w.code)).toContain("INSTAGRAM_HASHTAGS_TRIMMED");
  });

  it("makes Instagram invalid when the text itself has more than 5 hashtags; front-matter ones are trimmed first", () => {
    const six = "Heute #A1 #B2 #C3 und #D4 #E5 #F6.";
    const plan = planNotice(notice(six, { images: [image], hashtags: ["G7"] }), config);
    const c = channel(plan, "i");
    expect(c.status).toBe("invalid");
    expect(c.posts).toEqual([]);
    expect(c.problems).toEqual([expect.objectContaining({ code: "INSTAGRAM_TOO_MANY_HASHTAGS", channel: "i", message: expect.stringContaining("6 hashtags"), hint: expect.stringContaining("overrides.instagram.text") })]);
    expect(plan.problems.map((p) => p.code)).toContain("INSTAGRAM_TOO_MANY_HASHTAGS");
    // The other channels are not affected, and an override with fewer hashtags fixes it.
    expect(channel(plan, "m").status).toBe("ready");
    const fixed = planNotice(notice(six, { images: [image], hashtags: ["G7"], overrides: { instagram: { text: "Heute #A1 und #B2." } } }), config);
    expect(channel(fixed, "i").status).toBe("ready");
    expect(channel(fixed, "i").posts[0]!.text).toBe("Heute #A1 und #B2.\n\n#G7");

    // 5 in the text: none of the front matter's fit, with a warning; the post is ready.
    const five = channel(planNotice(notice("Heute #A1 #B2 #C3 #D4 #E5.", { images: [image], hashtags: ["a1", "G7"] }), config), "i");
    expect(five.status).toBe("ready");
    expect(five.posts[0]!.text.match(/#\w+/g)).toEqual(["#A1", "#B2", "#C3", "#D4", "#E5"]);
    expect(five.warnings.map((w) => w.code)).toContain("INSTAGRAM_HASHTAGS_TRIMMED");
    // 3 in the text and 4 in the front matter: 2 of them are added.
    const three = channel(planNotice(notice("Heute #A1 #B2 #C3.", { images: [image], hashtags: ["D4", "E5", "F6", "G7"] }), config), "i");
    expect(three.posts[0]!.text.match(/#\w+/g)).toEqual(["#A1", "#B2", "#C3", "#D4", "#E5"]);
  });

  it("cuts a single post at a sentence with … and the canonical link", () => {
    const long = Array.from({ length: 200 }, (_, i) => `Satz Nummer ${i} ist hier.`).join(" ");
    const plan = planNotice(notice(long, { link: "https://s.example/meldung" }), config);
    const post = channel(plan, "l").posts[0]!;
    expect(post.length).toBeLessThanOrEqual(3000);
    expect(post.text).toMatch(/ist hier\. …\n\nhttps:\/\/s\.example\/meldung$/);
    expect(channel(plan, "l").warnings.map((w) => w.code)).toContain("TEXT_SHORTENED");
  });

  it("fits LinkedIn's 3000 to the escaped little text that is sent, cut at a sentence with … and the link", () => {
    // ~2800 characters as read, ~3600 once ( ) { } [ | ] @ _ are escaped.
    const long = Array.from({ length: 90 }, (_, i) => `Team (${String(i).padStart(2, "0")}) {Ort} [A|B] @amt_x.`).join(" ");
    const plan = planNotice(notice(long, { link: "https://s.example/meldung" }), config);
    const post = channel(plan, "l").posts[0]!;
    expect(channel(plan, "l").status).toBe("ready");
    expect(post.length).toBe(post.text.length);
    expect(post.text.length).toBeLessThanOrEqual(3000);
    expect(post.text).toMatch(/@amt\\_x\. …\n\nhttps:\/\/s\.example\/meldung$/);
    expect(channel(plan, "l").warnings.map((w) => w.code)).toContain("TEXT_SHORTENED");
    expect(renderLittleText(post.text).truncated).toBe(false);
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

  it("shows LinkedIn's little text as readers see it (as the fake LinkedIn renders it), without escapes", () => {
    const plan = planNotice(notice("Team (42) <Ort: Rathaus> [TVöD | Vollzeit] @amt karriere_digital #Tag_2 https://x.de/a_(b)", { hashtags: ["Sommer_Fest"] }), config);
    const post = channel(plan, "l").posts[0]!;
    const shown = platformById("linkedin").details(post).shownText!;
    expect(shown).toContain("Team (42) <Ort: Rathaus> [TVöD | Vollzeit] @amt karriere_digital #Tag_2");
    expect(shown).not.toContain("\\");
    expect(shown).toBe(renderLittleText(post.text).visibleText);
  });

  it("writes a LinkedIn hashtag with '_' in the template form, so that it stays one hashtag", () => {
    const plan = planNotice(notice("Heute #Tag_2 und #Stadtfest, karriere_digital", { hashtags: ["Sommer_Fest"] }), config);
    const text = channel(plan, "l").posts[0]!.text;
    expect(text).toContain("Heute {hashtag|\\#|Tag_2} und #Stadtfest, karriere\\_digital");
    expect(text.endsWith("{hashtag|\\#|Sommer_Fest}")).toBe(true);
    expect(renderLittleText(text)).toEqual({ visibleText: expect.stringContaining("Heute #Tag_2 und #Stadtfest, karriere_digital"), hashtags: ["Tag_2", "Stadtfest", "Sommer_Fest"], truncated: false });
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
