/**
 * Splitting text that is too long for one post: into a numbered thread, or cut to one post.
 *
 * Break points are preferred in this order: paragraph, line (list item), sentence, word; a post may end
 * at a lower-ranked break when the best higher-ranked one would leave the post less than half full.
 * A URL or hashtag is never split; a single word longer than a post is split between graphemes.
 *
 * So that a thread reads well, a post never ends with a heading or right after a colon (a heading and a
 * lead-in such as "Ihre Aufgaben:" stay with what follows), and the hashtags at the end of a thread never
 * make up its last post alone: they go with the last words of the text.
 */
import { joinRich, sliceRich, type ComposedText, type RichText } from "./compose.js";
import { findHashtags, findUrls, graphemes } from "./measure.js";

/** Does this exact post text fit the platform? */
export type Fits = (text: string) => boolean;

interface Candidate {
  /** Offset where a post may end (exclusive). */
  pos: number;
  /** 4 paragraph, 3 line, 2 sentence, 1 word. */
  level: number;
}

/** The "1/3" marker appended to each post of a thread, on its own line. */
export function threadMarker(index: number, total: number): string {
  return `\n\n${index}/${total}`;
}

/**
 * Splits a text into posts that each fit (with their "i/n" marker). Returns one post, unnumbered, when
 * the whole text fits.
 */
export function splitIntoThread(rich: RichText, fits: Fits, lang?: string): RichText[] {
  if (fits(rich.text)) return [rich];
  const candidates = breakCandidates(rich, lang);
  const protectedRanges = protectedRangesOf(rich);
  const tail = hashtagTail(rich.text);
  for (let digits = 1; digits < 6; digits++) {
    const widest = threadMarker(10 ** digits - 1, 10 ** digits - 1);
    const postFits = (t: string) => fits(t + widest);
    // Hashtags too many for one post cannot all go with the last words: then they may be split anyway.
    const keepTail = tail < rich.text.length && postFits(rich.text.slice(skipSpace(rich.text, tail)));
    const ranges = splitRanges(rich.text, candidates, protectedRanges, postFits, keepTail ? tail : rich.text.length, leadsOnAt(rich));
    if (String(ranges.length).length <= digits) {
      return ranges.map(([start, end], i) => {
        const part = sliceRich(rich, start, end);
        return { text: part.text + threadMarker(i + 1, ranges.length), spans: part.spans };
      });
    }
  }
  throw new Error("text too long to split into a thread");
}

/**
 * Cuts a text to one post: the main text up to a sentence (or word) that fits, then " …", then the
 * canonical link and the hashtags. Returns the whole text when it fits.
 */
export function truncateToFit(composed: ComposedText, fits: Fits, lang?: string, link?: RichText): { text: RichText; truncated: boolean } {
  const whole = joinRich([composed.main, composed.link, composed.tags]);
  if (fits(whole.text)) return { text: whole, truncated: false };
  const tail = joinRich([composed.link ?? link, composed.tags]);
  const withTail = (end: number) => joinRich([{ ...sliceRich(composed.main, 0, end), text: composed.main.text.slice(0, end) + " …" }, tail]);
  const candidates = breakCandidates(composed.main, lang);
  const fitting = candidates.slice(0, lastFitting(candidates.length, (i) => fits(withTail(candidates[i]!.pos).text)));
  const best = fitting.at(-1);
  if (!best) {
    const end = longestFittingPrefix(composed.main.text, 0, (t) => fits(joinRich([{ text: t + " …", spans: [] }, tail]).text), protectedRangesOf(composed.main));
    return { text: withTail(end), truncated: true };
  }
  const chosen = preferHigherLevel(fitting, 0, best.pos);
  return { text: withTail(chosen.pos), truncated: true };
}

/**
 * Where the hashtags that end a text begin (with the space before them): a post must not end at or after
 * it while text comes before it, or the last post would hold hashtags alone. The text's length when it does
 * not end with hashtags, or holds nothing else.
 */
export function hashtagTail(text: string): number {
  // Backwards over white space and whole hashtags, to the last character of other text.
  const tags = findHashtags(text);
  let end = text.length;
  let t = tags.length - 1;
  while (end > 0) {
    if (/\s/.test(text[end - 1]!)) {
      end--;
      continue;
    }
    while (t >= 0 && tags[t]!.start >= end) t--;
    if (t >= 0 && tags[t]!.end >= end) {
      end = tags[t]!.start;
      t--;
      continue;
    }
    break;
  }
  return end === 0 ? text.length : end;
}

function splitRanges(text: string, allCandidates: Candidate[], protectedRanges: [number, number][], fits: Fits, tail: number, leadsOn: (pos: number) => boolean): [number, number][] {
  const ranges: [number, number][] = [];
  let start = skipSpace(text, 0);
  // Breaks in the closing hashtags are left out while text comes before them (see hashtagTail).
  const beforeTail = allCandidates.filter((candidate) => candidate.pos < tail);
  let candidates = beforeTail;
  let c = 0;
  while (start < text.length) {
    if (start >= tail && candidates !== allCandidates) {
      candidates = allCandidates;
      c = 0;
    }
    const limit = start < tail ? tail : text.length;
    while (c < candidates.length && candidates[c]!.pos <= start) c++;
    // Only texts about as long as a post are measured (galloping from `start`), so a long notice costs
    // time in proportion to its length; the rest is measured only when every break point fits.
    const count = leadingFitting(candidates.length - c, (i) => fits(text.slice(start, candidates[c + i]!.pos)));
    if (count === candidates.length - c) {
      const rest = text.slice(start).trimEnd();
      if (fits(rest)) {
        ranges.push([start, start + rest.length]);
        break;
      }
    }
    const fitting = candidates.slice(c, c + count);
    const end = fitting.length > 0 ? preferHigherLevel(fitting, start, fitting.at(-1)!.pos).pos : longestFittingPrefix(text, start, fits, protectedRanges, limit, leadsOn);
    ranges.push([start, end]);
    start = skipSpace(text, end);
  }
  return ranges;
}

/** The highest-ranked break that still fills at least half of what the furthest fitting break would. */
function preferHigherLevel(fitting: Candidate[], start: number, furthest: number): Candidate {
  const enough = start + (furthest - start) / 2;
  for (let level = 4; level >= 1; level--) {
    for (let i = fitting.length - 1; i >= 0; i--) {
      const candidate = fitting[i]!;
      if (candidate.level === level && candidate.pos >= enough) return candidate;
    }
  }
  return fitting.at(-1)!;
}

/**
 * The furthest grapheme boundary after `start` at which the text fits, never inside a protected range.
 * A protected range that cannot fit on its own is taken whole (the caller reports the oversize post).
 */
function longestFittingPrefix(text: string, start: number, fits: Fits, protectedRanges: [number, number][], limit = text.length, leadsOn: (pos: number) => boolean = () => false): number {
  const inside = insideMask(text, protectedRanges);
  const ends: number[] = [];
  let pos = start;
  for (const g of graphemes(text.slice(start))) {
    pos += g.length;
    if (pos >= limit && ends.length > 0) break;
    if (!inside[pos] && (ends.length === 0 || !leadsOn(pos))) ends.push(pos);
  }
  const count = lastFitting(ends.length, (i) => fits(text.slice(start, ends[i])));
  if (count > 0) return ends[count - 1]!;
  const first = protectedRanges.find(([s, e]) => s <= start && e > start);
  return first ? first[1] : (ends[0] ?? start + 1);
}

/** For each offset of the text, whether it lies strictly inside one of the ranges (a URL, a hashtag, a span). */
function insideMask(text: string, ranges: [number, number][]): Uint8Array {
  const mask = new Uint8Array(text.length + 1);
  for (const [s, e] of ranges) mask.fill(1, Math.max(0, s + 1), Math.min(mask.length, Math.max(s + 1, e)));
  return mask;
}

/**
 * Like {@link lastFitting}, but probing from the first item with growing steps (1, 2, 4, …) before the
 * binary search: the items measured are at most about twice as far as the last one that fits, so the
 * cost follows what fits in a post, not how many items there are.
 */
function leadingFitting(n: number, fitsAt: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  for (let step = 1; lo < n; step *= 2) {
    const probe = Math.min(n, lo + step) - 1;
    if (!fitsAt(probe)) {
      hi = probe;
      break;
    }
    lo = probe + 1;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fitsAt(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many of the first `n` items fit, for a test that is monotonic (once an item does not fit, no later
 * one does): a binary search, so long texts cost O(log n) measurements per post.
 */
function lastFitting(n: number, fitsAt: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fitsAt(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function breakCandidates(rich: RichText, lang?: string): Candidate[] {
  const { text } = rich;
  const inside = insideAnyOf(protectedRangesOf(rich));
  const leadsOn = leadsOnAt(rich);
  const levels = new Map<number, number>();
  const add = (pos: number, level: number) => {
    if (pos <= 0 || pos >= text.length || inside(pos) || leadsOn(pos)) return;
    levels.set(pos, Math.max(levels.get(pos) ?? 0, level));
  };
  for (const match of text.matchAll(/\s+/g)) {
    const level = match[0].includes("\n\n") ? 4 : match[0].includes("\n") ? 3 : 1;
    add(match.index, level);
  }
  const sentences = new Intl.Segmenter(lang, { granularity: "sentence" });
  let offset = 0;
  for (const { segment } of sentences.segment(text)) {
    offset += segment.length;
    add(offset - (segment.length - segment.trimEnd().length), 2);
  }
  return [...levels].map(([pos, level]) => ({ pos, level })).sort((a, b) => a.pos - b.pos);
}

/** Whether a post ending at a position would end with a heading or a lead-in ending in ':' (they belong to what follows). */
function leadsOnAt(rich: RichText): (pos: number) => boolean {
  const headingEnds = new Set(rich.headingEnds);
  return (pos) => {
    let i = pos - 1;
    while (i >= 0 && /\s/.test(rich.text[i]!)) i--;
    return headingEnds.has(i + 1) || rich.text[i] === ":";
  };
}

/**
 * Whether a position lies strictly inside one of the ranges: the ranges merged and sorted once, then a
 * binary search per position (a long notice has thousands of links and hashtags and break candidates).
 */
export function insideAnyOf(ranges: readonly (readonly [number, number])[]): (pos: number) => boolean {
  const merged: [number, number][] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    // Open ranges: (1, 5) and (5, 9) leave 5 outside both, so they stay apart.
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return (pos) => {
    let low = 0;
    let high = merged.length - 1;
    let found = -1; // the last range starting before pos
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (merged[mid]![0] < pos) [found, low] = [mid, mid + 1];
      else high = mid - 1;
    }
    return found >= 0 && pos < merged[found]![1];
  };
}

function protectedRangesOf(rich: RichText): [number, number][] {
  const ranges: [number, number][] = rich.spans.map((s) => [s.start, s.end]);
  for (const url of findUrls(rich.text)) ranges.push([url.start, url.end]);
  for (const tag of findHashtags(rich.text)) ranges.push([tag.start, tag.end]);
  return ranges;
}

function skipSpace(text: string, pos: number): number {
  while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  return pos;
}
