/**
 * The shape of a rendered post and what a renderer is given: the render layer's vocabulary, which the
 * platform contract (src/platforms/platform.ts) builds on.
 */
import type { Notice } from "../announcement/notice.js";
import type { MarkdownDocument } from "./markdown.js";

/** Limits a post must respect; defaults come from the platform, live values from the server when connected. */
export interface Limits {
  maxCharacters: number;
  maxImages: number;
  /** Characters counted per URL (Mastodon). */
  urlLength?: number;
  /** Longest alt text the platform accepts, when it has a limit. */
  maxAltLength?: number;
  /** An image's largest file size and pixel count, where a server says (Mastodon instances differ). */
  maxImageBytes?: number;
  maxImagePixels?: number;
}

/** A link facet or tag facet of a Bluesky post, in UTF-8 byte offsets. */
export interface Facet {
  byteStart: number;
  byteEnd: number;
  kind: "link" | "tag";
  /** The URL of a link, or the tag without '#'. */
  value: string;
}

/**
 * One post as it will be sent: what every platform's post has. A platform's own post type adds what it
 * sends besides (language, facets, link card, …; src/platforms/<id>/index.ts).
 */
export interface PlannedPost {
  /** The exact text sent to the platform. */
  text: string;
  /** Measured length under the platform's counting rule, and the limit. */
  length: number;
  limit: number;
  /** What `length` counts, for people: "characters", "graphemes", … */
  unit: string;
  /** Indexes into the notice's images that go with this post. */
  images: number[];
}

/** What a platform's renderer is given. Everything here is already resolved: overrides applied, defaults filled. */
export interface RenderInput<Settings> {
  notice: Notice;
  /** The parsed Markdown of the text for this channel (the notice body, or the override text). */
  document: MarkdownDocument;
  /** Whether to put the notice title first (false when an override replaces the text). */
  includeTitle: boolean;
  hashtags: string[];
  contentWarning?: string;
  lang?: string;
  /** The channel: its name and its platform's settings. */
  channel: { name: string; platform: string; settings: Settings };
  limits: Limits;
  /** True when the notice names this channel (or its platform) in `channels:`. */
  explicit: boolean;
}

