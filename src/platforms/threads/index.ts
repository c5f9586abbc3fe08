/**
 * Threads (Meta). 500 characters with emoji counted as their UTF-8 bytes; at most 5 distinct links per
 * post; replies via reply_to_id; images from a public URL with alt_text (platforms.md §6;
 * https://developers.facebook.com/docs/threads/posts).
 */
import * as z from "zod";
import { problem } from "../../messages.js";
import type { Problem } from "../../problems.js";
import { composeText } from "../../render/compose.js";
import { findUrls, graphemes, utf8Length } from "../../render/measure.js";
import { selectImages, threadPosts } from "../../render/posts.js";
import type { Platform, PlannedPost } from "../platform.js";
import { baseUrl, commonSettings, secretRef } from "../shared/settings.js";

export const threadsSettings = z
  .object({
    ...commonSettings,
    user_id: z.string().regex(/^\d+$/, "the numeric Threads user id"),
    access_token: secretRef,
    api_url: baseUrl.default("https://graph.threads.net"),
    /**
     * Public URL and local folder for images (Threads fetches images from a URL, like Instagram). Default:
     * the config's `media:` (or a website channel's media folder).
     */
    media_base_url: baseUrl.optional(),
    media_dir: z.string().min(1).optional(),
  })
  .strict();
export type ThreadsSettings = z.infer<typeof threadsSettings>;

/** One post of a thread as it is made. */
export type ThreadsPost = PlannedPost & {
  /** Distinct links in the text (Threads allows 5). */
  links: number;
  /** The container's `media_type` when the post is a carousel. */
  mediaType?: "CAROUSEL";
};

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/**
 * Threads: "Text posts are limited to 500 characters. Emojis are counted as the number of UTF-8 bytes."
 * https://developers.facebook.com/docs/threads/posts
 */
export function threadsLength(text: string): number {
  let n = 0;
  for (const grapheme of graphemes(text)) n += EMOJI.test(grapheme) ? utf8Length(grapheme) : 1;
  return n;
}

/** Distinct URLs in a text (Threads allows at most 5 per post). */
export function distinctUrls(text: string): number {
  return new Set(findUrls(text).map((u) => u.url)).size;
}

const TEXT_LIMIT = 500;
const MAX_LINKS = 5;

export const threads: Platform<ThreadsSettings, ThreadsPost, "threads"> = {
  id: "threads",
  name: "Threads",
  settings: threadsSettings,
  secretKeys: ["access_token"],
  defaultLimits: (settings) => ({ maxCharacters: Math.min(settings.max_characters ?? TEXT_LIMIT, TEXT_LIMIT), maxImages: 20 }),
  imageSpec: { formats: ["jpeg", "png"], maxBytes: 8 * 1024 * 1024, minWidth: 320, maxWidth: 1440, aspect: { min: 1 / 10, max: 10 } },
  publisher: () => import("./client.js").then((m) => m.threadsPublisher),
  needsMediaHost: "images",
  login: () => import("./login.js").then((m) => m.threadsLogin),
  details: (post) => ({ fields: { links: post.links, media_type: post.mediaType } }),
  render(input) {
    const warnings: Problem[] = [];
    const { limits, channel } = input;
    const images = selectImages(input, limits, warnings);
    if (images.length > 0 && (!channel.settings.media_base_url || !channel.settings.media_dir)) {
      return {
        kind: "invalid",
        problems: [problem("THREADS_MEDIA_URL_MISSING", { channel: channel.name }, { channel: channel.name })],
      };
    }
    const composed = composeText(input.document, {
      title: input.includeTitle ? input.notice.title : undefined,
      link: input.notice.link,
      appendLink: true,
      hashtags: input.hashtags,
      linkStyle: "inline-url",
    });
    const fits = (t: string) => threadsLength(t) <= limits.maxCharacters && distinctUrls(t) <= MAX_LINKS;
    const carousel = images.length >= 2;
    const posts = threadPosts(composed, { length: threadsLength, fits, limit: limits.maxCharacters, unit: "characters" }, input, images, (rich, index): Omit<ThreadsPost, keyof PlannedPost> => ({
      links: distinctUrls(rich.text),
      ...(index === 0 && carousel ? { mediaType: "CAROUSEL" } : {}),
    }));
    // The count differs from the characters people see only where a post has emoji: say so there.
    return { kind: "posts", posts: posts.map((post) => (EMOJI.test(post.text) ? { ...post, unit: "characters, each emoji counted as its UTF-8 bytes" } : post)), warnings };
  },
};
