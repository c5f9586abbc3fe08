/**
 * LinkedIn organization page (Posts API). Commentary ≤ 3000 characters in "little text" format, where
 * the reserved characters | { } @ [ ] ( ) < > # \ * _ ~ must be escaped with a backslash, or the text is
 * silently cut at the first one (platforms.md §5;
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format).
 */
import * as z from "zod";
import type { Problem } from "../../problems.js";
import { composeText, withDetectedSpans, type RichText } from "../../render/compose.js";
import { selectImages, singlePost, type Measure } from "../../render/posts.js";
import type { Platform, PlannedPost } from "../platform.js";
import { baseUrl, commonSettings, secretRef } from "../shared/settings.js";

export const linkedinSettings = z
  .object({
    ...commonSettings,
    organization: z.string().regex(/^urn:li:organization:\d+$/, "an organization URN such as urn:li:organization:123"),
    access_token: secretRef,
    api_url: baseUrl.default("https://api.linkedin.com"),
    /** The monthly API version (LinkedIn-Version header), YYYYMM. */
    version: z.string().regex(/^\d{6}$/, "a version such as 202610").default("202610"),
    /**
     * The app's client id and secret, optional: with them, `check` and `post` read the token's expiry and
     * scopes by token introspection (tokens last 60 days).
     */
    client_id: z.string().min(1).optional(),
    client_secret: secretRef.optional(),
    oauth_url: baseUrl.default("https://www.linkedin.com/oauth/v2"),
  })
  .strict()
  .refine((s) => (s.client_id === undefined) === (s.client_secret === undefined), {
    message: "client_id and client_secret go together (both for token introspection, or neither)",
    path: ["client_secret"],
  });
export type LinkedInSettings = z.infer<typeof linkedinSettings>;

/** An organization post as it is sent: `text` is the escaped little-text commentary. */
export type LinkedInPost = PlannedPost & {
  /**
   * The canonical link as an article card, for a post without images: `source` is the link, `title` the
   * notice's title, used when the page does not say its own.
   */
  article?: { source: string; title: string };
};

const COMMENTARY_LIMIT = 3000;
const RESERVED = /[|{}@[\]()<>#\\*_~]/g;

/**
 * Escapes text for LinkedIn's little text format. Hashtags keep their '#' (with '_', they take the template
 * form); in URLs the reserved characters are percent-encoded (equivalent for web servers), except '#' of a
 * fragment, which is escaped.
 */
export function escapeLittleText(rich: RichText): string {
  let out = "";
  let last = 0;
  for (const span of [...rich.spans].sort((a, b) => a.start - b.start)) {
    out += rich.text.slice(last, span.start).replace(RESERVED, "\\$&");
    const value = rich.text.slice(span.start, span.end);
    out += span.kind === "tag" ? escapeHashtag(value.slice(1)) : escapeUrl(value);
    last = span.end;
  }
  return out + rich.text.slice(last).replace(RESERVED, "\\$&");
}

/**
 * A real hashtag. `#Tag_2` would show as the hashtag #Tag and the text "_2" (a hashtag ends at a reserved
 * character, escaped or not), so a tag with '_' takes the template form, which holds the whole tag.
 */
function escapeHashtag(tag: string): string {
  return tag.includes("_") ? `{hashtag|\\#|${tag}}` : `#${tag}`;
}

/**
 * The little text as LinkedIn shows it to readers: escapes removed, a hashtag template shown as its tag
 * (percent-encoding in URLs stays, as the link shows it).
 */
export function unescapeLittleText(text: string): string {
  return text.replace(/\{hashtag\|\\#\|([^}]*)\}|\\(.)/gsu, (_, tag: string | undefined, escaped: string | undefined) => (tag !== undefined ? `#${tag}` : escaped!));
}

function escapeUrl(url: string): string {
  return url.replace(RESERVED, (c) => (c === "#" ? "\\#" : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`));
}

/**
 * UTF-16 code units of the little text as sent: LinkedIn (and our fake) apply the 3000 to the escaped
 * commentary, so backslashes and percent-encoding count. A candidate's spans are found again in its plain
 * text, as composeText found them ("inline-url" links are plain URLs).
 */
function littleTextMeasure(limit: number): Measure {
  const length = (text: string) => escapeLittleText(withDetectedSpans({ text, spans: [] }, "inline-url")).length;
  return { length, fits: (text) => length(text) <= limit, limit, unit: "characters" };
}

export const linkedin: Platform<LinkedInSettings, LinkedInPost, "linkedin"> = {
  id: "linkedin",
  name: "LinkedIn",
  settings: linkedinSettings,
  secretKeys: ["access_token", "client_secret"],
  defaultLimits: (settings) => ({ maxCharacters: Math.min(settings.max_characters ?? COMMENTARY_LIMIT, COMMENTARY_LIMIT), maxImages: 20 }),
  // Images API: JPG, PNG, GIF; fewer than 36,152,320 pixels.
  imageSpec: { formats: ["jpeg", "png"], maxBytes: 8 * 1024 * 1024, maxPixels: 36_152_319 },
  publisher: () => import("./client.js").then((m) => m.linkedinPublisher),
  login: () => import("./login.js").then((m) => m.linkedinLogin),
  details: (post) => ({ linkCard: post.article?.source, shownText: unescapeLittleText(post.text) }),
  render(input) {
    const warnings: Problem[] = [];
    const images = selectImages(input, input.limits, warnings);
    const composed = composeText(input.document, {
      title: input.includeTitle ? input.notice.title : undefined,
      link: input.notice.link,
      appendLink: images.length > 0,
      hashtags: input.hashtags,
      linkStyle: "inline-url",
    });
    const { post, rich } = singlePost(composed, littleTextMeasure(input.limits.maxCharacters), input, images, warnings);
    // What is sent is the escaped text.
    const text = escapeLittleText(rich);
    const source = images.length === 0 ? input.notice.link : undefined;
    return { kind: "posts", posts: [{ ...post, text, length: text.length, ...(source ? { article: { source, title: input.notice.title } } : {}) }], warnings };
  },
};
