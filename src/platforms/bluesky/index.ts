/**
 * Bluesky (AT Protocol). app.bsky.feed.post text: 300 graphemes and 3000 UTF-8 bytes; facets use UTF-8
 * byte offsets, a tag facet's tag ≤ 64 graphemes and 640 bytes; embed.images: ≤ 4 images, each blob
 * ≤ 2,000,000 bytes (platforms.md §2).
 */
import * as z from "zod";
import { problem } from "../../messages.js";
import type { Problem } from "../../problems.js";
import { composeText } from "../../render/compose.js";
import { graphemeLength, graphemes, utf8Length } from "../../render/measure.js";
import { facetsOf, selectImages, threadPosts } from "../../render/posts.js";
import type { Facet, Platform, PlannedPost } from "../platform.js";
import { baseUrl, commonSettings, secretRef } from "../shared/settings.js";

export const blueskySettings = z
  .object({
    ...commonSettings,
    service: baseUrl.default("https://bsky.social"),
    identifier: z.string().min(1),
    app_password: secretRef,
  })
  .strict();
export type BlueskySettings = z.infer<typeof blueskySettings>;

/** An `app.bsky.feed.post` record as it is made. */
export type BlueskyPost = PlannedPost & {
  /** Link and tag facets, in UTF-8 byte offsets (mention facets are added when publishing, once resolved). */
  facets: Facet[];
  /** The record's `langs`. */
  langs?: string[];
  /** UTF-8 bytes of the text (at most 3000). */
  bytes: number;
  /** The URL of an external embed (link card), for a post without images. */
  linkCard?: string;
};

const MAX_BYTES = 3000;
/** app.bsky.richtext.facet#tag: the tag (without '#') has at most 64 graphemes and 640 bytes, or the PDS rejects the record. */
const MAX_TAG_GRAPHEMES = 64;
const MAX_TAG_BYTES = 640;
const tagFits = (tag: string) => graphemeLength(tag) <= MAX_TAG_GRAPHEMES && utf8Length(tag) <= MAX_TAG_BYTES;

export const bluesky: Platform<BlueskySettings, BlueskyPost, "bluesky"> = {
  id: "bluesky",
  name: "Bluesky",
  settings: blueskySettings,
  secretKeys: ["app_password"],
  defaultLimits: (settings) => ({ maxCharacters: Math.min(settings.max_characters ?? 300, 300), maxImages: 4 }),
  imageSpec: { formats: ["jpeg", "png", "webp"], maxBytes: 2_000_000, maxSide: 2000 },
  render(input) {
    const warnings: Problem[] = [];
    const { limits } = input;
    const composed = composeText(input.document, {
      title: input.includeTitle ? input.notice.title : undefined,
      link: input.notice.link,
      appendLink: true,
      hashtags: input.hashtags,
      linkStyle: "facet",
    });
    const images = selectImages(input, limits, warnings);
    const fits = (t: string) => graphemeLength(t) <= limits.maxCharacters && utf8Length(t) <= MAX_BYTES;
    // A post has one embed: images, or else a link card for the canonical link.
    const card = images.length === 0 ? input.notice.link : undefined;
    const long = new Set<string>();
    const posts = threadPosts(composed, { length: graphemeLength, fits, limit: limits.maxCharacters, unit: "graphemes" }, input, images, (rich) => ({
      // A tag too long for a facet stays as text, without the facet.
      facets: facetsOf(rich).filter((f) => {
        if (f.kind !== "tag" || tagFits(f.value)) return true;
        long.add(f.value);
        return false;
      }),
      langs: input.lang ? [input.lang] : undefined,
      bytes: utf8Length(rich.text),
    }));
    for (const tag of long) {
      warnings.push(problem("BLUESKY_TAG_TOO_LONG", { start: graphemes(tag).slice(0, 20).join(""), maxGraphemes: MAX_TAG_GRAPHEMES, maxBytes: MAX_TAG_BYTES }, { channel: input.channel.name }));
    }
    const [first, ...rest] = posts;
    return { kind: "posts", posts: first && card ? [{ ...first, linkCard: card }, ...rest] : posts, warnings };
  },
  details: (post) => ({ facets: post.facets, linkCard: post.linkCard, fields: { langs: post.langs, bytes: post.bytes } }),
  publisher: () => import("./client.js").then((m) => m.blueskyPublisher),
  login: () => import("./login.js").then((m) => m.blueskyLogin),
};
