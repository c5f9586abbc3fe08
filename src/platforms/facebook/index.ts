/**
 * Facebook Page (Graph API). The text is `message`; without photos the canonical link goes as `link`
 * (Meta builds the preview); photos carry alt text (platforms.md §3).
 */
import * as z from "zod";
import type { Problem } from "../../problems.js";
import { composeText } from "../../render/compose.js";
import { characterMeasure, selectImages, singlePost } from "../../render/posts.js";
import type { Platform, PlannedPost } from "../platform.js";
import { baseUrl, commonSettings, secretRef } from "../shared/settings.js";

export const facebookSettings = z
  .object({
    ...commonSettings,
    page_id: z.string().regex(/^\d+$/, "the numeric Page id"),
    access_token: secretRef,
    api_url: baseUrl.default("https://graph.facebook.com"),
  })
  .strict();
export type FacebookSettings = z.infer<typeof facebookSettings>;

/** A Page post as it is sent. */
export type FacebookPost = PlannedPost & {
  /** The canonical link, sent as `link` when the post has no photos (Meta builds the preview). */
  linkCard?: string;
};

/** The often-quoted message limit (unverified by Meta's docs); large enough to rarely matter. */
const MESSAGE_LIMIT = 63_206;

export const facebook: Platform<FacebookSettings, FacebookPost, "facebook"> = {
  id: "facebook",
  name: "Facebook",
  settings: facebookSettings,
  secretKeys: ["access_token"],
  defaultLimits: (settings) => ({ maxCharacters: settings.max_characters ?? MESSAGE_LIMIT, maxImages: 10 }),
  imageSpec: { formats: ["jpeg", "png"], maxBytes: 4 * 1024 * 1024, maxSide: 2048 },
  publisher: () => import("./client.js").then((m) => m.facebookPublisher),
  login: () => import("./login.js").then((m) => m.facebookLogin),
  details: (post) => ({ linkCard: post.linkCard }),
  render(input) {
    const warnings: Problem[] = [];
    const images = selectImages(input, input.limits, warnings);
    const composed = composeText(input.document, {
      title: input.includeTitle ? input.notice.title : undefined,
      link: input.notice.link,
      // With photos there is no link preview, so the link goes into the text.
      appendLink: images.length > 0,
      hashtags: input.hashtags,
      linkStyle: "inline-url",
    });
    const { post } = singlePost(composed, characterMeasure(input.limits.maxCharacters), input, images, warnings);
    const linkCard = images.length === 0 ? input.notice.link : undefined;
    return { kind: "posts", posts: [linkCard ? { ...post, linkCard } : post], warnings };
  },
};
