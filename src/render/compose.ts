/**
 * Document model → plain text with marked spans (links and hashtags), the common ground of every platform.
 */
import type { Block, Inline, MarkdownDocument } from "./markdown.js";
import { findHashtags, findUrls, trimUrlEnd } from "./measure.js";

/** A marked range of a text, in JS string offsets. */
export interface Span {
  start: number;
  end: number;
  kind: "link" | "tag";
  /** The URL of a link, or the tag (without '#'). */
  value: string;
}

export interface RichText {
  text: string;
  spans: Span[];
  /** Offsets where a post must not end because a heading ends there (it belongs to what follows). */
  headingEnds?: number[];
}

/**
 * How links are written:
 * - `inline-url`: "text https://…" (the URL alone when the text is the URL); clickable where URLs are.
 * - `facet`: only the text, with a link span over it (Bluesky facets); bare URLs shortened for display.
 * - `text-only`: only the text, no span (Instagram, where links are not clickable); bare URLs without scheme.
 */
export type LinkStyle = "inline-url" | "facet" | "text-only";

export interface ComposeOptions {
  title?: string;
  /** The canonical link; appended as its own paragraph unless the text already links to that page. */
  link?: string;
  /** Whether to append the canonical link (platforms with a link card may leave it to the card). */
  appendLink: boolean;
  hashtags: string[];
  linkStyle: LinkStyle;
}

/** A notice's text in three parts, so a platform can cut the main part and keep link and hashtags. */
export interface ComposedText {
  main: RichText;
  /** The canonical link paragraph, when appended. */
  link?: RichText;
  /** The hashtags paragraph, when there are hashtags the text does not already carry. */
  tags?: RichText;
}

/** Composes title, body, canonical link and hashtags into plain text with spans. */
export function composeText(doc: MarkdownDocument, options: ComposeOptions): ComposedText {
  const blocks: Block[] = options.title ? [{ kind: "paragraph", lines: [[{ type: "text", value: options.title }]] }, ...doc.blocks] : doc.blocks;
  const main = withDetectedSpans(renderBlocks(blocks, options.linkStyle), options.linkStyle);

  let link: RichText | undefined;
  if (options.link && options.appendLink && !linksToPage(doc, options.link)) {
    link = withDetectedSpans(renderBlocks([{ kind: "paragraph", lines: [[{ type: "link", text: options.link, url: options.link }]] }], options.linkStyle), options.linkStyle);
  }

  const present = new Set(findHashtags(main.text).map((h) => h.tag.toLocaleLowerCase()));
  const missing = unique(options.hashtags).filter((tag) => !present.has(tag.toLocaleLowerCase()));
  const tags = missing.length > 0 ? withDetectedSpans({ text: missing.map((t) => `#${t}`).join(" "), spans: [] }, options.linkStyle) : undefined;
  return { main, link, tags };
}

/** Joins rich texts with a blank line between them, shifting spans. */
export function joinRich(parts: (RichText | undefined)[], separator = "\n\n"): RichText {
  let text = "";
  const spans: Span[] = [];
  const headingEnds: number[] = [];
  for (const part of parts) {
    if (!part || part.text === "") continue;
    if (text !== "") text += separator;
    for (const span of part.spans) spans.push({ ...span, start: span.start + text.length, end: span.end + text.length });
    for (const end of part.headingEnds ?? []) headingEnds.push(end + text.length);
    text += part.text;
  }
  return headingEnds.length > 0 ? { text, spans, headingEnds } : { text, spans };
}

/** A slice of a rich text, keeping the spans inside it (spans are never cut: callers split outside them). */
export function sliceRich(rich: RichText, start: number, end: number): RichText {
  const headingEnds = (rich.headingEnds ?? []).filter((e) => e > start && e < end).map((e) => e - start);
  return {
    text: rich.text.slice(start, end),
    spans: rich.spans.filter((s) => s.start >= start && s.end <= end).map((s) => ({ ...s, start: s.start - start, end: s.end - start })),
    ...(headingEnds.length > 0 ? { headingEnds } : {}),
  };
}

function renderBlocks(blocks: Block[], style: LinkStyle): RichText {
  let text = "";
  const spans: Span[] = [];
  const headingEnds: number[] = [];
  blocks.forEach((block, b) => {
    if (b > 0) text += "\n\n";
    block.lines.forEach((line, l) => {
      if (l > 0) text += "\n";
      for (const inline of line.flatMap(splitBareUrl)) text = appendInline(text, spans, inline, style);
    });
    if (block.kind === "heading") headingEnds.push(text.trimEnd().length);
  });
  return { text: text.replace(/[ \t]+$/gm, ""), spans, ...(headingEnds.length > 0 ? { headingEnds } : {}) };
}

/**
 * GFM autolinks a bare URL up to the next space, so `„https://a.de/x“` links `https://a.de/x“`. The URL ends
 * where Mastodon's twitter-text ends it ({@link trimUrlEnd}); the rest is text, outside any link facet.
 */
function splitBareUrl(inline: Inline): Inline[] {
  if (inline.type !== "link" || !/^https?:\/\//.test(inline.url)) return [inline];
  const url = trimUrlEnd(inline.url);
  const rest = inline.url.slice(url.length);
  if (rest === "" || !inline.text.endsWith(rest) || !sameUrl(inline.text, inline.url)) return [inline];
  return [{ type: "link", text: inline.text.slice(0, -rest.length), url }, { type: "text", value: rest }];
}

function appendInline(text: string, spans: Span[], inline: Inline, style: LinkStyle): string {
  if (inline.type === "text") return text + inline.value;
  const { url } = inline;
  const label = inline.text.trim();
  const bare = label === "" || sameUrl(label, url);
  // An e-mail address stays as written: every platform shows it, none needs "mailto:".
  if (url.startsWith("mailto:")) return text + (label || url.slice("mailto:".length));
  if (style === "inline-url") {
    if (bare) return text + url;
    return `${text}${label} ${url}`;
  }
  const shown = bare ? displayUrl(url, style === "facet" ? 40 : Infinity) : label;
  if (style === "facet") spans.push({ start: text.length, end: text.length + shown.length, kind: "link", value: url });
  return text + shown;
}

/** Adds spans for URLs and hashtags that appear in the plain text and are not covered yet. */
export function withDetectedSpans(rich: RichText, style: LinkStyle): RichText {
  const spans = [...rich.spans];
  const covered = (start: number, end: number) => spans.some((s) => start < s.end && end > s.start);
  if (style !== "text-only") {
    for (const url of findUrls(rich.text)) if (!covered(url.start, url.end)) spans.push({ start: url.start, end: url.end, kind: "link", value: url.url });
  }
  for (const tag of findHashtags(rich.text)) if (!covered(tag.start, tag.end)) spans.push({ start: tag.start, end: tag.end, kind: "tag", value: tag.tag });
  spans.sort((a, b) => a.start - b.start);
  return { ...rich, spans };
}

function sameUrl(label: string, url: string): boolean {
  const strip = (s: string) => s.replace(/^(https?:\/\/|mailto:)/, "").replace(/^www\./, "").replace(/\/$/, "");
  return strip(label) === strip(url);
}

/** A URL as people read it: no scheme, shortened with "…" past `max` characters. */
export function displayUrl(url: string, max: number): string {
  const short = url.replace(/^https?:\/\//, "");
  return short.length > max ? `${short.slice(0, max - 1)}…` : short;
}

function linksToPage(doc: MarkdownDocument, link: string): boolean {
  const page = (u: string) => u.replace(/#.*$/, "").replace(/\/$/, "");
  return doc.blocks.some((block) =>
    block.lines.some((line) =>
      line.flatMap(splitBareUrl).some((inline) => (inline.type === "link" ? page(inline.url) === page(link) : findUrls(inline.value).some((u) => page(u.url) === page(link)))),
    ),
  );
}

function unique(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const key = t.toLocaleLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
