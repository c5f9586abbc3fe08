/**
 * Property tests: for arbitrary Markdown (emoji and ZWJ sequences, long URLs, words longer than a post,
 * many hashtags), every planned post is within its platform's limit, no URL or hashtag is split, and
 * nothing of the text is lost across a thread. Threads read well: no post ends with a heading or a lead-in
 * ending in ':', and the closing hashtags never make up the last post alone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planNotice } from "../../src/plan/plan.js";
import { platformById } from "../../src/platforms/index.js";
import { composeText, joinRich } from "../../src/render/compose.js";
import { parseMarkdown } from "../../src/render/markdown.js";
import { findHashtags, findUrls } from "../../src/render/measure.js";
import { mastodonLength as mastodonFakeLength } from "../fakes/mastodon.js";
import { testConfig, testNotice } from "../helpers/plan-fixtures.js";

// Splitting is what is tested here: threads may be as long as the text needs (max_thread_posts).
const long = { max_thread_posts: 10_000 };
const config = testConfig([
  { name: "m", platform: "mastodon", settings: { instance: "https://m.example", access_token: "${T}", visibility: "public", ...long } },
  { name: "m-small", platform: "mastodon", settings: { instance: "https://m.example", access_token: "${T}", visibility: "public", max_characters: 120, ...long } },
  { name: "b", platform: "bluesky", settings: { service: "https://b.example", identifier: "x.test", app_password: "${T}", ...long } },
  { name: "t", platform: "threads", settings: { user_id: "1", access_token: "${T}", api_url: "https://t.example", ...long } },
  { name: "f", platform: "facebook", settings: { page_id: "1", access_token: "${T}", api_url: "https://g.example" } },
  { name: "l", platform: "linkedin", settings: { organization: "urn:li:organization:1", access_token: "${T}", api_url: "https://l.example", version: "202610" } },
]);

const word = fc.oneof(
  { weight: 10, arbitrary: fc.stringMatching(/^[A-Za-zÄÖÜäöüß]{1,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom("😀", "👩‍👩‍👧", "🏳️‍🌈", "🇩🇪", "e\u0301", "⚠️", "Straße.", "z. B.", "Nr.", "Zürich!") },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]{1,40}$/).map((p) => `https://www.example-stadt.de/${p}`) },
  // Closing marks right after a URL are not part of it (twitter-text's end rule, as Mastodon counts).
  { weight: 1, arbitrary: fc.tuple(fc.stringMatching(/^[a-z0-9]{1,30}$/), fc.constantFrom(["„", "“"], ["«", "»"], ["»", "«"], ["(", ")"], ["'", "'"])).map(([p, [open, close]]) => `${open}https://www.example-stadt.de/${p}${close}`) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{1,20}$/).map((t) => `#${t}`) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{200,700}$/) }, // longer than a post
);
const sentence = fc.array(word, { minLength: 1, maxLength: 30 }).map((ws) => ws.join(" ") + ".");
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 6 }).map((s) => s.join(" "));
const list = fc.array(sentence, { minLength: 1, maxLength: 5 }).map((items) => items.map((i) => `- ${i}`).join("\n"));
const body = fc.array(fc.oneof(paragraph, paragraph, list), { minLength: 1, maxLength: 8 }).map((blocks) => blocks.join("\n\n"));

const notice = (text: string, hashtags: string[]) => testNotice(text, { hashtags });

const squash = (s: string) => s.replace(/\s+/g, "");
const unmarked = (s: string) => s.replace(/\n\n\d+\/\d+$/, "");

function fullText(text: string, hashtags: string[], linkStyle: "inline-url" | "facet"): string {
  const composed = composeText(parseMarkdown(text), { title: "Titel", appendLink: true, hashtags, linkStyle });
  return joinRich([composed.main, composed.link, composed.tags]).text;
}

describe("planned posts for arbitrary Markdown", () => {
  it("are within every platform's limit, keep URLs and hashtags whole, and lose nothing across a thread", () => {
    fc.assert(
      fc.property(body, fc.array(fc.stringMatching(/^[A-Z][a-z]{2,10}$/), { maxLength: 12 }), (text, hashtags) => {
        const plan = planNotice(notice(text, hashtags), config);
        const urls = findUrls(text).map((u) => u.url);
        const tags = new Set([...hashtags, ...findHashtags(text).map((h) => h.tag)]);
        for (const channel of plan.channels) {
          expect(channel.status).toBe("ready");
          for (const post of channel.posts) expect(post.length).toBeLessThanOrEqual(post.limit);
          // What Mastodon would count (the fake follows twitter-text) is what was planned.
          if (channel.platform === "mastodon") for (const post of channel.posts) expect(post.length).toBe(mastodonFakeLength(post.text));
          if (channel.platform === "facebook" || channel.platform === "linkedin") continue;
          const posts = channel.posts.map((p) => unmarked(p.text));
          if (channel.posts.length > 1) channel.posts.forEach((p, i) => expect(p.text.endsWith(`\n\n${i + 1}/${channel.posts.length}`)).toBe(true));
          // Nothing lost: the thread, joined, is the whole text.
          expect(squash(posts.join(""))).toBe(squash(fullText(text, hashtags, channel.platform === "bluesky" ? "facet" : "inline-url")));
          for (const post of posts) {
            // No URL or hashtag split: every URL/hashtag found in a post is one of the originals.
            for (const url of findUrls(post)) expect(urls).toContain(url.url);
            for (const tag of findHashtags(post)) expect(tags.has(tag.tag)).toBe(true);
          }
          if (channel.platform === "bluesky") {
            for (const post of channel.posts) {
              const bytes = Buffer.from(post.text);
              for (const facet of platformById(channel.platform).details(post).facets ?? []) {
                const covered = bytes.subarray(facet.byteStart, facet.byteEnd).toString("utf8");
                if (facet.kind === "tag") expect(covered).toBe(`#${facet.value}`);
                else expect(facet.value).toMatch(/^https?:\/\//);
              }
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

/** A heading ("## Abschnitt Xyz") or a lead-in line ending in ':' followed by a list, among paragraphs. */
const headingText = fc.stringMatching(/^[A-Z][a-z]{2,10}$/).map((w) => `Abschnitt ${w}`);
const leadIn = fc.tuple(fc.stringMatching(/^[A-Z][a-z]{2,10}$/), list).map(([w, items]) => `Ihre ${w}:\n${items}`);
const heading = fc.tuple(headingText, paragraph).map(([h, p]) => ({ heading: h, markdown: `## ${h}\n\n${p}` }));
const structuredBody = fc
  .array(fc.oneof(paragraph.map((markdown) => ({ markdown })), list.map((markdown) => ({ markdown })), leadIn.map((markdown) => ({ markdown })), heading), { minLength: 1, maxLength: 8 })
  .map((blocks) => ({ markdown: blocks.map((b) => b.markdown).join("\n\n"), headings: blocks.flatMap((b) => ("heading" in b ? [b.heading] : [])) }));

describe("threads that read well", () => {
  it("never end a post with a heading or a lead-in ending in ':', and never leave the hashtags alone in the last post", { timeout: 180_000 }, () => {
    fc.assert(
      fc.property(structuredBody, fc.array(fc.stringMatching(/^[A-Z][a-z]{2,10}$/), { maxLength: 12 }), ({ markdown, headings }, hashtags) => {
        const plan = planNotice(notice(markdown, hashtags), config);
        for (const channel of plan.channels) {
          if (channel.posts.length < 2) continue;
          const posts = channel.posts.map((p) => unmarked(p.text).trimEnd());
          for (const post of posts.slice(0, -1)) {
            expect(post.endsWith(":"), `${channel.channel} post ends with a lead-in: ${post.slice(-60)}`).toBe(false);
            const lastLine = post.split("\n").at(-1)!;
            expect(headings, `${channel.channel} post ends with a heading`).not.toContain(lastLine);
          }
          // The closing hashtags go with at least some words of the text (where they fit in one post).
          const last = posts.at(-1)!;
          const tagsOnly = last.replace(/(^|\s)#[\p{L}\p{N}_]+/gu, "").trim() === "";
          const tags = hashtags.map((t) => `#${t}`).join(" ");
          if (channel.limits.maxCharacters >= 300 && tags.length < 200) expect(tagsOnly, `${channel.channel}: ${last}`).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });
});
