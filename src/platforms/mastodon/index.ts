/**
 * Mastodon (any instance). Limits: https://docs.joinmastodon.org/entities/Instance/#statuses
 * Length rule: graphemes of spoiler_text + text, each URL counts 23 (platforms.md §1).
 */
import * as z from "zod";
import { composeText } from "../../render/compose.js";
import { findUrls, graphemeLength } from "../../render/measure.js";
import { selectImages, threadPosts } from "../../render/posts.js";
import type { Problem } from "../../problems.js";
import type { Platform, PlannedPost } from "../platform.js";
import { baseUrl, commonSettings, secretRef } from "../shared/settings.js";

export const mastodonSettings = z
  .object({
    ...commonSettings,
    instance: baseUrl,
    access_token: secretRef,
    visibility: z.enum(["public", "unlisted", "private", "direct"]).default("public"),
  })
  .strict();
export type MastodonSettings = z.infer<typeof mastodonSettings>;

/** A status as it is sent: every part of a thread carries the language, content warning and visibility. */
export type MastodonPost = PlannedPost & {
  /** ISO 639-1 language of the status (`language`). */
  language?: string;
  /** The content warning (`spoiler_text`). */
  spoilerText?: string;
  /** Explicit on every part: a reply would otherwise get the account's default. */
  visibility: MastodonSettings["visibility"];
};

/**
 * Mastodon: graphemes of spoiler text + text, with every http(s) URL counted as `urlLength` (23) and
 * `@user@domain` counted as `@user`.
 * See platforms.md §1 (StatusLengthValidator) and https://docs.joinmastodon.org/user/posting/#text
 */
export function mastodonLength(text: string, contentWarning = "", urlLength = 23): number {
  let countable = "";
  let last = 0;
  for (const url of findUrls(text)) {
    countable += text.slice(last, url.start) + "x".repeat(urlLength);
    last = url.end;
  }
  countable += text.slice(last);
  countable = countable.replace(/(^|[^\p{L}\p{N}_])(@[\p{L}\p{N}_]+)@[\p{L}\p{N}.-]+\.[\p{L}]+/gu, "$1$2");
  return graphemeLength(contentWarning + countable);
}

export const mastodon: Platform<MastodonSettings, MastodonPost, "mastodon"> = {
  id: "mastodon",
  name: "Mastodon",
  settings: mastodonSettings,
  secretKeys: ["access_token"],
  defaultLimits: (settings) => ({ maxCharacters: settings.max_characters ?? 500, maxImages: 4, urlLength: 23, maxAltLength: 1500 }),
  // Instance defaults: image_size_limit 16 MiB, image_matrix_limit 33,177,600 px.
  imageSpec: { formats: ["jpeg", "png", "webp", "gif"], maxBytes: 16 * 1024 * 1024, maxPixels: 33_177_600 },
  publisher: () => import("./client.js").then((m) => m.mastodonPublisher),
  login: () => import("./login.js").then((m) => m.mastodonLogin),
  details: (post) => ({ fields: { language: post.language, spoiler_text: post.spoilerText, visibility: post.visibility } }),
  render(input) {
    const warnings: Problem[] = [];
    const { limits, contentWarning } = input;
    const composed = composeText(input.document, {
      title: input.includeTitle ? input.notice.title : undefined,
      link: input.notice.link,
      appendLink: true,
      hashtags: input.hashtags,
      linkStyle: "inline-url",
    });
    const length = (text: string) => mastodonLength(text, contentWarning, limits.urlLength);
    const images = selectImages(input, limits, warnings);
    const posts = threadPosts(composed, { length, fits: (t) => length(t) <= limits.maxCharacters, limit: limits.maxCharacters, unit: "characters" }, input, images, () => ({
      language: input.lang?.split("-")[0],
      spoilerText: contentWarning,
      visibility: input.channel.settings.visibility,
    }));
    return { kind: "posts", posts, warnings };
  },
};
