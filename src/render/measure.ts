/**
 * Length measures every platform builds on: graphemes, UTF-8 bytes, URLs and hashtags as they are found in
 * plain text. A platform's own counting rule (Mastodon's, Threads') lives in its folder. All are pure and
 * work on the exact text that will be sent.
 */

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const utf8 = new TextEncoder();

/**
 * Text in which every UTF-16 unit is a grapheme of its own: nothing from U+0300 on (where combining marks,
 * surrogates, emoji and the scripts that join begin) and no CR LF pair (one grapheme). Latin text, German
 * included, is measured without the segmenter, which is many times slower.
 */
const JOINS_UNITS = /[^\0-\u02ff]|\r\n/;

/** User-perceived characters (extended grapheme clusters), as Mastodon, Bluesky and Threads count. */
export function graphemeLength(text: string): number {
  if (!JOINS_UNITS.test(text)) return text.length;
  let n = 0;
  for (const _ of graphemeSegmenter.segment(text)) n++;
  return n;
}

export function graphemes(text: string): string[] {
  if (!JOINS_UNITS.test(text)) return [...text];
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

/**
 * http(s) URLs in plain text, as [start, end) JS string offsets, ending where twitter-text ends them (Mastodon
 * counts what it finds): see {@link trimUrlEnd}.
 */
export function findUrls(text: string): { start: number; end: number; url: string }[] {
  const out: { start: number; end: number; url: string }[] = [];
  for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/gu)) {
    const url = trimUrlEnd(match[0]);
    if (/^https?:\/\/[^/?#]+\.[^/?#]/u.test(url) || /^https?:\/\/localhost/u.test(url)) {
      out.push({ start: match.index, end: match.index + url.length, url });
    }
  }
  return out;
}

const URL_END = /[\p{L}\p{N}=_#/+\-&)]$/u;

/**
 * A URL without what follows it: twitter-text's rule, which ends a URL on a letter, a digit, one of
 * `= _ # / + - &`, or a ")" that closes a "(" of the URL. So trailing punctuation and closing marks
 * (`„…“`, `«…»`, `[…]`, `*…*`, `~…~`, "(…)") are text after the URL, for Mastodon's count and for links alike.
 */
export function trimUrlEnd(url: string): string {
  const count = (c: string) => url.split(c).length - 1;
  while (url !== "" && (!URL_END.test(url) || (url.endsWith(")") && count(")") > count("(")))) url = url.replace(/.$/su, "");
  return url;
}

/** Hashtags in plain text: '#' at a word start followed by letters, digits or '_'. */
export function findHashtags(text: string): { start: number; end: number; tag: string }[] {
  const out: { start: number; end: number; tag: string }[] = [];
  for (const match of text.matchAll(/(^|[\s(])#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*)/gu)) {
    const start = match.index + match[1]!.length;
    out.push({ start, end: start + 1 + match[2]!.length, tag: match[2]! });
  }
  return out;
}

/** Unicode "fake bold/italic" letters (Mathematical Alphanumeric Symbols) that screen readers spell out. */
export function hasPseudoFormatting(text: string): boolean {
  return /[\u{1D400}-\u{1D7FF}]/u.test(text);
}
