/**
 * The city's own website: the canonical copy of every notice, which no platform controls. Each notice gets
 * an accessible page at `<base_url><id>/` in the folder `dir` (deployed with the site), the site an index
 * page and Atom and JSON feeds (./site.ts). It is published before the other channels, which link to the
 * page when the notice has no `link` of its own ({@link Platform.canonicalUrl}), and the page lists their
 * copies once they are out ({@link Connection.listCopies}).
 */
import * as z from "zod";
import { LanguageTag } from "../../announcement/schema.js";
import { problem } from "../../messages.js";
import type { Problem } from "../../problems.js";
import { graphemeLength } from "../../render/measure.js";
import { selectImages } from "../../render/posts.js";
import type { Platform, PlannedPost } from "../platform.js";
import { baseUrl, commonSettings } from "../shared/settings.js";
import { markdownToHtml, plainTextOf } from "./html.js";

/** Whether the runtime knows a time zone (an IANA name such as Europe/Berlin). */
function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const websiteSettings = z
  .object({
    ...commonSettings,
    /** The folder the site is written to, deployed with the city's website. Relative to the config file. */
    dir: z.string().min(1),
    /** The public URL at which `dir` is served. */
    base_url: baseUrl,
    /** The site's title (index page, feeds). Default: "Aktuelle Meldungen" (German) or "Notices". */
    title: z.string().trim().min(1).optional(),
    /** The language of the index page and the feeds. Default: `defaults.lang`, else de. */
    lang: LanguageTag.optional(),
    /** How many of the newest notices the index page and the feeds list. */
    feed_entries: z.number().int().positive().default(50),
    /** The time zone of the dates shown on the pages. */
    time_zone: z.string().refine(knownTimeZone, "an IANA time zone such as Europe/Berlin").default("Europe/Berlin"),
  })
  .strict();
export type WebsiteSettings = z.infer<typeof websiteSettings>;

/** A notice's page as it is written: what the page shows besides its images. */
export type WebsitePost = PlannedPost & {
  noticeId: string;
  /** The page's address. */
  url: string;
  title: string;
  lang: string;
  urgent: boolean;
  /** The notice text (or the channel's override text) as an escaped HTML fragment. */
  bodyHtml: string;
  summary: string;
  hashtags: string[];
  author?: string;
};

/** The site's base URL with a trailing slash. */
export function siteBase(settings: Pick<WebsiteSettings, "base_url">): string {
  return settings.base_url.endsWith("/") ? settings.base_url : `${settings.base_url}/`;
}

/** The address of a notice's page. */
export function pageUrl(settings: Pick<WebsiteSettings, "base_url">, noticeId: string): string {
  return new URL(`${encodeURIComponent(noticeId)}/`, siteBase(settings)).href;
}

/** Names the site uses itself: a notice with one of these ids would overwrite or hide them. */
const RESERVED = new Set([".", "..", "media", "index.html", "feed.atom", "feed.json"]);

/** A page has no length limit worth planning with; this only keeps the plan's numbers finite. */
const NO_LIMIT = 1_000_000;

export const website: Platform<WebsiteSettings, WebsitePost, "website"> = {
  id: "website",
  name: "Website",
  settings: websiteSettings,
  secretKeys: [],
  defaultLimits: () => ({ maxCharacters: NO_LIMIT, maxImages: 20 }),
  // Pages show images at up to 1600 px; any format a browser shows.
  imageSpec: { formats: ["jpeg", "png", "webp", "gif"], maxBytes: 5 * 1024 * 1024, maxWidth: 1600 },
  publisher: () => import("./client.js").then((m) => m.websitePublisher),
  details: (post) => ({ fields: { url: post.url, urgent: post.urgent } }),
  canonicalUrl: (settings, noticeId) => pageUrl(settings, noticeId),
  mediaHost: (settings) => ({ dir: `${settings.dir.replace(/\/+$/, "")}/media`, base_url: `${siteBase(settings)}media/` }),
  render(input) {
    const { notice, channel } = input;
    if (RESERVED.has(notice.id.toLowerCase())) {
      return { kind: "invalid", problems: [problem("WEBSITE_RESERVED_ID", { id: notice.id, channel: channel.name }, { location: { file: notice.file }, channel: channel.name })] };
    }
    const warnings: Problem[] = [];
    const override = { ...notice.overrides.website, ...notice.overrides[channel.name] };
    const markdown = override.text ?? notice.body;
    const summary = plainTextOf(markdown);
    const text = `${notice.title}\n\n${summary}`;
    const length = graphemeLength(text);
    const post: WebsitePost = {
      text,
      length,
      limit: NO_LIMIT,
      unit: "characters",
      images: selectImages(input, input.limits, warnings),
      noticeId: notice.id,
      url: pageUrl(channel.settings, notice.id),
      title: notice.title,
      lang: input.lang ?? channel.settings.lang ?? "de",
      urgent: notice.urgent,
      bodyHtml: markdownToHtml(markdown),
      summary,
      hashtags: input.hashtags,
      ...(notice.author ? { author: notice.author } : {}),
    };
    return { kind: "posts", posts: [post], warnings };
  },
};
