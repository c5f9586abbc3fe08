import * as z from "zod";

// One-shot CLI runs parse a handful of objects: compiling fast parsers (eval) costs more than it saves.
z.config({ jitless: true });

/**
 * Bounds of a notice, so that a mistaken or hostile file cannot keep a run busy for minutes: the body and
 * each override text at most a little more than the largest single post of any platform (Facebook, 63,206
 * characters), at most 30 hashtags in a list (Instagram's old caption limit; today it takes 5), 20 images
 * (LinkedIn's most in one post) and 64 channels or overrides.
 */
export const MAX_BODY_CHARACTERS = 64_000;
export const MAX_HASHTAGS = 30;
export const MAX_IMAGES = 20;
export const MAX_CHANNELS = 64;

/** What an id must look like: it names files of the state folder (ledger, lock, approvals). */
export const NOTICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A hashtag as written in the front matter: without '#', no spaces. CamelCase is kept as written. */
export const Hashtag = z
  .string()
  .regex(/^[^\s#]+$/u, "a hashtag is one word without '#' and without spaces, e.g. StadtInfo")
  .max(140);

/** BCP-47 language tag (simplified check: language, optional script/region/variants). */
export const LanguageTag = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, "a language tag such as de, en or de-DE");

export const NoticeImage = z
  .object({
    path: z.string().min(1),
    alt: z.string().optional(),
  })
  .strict();

/** Per-channel changes, keyed by channel name or platform id. */
export const NoticeOverride = z
  .object({
    /** Replaces title and body for this channel (Markdown). */
    text: z.string().min(1).max(MAX_BODY_CHARACTERS).optional(),
    hashtags: z.array(Hashtag).max(MAX_HASHTAGS).optional(),
    content_warning: z.string().optional(),
    skip: z.boolean().optional(),
  })
  .strict();

/** The YAML front matter of a notice. */
export const NoticeFrontMatter = z
  .object({
    title: z.string().trim().min(1),
    id: z
      .string()
      .regex(NOTICE_ID, "letters, digits, '.', '_' and '-' only")
      .max(200)
      .optional(),
    lang: LanguageTag.optional(),
    link: z.url({ protocol: /^https?$/, error: "an http(s) URL" }).optional(),
    hashtags: z.array(Hashtag).max(MAX_HASHTAGS).default([]),
    images: z.array(NoticeImage).max(MAX_IMAGES).default([]),
    urgent: z.boolean().default(false),
    publish_at: z.iso.datetime({ offset: true, error: "an ISO 8601 time with offset, e.g. 2026-11-29T07:00:00+01:00" }).optional(),
    content_warning: z.string().trim().min(1).optional(),
    channels: z.array(z.string().min(1)).min(1).max(MAX_CHANNELS).optional(),
    overrides: z.record(z.string(), NoticeOverride).refine((o) => Object.keys(o).length <= MAX_CHANNELS, `at most ${MAX_CHANNELS} overrides`).default({}),
    /** A visible note that `announce correct` adds to the corrected posts ("Korrektur: …"). */
    correction_note: z.string().trim().min(1).optional(),
    /** Who wrote the notice (used by approvals: the approver must be someone else). */
    author: z.string().min(1).optional(),
    /** A draft is checked and previewed, but never published by `post` or `due`. */
    draft: z.boolean().default(false),
  })
  .strict();

export type NoticeFrontMatter = z.infer<typeof NoticeFrontMatter>;
export type NoticeOverride = z.infer<typeof NoticeOverride>;
