import * as z from "zod";

// One-shot CLI runs parse a handful of objects: compiling fast parsers (eval) costs more than it saves.
z.config({ jitless: true });

/** A hashtag as written in the front matter: without '#', no spaces. CamelCase is kept as written. */
export const Hashtag = z
  .string()
  .regex(/^[^\s#]+$/u, "a hashtag is one word without '#' and without spaces, e.g. StadtInfo");

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
    text: z.string().min(1).optional(),
    hashtags: z.array(Hashtag).optional(),
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
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only")
      .optional(),
    lang: LanguageTag.optional(),
    link: z.url({ protocol: /^https?$/, error: "an http(s) URL" }).optional(),
    hashtags: z.array(Hashtag).default([]),
    images: z.array(NoticeImage).default([]),
    urgent: z.boolean().default(false),
    publish_at: z.iso.datetime({ offset: true, error: "an ISO 8601 time with offset, e.g. 2026-11-29T07:00:00+01:00" }).optional(),
    content_warning: z.string().trim().min(1).optional(),
    channels: z.array(z.string().min(1)).min(1).optional(),
    overrides: z.record(z.string(), NoticeOverride).default({}),
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
