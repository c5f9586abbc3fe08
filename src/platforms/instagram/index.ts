/**
 * Instagram (professional account, content publishing). Needs at least one image; caption ≤ 2200;
 * at most 5 hashtags (since Dec 2025); links are not clickable; images JPEG ≤ 8 MB, aspect 4:5 to 1.91:1,
 * width 320-1440, fitted by padding (platforms.md §4).
 */
import * as z from "zod";
import { problem, sentence } from "../../messages.js";
import type { Problem } from "../../problems.js";
import { composeText, joinRich } from "../../render/compose.js";
import { findHashtags } from "../../render/measure.js";
import { characterMeasure, selectImages, singlePost } from "../../render/posts.js";
import type { Platform, PlannedPost } from "../platform.js";
import { baseUrl, commonSettings, secretRef } from "../shared/settings.js";

export const instagramSettings = z
  .object({
    ...commonSettings,
    ig_user_id: z.string().regex(/^\d+$/, "the numeric Instagram user id"),
    access_token: secretRef,
    /**
     * The API: graph.facebook.com for an account linked to a Facebook Page (Facebook Login), or
     * https://graph.instagram.com for a token from Instagram Login (Business Login for Instagram).
     */
    api_url: baseUrl.default("https://graph.facebook.com"),
    /**
     * Which login the token comes from, when `api_url` is neither host (a proxy or a test server): `facebook`
     * (graph.facebook.com's API) or `instagram` (graph.instagram.com's). Default: by the host of `api_url`.
     */
    login: z.enum(["facebook", "instagram"]).optional(),
    /**
     * Public URL under which Meta fetches the prepared images (Instagram only accepts image URLs). Default:
     * the config's `media.base_url` (or a website channel's media folder).
     */
    media_base_url: baseUrl.optional(),
    /** Folder that is served at media_base_url; prepared images are written here. Relative to the config file. */
    media_dir: z.string().min(1).optional(),
    /** Sentence that tells readers where to find the link, since caption links are not clickable. */
    link_hint: z.string().min(1).optional(),
  })
  .strict();
export type InstagramSettings = z.infer<typeof instagramSettings>;

/** The host of the Instagram API with Instagram Login. */
export const INSTAGRAM_LOGIN_HOST = "graph.instagram.com";

/**
 * Which login a channel's token comes from: `instagram` (Instagram Login: graph.instagram.com, 60-day
 * tokens, the instagram_business_* permissions, no `debug_token`) or `facebook` (a Page's token).
 */
export function tokenLogin(settings: Pick<InstagramSettings, "login" | "api_url">): "facebook" | "instagram" {
  if (settings.login) return settings.login;
  return new URL(settings.api_url).hostname === INSTAGRAM_LOGIN_HOST ? "instagram" : "facebook";
}

/** A media post as it is made: one image, or a carousel of 2-10. */
export type InstagramPost = PlannedPost & {
  /** The container's `media_type` when the post is a carousel. */
  mediaType?: "CAROUSEL";
};

const CAPTION_LIMIT = 2200;
const MAX_HASHTAGS = 5;

const LINK_HINTS: Record<string, string> = {
  de: "Den Link zur Meldung finden Sie in unserem Profil.",
  en: "You find the link in our profile.",
};

export const instagram: Platform<InstagramSettings, InstagramPost, "instagram"> = {
  id: "instagram",
  name: "Instagram",
  settings: instagramSettings,
  secretKeys: ["access_token"],
  defaultLimits: (settings) => ({ maxCharacters: Math.min(settings.max_characters ?? CAPTION_LIMIT, CAPTION_LIMIT), maxImages: 10 }),
  imageSpec: { formats: ["jpeg"], maxBytes: 8 * 1024 * 1024, minWidth: 320, maxWidth: 1440, aspect: { min: 4 / 5, max: 1.91 } },
  publisher: () => import("./client.js").then((m) => m.instagramPublisher),
  needsMediaHost: "always",
  login: () => import("./login.js").then((m) => m.instagramLogin),
  details: (post) => (post.mediaType ? { fields: { media_type: post.mediaType } } : {}),
  render(input) {
    const { notice, channel } = input;
    if (notice.images.length === 0) {
      if (!input.explicit) return { kind: "skip", reason: sentence("INSTAGRAM_NEEDS_IMAGE", { of: "notice" }) };
      return { kind: "invalid", problems: [problem("INSTAGRAM_NEEDS_IMAGE", { of: "notice" }, { channel: channel.name })] };
    }
    const warnings: Problem[] = [];
    const images = selectImages(input, input.limits, warnings);
    const composed = composeText(input.document, {
      title: input.includeTitle ? notice.title : undefined,
      hashtags: [],
      appendLink: false,
      linkStyle: "text-only",
    });
    const hasLinks = notice.link !== undefined || input.document.blocks.some((b) => b.lines.some((l) => l.some((i) => i.type === "link")));
    const hint = channel.settings.link_hint ?? LINK_HINTS[(input.lang ?? "en").split("-")[0]!] ?? LINK_HINTS.en!;
    const withHint = hasLinks ? { ...composed, link: { text: hint, spans: [] } } : composed;
    // Hashtags written in the text (and a link_hint) are the author's: more than 5 cannot be fixed here.
    const written = findHashtags(joinRich([withHint.main, withHint.link]).text);
    if (written.length > MAX_HASHTAGS) {
      return {
        kind: "invalid",
        problems: [problem("INSTAGRAM_TOO_MANY_HASHTAGS", { channel: channel.name, count: written.length, max: MAX_HASHTAGS }, { location: { file: notice.file }, channel: channel.name })],
      };
    }
    // Front-matter hashtags fill the room that is left; the others are left out.
    const room = MAX_HASHTAGS - written.length;
    const present = new Set(written.map((h) => h.tag.toLocaleLowerCase()));
    const extra = input.hashtags.filter((t) => {
      const key = t.toLocaleLowerCase();
      if (present.has(key)) return false;
      present.add(key);
      return true;
    });
    if (extra.length > room) {
      warnings.push(problem("INSTAGRAM_HASHTAGS_TRIMMED", { max: MAX_HASHTAGS, room, extra: extra.length, written: written.length, channel: channel.name }, { channel: channel.name }));
    }
    const tags = extra.slice(0, room);
    const { post } = singlePost(
      { ...withHint, tags: tags.length > 0 ? { text: tags.map((t) => `#${t}`).join(" "), spans: [] } : undefined },
      characterMeasure(input.limits.maxCharacters),
      { ...input, notice: { ...notice, link: undefined } },
      images,
      warnings,
    );
    return { kind: "posts", posts: [images.length >= 2 ? { ...post, mediaType: "CAROUSEL" } : post], warnings };
  },
};
